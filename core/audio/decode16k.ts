import { resampleTo16k } from './resample';
import type { WavReadOptions } from './wav';
import { parseWav } from './wav';

/**
 * The one WAV-to-16 kHz loader: a WAV file's bytes as mono samples at 16 kHz, the rate of every
 * silence, speech and replay step. Any channel count is mixed down and any accepted rate
 * resampled; a 16 kHz file is returned without a copy. Throws the reader's `WavError` for input
 * it cannot use; callers word it for their own users.
 */
export function decodeWav16k(bytes: Uint8Array, options: WavReadOptions = {}): Float32Array {
  const { samples, sampleRate } = parseWav(bytes, options);
  return sampleRate === 16_000 ? samples : resampleTo16k(samples, sampleRate, 16_000);
}
