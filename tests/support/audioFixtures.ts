import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseWav } from '../../core/audio/wav';
import { findTool } from './systemTools';

/**
 * Real speech fixtures with known pauses: sentences spoken by festival (voice kal_diphone, or
 * espeak-ng when festival is missing), each trimmed to its audible edges with sox's `silence`
 * effect, joined with sox around gaps of known length, and mixed with faint pink noise, all at
 * 16 kHz mono 16-bit. Because every clip is cut at its first and last audible sample before
 * joining, the gap positions computed from the clip lengths are the true speech edges.
 *
 * Files are cached under the OS temp folder in a directory named by a hash of everything that
 * shapes them, built in a private folder and renamed into place when complete. sox runs with
 * `-R` (fixed seeds for noise and dither), so the same recipe gives the same audio.
 */

/** One spoken sentence's place in the fixture, in integer ms. */
export interface FixtureClip {
  text: string;
  startMs: number;
  endMs: number;
  /**
   * Longest stretch inside the clean clip whose 10 ms windows all stay below -50 dBFS RMS: the
   * voice's own inner pauses (stop closures), measured so "continuous speech" is a checked claim.
   */
  innerQuietMs: number;
}

/** A silence inserted between two clips, in integer ms; `gapMs` is the length asked for. */
export interface FixtureGap {
  startMs: number;
  endMs: number;
  gapMs: number;
}

/** A generated speech recording and its ground truth. */
export interface SpeechFixture {
  /** 16 kHz mono 16-bit PCM: speech, gaps and noise. */
  wavPath: string;
  /** The same audio at 44.1 kHz stereo, 32-bit float (for the resampler). */
  stereo44kPath: string;
  /** Speech and gaps without the noise. */
  cleanWavPath: string;
  sampleRate: 16000;
  /** Total length in ms. */
  durationMs: number;
  /** Total length in samples at 16 kHz. */
  sampleCount: number;
  clips: FixtureClip[];
  /** Interior gaps between consecutive clips, in order. */
  gaps: FixtureGap[];
  /** The speech engine used. */
  engine: 'festival' | 'espeak-ng';
  /** RMS level of the added noise, dBFS. */
  noiseDb: number;
}

/** What to generate; every field has a default. */
export interface SpeechFixtureOptions {
  /** Sentences, spoken in order. */
  texts?: string[];
  /** Gaps between consecutive sentences, in ms (one fewer than `texts`). */
  gapsMs?: number[];
  /** Silence before the first and after the last sentence, in ms. */
  edgeMs?: number;
  /** RMS level of the pink noise under everything, dBFS. */
  noiseDb?: number;
}

/** Sentences without inner punctuation, so the voice inserts no pauses of its own. */
export const DEFAULT_FIXTURE_TEXTS = [
  'the checkout service started failing at nine fifteen',
  'I paged the engineer on call',
  'I rolled back the deploy at once',
  'error rates dropped within two minutes',
  'we lost about twelve thousand requests',
  'afterwards I chaired the blameless review',
];

/** The inserted gaps: ordinary, ordinary, long, stall, ordinary. */
export const DEFAULT_FIXTURE_GAPS_MS = [400, 800, 1500, 3000, 600];

/** Level at which a clip's leading and trailing quiet is cut, dBFS (sox `silence` threshold). */
const TRIM_THRESHOLD_DB = -50;
const RATE = 16000;
/** Bump when the recipe changes so cached files are rebuilt. */
const FIXTURE_VERSION = 'v3';

