import type { ScoringContext } from './criteria/context';
import { OTHERS_ACTION, WE_ACTION } from './criteria/ownership';
import type { Clause } from './clauses';
import type { Hit } from './text';
import { cue, evidenceOf, findAll } from './text';
import type { CoachingPoint, CriterionId, CriterionScore, MetricKind } from './types';
import { CRITERION_IDS } from './types';

/** At most this many coaching points per answer. */
export const MAX_COACHING_POINTS = 3;
/** Longest quote, in words; longer clauses are quoted from their start. */
const QUOTE_WORDS = 30;

const VAGUE_AMOUNT = cue(
  'pretty quickly|quickly|really fast|fast|(?:took|for|after) a while|some time|for a bit|eventually|soon',
  'a (?:few|couple of) (?:minutes|hours|seconds)',
  '(?:a lot of|lots of|many|some|most|a bunch of|tons of) (?:users|customers|shoppers|requests|people|errors)',
);
const VAGUE_TRADE = cue(
  'figure (?:it|that|them) out later',
  'figure out (?:the )?\\w+(?: \\w+)? later',
  'deal with (?:it|that) later',
  'worry about (?:it|that) later',
  'it depends',
);
const TRADE = cue('trade ?offs?', 'rather than', 'instead of', 'the (?:cost|downside)');
const PROPOSAL = cue("i(?:'d| would)");
const REVIEW = cue(
  'post ?mortems?',
  'retro\\w*',
  'lessons?',
  'learned',
  'looking back',
  'monitoring',
  'runbooks?',
);
const FIX = cue(
  'roll(?:ed|ing)?(?: (?:it|that|this|the \\w+))? back',
  'rollback',
  'revert\\w*',
  'restart\\w*',
  'fail(?:ed|ing)? over',
  'fixed',
  'patched',
  'drain(?:ed|ing)',
);

const TOPICS: readonly { topic: Topic; pattern: RegExp }[] = [
  {
    topic: 'rollback',
    pattern: /roll(?:ed|ing)?(?: \w+)? back|rollback|revert|fail(?:ed)? ?over|mitigat/,
  },
  { topic: 'detection', pattern: /notic|detect|alert|paged|spotted|found out|figured out/ },
  {
    topic: 'recovery',
    pattern: /recover|restor|came back|back to normal|back up|fixed|resolved|outage|down\b/,
  },
  { topic: 'users', pattern: /users|customers|shoppers|requests|people|errors/ },
];

type Topic = 'rollback' | 'detection' | 'recovery' | 'users';

function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A duration in seconds as a speaker would say it: "45 seconds", "4 minutes", "1.5 hours". */
export function formatDuration(valueSeconds: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (valueSeconds < 60) return plural(Math.round(valueSeconds * 10) / 10, 'second');
  if (valueSeconds < 3600 || valueSeconds % 1800 !== 0) {
    return plural(Math.round((valueSeconds / 60) * 10) / 10, 'minute');
  }
  return plural(valueSeconds / 3600, 'hour');
}

