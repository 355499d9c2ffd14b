import { describe, expect, it } from 'vitest';
import {
  askedAlready,
  builtInFollowUp,
  chooseFollowUp,
  gapFollowUp,
  scoreTranscript,
  CRITERION_TITLES,
} from '../../../core/rubric';
import type { CriterionId, CriterionScore, FollowUpContext, GapCode } from '../../../core/rubric';
import type { FollowUpSpec } from '../../../core/scenarios/schema';
import { EQUAL_WEIGHTS, WEAK_INCIDENT } from './fixtures';

const criterion = (id: CriterionId, score: number, weight = 1, missing: string[] = []) =>
  ({ id, title: CRITERION_TITLES[id], score, weight, evidence: [], missing }) as CriterionScore;

const spec = (id: string, when: Partial<FollowUpSpec['when']> = {}): FollowUpSpec => ({
  id,
  ask: `question ${id}`,
  when: { below: 2, ...when },
});

const context = (overrides: Partial<FollowUpContext> = {}): FollowUpContext => ({
  elapsedMs: 0,
  reachedParts: [],
  askedIds: [],
  ...overrides,
});

describe('chooseFollowUp', () => {
  const criteria = [criterion('metrics', 1), criterion('ownership', 3), criterion('tradeoffs', 2)];

  it.each<[string, FollowUpSpec[], Partial<FollowUpContext>, string | null]>([
    ['a criterion below the default of 2', [spec('mttr', { missing: 'metrics' })], {}, 'mttr'],
    ['a criterion at the bar', [spec('price', { missing: 'tradeoffs' })], {}, null],
    ['a raised bar', [spec('price', { missing: 'tradeoffs', below: 3 })], {}, 'price'],
    ['a strong criterion', [spec('mine', { missing: 'ownership' })], {}, null],
    ['a criterion not scored yet', [spec('slo', { missing: 'sloFirst' })], {}, null],
    ['too early', [spec('scale', { afterSeconds: 120 })], { elapsedMs: 119_999 }, null],
    ['late enough', [spec('scale', { afterSeconds: 120 })], { elapsedMs: 120_000 }, 'scale'],
    [
      'a part not reached',
      [spec('lesson', { afterPart: 'result' })],
      { reachedParts: ['situation'] },
      null,
    ],
    [
      'a part reached',
      [spec('lesson', { afterPart: 'result' })],
      { reachedParts: ['situation', 'task', 'action', 'result'] },
      'lesson',
    ],
    [
      'one of two conditions',
      [spec('both', { missing: 'metrics', afterSeconds: 300 })],
      { elapsedMs: 10_000 },
      null,
    ],
    ['no conditions at all', [spec('always')], {}, 'always'],
    [
      'the first match in authored order',
      [spec('late', { afterSeconds: 600 }), spec('first', { missing: 'metrics' }), spec('second')],
      {},
      'first',
    ],
    [
      'an id already asked',
      [spec('first', { missing: 'metrics' }), spec('second')],
      { askedIds: ['first'] },
      'second',
    ],
    ['no follow-ups', [], {}, null],
  ])('with %s picks %s', (_name, followUps, ctx, expected) => {
    expect(chooseFollowUp(criteria, followUps, context(ctx))?.id ?? null).toBe(expected);
  });

  it('returns the prompt, the criterion and why it was chosen', () => {
    expect(
      chooseFollowUp(
        criteria,
        [spec('mttr', { missing: 'metrics', afterSeconds: 60, afterPart: 'result' })],
        context({ elapsedMs: 90_000, reachedParts: ['situation', 'task', 'action', 'result'] }),
      ),
    ).toEqual({
      id: 'mttr',
      prompt: 'question mttr',
      criterion: 'metrics',
      reason:
        'Numbers as anchors scored 1 of 4, below 2; 60 s have passed; the answer reached the result.',
    });
  });
});

describe('askedAlready', () => {
  it.each<[string, GapCode[], boolean]>([
    ['How did you pick the signal that mattered, and why that one?', [], true],
    [
      'How did you pick the signal that mattered, and why that one?',
      ['signal-not-justified'],
      false,
    ],
    [
      'What was the MTTR, how many users were affected, and how long did the rollback take?',
      ['no-rollback-time'],
      false,
    ],
    [
      'What was the MTTR, how many users were affected, and how long did the rollback take?',
      ['no-runbook'],
      true,
    ],
    ['What did you learn, and what did you change in the system?', ['no-evaluation'], false],
    ['The fleet grows from 200 nodes to 20,000. What breaks first?', [], false],
  ])('%s with gaps %j: %s', (question, gaps, asked) => {
    expect(askedAlready(question, new Set(gaps))).toBe(asked);
  });

  it('skips a scenario question the answer already covered and asks the next', () => {
    const followUps: FollowUpSpec[] = [
      { id: 'signal', ask: 'How did you pick the signal that mattered?', when: { below: 2 } },
      { id: 'numbers', ask: 'What was the MTTR?', when: { below: 2 } },
    ];
    const pick = (gaps: GapCode[]) =>
      chooseFollowUp([], followUps, context({ gaps: new Set(gaps) }))?.id ?? null;
    expect(pick(['no-recovery-time'])).toBe('numbers');
    expect(pick(['no-signal', 'no-recovery-time'])).toBe('signal');
    expect(pick([])).toBe(null);
  });
});

