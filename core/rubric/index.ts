/** The shared rubric: segmenting, detecting, scoring, follow-ups and coaching. */
export * from './types';
export {
  scoreTranscript,
  CRITERION_TITLES,
  DEFAULT_SLOT_MS,
  PLAIN_TEXT_WPM,
  reachedParts,
} from './score';
export type { ScoreOptions } from './score';
export { segmentStory, readStory, PART_NAMES } from './segment';
export type { StorySegment, StoryReading } from './segment';
export { findFillers, fillerHits } from './fillers';
export {
  askedAlready,
  chooseFollowUp,
  gapFollowUp,
  questionGaps,
  builtInFollowUp,
  builtInFollowUpId,
  BUILT_IN_FOLLOW_UPS,
  DEFAULT_FOLLOW_UP_BELOW,
} from './followUp';
export type { FollowUpContext } from './followUp';
export { coach, formatDuration, MAX_COACHING_POINTS } from './coaching';
export { pausesFromWords } from './pauses';
export { analyzeText, normalizeWord } from './text';
export type { AnalyzedText, SpokenWord } from './text';
export { splitClauses } from './clauses';
export type { Clause } from './clauses';
export { extractMetrics } from '../numbers/extract';
