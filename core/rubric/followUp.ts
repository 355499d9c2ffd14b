import type { FollowUpSpec, StoryPart } from '../scenarios/schema';
import type { CriterionId, CriterionScore, FollowUp, GapCode, ScenarioTrack } from './types';
import { CRITERION_IDS } from './types';
import { STORY_ONLY, isStoryTrack } from './criteria/context';

/** What the panel knows when it picks its next question. */
export interface FollowUpContext {
  /** Time since the answer started, ms. */
  elapsedMs: number;
  /** Story parts the answer has reached (a part counts as reached once any later part is told). */
  reachedParts: StoryPart[];
  /** Follow-up ids already asked in this take. */
  askedIds: string[];
  /**
   * Every gap the criteria found, weighted or not. When given, a question that asks only for
   * things the answer already has (none of its topics' gaps is open) is not asked.
   */
  gaps?: ReadonlySet<GapCode>;
}

/**
 * What a question asks about, read from its words, and the gaps that leave it open: a question
 * is worth asking while any topic it names still has one of its gaps. A question naming no
 * topic here is always open.
 */
const QUESTION_TOPICS: readonly { pattern: RegExp; open: readonly GapCode[] }[] = [
  {
    pattern: /\bsignal\b|which (?:metric|dashboard|graph)/,
    open: ['no-signal', 'signal-not-justified'],
  },
  {
    pattern: /\bmttr\b|recovery take|how long (?:was|did) the (?:outage|incident)/,
    open: ['no-recovery-time'],
  },
  {
    pattern: /how many (?:users|customers|requests)|users (?:felt|affected)/,
    open: ['no-affected-count'],
  },
  { pattern: /(?:rollback|mitigation) take/, open: ['no-rollback-time'] },
  {
    pattern: /yourself|your own part|your part|who made the call/,
    open: [
      'no-first-person',
      'vague-we',
      'hands-off',
      'postmortem-role-unstated',
      'absent-from-postmortem',
    ],
  },
  { pattern: /\blearn|changed? (?:in the system|afterwards)/, open: ['no-evaluation'] },
  { pattern: /runbook/, open: ['no-runbook'] },
  { pattern: /repeat incidents/, open: ['no-repeat-drop'] },
  {
    pattern: /slo or the error.budget policy change|which runbook or slo/,
    open: ['no-slo-revision'],
  },
  { pattern: /blameless/, open: ['no-blameless-review'] },
  { pattern: /error budget/, open: ['no-slo', 'no-error-budget'] },
  { pattern: /which indicator/, open: ['no-indicator'] },
  {
    pattern: /how stale|from the hosts to the alert|pipeline/,
    open: ['no-pipeline', 'no-pipeline-latency'],
  },
  {
    pattern: /give up|a number on that cost|trade/,
    open: ['no-tradeoff', 'vague-tradeoff', 'cost-not-quantified', 'gain-not-quantified'],
  },
];

/** The gap codes a question asks about, read from its words (empty when it names no topic). */
export function questionGaps(question: string): GapCode[] {
  const text = question.toLowerCase();
  return QUESTION_TOPICS.filter((t) => t.pattern.test(text)).flatMap((t) => t.open);
}

/**
 * The scenario's own question for what the answer misses most, whatever its timing
 * conditions: among follow-ups not yet asked whose topics name an open gap of a weighted
 * criterion, the one whose criterion scores lowest (ties to the heavier weight, then authored
 * order). Null when no scenario question names an open gap.
 */
export function gapFollowUp(
  criteria: readonly CriterionScore[],
  followUps: readonly FollowUpSpec[],
  askedIds: readonly string[],
): FollowUp | null {
  let best: { spec: FollowUpSpec; criterion: CriterionScore } | null = null;
  for (const spec of followUps) {
    if (askedIds.includes(spec.id)) continue;
    const asks = questionGaps(spec.ask);
    for (const c of criteria) {
      if (c.weight <= 0 || c.score >= 4 || !(c.gaps ?? []).some((g) => asks.includes(g))) continue;
      if (
        !best ||
        c.score < best.criterion.score ||
        (c.score === best.criterion.score && c.weight > best.criterion.weight)
      ) {
        best = { spec, criterion: c };
      }
    }
  }
  if (!best) return null;
  const { spec, criterion } = best;
  return {
    id: spec.id,
    prompt: spec.ask,
    criterion: criterion.id,
    reason: `${criterion.title} scored ${criterion.score} of 4 and this asks for what it misses.`,
  };
}

/** True when the question asks only for things the answer already covered. */
export function askedAlready(question: string, gaps: ReadonlySet<GapCode>): boolean {
  const text = question.toLowerCase();
  const topics = QUESTION_TOPICS.filter((t) => t.pattern.test(text));
  return topics.length > 0 && topics.every((t) => !t.open.some((code) => gaps.has(code)));
}

