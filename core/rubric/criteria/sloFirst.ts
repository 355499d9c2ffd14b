import type { Hit } from '../text';
import { cue, evidenceOf, findAll } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clauseAround, gapList } from './context';

const SLO = cue(
  'slos?',
  'service level objectives?',
  'availability (?:target|goal|objective)',
  '\\d+(?:\\.\\d+)?% (?:availability|of (?:\\w+ )?requests|success)',
  '(?:held|holds) to (?:a |an )?\\S+%',
  '(?:three|four|five) nines',
  // In plain words: the target itself, or the promise it makes.
  '9[5-9]\\.\\d+(?:%| percent)?',
  'ninety (?:five|six|seven|eight|nine)(?: point \\w+(?: \\w+)?)? percent',
  '(?:the|our) promise',
  'one (?:in|out of) (?:a|every) (?:thousand|hundred|ten thousand)',
);
const ERROR_BUDGET = cue(
  'error budgets?',
  '(?:can|could) afford',
  "(?:the|a|that's the|month's) (?:budget|allowance)",
  'budget (?:of|is|burns?)',
);
const INDICATOR = cue(
  'slis?',
  'service level indicators?',
  'the indicator',
  'indicator is',
  'success rate',
  'ratio of (?:successful|good|failed)',
  'good events',
  '(?:p\\d\\d|99th percentile) latency',
  'measured at',
  // In plain words: good events over all events.
  '(?:successful|good|failed) \\w+ (?:over|out of|divided by|against) (?:total|all)',
  'share of (?:good|successful)',
  "what (?:i|we)(?:'d| would)? (?:count|measure) is",
  'did it go through',
);
const PIPELINE = cue(
  'pipeline',
  'scrap\\w+',
  'prometheus',
  'collectors?',
  'exporters?',
  'exports',
  'aggregat\\w+',
  'recording rules?',
  'kafka',
  'time ?series',
  'ingest\\w*',
  'statsd',
  'open ?telemetry|otel',
  'metrics (?:backend|store|system)',
  'roll(?:ed)? (?:them |it |that )?up',
  'logs? from the',
);
const PIPELINE_LATENCY = cue(
  '(?:seconds?|minutes?|ms|milliseconds?) of (?:latency|delay|lag)',
  '(?:latency|delay|lag) of',
  'end to end',
);
const COLLECTION_INTERVAL = cue('every \\S+ (?:seconds?|minutes?)');
const ALERT_RULES = cue(
  'alert\\w* rules?',
  '(?:alert|alerts|page|pages) (?:the on ?call|on ?call|when|if|us when)',
  'fires? when',
  '(?:fast|slow) burn',
  'burn ?rate alert',
  'alert (?:when|if|on)',
  "that's a page|that's a ticket",
  'page (?:on|if|when)',
  '(?:wakes|wake) (?:someone|somebody|people|a human) up',
  'goes to the (?:secondary|second)',
);

const EXTRAS = [
  {
    name: 'tiered alerts',
    pattern: cue(
      'tiers?|tiered',
      '(?:fast|slow) burn',
      'warning and critical',
      'multi (?:window|stage)',
      '(?:two|three|multiple) (?:levels|stages|thresholds)',
      'opens? a ticket',
    ),
  },
  {
    name: 'dynamic baseline',
    pattern: cue(
      'baselines?',
      'anomal(?:y|ies)',
      'seasonal\\w*',
      'dynamic thresholds?',
      'hour of (?:the )?week',
      'instead of (?:a |one )?static',
    ),
  },
  {
    name: 'alert fatigue',
    pattern: cue(
      'dedup\\w*',
      'de ?duplicat\\w*',
      'alert fatigue',
      'group(?:s|ing)? (?:the )?alerts',
      'alert noise',
      'inhibit\\w*',
      'suppress\\w*',
      'actionable',
      'alert precision',
    ),
  },
  {
    name: 'escalation policy',
    pattern: cue('escalat\\w*', 'secondary on ?call', 'escalation polic(?:y|ies)'),
  },
  {
    name: 'post-mortem trigger',
    pattern: cue(
      '(?:triggers?|opens?|requires?|gets?) (?:a |an )?(?:blameless )?post ?mortem',
      'post ?mortem (?:trigger|when|for any|if)',
      'every page gets (?:a )?review',
    ),
  },
  {
    name: 'scale awareness',
    pattern: cue(
      'shard\\w*',
      'tracing',
      'new instances',
      'brand new',
      'cardinality',
      'federat\\w*',
      '\\d[\\d,]{2,} (?:nodes|hosts|instances|services)',
      'thousands of (?:nodes|hosts|instances|services)',
      'at scale',
    ),
  },
] as const;

