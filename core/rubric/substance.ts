import { isVerbForm } from '../language/grammar';
import { AUXILIARIES, IRREGULAR_PAST, MODALS } from '../language/lexicon';
import type { Quantity } from '../numbers/extract';
import type { AnswerReading } from './reading';
import type { AnalyzedText } from './text';
import { cue, findAll } from './text';

/**
 * How much an answer says, as a listener counts it: events told (on topic, what happened or
 * what the candidate proposes), figures with a unit, and reasons ("because", "rather than",
 * "which meant"). A strong answer in plain words earns this as fully as one that names the
 * rubric's parts; the integrity checks decide separately whether the content can be trusted.
 */

/** Words that give a reason or weigh a choice: the links that make facts a story or a design. */
const REASONS = cue(
  'because',
  'since (?:it|the|we|i|that|this)',
  'so that',
  'so (?:i|we)',
  'which (?:meant|means|cut|costs?|adds?|gives?|leaves?|keeps?|lets?)',
  "that's why|that is why",
  'rather than',
  'instead of',
  'in exchange',
  'the (?:cost|price|downside) (?:is|was|would be)',
  'as a result',
);

/** A finite verb that tells an event or a plan: a past tense, a modal, "I'd"; not a bare "was". */
function tellsEvent(token: string): boolean {
  if (AUXILIARIES.has(token) && !MODALS.has(token)) return false;
  return (
    IRREGULAR_PAST.has(token) ||
    MODALS.has(token) ||
    token.endsWith("'d") ||
    (token.length > 4 && token.endsWith('ed') && isVerbForm(token))
  );
}

/** Counted units per word the scenario's rehearsed answer should take. */
const WORDS_PER_UNIT = 30;
/** Counted units that make an answer full, at least. */
const MIN_FULL_UNITS = 6;
/**
 * Words of a full rehearsed answer: about 500 (six minutes or less). A scenario's word target
 * is a ceiling on length; it lowers the bar for short prompts but never raises it past this.
 */
const REHEARSED_WORDS = 500;

/** What {@link substanceOf} counted, and the 0..1 share of a full answer it makes. */
export interface Substance {
  events: number;
  figures: number;
  reasons: number;
  /** 0..1: the counts against what a full answer to the prompt holds. */
  share: number;
}

/**
 * Counts the substance of a read answer: the verbs that tell events or plans in clauses whose
 * claim stands (facts, proposals, reflections), quantities with a unit in those claims, and
 * reasons given in them.
 * `share` divides their sum by what a full answer holds: one unit per 30 words of the
 * scenario's `targetWords` (at least 6; 30 without a target).
 */
export function substanceOf(
  reading: AnswerReading,
  claims: AnalyzedText,
  quantities: readonly Quantity[],
  targetWords?: number,
): Substance {
  // Events are counted by their verbs, not their clauses: speech without punctuation runs
  // clauses together, but says the same verbs.
  let events = 0;
  for (const c of reading.clauses) {
    if (c.status !== 'fact' && c.status !== 'proposal' && c.status !== 'reflection') continue;
    for (const t of c.tokens) if (tellsEvent(t)) events++;
  }
  const figures = quantities.filter((q) => q.unit !== 'none').length;
  const reasons = findAll(claims, REASONS).length;
  const full = Math.max(
    MIN_FULL_UNITS,
    Math.min(targetWords ?? REHEARSED_WORDS, REHEARSED_WORDS) / WORDS_PER_UNIT,
  );
  return { events, figures, reasons, share: Math.min(1, (events + figures + reasons) / full) };
}
