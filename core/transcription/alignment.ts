import type { Word } from '../transcript';
import type { SilenceSpan, SpeechSpan } from '../timing/types';

/**
 * Word times from the audio rather than from the recogniser. whisper.cpp's token timestamps
 * drift by up to seconds (a word stretched across a pause, a dropped filler's time given to the
 * next word, a whole phrase placed inside a silence), and an initial prompt makes it worse.
 * The audio knows better where speech is: the silence detector finds each stretch of sound to
 * 5 ms. So the words, in Whisper's order, are laid onto those stretches ("islands"): each island
 * gets zero or more consecutive words, chosen by dynamic programming so that islands hold about
 * as much speech as their words need and words stay near where Whisper heard them. Inside an
 * island the words share its length in proportion to their expected durations. A word can
 * therefore never lie inside a silence, and a word after a pause starts where the sound starts.
 *
 * Before transcription, long silences can be shortened ({@link squeezeSilences}) so Whisper
 * never hears a long stretch of nothing (where it invents text and loses its timestamps); its
 * times are mapped back to the original audio with the returned function.
 */

/** Shortest time a word is given when counting how many words an island can hold, ms. */
const MIN_WORD_MS = 80;

/** Settings of {@link alignWordsToSpeech}. */
export interface AlignmentOptions {
  /** Cost per second between a word's placed start and Whisper's start. Default 0.05. */
  timeWeight?: number;
  /** Cost of an island's length against its words' expected length (squared log ratio). Default 1. */
  durationWeight?: number;
  /** Cost per second of sound in an island left without words, beyond 150 ms. Default 1.5. */
  emptyWeight?: number;
  /** A word is placed only on islands within this distance of Whisper's time for it. Default 12000 ms. */
  searchMs?: number;
}

/**
 * Expected spoken length of a word in ms: a base plus a share per letter or digit. Rough, but
 * only ratios between words and against the island's length matter.
 */
export function expectedWordMs(text: string): number {
  const letters = text.replace(/[^\p{L}\p{N}]/gu, '').length;
  return 120 + 65 * Math.max(1, letters);
}

/**
 * Re-times `words` (in spoken order, with Whisper's times) onto the `speech` islands of the same
 * audio (time order, not overlapping; e.g. `detectSilences(...).speech`). Returns new words with
 * integer times inside islands, in order, not overlapping; text and confidence are kept. With no
 * island at all, no word can have been spoken and `[]` is returned. When the words cannot be
 * laid out (more than one per 80 ms of sound, or more than `searchMs` from any sound) they come
 * back with Whisper's times unchanged. Words are never dropped otherwise.
 */
