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

  it("follows Whisper's times inside a phrase whose edges it heard right, not otherwise", () => {
    // One stretch of sound with two dips, ending at 300 and 800 ms.
    const energiesDb = Array<number>(200).fill(-10);
    for (const f of [24, 25, 26, 27, 28, 29, 74, 75, 76, 77, 78, 79]) energiesDb[f] = -22;
    const loudness = { frameMs: 10, energiesDb };
    const speech = [{ startMs: 0, endMs: 2000 }];
    const texts = ['we', 'rolled', 'back', 'the', 'deploy'];
    const starts = [0, 250, 300, 550, 800];
    const heard = texts.map((t, i) => word(t, starts[i] ?? 0, starts[i + 1] ?? 2000));
    const startsOf = (words: { startMs: number }[]) => words.map((w) => w.startMs);
    // Whisper's phrase ends where the sound does: "back" and "the" start near its times.
    const trusted = startsOf(alignWordsToSpeech(heard, speech, { loudness }));
    expect(Math.abs((trusted[2] ?? 0) - 550)).toBeLessThan(60);
    expect(Math.abs((trusted[3] ?? 0) - 810)).toBeLessThanOrEqual(10);
    // Its times as a weak hint, as everywhere else: "back" takes the dip at 800 ms.
    const weak = startsOf(alignWordsToSpeech(heard, speech, { loudness, trustedTimeWeight: 0.05 }));
    expect(weak[2]).toBe(810);
    // Whisper put the phrase 1 s late: its edges disagree with the sound, so the heavier
    // weight is not used.
    const late = heard.map((w) => word(w.text, w.startMs + 1000, w.endMs + 1000));
    expect(alignWordsToSpeech(late, speech, { loudness })).toEqual(
      alignWordsToSpeech(late, speech, { loudness, trustedTimeWeight: 0.05 }),
    );
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
