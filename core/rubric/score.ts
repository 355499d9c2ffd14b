import { findQuantities, metricsFromQuantities } from '../numbers/extract';
import type { FollowUpSpec, StoryPart } from '../scenarios/schema';
import { STORY_PARTS } from '../scenarios/schema';
import type { Transcript } from '../transcript';
import type { Pause, PauseThresholds } from '../timing/types';
import { DEFAULT_PAUSE_THRESHOLDS } from '../timing/types';
import { coach } from './coaching';
import type { Judgement, ScoringContext } from './criteria/context';
import { JUDGED_ON_CLAIMS, isStoryTrack } from './criteria/context';
import { judgeDelivery } from './criteria/delivery';
import { judgeFollowThrough } from './criteria/followThrough';
import { judgeIncidentLens } from './criteria/incidentLens';
import { judgeMetrics } from './criteria/metrics';
import { judgeOwnership } from './criteria/ownership';
import { judgeSloFirst } from './criteria/sloFirst';
import { judgePlan, judgeStructure } from './criteria/structure';
import { judgeTradeoffs } from './criteria/tradeoffs';
import { fillerHits } from './fillers';
import { builtInFollowUp, chooseFollowUp, gapFollowUp } from './followUp';
import { pausesFromWords } from './pauses';
import type { StoryReading } from './segment';
import { readStory } from './segment';
import { splitClauses } from './clauses';
import { checkIntegrity } from './integrity';
import { readAnswer } from './reading';
import { decodeRoles } from './roles';
import { substanceOf } from './substance';
import { analyzeText, hidesAny, sameWords, wordsText } from './text';
import type { AnalyzedText } from './text';
import type {
  ClauseReport,
  CriterionId,
  CriterionScore,
  ScenarioTrack,
  ScoreReport,
} from './types';
import { CRITERION_IDS } from './types';

/** How to score one answer; the weights and follow-ups come from the scenario. */
export interface ScoreOptions {
  /** Relative weights from `scenario.rubric.weights`; a criterion left out weighs 0. */
  weights: Partial<Record<CriterionId, number>>;
  /** From `scenario.followUps`, in authored order. */
  followUps?: FollowUpSpec[];
  /** Follow-up ids already asked in this take; they are not chosen again. */
  askedFollowUpIds?: string[];
  /** Length of the answer's slot, ms (default 600000, ten minutes). */
  slotMs?: number;
  /** Pauses from audio analysis; when absent and the words are timed, read from word gaps. */
  pauses?: Pause[];
  /** Time to first word after the prompt ended, ms; default the first word's `startMs`. */
  firstWordMs?: number;
  /** Pause thresholds (default 200 ms / 1 s / 2.5 s). */
  thresholds?: PauseThresholds;
  /** Words a rehearsed answer should use; more than 125% of it earns a delivery note. */
  targetWords?: number;
  /**
   * What the prompt asks (the scenario's `track`). Stories (incident, post-mortem, ownership)
   * are judged on what happened and checked for order; designs and trade-offs also on what the
   * candidate proposes; a trade-off answer is checked for a refusal to trade. Default: a story.
   */
  track?: ScenarioTrack;
}

/**
 * Share of `overall` that comes from the answer's substance (see `substanceOf`): what the
 * rubric's criteria cannot name, a listener still hears. The rest is the weighted criteria.
 */
export const SUBSTANCE_SHARE = 0.5;

/** Default slot: ten minutes, in ms. */
export const DEFAULT_SLOT_MS = 600_000;
/** Rate used to estimate how long a plain-text answer took, words a minute. */
export const PLAIN_TEXT_WPM = 150;

/** The panel's name for each criterion. */
export const CRITERION_TITLES: Readonly<Record<CriterionId, string>> = {
  structure: 'STAR-E structure',
  incidentLens: 'Incident lens: problem, process, people',
  metrics: 'Numbers as anchors',
  ownership: 'Ownership',
  tradeoffs: 'Trade-off transparency',
  followThrough: 'Follow-through',
  sloFirst: 'SLO-first design',
  delivery: 'Delivery',
};

const DETECTORS: Readonly<Record<CriterionId, (ctx: ScoringContext) => Judgement>> = {
  structure: judgeStructure,
  incidentLens: judgeIncidentLens,
  metrics: judgeMetrics,
  ownership: judgeOwnership,
  tradeoffs: judgeTradeoffs,
  followThrough: judgeFollowThrough,
  sloFirst: judgeSloFirst,
  delivery: judgeDelivery,
};

function finiteAtLeast(value: unknown, min: number): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= min;
}

