import type { Word } from '../transcript';

/** The ids of the rubric's criteria; the command line's JSON uses them verbatim. */
export const CRITERION_IDS = [
  'structure',
  'incidentLens',
  'metrics',
  'ownership',
  'tradeoffs',
  'followThrough',
  'sloFirst',
  'delivery',
] as const;

/** One rubric criterion id. */
export type CriterionId = (typeof CRITERION_IDS)[number];

/** A piece of the transcript that earned (or cost) points; times in ms when known. */
export interface Evidence {
  text: string;
  startMs?: number;
  endMs?: number;
  /** What this evidence shows, e.g. "Action", "MTTR", "first person". */
  label?: string;
}

/** One criterion on a panel's 0-4 scale. */
export interface CriterionScore {
  id: CriterionId;
  title: string;
  /** 0 (absent) .. 4 (strong). */
  score: number;
  /** Relative weight the scenario gives this criterion; 0 means not counted in `overall`. */
  weight: number;
  evidence: Evidence[];
  /** Plain statements of what a panel would look for and did not find. */
  missing: string[];
}

/**
 * Kinds of incident metric the number extractor recognises. `duration` is a time whose role
 * the words around it do not name (an alert window, a pipeline delay, "it took 20 minutes"
 * with no recover/detect/roll-back word near it): kept, never counted as a recovery time.
 */
export type MetricKind =
  | 'recoveryTime'
  | 'detectionTime'
  | 'rollbackTime'
  | 'affectedUsers'
  | 'percentage'
  | 'money'
  | 'duration';

/** A number found in the answer, normalised: seconds for times, a count for users. */
export interface Metric {
  kind: MetricKind;
  value: number;
  /** "s" for times, "users" for counts, "%" for percentages, a currency code for money. */
  unit: string;
  /** The words as spoken, e.g. "forty five minutes". */
  text: string;
  startMs?: number;
  endMs?: number;
}

/** A follow-up the panel would ask next, and why. */
export interface FollowUp {
  id: string;
  prompt: string;
  /** The criterion whose gap chose it, when a gap did. */
  criterion?: CriterionId;
  reason: string;
}

/** A coaching point tied to the candidate's own words. */
export interface CoachingPoint {
  criterion: CriterionId;
  /** The candidate's own sentence that the advice rewrites. */
  quote: Evidence;
  advice: string;
  /** The same sentence in the stronger, quantified shape. */
  example: string;
}

/** The full result of scoring one answer. */
export interface ScoreReport {
  /** 0..100, the weighted mean of the criteria scaled from 0-4. */
  overall: number;
  criteria: CriterionScore[];
  metrics: Metric[];
  followUp: FollowUp | null;
  coaching: CoachingPoint[];
}

/** Re-exported for convenience of rubric consumers. */
export type { Word };
