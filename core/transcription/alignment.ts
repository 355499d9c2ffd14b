import type { Word } from '../transcript';
import type { SilenceSpan, SpeechSpan } from '../timing/types';
import type { LoudTimeline } from './wordEdges';
import { findEnergyDips, loudTimeline } from './wordEdges';

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
 * Given the audio's frame energies, lengths are counted in loud time (a faint stretch holds
 * little speech), and a second pass, phrase by phrase (islands less than 300 ms apart), moves
 * word starts onto the short energy dips between words ({@link findEnergyDips}) where the
 * words' lengths allow it; a word may move to a neighbouring island of its phrase. In a phrase
 * whose edges Whisper heard where the sound has them, its own word times weigh more.
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
  /**
   * The audio's frame energies (e.g. `SilenceFrames.energies().whole`). With them, lengths are
   * counted in loud time (see {@link loudTimeline}) and words inside an island start at its
   * energy dips ({@link findEnergyDips}) where those fit; without them, islands are shared by
   * plain length.
   */
  loudness?: FrameLoudness;
  /** Reward for starting a word at an energy dip, per dB of depth up to 24 dB. Default 0.06. */
  dipWeight?: number;
  /**
   * Cost per second between a word's placed start and Whisper's start inside a phrase whose
   * edges Whisper heard right (its first word starting and its last word ending within
   * `trustWithinMs` of the phrase's sound). Default 1.
   */
  trustedTimeWeight?: number;
  /** How near Whisper's phrase edges must lie to the sound's for its times to be trusted, ms. Default 300. */
  trustWithinMs?: number;
}

/** Energies of consecutive frames from the start of the audio. */
export interface FrameLoudness {
  frameMs: number;
  /** dBFS of each frame. */
  energiesDb: ArrayLike<number>;
}

/** Hesitations, which are drawn out far longer than their letters suggest. */
const FILLERS = new Set(['uh', 'um', 'er', 'ah', 'eh', 'hmm', 'mm', 'umm', 'uhm', 'erm']);

/** Expected length of a hesitation ("uh", "um"), ms. */
const FILLER_MS = 450;

/**
 * Expected spoken length of a word in ms: a base plus a share per letter or digit, or
 * 450 ms for a hesitation ("uh", "um", "hmm"). Rough, but only ratios between words and
 * against the island's length matter.
 */
export function expectedWordMs(text: string): number {
  const letters = text.replace(/[^\p{L}\p{N}]/gu, '');
  if (FILLERS.has(letters.toLowerCase())) return FILLER_MS;
  return 120 + 65 * Math.max(1, letters.length);
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
  const weights: Weights = {
    timeWeight: options.timeWeight ?? 0.05,
    durationWeight: options.durationWeight ?? 1,
    emptyWeight: options.emptyWeight ?? 1.5,
    searchMs: options.searchMs ?? 12000,
  };
  const dipWeight = options.dipWeight ?? 0.06;
  const trustedTimeWeight = options.trustedTimeWeight ?? 1;
  const trustWithinMs = options.trustWithinMs ?? 300;
  const loudness = options.loudness;
  const timelines = islands.map((island) =>
    loudness
      ? loudTimeline(loudness.energiesDb, loudness.frameMs, island.startMs, island.endMs)
      : plainTimeline(island),
  );
  // First the words are shared among the islands, each island's words spread over its loud
  // time; then, phrase by phrase, they are moved onto its energy dips where those fit. (Dips
  // weighed in the first step pull words across long gaps into islands rich in dips.)
  const shared = layout(words, islands, timelines, [], weights);
  // More words than the sound could hold, or words far from any sound: keep Whisper's times
  // and leave the judgement to the hallucination filters.
  if (!shared) return words.map((w) => ({ ...w }));
  if (!loudness) return shared;
  // Islands closer than a long pause form one phrase, across whose short gaps words may move
  // in the second pass.
  const phrases: number[][] = [];
  islands.forEach((island, j) => {
    const previous = islands[j - 1];
    const phrase = phrases[phrases.length - 1];
    if (phrase && previous && island.startMs - previous.endMs < PHRASE_GAP_MS) phrase.push(j);
    else phrases.push([j]);
  });
  const out: Word[] = [];
  for (const phrase of phrases) {
    const first = islands[phrase[0] ?? 0] as SpeechSpan;
    const last = islands[phrase[phrase.length - 1] ?? 0] as SpeechSpan;
    const count = shared.filter((w) => w.startMs >= first.startMs && w.startMs < last.endMs).length;
    if (count === 0) continue;
    const own = shared.slice(out.length, out.length + count);
    const original = words.slice(out.length, out.length + count);
    const places = phrase.flatMap((j, k) => {
      const island = islands[j] as SpeechSpan;
      const timeline = timelines[j] as LoudTimeline;
      return findEnergyDips(
        loudness.energiesDb,
        loudness.frameMs,
        Math.floor(island.startMs / loudness.frameMs),
        Math.ceil(island.endMs / loudness.frameMs),
      )
        .filter(
          (d) => d.endMs > island.startMs + MIN_WORD_MS && d.endMs < island.endMs - MIN_WORD_MS,
        )
        .map((d) => ({
          island: k,
          atMs: d.endMs,
          loudMs: timeline.loudAt(d.endMs),
          reward: dipWeight * Math.min(d.depthDb, DIP_DEPTH_CAP_DB),
          timeline,
        }));
    });
    // Where Whisper heard the phrase's edges right, its times inside the phrase are mostly
    // right too, and they know word boundaries that the energy does not show (a vowel running
    // into the next word). Where it did not (an initial prompt can shift a phrase by seconds),
    // they are left as a weak hint.
    const heardFirst = original[0] as Word;
    const heardLast = original[original.length - 1] as Word;
    const trusted =
      Math.abs(heardFirst.startMs - first.startMs) <= trustWithinMs &&
      Math.abs(heardLast.endMs - last.endMs) <= trustWithinMs;
    const placed = layout(
      original,
      phrase.map((j) => islands[j] as SpeechSpan),
      phrase.map((j) => timelines[j] as LoudTimeline),
      places,
      trusted ? { ...weights, timeWeight: trustedTimeWeight } : weights,
    );
    out.push(...(placed ?? own));
  }
  return out;
}

