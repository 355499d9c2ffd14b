import type { SubjectKind } from '../language/grammar';
import type { Word } from '../transcript';
import type { ClaimStatus } from './reading';
import type { ClauseRole } from './roles';

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
  /**
   * Plain statements of what a panel would look for and did not find. Empty for a criterion
   * the scenario does not weigh: what it does not ask for is not a failure.
   */
  missing: string[];
  /**
   * A code for each entry of `missing`, in the same order: what coaching, follow-ups and the
   * replay read (the prose is for the candidate). Empty when `missing` is. Always set by
   * `scoreTranscript`; absent in reports saved before it existed.
   */
  gaps?: GapCode[];
  /**
   * False when the scenario gives the criterion no weight: shown for information only. Always
   * set by `scoreTranscript`; absent in reports saved before it existed.
   */
  counted?: boolean;
}

/** The codes of what a criterion found missing, one per entry of `CriterionScore.missing`. */
export const GAP_CODES = [
  // structure
  'no-situation',
  'no-task',
  'no-action',
  'no-result',
  'no-evaluation',
  'out-of-order',
  'long-situation',
  'rushed-action',
  'thin-plan',
  // incidentLens
  'no-problem',
  'no-process',
  'no-people',
  'lens-after-fix',
  // metrics
  'no-recovery-time',
  'no-affected-count',
  'no-rollback-time',
  'unnamed-number',
  'number-not-linked',
  'no-signal',
  'signal-not-justified',
  // ownership
  'no-first-person',
  'postmortem-role-unstated',
  'vague-we',
  'hands-off',
  'absent-from-postmortem',
  // tradeoffs
  'vague-tradeoff',
  'no-tradeoff',
  'cost-not-quantified',
  'gain-not-quantified',
  'no-decision',
  // followThrough
  'no-slo-revision',
  'no-runbook',
  'no-blameless-review',
  'no-repeat-drop',
  // sloFirst
  'no-slo',
  'no-indicator',
  'no-pipeline',
  'no-alert-rules',
  'no-error-budget',
  'slo-not-first',
  'no-pipeline-latency',
  'few-design-strengths',
  // delivery
  'no-timing',
  'speaking-rate',
  'fillers',
  'stalls',
  'long-pauses',
  'slow-start',
  'overran-slot',
  'over-target-words',
] as const;

/** One gap code. */
export type GapCode = (typeof GAP_CODES)[number];

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

/** The kinds of interview prompt a scenario asks; criteria are read for what each asks. */
export type ScenarioTrack = 'incident' | 'design' | 'tradeoff' | 'postmortem' | 'ownership';

/** Codes of what a listener hears that keywords miss. */
export type RedFlagCode =
  | 'negated-ownership'
  | 'absent-from-postmortem'
  | 'blame'
  | 'keyword-list'
  | 'buzzword-list'
  | 'off-topic'
  | 'template-echo'
  | 'hypothetical'
  | 'negated'
  | 'contradictory-numbers'
  | 'incoherent-order'
  | 'refusal'
  | 'thin';

/** Something in the answer a bar raiser would flag, with the words that show it. */
export interface RedFlag {
  code: RedFlagCode;
  message: string;
  evidence: Evidence[];
}

/** A multiplier the overall score took for what the answer is, not what it names. */
export interface ScoreAdjustment {
  code: RedFlagCode;
  /** 0..1, applied to the overall score. */
  factor: number;
  reason: string;
}

/** One clause of the answer, its role in the story, who it is about and what it may earn. */
export interface ClauseReport {
  text: string;
  /** Inclusive word indices into the transcript. */
  startWord: number;
  endWord: number;
  startMs?: number;
  endMs?: number;
  role: ClauseRole;
  subject: SubjectKind;
  status: ClaimStatus;
}

/** The full result of scoring one answer. */
export interface ScoreReport {
  /**
   * 0..100: half the weighted mean of the criteria (scaled from 0-4), half the answer's
   * substance (`substance`), times the integrity adjustments.
   */
  overall: number;
  /**
   * 0..1: how much the answer says against a full answer to the prompt (events told, figures
   * with units, reasons given). Always set by `scoreTranscript`; absent in older reports.
   */
  substance?: number;
  criteria: CriterionScore[];
  metrics: Metric[];
  followUp: FollowUp | null;
  coaching: CoachingPoint[];
  /**
   * Red flags a panel would raise, in the order checked; empty for a clean answer. This and the
   * two fields below are always set by `scoreTranscript`; absent in reports saved before them.
   */
  redFlags?: RedFlag[];
  /** Multipliers applied to `overall`, each with its reason; empty when none applied. */
  adjustments?: ScoreAdjustment[];
  /** Every clause in reading order with its decoded role. */
  clauses?: ClauseReport[];
}

/** Re-exported for convenience of rubric consumers. */
export type { Word };
