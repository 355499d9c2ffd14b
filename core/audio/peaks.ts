/**
 * The waveform's outline: the loudest absolute sample (0..1) in each of `buckets` equal parts of
 * `samples`, rounded to three decimals so a take's peaks stay small on disk. Empty input or no
 * buckets gives an empty list; a bucket with no samples (more buckets than samples) is 0.
 */
export function waveformPeaks(samples: Float32Array, buckets: number): number[] {
  const count = Math.max(0, Math.floor(buckets));
  if (samples.length === 0 || count === 0) return [];
  const out = new Array<number>(count).fill(0);
  const size = samples.length / count;
  for (let b = 0; b < count; b++) {
    let max = 0;
    const end = Math.min(samples.length, Math.floor((b + 1) * size));
    for (let i = Math.floor(b * size); i < end; i++) {
      const v = Math.abs(samples[i]!);
      if (v > max) max = v;
    }
    out[b] = Math.round(Math.min(1, max) * 1000) / 1000;
  }
  return out;
}

/** Buckets of the waveform stored with every take: enough for a wide screen. */
export const WAVEFORM_BUCKETS = 1200;
