import { describe, expect, it } from 'vitest';
import { criterionOf } from '../fixtures';

describe('follow-through', () => {
  it.each([
    [
      'After a blameless post-mortem with the storage and api teams, I wrote a new runbook for disk pressure and we revised the storage SLO to 99.95%; repeat incidents dropped from 6 a quarter to 1.',
      4,
    ],
    ['we revised the slo to 99.95% and wrote a new runbook', 2],
    ['i ran a blameless review with the network team', 1],
    ['since then repeat pages went down from twelve a month to two', 1],
    ['the same outage never happened again', 1],
    ['since then repeat pages went down a lot', 0],
    ['we wrote a post mortem', 0],
    ['we went home', 0],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'followThrough').score).toBe(score);
  });

  it('says which parts of the process are missing', () => {
    const c = criterionOf('we wrote a post mortem', 'followThrough');
    expect(c.evidence).toEqual([
      { text: 'we wrote a post mortem', label: 'post-mortem mentioned' },
    ]);
    expect(c.missing).toEqual([
      'No revised SLO or error-budget policy after the incident.',
      'No new or updated runbook.',
      'No blameless, cross-team review of the incident.',
      'No measured drop in repeat incidents afterwards ("repeat pages fell from 9 a month to 1").',
    ]);
  });

  it('wins on follow-through when the fix becomes a process', () => {
    const fix = criterionOf(
      'The disk filled up on the storage nodes. After the incident we fixed the bug and moved on.',
      'followThrough',
    );
    const process = criterionOf(
      'The disk filled up on the storage nodes. After a blameless post-mortem with the storage and api teams, I wrote a new runbook for disk pressure and we revised the storage SLO to 99.95%; repeat incidents dropped from 6 a quarter to 1.',
      'followThrough',
    );
    expect([fix.score, process.score]).toEqual([0, 4]);
  });
});
