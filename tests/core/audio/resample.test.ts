import { describe, expect, it } from 'vitest';
import { createResampler, downmix, resampleTo16k } from '../../../core/audio/resample';

function tone(rate: number, seconds: number, hz: number, amplitude: number, phase = 0) {
  const out = new Float32Array(Math.round(rate * seconds));
  for (let i = 0; i < out.length; i++)
    out[i] = amplitude * Math.sin((2 * Math.PI * hz * i) / rate + phase);
  return out;
}

function interleave(left: Float32Array, right: Float32Array) {
  const out = new Float32Array(left.length * 2);
  for (let i = 0; i < left.length; i++) {
    out[2 * i] = left[i] ?? 0;
    out[2 * i + 1] = right[i] ?? 0;
  }
  return out;
}

/** RMS of the middle of a signal, away from the edges where the filter starts and stops. */
function middleRms(samples: Float32Array) {
  const from = Math.floor(samples.length * 0.1);
  const to = Math.floor(samples.length * 0.9);
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / (to - from));
}

/** Frequency from upward zero crossings over the middle 80%, in Hz. */
function frequency(samples: Float32Array, rate: number) {
  const from = Math.floor(samples.length * 0.1);
  const to = Math.floor(samples.length * 0.9);
  let first = -1;
  let last = -1;
  let count = 0;
  for (let i = from + 1; i < to; i++) {
    const a = samples[i - 1] ?? 0;
    const b = samples[i] ?? 0;
    if (a < 0 && b >= 0) {
      const at = i - 1 + a / (a - b);
      if (first < 0) first = at;
      else count++;
      last = at;
    }
  }
  return (count * rate) / (last - first);
}

function concat(parts: Float32Array[]) {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('createResampler', () => {
  it('turns a 48 kHz stereo 1 kHz sine into 16 kHz mono with the same frequency and level', () => {
    const left = tone(48000, 1, 1000, 0.5);
    const resampler = createResampler(48000, 2);
    const out = concat([resampler.push(interleave(left, left)), resampler.flush()]);
    expect(out.length).toBe(16000);
    expect(frequency(out, 16000)).toBeCloseTo(1000, 0);
    expect(middleRms(out) / (0.5 / Math.SQRT2)).toBeCloseTo(1, 2);
  });

  it('keeps a 3 kHz tone from 44.1 kHz within 0.1 dB', () => {
    const out = resampleTo16k(tone(44100, 1, 3000, 0.3), 44100);
    expect(out.length).toBe(16000);
    expect(frequency(out, 16000)).toBeCloseTo(3000, 0);
    const gainDb = 20 * Math.log10(middleRms(out) / (0.3 / Math.SQRT2));
    expect(Math.abs(gainDb)).toBeLessThan(0.1);
  });

  it.each([
    { inputRate: 48000, hz: 9000 },
    { inputRate: 44100, hz: 10000 },
    { inputRate: 44100, hz: 15000 },
  ])(
    'suppresses a $hz Hz tone from $inputRate Hz by at least 60 dB instead of aliasing it',
    ({ inputRate, hz }) => {
      const out = resampleTo16k(tone(inputRate, 1, hz, 0.5), inputRate);
      const attenuationDb = 20 * Math.log10(middleRms(out) / (0.5 / Math.SQRT2));
      expect(attenuationDb).toBeLessThan(-60);
    },
  );

  it('gives the same output whatever the chunk sizes', () => {
    const left = tone(44100, 0.5, 440, 0.4);
    const right = tone(44100, 0.5, 660, 0.2);
    const stereo = interleave(left, right);
    const whole = createResampler(44100, 2);
    const expected = concat([whole.push(stereo), whole.flush()]);
    const chunked = createResampler(44100, 2);
    const parts: Float32Array[] = [];
    let at = 0;
    for (const frames of [1, 0, 333, 4801, 17, 2048]) {
      parts.push(chunked.push(stereo.subarray(at, at + frames * 2)));
      at += frames * 2;
    }
    parts.push(chunked.push(stereo.subarray(at)));
    parts.push(chunked.flush());
    const actual = concat(parts);
    expect(actual.length).toBe(expected.length);
    expect(actual.length).toBe(Math.ceil((22050 * 16000) / 44100));
    let maxDifference = 0;
    for (let i = 0; i < actual.length; i++) {
      maxDifference = Math.max(maxDifference, Math.abs((actual[i] ?? 0) - (expected[i] ?? 0)));
    }
    expect(maxDifference).toBeLessThan(1e-6);
  });

  it('adds no delay: a click at 1.000 s at 48 kHz peaks at sample 16000', () => {
    const input = new Float32Array(96000);
    input[48000] = 1;
    const out = resampleTo16k(input, 48000);
    let peak = 0;
    for (let i = 1; i < out.length; i++)
      if (Math.abs(out[i] ?? 0) > Math.abs(out[peak] ?? 0)) peak = i;
    expect(peak).toBe(16000);
  });

  it('cancels channels in opposite phase when mixing down', () => {
    const left = tone(48000, 0.2, 500, 0.5);
    const right = tone(48000, 0.2, 500, 0.5, Math.PI);
    const out = resampleTo16k(downmix(interleave(left, right), 2), 48000);
    expect(middleRms(out)).toBeLessThan(1e-6);
  });

  it('upsamples 8 kHz speech-band audio to 16 kHz keeping the tone', () => {
    const out = resampleTo16k(tone(8000, 1, 1000, 0.5), 8000);
    expect(out.length).toBe(16000);
    expect(frequency(out, 16000)).toBeCloseTo(1000, 0);
    expect(middleRms(out) / (0.5 / Math.SQRT2)).toBeCloseTo(1, 2);
  });

  it('only mixes down when the rates already match', () => {
    const resampler = createResampler(16000, 2);
    expect(Array.from(resampler.push(Float32Array.from([0.5, 0.25, -1, 1])))).toEqual([0.375, 0]);
    expect(resampler.flush().length).toBe(0);
  });

  it.each([
    { inputRate: 0, channels: 1, message: 'input sample rate must be a positive integer, got 0' },
    {
      inputRate: 44100.5,
      channels: 1,
      message: 'input sample rate must be a positive integer, got 44100.5',
    },
    { inputRate: 48000, channels: 0, message: 'channel count must be a positive integer, got 0' },
  ])(
    'rejects input rate $inputRate with $channels channel(s)',
    ({ inputRate, channels, message }) => {
      expect(() => createResampler(inputRate, channels).push(new Float32Array(0))).toThrow(message);
    },
  );

  it('rejects a chunk that is not whole frames, and use after flush', () => {
    const resampler = createResampler(48000, 2);
    expect(() => resampler.push(new Float32Array(3))).toThrow(
      '3 values are not whole frames of 2 channels',
    );
    resampler.flush();
    expect(() => resampler.push(new Float32Array(2))).toThrow('the resampler was already flushed');
  });
});
