import { describe, expect, it } from 'vitest';
import { waveformPeaks } from '../../../core/audio/peaks';

describe('waveformPeaks', () => {
  it.each([
    [
      'the loudest sample of each part, either sign',
      [0.1, -0.5, 0.2, 0.3, -0.05, 0],
      3,
      [0.5, 0.3, 0.05],
    ],
    ['rounded to three decimals, clipped to 1', [0.12345, -1.5], 2, [0.123, 1]],
    ['more parts than samples: empty parts are 0', [0.5], 3, [0, 0, 0.5]],
    ['no samples: no peaks', [], 4, []],
    ['no parts: no peaks', [0.5], 0, []],
  ])('%s', (_name, samples, buckets, expected) => {
    expect(waveformPeaks(Float32Array.from(samples), buckets)).toEqual(expected);
  });
});
