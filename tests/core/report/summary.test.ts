import { describe, expect, it } from 'vitest';
import {
  criteriaViews,
  deliveryDashboard,
  metricPhrase,
  panelVerdict,
  redFlags,
  scoreAdjustments,
  topChanges,
  annotateTranscript,
  gapMomentMs,
} from '../../../core/report';
import type { ScoreReport } from '../../../core/rubric/types';
import { fixtureRecord } from '../export/fixture';

describe('panelVerdict', () => {
  it.each([
    [100, 4, 'above', 'Above the bar'],
    [81, 3.2, 'at', 'At the bar'],
    [62.5, 2.5, 'at', 'At the bar'],
    [62, 2.5, 'below', 'Below the bar'],
    [37.5, 1.5, 'below', 'Below the bar'],
    [30, 1.2, 'notYet', 'Not there yet'],
    [-10, 0, 'notYet', 'Not there yet'],
  ])('%d of 100 is %d of 4, %s', (overall, panelScore, band, label) => {
    expect(panelVerdict(overall)).toMatchObject({ panelScore, band, label });
  });
});

describe('metricPhrase', () => {
  it.each([
    [{ kind: 'recoveryTime', value: 2700, unit: 's' }, 'Recovery time', '45 min'],
    [{ kind: 'affectedUsers', value: 12000, unit: 'users' }, 'Users affected', '12,000'],
    [{ kind: 'rollbackTime', value: 90, unit: 's' }, 'Rollback time', '1 min 30 s'],
    [{ kind: 'percentage', value: 99.95, unit: '%' }, 'Percentage', '100%'],
    [{ kind: 'percentage', value: 30, unit: '%' }, 'Percentage', '30%'],
    [{ kind: 'money', value: 25000, unit: 'USD' }, 'Money', '25,000 USD'],
  ] as const)('%o reads "%s: %s"', (metric, label, value) => {
    expect(metricPhrase(metric)).toEqual({ label, value });
  });
});

