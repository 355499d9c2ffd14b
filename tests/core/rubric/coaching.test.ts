import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../../core/rubric';
import type { ScoreOptions } from '../../../core/rubric';
import { transcriptFromWords } from '../../../core/transcript';
import { EQUAL_WEIGHTS, STRONG_INCIDENT, WEAK_INCIDENT, timedWords } from './fixtures';

const coaching = (text: string, weights: ScoreOptions['weights'] = EQUAL_WEIGHTS) =>
  scoreTranscript({ text }, { weights }).coaching;

describe('coaching', () => {
  it('rewrites the weak story’s own sentences into the quantified shape', () => {
    expect(coaching(WEAK_INCIDENT).map((p) => [p.criterion, p.quote.text, p.example])).toEqual([
      [
        'metrics',
        'so we rolled it back pretty quickly',
        'I rolled back in [N] minutes, which cut the error rate from [X]% to [Y]%.',
      ],
      [
        'ownership',
        'so the team looked into it and uh we figured out it was a config change',
        'I looked into it and I figured out it was a config change, [N] minutes in, because [signal] showed [X].',
      ],
      [
        'tradeoffs',
        'and we would probably figure out the trade offs later',
        'I would tighten [X], which adds [Y] minutes to [Z], but improves reliability by [A]%.',
      ],
    ]);
  });

  it('quotes only words the candidate said, never the same sentence twice', () => {
    for (const text of [WEAK_INCIDENT, STRONG_INCIDENT]) {
      const points = coaching(text);
      for (const p of points) expect(text).toContain(p.quote.text);
      expect(new Set(points.map((p) => p.quote.text)).size).toBe(points.length);
    }
  });

  it('fills the rewrite with a figure the candidate gave elsewhere', () => {
    expect(
      coaching('12,000 users could not pay. The service came back eventually.', { metrics: 1 }),
    ).toEqual([
      {
        criterion: 'metrics',
        quote: { text: 'The service came back eventually', label: 'your words' },
        advice:
          'Put the exact figure and its unit in this sentence, and say what it made you decide.',
        example:
          'The service was fully restored after [N] minutes, our MTTR for this incident, with 12,000 users affected.',
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
      'The alerts were noisy, and I paged everyone, [N] minutes in, because [signal] showed [X].',
    );
  });

  it('gives each quote the times of its words', () => {
    const words = timedWords(WEAK_INCIDENT, { wordsPerMinute: 150 });
    const points = scoreTranscript(transcriptFromWords(words), { weights: EQUAL_WEIGHTS }).coaching;
    expect(points[0]?.quote).toEqual({
      text: 'so we rolled it back pretty quickly',
      startMs: 20800,
      endMs: 23520,
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
