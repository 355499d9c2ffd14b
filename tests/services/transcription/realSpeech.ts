import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseWav } from '../../../core/audio/wav';
import { defaultModelsDir } from '../../../services/models/manager';

/**
 * Real recordings and the real tiny.en model for accuracy tests: the shared speech folder beside
 * the project (`../shared/speech`), Debian's LibriVox clips (pocketsphinx-testdata), and the
 * model `npm run setup -- --test-tools` converts into the models folder. A missing piece skips
 * the suite with a reason on a developer's machine and fails it under `CI=true`.
 */

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** `../shared/speech` beside the project. */
export const SHARED_SPEECH_DIR = join(root, '..', 'shared', 'speech');

/** Debian's LibriVox clips with their transcripts. */
export const LIBRIVOX_DIR = '/usr/share/pocketsphinx/test/data/librivox';

/** Returns `path` when it exists, else `null` with a printed skip reason; throws under CI. */
export function requireFile(path: string, how: string): string | null {
  if (existsSync(path)) return path;
  const reason = `${path} is missing (${how})`;
  if (process.env.CI === 'true') throw new Error(`CI needs ${reason}`);
  console.warn(`skipping: ${reason}`);
  return null;
}

/** The real tiny.en ggml model in the models folder, or null (a skip locally, a failure in CI). */
export function realTinyEnModel(): string | null {
  return requireFile(
    join(defaultModelsDir(), 'ggml-tiny.en.bin'),
    'run `npm run setup -- --test-tools` to fetch and convert it',
  );
}

/** 16 kHz mono samples of a WAV file. */
export function readSamples(path: string): Float32Array {
  const wav = parseWav(readFileSync(path));
  if (wav.sampleRate !== 16000) throw new Error(`${path} is ${wav.sampleRate} Hz, not 16000`);
  return wav.samples;
}

/** A word of a reference transcript with its time. */
export interface ReferenceWord {
  text: string;
  startMs: number;
  endMs: number;
}

function vttMs(stamp: string): number {
  const parts = stamp.split(':').map(Number);
  let seconds = 0;
  for (const part of parts) seconds = seconds * 60 + part;
  return Math.round(seconds * 1000);
}

/** The cues of a one-word-per-cue VTT file; `[UH]` and `[UM]` become `uh` and `um`. */
export function readReferenceVtt(path: string): ReferenceWord[] {
  const words: ReferenceWord[] = [];
  const lines = readFileSync(path, 'utf8').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const cue = /^(\S+)\s+-->\s+(\S+)/.exec(lines[i] ?? '');
    if (!cue) continue;
    const text = (lines[i + 1] ?? '')
      .trim()
      .replace(/^\[(\w+)\]$/, (_, f: string) => f.toLowerCase());
    words.push({ text, startMs: vttMs(cue[1] ?? '0'), endMs: vttMs(cue[2] ?? '0') });
  }
  return words;
}

/** The five LibriVox clips in file order, with their reference text. */
export function librivoxClips(): { samples: Float32Array; text: string }[] {
  const transcripts = readFileSync(join(LIBRIVOX_DIR, 'transcription'), 'utf8');
  return readFileSync(join(LIBRIVOX_DIR, 'fileids'), 'utf8')
    .split('\n')
    .filter((id) => id.trim())
    .map((id) => {
      const line = transcripts.split('\n').find((l) => l.includes(`(${id.trim()})`)) ?? '';
      const text = line
        .replace(/<\/?s>/g, '')
        .replace(/\(.*\)/, '')
        .trim();
      return { samples: readSamples(join(LIBRIVOX_DIR, `${id.trim()}.wav`)), text };
    });
}

/** The gaps inserted between the LibriVox clips, in order, ms. */
export const LIBRIVOX_GAPS_MS = [1000, 3000, 6000, 10000];

/** A take built from the LibriVox clips. */
export interface JoinedTake {
  samples: Float32Array;
  reference: string;
  /** The inserted silences, as spans of the take. */
  gaps: { startMs: number; endMs: number }[];
}

/**
 * The five LibriVox clips joined with {@link LIBRIVOX_GAPS_MS} of silence, with seeded
 * Gaussian noise at `noiseDbfs` RMS (default -60 dBFS) over the whole take, so the silences
 * are a faint room rather than digital zero.
 */
export function joinedLibrivoxTake(noiseDbfs = -60): JoinedTake {
  const clips = librivoxClips();
  const gapSamples = LIBRIVOX_GAPS_MS.map((ms) => (ms * 16000) / 1000);
  const total =
    clips.reduce((n, c) => n + c.samples.length, 0) + gapSamples.reduce((a, b) => a + b, 0);
  const samples = new Float32Array(total);
  const gaps: JoinedTake['gaps'] = [];
  let at = 0;
  clips.forEach((clip, i) => {
    samples.set(clip.samples, at);
    at += clip.samples.length;
    const gap = gapSamples[i];
    if (gap !== undefined) {
      gaps.push({ startMs: Math.round(at / 16), endMs: Math.round((at + gap) / 16) });
      at += gap;
    }
  });
  let seed = 12345;
  const uniform = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed + 0.5) / 4294967296;
  };
  const sigma = 10 ** (noiseDbfs / 20);
  for (let i = 0; i < samples.length; i++) {
    const gaussian = Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
    samples[i] = (samples[i] ?? 0) + sigma * gaussian;
  }
  return { samples, reference: clips.map((c) => c.text).join(' '), gaps };
}
