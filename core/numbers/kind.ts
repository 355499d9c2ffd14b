import type { AnalyzedText, Hit } from '../rubric/text';
import { cue, findAll, hitsBetween } from '../rubric/text';
import type { MetricKind } from '../rubric/types';

/** The kinds a time can take from the words around it. */
export type TimeKind = Extract<MetricKind, 'recoveryTime' | 'detectionTime' | 'rollbackTime'>;

const RECOVERY = cue(
  'recover\\w*',
  'restor\\w*',
  'outages?',
  'downtime',
  'down for',
  '(?:was|were|been|went) down',
  'hard down',
  'lasted',
  'mttr',
  'time to (?:recover|recovery|restore|resolve|resolution|repair)',
  'resolv\\w*',
  'back up',
  'back online',
  'back to normal',
  'unavailable',
  'offline',
  'to fix(?: it)?',
  'fixed',
  'disruption',
  'total impact',
  'impact (?:was|lasted)',
);

const DETECTION = cue(
  'detect\\w*',
  'notic\\w*',
  'alerted',
  'alerts? fired',
  'alert went off',
  'paged (?:me |us )?after',
  '(?:got|was|were) paged',
  'mttd',
  'time to (?:detect|detection|notice|alert)',
  'spotted',
  'caught it',
  'realiz\\w*',
  'first (?:alert|page)',
  'page came',
);

const ROLLBACK = cue(
  'roll(?:ed|ing|s)?(?: (?:it|that|this|them|the \\w+))? back',
  'rollbacks?',
  'revert\\w*',
  'mitigat\\w*',
  'fail(?:ed|ing)? over',
  'failovers?',
  'undo',
  'undid',
  'flipped the (?:flag|switch)',
);

/** How far a cue may sit from the number: words before it, and (counted double) after it. */
const BEFORE_WORDS = 10;
const AFTER_WORDS = 4;

/** Cue positions for each time kind, found once per transcript. */
export interface KindCues {
  recoveryTime: readonly Hit[];
  detectionTime: readonly Hit[];
  rollbackTime: readonly Hit[];
}

/** Finds every recover/detect/roll-back cue in the answer. */
export function findKindCues(a: AnalyzedText): KindCues {
  return {
    recoveryTime: findAll(a, RECOVERY),
    detectionTime: findAll(a, DETECTION),
    rollbackTime: findAll(a, ROLLBACK),
  };
}

const KINDS: readonly TimeKind[] = ['recoveryTime', 'detectionTime', 'rollbackTime'];

/**
 * Decides what a time measures from the nearest cue in the same sentence: up to 10 words
 * before the number, or up to 4 after it and inside its clause (word `clauseEnd` is the clause's
 * last word) (a cue after the number counts as twice as far and loses ties, so
 * "detected it after 12 minutes and recovered" reads 12 minutes as detection). Returns null
 * when no cue is near: the caller keeps the time as a `duration`.
 */
export function timeKindAt(
  a: AnalyzedText,
  cues: KindCues,
  startWord: number,
  endWord: number,
  clauseEnd: number = endWord + AFTER_WORDS,
): TimeKind | null {
  let best: TimeKind | null = null;
  let bestDistance = Infinity;
  const sentence = a.sentenceOf[startWord];
  for (const kind of KINDS) {
    for (const hit of hitsBetween(
      cues[kind],
      startWord - BEFORE_WORDS - 3,
      endWord + AFTER_WORDS,
    )) {
      let distance: number;
      if (hit.end < startWord) {
        if (startWord - hit.end > BEFORE_WORDS || a.sentenceOf[hit.end] !== sentence) continue;
        distance = startWord - hit.end;
      } else if (hit.start > endWord) {
        if (hit.start > clauseEnd || a.sentenceOf[hit.start] !== a.sentenceOf[endWord]) continue;
        distance = 2 * (hit.start - endWord) + 0.5;
      } else {
        distance = 0;
      }
      if (distance < bestDistance) {
        bestDistance = distance;
        best = kind;
      }
    }
  }
  return best;
}