/** The weights of {@link AlignmentOptions} with their defaults filled in. */
interface Weights {
  timeWeight: number;
  durationWeight: number;
  emptyWeight: number;
  searchMs: number;
}

/**
 * Lays `words` onto `islands` (with their loud timelines) by dynamic programming: each island
 * holds zero or more consecutive words in spans that begin at its start or at one of `dips`
 * (places of its island, in time order), words in a span spread over its loud time in
 * proportion to their expected lengths. Returns null when no layout fits.
 */
function layout(
  words: Word[],
  islands: SpeechSpan[],
  timelines: LoudTimeline[],
  dips: Place[],
  { timeWeight, durationWeight, emptyWeight, searchMs }: Weights,
): Word[] | null {
  const n = words.length;
  const expected = words.map((w) => expectedWordMs(w.text));
  const prefix = [0];
  for (const e of expected) prefix.push((prefix[prefix.length - 1] ?? 0) + e);
  // Places a word can start, in time order: each island's start, then its dips. A run of
  // words from one chosen place to the next (or the island's end) is a "span".
  const places: Place[] = [];
  islands.forEach((island, j) => {
    const timeline = timelines[j] as LoudTimeline;
    places.push({ island: j, atMs: island.startMs, loudMs: 0, reward: 0, timeline });
    places.push(...dips.filter((d) => d.island === j));
  });
  const p = places.length;
  /** Index of the first place of the next island after place q (p when none). */
  const nextIsland: number[] = new Array<number>(p).fill(p);
  for (let q = p - 2; q >= 0; q--) {
    const here = places[q] as Place;
    nextIsland[q] =
      (places[q + 1] as Place).island !== here.island ? q + 1 : (nextIsland[q + 1] ?? p);
  }
  /** Where a span from place q ends: place r of the same island, or the island's end. */
  const endAt = (q: number, r: number): { atMs: number; loudMs: number } => {
    const here = places[q] as Place;
    const there = places[r];
    if (there && there.island === here.island) return there;
    return { atMs: (islands[here.island] as SpeechSpan).endMs, loudMs: here.timeline.lengthMs };
  };

  /** Cost of words a..b-1 (b > a) filling the span from place q to r, laid out in loud time. */
  const span = (q: number, r: number, a: number, b: number): number => {
    const place = places[q] as Place;
    const end = endAt(q, r);
    if (b - a > 2 + Math.floor((end.atMs - place.atMs) / MIN_WORD_MS)) return Infinity;
    const length = end.loudMs - place.loudMs;
    if (length <= 0) return Infinity;
    const need = (prefix[b] ?? 0) - (prefix[a] ?? 0);
    const ratio = Math.log(length / need);
    let cost = durationWeight * ratio * ratio - place.reward;
    let at = place.loudMs;
    for (let i = a; i < b; i++) {
      const startMs = place.timeline.msAt(at);
      const heardMs = (words[i] as Word).startMs;
      if (Math.abs(startMs - heardMs) > searchMs) return Infinity;
      cost += (timeWeight * Math.abs(startMs - heardMs)) / 1000;
      at += ((expected[i] ?? 0) * length) / need;
    }
    return cost;
  };
  const empty = (j: number): number => {
    const island = islands[j] as SpeechSpan;
    return (emptyWeight * Math.max(0, island.endMs - island.startMs - 150)) / 1000;
  };

  // cost[q][i]: best cost with words 0..i-1 placed before place q and word i starting at q (at
  // an island's first place: or that island left empty). cost[p][n]: everything placed.
  const cost: Float64Array[] = Array.from({ length: p + 1 }, () =>
    new Float64Array(n + 1).fill(Infinity),
  );
  const from: Int32Array[] = Array.from({ length: p + 1 }, () =>
    new Int32Array(2 * (n + 1)).fill(-1),
  );
  const relax = (r: number, b: number, value: number, q: number, i: number) => {
    const row = cost[r] as Float64Array;
    if (value < (row[b] ?? Infinity)) {
      row[b] = value;
      (from[r] as Int32Array)[2 * b] = q;
      (from[r] as Int32Array)[2 * b + 1] = i;
    }
  };
  (cost[0] as Float64Array)[0] = 0;
  for (let q = 0; q < p; q++) {
    const place = places[q] as Place;
    const first = q === 0 || (places[q - 1] as Place).island !== place.island;
    const after = nextIsland[q] ?? p;
    for (let i = 0; i <= n; i++) {
      const base = (cost[q] as Float64Array)[i] ?? Infinity;
      if (base === Infinity) continue;
      if (first) relax(after, i, base + empty(place.island), q, i);
      // Words i..b-1 from place q up to place r (the dips between are passed over).
      for (let r = q + 1; r <= after; r++) {
        for (let b = i + 1; b <= n; b++) {
          const c = span(q, r, i, b);
          if (c === Infinity) break;
          relax(r, b, base + c, q, i);
        }
      }
    }
  }
  if (((cost[p] as Float64Array)[n] ?? Infinity) === Infinity) return null;

  const out: Word[] = new Array<Word>(n);
  let r = p;
  let b = n;
  while (r > 0) {
    const q = (from[r] as Int32Array)[2 * b] ?? 0;
    const i = (from[r] as Int32Array)[2 * b + 1] ?? 0;
    if (i < b) {
      const place = places[q] as Place;
      const end = endAt(q, r);
      const length = end.loudMs - place.loudMs;
      const need = (prefix[b] ?? 0) - (prefix[i] ?? 0);
      let at = place.loudMs;
      for (let k = i; k < b; k++) {
        const next = at + ((expected[k] ?? 0) * length) / need;
        out[k] = {
          ...(words[k] as Word),
          startMs: Math.round(place.timeline.msAt(at)),
          endMs: Math.round(k === b - 1 ? end.atMs : place.timeline.msAt(next)),
        };
        at = next;
      }
    }
    r = q;
    b = i;
  }
  return out;
}

/** The timeline of an island counted in plain milliseconds. */
function plainTimeline(island: SpeechSpan): LoudTimeline {
  return {
    lengthMs: island.endMs - island.startMs,
    loudAt: (ms) => ms - island.startMs,
    msAt: (loudMs) => island.startMs + loudMs,
  };
}

/** Islands separated by less than this are one phrase in the second pass, ms. */
const PHRASE_GAP_MS = 300;

/** Most dB of a dip's depth that still adds to the reward for starting a word there. */
const DIP_DEPTH_CAP_DB = 24;

/** A place a word can start: an island's start or an energy dip in it. */
interface Place {
  island: number;
  atMs: number;
  loudMs: number;
  reward: number;
  timeline: LoudTimeline;
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