function known(ctx: ScoringContext, kind: MetricKind): string | undefined {
  const m = ctx.metrics.find((f) => f.metric.kind === kind)?.metric;
  if (!m) return undefined;
  if (m.unit === 's') return formatDuration(m.value);
  if (m.unit === 'users') return formatCount(m.value);
  return m.text;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function quoteRange(c: Clause): Clause {
  return { start: c.start, end: Math.min(c.end, c.start + QUOTE_WORDS - 1) };
}

/** The clause's words with fillers and a leading "so"/"and"/"but" removed. */
function cleaned(ctx: ScoringContext, c: Clause): string {
  const skip = new Set<number>();
  for (const f of ctx.fillers) {
    if (f.end < c.start || f.start > c.end) continue;
    for (let i = f.start; i <= f.end; i++) skip.add(i);
  }
  const words: string[] = [];
  for (let i = c.start; i <= c.end; i++) {
    if (skip.has(i)) continue;
    const raw = (ctx.text.words[i]?.text ?? '').trim();
    if (words.length === 0 && /^(?:so|and|but|then|eventually)[,]?$/i.test(raw)) continue;
    words.push(raw);
  }
  return words.join(' ').replace(/[\s,;:.!?]+$/, '');
}

function topicOf(ctx: ScoringContext, c: Clause): Topic | null {
  const text = ctx.text.norms.slice(c.start, c.end + 1).join(' ');
  return TOPICS.find((t) => t.pattern.test(text))?.topic ?? null;
}

function hasNumber(ctx: ScoringContext, c: Clause): boolean {
  return ctx.quantities.some((q) => q.endWord >= c.start && q.startWord <= c.end);
}

function clauseOfHit(ctx: ScoringContext, h: Hit | undefined): Clause | null {
  if (!h) return null;
  return ctx.story.clauses[ctx.story.wordClause[h.start] ?? 0] ?? null;
}

function firstClause(
  ctx: ScoringContext,
  hits: readonly Hit[],
  ok: (c: Clause) => boolean,
): Clause | null {
  for (const h of hits) {
    const c = clauseOfHit(ctx, h);
    if (c && ok(c)) return c;
  }
  return null;
}

function quantifiedExample(ctx: ScoringContext, topic: Topic | null, sentence: string): string {
  const rollback = known(ctx, 'rollbackTime') ?? '[N] minutes';
  const recovery = known(ctx, 'recoveryTime') ?? '[N] minutes';
  const detection = known(ctx, 'detectionTime') ?? '[N] minutes';
  const users = known(ctx, 'affectedUsers') ?? '[N]';
  switch (topic) {
    case 'rollback':
      return `I rolled back in ${rollback}, which cut the error rate from [X]% to [Y]%.`;
    case 'detection':
      return `The alert paged me ${detection} after the first errors (our MTTD), because [signal] crossed [X]%.`;
    case 'recovery':
      return `The service was fully restored after ${recovery}, our MTTR for this incident, with ${users} users affected.`;
    case 'users':
      return `${users} users (about [X]% of traffic) were affected for ${recovery}.`;
    default:
      return `${capitalise(sentence)}, which took [N] minutes and affected [N] users.`;
  }
}

interface Draft {
  clause: Clause;
  advice: string;
  example: string;
}

/** Drafts a point for one criterion; `free` says whether a clause is not quoted yet. */
type Coach = (
  ctx: ScoringContext,
  criterion: CriterionScore,
  free: (c: Clause) => boolean,
) => Draft | null;

const coachMetrics: Coach = (ctx, _criterion, free) => {
  const noNumber = (c: Clause) => free(c) && !hasNumber(ctx, c);
  const vague = findAll(ctx.text, VAGUE_AMOUNT);
  const told = (c: Clause) => ctx.story.clausePart[ctx.story.clauses.indexOf(c)] !== 0;
  const timeline = (c: Clause) => (topicOf(ctx, c) ?? 'users') !== 'users';
  // Best: a vague amount where the candidate tells what happened (past the Situation) about
  // the timeline; then any such sentence without a number; then any vague amount.
  const clause =
    firstClause(ctx, vague, (c) => noNumber(c) && told(c) && timeline(c)) ??
    ctx.story.clauses.find((c) => noNumber(c) && told(c) && topicOf(ctx, c) !== null) ??
    firstClause(ctx, vague, noNumber) ??
    ctx.story.clauses.find((c) => noNumber(c) && topicOf(ctx, c) !== null);
  if (!clause) return null;
  return {
    clause,
    advice: 'Put the exact figure and its unit in this sentence, and say what it made you decide.',
    example: quantifiedExample(ctx, topicOf(ctx, clause), cleaned(ctx, clause)),
  };
};

const ACTOR = /\b(?:we|the team|they|some(?:one|body)(?: from the \w+ team)?|the \w+ team)\b/gi;

const coachOwnership: Coach = (ctx, _criterion, free) => {
  const hits = [...findAll(ctx.text, WE_ACTION), ...findAll(ctx.text, OTHERS_ACTION)].sort(
    (x, y) => x.start - y.start,
  );
  const clause = firstClause(ctx, hits, free);
  if (!clause) return null;
  const topic = topicOf(ctx, clause);
  const sentence = cleaned(ctx, clause);
  const example =
    topic === 'rollback'
      ? quantifiedExample(ctx, topic, sentence)
      : `${capitalise(sentence.replace(ACTOR, 'I'))}, [N] minutes in, because [signal] showed [X].`;
  return {
    clause,
    advice: 'Say which steps were yours, in the first person, with when and why you took them.',
    example,
  };
};

const coachTradeoffs: Coach = (ctx, _criterion, free) => {
  const open = (c: Clause) => free(c) && !hasNumber(ctx, c);
  const clause =
    firstClause(ctx, findAll(ctx.text, VAGUE_TRADE), free) ??
    firstClause(ctx, findAll(ctx.text, TRADE), open) ??
    firstClause(ctx, findAll(ctx.text, PROPOSAL), open) ??
    ctx.story.clauses[ctx.story.clauses.length - 1] ??
    null;
  if (!clause) return null;
  return {
    clause,
    advice: 'Name the cost of the reliability choice in concrete terms, and the gain it buys.',
    example:
      'I would tighten [X], which adds [Y] minutes to [Z], but improves reliability by [A]%.',
  };
};

const coachFollowThrough: Coach = (ctx, criterion) => {
  const clause =
    clauseOfHit(ctx, findAll(ctx.text, REVIEW)[0]) ??
    ctx.story.clauses[ctx.story.clauses.length - 1] ??
    null;
  if (!clause) return null;
  const gaps = criterion.missing.join(' ');
  const review = /review/.test(gaps);
  const steps: string[] = [];
  if (/runbook/.test(gaps)) steps.push('I updated the runbook for [failure]');
  if (/SLO/.test(gaps)) steps.push('revised the SLO to [X]%');
  const lead = review
    ? 'After a blameless post-mortem with [the teams involved]'
    : 'After the post-mortem';
  let example =
    steps.length > 0 ? `${lead}, ${steps.join(' and ')}` : `${lead}, I closed [N] action items`;
  if (/repeat/.test(gaps)) example += '; repeat incidents fell from [N] to [M] a quarter';
  return {
    clause,
    advice:
      'Show the post-mortem as a process: what changed, who reviewed it, and the measured effect.',
    example: `${example}.`,
  };
};

const coachIncidentLens: Coach = (ctx, criterion) => {
  const clause = clauseOfHit(ctx, findAll(ctx.text, FIX)[0]) ?? ctx.story.clauses[0] ?? null;
  if (!clause) return null;
  const gaps = criterion.missing.join(' ');
  const users = known(ctx, 'affectedUsers') ?? '[N]';
  const parts: string[] = [];
  if (/problem/.test(gaps)) parts.push(`${users} users could not [complete checkout] (problem)`);
  if (/process|Process/.test(gaps))
    parts.push('I declared a SEV-[N] and opened the incident channel (process)');
  if (/people|People/.test(gaps))
    parts.push('I paged [team] and updated support every [N] minutes (people)');
  const before = parts.length > 0 ? parts.join('; ') : 'state problem, process and people';
  return {
    clause,
    advice:
      'Before the technical fix, state the problem, how you ran the incident, and who you brought in.',
    example: `Before the fix: ${before}. Then: ${cleaned(ctx, clause)}.`,
  };
};

const coachStructure: Coach = (ctx, criterion) => {
  const { story } = ctx;
  const gaps = criterion.missing.join(' ');
  const first = story.clauses[0];
  // The Evaluation belongs right after the Result (or, without one, the last Action).
  const lastOf = (part: number) => story.clauses[story.clausePart.lastIndexOf(part)];
  const last = lastOf(3) ?? lastOf(2) ?? story.clauses[story.clauses.length - 1];
  if (/No Evaluation/.test(gaps) && last) {
    return {
      clause: last,
      advice:
        'Close with the Evaluation: tie the fix to the reliability model and the safeguard it became.',
      example: `${capitalise(cleaned(ctx, last))}. Looking back, the systemic fix was [safeguard], which protects our [X]% SLO.`,
    };
  }
  if (/Long Situation/.test(gaps) && first) {
    return {
      clause: first,
      advice: 'Cut the Situation to one sentence and spend the time on what you did.',
      example:
        '[Service], serving [N] requests a second, started failing at [time]; I was the on-call.',
    };
  }
  const step = story.backSteps[0];
  if (step) {
    const clause = story.clauses[step.clause];
    if (clause) {
      return {
        clause,
        advice: `Tell the story in order: this ${step.to} belongs before the ${step.from}.`,
        example: `${capitalise(cleaned(ctx, clause))} (moved before the ${step.from}).`,
      };
    }
  }
  const actionIndex = story.clausePart.indexOf(2);
  const action = story.clauses[actionIndex];
  if (/Rushed Action/.test(gaps) && action) {
    return {
      clause: action,
      advice: 'Give the Action the most time: each step, the signal behind it, and when.',
      example: `${capitalise(cleaned(ctx, action))}, then I [second step] because [signal], and at [N] minutes I [third step].`,
    };
  }
  if (/No Task/.test(gaps) && first) {
    return {
      clause: first,
      advice: 'Say what you were responsible for before the actions.',
      example: `${capitalise(cleaned(ctx, first))}; my job as [role] was to [goal].`,
    };
  }
  return null;
};

const coachSloFirst: Coach = (ctx) => {
  const first = ctx.story.clauses[0];
  if (!first) return null;
  const slo = ctx.metrics.find(
    (m) => m.metric.kind === 'percentage' && m.metric.value >= 90,
  )?.metric;
  const target = slo ? `${slo.value}%` : '[99.9]%';
  return {
    clause: first,
    advice:
      'Open with the SLO and its error budget, then the indicator, the pipeline, and the alert rules.',
    example: `I'd start from the SLO: ${target} of [checkout] requests succeed over 30 days, an error budget of [N] minutes a month; the indicator is the success rate measured at [the load balancer].`,
  };
};

const coachDelivery: Coach = (ctx) => {
  let best: Clause | null = null;
  let most = 1;
  for (const c of ctx.story.clauses) {
    const n = ctx.fillers.filter((f) => f.start >= c.start && f.end <= c.end).length;
    if (n > most) {
      most = n;
      best = c;
    }
  }
  if (!best) return null;
  return {
    clause: best,
    advice: `This sentence has ${most} fillers: say it without them and pause silently instead.`,
    example: `${capitalise(cleaned(ctx, best))}.`,
  };
};

const COACHES: Readonly<Record<CriterionId, Coach>> = {
  structure: coachStructure,
  incidentLens: coachIncidentLens,
  metrics: coachMetrics,
  ownership: coachOwnership,
  tradeoffs: coachTradeoffs,
  followThrough: coachFollowThrough,
  sloFirst: coachSloFirst,
  delivery: coachDelivery,
};

/**
 * Two or three coaching points for the weighted criteria with the largest weighted gap
 * ((4 - score) x weight, ties in rubric order), each quoting one of the candidate's own clauses (never the same one
 * twice) and rewriting it into the quantified shape; numbers the answer gave elsewhere fill the
 * rewrite, placeholders such as "[N] minutes" stand for those it never gave. Fewer points come
 * back when fewer criteria fall short, and none for an empty answer.
 */
export function coach(ctx: ScoringContext, criteria: readonly CriterionScore[]): CoachingPoint[] {
  const ranked = criteria
    .map((c) => ({ c, order: CRITERION_IDS.indexOf(c.id) }))
    .filter(({ c }) => c.weight > 0 && c.score < 4)
    .sort(
      (x, y) => (4 - y.c.score) * y.c.weight - (4 - x.c.score) * x.c.weight || x.order - y.order,
    );
  const points: CoachingPoint[] = [];
  const used = new Set<number>();
  for (const { c } of ranked) {
    if (points.length >= MAX_COACHING_POINTS) break;
    const draft = COACHES[c.id](ctx, c, (clause) => !used.has(clause.start));
    if (!draft || used.has(draft.clause.start)) continue;
    used.add(draft.clause.start);
    const range = quoteRange(draft.clause);
    points.push({
      criterion: c.id,
      quote: evidenceOf(ctx.text, range.start, range.end, 'your words'),
      advice: draft.advice,
      example: draft.example,
    });
  }
  return points;
}
