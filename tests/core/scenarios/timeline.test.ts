import { describe, expect, it } from 'vitest';
import { fixedCueStarts, placeCue, warningMarks } from '../../../core/scenarios/timeline';

describe('warningMarks', () => {
  it('places the default incident warnings at 5:00, 2:00 and 0:30 left', () => {
    expect(
      warningMarks({
        slotSeconds: 600,
        warnings: [
          { secondsRemaining: 30, say: 'Thirty seconds.' },
          { secondsRemaining: 300, say: 'Five minutes left.' },
          { secondsRemaining: 120, say: '' },
        ],
      }),
    ).toEqual([
      { atMs: 300_000, say: 'Five minutes left.', label: '5:00 left' },
      { atMs: 480_000, say: '', label: '2:00 left' },
      { atMs: 570_000, say: 'Thirty seconds.', label: '0:30 left' },
    ]);
  });

  it('converts elapsed marks and labels them with the time left', () => {
    expect(
      warningMarks({
        slotSeconds: 600,
        warnings: [
          { secondsElapsed: 480, say: 'Two minutes left.' },
          { secondsRemaining: 300, say: 'Five minutes left.' },
        ],
      }),
    ).toEqual([
      { atMs: 300_000, say: 'Five minutes left.', label: '5:00 left' },
      { atMs: 480_000, say: 'Two minutes left.', label: '2:00 left' },
    ]);
  });

  it.each([
    {
      name: 'remaining equal to the slot (slot start)',
      warning: { secondsRemaining: 60, say: 'a' },
    },
    { name: 'remaining longer than the slot', warning: { secondsRemaining: 90, say: 'b' } },
    { name: 'elapsed equal to the slot (slot end)', warning: { secondsElapsed: 60, say: 'c' } },
    { name: 'elapsed past the slot', warning: { secondsElapsed: 75, say: 'd' } },
  ])('drops a mark outside the slot: $name', ({ warning }) => {
    expect(
      warningMarks({ slotSeconds: 60, warnings: [warning, { secondsRemaining: 10, say: 'in' }] }),
    ).toEqual([{ atMs: 50_000, say: 'in', label: '0:10 left' }]);
  });

  it('keeps authored order for marks at the same moment', () => {
    expect(
      warningMarks({
        slotSeconds: 120,
        warnings: [
          { secondsElapsed: 60, say: 'first' },
          { secondsRemaining: 60, say: 'second' },
        ],
      }).map((m) => m.say),
    ).toEqual(['first', 'second']);
  });

  it('returns no marks for a scenario without warnings', () => {
    expect(warningMarks({ slotSeconds: 600, warnings: [] })).toEqual([]);
  });
});

describe('fixedCueStarts', () => {
  it.each([
    [
      'each warning at its mark, the cut-in at the slot end',
      [30_000, 50_000],
      [1000, 1000],
      [30_000, 50_000, 60_000],
    ],
    [
      'a warning that would overlap the one before waits for it',
      [30_000, 31_000],
      [2500, 1000],
      [30_000, 32_500, 60_000],
    ],
    ['no spoken warning: only the cut-in', [], [], [60_000]],
  ])('%s', (_name, atMs, durationsMs, starts) => {
    const marks = atMs.map((at) => ({ atMs: at, say: 'Now.', label: '' }));
    expect(fixedCueStarts(marks, durationsMs, 60_000)).toEqual(starts);
  });
});

describe('placeCue', () => {
  const taken = [
    { atMs: 30_000, durationMs: 1000 },
    { atMs: 50_000, durationMs: 1000 },
  ];
  it.each([
    ['free now: at once', 5000, 3000, 5000],
    ['would overlap a warning: after it', 28_000, 3000, 31_000],
    ['ends exactly as a warning starts: at once', 27_000, 3000, 27_000],
    ['starts inside a warning: after it', 30_500, 2000, 31_000],
    ['would run past the cut-in: not at all', 58_000, 3000, null],
    ['ends exactly at the cut-in: fits', 57_000, 3000, 57_000],
  ])('%s', (_name, fromMs, durationMs, expected) => {
    expect(placeCue(taken, fromMs, durationMs, 60_000)).toBe(expected);
  });
});
