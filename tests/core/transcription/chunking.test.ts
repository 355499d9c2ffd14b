import { describe, expect, it } from 'vitest';
import {
  AudioChunker,
  CAPTION_CHUNK_POLICY,
  findChunkCut,
  splitIntoChunks,
  whisperPieceSettings,
} from '../../../core/transcription/chunking';

const RATE = 16000;
/** Pieces by length and pause only, without phrase ends. */
const BY_LENGTH = { minChunkMs: 5000, maxChunkMs: 8000, minCutSilenceMs: 300 };

/** A warbling tone (speech-like level changes, never silent) of `ms`. */
function sound(ms: number): Float32Array {
  const n = Math.round((ms * RATE) / 1000);
  return Float32Array.from(
    { length: n },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / RATE) * (1 + 0.5 * Math.sin(i / 400)),
  );
}

function silence(ms: number): Float32Array {
  return new Float32Array(Math.round((ms * RATE) / 1000));
}

function join(...parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe('findChunkCut', () => {
  it('waits while the audio is shorter than minChunkMs', () => {
    expect(findChunkCut(join(sound(2000), silence(1000), sound(1000)), RATE, BY_LENGTH)).toBeNull();
  });

  it('cuts in the middle of the first long-enough pause after minChunkMs', () => {
    const cut = findChunkCut(join(sound(6000), silence(1000), sound(1000)), RATE, BY_LENGTH);
    expect(Math.abs((cut ?? 0) - 6500 * 16)).toBeLessThanOrEqual(16 * 10);
  });

  it('waits for a pause until maxChunkMs, then cuts hard at maxChunkMs when there is none', () => {
    expect(findChunkCut(sound(7000), RATE, BY_LENGTH)).toBeNull();
    expect(findChunkCut(sound(9000), RATE, BY_LENGTH)).toBe(8000 * 16);
  });

  it('rejects a policy whose minimum exceeds its maximum', () => {
    expect(() =>
      findChunkCut(sound(100), RATE, { minChunkMs: 9000, maxChunkMs: 8000, minCutSilenceMs: 300 }),
    ).toThrow(/minChunkMs <= maxChunkMs/);
  });
});

describe('findChunkCut at the end of a phrase (live captions)', () => {
  it('cuts half-way into a 600 ms pause after a phrase, before minChunkMs', () => {
    const cut = findChunkCut(join(sound(1500), silence(700)), RATE, CAPTION_CHUNK_POLICY);
    expect(Math.abs((cut ?? 0) - 1800 * 16)).toBeLessThanOrEqual(16 * 20);
  });

  it.each([
    ['a pause shorter than 600 ms', join(sound(1500), silence(500), sound(300))],
    ['a phrase shorter than 800 ms', join(sound(500), silence(900))],
    ['silence alone', silence(2500)],
  ])('does not cut early at %s', (_label, audio) => {
    expect(findChunkCut(audio, RATE, CAPTION_CHUNK_POLICY)).toBeNull();
  });

  it('still cuts by length when the speaker never pauses', () => {
    expect(findChunkCut(sound(6500), RATE, CAPTION_CHUNK_POLICY)).toBe(6000 * 16);
  });
});

describe('AudioChunker', () => {
  const audio = join(sound(6000), silence(1000), sound(6000), silence(1000), sound(2000));

  it('cuts a stream fed in 100 ms pieces inside the pauses, into the same number of pieces as a whole-clip split', () => {
    const chunker = new AudioChunker(RATE, BY_LENGTH);
    const streamed = [];
    for (let at = 0; at < audio.length; at += 1600)
      streamed.push(...chunker.push(audio.subarray(at, at + 1600)));
    const last = chunker.flush();
    if (last) streamed.push(last);
    const whole = splitIntoChunks(audio, RATE, BY_LENGTH);
    const inPause = (ms: number) => (ms >= 5950 && ms <= 7050) || (ms >= 12950 && ms <= 14050);
    for (const pieces of [streamed, whole]) {
      expect(pieces).toHaveLength(3);
      expect(pieces.slice(1).every((c) => inPause(c.startMs))).toBe(true);
    }
  });

  it('covers the stream exactly once, piece after piece', () => {
    const chunks = splitIntoChunks(audio, RATE, BY_LENGTH);
    let next = 0;
    for (const c of chunks) {
      expect(c.startSample).toBe(next);
      next += c.samples.length;
    }
    expect(next).toBe(audio.length);
    expect(chunks[chunks.length - 1]?.endMs).toBe(16000);
  });

  it('returns nothing on flush when nothing is left', () => {
    const chunker = new AudioChunker(RATE);
    expect(chunker.flush()).toBeNull();
  });
});

describe('whisperPieceSettings', () => {
  it.each([
    // durationMs, audioCtx (at least 400 frames, piece + 100 frames, at most 1500), maxTokens
    [0, 400, 10],
    [1000, 400, 18],
    [3000, 400, 34],
    [6000, 400, 58],
    [6001, 401, 59],
    [8000, 500, 74],
    [28_000, 1500, 234],
    [60_000, 1500, 490],
  ])('a %i ms piece runs %i encoder frames and at most %i tokens', (ms, audioCtx, maxTokens) => {
    expect(whisperPieceSettings(ms)).toEqual({ audioCtx, maxTokens, threads: 1 });
  });

  it('uses one thread while the take records, and every core up to 4 after it stopped', () => {
    expect(whisperPieceSettings(4000, { cores: 8 }).threads).toBe(1);
    expect(whisperPieceSettings(4000, { afterRecording: true, cores: 2 }).threads).toBe(2);
    expect(whisperPieceSettings(4000, { afterRecording: true, cores: 16 }).threads).toBe(4);
    expect(whisperPieceSettings(4000, { afterRecording: true, cores: 0 }).threads).toBe(1);
  });
});
