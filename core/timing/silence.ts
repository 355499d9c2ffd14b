import type { SilenceSpan, SpeechSpan } from './types';

/**
 * Silence detection from PCM audio with an adaptive noise floor.
 *
 * 1. The signal is high-passed (one pole at 80 Hz: removes DC offset and rumble) and cut into
 *    frames (10 ms by default); each frame's energy is taken in dB relative to full scale.
 * 2. The noise floor is the quietest percentile of frame energies (10th by default) in a window
 *    sliding along the recording (10 s either side by default), so a floor that drifts (a fan
 *    starting, a gain change) is tracked. The speech level is the loud end (95th percentile) of
 *    the whole take. The percentile needs some quiet (pauses, stop consonants: a tenth of the
 *    frames) within each half window; fluent speech has that, a steady tone does not.
 * 3. Two thresholds above the local floor give hysteresis: a frame above the "on" threshold
 *    starts speech, and speech then extends (both ways) over every neighbouring frame above the
 *    lower "off" threshold. Both margins grow with the distance between floor and speech level,
 *    so a faint hiss under loud speech and a noisy room under soft speech both work.
 * 4. Gaps shorter than `minSilenceMs` are filled (stop consonants, short breaths), then sound
 *    shorter than `minSpeechMs` is dropped into the silence around it (clicks, taps).
 * 5. Each speech edge is refined to half a frame (5 ms) by testing the half-frames on either side
 *    of it against the "off" threshold.
 */

/** Settings of {@link detectSilences}; every field is optional. */
export interface SilenceDetectionOptions {
  /** Analysis frame length in ms; edges come out at half this resolution. Default 10. */
  frameMs?: number;
  /** Silences shorter than this are part of speech. Default 100 ms. */
  minSilenceMs?: number;
  /** Sound shorter than this, between silences, is treated as silence. Default 50 ms. */
  minSpeechMs?: number;
  /** Percentile (0-100) of frame energies taken as the noise floor. Default 10. */
  noisePercentile?: number;
  /** Length of the window the noise floor is tracked over (half before, half after), in ms. Default 20000. */
  trackingWindowMs?: number;
  /** Least distance in dB between the floor and the speech level for any speech to be found. Default 10. */
  minDynamicRangeDb?: number;
}

/** What {@link detectSilences} found. */
export interface SilenceDetection {
  /** Silent stretches in time order, covering exactly what `speech` does not. */
  silences: SilenceSpan[];
  /** Stretches with sound in time order. */
  speech: SpeechSpan[];
  /** Length of the audio in integer ms. */
  durationMs: number;
  /** Median of the tracked noise floor, dBFS (-100 for digital silence). */
  noiseFloorDb: number;
  /** The loud end of the take (95th percentile of frame energy), dBFS. */
  speechLevelDb: number;
}

const DEFAULTS = {
  frameMs: 10,
  minSilenceMs: 100,
  minSpeechMs: 50,
  noisePercentile: 10,
  trackingWindowMs: 20000,
  minDynamicRangeDb: 10,
};

/** Fractions of the floor-to-speech range, and least margins in dB, for the two thresholds. */
const ON_FRACTION = 0.25;
const ON_MIN_DB = 6;
const OFF_FRACTION = 0.12;
const OFF_MIN_DB = 3;
const SILENT_DB = -100;
const HIGH_PASS_HZ = 80;
/** How often the sliding noise floor is evaluated, in frames; values between are interpolated. */
const FLOOR_HOP_FRAMES = 50;

/**
 * The per-frame energies of a recording, computed in one pass as its samples arrive: the
 * high-pass filter runs across pushes, and every frame keeps the energy (dBFS) of the whole
 * frame and of its halves, which is all that {@link detectSilencesInFrames} needs. A live take
 * pushes each chunk as it is recorded; the detection at its end reads no sample again.
 */
