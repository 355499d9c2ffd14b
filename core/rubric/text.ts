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
  const sentenceEnd = words.map((w) => SENTENCE_END.test(w.text.trim()));
  const sentenceOf = new Int32Array(words.length);
  let sentence = 0;
  for (let i = 0; i < words.length; i++) {
    sentenceOf[i] = sentence;
    if (sentenceEnd[i]) sentence++;
  }

  return { timed, words, norms, sentenceEnd, sentenceOf, ...cueTextOf(norms) };
}

function cueTextOf(norms: readonly string[]): Pick<AnalyzedText, 'cueText' | 'charWord'> {
  const pieces: string[] = [];
  const owners: number[] = [];
  let length = 0;
  for (let i = 0; i < norms.length; i++) {
    const n = norms[i] ?? '';
    if (n === '' || HARD_FILLERS.has(n)) continue;
    if (length > 0) {
      pieces.push(' ');
      owners.push(i);
      length++;
    }
    pieces.push(n);
    for (let k = 0; k < n.length; k++) owners.push(i);
    length += n.length;
  }
  return { cueText: pieces.join(''), charWord: Int32Array.from(owners) };
}

/**
 * The same answer with the words where `hidden[i]` is true left out of the searchable text
 * (their normalised form becomes ""), so cue patterns cannot match them; words, times and
 * sentence marks stay, so evidence still quotes and times every word.
 */
export function withoutWords(a: AnalyzedText, hidden: ArrayLike<boolean | number>): AnalyzedText {
  const norms = a.norms.map((n, i) => (hidden[i] ? '' : n));
  return { ...a, norms, ...cueTextOf(norms) };
}

/**
 * Builds a word-bounded, global, precompiled pattern from alternatives written as regular
 * expression source over normalised text (lower case, single spaces).
 */
export function cue(...alternatives: string[]): RegExp {
  return new RegExp(`(?<![a-z0-9'$€£])(?:${alternatives.join('|')})(?![a-z0-9'%])`, 'g');
}

/** Every match of a global `pattern` in the normalised text, in reading order. */
export function findAll(a: AnalyzedText, pattern: RegExp): Hit[] {
  const hits: Hit[] = [];
  for (const m of a.cueText.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    const start = a.charWord[m.index] ?? 0;
    const end = a.charWord[m.index + m[0].length - 1] ?? start;
    hits.push({ start, end, text: m[0] });
  }
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
  return a.words
    .slice(start, end + 1)
    .map((w) => w.text.trim())
    .join(' ')
    .replace(EDGE_PUNCT, '');
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
