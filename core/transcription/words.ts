import type { Word } from '../transcript';
import type { TranscriptSegment } from './types';

/**
 * One piece of Whisper output with its times: a BPE token, or a whole word when whisper.cpp
 * splits segments on words. `text` is raw: a leading space marks the start of a new word.
 * Times are integer ms from the start of the audio.
 */
export interface WhisperPiece {
  text: string;
  startMs: number;
  endMs: number;
  /** Token probability 0..1 when known. */
  probability?: number;
}

/**
 * Whisper's control tokens as whisper.cpp prints them: `[_BEG_]`, `[_TT_123]`, `[_SOT_]`,
 * `[_EOT_]`, `[_LANG_en]`, `[_extra_token_50300]` and the like, and the `<|...|>` spelling of
 * the Python tokenizer. True for such a token, with or without surrounding spaces.
 */
export function isSpecialWhisperToken(text: string): boolean {
  const t = text.trim();
  return /^\[_[A-Za-z]+_?[^\]]*\]$/.test(t) || /^<\|[^|]*\|>$/.test(t);
}

const WORDLESS = /^[\s\p{P}\p{S}]*$/u;
/** Whisper's notes about the audio rather than words: `[BLANK_AUDIO]`, `[MUSIC]`, `(laughs)`. */
const ANNOTATION = /^(\[[^\]]*\]|\([^)]*\))[.,!?]*$/;

/**
 * Merges Whisper pieces into words: a piece whose text starts with a space (or the first piece)
 * starts a new word, any other piece is glued to the word before it; control tokens are
 * dropped, and so are "words" made only of punctuation and Whisper's bracketed notes
 * (`[BLANK_AUDIO]`, `(music)`). A word runs from its first piece's start
 * to its last piece's end.
 *
 * Times are then made safe for the timeline: rounded to integer ms, clamped to
 * `0..durationMs` when `durationMs` is given, `endMs >= startMs`, and each word starts no
 * earlier than the previous one ends (Whisper's token times can overlap or run backwards).
 * Empty input gives `[]`.
 */
export function mergeWhisperPieces(pieces: WhisperPiece[], durationMs?: number): Word[] {
  interface Building {
    text: string;
    startMs: number;
    endMs: number;
    probabilities: number[];
  }
  const built: Building[] = [];
  for (const piece of pieces) {
    if (isSpecialWhisperToken(piece.text) || piece.text.length === 0) continue;
    const last = built[built.length - 1];
    if (!last || /^\s/.test(piece.text)) {
      built.push({
        text: piece.text.trim(),
        startMs: piece.startMs,
        endMs: piece.endMs,
        probabilities: piece.probability === undefined ? [] : [piece.probability],
      });
    } else {
      last.text += piece.text;
      last.endMs = Math.max(last.endMs, piece.endMs);
      if (piece.probability !== undefined) last.probabilities.push(piece.probability);
    }
  }
  const words = built
    .filter((w) => !WORDLESS.test(w.text) && !ANNOTATION.test(w.text))
    .map((w): Word => {
      const word: Word = { text: w.text, startMs: w.startMs, endMs: w.endMs };
      if (w.probabilities.length > 0) word.confidence = Math.min(...w.probabilities);
      return word;
    });
  return tidyWordTimes(words, durationMs);
}

/**
 * Makes word times safe for the timeline without reordering words: integer ms, inside
 * `0..durationMs` (when given), `endMs >= startMs`, and every word starting at or after the end
 * of the word before it. Confidence is clamped to 0..1. Returns new objects; input is unchanged.
 */
export function tidyWordTimes(words: Word[], durationMs?: number): Word[] {
  const limit =
    durationMs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, Math.round(durationMs));
  const out: Word[] = [];
  let floor = 0;
  for (const w of words) {
    const start = Math.min(limit, Math.max(floor, Math.round(w.startMs)));
    const end = Math.min(limit, Math.max(start, Math.round(w.endMs)));
    const word: Word = { ...w, startMs: start, endMs: end };
    if (w.confidence !== undefined) word.confidence = Math.min(1, Math.max(0, w.confidence));
    out.push(word);
    floor = end;
  }
  return out;
}

/** Shifts every word by `offsetMs` (rounded to integer ms). */
export function offsetWords(words: Word[], offsetMs: number): Word[] {
  const shift = Math.round(offsetMs);
  if (shift === 0) return words.map((w) => ({ ...w }));
  return words.map((w) => ({ ...w, startMs: w.startMs + shift, endMs: w.endMs + shift }));
}

/**
 * Groups words into segments for display: a segment ends after a word ending in `.`, `?` or
 * `!`, before a gap of at least `maxGapMs` (default 1000) between words, or once it holds
 * `maxWords` words (default 30). Segment text is its words joined by single spaces.
 */
export function segmentsFromWords(
  words: Word[],
  options: { maxGapMs?: number; maxWords?: number } = {},
): TranscriptSegment[] {
  const maxGapMs = options.maxGapMs ?? 1000;
  const maxWords = options.maxWords ?? 30;
  const segments: TranscriptSegment[] = [];
  let current: Word[] = [];
  const close = () => {
    const first = current[0];
    const last = current[current.length - 1];
    if (first && last) {
      segments.push({
        text: current.map((w) => w.text).join(' '),
        startMs: first.startMs,
        endMs: last.endMs,
      });
    }
    current = [];
  };
  for (const word of words) {
    const previous = current[current.length - 1];
    if (previous && word.startMs - previous.endMs >= maxGapMs) close();
    current.push(word);
    if (/[.?!]["')\]]*$/.test(word.text) || current.length >= maxWords) close();
  }
  close();
  return segments;
}
