import { describe, expect, it } from 'vitest';
import { transcriptFromWords } from '../../../../core/transcript';
import { criterionOf, scoresOf, timedWords } from '../fixtures';

describe('numbers as anchors', () => {
  it.each([
    [
      'the outage lasted 45 minutes and 3,000 users were affected and i rolled back in 2 minutes because the error rate hit 9%',
      4,
    ],
    [
      'the outage lasted 45 minutes and 3,000 users were affected and i rolled back in 2 minutes',
      3,
    ],
    [
      'the outage lasted forty five minutes and three thousand users were affected and i rolled back in two minutes',
      3,
    ],
    ['the error rate hit 9% so i paged the team', 2],
    ['the outage lasted 45 minutes', 1],
    ['it took 20 minutes', 0],
    ['the error rate spiked because the pool was exhausted and we rolled back fast', 0],
    ['nothing measurable happened', 0],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'metrics').score).toBe(score);
  });

  it('lists each metric as evidence and the number tied to a decision', () => {
    const c = criterionOf('the error rate hit 9% so i paged the team', 'metrics');
    expect(c.evidence).toEqual([
      { text: '9%', label: 'percentage' },
      { text: 'the error rate hit 9% so i paged the team', label: 'number tied to a decision' },
      { text: 'the error rate hit 9%', label: 'signal' },
    ]);
    expect(c.missing).toEqual([
      'No recovery time: give the MTTR or outage duration with its unit ("restored after 45 minutes").',
      'No count of users or requests affected ("12,450 shoppers could not check out").',
      'No rollback or mitigation time ("I rolled back in 4 minutes").',
      'Say why that signal was the one to trust.',
    ]);
  });

  it('asks what a time with no stated role measured', () => {
    expect(criterionOf('it took 20 minutes', 'metrics').missing).toContain(
      'Say what "20 minutes" measured: time to detect, to roll back, or to recover.',
    );
  });

  it('credits naming the signal and why that one', () => {
    const c = criterionOf(
      'i watched the success rate because it is what customers feel',
      'metrics',
    );
    expect(c.evidence).toEqual([
      {
        text: 'i watched the success rate because it is what customers feel',
        label: 'signal, and why',
      },
    ]);
    expect(c.missing).not.toContain(
      'Say which metric told you something was wrong, and why that one.',
    );
  });

  it('points at the times of each spoken figure', () => {
    const words = timedWords('MTTR was forty five minutes', { wordsPerMinute: 120 });
    expect(criterionOf(transcriptFromWords(words), 'metrics').evidence).toEqual([
      { text: 'forty five minutes', startMs: 1000, endMs: 2400, label: 'recovery time (MTTR)' },
    ]);
  });

  it('wins on metrics, and only there, when vague amounts become figures', () => {
    const vague = scoresOf(
      'Our login service failed after a config push. The error rate was high, so I rolled back pretty quickly. The service recovered after a while and a lot of users were affected.',
    );
    const exact = scoresOf(
      'Our login service failed after a config push. The error rate hit 14%, so I rolled back in 4 minutes. The service recovered after 25 minutes and 8,200 users were affected.',
    );
    expect([vague.metrics, exact.metrics]).toEqual([0, 4]);
    expect({ ...exact, metrics: 0 }).toEqual({ ...vague, metrics: 0 });
  });
});

describe('the signal in plain words', () => {
  it.each([
    [
      'What told me was the login rate: it tripled in five minutes while traffic was flat.',
      'signal, and why',
    ],
    [
      'The page was for login success rate, the number we treat as the truth, because it is what people feel.',
      'signal, and why',
    ],
    ['The thing that told me it was real was the service error graph.', 'signal'],
  ])('hears "%s" as %s', (answer, label) => {
    const c = criterionOf(answer, 'metrics');
    expect(c.evidence.find((e) => e.label?.startsWith('signal'))?.label).toBe(label);
  });
});
