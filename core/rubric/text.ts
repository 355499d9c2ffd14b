import { normalizeWord } from '../timing/words';
import type { Transcript } from '../transcript';
import type { Evidence } from './types';

export { normalizeWord };

/** One word of the answer as the rubric reads it; times only when the transcript is timed. */
export interface SpokenWord {
  text: string;
  startMs?: number;
  endMs?: number;
}

/**
 * A transcript prepared once for every detector: its words, their normalised forms, the
 * sentence marks the transcript carried, and one searchable string of the normalised words
 * (hard fillers such as "um" left out) with a map from each character back to its word.
 */
export interface AnalyzedText {
  /** True when every word carries `startMs`/`endMs`. */
  timed: boolean;
  words: SpokenWord[];
  /** Lower-case, surrounding punctuation removed, hyphens and slashes turned into spaces. */
  norms: string[];
  /** True when word i ends a sentence with `.`, `!`, `?` or `;` (speech engines often give none). */
  sentenceEnd: boolean[];
  /** Sentence number of each word, counted from the sentence marks. */
  sentenceOf: Int32Array;
  /** Normalised words joined by single spaces, hard fillers and empty words left out. */
  cueText: string;
  /** Word index of every character of `cueText` (a space belongs to the word after it). */
  charWord: Int32Array;
  /**
   * For a text made by {@link withoutWords}: the full answer it hides words of, and which words
   * it hides. Cue searches run once on the full answer and keep the hits that touch no hidden word.
   */
  base?: AnalyzedText;
  hidden?: Uint8Array;
}

/** A match of a cue pattern, as inclusive word indices. */
export interface Hit {
  start: number;
  end: number;
  /** The normalised words that matched. */
  text: string;
}

/** Hesitation sounds that never carry meaning; "like", "you know" and "sort of" need context. */
export const HARD_FILLERS: ReadonlySet<string> = new Set([
  'um',
  'umm',
  'uh',
  'uhh',
  'uhm',
  'erm',
  'er',
  'hmm',
  'mm',
  'ah',
  'eh',
]);

