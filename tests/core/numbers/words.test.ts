import { describe, expect, it } from 'vitest';
import { numberWordValue, parseNumberAt } from '../../../core/numbers/words';

const tokens = (s: string) => s.split(' ');

describe('parseNumberAt', () => {
  it.each([
    ['forty five minutes', 45, 2],
    ['two thousand seven hundred thirty seconds', 2730, 5],
    ['twelve thousand four hundred fifty shoppers', 12450, 5],
    ['one hundred and fifty users', 150, 4],
    ['twenty two hundred requests', 2200, 3],
    ['ninety nine point nine percent', 99.9, 4],
    ['ninety nine point nine five', 99.95, 5],
    ['one point two million dollars', 1_200_000, 4],
    ['three and a half minutes', 3.5, 4],
    ['a million requests', 1_000_000, 2],
    ['a hundred and twelve', 112, 4],
    ['a dozen pages', 12, 2],
    ['half a million users', 500_000, 3],
    ['half an hour', 0.5, 2],
    ['zero pages', 0, 1],
  ])('reads the words of "%s" as %d, stopping before token %d', (text, value, end) => {
    expect(parseNumberAt(tokens(text), 0)).toEqual({ value, end, digits: false });
  });

  it.each([
    ['2,730 seconds', { value: 2730, end: 1, digits: true }],
    ['12,450 users', { value: 12450, end: 1, digits: true }],
    ['1.5 hours', { value: 1.5, end: 1, digits: true }],
    ['99.9%', { value: 99.9, end: 1, digits: true, suffix: '%' }],
    ['$40k', { value: 40000, end: 1, digits: true, currency: 'USD' }],
    ['€1.2m', { value: 1_200_000, end: 1, digits: true, currency: 'EUR' }],
    ['£300', { value: 300, end: 1, digits: true, currency: 'GBP' }],
    ['12 thousand users', { value: 12000, end: 2, digits: true }],
    ['40k users', { value: 40000, end: 1, digits: true }],
    ['500ms', { value: 500, end: 1, digits: true, suffix: 'ms' }],
    ['30s', { value: 30, end: 1, digits: true, suffix: 's' }],
    ['5m', { value: 5, end: 1, digits: true, suffix: 'm' }],
    ['2 and a half hours', { value: 2.5, end: 4, digits: true }],
  ])('reads the digits of "%s"', (text, expected) => {
    expect(parseNumberAt(tokens(text), 0)).toEqual(expected);
  });

  it.each([
    ['five ten minutes', 5, 1],
    ['nineteen ninety nine', 19, 1],
    ['forty fifty', 40, 1],
    ['seven eight', 7, 1],
  ])('stops "%s" where the words stop forming one number', (text, value, end) => {
    expect(parseNumberAt(tokens(text), 0)).toMatchObject({ value, end });
  });

  it.each([['the'], ['a'], ['point five'], ['1990s'], ['2:14'], ['p99'], ['constructor'], ['']])(
    'finds no number at the start of "%s"',
    (text) => {
      expect(parseNumberAt(tokens(text), 0)).toBeNull();
    },
  );

  it('starts reading at the given token', () => {
    expect(parseNumberAt(tokens('it took forty five minutes'), 2)).toEqual({
      value: 45,
      end: 4,
      digits: false,
    });
  });
});

describe('numberWordValue', () => {
  it.each([
    ['seven', 7],
    ['nineteen', 19],
    ['ninety', 90],
    ['hundred', undefined],
    ['toString', undefined],
  ])('gives "%s" the value %s', (word, value) => {
    expect(numberWordValue(word)).toBe(value);
  });
});
