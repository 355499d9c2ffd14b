import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../../core/rubric';
import type { ScoreOptions } from '../../../core/rubric';
import { transcriptFromWords } from '../../../core/transcript';
import {
  ALERTING_DESIGN,
  EQUAL_WEIGHTS,
  STRONG_INCIDENT,
  WEAK_INCIDENT,
  timedWords,
} from './fixtures';

const coaching = (text: string, weights: ScoreOptions['weights'] = EQUAL_WEIGHTS) =>
  scoreTranscript({ text }, { weights }).coaching;

describe('coaching', () => {
  it('rewrites the weak story’s own sentences and says in plain words what each should add', () => {
    expect(coaching(WEAK_INCIDENT).map((p) => [p.criterion, p.quote.text, p.example])).toEqual([
      [
        'metrics',
        'so we rolled it back pretty quickly',
        '"We rolled it back", then say how many minutes the rollback took, and what the error rate did after it.',
      ],
      [
        'ownership',
        'so the team looked into it and uh we figured out it was a config change',
        '"I looked into it and I figured out it was a config change", then say when you did it, and what told you to.',
      ],
      [
        'tradeoffs',
        'and we would probably figure out the trade offs later',
        '"We would probably figure out the trade offs later", then name the choice, what it costs and what it buys.',
      ],
    ]);
  });

  it('never shows a bracketed placeholder or the memorised trade-off template', () => {
    for (const text of [WEAK_INCIDENT, STRONG_INCIDENT, ALERTING_DESIGN]) {
      for (const track of ['incident', 'design', 'tradeoff', 'postmortem'] as const) {
        const report = scoreTranscript({ text }, { weights: EQUAL_WEIGHTS, track });
        for (const p of report.coaching) {
          expect(`${p.advice} ${p.example}`).not.toMatch(
            /\[[^\]]*\]|which adds Y|improves reliability by A/,
          );
        }
      }
    }
  });

  it('never asks for a figure the answer gave: a rollback time stated is not coached', () => {
    const points = coaching(
      'At 9 am the deploy broke login for 3,000 users. I rolled it back in 6 minutes. The login service came back eventually.',
      { metrics: 1 },
    );
    expect(points.map((p) => [p.quote.text, p.example])).toEqual([
      [
        'The login service came back eventually',
        '"The login service came back", then say after how many minutes the service was fully back (the time to recover).',
      ],
    ]);
  });

  it('does not ask a design answer for incident figures', () => {
    const report = scoreTranscript(
      {
        text: 'For alerting, I would page when the checkout success rate stays low for two minutes.',
      },
      { weights: { metrics: 1 }, track: 'design' },
    );
    expect(report.coaching).toEqual([]);
  });

  it('gives a design answer no story-structure or incident-lens coaching', () => {
    const report = scoreTranscript(
      { text: ALERTING_DESIGN },
      { weights: { structure: 3, incidentLens: 3, sloFirst: 1 }, track: 'design' },
    );
    expect(report.coaching.map((p) => p.criterion)).toEqual([]);
    const asStory = scoreTranscript(
      { text: ALERTING_DESIGN },
      { weights: { structure: 3, incidentLens: 3, sloFirst: 1 }, track: 'incident' },
    );
    expect(asStory.coaching.map((p) => p.criterion)).toEqual(['structure']);
  });

  it('quotes only words the candidate said, never the same sentence twice', () => {
    for (const text of [WEAK_INCIDENT, STRONG_INCIDENT]) {
      const points = coaching(text);
      for (const p of points) expect(text).toContain(p.quote.text);
      expect(new Set(points.map((p) => p.quote.text)).size).toBe(points.length);
    }
  });

  it('names the missing figure for the sentence it quotes, not one given elsewhere', () => {
    expect(
      coaching('12,000 users could not pay. The service came back eventually.', { metrics: 1 }),
    ).toEqual([
      {
        criterion: 'metrics',
        quote: { text: 'The service came back eventually', label: 'your words' },
        advice:
          'Put the exact figure and its unit in this sentence, and say what it made you decide.',
        example:
          '"The service came back", then say after how many minutes the service was fully back (the time to recover).',
      },
    ]);
  });

  it('turns "we" into "I" and drops the fillers', () => {
    expect(
      coaching(
        'um so, like, the alerts were uh kind of noisy, you know, and um we paged everyone',
        {
          ownership: 1,
        },
      )[0]?.example,
    ).toBe(
      '"The alerts were noisy, and I paged everyone", then say when you did it, and what told you to.',
    );
  });

  it('gives each quote the times of its words', () => {
    const words = timedWords(WEAK_INCIDENT, { wordsPerMinute: 150 });
    const points = scoreTranscript(transcriptFromWords(words), { weights: EQUAL_WEIGHTS }).coaching;
    expect(points[0]?.quote).toEqual({
      text: 'and things came back',
      startMs: 23600,
      endMs: 25120,
      label: 'your words',
    });
  });

  it('leaves out criteria that weigh nothing or already score 4', () => {
    expect(
      coaching(STRONG_INCIDENT, {
        structure: 2,
        incidentLens: 1,
        metrics: 2,
        ownership: 1,
        tradeoffs: 1,
        followThrough: 1,
      }),
    ).toEqual([]);
  });

  it('gives no coaching for an empty answer', () => {
    expect(coaching('')).toEqual([]);
  });
});
