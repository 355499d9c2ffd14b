import { describe, expect, it } from 'vitest';
import type { Word } from '../../../core/transcript';
import {
  applyHallucinationFilters,
  collapseRepeatedPhrases,
  dropWordsInLongSilences,
  dropWordsPastEnd,
} from '../../../core/transcription/hallucination';

const w = (text: string, startMs: number, endMs: number): Word => ({ text, startMs, endMs });
const texts = (words: Word[]) => words.map((x) => x.text).join(' ');

describe('dropWordsInLongSilences', () => {
  const context = {
    durationMs: 10000,
    silences: [
      { startMs: 2000, endMs: 6000 },
      { startMs: 7000, endMs: 7500 },
    ],
  };

  it('drops "thank you" invented inside a 4 s silence and keeps the words around it', () => {
    const words = [
      w('so', 1500, 1900),
      w('Thank', 3000, 3300),
      w('you.', 3300, 3600),
      w('um', 6100, 6400),
    ];
    expect(texts(dropWordsInLongSilences()(words, context))).toBe('so um');
  });

  it('keeps a word in a silence shorter than minSilenceMs', () => {
    expect(texts(dropWordsInLongSilences()([w('uh', 7100, 7400)], context))).toBe('uh');
  });

  it('keeps a word that only grazes the edge of a long silence', () => {
    expect(texts(dropWordsInLongSilences()([w('right', 1800, 2200)], context))).toBe('right');
  });
});

describe('collapseRepeatedPhrases', () => {
  it.each([
    ['no no', 'no no'],
    ['thank you thank you thank you thank you', 'thank you thank you'],
    ['a a a a b', 'a a b'],
    ['we paged we paged we paged and then', 'we paged we paged and then'],
    ['I rolled back', 'I rolled back'],
  ])('%s becomes %s', (input, expected) => {
    const words = input.split(' ').map((t, i) => w(t, i * 100, i * 100 + 90));
    expect(texts(collapseRepeatedPhrases()(words, { durationMs: 10000, silences: [] }))).toBe(
      expected,
    );
  });
});

describe('dropWordsPastEnd and applyHallucinationFilters', () => {
  it('drops words that start after the audio ends', () => {
    expect(
      texts(
        dropWordsPastEnd([w('a', 0, 100), w('b', 1000, 1100)], { durationMs: 1000, silences: [] }),
      ),
    ).toBe('a');
  });

  it('runs the default filters in order', () => {
    const words = [
      w('um', 0, 300),
      w('you', 4000, 4300),
      w('ok', 9000, 9300),
      w('bye', 12000, 12100),
    ];
    const kept = applyHallucinationFilters(words, {
      durationMs: 10000,
      silences: [{ startMs: 1000, endMs: 8000 }],
    });
    expect(texts(kept)).toBe('um ok');
  });

  it('applies no filter when given an empty list', () => {
    const words = [w('you', 4000, 4300)];
    expect(applyHallucinationFilters(words, { durationMs: 100, silences: [] }, [])).toEqual(words);
  });
});
