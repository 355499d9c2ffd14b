import type { Hit } from '../text';
import { cue, evidenceOf, findAll, hitsBetween } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clauseAround, gapList } from './context';

/** A revised SLO or error-budget policy. */
export const SLO_REVISED = cue(
  '(?:revis|chang|tighten|updat|adjust|lower|rais|reset|redefin)\\w* (?:the |our |a )?(?:\\w+ )?slos?',
  'new slos?',
  'slos? (?:was|were|is) (?:now|revised|changed|tightened|updated)',
  '(?:revis|updat|adopt|introduc)\\w* (?:the |our |an )?error budget(?: policy)?',
  'error budget polic(?:y|ies)',
  '(?:changed|moved|rewrote|retuned) (?:the |our )?(?:\\w+ )?(?:alert|alerting|threshold|paging)s?',
);

/** A new or updated runbook. */
export const RUNBOOK = cue(
  '(?:new|updated|wrote|write|writing|added|automated|created|rewrote|improved) (?:a |an |the |our )?(?:new )?(?:\\w+ )?(?:runbooks?|playbooks?)',
  '(?:runbook|playbook)s? (?:update|automation|for|that|which)',
  'with (?:a |an )?(?:\\w+ )?(?:runbooks?|playbooks?)',
  '(?:now|automatically) (?:removes?|requires?|blocks?|checks?|alerts?|pages?|runs?|rejects?|gates?)',
  '(?:added|built|introduced|automated|created|put in|set up|wrote) (?:a |an )?(?:new )?(?:\\w+ )?(?:check|guard|guardrail|gate|alert|test|limit|lint|canary|step)s?',
);

const REVIEW = cue(
  'blameless',
  'cross ?team',
  '(?:ran|chaired|led|held|facilitated|drove) (?:the |a |our )?(?:\\w+ )?(?:post ?mortem|review|retro\\w*)',
  'not about who',
  'about the (?:process|system)',
  '(?:post ?mortem|review|retro\\w*) with (?:the )?\\w+(?: and (?:the )?\\w+)? teams?',
);

const PM_MENTION = cue('post ?mortems?', 'incident review', 'retro(?:spective)?s?', 'rca');

/** Repeat incidents and their rate. */
export const REPEAT = cue(
  'repeat (?:incidents?|pages?|outages?|alerts?)',
  'recurr\\w*',
  'same (?:kind of )?(?:incident|outage|page|failure)s?',
  'happened again',
  'repeats?',
  "(?:has|have|hasn't|haven't|never) (?:fired|recurred|come back|paged)",
  '(?:caught|flagged|stopped|prevented) (?:\\w+ )?(?:more|other|two|three|\\d+)',
  '(?:pages|incidents|alerts|outages|alert noise|tickets) (?:per|a) (?:week|month|quarter)',
  'mttr (?:went|dropped|halved|fell)',
);

const REDUCED = cue(
  'dropped|fell|went down|down to|reduced|cut|halved|zero|none|no more|never|by half|by a third',
);

/** Words around a repeat-incident phrase within which the drop and its figure must fall. */
const MEASURE_WINDOW = 12;

const ITEMS = [
  {
    name: 'revised SLO',
    code: 'no-slo-revision',
    pattern: SLO_REVISED,
    absent: 'No revised SLO or error-budget policy after the incident.',
  },
  {
    name: 'runbook',
    code: 'no-runbook',
    pattern: RUNBOOK,
    absent: 'No new or updated runbook.',
  },
  {
    name: 'blameless cross-team review',
    code: 'no-blameless-review',
    pattern: REVIEW,
    absent: 'No blameless, cross-team review of the incident.',
  },
] as const;

function measuredDrop(
  ctx: ScoringContext,
  repeats: readonly Hit[],
  drops: readonly Hit[],
): Hit | undefined {
  return repeats.find((r) => {
    const from = r.start - MEASURE_WINDOW;
    const to = r.end + MEASURE_WINDOW;
    const drop = hitsBetween(drops, from, to);
    if (drop.length === 0) return false;
    const figure =
      ctx.quantities.some((q) => q.endWord >= from && q.startWord <= to) ||
      drop.some((d) => /zero|none|never|no more|halved|by half|by a third/.test(d.text));
    return figure;
  });
}

/**
 * Follow-through: the post-mortem as a process. One point each for a revised SLO or
 * error-budget policy, a new or updated runbook, a blameless cross-team review, and a measured
 * drop in repeat incidents afterwards (a reduction word with a figure near "repeat incidents").
 */
export function judgeFollowThrough(ctx: ScoringContext): Judgement {
  const { text } = ctx;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  let score = 0;
  for (const item of ITEMS) {
    const hit = findAll(text, item.pattern)[0];
    if (!hit) {
      gaps.add(item.code, item.absent);
      continue;
    }
    score++;
    const clause = clauseAround(ctx, hit.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, item.name));
  }
  const mention = findAll(text, PM_MENTION)[0];
  if (mention && !evidence.some((e) => e.label === 'blameless cross-team review')) {
    const clause = clauseAround(ctx, mention.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'post-mortem mentioned'));
  }
  const drop = measuredDrop(ctx, findAll(text, REPEAT), findAll(text, REDUCED));
  if (drop) {
    score++;
    const clause = clauseAround(ctx, drop.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'measured reduction'));
  } else {
    gaps.add(
      'no-repeat-drop',
      'No measured drop in repeat incidents afterwards ("repeat pages fell from 9 a month to 1").',
    );
  }
  return { score, evidence, missing: gaps.missing, gaps: gaps.gaps };
}
