import type { Word } from '../transcript';

/** How words are grouped into caption cues. */
export interface CueOptions {
  /** A silence at least this long between two words starts a new cue, ms. Default 700. */
  breakAtPauseMs?: number;
  /** Most words in one cue. Default 12. */
  maxWords?: number;
  /** Longest cue from its first word's start to its last word's end, ms. Default 6000. */
  maxCueMs?: number;
  /**
   * Added to every time, ms. Pass the take's `replayOffsetMs` so cues line up with the replay
   * audio, which begins with the interviewer's prompt. Default 0. Times that end up below 0 show
   * as 0.
   */
  offsetMs?: number;
}

/** One caption: its text and its span, integer ms (offset already added). */
export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
}

/** Default silence that starts a new cue, ms. */
export const CUE_BREAK_PAUSE_MS = 700;
/** Default most words in one cue. */
export const CUE_MAX_WORDS = 12;
/** Default longest cue, ms. */
export const CUE_MAX_MS = 6000;

const SENTENCE_END = /[.?!]["')\]]*$/;

/**
 * Groups timed words into caption cues. A new cue starts when the silence since the previous
 * word is at least `breakAtPauseMs`, when the cue already holds `maxWords` words, when adding the
 * word would make the cue longer than `maxCueMs`, or after a word that ends a sentence (. ? !).
 * Words are taken in start order; whitespace inside a word's text becomes one space and empty
 * words are skipped. A cue never ends after the next one starts (recognisers' word times can
 * overlap). No words give no cues.
 */
export function wordsToCues(words: readonly Word[], options: CueOptions = {}): Cue[] {
  const breakAt = options.breakAtPauseMs ?? CUE_BREAK_PAUSE_MS;
  const maxWords = options.maxWords ?? CUE_MAX_WORDS;
  const maxMs = options.maxCueMs ?? CUE_MAX_MS;
  const offset = options.offsetMs ?? 0;
  if (!(maxWords >= 1)) throw new RangeError(`maxWords must be 1 or more, got ${maxWords}`);
  const sorted = words
    .map((w) => ({ ...w, text: w.text.replace(/\s+/g, ' ').trim() }))
    .filter((w) => w.text !== '')
    .sort((a, b) => a.startMs - b.startMs);
  const groups: Word[][] = [];
  let current: Word[] = [];
  for (const word of sorted) {
    const first = current[0];
    const last = current[current.length - 1];
    if (
      first &&
      last &&
      (word.startMs - last.endMs >= breakAt ||
        current.length >= maxWords ||
        word.endMs - first.startMs > maxMs ||
        SENTENCE_END.test(last.text))
    ) {
      groups.push(current);
      current = [];
    }
    current.push(word);
  }
  if (current.length > 0) groups.push(current);
  return groups.map((group, i) => {
    const startMs = Math.round(group[0]!.startMs + offset);
    let endMs = Math.round(Math.max(...group.map((w) => w.endMs)) + offset);
    const next = groups[i + 1]?.[0];
    if (next) endMs = Math.min(endMs, Math.round(next.startMs + offset));
    return {
      startMs,
      endMs: Math.max(startMs, endMs),
      text: group.map((w) => w.text).join(' '),
    };
  });
}

/** `HH:MM:SS<sep>mmm` for a time in ms; negative times show as 00:00:00.000. */
export function captionClock(ms: number, separator: ',' | '.'): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(t % 1000, 3)}`;
}

/**
 * SubRip captions (.srt): cues numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, the text, and a
 * blank line between cues. Grouping as {@link wordsToCues}. No words give an empty string.
 */
export function toSrt(words: readonly Word[], options: CueOptions = {}): string {
  return wordsToCues(words, options)
    .map(
      (c, i) =>
        `${i + 1}\n${captionClock(c.startMs, ',')} --> ${captionClock(c.endMs, ',')}\n${c.text}\n`,
    )
    .join('\n');
}

/** Escapes cue text for WebVTT, where `&`, `<` and `>` are markup (this also defuses `-->`). */
function vttText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * WebVTT captions (.vtt): the `WEBVTT` header, then cues `HH:MM:SS.mmm --> HH:MM:SS.mmm` and
 * their text (with `&`, `<`, `>` escaped), a blank line between blocks. Grouping as
 * {@link wordsToCues}. No words give just the header.
 */
export function toVtt(words: readonly Word[], options: CueOptions = {}): string {
  const cues = wordsToCues(words, options).map(
    (c) =>
      `${captionClock(c.startMs, '.')} --> ${captionClock(c.endMs, '.')}\n${vttText(c.text)}\n`,
  );
  return ['WEBVTT\n', ...cues].join('\n');
}
