import { describe, expect, it } from 'vitest';
import { werWords, wordErrorRate } from '../../../core/transcription/wordErrorRate';

describe('word error rate', () => {
  it.each([
    ['And so, my fellow Americans!', ['and', 'so', 'my', 'fellow', 'americans']],
    ["I'm ill-disposed — 'really'", ["i'm", 'ill', 'disposed', 'really']],
    ['  ', []],
  ])('normalises %j to %j', (input, words) => {
    expect(werWords(input)).toEqual(words);
  });

  it.each([
    ['the cat sat', 'The cat sat.', 0, 0, 0],
    ['the cat sat', 'the bat sat', 1, 0, 0],
    ['the cat sat', 'the sat', 0, 1, 0],
    ['the cat sat', 'the cat sat down', 0, 0, 1],
    ['a more a amiable woman', 'a more amiable woman', 0, 1, 0],
  ])(
    'counts %j against %j as %i substitutions, %i deletions, %i insertions',
    (ref, hyp, s, d, i) => {
      const result = wordErrorRate(ref, hyp);
      expect([result.substitutions, result.deletions, result.insertions]).toEqual([s, d, i]);
      expect(result.rate).toBe((s + d + i) / werWords(ref).length);
    },
  );

  it('rates an empty reference 0 against nothing and 1 against any words', () => {
    expect(wordErrorRate('', '').rate).toBe(0);
    expect(wordErrorRate('', 'hello').rate).toBe(1);
  });
});
