import { describe, expect, it } from 'vitest';
import { criterionOf, scoresOf } from '../fixtures';

describe('ownership', () => {
  it.each([
    [
      'i paged the dba i rolled back the deploy i drained the node and i updated the status page and i chaired the post mortem',
      4,
    ],
    ['I paged the DBA, I rolled back the deploy and I wrote the post-mortem.', 3],
    ['i rolled back and we wrote a post-mortem', 1],
    ['i paged the dba and then another team handled it', 0],
    ['we paged the dba and we rolled back and the team fixed it', 0],
    ['the weather was fine', 0],
    // Spoken stories often run in the historical present.
    ['so i page the dba and i roll back the release and i drain the node', 2],
    ['i think it was bad and i have no idea and i see the graph', 0],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'ownership').score).toBe(score);
  });

  it.each([
    ['i rolled back the deploy but i wasn’t part of the post mortem'],
    ['i rolled back the deploy and my manager wrote the post mortem'],
    ['i paged the team and i rolled back and i drained the node but i missed the post-mortem'],
  ])('flags absence from the post-mortem and caps the score at 1: "%s"', (answer) => {
    const c = criterionOf(answer, 'ownership');
    expect(c.score).toBe(1);
    expect(c.missing).toContain(
      'Not part of the post-mortem: a red flag for ownership; own the review and its actions.',
    );
  });

  it('quotes the vague "we" that outnumbers "I"', () => {
    const c = criterionOf('we paged the dba and we rolled back and the team fixed it', 'ownership');
    expect(c.evidence).toEqual([
      { text: 'we paged', label: 'vague we' },
      { text: 'we rolled', label: 'vague we' },
      { text: 'the team fixed', label: 'vague we' },
    ]);
    expect(c.missing).toEqual([
      'No first-person actions: say what you did ("I paged", "I rolled back").',
      '"We" and "the team" (3) outnumber "I" (0): say which steps were yours.',
    ]);
  });

  it('wins on ownership, and only there, when "we" becomes "I"', () => {
    const we = scoresOf(
      'The cache cluster ran out of memory. We paged the database team, we rolled back the release and we wrote the post-mortem.',
    );
    const i = scoresOf(
      'The cache cluster ran out of memory. I paged the database team, I rolled back the release and I wrote the post-mortem.',
    );
    expect([we.ownership, i.ownership]).toEqual([0, 3]);
    expect({ ...i, ownership: 0 }).toEqual({ ...we, ownership: 0 });
  });
});