export class SilenceFrames {
  /** Samples per frame and per half frame. */
  readonly frameLength: number;
  readonly halfLength: number;
  private readonly a: number;
  private previousIn: number | null = null;
  private previousOut = 0;
  private readonly whole: number[] = [];
  private readonly head: number[] = [];
  private readonly mid: number[] = [];
  private readonly tail: number[] = [];
  /** Sums of squares and sample count of the frame being filled. */
  private sums = [0, 0, 0, 0];
  private filled = 0;
  private count = 0;

  constructor(
    readonly sampleRate: number,
    /** Frame length, ms; default 10. */
    readonly frameMs: number = DEFAULTS.frameMs,
  ) {
    if (!Number.isFinite(sampleRate) || sampleRate <= 0) {
      throw new RangeError(`sample rate must be positive, got ${sampleRate}`);
    }
    if (!(frameMs > 0)) throw new RangeError('frameMs must be more than 0');
    this.frameLength = Math.max(2, Math.round((frameMs * sampleRate) / 1000));
    this.halfLength = Math.floor(this.frameLength / 2);
    this.a = Math.exp((-2 * Math.PI * HIGH_PASS_HZ) / sampleRate);
  }

  /** Samples pushed so far. */
  get sampleCount(): number {
    return this.count;
  }

  /** Adds samples (mono, nominally -1..1) in order. */
  push(samples: Float32Array): void {
    const { frameLength: fl, halfLength: half } = this;
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i] ?? 0;
      if (this.previousIn === null) this.previousIn = x;
      this.previousOut = this.a * (this.previousOut + x - this.previousIn);
      this.previousIn = x;
      const v = this.previousOut;
      const square = Math.fround(v) * Math.fround(v);
      const at = this.filled;
      this.sums[0]! += square;
      if (at < half) this.sums[1]! += square;
      if (at >= half && at < 2 * half) this.sums[2]! += square;
      if (at >= fl - half) this.sums[3]! += square;
      this.filled++;
      this.count++;
      if (this.filled === fl) this.closeFrame();
    }
  }

  /** The whole, head, middle and tail energies (dB) of the frame being filled. */
  private currentFrame(): [number, number, number, number] {
    const { filled, halfLength: half, frameLength: fl } = this;
    const db = (sum: number, n: number) =>
      n <= 0 ? SILENT_DB : Math.max(SILENT_DB, 10 * Math.log10(sum / n + 1e-12));
    return [
      db(this.sums[0]!, filled),
      db(this.sums[1]!, Math.min(half, filled)),
      db(this.sums[2]!, Math.min(2 * half, filled) - half),
      db(this.sums[3]!, filled - (fl - half)),
    ];
  }

  private closeFrame(): void {
    const [whole, head, mid, tail] = this.currentFrame();
    this.whole.push(whole);
    this.head.push(head);
    this.mid.push(mid);
    this.tail.push(tail);
    this.sums = [0, 0, 0, 0];
    this.filled = 0;
  }

  /** The energies so far; a last partial frame is included (without being closed). */
  energies(): { whole: Float64Array; head: Float64Array; mid: Float64Array; tail: Float64Array } {
    const last = this.filled > 0 ? this.currentFrame() : null;
    const pick = (values: number[], k: number) =>
      Float64Array.from(last ? [...values, last[k]!] : values);
    return {
      whole: pick(this.whole, 0),
      head: pick(this.head, 1),
      mid: pick(this.mid, 2),
      tail: pick(this.tail, 3),
    };
  }
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return SILENT_DB;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.floor((p / 100) * sorted.length)));
  return sorted[index] ?? SILENT_DB;
}

function sortedSlice(values: Float64Array, start: number, end: number): Float64Array {
  return values.slice(Math.max(0, start), Math.min(values.length, end)).sort();
}

/**
 * The noise floor at every frame. At each hop the percentile is taken separately over the half
 * window before and the half window after, and the higher of the two wins: when the floor steps
 * up (a fan starts) the window after already shows it, so noise right after the step is not
 * mistaken for speech; a step down is followed a little late, which only trims quiet speech edges.
 * A half window shorter than half its nominal length (at the ends of the take) is not used; when
 * neither is usable the whole take's percentile applies. Values between hops are interpolated.
 */
