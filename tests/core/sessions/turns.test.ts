import { describe, expect, it } from 'vitest';
import { analyzeCandidateTiming, candidateWords } from '../../../core/sessions/turns';
import { analyzeTiming } from '../../../core/timing/analysis';
import type { TimingInput } from '../../../core/timing/analysis';

const word = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });

/**
 * A 40 s take with a 30 s slot: the candidate speaks 1-10 s, the interviewer asks a follow-up
 * 11-15 s (its voice heard by the microphone), the candidate thinks, then speaks 18-28 s, and
 * talks over the cut-in 30-33 s.
 */
const take: TimingInput = {
  durationMs: 34_000,
  slotMs: 30_000,
  silences: [
    { startMs: 0, endMs: 1000 },
    { startMs: 10_000, endMs: 11_000 },
    { startMs: 15_000, endMs: 18_000 },
    { startMs: 28_000, endMs: 30_000 },
  ],
  words: [
    word('i', 1000, 1200),
    word('paged', 1300, 9900),
    word('what', 11_100, 11_500),
    word('changed', 11_600, 14_800),
    word('we', 18_000, 18_300),
    word('rolled', 18_400, 27_900),
    word('and', 30_100, 32_000),
  ],
};
const interviewer = [
  { startMs: 11_000, endMs: 15_000 },
  { startMs: 30_000, endMs: 34_000 },
];

describe('the candidate timing beside the interviewer', () => {
  it('counts the interviewer against the candidate when it is not told where the interviewer spoke', () => {
    const all = analyzeTiming(take);
    expect(all.overrunMs).toBe(2000);
    expect(all.pauses.map((p) => [p.startMs, p.endMs, p.kind])).toEqual([
      [10_000, 11_000, 'ordinary'],
      [15_000, 18_000, 'stall'],
      [28_000, 30_000, 'long'],
    ]);
  });

  it('leaves out the follow-up and the cut-in: no overrun, no stall, the rate over the floor the candidate held', () => {
    const timing = analyzeCandidateTiming(take, interviewer);
    expect(timing.overrunMs).toBe(0);
    expect(timing.speechEndMs).toBe(27_900);
    expect(timing.firstWordMs).toBe(1000);
    // The silences around the follow-up are turn-taking: listening, then thinking.
    expect(timing.pauses).toEqual([]);
    // 4 words from 1.0 s to 27.9 s, of which 4 s were the interviewer's: 22.9 s held.
    expect(timing.wordsPerMinute).toBe(10.5);
  });

  it('keeps words less than half inside a span, drops those at least half inside', () => {
    expect(
      candidateWords(
        [word('a', 9000, 10_000), word('b', 10_200, 11_100), word('c', 10_500, 11_500)],
        [{ startMs: 11_000, endMs: 15_000 }],
      ).map((w) => w.text),
    ).toEqual(['a', 'b']);
  });

  it('is analyzeTiming itself when the interviewer never spoke in the take', () => {
    expect(analyzeCandidateTiming(take, [])).toEqual(analyzeTiming(take));
  });
});
