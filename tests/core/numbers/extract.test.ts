import { describe, expect, it } from 'vitest';
import { extractMetrics } from '../../../core/numbers';
import { transcriptFromWords } from '../../../core/transcript';
import type { Metric } from '../../../core/rubric/types';

const only = (text: string): Omit<Metric, 'text'> & { text: string } => {
  const metrics = extractMetrics({ text });
  expect(metrics).toHaveLength(1);
  return metrics[0] as Metric;
};

describe('extractMetrics from digits', () => {
  it.each([
    ['MTTR was 2,730 seconds', 'recoveryTime', 2730, 's', '2,730 seconds'],
    ['the incident hit 12,450 users', 'affectedUsers', 12450, 'users', '12,450 users'],
    ['we promise 99.9% to merchants', 'percentage', 99.9, '%', '99.9%'],
    ['it cost us $40k in refunds', 'money', 40000, 'USD', '$40k'],
    ['after a 45-minute outage everyone was tired', 'recoveryTime', 2700, 's', '45-minute'],
    ['service was restored after 1.5 hours', 'recoveryTime', 5400, 's', '1.5 hours'],
    ['I rolled back within 90 seconds', 'rollbackTime', 90, 's', '90 seconds'],
    ['we noticed it after 7 minutes', 'detectionTime', 420, 's', '7 minutes'],
    ['refunds came to 2 million dollars', 'money', 2_000_000, 'USD', '2 million dollars'],
    ['the bill was €300', 'money', 300, 'EUR', '€300'],
    ['about 5m users saw it', 'affectedUsers', 5_000_000, 'users', '5m users'],
    ['roughly 40k failed requests', 'affectedUsers', 40000, 'users', '40k failed requests'],
    ['error budget burn hit 35 percent', 'percentage', 35, '%', '35 percent'],
    ['false positives were 12 per cent', 'percentage', 12, '%', '12 per cent'],
  ])('"%s" gives %s %d %s', (text, kind, value, unit, spoken) => {
    expect(only(text)).toEqual({ kind, value, unit, text: spoken });
  });
});

describe('extractMetrics from spoken numbers', () => {
  it.each([
    ['mttr was two thousand seven hundred thirty seconds', 'recoveryTime', 2730, 's'],
    ['it was down for forty five minutes', 'recoveryTime', 2700, 's'],
    ['it was down for forty-five minutes', 'recoveryTime', 2700, 's'],
    ['twelve thousand four hundred fifty shoppers could not pay', 'affectedUsers', 12450, 'users'],
    ['a million requests failed', 'affectedUsers', 1_000_000, 'users'],
    ['we recovered in half an hour', 'recoveryTime', 1800, 's'],
    ['our slo is ninety nine point nine percent', 'percentage', 99.9, '%'],
    ['i rolled back in three and a half minutes', 'rollbackTime', 210, 's'],
    ['the failover took an hour and fifteen minutes', 'rollbackTime', 4500, 's'],
    ['we detected it a minute and a half later', 'detectionTime', 90, 's'],
    ['refunds came to forty grand', 'money', 40000, 'USD'],
    ['half a million sessions dropped', 'affectedUsers', 500_000, 'users'],
  ])('"%s" gives %s %d %s', (text, kind, value, unit) => {
    expect(only(text)).toMatchObject({ kind, value, unit });
  });

  it('keeps the words as spoken in the metric text', () => {
    expect(only('it was down for forty-five minutes.').text).toBe('forty-five minutes');
    expect(only('Twelve thousand four hundred fifty shoppers, all stuck').text).toBe(
      'Twelve thousand four hundred fifty shoppers',
    );
  });
});

describe('extractMetrics decides what a time measures from the words near it', () => {
  it.each([
    ['the outage lasted 40 minutes', 'recoveryTime'],
    ['we were down for 40 minutes', 'recoveryTime'],
    ['40 minutes of downtime', 'recoveryTime'],
    ['our mttr is 40 minutes', 'recoveryTime'],
    ['the alert fired and i got paged after 40 minutes', 'detectionTime'],
    ['mttd was 40 minutes', 'detectionTime'],
    ['the rollback took 40 minutes', 'rollbackTime'],
    ['it took 40 minutes to roll back', 'rollbackTime'],
    ['mitigation took 40 minutes', 'rollbackTime'],
    ['reverting the deploy took 40 minutes', 'rollbackTime'],
    ['the alert waits 40 minutes', 'duration'],
    ['we spent 40 minutes in a meeting', 'duration'],
  ])('"%s" is %s', (text, kind) => {
    expect(only(text).kind).toBe(kind);
  });

  it('reads two times in one sentence against their own cues', () => {
    const metrics = extractMetrics({
      text: 'we detected it after 12 minutes and recovered 30 minutes later',
    });
    expect(metrics.map((m) => [m.kind, m.value])).toEqual([
      ['detectionTime', 720],
      ['recoveryTime', 1800],
    ]);
  });

  it('does not let a cue in the next sentence claim a time', () => {
    const metrics = extractMetrics({
      text: 'The canary waits 10 minutes. The rollback was manual.',
    });
    expect(metrics.map((m) => m.kind)).toEqual(['duration']);
  });
});

describe('extractMetrics leaves out numbers that are not incident metrics', () => {
  it.each([
    ['checkout handles 3,000 requests a second'],
    ['we serve 200 requests per second'],
    ['we had two nodes and three teams'],
    ['it was a sev 1 at 2:14 am'],
    ['back in the 1990s'],
    ['the one that failed first'],
    ['alerts fire once an hour'],
    [''],
  ])('"%s" has none', (text) => {
    expect(extractMetrics({ text })).toEqual([]);
  });
});

describe('extractMetrics on timed words', () => {
  it('gives each metric the times of its first and last word', () => {
    const words = [
      { text: 'Recovery', startMs: 0, endMs: 400 },
      { text: 'took', startMs: 450, endMs: 700 },
      { text: 'forty', startMs: 760, endMs: 1100 },
      { text: 'five', startMs: 1120, endMs: 1400 },
      { text: 'minutes', startMs: 1450, endMs: 1900 },
      { text: 'affecting', startMs: 2000, endMs: 2100 },
      { text: '12,450', startMs: 2150, endMs: 2900 },
      { text: 'users.', startMs: 2950, endMs: 3300 },
    ];
    expect(extractMetrics(transcriptFromWords(words))).toEqual([
      {
        kind: 'recoveryTime',
        value: 2700,
        unit: 's',
        text: 'forty five minutes',
        startMs: 760,
        endMs: 1900,
      },
      {
        kind: 'affectedUsers',
        value: 12450,
        unit: 'users',
        text: '12,450 users',
        startMs: 2150,
        endMs: 3300,
      },
    ]);
  });

  it('reads a number across a filler the engine kept', () => {
    const words = ['down', 'for', 'forty', 'um', 'five', 'minutes'].map((text, i) => ({
      text,
      startMs: i * 500,
      endMs: i * 500 + 400,
    }));
    expect(extractMetrics(transcriptFromWords(words))).toEqual([
      {
        kind: 'recoveryTime',
        value: 2700,
        unit: 's',
        text: 'forty um five minutes',
        startMs: 1000,
        endMs: 2900,
      },
    ]);
  });

  it('rejects words that end before they start, naming the word', () => {
    expect(() =>
      extractMetrics({ text: '', words: [{ text: 'late', startMs: 500, endMs: 100 }] }),
    ).toThrow(/word 0 \("late"\) ends before it starts/);
  });
});
