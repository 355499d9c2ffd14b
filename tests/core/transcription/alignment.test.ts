import { describe, expect, it } from 'vitest';
import {
  alignWordsToSpeech,
  expectedWordMs,
  squeezeSilences,
} from '../../../core/transcription/alignment';

const word = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });

describe('aligning words to the stretches of sound', () => {
  it('moves a word Whisper stretched across a pause back onto the sound after it', () => {
    const words = [word('taste', 6000, 6800), word('delicious', 6800, 9700)];
    const speech = [
      { startMs: 6000, endMs: 6800 },
      { startMs: 9000, endMs: 9700 },
    ];
    expect(alignWordsToSpeech(words, speech)).toEqual([
      word('taste', 6000, 6800),
      word('delicious', 9000, 9700),
    ]);
  });

  it('shares one stretch among its words in proportion to their expected lengths', () => {
    const words = [word('the', 4000, 4300), word('Guinness', 4300, 5000)];
    const aligned = alignWordsToSpeech(words, [{ startMs: 4265, endMs: 5235 }]);
    const split =
      4265 +
      Math.round(
        (970 * expectedWordMs('the')) / (expectedWordMs('the') + expectedWordMs('Guinness')),
      );
    expect(aligned).toEqual([word('the', 4265, split), word('Guinness', split, 5235)]);
  });

  it('leaves a short noise without words and keeps confidence', () => {
    const words = [{ ...word('yes', 100, 600), confidence: 0.9 }];
    const speech = [
      { startMs: 100, endMs: 600 },
      { startMs: 2000, endMs: 2080 },
    ];
    expect(alignWordsToSpeech(words, speech)).toEqual([
      { ...word('yes', 100, 600), confidence: 0.9 },
    ]);
  });

  it("keeps Whisper's times when there are more words than the sound could hold", () => {
    const words = Array.from({ length: 30 }, (_, i) => word(`w${i}`, i * 10, i * 10 + 10));
    const aligned = alignWordsToSpeech(words, [{ startMs: 0, endMs: 500 }]);
    expect(aligned).toEqual(words);
  });

  it('returns no words for audio without any sound', () => {
    expect(alignWordsToSpeech([word('thank', 0, 500), word('you', 500, 900)], [])).toEqual([]);
  });

  it('starts a word where the energy rises after a dip inside one stretch', () => {
    const energiesDb = [...Array(30).fill(-10), ...Array(10).fill(-30), ...Array(30).fill(-10)];
    const words = [word('alpha', 0, 200), word('be', 200, 700)];
    const speech = [{ startMs: 0, endMs: 700 }];
    expect(alignWordsToSpeech(words, speech, { loudness: { frameMs: 10, energiesDb } })).toEqual([
      word('alpha', 0, 410),
      word('be', 410, 700),
    ]);
    expect(alignWordsToSpeech(words, speech)).toEqual([
      word('alpha', 0, 448),
      word('be', 448, 700),
    ]);
  });

  it('spreads words over the loud part of a stretch, not its faint tail', () => {
    const energiesDb = [...Array(40).fill(-10), ...Array(40).fill(-50)];
    const words = [word('one', 0, 400), word('two', 400, 800)];
    expect(
      alignWordsToSpeech(words, [{ startMs: 0, endMs: 800 }], {
        loudness: { frameMs: 10, energiesDb },
      }),
    ).toEqual([word('one', 0, 220), word('two', 220, 800)]);
    expect(alignWordsToSpeech(words, [{ startMs: 0, endMs: 800 }])).toEqual([
      word('one', 0, 400),
      word('two', 400, 800),
    ]);
  });

  it.each([
    ['is', 250],
    ['delicious', 705],
    ['', 185],
    ['uh', 450],
    ['Um,', 450],
  ])('expects %j to last %i ms', (text, ms) => {
    expect(expectedWordMs(text)).toBe(ms);
  });
});

describe('squeezing long silences', () => {
  it('cuts a 3 s silence to 500 ms and maps times back across the cut', () => {
    const samples = new Float32Array(5000);
    const squeezed = squeezeSilences(samples, 1000, [{ startMs: 1000, endMs: 4000 }]);
    expect(squeezed.samples.length).toBe(2500);
    expect([500, 1200, 1250, 1300, 2400].map(squeezed.toOriginalMs)).toEqual([
      500, 1200, 3750, 3800, 4900,
    ]);
  });

  it('leaves silences of 1 s or less alone', () => {
    const samples = new Float32Array(3000);
    const squeezed = squeezeSilences(samples, 1000, [{ startMs: 1000, endMs: 2000 }]);
    expect(squeezed.samples).toBe(samples);
    expect(squeezed.toOriginalMs(1500)).toBe(1500);
  });
});