/** The score below which a scenario's `when.missing` follow-up fires when `below` is not given. */
export const DEFAULT_FOLLOW_UP_BELOW = 2;

/**
 * The scenario's next follow-up: the first, in authored order, not yet asked, whose every
 * given condition holds: `when.missing` scored below `when.below` (a criterion absent from
 * `criteria` does not match), at least `when.afterSeconds` elapsed, `when.afterPart` reached.
 * A follow-up with no conditions always matches. Returns null when none matches.
 */
export function chooseFollowUp(
  criteria: CriterionScore[],
  followUps: FollowUpSpec[],
  context: FollowUpContext,
): FollowUp | null {
  for (const spec of followUps) {
    if (context.askedIds.includes(spec.id)) continue;
    if (context.gaps && askedAlready(spec.ask, context.gaps)) continue;
    const when = spec.when;
    const reasons: string[] = [];
    let missing: CriterionScore | undefined;
    if (when.missing !== undefined) {
      const below = when.below ?? DEFAULT_FOLLOW_UP_BELOW;
      missing = criteria.find((c) => c.id === when.missing);
      if (!missing || missing.score >= below) continue;
      reasons.push(`${missing.title} scored ${missing.score} of 4, below ${below}`);
    }
    if (when.afterSeconds !== undefined) {
      if (context.elapsedMs < when.afterSeconds * 1000) continue;
      reasons.push(`${when.afterSeconds} s have passed`);
    }
    if (when.afterPart !== undefined) {
      if (!context.reachedParts.includes(when.afterPart)) continue;
      reasons.push(`the answer reached the ${when.afterPart}`);
    }
    const followUp: FollowUp = {
      id: spec.id,
      prompt: spec.ask,
      reason: reasons.length > 0 ? `${reasons.join('; ')}.` : 'Asked whenever it is its turn.',
    };
    if (when.missing !== undefined) followUp.criterion = when.missing;
    return followUp;
  }
  return null;
}

/** The panel's own question for each criterion's gap, used when the scenario has none that fits. */
export const BUILT_IN_FOLLOW_UPS: Readonly<Record<Exclude<CriterionId, 'delivery'>, string>> = {
  structure: 'What did you learn, and what did you change in the system afterwards?',
  incidentLens:
    'Before the fix: what was the user-facing problem, how did you run the incident, and who did you bring in?',
  metrics: 'What was the MTTR, how many users were affected, and how long did the rollback take?',
  ownership:
    'Which of those steps did you take yourself, and what was your part in the post-mortem?',
  tradeoffs: 'To cut MTTR by 30%, what would you give up, in minutes, money or risk?',
  followThrough:
    'What came out of the post-mortem: which runbook or SLO changed, and did repeat incidents go down?',
  sloFirst:
    'What SLO and error budget is this alerting protecting, and which indicator reflects it?',
};

/** Id of a built-in follow-up, e.g. "builtin-metrics". */
export function builtInFollowUpId(id: CriterionId): string {
  return `builtin-${id}`;
}

/**
 * The built-in question for the weakest weighted criterion: lowest score among criteria with
 * weight above 0 and a score under 4, ties to the heavier weight, then to rubric order.
 * Delivery is never asked about (a panel does not question pace), nor is a built-in question
 * already asked; a design or trade-off answer (`track`) is not asked about story structure or
 * the incident lens. Returns null when no criterion qualifies.
 */
export function builtInFollowUp(
  criteria: CriterionScore[],
  askedIds: string[],
  track?: ScenarioTrack,
): FollowUp | null {
  const story = isStoryTrack(track);
  const candidates = criteria
    .map((c) => ({ c, order: CRITERION_IDS.indexOf(c.id) }))
    .filter(
      ({ c }) =>
        c.id !== 'delivery' &&
        c.weight > 0 &&
        c.score < 4 &&
        (story || !STORY_ONLY.has(c.id)) &&
        !askedIds.includes(builtInFollowUpId(c.id)),
    )
    .sort((x, y) => x.c.score - y.c.score || y.c.weight - x.c.weight || x.order - y.order);
  const weakest = candidates[0]?.c;
  if (!weakest || weakest.id === 'delivery') return null;
  const gap = weakest.missing[0];
  return {
    id: builtInFollowUpId(weakest.id),
    prompt: BUILT_IN_FOLLOW_UPS[weakest.id],
    criterion: weakest.id,
    reason: `${weakest.title} is the weakest weighted criterion at ${weakest.score} of 4${gap ? `: ${gap}` : '.'}`,
  };
}
