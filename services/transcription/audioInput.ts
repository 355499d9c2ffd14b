import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWav16k } from '../../core/audio/decode16k';
import { encodeWav } from '../../core/audio/wav';
import type { AudioInput } from '../../core/transcription/types';
import { TRANSCRIPTION_SAMPLE_RATE, badAudioError } from '../../core/transcription/types';
import { asrTempDir, userDataDir } from '../dataDir';

/**
 * 16 kHz mono samples for any {@link AudioInput}: samples are passed through; a WAV file is read,
 * mixed down and resampled. Unreadable files reject with a `bad-audio` TranscriptionError.
 */
export async function loadSamples16k(input: AudioInput): Promise<Float32Array> {
  if ('samples' in input) {
    if (!(input.samples instanceof Float32Array)) {
      throw badAudioError('Audio samples must be a Float32Array of 16 kHz mono PCM.');
    }
    return input.samples;
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input.wavPath);
  } catch (error) {
    throw badAudioError(`Cannot read ${input.wavPath}: ${(error as Error).message}.`);
  }
  try {
    return decodeWav16k(bytes, { allowTruncated: true });
  } catch (error) {
    throw badAudioError(
      `${input.wavPath} is not a readable WAV file: ${(error as Error).message}.`,
    );
  }
}

/** Length of `sampleCount` samples at 16 kHz in integer ms. */
export function samplesToMs(sampleCount: number): number {
  return Math.round((sampleCount * 1000) / TRANSCRIPTION_SAMPLE_RATE);
}

/** A WAV file written for an engine that reads files; `remove` deletes it and its folder. */
export interface TempWav {
  path: string;
  remove(): Promise<void>;
}

/**
 * Writes 16 kHz mono samples as a 16-bit PCM WAV (0600) in a fresh folder (0700) under `parent`:
 * by default this process's folder inside the data folder ({@link asrTempDir}), never the
 * shared /tmp, so a take's audio stays the user's even when the process is killed before
 * `remove`; the next start deletes what such a process left.
 */
export async function writeTempWav(
  samples: Float32Array,
  parent: string = asrTempDir(userDataDir()),
): Promise<TempWav> {
  await mkdir(parent, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(parent, 'audio-'));
  const path = join(dir, 'audio.wav');
  await writeFile(path, encodeWav(samples, TRANSCRIPTION_SAMPLE_RATE), { mode: 0o600 });
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
