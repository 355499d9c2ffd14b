import type { Word } from '../transcript';
import { dropWordsInsideSilences } from '../timing/analysis';
import type { SilenceSpan } from '../timing/types';

/**
 * Guards against text a recogniser invents. Whisper, asked to transcribe a silence, may write
 * "Thank you." or "you", or loop on a phrase; such words must not fill a real pause in the
 * candidate's answer. Each guard is a {@link HallucinationFilter}: it gets the words and what is
 * known of the audio, and returns the words it keeps. Filters never add words or change times,
 * and they keep fillers ("um", "uh") unless those fall in silence like any other word.
 */

/** What a filter may know of the audio the words came from. Times in integer ms. */
export interface HallucinationContext {
  /** Length of the audio. */
  durationMs: number;
  /** Silences detected from the audio (see `detectSilences` in core/timing). */
  silences: SilenceSpan[];
}

/** Returns the subset of `words` (in order) that it believes were really said. */
export type HallucinationFilter = (words: Word[], context: HallucinationContext) => Word[];

/**
 * Drops words lying mostly (by default 60% or more of their length) inside detected silences of
 * at least `minSilenceMs` (default 1000). Short silences are skipped because word times are
 * loose at that scale and the gap between two words is not a pause worth protecting.
 */
export function dropWordsInLongSilences(
  options: { minSilenceMs?: number; minOverlap?: number } = {},
): HallucinationFilter {
  const minSilenceMs = options.minSilenceMs ?? 1000;
  const minOverlap = options.minOverlap ?? 0.6;
  return (words, context) =>
    dropWordsInsideSilences(
      words,
      context.silences.filter((s) => s.endMs - s.startMs >= minSilenceMs),
      minOverlap,
    );
}

/** Drops words that start at or after the end of the audio: times past the end were invented. */
export const dropWordsPastEnd: HallucinationFilter = (words, context) =>
  words.filter((w) => w.startMs < context.durationMs);

function normal(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, '');
}

/**
 * Collapses a decoding loop: when the same run of 1..`maxPhraseWords` words (default 6) repeats
 * back to back more than `maxRepeats` times (default 2), the extra copies are dropped. People do
 * repeat themselves ("no, no"), so two copies always stay; a third and later copy of the same
 * phrase in a row is what a looping decoder produces.
 */
export function collapseRepeatedPhrases(
  options: { maxPhraseWords?: number; maxRepeats?: number } = {},
): HallucinationFilter {
  const maxPhraseWords = options.maxPhraseWords ?? 6;
  const maxRepeats = options.maxRepeats ?? 2;
  return (words) => {
    const keys = words.map((w) => normal(w.text));
    const keep = new Array<boolean>(words.length).fill(true);
    let i = 0;
    while (i < words.length) {
      let skipped = false;
      for (let n = 1; n <= maxPhraseWords && i + n <= words.length; n++) {
        let copies = 1;
        while (
          i + (copies + 1) * n <= words.length &&
          keys.slice(i + copies * n, i + (copies + 1) * n).join(' ') ===
            keys.slice(i, i + n).join(' ')
        ) {
          copies++;
        }
        if (copies > maxRepeats) {
          for (let k = i + maxRepeats * n; k < i + copies * n; k++) keep[k] = false;
          i += copies * n;
          skipped = true;
          break;
        }
      }
      if (!skipped) i++;
    }
    return words.filter((_, index) => keep[index]);
  };
}

/** The filters applied to Whisper output unless a caller passes its own list. */
export const DEFAULT_HALLUCINATION_FILTERS: HallucinationFilter[] = [
  dropWordsPastEnd,
  dropWordsInLongSilences(),
  collapseRepeatedPhrases(),
];

/** Runs `filters` in order, each on the previous one's output. */
export function applyHallucinationFilters(
  words: Word[],
  context: HallucinationContext,
  filters: HallucinationFilter[] = DEFAULT_HALLUCINATION_FILTERS,
): Word[] {
  return filters.reduce((kept, filter) => filter(kept, context), words);
}
