import { describe, expect, it } from 'vitest';
import { decodeWav16k } from '../../../core/audio/decode16k';
import { WavError, encodeWav } from '../../../core/audio/wav';

describe('decodeWav16k, the one WAV-to-16 kHz loader', () => {
  it('returns a 16 kHz file as it is', () => {
    const samples = Float32Array.from({ length: 1600 }, (_v, i) => Math.sin(i / 10) / 2);
    const decoded = decodeWav16k(encodeWav(samples, 16_000));
    expect(decoded.length).toBe(1600);
    expect(Math.max(...decoded.map((v, i) => Math.abs(v - samples[i]!)))).toBeLessThan(1e-4);
  });

  it.each([
    [48_000, 4800, 1600],
    [44_100, 44_100, 16_000],
    [8_000, 800, 1600],
  ])('resamples %d Hz (%d samples) to 16 kHz (%d samples)', (rate, length, expected) => {
    expect(decodeWav16k(encodeWav(new Float32Array(length), rate)).length).toBe(expected);
  });

  it('refuses bytes that are not a WAV with the reader error', () => {
    expect(() => decodeWav16k(new TextEncoder().encode('not a wav file at all'))).toThrow(WavError);
  });
});
