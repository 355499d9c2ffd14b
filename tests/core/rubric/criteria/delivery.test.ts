import { describe, expect, it } from 'vitest';
import type { Transcript } from '../../../../core/transcript';
import { transcriptFromWords } from '../../../../core/transcript';
import type { ScoreOptions } from '../../../../core/rubric';
import type { TimingPlan } from '../fixtures';
import { EQUAL_WEIGHTS, criterionOf, timedWords } from '../fixtures';

/** 47 words: Situation 0-9, Task 10-14, Action 15-35, Result 36-37, Evaluation 38-46. */
const BILLING =
  'Last spring our billing service started failing for every customer. I was the on-call engineer. I checked the error dashboard, I found the bad release, I rolled it back and I drained the two stuck workers. Billing recovered. Looking back, I learned that we needed a canary.';

const FILLED =
  'So um last spring our billing service uh started failing. I was like the on-call engineer. I um checked the dashboard, you know, and I uh rolled it back. Billing recovered.';

const timed = (text: string, plan: TimingPlan): Transcript =>
  transcriptFromWords(timedWords(text, plan));

const delivery = (answer: Transcript | string, options: Partial<ScoreOptions> = {}) =>
  criterionOf(answer, 'delivery', { weights: { ...EQUAL_WEIGHTS, delivery: 1 }, ...options });

describe('delivery from timed words', () => {
  it.each<[string, Transcript, Partial<ScoreOptions>, number]>([
    ['a steady 140 words a minute', timed(BILLING, { wordsPerMinute: 140 }), {}, 4],
    ['a rushed 200 words a minute', timed(BILLING, { wordsPerMinute: 200 }), {}, 3],
    ['a first word after 6 s', timed(BILLING, { wordsPerMinute: 140, firstWordMs: 6000 }), {}, 3],
    ['running past a 15 s slot', timed(BILLING, { wordsPerMinute: 140 }), { slotMs: 15000 }, 3],
    ['six fillers a minute', timed(FILLED, { wordsPerMinute: 140 }), {}, 3],
    [
      'two stalls',
      timed(`${BILLING} ${BILLING}`, { wordsPerMinute: 155, pausesBefore: { 20: 3000, 30: 2800 } }),
      {},
      3,
    ],
    [
      'a fast, late, over-long answer',
      timed(BILLING, { wordsPerMinute: 200, firstWordMs: 6000 }),
      { slotMs: 15000 },
      1,
    ],
  ])('scores %s', (_name, answer, options, score) => {
    expect(delivery(answer, options).score).toBe(score);
  });

  it('gives rate, first word and slot as evidence with their times', () => {
    expect(delivery(timed(BILLING, { wordsPerMinute: 140 })).evidence).toEqual([
      { text: '140.6 words a minute', startMs: 0, endMs: 20057, label: 'speaking rate' },
      { text: 'first word after 0.0 s', startMs: 0, endMs: 343, label: 'time to first word' },
      { text: 'finished at 0:20 of a 10:00 slot', startMs: 19714, endMs: 20057, label: 'slot' },
    ]);
  });

  it('says where the stalls fall in the story', () => {
    const c = delivery(
      timed(`${BILLING} ${BILLING}`, {
        wordsPerMinute: 155,
        pausesBefore: { 20: 3000, 30: 2800 },
      }),
    );
    expect(c.evidence.filter((e) => e.label?.startsWith('stall'))).toEqual([
      {
        text: '3.1 s silence after "the error dashboard"',
        startMs: 7665,
        endMs: 10742,
        label: 'stall in Action',
      },
      {
        text: '2.9 s silence after "it back and"',
        startMs: 14535,
        endMs: 17413,
        label: 'stall in Action',
      },
    ]);
    expect(c.missing).toEqual([
      '2 stalls of 2.5 s or more (2 in the Action): bridge with a plan ("three things happened") instead of silence.',
    ]);
  });

  it('uses pauses from audio analysis when given, instead of word gaps', () => {
    const c = delivery(timed(BILLING, { wordsPerMinute: 140 }), {
      pauses: [
        { startMs: 5000, endMs: 9000, kind: 'stall' },
        { startMs: 12000, endMs: 15000, kind: 'stall' },
      ],
    });
    expect(c.score).toBe(3);
    expect(c.evidence.filter((e) => e.label?.startsWith('stall')).map((e) => e.label)).toEqual([
      'stall in Task',
      'stall in Action',
    ]);
  });

  it('reads pause kinds against the thresholds it is given', () => {
    const answer = timed(`${BILLING} ${BILLING}`, {
      wordsPerMinute: 155,
      pausesBefore: { 20: 1500, 30: 1500 },
    });
    expect(delivery(answer).score).toBe(4);
    expect(
      delivery(answer, { thresholds: { minPauseMs: 200, longMs: 500, stallMs: 1200 } }).score,
    ).toBe(3);
  });

  it('quotes the fillers with their times', () => {
    const c = delivery(timed(FILLED, { wordsPerMinute: 140 }));
    expect(c.evidence.filter((e) => e.label === 'filler')).toEqual([
      { text: 'um', startMs: 429, endMs: 771, label: 'filler' },
      { text: 'uh', startMs: 3000, endMs: 3343, label: 'filler' },
      { text: 'um', startMs: 7286, endMs: 7629, label: 'filler' },
      { text: 'you know', startMs: 9000, endMs: 9771, label: 'filler' },
      { text: 'uh', startMs: 10714, endMs: 11057, label: 'filler' },
    ]);
    expect(c.missing).toEqual([
      '5.0 fillers a minute (um, uh, you know): about 1 a minute sounds fluent, 4 or more hesitant; pause silently instead.',
    ]);
  });

  it('counts the time to first word from the prompt when it is given', () => {
    const c = delivery(timed(BILLING, { wordsPerMinute: 140 }), { firstWordMs: 7200 });
    expect(c.score).toBe(3);
    expect(c.missing).toEqual([
      'First word after 7.2 s: start within 3 s, even with a framing sentence.',
    ]);
  });

  it('notes an answer well over its target length without losing a point', () => {
    const c = delivery(timed(BILLING, { wordsPerMinute: 140 }), { targetWords: 30 });
    expect(c.score).toBe(4);
    expect(c.missing).toEqual([
      'Used 47 words against a target of 30: cut to the signals the panel scores.',
    ]);
  });
});

describe('delivery without timing', () => {
  it('scores 0, weighs 0 and is not counted as a failure', () => {
    expect(delivery(BILLING)).toEqual({
      id: 'delivery',
      title: 'Delivery',
      score: 0,
      weight: 0,
      evidence: [],
      // Not counted without a recording, so not listed as a failure.
      missing: [],
      gaps: [],
      counted: false,
    });
  });
});