describe('gapFollowUp', () => {
  const withGaps = (id: CriterionId, score: number, gaps: GapCode[], weight = 1) =>
    ({ ...criterion(id, score, weight), gaps }) as CriterionScore;
  const followUps: FollowUpSpec[] = [
    { id: 'mttr', ask: 'What was the MTTR?', when: { below: 2, afterSeconds: 600 } },
    { id: 'mine', ask: 'What did you do yourself?', when: { below: 2, afterSeconds: 600 } },
    { id: 'scale', ask: 'The fleet grows to 20,000 nodes. What breaks?', when: { below: 2 } },
  ];

  it('asks the scenario’s question for the weakest criterion’s open gap, whatever its timing', () => {
    expect(
      gapFollowUp(
        [withGaps('metrics', 2, ['no-recovery-time']), withGaps('ownership', 1, ['vague-we'])],
        followUps,
        [],
      ),
    ).toEqual({
      id: 'mine',
      prompt: 'What did you do yourself?',
      criterion: 'ownership',
      reason: 'Ownership scored 1 of 4 and this asks for what it misses.',
    });
  });

  it('asks nothing when no scenario question names an open gap', () => {
    expect(gapFollowUp([withGaps('metrics', 2, ['no-signal'])], followUps, [])).toBeNull();
    expect(
      gapFollowUp([withGaps('metrics', 2, ['no-recovery-time'])], followUps, ['mttr']),
    ).toBeNull();
  });
});

describe('builtInFollowUp', () => {
  it('does not ask a design answer about story structure', () => {
    const criteria = [criterion('structure', 0, 1), criterion('sloFirst', 2, 4)];
    expect(builtInFollowUp(criteria, [], 'design')?.id).toBe('builtin-sloFirst');
    expect(builtInFollowUp(criteria, [], 'incident')?.id).toBe('builtin-structure');
  });

  it('asks about the weakest weighted criterion, heavier weight first on ties', () => {
    const followUp = builtInFollowUp(
      [
        criterion('structure', 1, 1),
        criterion('metrics', 1, 2, ['No recovery time.']),
        criterion('ownership', 2, 3),
        criterion('sloFirst', 0, 0),
      ],
      [],
    );
    expect(followUp).toEqual({
      id: 'builtin-metrics',
      prompt:
        'What was the MTTR, how many users were affected, and how long did the rollback take?',
      criterion: 'metrics',
      reason: 'Numbers as anchors is the weakest weighted criterion at 1 of 4: No recovery time.',
    });
  });

  it.each<[string, CriterionScore[], string[], string | null]>([
    [
      'rubric order on equal score and weight',
      [criterion('tradeoffs', 1), criterion('structure', 1)],
      [],
      'builtin-structure',
    ],
    [
      'the next weakest once one was asked',
      [criterion('structure', 1), criterion('tradeoffs', 2)],
      ['builtin-structure'],
      'builtin-tradeoffs',
    ],
    [
      'never delivery',
      [criterion('delivery', 0), criterion('ownership', 3)],
      [],
      'builtin-ownership',
    ],
    ['nothing when every weighted criterion is full', [criterion('metrics', 4)], [], null],
    ['nothing when no criterion weighs', [criterion('metrics', 0, 0)], [], null],
  ])('picks %s', (_name, criteria, asked, expected) => {
    expect(builtInFollowUp(criteria, asked)?.id ?? null).toBe(expected);
  });
});

describe('scoreTranscript follow-up', () => {
  const followUps = [
    spec('what-changed', { afterPart: 'evaluation' }),
    spec('the-numbers', { missing: 'metrics', afterPart: 'result' }),
    spec('long-answer', { afterSeconds: 60 }),
  ];

  it('takes the scenario’s first matching follow-up', () => {
    const report = scoreTranscript({ text: WEAK_INCIDENT }, { weights: EQUAL_WEIGHTS, followUps });
    expect(report.followUp?.id).toBe('the-numbers');
  });

  it('skips follow-ups already asked, then falls back to the built-in question', () => {
    expect(
      scoreTranscript(
        { text: WEAK_INCIDENT },
        { weights: EQUAL_WEIGHTS, followUps, askedFollowUpIds: ['the-numbers'] },
      ).followUp?.id,
    ).toBe('builtin-metrics');
  });

  it('estimates elapsed time for plain text at 150 words a minute', () => {
    // 97 words at 150 words a minute: 38.8 s.
    const ask = (afterSeconds: number) =>
      scoreTranscript(
        { text: WEAK_INCIDENT },
        { weights: { metrics: 1 }, followUps: [spec('clock', { afterSeconds })] },
      ).followUp?.id;
    expect(ask(38)).toBe('clock');
    expect(ask(39)).toBe('builtin-metrics');
  });
});
