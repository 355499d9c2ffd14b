import { describe, expect, it } from 'vitest';
import { dueMomentMs } from '../../core/report/summary';
import { buildRegions, wordAt } from '../../renderer/src/replay/regions';
import { buildMarkers, nextMarker, previousMarker } from '../../renderer/src/replay/markers';
import { attemptsOf, compareAttempts, latestScenario } from '../../renderer/src/rooms/progress';
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

describe('wordAt', () => {
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

describe('progress', () => {
  const sessions = [
    summaryFixture('b', '2026-11-02T00:00:00Z', 'inc', { metrics: 4, structure: 2 }),
    summaryFixture('a', '2026-11-01T00:00:00Z', 'inc', { metrics: 1, structure: 2 }),
    summaryFixture('c', '2026-11-03T00:00:00Z', 'other', { metrics: 0 }),
  ];

  it('puts the attempts of one scenario in time order, and opens on the latest practised', () => {
    expect(attemptsOf(sessions, 'inc').map((s) => s.id)).toEqual(['a', 'b']);
    expect(attemptsOf(sessions, '').map((s) => s.id)).toEqual(['a', 'b', 'c']);
    expect(latestScenario(sessions)).toBe('other');
    expect(latestScenario([])).toBe('');
  });

  it('compares newer minus older whatever order the two were picked in', () => {
    const [a, b] = [sessions[1]!, sessions[0]!];
    b.overall = 46;
    for (const picked of [compareAttempts(a, b), compareAttempts(b, a)]) {
      expect([picked.older.id, picked.newer.id]).toEqual(['a', 'b']);
      expect(picked.rows.map((r) => [r.id, r.older, r.newer, r.delta])).toEqual([
        ['structure', 2, 2, 0],
        ['metrics', 1, 4, 3],
      ]);
      expect(picked.overall.delta).toBe(-4);
    }
  });
});

describe('markers', () => {
  it('lists long pauses, stalls, fillers and the interviewer in time order, with words for each', () => {
    expect(buildMarkers(sessionFixture()).map((m) => [m.kind, m.startMs, m.label])).toEqual([
      ['filler', 2000, 'Filler “um” at 0:02'],
      ['long', 4000, 'Long pause 1.5 s at 0:04'],
      ['stall', 8000, 'Stall 3.2 s at 0:08'],
      ['followUp', 12000, 'Follow-up: “How long did it last?” at 0:12'],
      ['warning', 300000, 'Time warning: “Five minutes left.” at 5:00'],
    ]);
  });

  it.each([
    [-4000, 0, -1],
    [1999, 1, -1],
    [2000, 1, -1],
    [4100, 2, 0],
    [400000, -1, 4],
  ])('from %d ms the next marker is %d and the previous %d', (ms, next, previous) => {
    const markers = buildMarkers(sessionFixture());
    expect([nextMarker(markers, ms), previousMarker(markers, ms)]).toEqual([next, previous]);
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

describe('dueMomentMs', () => {
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
    expect(dueMomentMs(evidence, speechEndMs)).toBe(expected);
  });
});