const STEPS = [
  {
    name: 'SLO',
    code: 'no-slo',
    pattern: SLO,
    absent: 'No SLO: start from the objective ("99.9% of checkout requests succeed over 30 days").',
  },
  {
    name: 'indicator',
    code: 'no-indicator',
    pattern: INDICATOR,
    absent: 'No indicator (SLI): say which measurement reflects the SLO.',
  },
  {
    name: 'pipeline',
    code: 'no-pipeline',
    pattern: PIPELINE,
    absent:
      'No pipeline: say how the indicator is collected and aggregated, and with what latency.',
  },
  {
    name: 'alert rules',
    code: 'no-alert-rules',
    pattern: ALERT_RULES,
    absent: 'No alert rules: say what pages whom, on what threshold and for how long.',
  },
] as const;

/** Words from the pipeline's first mention within which its latency is looked for. */
const PIPELINE_WINDOW = 30;

/** Extras a design needs for the last point. */
const EXTRAS_FOR_POINT = 3;

/**
 * SLO-first design. One point for stating the SLO, one for covering the indicator, the
 * pipeline and the alert rules, one for telling them in that order with the SLO first, and
 * one for three or more of: tiered alerts, dynamic baselines, alert-fatigue reduction, an
 * escalation policy, a post-mortem trigger, scale awareness. Without an SLO the score stays
 * at 1 or below.
 */
export function judgeSloFirst(ctx: ScoringContext): Judgement {
  const { text } = ctx;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  const firsts: (Hit | undefined)[] = STEPS.map((step) => findAll(text, step.pattern)[0]);
  STEPS.forEach((step, i) => {
    const hit = firsts[i];
    if (!hit) {
      gaps.add(step.code, step.absent);
      return;
    }
    const clause = clauseAround(ctx, hit.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, step.name));
  });
  const [slo, ...rest] = firsts;
  let score = 0;
  if (slo) {
    score++;
    const budget = findAll(text, ERROR_BUDGET)[0];
    if (budget) {
      const clause = clauseAround(ctx, budget.start);
      evidence.push(evidenceOf(text, clause.start, clause.end, 'error budget'));
    } else {
      gaps.add(
        'no-error-budget',
        'No error budget: say how much unreliability the SLO allows ("43 minutes a month").',
      );
    }
  }
  if (rest.every((h) => h !== undefined)) score++;
  const told = firsts.filter((h): h is Hit => h !== undefined);
  const ordered = told.every((h, i) => i === 0 || h.start >= (told[i - 1]?.start ?? 0));
  if (slo && told.length >= 3 && ordered) {
    score++;
  } else if (told.length >= 2 && !ordered) {
    const order = STEPS.map((s, i) => ({ name: s.name, at: firsts[i]?.start }))
      .filter((s) => s.at !== undefined)
      .sort((x, y) => (x.at ?? 0) - (y.at ?? 0))
      .map((s) => s.name)
      .join(', ');
    gaps.add(
      'slo-not-first',
      `Told as ${order}: state the SLO first, then the indicator, the pipeline and the alert rules.`,
    );
  }
  const pipeline = firsts[2];
  if (pipeline) {
    const nearPipeline = (h: Hit) => Math.abs(h.start - pipeline.start) <= PIPELINE_WINDOW;
    const latency =
      findAll(text, PIPELINE_LATENCY).find(nearPipeline) ??
      findAll(text, COLLECTION_INTERVAL).find(nearPipeline);
    if (latency) {
      const clause = clauseAround(ctx, latency.start);
      evidence.push(evidenceOf(text, clause.start, clause.end, 'pipeline latency'));
    } else {
      gaps.add('no-pipeline-latency', 'Say how long the pipeline takes from event to alert.');
    }
  }
  const extraHits = EXTRAS.map((extra) => findAll(text, extra.pattern)[0]);
  extraHits.forEach((hit, i) => {
    if (!hit) return;
    const clause = clauseAround(ctx, hit.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, EXTRAS[i]?.name));
  });
  const extras = extraHits.filter((h) => h !== undefined).length;
  if (extras >= EXTRAS_FOR_POINT) score++;
  else {
    const absent = EXTRAS.filter((_, i) => !extraHits[i]).map((e) => e.name);
    gaps.add(
      'few-design-strengths',
      `Few design strengths (${extras} of ${EXTRAS.length}); missing: ${absent.join(', ')}.`,
    );
  }
  if (!slo) score = Math.min(score, 1);
  return { score, evidence, missing: gaps.missing, gaps: gaps.gaps };
}