function trackFloor(energies: Float64Array, windowFrames: number, p: number): Float64Array {
  const n = energies.length;
  const floor = new Float64Array(n);
  const half = Math.max(1, Math.floor(windowFrames / 2));
  const global = percentile(sortedSlice(energies, 0, n), p);
  if (n <= half) {
    floor.fill(global);
    return floor;
  }
  const centres: number[] = [];
  for (let c = 0; c < n; c += FLOOR_HOP_FRAMES) centres.push(c);
  if (centres[centres.length - 1] !== n - 1) centres.push(n - 1);
  const usable = half / 2;
  const values = centres.map((c) => {
    const before = Math.min(half, c);
    const after = Math.min(half, n - c);
    const sides: number[] = [];
    if (before >= usable) sides.push(percentile(sortedSlice(energies, c - before, c), p));
    if (after >= usable) sides.push(percentile(sortedSlice(energies, c, c + after), p));
    return sides.length > 0 ? Math.max(...sides) : global;
  });
  for (let k = 0; k + 1 < centres.length; k++) {
    const c0 = centres[k] ?? 0;
    const c1 = centres[k + 1] ?? n - 1;
    const v0 = values[k] ?? SILENT_DB;
    const v1 = values[k + 1] ?? SILENT_DB;
    for (let i = c0; i <= c1; i++) floor[i] = v0 + ((v1 - v0) * (i - c0)) / Math.max(1, c1 - c0);
  }
  return floor;
}

/** A run of samples [start, end). */
interface Run {
  start: number;
  end: number;
}

/**
 * Finds the silences and the speech in mono PCM `samples` (nominally -1..1) at `sampleRate` Hz.
 * Silences and speech alternate and together cover the whole take, from 0 to `durationMs`; a take
 * with no sound above its floor is one silence, and an empty input gives no spans at all.
 * Times are integer ms, with edges placed to half a frame (5 ms by default).
 */
export function detectSilences(
  samples: Float32Array,
  sampleRate: number,
  options: SilenceDetectionOptions = {},
): SilenceDetection {
  const o = checkedOptions(options);
  const frames = new SilenceFrames(sampleRate, o.frameMs);
  frames.push(samples);
  return detectSilencesInFrames(frames, options);
}

function checkedOptions(options: SilenceDetectionOptions): typeof DEFAULTS {
  const o = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]) {
    const value = options[key];
    if (value !== undefined) {
      if (!Number.isFinite(value) || value < 0) {
        throw new RangeError(`${key} must be a number of 0 or more, got ${value}`);
      }
      o[key] = value;
    }
  }
  if (o.frameMs === 0) throw new RangeError('frameMs must be more than 0');
  return o;
}

/**
 * {@link detectSilences} over the frame energies a {@link SilenceFrames} gathered while the
 * samples arrived: the same result, without reading a sample again. `options.frameMs` is the
 * frames' own.
 */
