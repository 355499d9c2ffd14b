import type { Word } from '../transcript';

/**
 * Parsers for the two output formats of the pocketsphinx command line, kept apart from the
 * process that produces them so they can be tested on recorded output.
 *
 * - `pocketsphinx_continuous -time yes` (the 5prealpha tools Debian bookworm ships) prints, per
 *   utterance, the hypothesis on one line and then one line per segment:
 *   `word startSeconds endSeconds probability`, times from the start of the file.
 * - `pocketsphinx single|live` (PocketSphinx 5) prints one JSON object per utterance:
 *   `{"b": start s, "d": duration s, "p": prob, "t": text, "w": [{"b","d","p","t"}, ...]}`.
 *
 * Both mark alternative pronunciations as `word(2)` and emit non-speech segments such as
 * `<s>`, `</s>`, `<sil>`, `[NOISE]`, `[SPEECH]` and `++BREATH++`; those are removed here. Spoken
 * hesitations in the dictionary (`um`, `uh`, `umm`, `hmm`, `ah`, `er`) are words and are kept.
 */

/** True for pocketsphinx's non-speech segment names: `<sil>`, `[NOISE]`, `++UM++`, `<s>` ... */
export function isPocketsphinxNonSpeech(token: string): boolean {
  return /^<.*>$/.test(token) || /^\[.*\]$/.test(token) || /^\+\+.*\+\+$/.test(token);
}

/** Strips the alternative-pronunciation marker: `and(2)` becomes `and`. */
export function pocketsphinxWordText(token: string): string {
  return token.replace(/\(\d+\)$/, '');
}

function toWord(
  token: string,
  startSeconds: number,
  endSeconds: number,
  probability: number,
): Word | null {
  if (isPocketsphinxNonSpeech(token)) return null;
  const text = pocketsphinxWordText(token);
  if (!text) return null;
  return {
    text,
    startMs: Math.round(startSeconds * 1000),
    endMs: Math.round(endSeconds * 1000),
    confidence: Math.min(1, Math.max(0, probability)),
  };
}

const SEGMENT_LINE =
  /^(\S+)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?)\s+(-?\d+(?:\.\d+)?(?:e[-+]?\d+)?)$/i;

/**
 * Words from `pocketsphinx_continuous -time yes` standard output. Lines that are not segment
 * lines (hypotheses, blank lines, log lines that slipped into stdout) are ignored. Probabilities
 * above 1, which the tool prints for near-certain words, are clamped to 1.
 */
export function parsePocketsphinxContinuous(stdout: string): Word[] {
  const words: Word[] = [];
  for (const raw of stdout.split('\n')) {
    const match = SEGMENT_LINE.exec(raw.trim());
    if (!match) continue;
    const word = toWord(match[1] ?? '', Number(match[2]), Number(match[3]), Number(match[4]));
    if (word) words.push(word);
  }
  return words;
}

interface JsonSegment {
  b?: unknown;
  d?: unknown;
  p?: unknown;
  t?: unknown;
  w?: unknown;
}

/**
 * Words from PocketSphinx 5's line-delimited JSON (`pocketsphinx single FILE`). A line that is
 * not JSON, or an utterance without a `w` array, contributes no words.
 */
export function parsePocketsphinxJson(stdout: string): Word[] {
  const words: Word[] = [];
  for (const raw of stdout.split('\n')) {
    const line = raw.trim();
    if (!line.startsWith('{')) continue;
    let utterance: JsonSegment;
    try {
      utterance = JSON.parse(line) as JsonSegment;
    } catch {
      continue;
    }
    if (!Array.isArray(utterance.w)) continue;
    for (const segment of utterance.w as JsonSegment[]) {
      const begin = Number(segment.b);
      const duration = Number(segment.d);
      if (typeof segment.t !== 'string' || !Number.isFinite(begin) || !Number.isFinite(duration))
        continue;
      const probability = Number.isFinite(Number(segment.p)) ? Number(segment.p) : 1;
      const word = toWord(segment.t, begin, begin + duration, probability);
      if (word) words.push(word);
    }
  }
  return words;
}