describe('the report of a take', () => {
  it('puts the changes worth most first, each on the candidate’s words or where it was due', () => {
    const changes = topChanges(fixtureRecord());
    expect(changes.map((c) => [c.criterion, c.gainPoints, c.quote?.text, c.playMs])).toEqual([
      ['tradeoffs', 11, 'We added a canary stage.', 15_600],
      ['structure', 11, 'at nine fifteen our checkout API started returning errors.', 1_600],
      ['incidentLens', 8, undefined, 17_200],
    ]);
  });

  it('keeps criteria the scenario does not weigh apart, and shows each piece of evidence once', () => {
    const record = fixtureRecord();
    const metrics = record.report.criteria.find((c) => c.id === 'metrics')!;
    metrics.evidence.push({
      ...metrics.evidence[0]!,
      text: ` ${metrics.evidence[0]!.text.toUpperCase()} `,
    });
    const views = criteriaViews(record.report);
    expect(views.notCounted.map((c) => c.id)).toEqual(['sloFirst']);
    expect(views.counted.map((c) => [c.id, c.sharePct])).toEqual([
      ['structure', 22],
      ['metrics', 22],
      ['tradeoffs', 11],
      ['incidentLens', 11],
      ['followThrough', 11],
      ['delivery', 11],
      ['ownership', 11],
    ]);
    expect(views.counted[1]!.evidence).toHaveLength(2);
  });

  it('reads red flags and score adjustments when the rubric gives them, and none from older takes', () => {
    const report = fixtureRecord().report;
    expect(redFlags(report)).toEqual([]);
    expect(scoreAdjustments(report)).toEqual([]);
    const flagged = {
      ...report,
      redFlags: [
        {
          code: 'blame',
          message: 'Blames another team for the outage',
          evidence: [{ text: 'it was the network team', startMs: 4000, endMs: 5200 }],
        },
        { code: 'thin', message: 'Too short to tell a story', evidence: [] },
      ],
      adjustments: [{ code: 'thin', factor: 0.6, reason: 'Only 3 clauses tell an event' }],
    } as unknown as ScoreReport;
    expect(redFlags(flagged)).toEqual([
      {
        code: 'blame',
        message: 'Blames another team for the outage',
        quote: 'it was the network team',
        criterion: undefined,
        startMs: 4000,
        endMs: 5200,
      },
      {
        code: 'thin',
        message: 'Too short to tell a story',
        quote: undefined,
        criterion: undefined,
        startMs: undefined,
        endMs: undefined,
      },
    ]);
    expect(scoreAdjustments(flagged)).toEqual([
      { factor: 0.6, reason: 'Only 3 clauses tell an event' },
    ]);
  });

  it('measures delivery against the band and the fluent and hesitant marks', () => {
    const d = deliveryDashboard(fixtureRecord());
    expect([d.wordsPerMinute, d.paceVerdict, d.fillersPerMinute, d.fillerVerdict]).toEqual([
      131.3,
      'comfortable',
      2,
      'noticeable',
    ]);
    expect([d.longPauses.length, d.stalls.length, d.elapsedMs, d.slotMs]).toEqual([
      1, 1, 17_200, 600_000,
    ]);
  });

  it('marks evidence, numbers and fillers on the words, and puts pauses and prompts between them', () => {
    const items = annotateTranscript(fixtureRecord());
    const text = items
      .map((i) => {
        if (i.kind === 'prompt') return `[${i.prompt.kind}]`;
        if (i.kind === 'part') return `<${i.part}>`;
        if (i.kind === 'pause') return `(${i.pause.kind})`;
        const m = i.marks;
        return m.metric
          ? `#${i.text}`
          : m.evidence
            ? `*${i.text}`
            : m.filler
              ? `~${i.text}`
              : i.text;
      })
      .join(' ');
    expect(text).toBe(
      '[opening] ~Um <Situation> at nine fifteen our checkout API started returning errors. (long) <Action> *I *paged the database team and rolled back the deploy *within #twelve #minutes (stall) ~you ~know #forty #thousand #users saw failed payments. *We *added *a *canary *stage. [followUp]',
    );
  });

  it.each([
    ['stalls', 9_600],
    ['long-pauses', 4_700],
    ['fillers', 1_200],
    ['slow-start', 0],
    ['speaking-rate', 1_200],
    ['overran-slot', 600_000],
    ['no-runbook', undefined],
    [undefined, undefined],
  ])('plays the gap %s from %s ms', (code, ms) => {
    expect(gapMomentMs(code, fixtureRecord())).toBe(ms);
  });

  it('keeps each gap code beside its missing statement when repeats are dropped', () => {
    const report = fixtureRecord().report;
    const delivery = report.criteria.find((c) => c.id === 'delivery')!;
    delivery.missing = ['A stall of 3.0 s', 'A stall of 3.0 s', 'Fillers: 2 a minute'];
    (delivery as { gaps?: string[] }).gaps = ['stalls', 'stalls', 'fillers'];
    const view = criteriaViews(report).counted.find((c) => c.id === 'delivery')!;
    expect([view.missing, view.gaps]).toEqual([
      ['A stall of 3.0 s', 'Fillers: 2 a minute'],
      ['stalls', 'fillers'],
    ]);
  });

  it('labels the story where the rubric’s clause roles change, when the report has them', () => {
    const record = fixtureRecord();
    const clause = (role: string, startMs: number) => ({ role, startMs }) as never;
    record.report.clauses = [
      clause('situation', 1_600),
      clause('situation', 3_000),
      clause('action', 6_200),
      clause('result', 13_200),
    ];
    const parts = annotateTranscript(record)
      .filter((i) => i.kind === 'part')
      .map((i) => (i.kind === 'part' ? [i.part, i.startMs] : []));
    expect(parts).toEqual([
      ['Situation', 1_600],
      ['Action', 6_200],
      ['Result', 13_200],
    ]);
  });
});
