/**
 * Word error rate: how far a recogniser's words are from a reference transcript, counted as
 * the fewest word substitutions, deletions and insertions that turn one into the other
 * (Levenshtein distance over words), divided by the number of reference words.
 */

/**
 * The words of `text` as compared for the error rate: lower case, punctuation removed
 * (apostrophes inside a word stay, so "I'm" is one word; hyphens and dashes separate words),
 * split on white space. Digits are kept as written: "5" and "five" differ.
 */
export function werWords(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[-\u2010-\u2015]/g, ' ')
    .replace(/[^\p{L}\p{N}'\s]/gu, ' ')
    .split(/\s+/)
    .map((w) => w.replace(/^'+|'+$/g, ''))
    .filter((w) => w.length > 0);
}

/** The edit counts behind an error rate. */
export interface WordErrors {
  substitutions: number;
  deletions: number;
  insertions: number;
  /** Words in the reference (the rate's denominator). */
  referenceWords: number;
  /**
   * (substitutions + deletions + insertions) / referenceWords, a fraction that can exceed 1
   * when the hypothesis adds many words. An empty reference gives 0 for an empty hypothesis and
   * 1 otherwise.
   */
  rate: number;
}

/**
 * The word error rate of `hypothesis` against `reference`, both plain text normalised with
 * {@link werWords} (case and punctuation ignored). Among alignments of equal cost, the one
 * with the most substitutions is counted.
 */
export function wordErrorRate(reference: string, hypothesis: string): WordErrors {
  const ref = werWords(reference);
  const hyp = werWords(hypothesis);
  const columns = hyp.length + 1;
  // cost[i][j] and its split into edits, for ref[0..i) against hyp[0..j), one row at a time.
  type Cell = { cost: number; sub: number; del: number; ins: number };
  let previous: Cell[] = Array.from({ length: columns }, (_, j) => ({
    cost: j,
    sub: 0,
    del: 0,
    ins: j,
  }));
  for (let i = 1; i <= ref.length; i++) {
    const row: Cell[] = [{ cost: i, sub: 0, del: i, ins: 0 }];
    for (let j = 1; j < columns; j++) {
      const diagonal = previous[j - 1] as Cell;
      const up = previous[j] as Cell;
      const left = row[j - 1] as Cell;
      const same = ref[i - 1] === hyp[j - 1];
      const options: Cell[] = [
        same
          ? { ...diagonal }
          : {
              cost: diagonal.cost + 1,
              sub: diagonal.sub + 1,
              del: diagonal.del,
              ins: diagonal.ins,
            },
        { cost: up.cost + 1, sub: up.sub, del: up.del + 1, ins: up.ins },
        { cost: left.cost + 1, sub: left.sub, del: left.del, ins: left.ins + 1 },
      ];
      row.push(
        options.reduce((best, c) =>
          c.cost < best.cost || (c.cost === best.cost && c.sub > best.sub) ? c : best,
        ),
      );
    }
    previous = row;
  }
  const last = previous[columns - 1] as Cell;
  const rate =
    ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : (last.sub + last.del + last.ins) / ref.length;
  return {
    substitutions: last.sub,
    deletions: last.del,
    insertions: last.ins,
    referenceWords: ref.length,
    rate,
  };
}
