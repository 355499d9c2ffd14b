import { describe, expect, it } from 'vitest';
import { analyzeText, normalizeWord } from '../../../core/rubric/text';
import type { Transcript } from '../../../core/transcript';

describe('normalizeWord', () => {
  it.each([
    ['Post-Mortem,', 'post mortem'],
    ['45-minute', '45 minute'],
    ['“Checkout”', 'checkout'],
    ['99.9%.', '99.9%'],
    ['$40k,', '$40k'],
    ['I’d', "i'd"],
    ['p99/p95', 'p99 p95'],
    ['(SEV-1)', 'sev 1'],
    ['—', ''],
  ])('turns %s into "%s"', (raw, norm) => {
    expect(normalizeWord(raw)).toBe(norm);
  });
});

describe('analyzeText', () => {
  it('reads plain text as untimed words and keeps sentence marks', () => {
    const a = analyzeText({ text: 'We paged. Um, then I rolled back!' });
    expect(a.timed).toBe(false);
    expect(a.norms).toEqual(['we', 'paged', 'um', 'then', 'i', 'rolled', 'back']);
    expect(a.sentenceEnd).toEqual([false, true, false, false, false, false, true]);
    expect(a.cueText).toBe('we paged then i rolled back');
  });

  it('puts back spelled acronyms and split compounds a speech engine writes', () => {
    const a = analyzeText({
      text: 'we revised the s l o and the run book and a m t t r of i guess',
    });
    expect(a.cueText).toBe('we revised the slo and the runbook and a mttr of i guess');
    // Words and their count stay as spoken.
    expect(a.words).toHaveLength(19);
  });

  it.each([
    ['at two fourteen the pager went off', 'at 2:14 the pager went off'],
    ['around eleven oh six errors rose', 'around 11:06 errors rose'],
    ['by ten thirty seven it was back', 'by 10:37 it was back'],
    ['we ran two fourteen node clusters', 'we ran two fourteen node clusters'],
    ['the s l i and the s l a', 'the sli and the sla'],
  ])('reads the spoken "%s" as "%s"', (text, cueText) => {
    expect(analyzeText({ text }).cueText).toBe(cueText);
  });

  it('prefers timed words over text, and treats an empty word list as plain text', () => {
    expect(
      analyzeText({ text: 'ignored', words: [{ text: 'hello', startMs: 0, endMs: 300 }] }).norms,
    ).toEqual(['hello']);
    expect(analyzeText({ text: 'plain words', words: [] }).timed).toBe(false);
  });

  it.each<[string, Transcript, RegExp]>([
    [
      'negative start',
      { text: '', words: [{ text: 'a', startMs: -5, endMs: 10 }] },
      /word 0 \("a"\) has startMs -5/,
    ],
    [
      'end before start',
      { text: '', words: [{ text: 'b', startMs: 50, endMs: 10 }] },
      /word 0 \("b"\) ends before it starts/,
    ],
    [
      'out of time order',
      {
        text: '',
        words: [
          { text: 'c', startMs: 500, endMs: 600 },
          { text: 'd', startMs: 100, endMs: 200 },
        ],
      },
      /word 1 \("d"\) starts at 100 ms, before the word ahead of it \(500 ms\): give the words in time order/,
    ],
    [
      'non-finite time',
      { text: '', words: [{ text: 'e', startMs: Number.NaN, endMs: 10 }] },
      /word 0 \("e"\) has startMs NaN/,
    ],
  ])('rejects timed words with a %s', (_name, transcript, message) => {
    expect(() => analyzeText(transcript)).toThrow(message);
  });

  it('rejects a transcript with neither text nor words', () => {
    expect(() => analyzeText({} as Transcript)).toThrow(
      'Transcript text must be a string when no timed words are given.',
    );
  });
});
