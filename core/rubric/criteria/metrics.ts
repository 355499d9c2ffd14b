import type { FoundMetric } from '../../numbers/extract';
import type { Hit } from '../text';
import { cue, evidenceOf, findAll, hitsBetween } from '../text';
import type { Evidence, MetricKind, GapCode } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clauseAround, gapList } from './context';

/** Words that tie a number to a decision: "so we", "which is why", "because". */
const LINK = cue(
  'because',
  'since',
  'so (?:we|i)',
  'which is why',
  "that's why",
  'which meant',
  '(?:which|that) told (?:me|us)',
  'so that',
  'decided',
  'made the call',
  'enough to',
  '(?:which|that) (?:triggered|justified|cut|reduced|halved|brought)',
);

/** Naming the signal that told you, and why that one: the panel's signal identification. */
export const SIGNAL = cue(
  '(?:the )?(?:signal|metric|graph|dashboard|indicator) (?:that )?(?:told|showed|tipped|mattered)',
  'as the signal',
  'i (?:saw|noticed|watched|looked at|checked) (?:the )?(?:\\w+ )?(?:error rate|latency|p\\d\\d|5xx|500s|saturation|queue depth|success rate|burn rate|dashboard|graph)',
  '(?:error rate|latency|5xx|success rate|burn rate|queue depth) (?:had )?(?:spiked|jumped|climbed|went up|doubled|rose|dropped|hit)',
  'burn ?rate alert',
  // In plain words: what told the speaker, and the one they trusted.
  '(?:what|the thing) (?:that )?(?:told|showed|tipped off|made|convinced) (?:me|us)',
  'the (?:page|alert) was (?:for|on)',
  'the (?:number|metric) (?:i|we) (?:treat|trust|watch)',
  'the signal (?:i|we) (?:trusted|used|watched|picked|chose)',
  '(?:i|we) (?:trusted|picked|chose) (?:the )?(?:\\w+ )?(?:rate|latency|errors?|metric|signal|count)',
  'the (?:first|real) (?:sign|signal|clue)',
);

const CAUSE = /^(?:because|since)$/;

const WHY = cue(
  'because',
  'since it',
  "that's what",
  'which is what',
  'reflects',
  'closest to',
  'rather than',
  'not the',
  'while (?:traffic|cpu|load|the \\w+) (?:was|looked|stayed)',
);

/** Words a link may sit from the number. */
const LINK_WINDOW = 12;

const LABELS: Readonly<Record<MetricKind, string>> = {
  recoveryTime: 'recovery time (MTTR)',
  detectionTime: 'detection time (MTTD)',
  rollbackTime: 'rollback time',
  affectedUsers: 'users or requests affected',
  percentage: 'percentage',
  money: 'money',
  duration: 'time, role not stated',
};

const CORE: readonly { kind: MetricKind; code: GapCode; absent: string }[] = [
  {
    kind: 'recoveryTime',
    code: 'no-recovery-time',
    absent:
      'No recovery time: give the MTTR or outage duration with its unit ("restored after 45 minutes").',
  },
  {
    kind: 'affectedUsers',
    code: 'no-affected-count',
    absent: 'No count of users or requests affected ("12,450 shoppers could not check out").',
  },
  {
    kind: 'rollbackTime',
    code: 'no-rollback-time',
    absent: 'No rollback or mitigation time ("I rolled back in 4 minutes").',
  },
];

const EXTRA_KINDS: ReadonlySet<MetricKind> = new Set(['detectionTime', 'percentage', 'money']);

/** Words between a number and a link, 0 when they touch or overlap. */
function gap(m: FoundMetric, link: Hit): number {
  if (link.start > m.endWord) return link.start - m.endWord;
  if (link.end < m.startWord) return m.startWord - link.end;
  return 0;
}

/** The nearest link to a number within the window, a decision word before a cause. */
function bestLink(links: readonly Hit[], metrics: readonly FoundMetric[]) {
  let best: { metric: FoundMetric; link: Hit; rank: number } | null = null;
  for (const m of metrics) {
    for (const link of hitsBetween(links, m.startWord - LINK_WINDOW, m.endWord + LINK_WINDOW)) {
      const rank = (CAUSE.test(link.text) ? 100 : 0) + gap(m, link);
      if (!best || rank < best.rank) best = { metric: m, link, rank };
    }
  }
  return best;
}

/**
 * Numbers as anchors. One point for each core incident metric with a unit (recovery time,
 * users or requests affected, rollback time), one for a number tied to a decision, one for
 * any extra (detection time, a percentage such as error-budget burn or alert precision, money).
 * 4 needs all three core metrics. Naming the signal that told you, and why, is shown as
 * evidence; its absence is listed as missing.
 */
export function judgeMetrics(ctx: ScoringContext): Judgement {
  const { text, metrics } = ctx;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  const links = findAll(text, LINK);
  let core = 0;
  for (const { kind, code, absent } of CORE) {
    if (metrics.some((m) => m.metric.kind === kind)) core++;
    else gaps.add(code, absent);
  }
  const extra = metrics.some((m) => EXTRA_KINDS.has(m.metric.kind)) ? 1 : 0;
  for (const m of metrics) {
    evidence.push(evidenceOf(text, m.startWord, m.endWord, LABELS[m.metric.kind]));
  }
  const linked = bestLink(links, metrics);
  const unnamed = metrics.find((m) => m.metric.kind === 'duration');
  if (unnamed && core < 3) {
    gaps.add(
      'unnamed-number',
      `Say what "${unnamed.metric.text}" measured: time to detect, to roll back, or to recover.`,
    );
  }
  if (linked) {
    const first = clauseAround(ctx, Math.min(linked.metric.startWord, linked.link.start));
    const last = clauseAround(ctx, Math.max(linked.metric.endWord, linked.link.end));
    evidence.push(evidenceOf(text, first.start, last.end, 'number tied to a decision'));
  } else if (metrics.length > 0) {
    gaps.add(
      'number-not-linked',
      'No number is tied to a decision: say what the figure made you do ("the error rate hit 12%, so I rolled back").',
    );
  }
  const whys = findAll(text, WHY);
  const signals = findAll(text, SIGNAL).map((hit) => {
    const clause = clauseAround(ctx, hit.start);
    return { clause, why: hitsBetween(whys, clause.start, clause.end + 8).length > 0 };
  });
  const signal = signals.find((s) => s.why) ?? signals[0];
  if (signal) {
    const { clause, why } = signal;
    evidence.push(evidenceOf(text, clause.start, clause.end, why ? 'signal, and why' : 'signal'));
    if (!why) gaps.add('signal-not-justified', 'Say why that signal was the one to trust.');
  } else {
    gaps.add('no-signal', 'Say which metric told you something was wrong, and why that one.');
  }
  const score = Math.min(core + (linked ? 1 : 0) + extra, core === 3 ? 4 : 3);
  return { score, evidence, missing: gaps.missing, gaps: gaps.gaps };
}
