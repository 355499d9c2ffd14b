/**
 * Where words can begin inside one stretch of sound, from the frame energies alone. Between
 * two words of continuous speech the energy usually sags (a stop's closure, a breath, the
 * change from one syllable to the next); the dips found here are the candidate starts that
 * `alignWordsToSpeech` snaps words to. A faint stretch (a trailing-off vowel, a murmur) holds
 * little speech for its length; the loud timeline counts it at a small share, so words are not
 * spread over it as if it were as full as the rest.
 */

/** A sag in energy inside a stretch of sound. */
export interface EnergyDip {
  /** First frame of the sag, ms. */
  startMs: number;
  /** End of the sag: where the energy has risen again, the candidate start of a word, ms. */
  endMs: number;
  /** How far the sag falls below the lower of the loudest frames on its two sides, dB. */
  depthDb: number;
}

/** Settings of {@link findEnergyDips}. */
export interface EnergyDipOptions {
  /** How far each side a dip's depth is measured against, ms. Default 250. */
  reachMs?: number;
  /** Least depth, dB. Default 3. */
  minDepthDb?: number;
  /** Least length of the stretch at that depth, ms. Default 40. */
  minDipMs?: number;
}

/** Energies smoothed over three frames, so one odd frame neither makes nor breaks a dip. */
function smoothed(energiesDb: ArrayLike<number>, from: number, to: number): Float64Array {
  const out = new Float64Array(Math.max(0, to - from));
  for (let f = from; f < to; f++) {
    let sum = 0;
    let count = 0;
    for (let g = Math.max(from, f - 1); g <= Math.min(to - 1, f + 1); g++) {
      sum += energiesDb[g] ?? 0;
      count++;
    }
    out[f - from] = sum / count;
  }
  return out;
}

/**
 * The energy dips among frames `fromFrame` to `toFrame` (exclusive) of `energiesDb` (frames of
 * `frameMs`): runs of at least `minDipMs` whose (three-frame smoothed) energy lies at least
 * `minDepthDb` below the loudest frame within `reachMs` on each side. Times are from frame 0,
 * in time order, integer ms; depths to 0.1 dB.
 */
export function findEnergyDips(
  energiesDb: ArrayLike<number>,
  frameMs: number,
  fromFrame: number,
  toFrame: number,
  options: EnergyDipOptions = {},
): EnergyDip[] {
  const from = Math.max(0, fromFrame);
  const to = Math.min(energiesDb.length, toFrame);
  const reach = Math.max(1, Math.round((options.reachMs ?? 250) / frameMs));
  const minDepth = options.minDepthDb ?? 3;
  const minFrames = Math.max(1, Math.round((options.minDipMs ?? 40) / frameMs));
  const e = smoothed(energiesDb, from, to);
  const n = e.length;
  const depth = new Float64Array(n);
  for (let f = 0; f < n; f++) {
    let left = -Infinity;
    let right = -Infinity;
    for (let g = Math.max(0, f - reach); g <= f; g++) left = Math.max(left, e[g] ?? -Infinity);
    for (let g = f; g <= Math.min(n - 1, f + reach); g++)
      right = Math.max(right, e[g] ?? -Infinity);
    depth[f] = Math.min(left, right) - (e[f] ?? 0);
  }
  const dips: EnergyDip[] = [];
  for (let f = 0; f < n;) {
    if ((depth[f] ?? 0) < minDepth) {
      f++;
      continue;
    }
    const start = f;
    let deepest = 0;
    while (f < n && (depth[f] ?? 0) >= minDepth) deepest = Math.max(deepest, depth[f++] ?? 0);
    if (f - start >= minFrames) {
      dips.push({
        startMs: Math.round((from + start) * frameMs),
        endMs: Math.round((from + f) * frameMs),
        depthDb: Math.round(deepest * 10) / 10,
      });
    }
  }
  return dips;
}

/** Share of its length a faint frame counts for on a {@link loudTimeline}. */
const FAINT_SHARE = 0.1;

/** A stretch's time counted in loud milliseconds. */
export interface LoudTimeline {
  /** Loud length of the whole stretch, ms (not rounded). */
  lengthMs: number;
  /** Loud ms from the stretch's start up to `ms`. */
  loudAt: (ms: number) => number;
  /** The time (ms, not rounded) at which `loudMs` loud ms have passed. */
  msAt: (loudMs: number) => number;
}

/**
 * The loud timeline of `startMs`..`endMs`: each frame counts for its length when its energy is
 * within `rangeDb` (default 25) of the stretch's loudest (three-frame smoothed) frame, and for a
 * tenth of it when fainter. Monotonic both ways; a stretch of equal frames maps 1:1.
 */
export function loudTimeline(
  energiesDb: ArrayLike<number>,
  frameMs: number,
  startMs: number,
  endMs: number,
  rangeDb = 25,
): LoudTimeline {
  const first = Math.max(0, Math.floor(startMs / frameMs));
  const last = Math.max(first, Math.min(energiesDb.length, Math.ceil(endMs / frameMs)));
  const e = smoothed(energiesDb, first, last);
  let peak = -Infinity;
  for (const v of e) peak = Math.max(peak, v);
  // Knots: real time and loud time at each frame edge inside the stretch.
  const real = [startMs];
  const loud = [0];
  for (let f = first; f < last; f++) {
    const edge = Math.min(endMs, (f + 1) * frameMs);
    const span = edge - (real[real.length - 1] ?? startMs);
    if (span <= 0) continue;
    const share = (e[f - first] ?? peak) >= peak - rangeDb ? 1 : FAINT_SHARE;
    real.push(edge);
    loud.push((loud[loud.length - 1] ?? 0) + span * share);
  }
  if ((real[real.length - 1] ?? startMs) < endMs) {
    loud.push((loud[loud.length - 1] ?? 0) + endMs - (real[real.length - 1] ?? startMs));
    real.push(endMs);
  }
  const interpolate = (xs: number[], ys: number[], x: number): number => {
    if (x <= (xs[0] ?? 0)) return ys[0] ?? 0;
    for (let i = 1; i < xs.length; i++) {
      const x1 = xs[i] ?? 0;
      if (x <= x1) {
        const x0 = xs[i - 1] ?? 0;
        const y0 = ys[i - 1] ?? 0;
        return x1 === x0 ? y0 : y0 + (((ys[i] ?? 0) - y0) * (x - x0)) / (x1 - x0);
      }
    }
    return ys[ys.length - 1] ?? 0;
  };
  return {
    lengthMs: loud[loud.length - 1] ?? 0,
    loudAt: (ms) => interpolate(real, loud, ms),
    msAt: (loudMs) => interpolate(loud, real, loudMs),
  };
}
