import { describe, expect, it } from 'vitest';
import { exportSession, toSrt, toVtt, wordsToCues } from '../../../core/export';
import type { Word } from '../../../core/transcript';
import { fixtureRecord } from './fixture';

const w = (text: string, startMs: number, endMs: number): Word => ({ text, startMs, endMs });

// 3 words, a 700 ms silence, then 13 words without a gap: a pause break, then a length break.
const SMALL = [
  w('the', 0, 200),
  w('outage', 200, 700),
  w('began', 700, 1100),
  ...'we rolled back the release and watched the error rate fall to zero'
    .split(' ')
    .map((text, i) => w(text, 1800 + i * 250, 2050 + i * 250)),
];

describe('caption cues', () => {
  it('starts a cue at a silence of 700 ms and after 12 words', () => {
    expect(toSrt(SMALL)).toBe(
      [
        '1\n00:00:00,000 --> 00:00:01,100\nthe outage began\n',
        '2\n00:00:01,800 --> 00:00:04,800\nwe rolled back the release and watched the error rate fall to\n',
        '3\n00:00:04,800 --> 00:00:05,050\nzero\n',
      ].join('\n'),
    );
  });

  it('keeps words together across a silence of 699 ms', () => {
    const cues = wordsToCues([w('one', 0, 300), w('two', 999, 1200)]);
    expect(cues).toEqual([{ startMs: 0, endMs: 1200, text: 'one two' }]);
  });

  it('starts a cue when the next word would make it longer than 6 s', () => {
    const slow = [w('a', 0, 1000), w('b', 1500, 3000), w('c', 3500, 6000), w('d', 6500, 6600)];
    expect(wordsToCues(slow).map((c) => [c.startMs, c.endMs, c.text])).toEqual([
      [0, 6000, 'a b c'],
      [6500, 6600, 'd'],
    ]);
  });

  it('starts a cue after a word that ends a sentence', () => {
    const words = [w('Done.', 0, 300), w('Why?', 350, 600), w('Because', 650, 900)];
    expect(wordsToCues(words).map((c) => c.text)).toEqual(['Done.', 'Why?', 'Because']);
  });

  it('sorts words, skips empty ones and never lets a cue end after the next begins', () => {
    const words = [w('second', 5000, 5400), w(' ', 100, 200), w('first', 0, 5600)];
    expect(wordsToCues(words, { maxWords: 1 })).toEqual([
      { startMs: 0, endMs: 5000, text: 'first' },
      { startMs: 5000, endMs: 5400, text: 'second' },
    ]);
  });

  it('adds the offset, shows hours, and shows times before 0 as 0', () => {
    expect(toSrt([w('late', 0, 1500)], { offsetMs: 3_723_004 })).toBe(
      '1\n01:02:03,004 --> 01:02:04,504\nlate\n',
    );
    expect(toSrt([w('early', 0, 1500)], { offsetMs: -1000 })).toBe(
      '1\n00:00:00,000 --> 00:00:00,500\nearly\n',
    );
  });

  it('writes WebVTT with dotted times and escapes cue markup', () => {
    expect(toVtt([w('p99', 0, 400), w('<b>&', 400, 800), w('-->', 800, 1000)])).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:01.000\np99 &lt;b&gt;&amp; --&gt;\n',
    );
  });

  it.each([
    ['srt', ''],
    ['vtt', 'WEBVTT\n'],
  ] as const)('writes an empty %s file for no words', (format, expected) => {
    expect(format === 'srt' ? toSrt([]) : toVtt([])).toBe(expected);
  });

  it('rejects a cue size below one word', () => {
    expect(() => wordsToCues(SMALL, { maxWords: 0 })).toThrow('maxWords must be 1 or more, got 0');
  });
});

describe('caption exports of a take', () => {
  it('shifts every cue by the replay offset so it lines up with the replay audio', () => {
    expect(exportSession(fixtureRecord(), 'srt').content).toBe(
      [
        '1\n00:00:07,600 --> 00:00:11,100\nUm at nine fifteen our checkout API started returning errors.\n',
        '2\n00:00:12,400 --> 00:00:15,600\nI paged the database team and rolled back the deploy within twelve\n',
        '3\n00:00:15,600 --> 00:00:16,000\nminutes\n',
        '4\n00:00:19,000 --> 00:00:21,700\nyou know forty thousand users saw failed payments.\n',
        '5\n00:00:22,000 --> 00:00:23,600\nWe added a canary stage.\n',
      ].join('\n'),
    );
  });

  it('writes the same cues as WebVTT', () => {
    const vtt = exportSession(fixtureRecord(), 'vtt').content.split('\n');
    expect(vtt.slice(0, 5)).toEqual([
      'WEBVTT',
      '',
      '00:00:07.600 --> 00:00:11.100',
      'Um at nine fifteen our checkout API started returning errors.',
      '',
    ]);
    expect(vtt.filter((line) => line.includes(' --> '))).toHaveLength(5);
  });
});
