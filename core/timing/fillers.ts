import type { Word } from '../transcript';
import { normalizeWord } from './words';

/**
 * Filler words and phrases found in timed words: the vocal fillers (um, uh, er, ah, hmm) always
 * count; the lexical ones (like, you know, sort of, kind of, I mean) count only where the words
 * around them say they carry no meaning. The rules are heuristics, tuned to keep false alarms
 * low: "I like", "what kind of alert", "do you know" and "what I mean is" are not fillers.
 */

/** One filler in the answer: its canonical text ("um", "you know", ...) and where it was said. */
export interface FillerHit {
  /** Canonical lower-case form: um, uh, er, ah, hmm, like, you know, sort of, kind of, i mean. */
  text: string;
  /** Start of the filler's first word, integer ms. */
  startMs: number;
  /** End of the filler's last word, integer ms. */
  endMs: number;
}

/** The canonical filler texts {@link detectFillers} can return. */
export const FILLER_TEXTS = [
  'um',
  'uh',
  'er',
  'ah',
  'hmm',
  'like',
  'you know',
  'sort of',
  'kind of',
  'i mean',
] as const;

/** A silence between words at least this long (ms) marks a boundary, like a comma. */
export const FILLER_PAUSE_MS = 150;

/** A word as the filler detector reads it; times are optional (plain text has none). */
export interface FillerWord {
  text: string;
  startMs?: number;
  endMs?: number;
}

/** A filler as inclusive word indices, for callers that index words rather than time them. */
export interface FillerSpan {
  text: string;
  /** First and last word index (inclusive). */
  start: number;
  end: number;
}

interface Token {
  index: number;
  word: FillerWord;
  /** Lower-case, outer punctuation removed, curly apostrophes straightened. */
  norm: string;
  /** Punctuation directly before or after the word, or a pause, separates it from its neighbour. */
  breakBefore: boolean;
  breakAfter: boolean;
  /** The previous word ends a sentence (or there is none). */
  sentenceStart: boolean;
}

const VOCAL_PATTERNS: [RegExp, string][] = [
  [/^u+h*m+$/, 'um'],
  [/^u+h+$/, 'uh'],
  [/^e+r+m*$/, 'er'],
  [/^a+h+$/, 'ah'],
  [/^(h+m+|m+h?m+)$/, 'hmm'],
];

const VOCAL_FIRST = new Set(['u', 'e', 'a', 'h', 'm']);

/** Canonical vocal filler for a normalised token, or null ("um", "umm", "uhm" -> "um"). */
export function vocalFiller(norm: string): string | null {
  // Every vocal filler starts with one of these letters; most words are ruled out here.
  if (!VOCAL_FIRST.has(norm.charAt(0))) return null;
  for (const [pattern, text] of VOCAL_PATTERNS) if (pattern.test(norm)) return text;
  return null;
}

const CONTRACTED: Record<string, string[]> = {
  kinda: ['kind', 'of'],
  sorta: ['sort', 'of'],
  "y'know": ['you', 'know'],
  ya: ['you'],
};

/** Before "like": a verb or comparison that makes "like" mean something. */
const LIKE_MEANINGFUL_BEFORE = new Set(
  (
    "would i'd you'd we'd they'd he'd she'd feel feels felt look looks looked looking seem seems " +
    'seemed sound sounds sounded something anything nothing everything more less much exactly ' +
    "i you we they he she people really didn't don't doesn't not just things stuff act acts " +
    'acted also very most'
  ).split(' '),
);

/** After "you know": an object that makes "know" a real verb. */
const KNOW_OBJECTS = new Set(
  (
    'what how why where when who whether that the a an it him her them this these those about ' +
    'if your my our his their which'
  ).split(' '),
);
/** Before "you know": a question or condition ("do you know", "if you know"). */
const KNOW_QUESTION_BEFORE = new Set(
  "do did don't didn't does doesn't if would will what as how could should let".split(' '),
);
/** Before "sort of"/"kind of": a determiner or adjective, so it names a kind ("what kind of"). */
const KIND_DETERMINERS = new Set(
  (
    'a an the this that these those what which any some every each one same another no of ' +
    'different my our your their its his her whatever certain right wrong new only first other'
  ).split(' '),
);
/** Before "i mean": a clause that uses "mean" as a verb ("what I mean", "if I mean"). */
const MEAN_CLAUSE_BEFORE = new Set("what that which if do did don't".split(' '));
/** After "i mean": an object that makes "mean" a real verb. */
const MEAN_OBJECTS = new Set('it that to what by this'.split(' '));

const BREAK_AFTER = /[,;:.!?\u2026\u2014-]$/;
const BREAK_BEFORE = /^[\u2014-]/;
const SENTENCE_END = /[.!?\u2026]$/;

function gap(from: FillerWord | undefined, to: FillerWord | undefined): boolean {
  if (!from || !to) return true;
  if (from.endMs === undefined || to.startMs === undefined) return false;
  return to.startMs - from.endMs >= FILLER_PAUSE_MS;
}

