import type { ScoringContext } from './criteria/context';
import { JUDGED_ON_CLAIMS, STORY_ONLY, isStoryTrack } from './criteria/context';
import { OTHERS_ACTION, WE_ACTION } from './criteria/ownership';
import type { Clause } from './clauses';
import type { Hit } from './text';
import { cue, evidenceOf, findAll } from './text';
import type {
  CoachingPoint,
  CriterionId,
  CriterionScore,
  GapCode,
  MetricKind,
  ScenarioTrack,
} from './types';
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

/** The clause with its vague amounts ("pretty quickly", "a while") taken out. */
function withoutVague(ctx: ScoringContext, c: Clause): string {
  let sentence = cleaned(ctx, c);
  for (const h of hitsBetweenClause(findAll(ctx.text, VAGUE_AMOUNT), c)) {
    const words = h.text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    sentence = sentence.replace(new RegExp(`\\s*\\b${words}\\b`, 'i'), '');
  }
  return sentence.replace(/[\s,;:]+$/, '');
}

function hitsBetweenClause(hits: readonly Hit[], c: Clause): Hit[] {
  return hits.filter((h) => h.start >= c.start && h.end <= c.end);
}

/** What a sentence on each topic should add when the answer never gave its figure. */
const TOPIC_FIGURE: Readonly<Record<Topic, { kind: MetricKind; missing: string }>> = {
  rollback: {
    kind: 'rollbackTime',
    missing: 'how many minutes the rollback took, and what the error rate did after it',
  },
  detection: {
    kind: 'detectionTime',
    missing: 'how many minutes after the first errors you were paged (the time to detect)',
  },
  recovery: {
    kind: 'recoveryTime',
    missing: 'after how many minutes the service was fully back (the time to recover)',
  },
  users: { kind: 'affectedUsers', missing: 'how many users or requests were hurt, as a count' },
};

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

function has(criterion: CriterionScore, ...codes: GapCode[]): boolean {
  return codes.some((code) => criterion.gaps?.includes(code) ?? false);
}

/** The candidate's sentence, then in plain words what the stronger sentence adds. */
function addTo(sentence: string, what: string): string {
  return `"${capitalise(sentence)}", then ${what}.`;
}

const METRIC_GAPS: Readonly<Record<Topic, GapCode | null>> = {
  rollback: 'no-rollback-time',
  detection: null,
  recovery: 'no-recovery-time',
  users: 'no-affected-count',
};

const coachMetrics: Coach = (ctx, criterion, free) => {
  const noNumber = (c: Clause) => free(c) && !hasNumber(ctx, c);
  // Only a sentence whose figure the answer never gave is worth a rewrite: never ask for what
  // is there.
  const wanted = (c: Clause) => {
    const topic = topicOf(ctx, c);
    if (topic === null) return false;
    const code = METRIC_GAPS[topic];
    return code === null
      ? known(ctx, TOPIC_FIGURE[topic].kind) === undefined
      : has(criterion, code);
  };
  const vague = findAll(ctx.text, VAGUE_AMOUNT);
  const told = (c: Clause) => ctx.story.clausePart[ctx.story.wordClause[c.start] ?? 0] !== 0;
  const clause =
    firstClause(ctx, vague, (c) => noNumber(c) && told(c) && wanted(c)) ??
    ctx.story.clauses.find((c) => noNumber(c) && told(c) && wanted(c)) ??
    firstClause(ctx, vague, (c) => noNumber(c) && wanted(c)) ??
    ctx.story.clauses.find((c) => noNumber(c) && wanted(c));
  if (!clause) return null;
  const figure = TOPIC_FIGURE[topicOf(ctx, clause) ?? 'recovery'];
  return {
    clause,
    advice: 'Put the exact figure and its unit in this sentence, and say what it made you decide.',
    example: addTo(withoutVague(ctx, clause), `say ${figure.missing}`),
  };
};

const ACTOR = /\b(?:we|the team|they|some(?:one|body)(?: from the \w+ team)?|the \w+ team)\b/gi;

