import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Speech whose word times are known exactly: festival (voice kal_diphone) says a sentence and
 * reports where each word begins in the audio it wrote, from its own segment timings. Word
 * boundaries inside continuous speech, which no energy measure shows, get a ground truth.
 */

/** A spoken sentence and the start of each of its words. */
export interface TimedSentence {
  /** 16 kHz mono WAV written by festival. */
  wavPath: string;
  words: { text: string; startMs: number }[];
}

/**
 * Has festival say `text` (lower-case words, no punctuation) into `dir/name.wav`, at `stretch`
 * times its normal durations, and returns the file with each word's start.
 */
export function festivalSentence(
  festival: string,
  dir: string,
  name: string,
  text: string,
  stretch = 1,
): TimedSentence {
  if (!/^[a-z' ]+$/.test(text)) throw new Error(`not a plain lower-case sentence: ${text}`);
  const wavPath = join(dir, `${name}.wav`);
  const script = join(dir, `${name}.scm`);
  writeFileSync(
    script,
    [
      `(Parameter.set 'Duration_Stretch ${stretch})`,
      `(set! utt (SynthText "${text}"))`,
      `(utt.save.wave utt "${wavPath}" 'riff)`,
      `(mapcar (lambda (w) (format t "%s %f\\n" (item.name w) (item.feat w "word_start"))) (utt.relation.items utt 'Word))`,
    ].join('\n'),
  );
  const out = execFileSync(festival, ['--batch', script], { encoding: 'utf8', timeout: 60_000 });
  const words = out
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter((parts) => parts.length === 2)
    .map(([word, seconds]) => ({ text: word ?? '', startMs: Math.round(Number(seconds) * 1000) }));
  return { wavPath, words };
}

/**
 * Pairs of indices (reference, heard) of the words the two sequences share on a fewest-edits
 * alignment: the words a recogniser got right, whose times can be compared.
 */
export function sameWords(reference: string[], heard: string[]): [number, number][] {
  const n = reference.length;
  const m = heard.length;
  const cost = Array.from({ length: n + 1 }, (_, i) =>
    Array.from({ length: m + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  const at = (i: number, j: number) => cost[i]?.[j] ?? Infinity;
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const same = reference[i - 1] === heard[j - 1] ? 0 : 1;
      (cost[i] as number[])[j] = Math.min(
        at(i - 1, j) + 1,
        at(i, j - 1) + 1,
        at(i - 1, j - 1) + same,
      );
    }
  }
  const pairs: [number, number][] = [];
  for (let i = n, j = m; i > 0 && j > 0;) {
    const same = reference[i - 1] === heard[j - 1];
    if (at(i, j) === at(i - 1, j - 1) + (same ? 0 : 1)) {
      if (same) pairs.push([i - 1, j - 1]);
      i--;
      j--;
    } else if (at(i, j) === at(i - 1, j) + 1) i--;
    else j--;
  }
  return pairs.reverse();
}
