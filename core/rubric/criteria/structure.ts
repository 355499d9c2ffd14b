import { STORY_PARTS } from '../../scenarios/schema';
import type { StoryPart } from '../../scenarios/schema';
import { PART_NAMES } from '../segment';
import { evidenceOf } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clampScore, gapList } from './context';

const ABSENT: Readonly<Record<StoryPart, string>> = {
  situation:
    'No Situation: open with the service, its scale and what went wrong, in a sentence or two.',
  task: 'No Task: say what you were responsible for (on-call, incident commander, owner of the fix).',
  action: 'No Action: say step by step what you did, in the first person.',
  result: 'No Result: say how it ended, with the recovery time and the impact.',
  evaluation:
    'No Evaluation: tie the fix back to the reliability model and name the systemic safeguard it became.',
};

/** Above this share of the speaking time the Situation reads as long. */
export const LONG_SITUATION_SHARE = 0.3;
/** Below this share of the speaking time the Action reads as rushed. */
export const RUSHED_ACTION_SHARE = 0.25;

/** Words quoted from a segment when its share of time is shown. */
const QUOTE_WORDS = 12;

function percent(share: number): number {
  return Math.round(share * 100);
}

/** Milliseconds of speaking time per part: each clause runs until the next one starts. */
export function partTimes(ctx: ScoringContext): Record<StoryPart, number> | null {
  const { text, story } = ctx;
  if (!text.timed || story.clauses.length === 0) return null;
  const times: Record<StoryPart, number> = {
    situation: 0,
    task: 0,
    action: 0,
    result: 0,
    evaluation: 0,
  };
  story.clauses.forEach((clause, i) => {
    const startMs = text.words[clause.start]?.startMs ?? 0;
    const next = story.clauses[i + 1];
    const endMs = next
      ? (text.words[next.start]?.startMs ?? startMs)
      : (text.words[clause.end]?.endMs ?? startMs);
    const part = STORY_PARTS[story.clausePart[i] ?? 0] ?? 'situation';
    times[part] += Math.max(0, endMs - startMs);
  });
  return times;
}

/**
 * STAR-E structure. One point per part told beyond the first (all five give 4), one off when
 * the story goes back to an earlier part, and with timed words one off for a Situation over 30%
 * of the speaking time and one off for an Action under 25% of it. Plain text skips time shares.
 */
export function judgeStructure(ctx: ScoringContext): Judgement {
  const { text, story } = ctx;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  let present = 0;
  STORY_PARTS.forEach((part, index) => {
    if (!story.present[part]) {
      gaps.add(`no-${part}`, ABSENT[part]);
      return;
    }
    present++;
    const hit =
      story.cues[part].find((h) => story.clausePart[story.wordClause[h.start] ?? 0] === index) ??
      story.cues[part][0];
    const clauseIndex = hit ? (story.wordClause[hit.start] ?? 0) : story.clausePart.indexOf(index);
    const clause = story.clauses[clauseIndex];
    if (clause) evidence.push(evidenceOf(text, clause.start, clause.end, PART_NAMES[part]));
  });
  let score = Math.max(0, present - 1);
  if (story.backSteps.length > 0) {
    score--;
    for (const step of story.backSteps) {
      gaps.add(
        'out-of-order',
        `Out of order: ${PART_NAMES[step.to]} came after ${PART_NAMES[step.from]}; tell it as Situation, Task, Action, Result, Evaluation.`,
      );
    }
  }
  const times = partTimes(ctx);
  if (times) {
    const total = STORY_PARTS.reduce((sum, p) => sum + times[p], 0);
    if (total > 0) {
      for (const part of STORY_PARTS) {
        const segment = story.segments.find((s) => s.part === part);
        if (!segment || times[part] === 0) continue;
        // Quote the segment's opening words; the times span the whole segment.
        const e = evidenceOf(
          text,
          segment.startWord,
          Math.min(segment.endWord - 1, segment.startWord + QUOTE_WORDS - 1),
        );
        if (segment.endMs !== undefined) e.endMs = segment.endMs;
        e.label = `${PART_NAMES[part]}: ${percent(times[part] / total)}% of the time`;
        evidence.push(e);
      }
      const situationShare = times.situation / total;
      const actionShare = times.action / total;
      if (situationShare > LONG_SITUATION_SHARE) {
        score--;
        gaps.add(
          'long-situation',
          `Long Situation: ${percent(situationShare)}% of the time went to the Situation; keep it under 20% so the Action gets the time.`,
        );
      }
      if (story.present.action && actionShare < RUSHED_ACTION_SHARE) {
        score--;
        gaps.add(
          'rushed-action',
          `Rushed Action: only ${percent(actionShare)}% of the time went to the Action; give it 40% or more.`,
        );
      }
    }
  }
  return { score: clampScore(score), evidence, missing: gaps.missing, gaps: gaps.gaps };
}

/** Substance share at which a design or trade-off answer is a full plan. */
const FULL_PLAN_SHARE = 0.9;

/**
 * Structure of a design or trade-off answer, where STAR-E does not apply: a plan a listener
 * can follow. Up to 4 points for its substance (`share`, 0..1, of a full answer: 4 from 90%),
 * two off when its order cannot be followed (`ordered` false).
 */
export function judgePlan(ctx: ScoringContext, share: number, ordered: boolean): Judgement {
  const { text, story } = ctx;
  const gaps = gapList();
  const evidence: Evidence[] = [];
  const first = story.clauses[0];
  const last = story.clauses[story.clauses.length - 1];
  if (first) evidence.push(evidenceOf(text, first.start, first.end, 'opening'));
  if (last && last !== first) evidence.push(evidenceOf(text, last.start, last.end, 'close'));
  let score = Math.min(4, Math.floor((share / FULL_PLAN_SHARE) * 4));
  if (score < 4) {
    gaps.add(
      'thin-plan',
      'Walk through more of the plan: each step, what it measures or changes, what it costs and why.',
    );
  }
  if (!ordered) {
    score -= 2;
    gaps.add('out-of-order', 'The steps jump around: take the listener through them in order.');
  }
  return { score: clampScore(score), evidence, missing: gaps.missing, gaps: gaps.gaps };
}
