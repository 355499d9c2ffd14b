const LEADING_JUNK = /^[^a-z0-9$€£]+/;
const TRAILING_JUNK = /[^a-z0-9%]+$/;
const JOINERS = /[-–—/]+/g;

/**
 * Normalises one spoken or written word: lower case, straight apostrophes, surrounding
 * punctuation removed (a trailing `%` and a leading currency sign stay), and internal hyphens,
 * dashes and slashes turned into spaces, so "Post-Mortem," becomes "post mortem" and
 * "45-minute" becomes "45 minute". Returns "" for a word that is only punctuation. The one word
 * normaliser: the rubric, the filler detector and the speaking rate all read words through it.
 */
export function normalizeWord(raw: string): string {
  const known = NORMALISED.get(raw);
  if (known !== undefined) return known;
  const norm = normalizeUncached(raw);
  // Speech repeats its words: remember them, within bounds so a long session cannot grow it.
  if (NORMALISED.size >= NORMALISED_MAX) NORMALISED.clear();
  NORMALISED.set(raw, norm);
  return norm;
}

/** Normalised forms of words seen, at most {@link NORMALISED_MAX}. */
const NORMALISED = new Map<string, string>();
const NORMALISED_MAX = 50_000;

function normalizeUncached(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(LEADING_JUNK, '')
    .replace(TRAILING_JUNK, '')
    .replace(JOINERS, ' ')
    .trim();
}
