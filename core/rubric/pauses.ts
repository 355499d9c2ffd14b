import type { Pause, PauseThresholds } from '../timing/types';
import { classifyPause } from '../timing/types';
import type { SpokenWord } from './text';

/**
 * Pauses read from the gaps between timed words: each gap from one word's end to the next
 * word's start that `classifyPause` does not call part of speech. Silence before the first
 * word is time to first word, not a pause. Words without times give no pauses.
 */
export function pausesFromWords(
  words: readonly SpokenWord[],
  thresholds: PauseThresholds,
): Pause[] {
  const pauses: Pause[] = [];
  for (let i = 1; i < words.length; i++) {
    const endMs = words[i - 1]?.endMs;
    const startMs = words[i]?.startMs;
    if (endMs === undefined || startMs === undefined) continue;
    const kind = classifyPause(startMs - endMs, thresholds);
    if (kind !== null) pauses.push({ startMs: endMs, endMs: startMs, kind });
  }
  return pauses;
}
