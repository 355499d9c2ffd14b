import type { Transcript } from '../transcript';
import type { AnalyzedText, Hit } from './text';
import { HARD_FILLERS, analyzeText, evidenceOf } from './text';
import type { Evidence } from './types';

/** Words before "like" that make it a verb or a comparison ("looks like", "I'd like"). */
const LIKE_KEEP_BEFORE: ReadonlySet<string> = new Set([
  'look',
  'looks',
  'looked',
  'looking',
  'sound',
  'sounds',
  'sounded',
  'seem',
  'seems',
  'seemed',
  'feel',
  'feels',
  'felt',
  'would',
  "i'd",
  "we'd",
  "you'd",
  "they'd",
  'something',
  'anything',
  'nothing',
  'things',
  'stuff',
  'exactly',
  'just',
  'more',
  'much',
  'not',
  "didn't",
  "don't",
  'i',
  'we',
  'they',
  'you',
  'really',
]);

/** Words before "you know" that make it a real question or statement ("do you know"). */
const YOU_KNOW_KEEP_BEFORE: ReadonlySet<string> = new Set([
  'do',
  'did',
  'if',
  "don't",
  "didn't",
  'would',
  'let',
  'as',
  'to',
]);
const YOU_KNOW_KEEP_AFTER: ReadonlySet<string> = new Set([
  'how',
  'whether',
  'why',
  'where',
  'when',
]);

/** Words before "sort of"/"kind of" that make it a noun ("a kind of cache"). */
const SORT_KEEP_BEFORE: ReadonlySet<string> = new Set([
  'a',
  'the',
  'what',
  'this',
  'that',
  'some',
  'any',
  'which',
  'every',
  'one',
  'each',
  'same',
  'right',
  'whatever',
]);

/**
 * Filler spans in the answer, inclusive word indices, `text` the normalised filler.
 * Hesitation sounds (um, uh, erm, hmm) always count. "like" counts unless it is a verb or a
 * comparison ("I'd like", "looks like", "things like", "like to"); "you know" unless it is a
 * question or statement ("do you know", "you know how"); "sort of"/"kind of" unless a noun
 * phrase ("a kind of cache").
 */
export function fillerHits(a: AnalyzedText): Hit[] {
  const { norms } = a;
  const hits: Hit[] = [];
  for (let i = 0; i < norms.length; i++) {
    const n = norms[i] ?? '';
    const previous = norms[i - 1] ?? '';
    const next = norms[i + 1] ?? '';
    if (HARD_FILLERS.has(n)) {
      hits.push({ start: i, end: i, text: n });
    } else if (n === 'like') {
      if (!LIKE_KEEP_BEFORE.has(previous) && next !== 'to')
        hits.push({ start: i, end: i, text: n });
    } else if (n === 'you' && next === 'know') {
      if (!YOU_KNOW_KEEP_BEFORE.has(previous) && !YOU_KNOW_KEEP_AFTER.has(norms[i + 2] ?? '')) {
        hits.push({ start: i, end: i + 1, text: 'you know' });
        i++;
      }
    } else if ((n === 'sort' || n === 'kind') && next === 'of') {
      if (!SORT_KEEP_BEFORE.has(previous)) {
        hits.push({ start: i, end: i + 1, text: `${n} of` });
        i++;
      }
    }
  }
  return hits;
}

/**
 * Every filler word in the answer (um, uh, like, you know, sort of, kind of), in reading
 * order, as evidence labelled "filler" with its times when the words are timed. Throws on
 * malformed timed words (see `analyzeText`).
 */
export function findFillers(transcript: Transcript): Evidence[] {
  const a = analyzeText(transcript);
  return fillerHits(a).map((h) => evidenceOf(a, h.start, h.end, 'filler'));
}
