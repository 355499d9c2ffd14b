import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../../../core/rubric';
import { transcriptFromWords } from '../../../../core/transcript';
import {
  ALERTING_DESIGN,
  STRONG_INCIDENT,
  WEAK_INCIDENT,
  asSpeechEngineText,
  criterionOf,
  scoresOf,
  timedWords,
} from '../fixtures';

/** Situation is words 0-9, Task 10-14, Action 15-35, Result 36-37, Evaluation 38-46. */
const BILLING =
  'Last spring our billing service started failing for every customer. I was the on-call engineer. I checked the error dashboard, I found the bad release, I rolled it back and I drained the two stuck workers. Billing recovered. Looking back, I learned that we needed a canary.';

const stretch = (from: number, to: number, ms: number) =>
  Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, ms]));

const shares = (answer: Parameters<typeof criterionOf>[0]) =>
  criterionOf(answer, 'structure')
    .evidence.filter((e) => e.label?.includes('% of the time'))
    .map((e) => e.label);

describe('STAR-E structure', () => {
  it.each([
    [STRONG_INCIDENT, 4],
    [asSpeechEngineText(STRONG_INCIDENT), 4],
    [BILLING, 4],
    [
      'Last Tuesday our search API started timing out for shoppers. I was the on-call engineer. I checked the dashboards and restarted the stuck workers. Search recovered and latency returned to normal.',
      3,
    ],
    [WEAK_INCIDENT, 2],
    ['I restarted the pods.', 0],
    ['', 0],
  ])('scores "%s" %d', (answer, score) => {
    expect(criterionOf(answer, 'structure').score).toBe(score);
  });

  it('quotes where each part starts', () => {
    expect(criterionOf(BILLING, 'structure').evidence).toEqual([
      {
        text: 'Last spring our billing service started failing for every customer',
        label: 'Situation',
      },
      { text: 'I was the on-call engineer', label: 'Task' },
      { text: 'I checked the error dashboard, I found the bad release', label: 'Action' },
      { text: 'Billing recovered', label: 'Result' },
      { text: 'Looking back, I learned that we needed a canary', label: 'Evaluation' },
    ]);
  });

  it('names the parts a weak story leaves out', () => {
    expect(criterionOf(WEAK_INCIDENT, 'structure').missing).toEqual([
      'No Task: say what you were responsible for (on-call, incident commander, owner of the fix).',
      'No Evaluation: tie the fix back to the reliability model and name the systemic safeguard it became.',
    ]);
  });

  it('loses its points when a part is told after a later one', () => {
    const c = criterionOf(
      'I rolled back the deploy and restarted the pods. Then I paged the database team. Looking back, we learned to canary config changes, and since then we added a runbook. It all started last Friday night, when our checkout service, which handles 2,000 orders a minute, began timing out during peak traffic.',
      'structure',
    );
    // STAR-E gives 1 (three parts, one off for the step back); the scene set after the
    // closing also makes the whole answer hard to follow (x 0.19), which rounds it to 0.
    expect(c.score).toBe(0);
    expect(c.missing).toContain(
      'Out of order: Situation came after Evaluation; tell it as Situation, Task, Action, Result, Evaluation.',
    );
  });

  it('wins on structure, and only there, when an Evaluation closes the story', () => {
    const story =
      'Last Tuesday our search API started timing out for shoppers. I was the on-call engineer. I checked the dashboards and restarted the stuck workers. Search recovered and latency returned to normal.';
    const without = scoresOf(story);
    const withEvaluation = scoresOf(
      `${story} Looking back, I learned that the retry storm came from a systemic gap in our client library.`,
    );
    expect([without.structure, withEvaluation.structure]).toEqual([3, 4]);
    expect({ ...withEvaluation, structure: 0 }).toEqual({ ...without, structure: 0 });
  });
});

describe('STAR-E time shares from timed words', () => {
  it('shows each part’s share of the speaking time with its span', () => {
    const words = timedWords(BILLING, { wordsPerMinute: 150 });
    const c = criterionOf(transcriptFromWords(words), 'structure');
    expect(c.score).toBe(4);
    expect(c.evidence.filter((e) => e.label?.includes('%'))).toEqual([
      {
        text: 'Last spring our billing service started failing for every customer',
        startMs: 0,
        endMs: 3920,
        label: 'Situation: 21% of the time',
      },
      {
        text: 'I was the on-call engineer',
        startMs: 4000,
        endMs: 5920,
        label: 'Task: 11% of the time',
      },
      {
        text: 'I checked the error dashboard, I found the bad release, I rolled',
        startMs: 6000,
        endMs: 14320,
        label: 'Action: 45% of the time',
      },
      { text: 'Billing recovered', startMs: 14400, endMs: 15120, label: 'Result: 4% of the time' },
      {
        text: 'Looking back, I learned that we needed a canary',
        startMs: 15200,
        endMs: 18720,
        label: 'Evaluation: 19% of the time',
      },
    ]);
  });

  it('loses a point for a long Situation when the same words linger on the context', () => {
    const words = timedWords(BILLING, { wordsPerMinute: 150, pausesBefore: stretch(1, 9, 600) });
    const c = criterionOf(transcriptFromWords(words), 'structure');
    expect(c.score).toBe(3);
    expect(c.missing).toEqual([
      'Long Situation: 39% of the time went to the Situation; keep it under 20% so the Action gets the time.',
    ]);
  });

  it('loses a point for a rushed Action', () => {
    const answer =
      'Last spring our billing service started failing for every customer. I was the on-call engineer. I rolled it back. Billing recovered after the rollback finished. Looking back, I learned that we needed a canary stage, a config linter and a runbook for the billing workers, so since then every config change goes through the canary first.';
    const timed = transcriptFromWords(timedWords(answer, { wordsPerMinute: 150 }));
    const c = criterionOf(timed, 'structure');
    expect(shares(timed)).toEqual([
      'Situation: 18% of the time',
      'Task: 9% of the time',
      'Action: 7% of the time',
      'Result: 11% of the time',
      'Evaluation: 55% of the time',
    ]);
    expect(c.score).toBe(3);
    expect(c.missing).toEqual([
      'Rushed Action: only 7% of the time went to the Action; give it 40% or more.',
    ]);
  });

  it('skips time shares for plain text', () => {
    expect(shares(BILLING)).toEqual([]);
  });
});

describe('structure of a design or trade-off answer', () => {
  const structureOf = (text: string, track: 'design' | 'tradeoff') =>
    scoreTranscript({ text }, { weights: { structure: 1 }, track, targetWords: 300 }).criteria.find(
      (c) => c.id === 'structure',
    );

  it('is a plan a listener can follow, not STAR-E', () => {
    const c = structureOf(ALERTING_DESIGN, 'design');
    expect(c?.score).toBe(4);
    expect(c?.gaps).toEqual([]);
    expect(c?.evidence.map((e) => e.label)).toEqual(['opening', 'close']);
  });

  it('asks a thin plan for more steps', () => {
    const c = structureOf('I would page on the burn rate of the SLO.', 'tradeoff');
    expect(c?.score).toBe(0);
    expect(c?.gaps).toEqual(['thin-plan']);
  });
});