const SENTENCE_END = /[.!?;]["')\]]*$/;
const EDGE_PUNCT = /^[\s,;:.!?"'()[\]]+|[\s,;:.!?"'()[\]]+$/g;

function describe(word: unknown, index: number): string {
  const text =
    typeof word === 'object' && word !== null && 'text' in word ? String(word.text) : '?';
  return `word ${index} ("${text}")`;
}

function checkWords(words: readonly unknown[]): void {
  let previousStart = -Infinity;
  words.forEach((word, i) => {
    if (typeof word !== 'object' || word === null) {
      throw new TypeError(
        `Transcript ${describe(word, i)} is not an object: give {text, startMs, endMs}.`,
      );
    }
    const w = word as Record<string, unknown>;
    if (typeof w.text !== 'string') {
      throw new TypeError(
        `Transcript ${describe(word, i)} has no text: give each word a string text.`,
      );
    }
    const { startMs, endMs } = w;
    if (typeof startMs !== 'number' || !Number.isFinite(startMs) || startMs < 0) {
      throw new RangeError(
        `Transcript ${describe(word, i)} has startMs ${String(startMs)}: give milliseconds from 0 up, or score the plain text instead.`,
      );
    }
    if (typeof endMs !== 'number' || !Number.isFinite(endMs) || endMs < startMs) {
      throw new RangeError(
        `Transcript ${describe(word, i)} ends before it starts (startMs ${startMs}, endMs ${String(endMs)}): fix the word times or score the plain text instead.`,
      );
    }
    if (startMs < previousStart) {
      throw new RangeError(
        `Transcript ${describe(word, i)} starts at ${startMs} ms, before the word ahead of it (${previousStart} ms): give the words in time order.`,
      );
    }
    previousStart = startMs;
  });
}

/**
 * Prepares a transcript for scoring. Timed words win over `text` when both are given; an
 * empty `words` array means "no timing" and `text` is split on white space instead.
 * Throws a TypeError/RangeError naming the word when timed words are malformed
 * (missing text, negative or non-finite times, ending before they start, out of time order).
 */
export function analyzeText(transcript: Transcript): AnalyzedText {
  if (typeof transcript !== 'object' || transcript === null) {
    throw new TypeError('Transcript must be an object with text, or with timed words.');
  }
  const given = transcript.words;
  if (given !== undefined && !Array.isArray(given)) {
    throw new TypeError('Transcript words must be an array of {text, startMs, endMs}.');
  }
  let words: SpokenWord[];
  let timed: boolean;
  if (given && given.length > 0) {
    checkWords(given);
    words = given.map((w) => ({ text: w.text, startMs: w.startMs, endMs: w.endMs }));
    timed = true;
  } else {
    if (typeof transcript.text !== 'string') {
      throw new TypeError('Transcript text must be a string when no timed words are given.');
    }
    words = transcript.text
      .split(/\s+/)
      .filter((t) => t.length > 0)
      .map((text) => ({ text }));
    timed = false;
  }

  const norms = words.map((w) => normalizeWord(w.text));
  joinSpokenForms(norms);
  const sentenceEnd = words.map((w) => SENTENCE_END.test(w.text.trim()));
  const sentenceOf = new Int32Array(words.length);
  let sentence = 0;
  for (let i = 0; i < words.length; i++) {
    sentenceOf[i] = sentence;
    if (sentenceEnd[i]) sentence++;
  }

  return { timed, words, norms, sentenceEnd, sentenceOf, ...cueTextOf(norms) };
}

/**
 * Words a speech engine splits in two ("run book", "wild card") whose cue patterns expect one
 * word; pairs the patterns already read either way ("roll back", "on call") are left alone.
 */
const COMPOUNDS: ReadonlySet<string> = new Set([
  'runbook',
  'runbooks',
  'playbook',
  'playbooks',
  'wildcard',
  'hotfix',
  'healthcheck',
  'healthchecks',
  'timeout',
  'timeouts',
  'dashboard',
  'dashboards',
  'postmortem',
  'postmortems',
]);
const HOURS = 'one two three four five six seven eight nine ten eleven twelve'.split(' ');
const UNITS = 'one two three four five six seven eight nine'.split(' ');
const TEENS =
  'ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen'.split(' ');
const TENS = ['twenty', 'thirty', 'forty', 'fifty'];
/** Words before a spoken time of day: "at two fourteen", "around eleven oh six". */
const CLOCK_LEADS: ReadonlySet<string> = new Set([
  'at',
  'around',
  'about',
  'by',
  'until',
  'till',
  'since',
]);

/**
 * A time of day said the way a speech engine writes it ("two fourteen", "eleven oh six",
 * "ten thirty seven") starting at word `i`: its "h:mm" form and the index after its last word,
 * or null.
 */
function spokenClock(norms: readonly string[], i: number): { text: string; end: number } | null {
  const hour = HOURS.indexOf(norms[i] ?? '') + 1;
  if (hour === 0) return null;
  const a = norms[i + 1] ?? '';
  const b = norms[i + 2] ?? '';
  let minutes = -1;
  let end = i + 2;
  if (a === 'oh' && UNITS.includes(b)) {
    minutes = UNITS.indexOf(b) + 1;
    end = i + 3;
  } else if (TEENS.includes(a)) {
    minutes = TEENS.indexOf(a) + 10;
  } else if (TENS.includes(a)) {
    minutes = (TENS.indexOf(a) + 2) * 10;
    if (UNITS.includes(b)) {
      minutes += UNITS.indexOf(b) + 1;
      end = i + 3;
    }
  }
  if (minutes < 0) return null;
  return { text: `${hour}:${String(minutes).padStart(2, '0')}`, end };
}

/** Single letters that are words of their own: they never start a spelled acronym. */
const LETTER_WORDS: ReadonlySet<string> = new Set(['a', 'i']);

/**
 * Puts back what a speech engine takes apart, in place: a spelled acronym ("s l o", "m t t r")
 * becomes one word on its first letter ("slo", "mttr") and the other letters are emptied; two
 * words that make one of the domain's compounds ("run book") join the same way, and so does a
 * spoken time of day after "at", "around" and the like ("at two fourteen" reads "at 2:14"). Words, times
 * and quotes are untouched: only the searchable forms change.
 */
function joinSpokenForms(norms: string[]): void {
  for (let i = 0; i < norms.length; i++) {
    const here = norms[i] ?? '';
    const clock = CLOCK_LEADS.has(norms[i - 1] ?? '') ? spokenClock(norms, i) : null;
    if (clock) {
      norms[i] = clock.text;
      for (let k = i + 1; k < clock.end; k++) norms[k] = '';
      i = clock.end - 1;
      continue;
    }
    if (here.length === 1 && /[a-z]/.test(here) && !LETTER_WORDS.has(here)) {
      let j = i;
      // "a" and "i" are words of their own, but may end a spelled acronym ("s l i", "s l a").
      while (
        j + 1 < norms.length &&
        /^[a-z]$/.test(norms[j + 1] ?? '') &&
        (!LETTER_WORDS.has(norms[j + 1] ?? '') || j > i)
      ) {
        j++;
      }
      if (j > i) {
        norms[i] = norms.slice(i, j + 1).join('');
        for (let k = i + 1; k <= j; k++) norms[k] = '';
        i = j;
        continue;
      }
    }
    const next = norms[i + 1] ?? '';
    if (next !== '' && !here.includes(' ') && COMPOUNDS.has(here + next)) {
      norms[i] = here + next;
      norms[i + 1] = '';
      i++;
    }
  }
}

function cueTextOf(norms: readonly string[]): Pick<AnalyzedText, 'cueText' | 'charWord'> {
  const kept: number[] = [];
  let total = 0;
  for (let i = 0; i < norms.length; i++) {
    const n = norms[i] ?? '';
    if (n === '' || HARD_FILLERS.has(n)) continue;
    total += n.length + (kept.length > 0 ? 1 : 0);
    kept.push(i);
  }
  const charWord = new Int32Array(total);
  let at = 0;
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k] ?? 0;
    const length = (norms[i] ?? '').length + (k > 0 ? 1 : 0);
    charWord.fill(i, at, at + length);
    at += length;
  }
  return { cueText: kept.map((i) => norms[i]).join(' '), charWord };
}

