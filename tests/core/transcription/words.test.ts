import { describe, expect, it } from 'vitest';
import {
  isSpecialWhisperToken,
  mergeWhisperPieces,
  offsetWords,
  segmentsFromWords,
  tidyWordTimes,
} from '../../../core/transcription/words';

describe('isSpecialWhisperToken', () => {
  it.each([
    ['[_BEG_]', true],
    ['[_TT_150]', true],
    [' [_TT_1500]', true],
    ['[_SOT_]', true],
    ['[_EOT_]', true],
    ['[_LANG_en]', true],
    ['[_extra_token_50300]', true],
    ['<|endoftext|>', true],
    [' deploy', false],
    ['[laughs]', false],
    ['um', false],
  ])('%j is a control token: %s', (text, expected) => {
    expect(isSpecialWhisperToken(text)).toBe(expected);
  });
});

describe('mergeWhisperPieces', () => {
  it('starts a word at each leading space and glues the other pieces to it', () => {
    expect(
      mergeWhisperPieces([
        { text: '[_BEG_]', startMs: 0, endMs: 0 },
        { text: ' I', startMs: 0, endMs: 120 },
        { text: ' rolled', startMs: 130, endMs: 400 },
        { text: ' back', startMs: 410, endMs: 600 },
        { text: ' the', startMs: 610, endMs: 700 },
        { text: ' dep', startMs: 710, endMs: 900 },
        { text: 'loy', startMs: 900, endMs: 1100 },
        { text: '.', startMs: 1100, endMs: 1150 },
        { text: '[_TT_58]', startMs: 1160, endMs: 1160 },
      ]),
    ).toEqual([
      { text: 'I', startMs: 0, endMs: 120 },
      { text: 'rolled', startMs: 130, endMs: 400 },
      { text: 'back', startMs: 410, endMs: 600 },
      { text: 'the', startMs: 610, endMs: 700 },
      { text: 'deploy.', startMs: 710, endMs: 1150 },
    ]);
  });

  it('keeps fillers and drops pieces that are only punctuation', () => {
    expect(
      mergeWhisperPieces([
        { text: ' Umm', startMs: 0, endMs: 300 },
        { text: ',', startMs: 300, endMs: 310 },
        { text: ' ...', startMs: 320, endMs: 500 },
        { text: ' like', startMs: 900, endMs: 1100 },
      ]).map((w) => w.text),
    ).toEqual(['Umm,', 'like']);
  });

  it('takes the lowest piece probability as the word confidence', () => {
    expect(
      mergeWhisperPieces([
        { text: ' out', startMs: 0, endMs: 100, probability: 0.9 },
        { text: 'age', startMs: 100, endMs: 300, probability: 0.6 },
      ]),
    ).toEqual([{ text: 'outage', startMs: 0, endMs: 300, confidence: 0.6 }]);
  });

  it('makes overlapping or backwards times monotonic and clamps to the audio length', () => {
    expect(
      mergeWhisperPieces(
        [
          { text: ' a', startMs: 100.4, endMs: 500.6 },
          { text: ' b', startMs: 300, endMs: 200 },
          { text: ' c', startMs: 900, endMs: 1500 },
        ],
        1000,
      ),
    ).toEqual([
      { text: 'a', startMs: 100, endMs: 501 },
      { text: 'b', startMs: 501, endMs: 501 },
      { text: 'c', startMs: 900, endMs: 1000 },
    ]);
  });

  it('returns no words for no pieces or only control tokens', () => {
    expect(mergeWhisperPieces([])).toEqual([]);
    expect(mergeWhisperPieces([{ text: '[_BEG_]', startMs: 0, endMs: 0 }])).toEqual([]);
  });
});

describe('tidyWordTimes and offsetWords', () => {
  it('clamps negative times to 0 and confidence into 0..1', () => {
    expect(tidyWordTimes([{ text: 'x', startMs: -20, endMs: 40, confidence: 1.0004 }])).toEqual([
      { text: 'x', startMs: 0, endMs: 40, confidence: 1 },
    ]);
  });

  it('shifts every word by a rounded offset', () => {
    expect(offsetWords([{ text: 'x', startMs: 10, endMs: 20 }], 1000.4)).toEqual([
      { text: 'x', startMs: 1010, endMs: 1020 },
    ]);
  });
});

describe('segmentsFromWords', () => {
  const w = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });

  it('ends a segment at sentence punctuation and at long gaps', () => {
    expect(
      segmentsFromWords([
        w('We', 0, 100),
        w('paged.', 100, 300),
        w('Then', 400, 500),
        w('waited', 500, 800),
        w('again', 2000, 2300),
      ]),
    ).toEqual([
      { text: 'We paged.', startMs: 0, endMs: 300 },
      { text: 'Then waited', startMs: 400, endMs: 800 },
      { text: 'again', startMs: 2000, endMs: 2300 },
    ]);
  });

  it('caps a segment at maxWords', () => {
    const words = Array.from({ length: 5 }, (_, i) => w(`w${i}`, i * 100, i * 100 + 50));
    expect(segmentsFromWords(words, { maxWords: 2 }).map((s) => s.text)).toEqual([
      'w0 w1',
      'w2 w3',
      'w4',
    ]);
  });

  it('gives no segments for no words', () => {
    expect(segmentsFromWords([])).toEqual([]);
  });
});