const coachOwnership: Coach = (ctx, criterion, free) => {
  if (!has(criterion, 'vague-we', 'hands-off', 'no-first-person', 'postmortem-role-unstated')) {
    return null;
  }
  if (has(criterion, 'postmortem-role-unstated') && !has(criterion, 'vague-we', 'hands-off')) {
    const clause = firstClause(ctx, findAll(ctx.text, REVIEW), free);
    if (!clause) return null;
    return {
      clause,
      advice:
        'Say what you did in the post-mortem yourself: chaired it, wrote it, owned its actions.',
      example: addTo(cleaned(ctx, clause), 'say which part of the review was yours'),
    };
  }
  const hits = [...findAll(ctx.text, WE_ACTION), ...findAll(ctx.text, OTHERS_ACTION)].sort(
    (x, y) => x.start - y.start,
  );
  const clause = firstClause(ctx, hits, free);
  if (!clause) return null;
  return {
    clause,
    advice: 'Say which steps were yours, in the first person, with when and why you took them.',
    example: addTo(
      withoutVague(ctx, clause).replace(ACTOR, 'I'),
      'say when you did it, and what told you to',
    ),
  };
};

const coachTradeoffs: Coach = (ctx, criterion, free) => {
  const open = (c: Clause) => free(c) && !hasNumber(ctx, c);
  const clause =
    firstClause(ctx, findAll(ctx.text, VAGUE_TRADE), free) ??
    firstClause(ctx, findAll(ctx.text, TRADE), open) ??
    firstClause(ctx, findAll(ctx.text, PROPOSAL), open) ??
    null;
  if (!clause) return null;
  const wants: string[] = [];
  if (has(criterion, 'no-tradeoff', 'vague-tradeoff')) {
    wants.push('name the choice, what it costs and what it buys');
  } else {
    if (has(criterion, 'cost-not-quantified')) wants.push('put the cost in minutes, money or risk');
    if (has(criterion, 'gain-not-quantified')) wants.push('say by how much reliability improves');
    if (has(criterion, 'no-decision'))
      wants.push('say what you chose and what you weighed it against');
  }
  if (wants.length === 0) return null;
  return {
    clause,
    advice: 'Name the cost of the reliability choice in concrete terms, and the gain it buys.',
    example: addTo(withoutVague(ctx, clause), wants.join(', and ')),
  };
};

const coachFollowThrough: Coach = (ctx, criterion, free) => {
  const clause =
    firstClause(ctx, findAll(ctx.text, REVIEW), free) ??
    [...ctx.story.clauses].reverse().find(free) ??
    null;
  if (!clause) return null;
  const wants: string[] = [];
  if (has(criterion, 'no-runbook')) wants.push('which runbook you wrote or changed');
  if (has(criterion, 'no-slo-revision'))
    wants.push('how the SLO or its error-budget policy changed');
  if (has(criterion, 'no-blameless-review'))
    wants.push('who reviewed it with you, blamelessly, across teams');
  if (has(criterion, 'no-repeat-drop'))
    wants.push('how far repeat incidents fell afterwards, as a number');
  if (wants.length === 0) return null;
  return {
    clause,
    advice:
      'Show the post-mortem as a process: what changed, who reviewed it, and the measured effect.',
    example: addTo(cleaned(ctx, clause), `say ${wants.join('; ')}`),
  };
};

const coachIncidentLens: Coach = (ctx, criterion) => {
  const clause = clauseOfHit(ctx, findAll(ctx.text, FIX)[0]) ?? ctx.story.clauses[0] ?? null;
  if (!clause) return null;
  const users = known(ctx, 'affectedUsers');
  const parts: string[] = [];
  if (has(criterion, 'no-problem')) {
    parts.push(users ? `that ${users} users were hurt, and how` : 'who was hurt, and how');
  }
  if (has(criterion, 'no-process')) parts.push('how you ran the incident (severity, channel)');
  if (has(criterion, 'no-people')) parts.push('who you brought in and kept informed');
  if (parts.length === 0 && has(criterion, 'lens-after-fix')) {
    parts.push('the problem, the process and the people');
  }
  if (parts.length === 0) return null;
  return {
    clause,
    advice:
      'Before the technical fix, state the problem, how you ran the incident, and who you brought in.',
    example: `Before "${cleaned(ctx, clause)}", say ${parts.join('; ')}.`,
  };
};