/**
 * The same answer with the words where `hidden[i]` is true left out of the searchable text
 * (their normalised form becomes ""), so cue patterns cannot match them; words, times and
 * sentence marks stay, so evidence still quotes and times every word.
 */
export function withoutWords(a: AnalyzedText, hidden: ArrayLike<boolean | number>): AnalyzedText {
  const base = a.base ?? a;
  const mask = new Uint8Array(a.words.length);
  let any = false;
  for (let i = 0; i < mask.length; i++) {
    if (hidden[i] || a.hidden?.[i]) {
      mask[i] = 1;
      any = true;
    }
  }
  if (!any && a.base === undefined) return a;
  const norms = a.norms.map((n, i) => (mask[i] ? '' : n));
  return { ...a, norms, ...cueTextOf(norms), base, hidden: mask };
}

/** True when `hidden` hides every word of the two texts alike (they search the same words). */
export function sameWords(x: AnalyzedText, y: AnalyzedText): boolean {
  if (x === y) return true;
  if ((x.base ?? x) !== (y.base ?? y)) return false;
  const n = x.words.length;
  for (let i = 0; i < n; i++) if ((x.hidden?.[i] ?? 0) !== (y.hidden?.[i] ?? 0)) return false;
  return true;
}

/** True when any word in the inclusive range is hidden in `a`. */
export function hidesAny(a: AnalyzedText, from: number, to: number): boolean {
  const hidden = a.hidden;
  if (!hidden) return false;
  for (let i = from; i <= to; i++) if (hidden[i]) return true;
  return false;
}

