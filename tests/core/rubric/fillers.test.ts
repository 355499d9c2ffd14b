import { describe, expect, it } from 'vitest';
import { findFillers } from '../../../core/rubric';
import { transcriptFromWords } from '../../../core/transcript';
import { timedWords } from './fixtures';

const fillers = (text: string) => findFillers({ text }).map((e) => e.text);

describe('findFillers', () => {
  it.each([
    ['um we paged uh the team erm', ['um', 'uh', 'erm']],
    ['it was, like, a really busy day', ['like']],
    ['so, like, we rolled back', ['like']],
    // One detector for the rubric and the timing model: with no comma and no pause to set it
    // off, "like" after a verb and "you know" before an object read as meant.
    ['it was like a really busy day', []],
    ['it looks like a cache issue', []],
    ["I'd like to add a canary", []],
    ['things like prometheus and grafana', []],
    ['and, you know, the pool was exhausted', ['you know']],
    ['and you know the pool was exhausted', []],
    ['do you know how the pool works', []],
    ['you know how it is', []],
    ['it was sort of a mess', ['sort of']],
    ['we kind of rolled back', ['kind of']],
    ['a kind of cache sat in front', []],
    ['what sort of alert fired', []],
    ['Um, LIKE, you know...', ['Um', 'LIKE', 'you know']],
    ['', []],
  ])('finds %j in "%s"', (text, expected) => {
    expect(fillers(text)).toEqual(expected);
  });

  it('gives each filler the times of its words', () => {
    const words = timedWords('so um we sort of paged', { wordsPerMinute: 120 });
    expect(findFillers(transcriptFromWords(words))).toEqual([
      { text: 'um', startMs: 500, endMs: 900, label: 'filler' },
      { text: 'sort of', startMs: 1500, endMs: 2400, label: 'filler' },
    ]);
  });
});