export function detectSilencesInFrames(
  frames: SilenceFrames,
  options: SilenceDetectionOptions = {},
): SilenceDetection {
  const o = { ...checkedOptions(options), frameMs: frames.frameMs };
  const { sampleRate, frameLength, halfLength } = frames;
  const length = frames.sampleCount;
  const toMs = (sample: number) => Math.round((sample * 1000) / sampleRate);
  const durationMs = toMs(length);
  if (length === 0) {
    return {
      silences: [],
      speech: [],
      durationMs,
      noiseFloorDb: SILENT_DB,
      speechLevelDb: SILENT_DB,
    };
  }

  const { whole: energies, head, mid, tail } = frames.energies();
  const frameCount = energies.length;
  const windowFrames = Math.max(1, Math.round(o.trackingWindowMs / o.frameMs));
  const floor = trackFloor(energies, windowFrames, o.noisePercentile);
  const speechLevelDb = percentile(energies.slice().sort(), 95);
  const noiseFloorDb = percentile(floor.slice().sort(), 50);

  const on = new Float64Array(frameCount);
  const off = new Float64Array(frameCount);
  for (let f = 0; f < frameCount; f++) {
    const base = floor[f] ?? SILENT_DB;
    const range = speechLevelDb - base;
    if (range < o.minDynamicRangeDb) {
      on[f] = Infinity;
      off[f] = Infinity;
      continue;
    }
    on[f] = base + Math.max(ON_MIN_DB, ON_FRACTION * range);
    off[f] = base + Math.max(OFF_MIN_DB, OFF_FRACTION * range);
  }

  // Speech = a maximal run of frames above "off" that holds at least one frame above "on".
  const frameRuns: Run[] = [];
  for (let f = 0; f < frameCount;) {
    if ((energies[f] ?? SILENT_DB) <= (off[f] ?? Infinity)) {
      f++;
      continue;
    }
    const start = f;
    let loud = false;
    while (f < frameCount && (energies[f] ?? SILENT_DB) > (off[f] ?? Infinity)) {
      if ((energies[f] ?? SILENT_DB) > (on[f] ?? Infinity)) loud = true;
      f++;
    }
    if (loud) frameRuns.push({ start, end: f });
  }

  // Half-frame refinement of each edge: the half frames on either side against "off".
  const above = (halves: Float64Array, frame: number) =>
    (halves[frame] ?? SILENT_DB) > (off[frame] ?? Infinity);
  let runs: Run[] = frameRuns.map(({ start, end }) => {
    let s = start * frameLength;
    if (!above(head, start)) s += halfLength;
    else if (start > 0 && above(tail, start - 1)) s -= halfLength;
    let e = Math.min(length, end * frameLength);
    const lastStart = (end - 1) * frameLength;
    if (e - lastStart > halfLength && !above(mid, end - 1)) {
      e = lastStart + halfLength;
    } else if (end < frameCount && above(head, end)) {
      e = Math.min(length, end * frameLength + halfLength);
    }
    return { start: s, end: e };
  });

  const minSilence = (o.minSilenceMs * sampleRate) / 1000;
  const minSpeech = (o.minSpeechMs * sampleRate) / 1000;
  runs = fillShortGaps(runs, minSilence, length);
  runs = runs.filter((r) => r.end - r.start >= minSpeech);

  const speech: SpeechSpan[] = runs.map((r) => ({ startMs: toMs(r.start), endMs: toMs(r.end) }));
  const silences: SilenceSpan[] = [];
  let cursor = 0;
  for (const span of speech) {
    if (span.startMs > cursor) silences.push({ startMs: cursor, endMs: span.startMs });
    cursor = span.endMs;
  }
  if (cursor < durationMs) silences.push({ startMs: cursor, endMs: durationMs });
  return { silences, speech, durationMs, noiseFloorDb, speechLevelDb };
}

/** Joins speech runs separated by less than `minGap` samples; also absorbs short edge gaps. */
function fillShortGaps(runs: Run[], minGap: number, length: number): Run[] {
  const out: Run[] = [];
  for (const run of runs) {
    const previous = out[out.length - 1];
    if (previous && run.start - previous.end < minGap) previous.end = run.end;
    else out.push({ ...run });
  }
  const first = out[0];
  if (first && first.start < minGap) first.start = 0;
  const last = out[out.length - 1];
  if (last && length - last.end < minGap) last.end = length;
  return out;
}

/**
 * The complement of `silences` within 0..`durationMs`: the stretches that are not silent.
 * Input spans may be unsorted or overlap; the result is sorted and disjoint.
 */
export function speechFromSilences(silences: SilenceSpan[], durationMs: number): SpeechSpan[] {
  const sorted = [...silences].sort((a, b) => a.startMs - b.startMs);
  const speech: SpeechSpan[] = [];
  let cursor = 0;
  for (const s of sorted) {
    const start = Math.max(0, Math.min(durationMs, s.startMs));
    if (start > cursor) speech.push({ startMs: cursor, endMs: start });
    cursor = Math.max(cursor, Math.min(durationMs, s.endMs));
  }
  if (cursor < durationMs) speech.push({ startMs: cursor, endMs: durationMs });
  return speech;
}
