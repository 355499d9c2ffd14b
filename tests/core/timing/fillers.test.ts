import { describe, expect, it } from 'vitest';
import { detectFillers, vocalFiller } from '../../../core/timing/fillers';
import type { Word } from '../../../core/transcript';

/**
 * Words from a sentence, 300 ms each with 50 ms between them; a "|" token inserts an extra
 * 400 ms silence before the next word.
 */
function timed(sentence: string): Word[] {
  const words: Word[] = [];
  let at = 0;
  for (const token of sentence.split(' ')) {
    if (token === '|') {
      at += 400;
      continue;
    }
    words.push({ text: token, startMs: at, endMs: at + 300 });
    at += 350;
  }
  return words;
}

describe('detectFillers', () => {
  it.each([
    { sentence: 'um so the database was down', fillers: ['um'] },
    { sentence: 'Umm, we rolled back. Uh, then we waited', fillers: ['um', 'uh'] },
    { sentence: 'er the page came in hmm around nine', fillers: ['er', 'hmm'] },
    { sentence: 'Ahh right the cache', fillers: ['ah'] },
    { sentence: 'it was, like, forty minutes', fillers: ['like'] },
    { sentence: 'it was like | forty minutes', fillers: ['like'] },
    { sentence: 'Like, the alerts were noisy', fillers: ['like'] },
    { sentence: 'um like the alerts were noisy', fillers: ['um', 'like'] },
    { sentence: 'I like the new dashboards', fillers: [] },
    { sentence: 'it looks like a bad deploy', fillers: [] },
    { sentence: 'I would like to add a canary', fillers: [] },
    { sentence: 'something like forty minutes', fillers: [] },
    { sentence: 'it was like forty minutes', fillers: [] },
    { sentence: 'the latency, you know, kept climbing', fillers: ['you know'] },
    { sentence: 'we paged them you know', fillers: ['you know'] },
    { sentence: 'do you know what the SLO was', fillers: [] },
    { sentence: 'you know the runbook step', fillers: [] },
    { sentence: 'if you know how it fails', fillers: [] },
    { sentence: "y'know, the retries piled up", fillers: ['you know'] },
    { sentence: 'the error budget was sort of gone', fillers: ['sort of'] },
    { sentence: 'we kind of rolled back', fillers: ['kind of'] },
    { sentence: 'it was kinda slow', fillers: ['kind of'] },
    { sentence: 'what kind of alert fired', fillers: [] },
    { sentence: 'a sort of circuit breaker', fillers: [] },
    { sentence: 'the right kind of signal', fillers: [] },
    { sentence: 'I mean, the pager was silent', fillers: ['i mean'] },
    { sentence: 'what I mean is the queue backed up', fillers: [] },
    { sentence: 'I mean it when I say rollback first', fillers: [] },
    { sentence: 'I mean to automate the runbook', fillers: [] },
    { sentence: 'so, um, like, you know, it was down', fillers: ['um', 'like', 'you know'] },
  ])('finds $fillers in "$sentence"', ({ sentence, fillers }) => {
    expect(detectFillers(timed(sentence)).map((f) => f.text)).toEqual(fillers);
  });

  it('spans a two-word filler from its first word start to its second word end', () => {
    expect(detectFillers(timed('so you know we paged them'))).toEqual([
      { text: 'you know', startMs: 350, endMs: 1000 },
    ]);
  });

  it('reports a contraction once, with its own timing', () => {
    expect(detectFillers(timed('it was sorta broken'))).toEqual([
      { text: 'sort of', startMs: 700, endMs: 1000 },
    ]);
  });

  it('returns nothing for no words', () => {
    expect(detectFillers([])).toEqual([]);
  });
});

describe('vocalFiller', () => {
  it.each([
    ['um', 'um'],
    ['ummm', 'um'],
    ['uhm', 'um'],
    ['uh', 'uh'],
    ['uhhh', 'uh'],
    ['erm', 'er'],
    ['ah', 'ah'],
    ['hmm', 'hmm'],
    ['mm', 'hmm'],
    ['mhm', 'hmm'],
    ['summer', null],
    ['her', null],
    ['a', null],
  ])('reads "%s" as %s', (word, expected) => {
    expect(vocalFiller(word)).toBe(expected);
  });
});
