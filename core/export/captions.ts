import type { Word } from '../transcript';

/** How words are grouped into caption cues. */
export interface CueOptions {
  /** A silence at least this long between words starts a new cue, ms. Default 700. */
  breakAtPauseMs?: number;
  /** Most words in one cue. Default 12. */
  maxWords?: number;
  /** Longest cue, ms. Default 6000. */
  maxCueMs?: number;
  /** Added to every time, e.g. where the take starts in the replay audio, ms. Default 0. */
  offsetMs?: number;
}

/** One caption: its words and its span, ms. */
export interface Cue {
  startMs: number;
  endMs: number;
  text: string;
}

/** Groups words into cues: a new cue at a pause, or when a cue gets too long. */
export function wordsToCues(words: readonly Word[], options: CueOptions = {}): Cue[] {
  const breakAt = options.breakAtPauseMs ?? 700;
  const maxWords = options.maxWords ?? 12;
  const maxMs = options.maxCueMs ?? 6000;
  const offset = options.offsetMs ?? 0;
  const cues: Cue[] = [];
  let current: Word[] = [];
  const flush = () => {
    if (current.length === 0) return;
    cues.push({
      startMs: current[0]!.startMs + offset,
      endMs: current[current.length - 1]!.endMs + offset,
      text: current.map((w) => w.text).join(' '),
    });
    current = [];
  };
  for (const word of words) {
    const first = current[0];
    const last = current[current.length - 1];
    if (
      first &&
      last &&
      (word.startMs - last.endMs >= breakAt ||
        current.length >= maxWords ||
        word.endMs - first.startMs > maxMs)
    ) {
      flush();
    }
    current.push(word);
  }
  flush();
  return cues;
}

function clock(ms: number, separator: ',' | '.'): string {
  const t = Math.max(0, Math.round(ms));
  const h = Math.floor(t / 3_600_000);
  const m = Math.floor((t % 3_600_000) / 60_000);
  const s = Math.floor((t % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}${separator}${pad(t % 1000, 3)}`;
}

/** SubRip captions: numbered cues, `HH:MM:SS,mmm --> HH:MM:SS,mmm`. */
export function toSrt(words: readonly Word[], options: CueOptions = {}): string {
  return wordsToCues(words, options)
    .map((c, i) => `${i + 1}\n${clock(c.startMs, ',')} --> ${clock(c.endMs, ',')}\n${c.text}\n`)
    .join('\n');
}

/** WebVTT captions: `WEBVTT` then cues with `HH:MM:SS.mmm` times. */
export function toVtt(words: readonly Word[], options: CueOptions = {}): string {
  const cues = wordsToCues(words, options).map(
    (c) => `${clock(c.startMs, '.')} --> ${clock(c.endMs, '.')}\n${c.text}\n`,
  );
  return ['WEBVTT\n', ...cues].join('\n');
}