const coachStructure: Coach = (ctx, criterion) => {
  const { story } = ctx;
  const first = story.clauses[0];
  // The Evaluation belongs right after the Result (or, without one, the last Action).
  const lastOf = (part: number) => story.clauses[story.clausePart.lastIndexOf(part)];
  const last = lastOf(3) ?? lastOf(2) ?? story.clauses[story.clauses.length - 1];
  if (has(criterion, 'no-evaluation') && last) {
    return {
      clause: last,
      advice:
        'Close with what it taught you and the safeguard it became, tied to the reliability target.',
      example: addTo(
        cleaned(ctx, last),
        'say what you changed so it cannot happen the same way again',
      ),
    };
  }
  if (has(criterion, 'long-situation') && first) {
    return {
      clause: first,
      advice: 'Cut the Situation to one sentence and spend the time on what you did.',
      example: addTo(cleaned(ctx, first), 'move straight to what you did first, and when'),
    };
  }
  const step = story.backSteps[0];
  if (has(criterion, 'out-of-order') && step) {
    const clause = story.clauses[step.clause];
    if (clause) {
      return {
        clause,
        advice: `Tell the story in order: this ${step.to} belongs before the ${step.from}.`,
        example: `${capitalise(cleaned(ctx, clause))} (moved before the ${step.from}).`,
      };
    }
  }
  const action = story.clauses[story.clausePart.indexOf(2)];
  if (has(criterion, 'rushed-action') && action) {
    return {
      clause: action,
      advice: 'Give the Action the most time: each step, the signal behind it, and when.',
      example: addTo(
        cleaned(ctx, action),
        'give the next step, the signal behind it and the minute you took it',
      ),
    };
  }
  if (has(criterion, 'no-task') && first) {
    return {
      clause: first,
      advice: 'Say what you were responsible for before the actions.',
      example: addTo(
        cleaned(ctx, first),
        'say what your role was and what you were there to achieve',
      ),
    };
  }
  return null;
};

const coachSloFirst: Coach = (ctx, criterion) => {
  const first = ctx.story.clauses[0];
  if (!first) return null;
  const slo = ctx.metrics.find(
    (m) => m.metric.kind === 'percentage' && m.metric.value >= 90,
  )?.metric;
  const wants: string[] = [];
  if (has(criterion, 'no-slo'))
    wants.push('open with the SLO: what share of requests must succeed, over what window');
  else if (has(criterion, 'slo-not-first'))
    wants.push(`open with the SLO${slo ? ` of ${slo.value}%` : ''} before anything else`);
  if (has(criterion, 'no-error-budget'))
    wants.push(
      `say the error budget it leaves${slo ? ` (${slo.value}% leaves ${formatDuration(Math.round(((100 - slo.value) / 100) * 30 * 86400))} in 30 days)` : ''}`,
    );
  if (has(criterion, 'no-indicator')) wants.push('name the indicator that measures it');
  if (has(criterion, 'no-pipeline', 'no-pipeline-latency'))
    wants.push('say how it is collected and how late it arrives');
  if (has(criterion, 'no-alert-rules'))
    wants.push('say what pages whom, at what threshold, for how long');
  if (wants.length === 0) return null;
  return {
    clause: first,
    advice:
      'Open with the SLO and its error budget, then the indicator, the pipeline, and the alert rules.',
    example: addTo(cleaned(ctx, first), wants.join('; ')),
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

/** A design has no incident to time: its numbers are not coached as MTTR or MTTD. */
const NOT_FOR_DESIGN: ReadonlySet<CriterionId> = new Set(['metrics']);

/**
 * Two or three coaching points for the weighted criteria with the largest weighted gap
 * ((4 - score) x weight, ties in rubric order), each quoting one of the candidate's own clauses
 * (never the same one twice) and rewriting it: the candidate's own words and figures, and in
 * plain words what the stronger sentence adds, read from the criterion's gap codes, so a point
 * never asks for what the answer already has. A design or trade-off answer (`track`) gets no
 * story-structure coaching, and a design no incident-figure rewrites. Trade-offs,
 * follow-through and SLO-first are coached on `claims` (proposals and reflections too), the
 * rest on `ctx`, as they are judged. Fewer points come back when fewer criteria fall short, and
 * none for an empty answer.
 */
export function coach(
  ctx: ScoringContext,
  criteria: readonly CriterionScore[],
  track?: ScenarioTrack,
  claims: ScoringContext = ctx,
): CoachingPoint[] {
  const story = isStoryTrack(track);
  const ranked = criteria
    .map((c) => ({ c, order: CRITERION_IDS.indexOf(c.id) }))
    .filter(
      ({ c }) =>
        c.weight > 0 &&
        c.score < 4 &&
        (story || !STORY_ONLY.has(c.id)) &&
        (track !== 'design' || !NOT_FOR_DESIGN.has(c.id)),
    )
    .sort(
      (x, y) => (4 - y.c.score) * y.c.weight - (4 - x.c.score) * x.c.weight || x.order - y.order,
    );
  const points: CoachingPoint[] = [];
  const used = new Set<number>();
  for (const { c } of ranked) {
    if (points.length >= MAX_COACHING_POINTS) break;
    const judged = JUDGED_ON_CLAIMS.has(c.id) ? claims : ctx;
    const draft = COACHES[c.id](judged, c, (clause) => !used.has(clause.start));
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
