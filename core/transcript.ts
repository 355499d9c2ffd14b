/**
 * One recognised word with its place in the recording.
 * `startMs`/`endMs` are integer milliseconds from the start of the take's audio.
 */
export interface Word {
  text: string;
  startMs: number;
  endMs: number;
  /** Recogniser confidence 0..1 when the engine reports one. */
  confidence?: number;
}

/**
 * What the rubric scores. `words` carries timing; when only plain text is known
 * (`words` absent), every timing-based judgement (delivery, time shares) is skipped.
 */
export interface Transcript {
  text: string;
  words?: Word[];
}

/** Builds a transcript from timed words, joining their text with single spaces. */
export function transcriptFromWords(words: Word[]): Transcript {
  return { text: words.map((w) => w.text).join(' '), words };
}
