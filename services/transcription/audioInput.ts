import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resampleTo16k } from '../../core/audio/resample';
import { encodeWav, parseWav } from '../../core/audio/wav';
import type { AudioInput } from '../../core/transcription/types';
import { TRANSCRIPTION_SAMPLE_RATE, badAudioError } from '../../core/transcription/types';

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
    const wav = parseWav(bytes, { allowTruncated: true });
    return wav.sampleRate === TRANSCRIPTION_SAMPLE_RATE
      ? wav.samples
      : resampleTo16k(wav.samples, wav.sampleRate, TRANSCRIPTION_SAMPLE_RATE);
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

/** Writes 16 kHz mono samples as a 16-bit PCM WAV in a fresh temporary folder. */
export async function writeTempWav(samples: Float32Array): Promise<TempWav> {
  const dir = await mkdtemp(join(tmpdir(), 'mock-interviewer-asr-'));
  const path = join(dir, 'audio.wav');
  await writeFile(path, encodeWav(samples, TRANSCRIPTION_SAMPLE_RATE));
  return { path, remove: () => rm(dir, { recursive: true, force: true }) };
}
