import type { Word } from '../transcript';
import { detectFillers, vocalFiller } from './fillers';
import type { FillerHit } from './fillers';
import { speechFromSilences } from './silence';
import { normalizeWord } from './words';
import { DEFAULT_PAUSE_THRESHOLDS, classifyPause } from './types';
import type { Pause, PauseThresholds, SilenceSpan, SpeechSpan } from './types';

/**
 * Delivery timing of one answer: when speech started after the prompt, where it paused and for
 * how long, the fillers, the speaking rate over time, and how the answer sat in its slot.
 *
 * Pauses come from the audio: a pause is a silence the detector found between the first and the
 * last speech of the answer. Words, when there are any, place the start and end of the answer,
 * give the fillers and the rate; a word edge that falls inside a detected silence is moved to the
 * edge of that silence, because recognisers' word times are looser than the audio's.
 */

/** What {@link analyzeTiming} needs. All times are integer ms from the take's start. */
export interface TimingInput {
  /** Length of the take's audio. */
  durationMs: number;
  /** Silences found in the audio (e.g. by `detectSilences`); may be empty when no audio was analysed. */
  silences: SilenceSpan[];
  /** Recognised words, if a transcript with timings exists. */
  words?: Word[];
  /** When the interviewer's prompt finished; the answer's clock starts here. Default 0. */
  promptEndMs?: number;
  /** The answer's time slot, e.g. 600000 for a 10-minute incident story. Must be positive. */
  slotMs: number;
  /** Pause classification settings; the domain defaults when omitted. */
  thresholds?: PauseThresholds;
  /** Window length for `paceOverTime`. Default 30000 (30 s). */
  paceWindowMs?: number;
}

/** The speaking rate over one stretch of the answer. */
export interface PacePoint {
  /** Window start, integer ms from the take's start. */
  startMs: number;
  /** Window end (exclusive), integer ms. */
  endMs: number;
  /** Words started in the window per minute of window, rounded to one decimal. */
  wordsPerMinute: number;
}

/** How long the answer ran against its slot. */
export interface SlotUse {
  /** From the end of the prompt to the end of the last speech, ms (0 when nothing was said). */
  elapsedMs: number;
  /** The slot, ms. */
  slotMs: number;
  /** `elapsedMs / slotMs`, rounded to three decimals: 1 is exactly on time, above 1 is over. */
  ratio: number;
}

/** Everything {@link analyzeTiming} measures. Times are integer ms from the take's start. */
export interface TimingAnalysis {
  /** Length of the take's audio, as given. */
  durationMs: number;
  /** Time from the end of the prompt to the first speech, ms; null when nothing was said. */
  firstWordMs: number | null;
  /** Start of the first speech of the answer; null when nothing was said. */
  speechStartMs: number | null;
  /** End of the last speech of the answer; null when nothing was said. */
  speechEndMs: number | null;
  /** Silences inside the answer, classified; silences shorter than `minPauseMs` are left out. */
  pauses: Pause[];
  /** Fillers in the words (empty without words). */
  fillers: FillerHit[];
  /**
   * Words per minute from the first to the last speech, vocal fillers (um, uh) not counted as
   * words, rounded to one decimal; null without words.
   */
  wordsPerMinute: number | null;
  /** The rate per window from the first speech on; a last window under half a window joins the one before. */
  paceOverTime: PacePoint[];
  /** How far the answer ran past its slot, ms (0 when inside it). */
  overrunMs: number;
  /** Time used against the slot. */
  elapsedVsSlot: SlotUse;
}

/** Default window for the pace curve: 30 s. */
export const DEFAULT_PACE_WINDOW_MS = 30000;

/**
 * Sorts `spans`, clips them to 0..`durationMs` and merges overlapping or touching ones.
 * Empty and inverted spans are dropped.
 */
export function normalizeSpans<T extends { startMs: number; endMs: number }>(
  spans: T[],
  durationMs: number,
): SilenceSpan[] {
  const clipped = spans
    .map((s) => ({
      startMs: Math.max(0, Math.min(durationMs, s.startMs)),
      endMs: Math.max(0, Math.min(durationMs, s.endMs)),
    }))
    .filter((s) => s.endMs > s.startMs)
    .sort((a, b) => a.startMs - b.startMs);
  const out: SilenceSpan[] = [];
  for (const span of clipped) {
    const last = out[out.length - 1];
    if (last && span.startMs <= last.endMs) last.endMs = Math.max(last.endMs, span.endMs);
    else out.push({ ...span });
  }
  return out;
}