function tokenize(words: readonly FillerWord[]): Token[] {
  const tokens: Token[] = [];
  words.forEach((word, i) => {
    const raw = word.text.trim().replace(/[\u2018\u2019]/g, "'");
    const norm = normalizeWord(raw);
    const previous = words[i - 1];
    const previousRaw = previous?.text.trim() ?? '';
    const gapBefore = gap(previous, word);
    const gapAfter = gap(word, words[i + 1]);
    const base: Token = {
      index: i,
      word,
      norm,
      breakBefore: gapBefore || BREAK_AFTER.test(previousRaw) || BREAK_BEFORE.test(raw),
      breakAfter: gapAfter || BREAK_AFTER.test(raw),
      sentenceStart: !previous || SENTENCE_END.test(previousRaw),
    };
    const parts = CONTRACTED[norm];
    if (!parts) {
      tokens.push(base);
      return;
    }
    // A contraction stands for several words sharing its timing.
    parts.forEach((part, k) => {
      tokens.push({
        ...base,
        norm: part,
        breakBefore: k === 0 ? base.breakBefore : false,
        breakAfter: k === parts.length - 1 ? base.breakAfter : false,
        sentenceStart: k === 0 ? base.sentenceStart : false,
      });
    });
  });
  return tokens;
}

/**
 * Finds fillers in `words` (in time order). Punctuation attached to words (as Whisper writes
 * "like,") and silences of {@link FILLER_PAUSE_MS} or more between words both count as breaks.
 * Rules for the lexical fillers:
 * - "like" is a filler next to another filler, or set off by a break or at a sentence start,
 *   unless the word before gives it meaning ("would like", "looks like", "I like", "something like").
 * - "you know" is a filler unless it asks or states something ("do you know", "if you know",
 *   or followed without a break by an object such as "what", "how", "the", "that").
 * - "sort of"/"kind of" are fillers unless a determiner or adjective precedes ("what kind of",
 *   "a sort of", "the right kind of").
 * - "i mean" is a filler unless part of a clause ("what I mean") or followed without a break by
 *   an object ("I mean it", "I mean to").
 * Returns hits in time order; words may belong to at most one hit.
 */
export function detectFillers(words: Word[]): FillerHit[] {
  return fillerSpans(words).map((span) => ({
    text: span.text,
    startMs: words[span.start]?.startMs ?? 0,
    endMs: words[span.end]?.endMs ?? 0,
  }));
}

/**
 * The fillers of {@link detectFillers} as word indices, for timed or plain words alike (plain
 * words have no pauses, so only punctuation and sentence starts mark breaks). The one filler
 * detector: delivery, the replay and the exports all count what it finds.
 */
export function fillerSpans(words: readonly FillerWord[]): FillerSpan[] {
  const tokens = tokenize(words);
  const norms = tokens.map((t) => t.norm);
  const hits: FillerSpan[] = [];
  const isVocal = (i: number) => {
    const t = tokens[i];
    return t ? vocalFiller(t.norm) !== null : false;
  };
  const hit = (text: string, from: number, to: number) => {
    const first = tokens[from]?.index;
    const last = tokens[to]?.index;
    if (first === undefined || last === undefined) return;
    const previous = hits[hits.length - 1];
    // A contraction yields tokens sharing one word: never report the same stretch twice.
    if (previous && previous.start === first && previous.text === text) return;
    hits.push({ text, start: first, end: last });
  };
  const phraseAt = (i: number): string | null => {
    const a = norms[i];
    const b = norms[i + 1];
    if (a === 'you' && b === 'know') return 'you know';
    if ((a === 'sort' || a === 'kind') && b === 'of') return `${a} of`;
    if (a === 'i' && b === 'mean') return 'i mean';
    return null;
  };

  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    const vocal = vocalFiller(token.norm);
    if (vocal) {
      hit(vocal, i, i);
      continue;
    }
    const previous = norms[i - 1] ?? '';
    const phrase = phraseAt(i);
    if (phrase) {
      const second = tokens[i + 1];
      const after = norms[i + 2] ?? '';
      const openAfter = second ? !second.breakAfter : false;
      let filler: boolean;
      if (phrase === 'you know') {
        filler =
          !(KNOW_QUESTION_BEFORE.has(previous) && !token.breakBefore) &&
          !(openAfter && KNOW_OBJECTS.has(after));
      } else if (phrase === 'i mean') {
        filler =
          !(MEAN_CLAUSE_BEFORE.has(previous) && !token.breakBefore) &&
          !(openAfter && MEAN_OBJECTS.has(after));
      } else {
        filler = token.breakBefore || !KIND_DETERMINERS.has(previous);
      }
      if (filler) {
        hit(phrase, i, i + 1);
        i++;
      }
      continue;
    }
    if (token.norm === 'like') {
      const nextIsFiller = isVocal(i + 1) || phraseAt(i + 1) !== null;
      const previousHit = hits[hits.length - 1];
      const previousIsFiller =
        previousHit !== undefined && previousHit.end === tokens[i - 1]?.index;
      const meaningful = LIKE_MEANINGFUL_BEFORE.has(previous) && !token.breakBefore;
      const setOff = token.breakBefore || token.breakAfter || token.sentenceStart;
      if (previousIsFiller || nextIsFiller || (!meaningful && setOff)) hit('like', i, i);
    }
  }
  return hits;
}
