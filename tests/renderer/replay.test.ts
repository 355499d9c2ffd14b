import { describe, expect, it } from 'vitest';
import { buildRegions, missingMomentMs, peaks, wordAt } from '../../renderer/src/replay/regions';
import { progressSeries } from '../../renderer/src/rooms/progress';
import { countdownTone } from '../../renderer/src/rooms/InterviewRoom';
import { sessionFixture, summaryFixture } from './fixtures';

describe('buildRegions', () => {
  it('marks long pauses, stalls, fillers, prompts, warnings and STAR-E parts in time order', () => {
    expect(buildRegions(sessionFixture())).toEqual([
      { kind: 'part', startMs: 500, endMs: 4000, label: 'Situation: 20% of the time' },
      { kind: 'filler', startMs: 2000, endMs: 2300, label: 'Filler "um"' },
      { kind: 'pause', startMs: 4000, endMs: 5500, label: 'Long pause 1.5 s' },
      { kind: 'stall', startMs: 8000, endMs: 11200, label: 'Stall 3.2 s' },
      { kind: 'prompt', startMs: 12000, endMs: 14000, label: 'Follow-up: How long did it last?' },
      { kind: 'warning', startMs: 300000, endMs: 301000, label: 'Five minutes left.' },
    ]);
  });
});

describe('peaks and wordAt', () => {
  it('takes the largest absolute value of each bucket', () => {
    expect(
      [...peaks(new Float32Array([0.1, -0.5, 0.2, 0.3, -0.1, 0]), 3)].map((v) => +v.toFixed(2)),
    ).toEqual([0.5, 0.3, 0.1]);
    expect(peaks(new Float32Array(0), 4)).toEqual(new Float32Array(4));
  });

  it.each([
    [-1, -1],
    [0, 0],
    [199, 0],
    [200, -1],
    [300, 1],
    [950, 2],
    [2000, -1],
  ])('at %d ms the word is %d', (ms, index) => {
    const words = [
      { startMs: 0, endMs: 200 },
      { startMs: 250, endMs: 600 },
      { startMs: 900, endMs: 1000 },
    ];
    expect(wordAt(words, ms)).toBe(index);
  });
});

describe('progressSeries', () => {
  it('puts attempts of one scenario in time order, score 4 at the top', () => {
    const sessions = [
      summaryFixture('b', '2026-11-02T00:00:00Z', 'inc', { metrics: 4 }),
      summaryFixture('a', '2026-11-01T00:00:00Z', 'inc', { metrics: 1 }),
      summaryFixture('c', '2026-11-03T00:00:00Z', 'other', { metrics: 0 }),
    ];
    const metrics = progressSeries(sessions, 'inc', 100, 40).find((s) => s.id === 'metrics')!;
    expect(metrics.points).toEqual([
      { x: 0, y: 30, sessionId: 'a' },
      { x: 100, y: 0, sessionId: 'b' },
    ]);
    expect(progressSeries(sessions, undefined, 100, 40)[0]!.points).toHaveLength(3);
  });
});

describe('countdownTone', () => {
  it.each([
    [0, 3, 600000, 'calm'],
    [1, 3, 300000, 'amber'],
    [2, 3, 60000, 'amber'],
    [3, 3, 20000, 'red'],
    [0, 0, 0, 'red'],
  ] as const)('%d of %d warnings passed, %d ms left: %s', (passed, total, left, tone) => {
    expect(countdownTone(passed, total, left)).toBe(tone);
  });
});

describe('missingMomentMs', () => {
  it.each([
    [
      'after the last evidence of the criterion',
      [
        { startMs: 100, endMs: 900 },
        { startMs: 2000, endMs: 2500 },
      ],
      9000,
      2500,
    ],
    ['at an evidence start when it has no end', [{ startMs: 3000 }], 9000, 3000],
    ['at the end of the answer without evidence', [], 9000, 9000],
    ['nowhere when nothing was said', [{}], null, undefined],
  ])('plays a gap %s', (_label, evidence, speechEndMs, expected) => {
    expect(missingMomentMs(evidence, speechEndMs)).toBe(expected);
  });
});
