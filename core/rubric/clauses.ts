import type { AnalyzedText } from './text';
import { HARD_FILLERS } from './text';

/** A stretch of the answer read as one unit of meaning; inclusive word indices. */
export interface Clause {
  start: number;
  end: number;
}

/** Phrases that open a new thought in speech ("so", "and then", "looking back"). */
const OPENERS: readonly (readonly string[])[] = [
  'so',
  'then',
  'and then',
  'and so',
  'after that',
  'afterwards',
  'after which',
  'next',
  'finally',
  'first',
  'firstly',
  'secondly',
  'meanwhile',
  'eventually',
  'but',
  'however',
  'once',
  'when',
  'overall',
  'at that point',
  'at which point',
  'by then',
  'by the time',
  'as a result',
  'the result',
  'in the end',
  'in total',
  'in hindsight',
  'in retrospect',
  'looking back',
  'what i learned',
  'what i would',
  "what i'd",
  'the lesson',
  'lessons',
  'since then',
  'going forward',
  'my job',
  'my role',
  'my task',
  'my goal',
  'the goal',
  'the problem',
  'the impact',
  'because of that',
  "that's when",
  'for the pipeline',
  'to cut',
  'to reduce',
  'at scale',
  'instead of',
  'any page',
  'if the',
  'mttr',
  'mttd',
].map((p) => p.split(' '));

/** Openers indexed by their first word, so each position checks only its own candidates. */
const OPENERS_BY_FIRST: ReadonlyMap<string, readonly (readonly string[])[]> = (() => {
  const map = new Map<string, (readonly string[])[]>();
  for (const phrase of OPENERS) {
    const first = phrase[0] ?? '';
    map.set(first, [...(map.get(first) ?? []), phrase]);
  }
  return map;
})();

const CLOCK = /^\d{1,2}(?::\d\d)?(?:am|pm)?$/;

/** "and i", "and we": a new clause only once the current one has some length. */
const AND_SUBJECT: ReadonlySet<string> = new Set([
  'i',
  'we',
  'they',
  'the',
  'it',
  'there',
  'things',
  'everything',
  'that',
  'this',
  'then',
]);

/** Words after which "i"/"we" continues the clause instead of starting one. */
const BINDERS: ReadonlySet<string> = new Set([
  'that',
  'which',
  'what',
  'when',
  'where',
  'because',
  'if',
  'and',
  'so',
  'then',
  'how',
  'until',
  'after',
  'before',
  'once',
  'as',
  'than',
  'who',
  'while',
  'but',
  'or',
  'since',
  'think',
  'thought',
  'said',
  'know',
  'mean',
  'guess',
  'say',
]);

const SOFT_BREAKS: ReadonlySet<string> = new Set([
  'and',
  'but',
  'which',
  'because',
  'while',
  'where',
]);

/** Clause length, in words, before a soft break is forced at the next "and"/"but"/"which". */
const SOFT_MAX = 24;
/** Clause length at which a break is forced wherever it falls. */
const HARD_MAX = 40;
/** Words a clause needs before a discourse cue may close it. */
const MIN_WORDS = 3;
/** A silence between timed words this long (ms) closes a clause. */
const GAP_MS = 700;

/** Clause length, in words, before a run-on sentence may be split (speech without punctuation). */
const RUN_ON_MIN = 5;

/** Pronouns that start a new clause when a past-tense verb follows. */
const RUN_ON_PRONOUNS: ReadonlySet<string> = new Set(['i', 'we', 'it', 'they', 'he', 'she']);
/** Verbs after a bare noun that make the noun a new clause's subject ("recovery took"). */
const RUN_ON_VERBS: ReadonlySet<string> = new Set([
  'took',
  'lasted',
  'was',
  'were',
  'dropped',
  'fell',
  'rose',
  'tripled',
  'doubled',
  'spiked',
  'stopped',
  'started',
  'came',
  'went',
  'has',
  'had',
]);
/** Words after which the next word cannot start a clause. */
const NO_CLAUSE_AFTER: ReadonlySet<string> = new Set([
  ...BINDERS,
  'the',
  'a',
  'an',
  'our',
  'my',
  'their',
  'its',
  'this',
  'of',
  'to',
  'in',
  'on',
  'at',
  'for',
  'with',
  'by',
  'from',
  'into',
  'was',
  'were',
  'is',
  'be',
  'been',
  'had',
  'has',
  'have',
]);

