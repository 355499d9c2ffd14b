import { describe, expect, it } from 'vitest';
import { criterionOf, scoresOf } from '../fixtures';

describe('trade-off transparency', () => {
  it.each([
    [
      'every deploy goes through a canary. i would tighten the canary, which adds 15 minutes to each deploy, but improves change reliability by 20%',
      4,
    ],
    [
      'every deploy goes through a canary i would tighten the canary which adds fifteen minutes to each deploy but improves change reliability by twenty percent',
      4,
    ],
    // The coaching template alone, about nothing else the answer says, is an echo.
    [
      'i would tighten the canary, which adds 15 minutes to each deploy, but improves change reliability by 20%',
      0,
    ],
    ['we chose to fail over rather than wait, at the cost of 5 minutes of cold caches', 3],
    ['there is a trade-off between speed and safety', 1],
    ['the downside is cost', 1],
    ['i decided to restart the pods', 0],
    ['we would figure out the trade offs later', 0],
    ['it depends, we would play it by ear', 0],
    // In plain words: what it costs, and whether that is worth it.
    [
      'what it costs me: waiting two minutes before paging means we spend an extra 2 minutes of budget every real outage, and I think that is worth it',
      2,
    ],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'tradeoffs').score).toBe(score);
  });

  it('quotes a vague deferral once and says it scores nothing', () => {
    const c = criterionOf('it depends, we would play it by ear', 'tradeoffs');
    expect(c.evidence).toEqual([
      { text: 'it depends, we would play it by ear', label: 'vague, scores nothing' },
    ]);
    expect(c.missing[0]).toBe(
      'Vague: "it depends, we would play it by ear" scores nothing; name the cost in minutes, money or risk.',
    );
  });

  it('points at the cost and the gain in numbers', () => {
    const c = criterionOf(
      'every deploy goes through a canary. i would tighten the canary, which adds 15 minutes to each deploy, but improves change reliability by 20%',
      'tradeoffs',
    );
    expect(c.evidence.filter((e) => e.label?.includes('numbers'))).toEqual([
      { text: 'adds 15 minutes', label: 'cost in numbers' },
      { text: 'improves change reliability by 20%', label: 'gain in numbers' },
    ]);
  });

  it('wins on trade-offs when the deferral becomes a priced choice', () => {
    const vague = scoresOf(
      'The bad config reached every region at once. Going forward we could add a canary stage, and we would figure out the cost later.',
    );
    const priced = scoresOf(
      'The bad config reached every region at once. Going forward I would add a canary stage, which adds 10 minutes to every deploy, but cuts failed changes by 40%.',
    );
    expect([vague.tradeoffs, priced.tradeoffs]).toEqual([0, 4]);
    // The priced version also gains a percentage, which metrics credits as an extra.
    expect({ ...priced, tradeoffs: 0, metrics: 0 }).toEqual({ ...vague, tradeoffs: 0, metrics: 0 });
  });
});