export function alignWordsToSpeech(
  words: Word[],
  speech: SpeechSpan[],
  options: AlignmentOptions = {},
): Word[] {
  const islands = speech.filter((s) => s.endMs > s.startMs);
  if (words.length === 0) return [];
  if (islands.length === 0) return [];
  const timeWeight = options.timeWeight ?? 0.05;
  const durationWeight = options.durationWeight ?? 1;
  const emptyWeight = options.emptyWeight ?? 1.5;
  const searchMs = options.searchMs ?? 12000;
  const n = words.length;
  const m = islands.length;
  const expected = words.map((w) => expectedWordMs(w.text));
  const prefix = [0];
  for (const e of expected) prefix.push((prefix[prefix.length - 1] ?? 0) + e);

  /** Cost of island j holding words a..b-1 (b > a), laid out proportionally. */
  const fill = (j: number, a: number, b: number): number => {
    const island = islands[j] as SpeechSpan;
    const length = island.endMs - island.startMs;
    const need = (prefix[b] ?? 0) - (prefix[a] ?? 0);
    const ratio = Math.log(length / need);
    let cost = durationWeight * ratio * ratio;
    let at = island.startMs;
    for (let i = a; i < b; i++) {
      cost += (timeWeight * Math.abs(at - (words[i] as Word).startMs)) / 1000;
      at += ((expected[i] ?? 0) * length) / need;
    }
    return cost;
  };
  const empty = (j: number): number => {
    const island = islands[j] as SpeechSpan;
    return (emptyWeight * Math.max(0, island.endMs - island.startMs - 150)) / 1000;
  };
  const capacity = (j: number): number => {
    const island = islands[j] as SpeechSpan;
    return 2 + Math.floor((island.endMs - island.startMs) / MIN_WORD_MS);
  };
  const near = (i: number, j: number): boolean => {
    const w = words[i] as Word;
    const island = islands[j] as SpeechSpan;
    return w.startMs >= island.startMs - searchMs && w.startMs <= island.endMs + searchMs;
  };

  // cost[j][i]: best cost of the first j islands holding the first i words.
  const cost: Float64Array[] = Array.from({ length: m + 1 }, () =>
    new Float64Array(n + 1).fill(Infinity),
  );
  const from: Int32Array[] = Array.from({ length: m + 1 }, () => new Int32Array(n + 1).fill(-1));
  (cost[0] as Float64Array)[0] = 0;
  for (let j = 1; j <= m; j++) {
    const row = cost[j] as Float64Array;
    const previous = cost[j - 1] as Float64Array;
    const back = from[j] as Int32Array;
    const skip = empty(j - 1);
    for (let i = 0; i <= n; i++) {
      // Island j-1 empty.
      let best = (previous[i] ?? Infinity) + skip;
      let bestFrom = i;
      // Island j-1 holds words a..i-1, all near it, and no more than could be said in it.
      for (let a = i - 1; a >= 0 && i - a <= capacity(j - 1) && near(a, j - 1); a--) {
        const base = previous[a] ?? Infinity;
        if (base === Infinity) continue;
        const c = base + fill(j - 1, a, i);
        if (c < best) {
          best = c;
          bestFrom = a;
        }
      }
      row[i] = best;
      back[i] = bestFrom;
    }
  }
  // More words than the sound could hold, or words far from any sound: keep Whisper's times
  // and leave the judgement to the hallucination filters.
  if ((cost[m] as Float64Array)[n] === Infinity) return words.map((w) => ({ ...w }));

  const out: Word[] = new Array<Word>(n);
  let i = n;
  for (let j = m; j >= 1; j--) {
    const a = (from[j] as Int32Array)[i] ?? i;
    if (a < i) {
      const island = islands[j - 1] as SpeechSpan;
      const length = island.endMs - island.startMs;
      const need = (prefix[i] ?? 0) - (prefix[a] ?? 0);
      let at = island.startMs;
      for (let k = a; k < i; k++) {
        const next = k === i - 1 ? island.endMs : at + ((expected[k] ?? 0) * length) / need;
        out[k] = { ...(words[k] as Word), startMs: Math.round(at), endMs: Math.round(next) };
        at = next;
      }
    }
    i = a;
  }
  return out;
}

/** A time map from squeezed audio back to the original. */
export interface SqueezedAudio {
  samples: Float32Array;
  /** The original time (ms) of a time (ms) in `samples`. */
  toOriginalMs: (squeezedMs: number) => number;
}

/**
 * Shortens every silence longer than `longMs` (default 1000) to `keepMs` (default 500): half of
 * `keepMs` from its start and half from its end are kept, the middle is cut out. Returns the
 * new samples and a function mapping a time in them back to the original (a time in a kept
 * half maps into that half).
 */
export function squeezeSilences(
  samples: Float32Array,
  sampleRate: number,
  silences: SilenceSpan[],
  options: { longMs?: number; keepMs?: number } = {},
): SqueezedAudio {
  const longMs = options.longMs ?? 1000;
  const keepMs = options.keepMs ?? 500;
  const toSample = (ms: number) => Math.round((ms * sampleRate) / 1000);
  // Cuts in original samples: [cutStart, cutEnd) removed.
  const cuts = silences
    .filter((s) => s.endMs - s.startMs > longMs)
    .map((s) => ({ start: toSample(s.startMs + keepMs / 2), end: toSample(s.endMs - keepMs / 2) }))
    .filter((c) => c.end > c.start && c.start >= 0 && c.end <= samples.length);
  if (cuts.length === 0) return { samples, toOriginalMs: (ms) => ms };
  const removed = cuts.reduce((sum, c) => sum + c.end - c.start, 0);
  const out = new Float32Array(samples.length - removed);
  let read = 0;
  let write = 0;
  // Where each cut lands in the squeezed audio, and how much was removed up to it.
  const marks: { squeezedMs: number; shiftMs: number }[] = [];
  let shift = 0;
  for (const c of cuts) {
    out.set(samples.subarray(read, c.start), write);
    write += c.start - read;
    read = c.end;
    shift += c.end - c.start;
    marks.push({ squeezedMs: (write * 1000) / sampleRate, shiftMs: (shift * 1000) / sampleRate });
  }
  out.set(samples.subarray(read), write);
  return {
    samples: out,
    toOriginalMs: (ms) => {
      let offset = 0;
      for (const mark of marks) if (ms >= mark.squeezedMs) offset = mark.shiftMs;
      return Math.round(ms + offset);
    },
  };
}
