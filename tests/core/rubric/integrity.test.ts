import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../../core/rubric';
import type { ScenarioTrack } from '../../../core/rubric';

const flagsOf = (text: string, track: ScenarioTrack = 'incident') =>
  (scoreTranscript({ text }, { weights: { metrics: 1, ownership: 1 }, track }).redFlags ?? []).map(
    (f) => f.code,
  );

describe('numbers that cannot all be true', () => {
  it.each<[string, ScenarioTrack, boolean]>([
    ['Altogether MTTR goes from 48 to 40, which is the 30 percent cut.', 'tradeoff', true],
    ['So MTTR goes from 48 to roughly 33, which is 31 percent.', 'tradeoff', false],
    [
      'Automatic rollback takes mitigation from 20 minutes to 35, which is faster.',
      'tradeoff',
      true,
    ],
    [
      'Automatic rollback takes mitigation from 20 minutes to 5, which is faster.',
      'tradeoff',
      false,
    ],
  ])('%s (%s): %s', (text, track, contradictory) => {
    expect(flagsOf(text, track).includes('contradictory-numbers')).toBe(contradictory);
  });

  it('lets a design compare a budget of 43 minutes with a two-minute blip', () => {
    expect(
      flagsOf(
        'The budget is 43 minutes of downtime a month. A short outage of two minutes might not page at all. I would page when we burn 2 percent in an hour. The outage review starts when an incident uses a quarter of the budget.',
        'design',
      ),
    ).not.toContain('contradictory-numbers');
  });
});

describe('blame', () => {
  it.each([
    'The worst outage was caused by a junior developer who dropped a production table.',
    'Our worst outage was entirely the cloud provider’s fault.',
    'It was their incident, not mine.',
  ])('hears blame in "%s"', (sentence) => {
    expect(flagsOf(sentence)).toContain('blame');
  });

  it('does not hear blame in a blameless review of the same change', () => {
    expect(
      flagsOf(
        'The change was caused by a missing review step in the config pipeline. I chaired a blameless review with the team that pushed it.',
      ),
    ).not.toContain('blame');
  });
});

describe('off topic', () => {
  it('hears a renovation told with a budget and a weekly check-in as off topic', () => {
    expect(
      flagsOf(
        'We redid our kitchen last spring. I chose the builder and paid the budget. We cooked on a camping stove for weeks. The worktops arrived cracked. We now buy materials ahead. My family loves the new kitchen.',
      ),
    ).toContain('off-topic');
  });

  it('keeps a short outage story on topic through its plain clauses', () => {
    expect(
      flagsOf(
        'A disk filled up on one of our log servers and the logging stopped. I cleaned up some old files and it started working again. It was down for a while. We set up log rotation afterwards so it would not happen again.',
      ),
    ).not.toContain('off-topic');
  });
});

describe('a memorised template', () => {
  it('is flagged and costs the whole answer more than its own words', () => {
    const report = scoreTranscript(
      {
        text: 'There was an incident with one of our services a while ago. It took a while to get it sorted out. In the end it came back. I would tighten the deployment gate, which adds 5 minutes to every release, but improves reliability by 20 percent.',
      },
      { weights: { metrics: 1, tradeoffs: 1 }, track: 'incident' },
    );
    expect(report.redFlags?.map((f) => f.code)).toContain('template-echo');
    expect(report.adjustments?.find((a) => a.code === 'template-echo')?.factor).toBe(0.4);
  });
});
