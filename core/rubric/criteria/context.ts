import type { FoundMetric, Quantity } from '../../numbers/extract';
import type { Pause, PauseThresholds } from '../../timing/types';
import type { StoryReading } from '../segment';
import type { AnalyzedText, Hit } from '../text';
import type { CriterionId, Evidence, GapCode, ScenarioTrack } from '../types';

/** Everything a criterion detector reads, computed once per answer. */
export interface ScoringContext {
  /** The words a criterion may earn from: facts, or facts and proposals (see `readAnswer`). */
  text: AnalyzedText;
  /** Every word as said, denials included: for what a denial shows (absence, hand-offs). */
  said: AnalyzedText;
  story: StoryReading;
  quantities: Quantity[];
  metrics: FoundMetric[];
  fillers: Hit[];
  /** Pauses from the audio, or from word gaps; empty when the words are not timed. */
  pauses: Pause[];
  slotMs: number;
  thresholds: PauseThresholds;
  /** Time to first word after the prompt, ms, when known. */
  firstWordMs?: number;
  targetWords?: number;
}

/** What one detector found: a 0-4 score, the evidence for it and what is missing. */
export interface Judgement {
  score: number;
  evidence: Evidence[];
  missing: string[];
  /** A code per entry of `missing`, in the same order. */
  gaps: GapCode[];
}

/** What a detector found missing, as prose for the candidate and codes for the code. */
export interface GapList {
  missing: string[];
  gaps: GapCode[];
  /** Records one gap: its code and the plain statement shown to the candidate. */
  add: (code: GapCode, text: string) => void;
}

/** An empty {@link GapList}. */
export function gapList(): GapList {
  const list: GapList = {
    missing: [],
    gaps: [],
    add: (code, text) => {
      list.gaps.push(code);
      list.missing.push(text);
    },
  };
  return list;
}

/** Criteria judged on proposals and reflections as well as facts, even in a story. */
export const JUDGED_ON_CLAIMS: ReadonlySet<CriterionId> = new Set([
  'tradeoffs',
  'followThrough',
  'sloFirst',
]);

/** Tracks whose answers tell a story of what happened: an incident, a postmortem, ownership. */
const STORY_TRACKS: ReadonlySet<ScenarioTrack> = new Set(['incident', 'postmortem', 'ownership']);

/** True when an answer on `track` tells a story; a scenario without a track is one. */
export function isStoryTrack(track: ScenarioTrack | undefined): boolean {
  return track === undefined || STORY_TRACKS.has(track);
}

/** Criteria about telling a story: a design or trade-off answer is not coached or asked on them. */
export const STORY_ONLY: ReadonlySet<CriterionId> = new Set(['structure', 'incidentLens']);

/** Clamps a score onto the panel's 0-4 scale. */
export function clampScore(score: number): number {
  return Math.max(0, Math.min(4, score));
}

/** True when any quantity lies inside the inclusive word range. */
export function hasQuantityIn(ctx: ScoringContext, from: number, to: number): boolean {
  return ctx.quantities.some((q) => q.endWord >= from && q.startWord <= to);
}

/** The clause (inclusive word range) holding a word. */
export function clauseAround(ctx: ScoringContext, word: number): { start: number; end: number } {
  const index = ctx.story.wordClause[word] ?? 0;
  return ctx.story.clauses[index] ?? { start: word, end: word };
}
