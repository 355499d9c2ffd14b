import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CRITERION_IDS, extractMetrics, scoreTranscript } from '../../../core/rubric';
import type { ScoreOptions } from '../../../core/rubric';
import { transcriptFromWords } from '../../../core/transcript';
import type { Transcript } from '../../../core/transcript';
import {
  ALERTING_DESIGN,
  STRONG_INCIDENT,
  WEAK_INCIDENT,
  asSpeechEngineText,
  timedWords,
} from './fixtures';

const INCIDENT_WEIGHTS = {
  structure: 2,
  incidentLens: 1,
  metrics: 2,
  ownership: 1,
  tradeoffs: 1,
  followThrough: 1,
  delivery: 1,
};

describe('scoreTranscript', () => {
  it('lists every criterion in rubric order with its title and weight', () => {
    const report = scoreTranscript({ text: WEAK_INCIDENT }, { weights: INCIDENT_WEIGHTS });
    expect(report.criteria.map((c) => [c.id, c.title, c.weight])).toEqual([
      ['structure', 'STAR-E structure', 2],
      ['incidentLens', 'Incident lens: problem, process, people', 1],
      ['metrics', 'Numbers as anchors', 2],
      ['ownership', 'Ownership', 1],
      ['tradeoffs', 'Trade-off transparency', 1],
      ['followThrough', 'Follow-through', 1],
      ['sloFirst', 'SLO-first design', 0],
      ['delivery', 'Delivery', 0],
    ]);
  });

  it.each([
    ['the strong story', STRONG_INCIDENT, 100],
    ['the strong story without punctuation', asSpeechEngineText(STRONG_INCIDENT), 100],
    // Criteria (2 x 2/4 + 1 x 1/4) / 8 weight = 15.6%, substance 54%: (15.6 + 54) / 2 = 34.8%,
    // x 0.91 for a thin story (7 of 8 events) = 31.7%: little more than what happened
    ['the weak story', WEAK_INCIDENT, 32],
    ['an empty answer', '', 0],
  ])('gives %s an overall of %d', (_name, text, overall) => {
    expect(scoreTranscript({ text }, { weights: INCIDENT_WEIGHTS }).overall).toBe(overall);
  });

  it('weighs the criteria the scenario weighs, and still lists the rest', () => {
    const report = scoreTranscript(
      { text: ALERTING_DESIGN },
      { weights: { sloFirst: 3, tradeoffs: 1 } },
    );
    // Criteria (3 x 4/4 + 1 x 2/4) / 4 = 87.5%, substance 100%: (87.5 + 100) / 2 = 93.8%
    expect(report.overall).toBe(94);
    expect(report.substance).toBe(1);
    expect(report.criteria).toHaveLength(CRITERION_IDS.length);
    expect(report.criteria.find((c) => c.id === 'structure')?.weight).toBe(0);
  });

  it('weighs every criterion 1 when no weight is above 0, except untimed delivery', () => {
    const report = scoreTranscript({ text: WEAK_INCIDENT }, { weights: {} });
    expect(report.criteria.map((c) => c.weight)).toEqual([1, 1, 1, 1, 1, 1, 1, 0]);
    // Criteria (2 + 1) / 4 over 7 criteria = 10.7%, substance 54%: 32.4%, x 0.91 thin = 29.5%
    expect(report.overall).toBe(29);
  });

  it('counts delivery once the words are timed', () => {
    const words = timedWords(STRONG_INCIDENT, { wordsPerMinute: 140 });
    const report = scoreTranscript(transcriptFromWords(words), { weights: INCIDENT_WEIGHTS });
    expect(report.criteria.find((c) => c.id === 'delivery')).toMatchObject({ score: 4, weight: 1 });
    expect(report.overall).toBe(100);
  });

  it('reports the metrics of what happened, not of a proposal or a counterfactual aside', () => {
    const report = scoreTranscript({ text: STRONG_INCIDENT }, { weights: INCIDENT_WEIGHTS });
    const said = extractMetrics({ text: STRONG_INCIDENT }).map((m) => m.text);
    expect(said.filter((t) => !report.metrics.some((m) => m.text === t))).toEqual(['10 minutes']);
    expect(report.metrics.map((m) => m.kind)).toEqual([
      'percentage',
      'percentage',
      'affectedUsers',
      'duration',
      'rollbackTime',
      'percentage',
      'percentage',
      'duration',
      'recoveryTime',
      'detectionTime',
      'money',
      'percentage',
      'percentage',
    ]);
  });

  it('gives every missing item a gap code, in the same order, only where the criterion weighs', () => {
    const report = scoreTranscript(
      { text: WEAK_INCIDENT },
      { weights: { metrics: 1, ownership: 1 } },
    );
    expect(report.criteria.map((c) => [c.id, c.gaps])).toEqual([
      ['structure', []],
      ['incidentLens', []],
      ['metrics', ['no-recovery-time', 'no-affected-count', 'no-rollback-time', 'no-signal']],
      ['ownership', ['no-first-person', 'vague-we', 'hands-off', 'absent-from-postmortem']],
      ['tradeoffs', []],
      ['followThrough', []],
      ['sloFirst', []],
      ['delivery', []],
    ]);
    for (const c of report.criteria) expect(c.gaps?.length).toBe(c.missing.length);
  });

  it('lists what is missing for an empty answer', () => {
    const report = scoreTranscript({ text: '' }, { weights: INCIDENT_WEIGHTS });
    expect(report.criteria.every((c) => c.score === 0)).toBe(true);
    // What the scenario does not weigh is not a failure: only counted criteria list gaps.
    expect(report.criteria.map((c) => c.missing.length > 0)).toEqual([
      true,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(report.followUp?.id).toBe('builtin-structure');
    expect(report.coaching).toEqual([]);
  });

  it.each<[string, Partial<ScoreOptions>, string]>([
    [
      'a negative weight',
      { weights: { metrics: -1 } },
      'weights.metrics must be a number of 0 or more; got -1.',
    ],
    [
      'an unknown criterion',
      { weights: { pace: 1 } as ScoreOptions['weights'] },
      'weights.pace is not a rubric criterion; use one of structure, incidentLens, metrics, ownership, tradeoffs, followThrough, sloFirst, delivery.',
    ],
    [
      'no weights',
      {},
      'Score options need weights: pass scenario.rubric.weights, or {} for equal weights.',
    ],
    [
      'a zero slot',
      { weights: {}, slotMs: 0 },
      'slotMs must be a positive number of milliseconds; got 0.',
    ],
    [
      'a negative first word',
      { weights: {}, firstWordMs: -3 },
      'firstWordMs must be 0 or more milliseconds; got -3.',
    ],
    [
      'a pause that ends before it starts',
      { weights: {}, pauses: [{ startMs: 900, endMs: 100, kind: 'long' }] },
      'pauses[0] must have 0 <= startMs <= endMs; got 900-100.',
    ],
  ])('rejects %s with a message that says what to do', (_name, options, message) => {
    expect(() => scoreTranscript({ text: 'hello' }, options as ScoreOptions)).toThrow(message);
  });

  it('rejects malformed timed words before scoring', () => {
    const transcript: Transcript = { text: '', words: [{ text: 'x', startMs: 10, endMs: 5 }] };
    expect(() => scoreTranscript(transcript, { weights: {} })).toThrow(
      'Transcript word 0 ("x") ends before it starts (startMs 10, endMs 5): fix the word times or score the plain text instead.',
    );
  });
});

describe('scoreTranscript on speech-engine text', () => {
  it('scores the unpunctuated, lower-case story the same on every criterion', () => {
    const scores = (text: string) =>
      scoreTranscript({ text }, { weights: INCIDENT_WEIGHTS }).criteria.map((c) => c.score);
    expect(scores(asSpeechEngineText(STRONG_INCIDENT))).toEqual(scores(STRONG_INCIDENT));
    expect(scores(STRONG_INCIDENT)).toEqual([4, 4, 4, 4, 4, 4, 1, 0]);
  });
});

describe('scoreTranscript on arbitrary word salad', () => {
  const vocabulary = [
    'i',
    'we',
    'the',
    'rolled',
    'back',
    'um',
    'like',
    'you',
    'know',
    'so',
    'then',
    'outage',
    'lasted',
    'forty',
    'five',
    'minutes',
    'a',
    'million',
    'users',
    'point',
    'and',
    'half',
    'hour',
    '99.9%',
    '$40k',
    '12,450',
    'slo',
    'post-mortem',
    'because',
    'rather',
    'than',
    'looking',
    'runbook',
    '.',
    ',',
    'sort',
    'of',
    'an',
    'per',
    'second',
    'three',
    'hundred',
  ];

  it('always lists every criterion on the 0-4 scale with evidence inside the take', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...vocabulary), { maxLength: 120 }),
        fc.array(fc.integer({ min: 0, max: 4000 }), { maxLength: 120 }),
        (tokens, gaps) => {
          let t = 0;
          const words = tokens.map((text, i) => {
            t += gaps[i] ?? 100;
            const word = { text, startMs: t, endMs: t + 250 };
            t += 250;
            return word;
          });
          for (const transcript of [{ text: tokens.join(' ') }, transcriptFromWords(words)]) {
            const report = scoreTranscript(transcript, { weights: INCIDENT_WEIGHTS });
            expect(report.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
            expect(report.overall).toBeGreaterThanOrEqual(0);
            expect(report.overall).toBeLessThanOrEqual(100);
            expect(report.coaching.length).toBeLessThanOrEqual(3);
            for (const c of report.criteria) {
              expect(c.score).toBeGreaterThanOrEqual(0);
              expect(c.score).toBeLessThanOrEqual(4);
              for (const e of c.evidence) {
                if (e.startMs !== undefined) expect(e.startMs).toBeGreaterThanOrEqual(0);
                if (e.endMs !== undefined) expect(e.endMs).toBeLessThanOrEqual(t);
              }
            }
          }
        },
      ),
      { numRuns: 200, seed: 20240611 },
    );
  });
});