/**
 * Removes words that sit inside detected silences: a word is dropped when at least `minOverlap`
 * (a fraction 0..1, e.g. 0.5) of its duration is covered by `silences`; a zero-length word is
 * dropped when its instant lies strictly inside a silence. Recognisers such as Whisper invent
 * text ("thank you", "you") in long silences; this keeps such text from hiding a real pause.
 * Pass only silences you trust (for example those of at least `minPauseMs`). Word order and
 * extra fields are kept.
 */
export function dropWordsInsideSilences<W extends { startMs: number; endMs: number }>(
  words: W[],
  silences: SilenceSpan[],
  minOverlap: number,
): W[] {
  if (!(minOverlap > 0 && minOverlap <= 1)) {
    throw new RangeError(`minOverlap must be a fraction in (0, 1], got ${minOverlap}`);
  }
  return words.filter((word) => {
    const length = word.endMs - word.startMs;
    if (length <= 0) {
      return !silences.some((s) => word.startMs > s.startMs && word.startMs < s.endMs);
    }
    let covered = 0;
    for (const s of silences) {
      covered += Math.max(0, Math.min(word.endMs, s.endMs) - Math.max(word.startMs, s.startMs));
    }
    return covered / length < minOverlap;
  });
}

/**
 * Silences read from the gaps between words, for when no audio analysis exists: every gap of at
 * least `minGapMs` between consecutive words (and before the first / after the last word) is a
 * silence. Word times are looser than audio, so prefer detected silences when audio is at hand.
 */
export function silencesFromWords(
  words: Word[],
  durationMs: number,
  minGapMs: number = 100,
): SilenceSpan[] {
  const sorted = [...words].sort((a, b) => a.startMs - b.startMs);
  const silences: SilenceSpan[] = [];
  let cursor = 0;
  for (const w of sorted) {
    if (w.startMs - cursor >= minGapMs) silences.push({ startMs: cursor, endMs: w.startMs });
    cursor = Math.max(cursor, w.endMs);
  }
  if (durationMs - cursor >= minGapMs) silences.push({ startMs: cursor, endMs: durationMs });
  return silences;
}

function containing(spans: SilenceSpan[], ms: number): SilenceSpan | undefined {
  return spans.find((s) => ms > s.startMs && ms < s.endMs);
}

function firstSpeechAfter(speech: SpeechSpan[], fromMs: number): number | null {
  for (const s of speech) if (s.endMs > fromMs) return Math.max(s.startMs, fromMs);
  return null;
}

