import { describe, expect, it } from 'vitest';
import { ALERTING_DESIGN, criterionOf, scoresOf } from '../fixtures';

describe('SLO-first design', () => {
  it.each([
    [ALERTING_DESIGN, 4],
    [
      'our slo is 99.9% over 30 days with an error budget of 43 minutes. the sli is the success rate measured at the load balancer. prometheus scrapes it every 15 seconds. we alert when the burn rate is high, with fast burn and slow burn tiers, deduplicated in alertmanager, escalating to the secondary on call.',
      4,
    ],
    ['the slo is 99.95% and we page when the success rate drops', 1],
    ["i'd alert on errors, then define an slo of 99.9%", 1],
    ['i would alert when cpu is above 80 percent', 0],
    // The same steps in plain words: the promise, the allowance, good over all, the page.
    [
      "The promise is 99.9 percent, so across a month we can afford about 43 minutes. What I'd count is every checkout that went through, out of all that were tried, at the load balancer. Those counts get rolled up every minute. If we'd burn the month in two days, that's a page.",
      3,
    ],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'sloFirst').score).toBe(score);
  });

  it('names every design strength the alerting answer shows', () => {
    const labels = criterionOf(ALERTING_DESIGN, 'sloFirst').evidence.map((e) => e.label);
    expect(labels).toEqual([
      'SLO',
      'indicator',
      'pipeline',
      'alert rules',
      'error budget',
      'pipeline latency',
      'tiered alerts',
      'dynamic baseline',
      'alert fatigue',
      'escalation policy',
      'post-mortem trigger',
      'scale awareness',
    ]);
  });

  it('says in which order the steps were told when the SLO comes late', () => {
    expect(
      criterionOf("i'd alert on errors, then define an slo of 99.9%", 'sloFirst').missing,
    ).toContain(
      'Told as alert rules, SLO: state the SLO first, then the indicator, the pipeline and the alert rules.',
    );
  });

  it('wins on SLO-first, and only there, when the same sentences start from the SLO', () => {
    const alertsFirst = scoresOf(
      "I'd page the on-call when errors go above 5% for 5 minutes. Prometheus scrapes the load balancer every 15 seconds. The indicator is the success rate at the load balancer. The SLO is 99.9% of requests over 30 days, an error budget of 43 minutes.",
    );
    const sloFirst = scoresOf(
      "The SLO is 99.9% of requests over 30 days, an error budget of 43 minutes. The indicator is the success rate at the load balancer. Prometheus scrapes the load balancer every 15 seconds. I'd page the on-call when errors go above 5% for 5 minutes.",
    );
    expect([alertsFirst.sloFirst, sloFirst.sloFirst]).toEqual([2, 3]);
    expect({ ...sloFirst, sloFirst: 0 }).toEqual({ ...alertsFirst, sloFirst: 0 });
  });
});
