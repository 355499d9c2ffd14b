import { cue, evidenceOf, findAll, hitsBetween } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clampScore, clauseAround, gapList } from './context';

const ADVERBS =
  '(?:quickly |immediately |then |also |first |just |personally |finally |eventually |manually |actually |basically )?';

const VERBS =
  '(?:paged|rolled|reverted|restarted|declared|chaired|led|ran|wrote|owned|drove|decided|called|opened|noticed|checked|pulled|failed|escalated|coordinated|scaled|drained|shipped|deployed|fixed|disabled|flipped|traced|found|bisected|started|added|built|proposed|presented|facilitated|filed|updated|pushed|made the call|took|looked|investigated|figured|mitigated|isolated|identified|diagnosed|killed|rebooted|triaged|communicated|notified|posted|increased|reduced|lowered|raised|changed|moved|switched|blocked|throttled|cordoned|picked|chose|confirmed|tested|automated|revised|tightened|removed|migrated|patched|applied|spotted|caught|dug|handled|set up|kicked off|restored|measured|tracked|wrote up|instrumented)';

/**
 * Action verbs in the historical present, as spoken stories often run ("so I page the DBA, I
 * roll back"); only verbs that name an incident action, so "I think" or "I have" never count.
 */
const PRESENT_VERBS =
  '(?:page|roll back|revert|restart|declare|escalate|drain|disable|flip|bisect|mitigate|triage|reboot|fail over|throttle|isolate|diagnose|restore|patch|cordon)';

const I_ACTION = cue(`i ${ADVERBS}${VERBS}`, `i ${ADVERBS}${PRESENT_VERBS}`);
/** "We" doing an incident action: "we rolled back", "we figured". */
export const WE_ACTION = cue(`we ${ADVERBS}${VERBS}`);
/** Someone other than the candidate doing an incident action: "the team looked", "they fixed". */
export const OTHERS_ACTION = cue(
  `(?:the team|they|someone|somebody|another team|the \\w+ team|my (?:manager|lead|colleague|teammate)) ${ADVERBS}${VERBS}`,
);

const HANDOFF = cue(
  'handed (?:it )?(?:off|over)',
  'someone (?:else|from)',
  'somebody (?:else|from)',
  'another team (?:handled|fixed|took)',
  '(?:the \\w+ team|they) (?:took over|handled it|fixed it)',
  'left it to',
  'passed it (?:on|to)',
  'not my (?:call|team|area|job)',
);

const REVIEW =
  '(?:the |our |a |an )?(?:blameless )?(?:\\w+ )?(?:post ?mortems?|review|retro(?:spective)?|rca|incident review)';

const PM_OWNED = cue(
  `i ${ADVERBS}(?:chaired|ran|led|wrote|wrote up|facilitated|drove|presented|organized|organised|owned|hosted|attended|joined|took part in|co wrote|authored) ${REVIEW}`,
);

const PM_MENTION = cue('post ?mortems?', 'incident review', 'retro(?:spective)?s?', 'rca');

const PM_ABSENT = cue(
  "i (?:wasn't|was not|didn't|did not|never) (?:really )?(?:part of|in|at|attend\\w*|join\\w*|involved|make it|go to|get to)",
  '(?:missed|skipped) the (?:post ?mortem|review|retro)',
);

const PM_BY_OTHERS = cue(
  '(?<!i )(?<!i \\w+ )(?:wrote|wrote up|ran|led|did|owned|chaired|handled) the post ?mortems?',
);

/** Words around an absence phrase within which a post-mortem mention makes it a red flag. */
const ABSENCE_WINDOW = 15;

function distinctVerbs(texts: readonly string[]): number {
  return new Set(texts.map((t) => t.split(' ').slice(-1)[0])).size;
}

/**
 * Ownership. Points for distinct first-person actions ("I paged", "I rolled back": 1 gives 1,
 * 2-3 give 2, 4 or more give 3) and one for the candidate's own role in the post-mortem.
 * One off when "we"/"the team" actions outnumber "I" actions, one off for handing the work
 * to someone else. Being absent from the post-mortem is a red flag that caps the score at 1.
 */
export function judgeOwnership(ctx: ScoringContext): Judgement {
  const { text } = ctx;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  const mine = findAll(text, I_ACTION);
  const ours = [...findAll(text, WE_ACTION), ...findAll(text, OTHERS_ACTION)];
  const handoffs = findAll(ctx.said, HANDOFF);
  const pmOwned = findAll(text, PM_OWNED)[0];
  const mentions = findAll(ctx.said, PM_MENTION);
  const absent = findAll(ctx.said, PM_ABSENT).find(
    (h) =>
      /post ?mortem|review|retro/.test(h.text) ||
      hitsBetween(mentions, h.start - ABSENCE_WINDOW, h.end + ABSENCE_WINDOW).length > 0,
  );
  const byOthers = findAll(ctx.said, PM_BY_OTHERS)[0];

  const distinct = distinctVerbs(mine.map((h) => h.text));
  let score = distinct >= 4 ? 3 : distinct >= 2 ? 2 : distinct;
  for (const h of mine.slice(0, 6)) evidence.push(evidenceOf(text, h.start, h.end, 'first person'));
  if (distinct === 0)
    gaps.add(
      'no-first-person',
      'No first-person actions: say what you did ("I paged", "I rolled back").',
    );

  if (pmOwned) {
    score++;
    const clause = clauseAround(ctx, pmOwned.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'post-mortem role'));
  } else if (mentions.length > 0 && !absent && !byOthers) {
    gaps.add(
      'postmortem-role-unstated',
      'Your role in the post-mortem is not stated: say what you did in it ("I chaired the review").',
    );
  }
  if (ours.length > mine.length && ours.length >= 2) {
    score--;
    gaps.add(
      'vague-we',
      `"We" and "the team" (${ours.length}) outnumber "I" (${mine.length}): say which steps were yours.`,
    );
    for (const h of ours.slice(0, 3)) evidence.push(evidenceOf(text, h.start, h.end, 'vague we'));
  }
  const handoff = handoffs[0];
  if (handoff) {
    score--;
    const clause = clauseAround(ctx, handoff.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'hand-off'));
    gaps.add(
      'hands-off',
      'Hands the work to someone else: say what you did yourself and what you asked of them.',
    );
  }
  if (absent || (byOthers && !pmOwned)) {
    const flag = absent ?? byOthers;
    if (flag) {
      const clause = clauseAround(ctx, flag.start);
      evidence.push(evidenceOf(text, clause.start, clause.end, 'absent from the post-mortem'));
    }
    gaps.add(
      'absent-from-postmortem',
      'Not part of the post-mortem: a red flag for ownership; own the review and its actions.',
    );
    score = Math.min(score, 1);
  }
  return { score: clampScore(score), evidence, missing: gaps.missing, gaps: gaps.gaps };
}