/** Hits per pattern per text, so a pattern is searched once per answer. */
const HIT_CACHE = new WeakMap<AnalyzedText, Map<RegExp, readonly Hit[]>>();

/**
 * Builds a word-bounded, global, precompiled pattern from alternatives written as regular
 * expression source over normalised text (lower case, single spaces). A match starts at a word
 * (the text's start or after its space, which the match includes: searching for a space first
 * is many times faster than a look-behind at every character; `findAll` drops it) and ends
 * where no letter, digit, apostrophe or percent sign follows.
 */
export function cue(...alternatives: string[]): RegExp {
  return new RegExp(`(?:^| )(?:${alternatives.join('|')})(?![a-z0-9'%])`, 'g');
}

/**
 * Every match of a global `pattern` in the normalised text, in reading order. Searched once
 * per text and pattern (the result is shared: do not change it); a text with hidden words
 * keeps the full answer's matches that touch none of them.
 */
export function findAll(a: AnalyzedText, pattern: RegExp): readonly Hit[] {
  let cache = HIT_CACHE.get(a);
  if (!cache) {
    cache = new Map();
    HIT_CACHE.set(a, cache);
  }
  const known = cache.get(pattern);
  if (known) return known;
  let hits: Hit[];
  if (a.base) {
    hits = findAll(a.base, pattern).filter((h) => !hidesAny(a, h.start, h.end));
  } else {
    hits = [];
    const re = pattern;
    re.lastIndex = 0;
    const text = a.cueText;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const lead = m[0].startsWith(' ') ? 1 : 0;
      const length = m[0].length - lead;
      if (length <= 0) {
        re.lastIndex = m.index + 1;
        continue;
      }
      const from = m.index + lead;
      const start = a.charWord[from] ?? 0;
      const end = a.charWord[from + length - 1] ?? start;
      hits.push({ start, end, text: lead ? m[0].slice(1) : m[0] });
      // A match that ends on a space leaves that space to start the next word's match.
      if (m[0].endsWith(' ')) re.lastIndex--;
    }
    re.lastIndex = 0;
  }
  cache.set(pattern, hits);
  return hits;
}

/** Index of the first hit whose start is at or after `word` (hits sorted by start). */
export function firstHitFrom(hits: readonly Hit[], word: number): number {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid]?.start ?? 0) < word) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The hits that start inside the inclusive word range [from, to]. */
export function hitsBetween(hits: readonly Hit[], from: number, to: number): Hit[] {
  const out: Hit[] = [];
  for (let i = firstHitFrom(hits, from); i < hits.length; i++) {
    const h = hits[i];
    if (!h || h.start > to) break;
    out.push(h);
  }
  return out;
}

/** The candidate's words from `start` to `end` (inclusive), as spoken, edge punctuation trimmed. */
export function wordsText(a: AnalyzedText, start: number, end: number): string {
  let out = '';
  const last = Math.min(end, a.words.length - 1);
  for (let i = Math.max(0, start); i <= last; i++) {
    const w = a.words[i]?.text.trim() ?? '';
    out = out === '' ? w : `${out} ${w}`;
  }
  return out.replace(EDGE_PUNCT, '');
}

/** Evidence quoting words `start`..`end` (inclusive), with their times when the words are timed. */
export function evidenceOf(a: AnalyzedText, start: number, end: number, label?: string): Evidence {
  const e: Evidence = { text: wordsText(a, start, end) };
  const first = a.words[start];
  const last = a.words[end];
  if (a.timed && first?.startMs !== undefined && last?.endMs !== undefined) {
    e.startMs = first.startMs;
    e.endMs = last.endMs;
  }
  if (label !== undefined) e.label = label;
  return e;
}
