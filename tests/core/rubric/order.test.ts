import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../../core/rubric';
import { STRONG_INCIDENT } from './fixtures';

const WEIGHTS = { structure: 1, metrics: 1, ownership: 1 };
const flags = (text: string) =>
  (scoreTranscript({ text }, { weights: WEIGHTS, track: 'incident' }).redFlags ?? []).map(
    (f) => f.code,
  );
const orderFactor = (text: string) =>
  scoreTranscript({ text }, { weights: WEIGHTS, track: 'incident' }).adjustments?.find(
    (a) => a.code === 'incoherent-order',
  )?.factor ?? 1;

describe('the order a listener can follow', () => {
  it('leaves a story told in order alone', () => {
    expect(orderFactor(STRONG_INCIDENT)).toBe(1);
    expect(
      orderFactor(
        'Every month I ask whether each page needed a human. If not, the rule changes. I page on the burn rate of the checkout SLO. Disk and CPU make tickets. The alert fires when the success rate stays under 99 percent. The runbook starts with the last deploy.',
      ),
    ).toBe(1);
  });

  it.each([
    [
      'a pronoun before anyone it could be',
      'Before the review I talked to him one to one. The engineer who pushed the change was nervous. I chaired the review. We added a canary for config. The outage lasted 40 minutes. I rolled back the config in 5 minutes.',
    ],
    [
      'a figure pointed at before it was said',
      'We cut paging noise first. Most of those 12 minutes were the alert waiting. The detection took 12 minutes in total. I moved the alert to a burn rate. I rolled back in 4 minutes. The outage lasted 30 minutes.',
    ],
    [
      'the scene set after the closing',
      'I rolled back the deploy in 4 minutes. Since then we canary every config change. The outage lasted 30 minutes for 2,000 users. I paged the database team. Last Friday night our checkout service began timing out. I declared a SEV-2.',
    ],
    [
      'an "if not" with no condition before it',
      'I would page on the burn rate of the checkout SLO. Disk and CPU never page, they make tickets. If not, the rule changes. Every month I look at each page. The alert fires when the success rate stays under 99 percent. The runbook starts with the last deploy.',
    ],
  ])('flags %s and keeps a fraction of the score', (_name, text) => {
    expect(flags(text)).toContain('incoherent-order');
    expect(orderFactor(text)).toBe(0.19);
  });
});

describe('substance', () => {
  it('counts events, figures and reasons against what a full answer holds', () => {
    const report = scoreTranscript(
      {
        text: 'I rolled back the deploy in 4 minutes because errors hit 12%. The outage lasted 30 minutes.',
      },
      { weights: { metrics: 1 }, targetWords: 300 },
    );
    // 3 event verbs (rolled, hit, lasted) + 3 figures + 1 reason ("because") = 7 of the 10
    // units a 300-word answer holds.
    expect(report.substance).toBe(0.7);
  });
});