function run(tool: string, args: string[]): string {
  return execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function sampleCount(sox: string, path: string): number {
  const out = run(sox, ['--i', '-s', path]).trim();
  const n = Number(out);
  if (!Number.isInteger(n)) throw new Error(`sox --i -s ${path} printed ${JSON.stringify(out)}`);
  return n;
}

function msAt(samples: number): number {
  return Math.round((samples * 1000) / RATE);
}

/**
 * Builds (or reuses) a speech fixture. Returns `null` when sox or both speech engines are missing;
 * callers gate on `requireTool` first so that CI fails instead.
 */
export function speechFixture(options: SpeechFixtureOptions = {}): SpeechFixture | null {
  const sox = findTool('sox');
  const text2wave = findTool('text2wave');
  const espeak = findTool('espeak-ng');
  if (!sox || (!text2wave && !espeak)) return null;
  const engine = text2wave ? 'festival' : 'espeak-ng';
  const texts = options.texts ?? DEFAULT_FIXTURE_TEXTS;
  const gapsMs = options.gapsMs ?? DEFAULT_FIXTURE_GAPS_MS;
  const edgeMs = options.edgeMs ?? 500;
  const noiseDb = options.noiseDb ?? -55;
  if (gapsMs.length !== texts.length - 1) {
    throw new Error(`${texts.length} texts need ${texts.length - 1} gaps, got ${gapsMs.length}`);
  }

  const key = createHash('sha256')
    .update(JSON.stringify({ FIXTURE_VERSION, engine, texts, gapsMs, edgeMs, noiseDb }))
    .digest('hex')
    .slice(0, 16);
  const dir = join(tmpdir(), 'mock-interviewer-audio-fixtures', key);
  const manifestPath = join(dir, 'fixture.json');
  if (existsSync(manifestPath)) {
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as SpeechFixture;
  }

  const work = `${dir}.${process.pid}.${randomBytes(4).toString('hex')}.partial`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  const innerQuiet: number[] = [];
  const clipPaths: string[] = [];
  const clipSamples: number[] = [];
  texts.forEach((text, i) => {
    const textPath = join(work, `clip${i}.txt`);
    const rawPath = join(work, `clip${i}.raw.wav`);
    const clipPath = join(work, `clip${i}.wav`);
    writeFileSync(textPath, `${text}\n`);
    if (engine === 'festival' && text2wave) {
      run(text2wave, [textPath, '-o', rawPath, '-eval', '(voice_kal_diphone)']);
    } else if (espeak) {
      run(espeak, ['-w', rawPath, '-f', textPath]);
    }
    const threshold = `${TRIM_THRESHOLD_DB}d`;
    // Cut to the first and last 5 ms above the threshold: the clip then starts and ends on speech.
    // Syntax: sox in out [rate/format] silence 1 DURATION THRESHOLD reverse silence ... reverse.
    run(sox, [
      '-R',
      rawPath,
      '-r',
      String(RATE),
      '-c',
      '1',
      '-b',
      '16',
      clipPath,
      'silence',
      '1',
      '0.005',
      threshold,
      'reverse',
      'silence',
      '1',
      '0.005',
      threshold,
      'reverse',
    ]);
    clipPaths.push(clipPath);
    clipSamples.push(sampleCount(sox, clipPath));
    innerQuiet.push(longestQuietMs(clipPath));
  });

  const silence = (name: string, ms: number) => {
    const path = join(work, `${name}.wav`);
    const samples = Math.round((ms * RATE) / 1000);
    // Format options before -n describe the null input, so the sample count is at 16 kHz.
    run(sox, [
      '-R',
      '-r',
      String(RATE),
      '-c',
      '1',
      '-n',
      '-b',
      '16',
      path,
      'trim',
      '0',
      `${samples}s`,
    ]);
    return { path, samples };
  };
  const edge = silence('edge', edgeMs);
  const parts: string[] = [edge.path];
  const clips: FixtureClip[] = [];
  const gaps: FixtureGap[] = [];
  let cursor = edge.samples;
  texts.forEach((text, i) => {
    const samples = clipSamples[i] ?? 0;
    clips.push({
      text,
      startMs: msAt(cursor),
      endMs: msAt(cursor + samples),
      innerQuietMs: innerQuiet[i] ?? 0,
    });
    parts.push(clipPaths[i] ?? '');
    cursor += samples;
    const gapMs = gapsMs[i];
    if (gapMs !== undefined) {
      const gap = silence(`gap${i}`, gapMs);
      gaps.push({ startMs: msAt(cursor), endMs: msAt(cursor + gap.samples), gapMs });
      parts.push(gap.path);
      cursor += gap.samples;
    }
  });
  parts.push(edge.path);
  cursor += edge.samples;

  const cleanPath = join(work, 'clean.wav');
  run(sox, ['-R', ...parts, cleanPath]);
  const total = sampleCount(sox, cleanPath);
  if (total !== cursor) throw new Error(`joined fixture has ${total} samples, expected ${cursor}`);

  // Pink noise from sox is normalised near full scale; measure it, then scale to the target RMS.
  const noiseRaw = join(work, 'noise.raw.wav');
  run(sox, [
    '-R',
    '-r',
    String(RATE),
    '-c',
    '1',
    '-n',
    '-b',
    '16',
    noiseRaw,
    'synth',
    `${total}s`,
    'pinknoise',
    'vol',
    '0.1',
  ]);
  const rms = noiseRms(sox, noiseRaw);
  const gainDb = noiseDb - 20 * Math.log10(rms);
  const noisePath = join(work, 'noise.wav');
  run(sox, ['-R', noiseRaw, noisePath, 'gain', gainDb.toFixed(2)]);

  const wavPath = join(work, 'speech16k.wav');
  run(sox, ['-R', '-m', '-v', '1', cleanPath, '-v', '1', noisePath, '-b', '16', wavPath]);
  const stereoPath = join(work, 'speech44k-stereo.wav');
  run(sox, [
    '-R',
    wavPath,
    '-r',
    '44100',
    '-c',
    '2',
    '-e',
    'floating-point',
    '-b',
    '32',
    stereoPath,
  ]);

  const fixture: SpeechFixture = {
    wavPath: join(dir, 'speech16k.wav'),
    stereo44kPath: join(dir, 'speech44k-stereo.wav'),
    cleanWavPath: join(dir, 'clean.wav'),
    sampleRate: RATE,
    durationMs: msAt(total),
    sampleCount: total,
    clips,
    gaps,
    engine,
    noiseDb,
  };
  writeFileSync(join(work, 'fixture.json'), JSON.stringify(fixture, null, 2));
  try {
    renameSync(work, dir);
  } catch (error) {
    // Another process finished the same fixture first; theirs is identical.
    rmSync(work, { recursive: true, force: true });
    if (!existsSync(manifestPath)) throw error;
  }
  return fixture;
}

/** Longest run of 10 ms windows below -50 dBFS RMS in a clip, in ms. */
function longestQuietMs(path: string): number {
  const { samples, sampleRate } = parseWav(new Uint8Array(readFileSync(path)));
  const window = Math.round(sampleRate / 100);
  let run = 0;
  let longest = 0;
  for (let at = 0; at + window <= samples.length; at += window) {
    let sum = 0;
    for (let i = at; i < at + window; i++) sum += (samples[i] ?? 0) ** 2;
    const quiet = 10 * Math.log10(sum / window + 1e-12) < -50;
    run = quiet ? run + 10 : 0;
    longest = Math.max(longest, run);
  }
  return longest;
}

/** RMS amplitude of a WAV as sox's `stat` effect reports it (on stderr). */
function noiseRms(sox: string, path: string): number {
  const result = spawnSync(sox, ['-R', path, '-n', 'stat'], { encoding: 'utf8' });
  const match = /RMS\s+amplitude:\s+([0-9.eE+-]+)/.exec(result.stderr);
  if (result.status !== 0 || !match?.[1]) {
    throw new Error(`sox stat gave no RMS amplitude for ${path}:\n${result.stderr}`);
  }
  return Number(match[1]);
}

/** mulberry32: a small seeded generator of floats in [0, 1), so synthetic audio is repeatable. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stretch of a synthetic signal: a voiced-like tone burst or nothing, over the noise. */
export interface SynthSegment {
  /** Length in ms. */
  ms: number;
  /** RMS level of a "speech" burst in dBFS, or null for a gap (noise only). */
  toneDb: number | null;
}

/**
 * A synthetic take at `sampleRate`: segments of harmonic tone bursts (a 150 Hz fundamental with
 * decaying harmonics, amplitude-modulated at 4 Hz like syllables) or gaps, over uniform white
 * noise whose RMS level follows `noiseDb(ms)`. Deterministic for a given `seed`.
 */
export function synthTake(
  segments: SynthSegment[],
  options: { sampleRate?: number; noiseDb?: (ms: number) => number; seed?: number } = {},
): Float32Array {
  const rate = options.sampleRate ?? 16000;
  const noiseDb = options.noiseDb ?? (() => -60);
  const random = seededRandom(options.seed ?? 7);
  const total = segments.reduce((sum, s) => sum + Math.round((s.ms * rate) / 1000), 0);
  const out = new Float32Array(total);
  let at = 0;
  for (const segment of segments) {
    const n = Math.round((segment.ms * rate) / 1000);
    if (segment.toneDb !== null) {
      // Harmonics 1..6 at 1/k amplitude (RMS 0.864) under the envelope (RMS 0.833): RMS 0.719.
      const scale = 10 ** (segment.toneDb / 20) / 0.719;
      for (let i = 0; i < n; i++) {
        const t = i / rate;
        let v = 0;
        for (let k = 1; k <= 6; k++) v += Math.sin(2 * Math.PI * 150 * k * t) / k;
        const envelope = 0.5 + 0.5 * Math.abs(Math.sin(Math.PI * 4 * t));
        out[at + i] = v * envelope * scale;
      }
    }
    at += n;
  }
  // Uniform noise in [-a, a] has RMS a / sqrt(3).
  for (let i = 0; i < total; i++) {
    const a = 10 ** (noiseDb((i * 1000) / rate) / 20) * Math.sqrt(3);
    out[i] = (out[i] ?? 0) + (random() * 2 - 1) * a;
  }
  return out;
}