/** Verbs whose object may be a clause: a pronoun after them continues it ("figured out it was"). */
const CLAUSE_OBJECT: ReadonlySet<string> = new Set([
  'out',
  'knew',
  'found',
  'realized',
  'realised',
  'noticed',
  'saw',
  'showed',
  'learned',
  'meant',
  'means',
  'sure',
]);

function hasVerb(norms: readonly string[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const w = norms[k] ?? '';
    if (RUN_ON_VERBS.has(w) || (w.length > 4 && w.endsWith('ed'))) return true;
  }
  return false;
}

function startsClause(norms: readonly string[], i: number): boolean {
  const here = norms[i] ?? '';
  const next = norms[i + 1] ?? '';
  let before = i - 1;
  while (before > 0 && (norms[before] === '' || HARD_FILLERS.has(norms[before] ?? ''))) before--;
  if (NO_CLAUSE_AFTER.has(norms[before] ?? '')) return false;
  const pastNext = RUN_ON_VERBS.has(next) || (next.length > 4 && next.endsWith('ed'));
  if (RUN_ON_PRONOUNS.has(here)) {
    return !CLAUSE_OBJECT.has(norms[before] ?? '') && (pastNext || next === "'s");
  }
  // A bare noun as subject: only before a verb that cannot be part of a noun phrase.
  return RUN_ON_VERBS.has(next) && next !== 'has' && next !== 'had' && /^[a-z]{4,}$/.test(here);
}

function opensAt(norms: readonly string[], i: number): readonly string[] | null {
  const here = norms[i] ?? '';
  // "at 2:14 am", "at 3 pm": a clock time opens a new beat of the story.
  if (here === 'at' && CLOCK.test(norms[i + 1] ?? '')) return ['at'];
  for (const phrase of OPENERS_BY_FIRST.get(here) ?? []) {
    let ok = true;
    for (let k = 0; k < phrase.length; k++) {
      if (norms[i + k] !== phrase[k]) {
        ok = false;
        break;
      }
    }
    if (ok) return phrase;
  }
  return null;
}

/**
 * Splits the answer into clauses. Sentence punctuation closes a clause when the transcript has
 * it; speech engines emit none, so discourse cues ("so", "and then", "after that", "looking
 * back", a new "i"/"we" subject), silences of 700 ms or more between timed words, and length
 * (a soft break after 24 words, a hard one at 40) close clauses too. Fillers do not count
 * towards length. Every word belongs to exactly one clause; an empty answer has none.
 */
export function splitClauses(a: AnalyzedText): Clause[] {
  const { norms, words } = a;
  const clauses: Clause[] = [];
  let start = 0;
  let length = 0;
  const close = (endInclusive: number) => {
    if (endInclusive >= start) clauses.push({ start, end: endInclusive });
    start = endInclusive + 1;
    length = 0;
  };
  // Run-on sentences are split only where the transcript has no sentence punctuation at all.
  const unpunctuated = !a.sentenceEnd.some(Boolean);
  for (let i = 0; i < norms.length; i++) {
    const n = norms[i] ?? '';
    if (i > start && length >= MIN_WORDS) {
      const previous = norms[i - 1] ?? '';
      const gap = a.timed && (words[i]?.startMs ?? 0) - (words[i - 1]?.endMs ?? 0) >= GAP_MS;
      const phrase = opensAt(norms, i);
      // An opener that ends the sentence ("it came back eventually.") closes nothing.
      const opener =
        phrase !== null && i + phrase.length < norms.length && !a.sentenceEnd[i + phrase.length - 1]
          ? phrase
          : null;
      const andSubject = n === 'and' && AND_SUBJECT.has(norms[i + 1] ?? '') && length >= 5;
      const subject =
        (n === 'i' || n === 'we') &&
        length >= 6 &&
        !BINDERS.has(previous) &&
        !HARD_FILLERS.has(previous);
      const soft = length >= SOFT_MAX && SOFT_BREAKS.has(n);
      // Unpunctuated speech runs sentences together: "... the login rate it tripled",
      // "... to roll out recovery took 31 minutes". A pronoun or a bare noun followed by a past
      // tense verb starts a new clause once the current one has a verb of its own.
      const runOn =
        length >= RUN_ON_MIN && unpunctuated && hasVerb(norms, start, i) && startsClause(norms, i);
      if (gap || opener !== null || andSubject || subject || soft || runOn || length >= HARD_MAX) {
        close(i - 1);
      }
    }
    if (n !== '' && !HARD_FILLERS.has(n)) length++;
    if (a.sentenceEnd[i]) close(i);
  }
  if (start < norms.length) close(norms.length - 1);
  return clauses;
}
