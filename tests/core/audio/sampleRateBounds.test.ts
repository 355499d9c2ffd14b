import { describe, expect, it } from 'vitest';
import { createResampler, resampleTo16k } from '../../../core/audio/resample';
import { WavError, parseWav, readWavInfo, wavHeader } from '../../../core/audio/wav';
import { LIMITS, sampleRateProblem } from '../../../core/limits';

/** A 3 KB WAV whose header claims `rate` Hz: what an attacker sends to `analyze`. */
function wavClaiming(rate: number): Uint8Array {
  const data = new Uint8Array(3000);
  const out = new Uint8Array(44 + data.length);
  out.set(wavHeader(data.length, rate, 1, 16), 0);
  out.set(data, 44);
  return out;
}

const outside = (rate: number) =>
  `a sample rate of ${rate} Hz is outside the accepted 8000-192000 Hz (sample rate limit); convert the audio to 16 kHz or 48 kHz`;

describe('sample rates outside 8-192 kHz', () => {
  it.each([4_294_967_295, 1, 7_999, 192_001])('parseWav refuses a file claiming %i Hz', (rate) => {
    expect(() => parseWav(wavClaiming(rate))).toThrow(
      new WavError(`cannot read WAV: ${outside(rate)}`),
    );
    expect(() => readWavInfo(wavClaiming(rate))).toThrow(WavError);
  });

  it.each([8_000, 16_000, 44_100, 192_000])('parseWav reads a file at %i Hz', (rate) => {
    expect(parseWav(wavClaiming(rate)).sampleRate).toBe(rate);
  });

  it.each([
    [4_294_967_295, 16_000],
    [1, 16_000],
    [48_000, 1],
    [48_000, 400_000],
  ])('the resampler refuses %i Hz to %i Hz before building its kernel', (input, output) => {
    const bad = sampleRateProblem(input) ? input : output;
    expect(() => createResampler(input, 1, output)).toThrow(new RangeError(outside(bad)));
    expect(() => resampleTo16k(new Float32Array(1500), input, output)).toThrow(RangeError);
  });

  it('names the bounds it enforces', () => {
    expect([LIMITS.minSampleRateHz, LIMITS.maxSampleRateHz]).toEqual([8_000, 192_000]);
    expect(sampleRateProblem(16_000)).toBeNull();
    expect(sampleRateProblem(16_000.5)).toBe(outside(16_000.5));
  });
});
