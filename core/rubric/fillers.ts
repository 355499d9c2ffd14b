import { fillerSpans } from '../timing/fillers';
import type { Transcript } from '../transcript';
import type { AnalyzedText, Hit } from './text';
import { analyzeText, evidenceOf } from './text';
import type { Evidence } from './types';

/**
 * Filler spans in the answer, inclusive word indices, `text` the filler's canonical form
 * ("um", "like", "you know", "sort of", "kind of", "i mean"). The rubric counts exactly what
 * the timing model's detector (`fillerSpans` in core/timing) finds, so Delivery, the replay and
 * the exports show one number.
 */
export function fillerHits(a: AnalyzedText): Hit[] {
  return fillerSpans(a.words);
}

/**
 * Every filler in the answer, in reading order, as evidence labelled "filler" with its times
 * when the words are timed. Throws on malformed timed words (see `analyzeText`).
 */
export function findFillers(transcript: Transcript): Evidence[] {
  const a = analyzeText(transcript);
  return fillerHits(a).map((h) => evidenceOf(a, h.start, h.end, 'filler'));
}