function lastSpeechEnd(speech: SpeechSpan[], fromMs: number): number | null {
  const last = speech[speech.length - 1];
  return last && last.endMs > fromMs ? last.endMs : null;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

function isCountedWord(w: { text: string }): boolean {
  const norm = normalizeWord(w.text);
  return norm !== '' && vocalFiller(norm) === null;
}

/**
 * The speaking rate: words per minute over `spanMs` of answer, hesitation sounds (um, uh) and
 * bare punctuation not counted as words, rounded to one decimal; null for an empty span. The
 * one speaking rate: `analyzeTiming`, the rubric's Delivery, the replay and the exports use it.
 */
export function speakingRate(words: readonly { text: string }[], spanMs: number): number | null {
  if (!(spanMs > 0)) return null;
  return round1((words.filter(isCountedWord).length * 60000) / spanMs);
}

/**
 * Measures the timing of one answer (see {@link TimingAnalysis}). Without words, the answer runs
 * from the first to the last sound after the prompt; with words, from the first word's start to
 * the last word's end (each snapped out of any silence it falls in). Silences before the first
 * and after the last speech are not pauses: the first is the time to the first word, the last is
 * the candidate having finished. Throws a RangeError for a non-positive slot or negative duration.
 */
export function analyzeTiming(input: TimingInput): TimingAnalysis {
  const { durationMs, slotMs } = input;
  if (!(slotMs > 0)) throw new RangeError(`slotMs must be positive, got ${slotMs}`);
  if (!(durationMs >= 0)) throw new RangeError(`durationMs must be 0 or more, got ${durationMs}`);
  const thresholds = input.thresholds ?? DEFAULT_PAUSE_THRESHOLDS;
  const promptEndMs = Math.max(0, Math.min(durationMs, input.promptEndMs ?? 0));
  const windowMs = input.paceWindowMs ?? DEFAULT_PACE_WINDOW_MS;
  if (!(windowMs > 0)) throw new RangeError(`paceWindowMs must be positive, got ${windowMs}`);

  const silences = normalizeSpans(input.silences, durationMs);
  const words = (input.words ?? [])
    .filter((w) => w.endMs > promptEndMs)
    .sort((a, b) => a.startMs - b.startMs);

  let speechStartMs: number | null;
  let speechEndMs: number | null;
  const first = words[0];
  const last = words.reduce<Word | undefined>(
    (latest, w) => (!latest || w.endMs > latest.endMs ? w : latest),
    undefined,
  );
  if (first && last) {
    const startSilence = containing(silences, first.startMs);
    speechStartMs = Math.max(promptEndMs, startSilence ? startSilence.endMs : first.startMs);
    const endSilence = containing(silences, last.endMs);
    speechEndMs = Math.min(durationMs, endSilence ? endSilence.startMs : last.endMs);
    if (speechEndMs < speechStartMs) speechEndMs = speechStartMs;
  } else {
    const speech = speechFromSilences(silences, durationMs);
    speechStartMs = firstSpeechAfter(speech, promptEndMs);
    speechEndMs = speechStartMs === null ? null : lastSpeechEnd(speech, promptEndMs);
  }

  const pauses: Pause[] = [];
  if (speechStartMs !== null && speechEndMs !== null) {
    for (const s of silences) {
      const startMs = Math.max(s.startMs, speechStartMs);
      const endMs = Math.min(s.endMs, speechEndMs);
      if (endMs <= startMs) continue;
      const kind = classifyPause(endMs - startMs, thresholds);
      if (kind) pauses.push({ startMs, endMs, kind });
    }
  }

  const fillers = detectFillers(words);
  const counted = words.filter(isCountedWord);
  let wordsPerMinute: number | null = null;
  const paceOverTime: PacePoint[] = [];
  if (counted.length > 0 && speechStartMs !== null && speechEndMs !== null) {
    wordsPerMinute = speakingRate(words, speechEndMs - speechStartMs);
    const edges: number[] = [];
    for (let t = speechStartMs; t < speechEndMs; t += windowMs) edges.push(t);
    const lastEdge = edges[edges.length - 1];
    if (edges.length > 1 && lastEdge !== undefined && speechEndMs - lastEdge < windowMs / 2) {
      edges.pop();
    }
    edges.forEach((startMs, k) => {
      const endMs = edges[k + 1] ?? speechEndMs;
      const isLast = k === edges.length - 1;
      const count = counted.filter(
        (w) => w.startMs >= startMs && (w.startMs < endMs || (isLast && w.startMs <= endMs)),
      ).length;
      if (k === 0) {
        // Words that began before a snapped start still belong to the first window.
        const early = counted.filter((w) => w.startMs < startMs).length;
        paceOverTime.push({ startMs, endMs, wordsPerMinute: rate(count + early, endMs - startMs) });
      } else {
        paceOverTime.push({ startMs, endMs, wordsPerMinute: rate(count, endMs - startMs) });
      }
    });
  }

  const elapsedMs = speechEndMs === null ? 0 : Math.max(0, speechEndMs - promptEndMs);
  return {
    durationMs,
    firstWordMs: speechStartMs === null ? null : speechStartMs - promptEndMs,
    speechStartMs,
    speechEndMs,
    pauses,
    fillers,
    wordsPerMinute,
    paceOverTime,
    overrunMs: Math.max(0, elapsedMs - slotMs),
    elapsedVsSlot: { elapsedMs, slotMs, ratio: Math.round((elapsedMs / slotMs) * 1000) / 1000 },
  };
}

function rate(count: number, spanMs: number): number {
  return spanMs > 0 ? round1((count * 60000) / spanMs) : 0;
}