function checkOptions(options: ScoreOptions): void {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Score options must be an object with weights (use {} for equal weights).');
  }
  if (typeof options.weights !== 'object' || options.weights === null) {
    throw new TypeError(
      'Score options need weights: pass scenario.rubric.weights, or {} for equal weights.',
    );
  }
  for (const [id, weight] of Object.entries(options.weights)) {
    if (!(CRITERION_IDS as readonly string[]).includes(id)) {
      throw new RangeError(
        `weights.${id} is not a rubric criterion; use one of ${CRITERION_IDS.join(', ')}.`,
      );
    }
    if (weight !== undefined && !finiteAtLeast(weight, 0)) {
      throw new RangeError(`weights.${id} must be a number of 0 or more; got ${String(weight)}.`);
    }
  }
  if (options.slotMs !== undefined && !(finiteAtLeast(options.slotMs, 0) && options.slotMs > 0)) {
    throw new RangeError(
      `slotMs must be a positive number of milliseconds; got ${String(options.slotMs)}.`,
    );
  }
  if (options.firstWordMs !== undefined && !finiteAtLeast(options.firstWordMs, 0)) {
    throw new RangeError(
      `firstWordMs must be 0 or more milliseconds; got ${String(options.firstWordMs)}.`,
    );
  }
  if (options.targetWords !== undefined && !finiteAtLeast(options.targetWords, 1)) {
    throw new RangeError(
      `targetWords must be a positive number; got ${String(options.targetWords)}.`,
    );
  }
  if (options.pauses !== undefined) {
    if (!Array.isArray(options.pauses))
      throw new TypeError('pauses must be an array of {startMs, endMs, kind}.');
    options.pauses.forEach((p, i) => {
      if (!finiteAtLeast(p.startMs, 0) || !finiteAtLeast(p.endMs, p.startMs)) {
        throw new RangeError(
          `pauses[${i}] must have 0 <= startMs <= endMs; got ${String(p.startMs)}-${String(p.endMs)}.`,
        );
      }
    });
  }
}

/** Parts reached by the answer: every part up to the furthest one it told. */
export function reachedParts(story: StoryReading): StoryPart[] {
  let furthest = -1;
  STORY_PARTS.forEach((part, i) => {
    if (story.present[part]) furthest = i;
  });
  return STORY_PARTS.slice(0, furthest + 1);
}

/**
 * Scores one answer against the rubric. Every criterion appears, in rubric order, with its
 * 0-4 score, weight, evidence, what is missing and its gap codes. `overall` (0-100, rounded) is
 * half the weighted mean of the scores scaled from 0-4 and half the answer's substance, times
 * the integrity adjustments (lists, denials, hypotheticals, echoes, off-topic text, numbers that
 * contradict, an order that cannot be followed, blame, a refusal to trade, a thin answer); when
 * no weight is above 0 every criterion weighs 1. Without timed words delivery scores 0 and
 * weighs 0, and time shares are skipped. A design or trade-off answer (`track`) is judged on
 * its plan rather than STAR-E. The follow-up is the scenario's first matching one that asks
 * for something the answer has not covered, else the scenario's question for the weakest
 * criterion's open gap, else the built-in question for the weakest weighted criterion, else
 * null. For plain text, elapsed time is estimated at 150 words a
 * minute. Throws a TypeError/RangeError with a fix for malformed transcripts or options.
 */
export function scoreTranscript(transcript: Transcript, options: ScoreOptions): ScoreReport {
  checkOptions(options);
  const text = analyzeText(transcript);
  const thresholds = options.thresholds ?? DEFAULT_PAUSE_THRESHOLDS;
  const clauses = splitClauses(text);
  const reading = readAnswer(text, clauses);
  const story = isStoryTrack(options.track);
  // Numbers, fillers and pauses are read once on the whole answer; each judged text keeps
  // the ones its hidden clauses do not touch.
  const quantities = findQuantities(text);
  const metrics = metricsFromQuantities(text, quantities, clauses);
  const fillers = fillerHits(text);
  const pauses = options.pauses ?? (text.timed ? pausesFromWords(text.words, thresholds) : []);
  const contextFor = (judged: AnalyzedText): ScoringContext => {
    const c: ScoringContext = {
      text: judged,
      said: text,
      story: readStory(judged, clauses),
      quantities: quantities.filter((q) => !hidesAny(judged, q.startWord, q.endWord)),
      metrics: metrics.filter((m) => !hidesAny(judged, m.startWord, m.endWord)),
      fillers,
      pauses,
      slotMs: options.slotMs ?? DEFAULT_SLOT_MS,
      thresholds,
    };
    if (options.firstWordMs !== undefined) c.firstWordMs = options.firstWordMs;
    if (options.targetWords !== undefined) c.targetWords = options.targetWords;
    return c;
  };
  const claimCtx = contextFor(reading.claims);
  const factCtx =
    story && !sameWords(reading.facts, reading.claims) ? contextFor(reading.facts) : claimCtx;
  const ctx = factCtx;
  const roles = decodeRoles(text, reading.clauses, ctx.story.wordClause);
  const integrity = checkIntegrity({
    text,
    reading,
    roles,
    metrics: claimCtx.metrics,
    quantities: claimCtx.quantities,
    track: options.track,
    ...(options.targetWords !== undefined ? { targetWords: options.targetWords } : {}),
  });
  const flagged = new Set(integrity.redFlags.map((f) => f.code));
  // A short answer is thin overall, but what it does say is judged on its own terms.
  const criterionFactor = integrity.adjustments
    .filter((a) => a.code !== 'thin')
    .reduce((f, a) => f * a.factor, 1);

  const anyWeight = CRITERION_IDS.some((id) => (options.weights[id] ?? 0) > 0);
  const substance = substanceOf(reading, reading.claims, claimCtx.quantities, options.targetWords);
  // A design or a trade-off has no STAR-E story: its structure is a plan a listener can follow.
  const judgements = CRITERION_IDS.map((id) =>
    id === 'structure' && !story
      ? judgePlan(claimCtx, substance.share, roles.coherence === 1)
      : DETECTORS[id](JUDGED_ON_CLAIMS.has(id) ? claimCtx : factCtx),
  );
  const criteria: CriterionScore[] = CRITERION_IDS.map((id, i) => {
    const judgement = judgements[i] ?? DETECTORS[id](factCtx);
    let weight = anyWeight ? (options.weights[id] ?? 0) : 1;
    if (id === 'delivery' && !text.timed) weight = 0;
    let score = judgement.score;
    if (id === 'ownership' && (flagged.has('blame') || flagged.has('negated-ownership'))) {
      score = Math.min(score, 1);
    }
    if (id === 'metrics' && flagged.has('contradictory-numbers')) score = 0;
    if (id === 'tradeoffs' && flagged.has('refusal')) score = 0;
    if (id !== 'delivery') score = Math.round(score * criterionFactor);
    return {
      id,
      title: CRITERION_TITLES[id],
      score,
      weight,
      evidence: judgement.evidence,
      missing: weight > 0 ? judgement.missing : [],
      gaps: weight > 0 ? judgement.gaps : [],
      counted: weight > 0,
    };
  });

  const absent = criteria
    .find((c) => c.id === 'ownership')
    ?.evidence.find((e) => e.label === 'absent from the post-mortem');
  if (absent) {
    integrity.redFlags.push({
      code: 'absent-from-postmortem',
      message: 'Not part of the post-mortem: own the review and its actions.',
      evidence: [absent],
    });
  }

  const totalWeight = criteria.reduce((sum, c) => sum + c.weight, 0);
  const thin = integrity.adjustments.find((a) => a.code === 'thin')?.factor ?? 1;
  const mean =
    totalWeight > 0
      ? criteria.reduce((sum, c) => sum + c.weight * (c.score / 4), 0) / totalWeight
      : 0;
  const overall =
    totalWeight > 0
      ? Math.round(
          ((1 - SUBSTANCE_SHARE) * mean + SUBSTANCE_SHARE * substance.share * criterionFactor) *
            100 *
            thin,
        )
      : 0;

  const asked = options.askedFollowUpIds ?? [];
  const lastWord = text.words[text.words.length - 1];
  const elapsedMs = text.timed
    ? (lastWord?.endMs ?? 0)
    : Math.round((text.words.length / PLAIN_TEXT_WPM) * 60_000);
  const followUp =
    chooseFollowUp(criteria, options.followUps ?? [], {
      elapsedMs,
      reachedParts: reachedParts(ctx.story),
      askedIds: asked,
      gaps: new Set(judgements.flatMap((j) => j.gaps)),
    }) ??
    gapFollowUp(criteria, options.followUps ?? [], asked) ??
    builtInFollowUp(criteria, asked, options.track);

  return {
    overall,
    substance: Math.round(substance.share * 100) / 100,
    criteria,
    metrics: ctx.metrics.map((m) => m.metric),
    followUp,
    coaching: coach(factCtx, criteria, options.track, claimCtx),
    redFlags: integrity.redFlags,
    adjustments: integrity.adjustments,
    clauses: reading.clauses.map((c, i): ClauseReport => {
      const report: ClauseReport = {
        text: wordsText(text, c.start, c.end),
        startWord: c.start,
        endWord: c.end,
        role: roles.roles[i] ?? 'situation',
        subject: c.grammar.subject,
        status: c.status,
      };
      const first = text.words[c.start];
      const last = text.words[c.end];
      if (first?.startMs !== undefined && last?.endMs !== undefined) {
        report.startMs = first.startMs;
        report.endMs = last.endMs;
      }
      return report;
    }),
  };
}
