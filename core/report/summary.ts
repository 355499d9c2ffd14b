import { metricLabel } from '../export/markdown';
import { formatCount, formatDurationMs } from '../format/time';
import { CRITERION_TITLES } from '../rubric/score';
import type { CriterionId, CriterionScore, Evidence, Metric, ScoreReport } from '../rubric/types';
import type { SessionRecord } from '../sessions/record';

/**
 * The report's reading of a score: what the overall number means on the panel's scale, the few
 * changes that would move it most, the criteria the scenario counts, metrics in words and red
 * flags. The app, the HTML page and the PDF all read the score through these functions, so a
 * new field of the rubric is adopted here once.
 */

/** Where an answer sits against the hiring bar, from the panel's 0-4 scale. */
export type VerdictBand = 'notYet' | 'below' | 'at' | 'above';

/** The overall score read on the panel's scale. */
export interface PanelVerdict {
  /** 0..100 as scored. */
  overall: number;
  /** The same on the panel's 0-4 scale, one decimal (overall / 25). */
  panelScore: number;
  band: VerdictBand;
  /** A short name for the band, e.g. "At the bar". */
  label: string;
  /** One sentence on what a panel would conclude. */
  meaning: string;
}

const VERDICTS: ReadonlyArray<{ band: VerdictBand; from: number; label: string; meaning: string }> =
  [
    {
      band: 'above',
      from: 3.25,
      label: 'Above the bar',
      meaning: 'A panel would hire on this answer: the signals it scores were heard with evidence.',
    },
    {
      band: 'at',
      from: 2.5,
      label: 'At the bar',
      meaning: 'A panel would lean hire, with a few signals still thin.',
    },
    {
      band: 'below',
      from: 1.5,
      label: 'Below the bar',
      meaning: 'Some signals landed, but a panel would lean no hire on this answer.',
    },
    {
      band: 'notYet',
      from: 0,
      label: 'Not there yet',
      meaning: 'Most of what a panel scores was not heard in this answer.',
    },
  ];

/** Where each band starts on the panel's 0-4 scale; each runs up to the next band's start, the top one to 4. */
export const VERDICT_FROM: Readonly<Record<VerdictBand, number>> = Object.fromEntries(
  VERDICTS.map((v) => [v.band, v.from]),
) as Record<VerdictBand, number>;

/**
 * What `overall` (0..100: the scenario's weighted criteria blended with the answer's substance,
 * see `scoreTranscript`) means on the panel's 0-4 scale: 3.25 and up above the bar, 2.5 up to it at the bar, 1.5 up to it below, else not
 * there yet. Scores outside 0..100 are clamped.
 */
export function panelVerdict(overall: number): PanelVerdict {
  const clamped = Math.max(0, Math.min(100, Number.isFinite(overall) ? overall : 0));
  const panelScore = Math.round((clamped / 25) * 10) / 10;
  const verdict = VERDICTS.find((v) => clamped / 25 >= v.from) ?? VERDICTS[VERDICTS.length - 1]!;
  return {
    overall: clamped,
    panelScore,
    band: verdict.band,
    label: verdict.label,
    meaning: verdict.meaning,
  };
}

/** A word for each step of the 0-4 scale. */
export const SCORE_WORDS: readonly string[] = ['Absent', 'Weak', 'Partial', 'Solid', 'Strong'];

/** The word for a 0-4 score, rounded and clamped: 2 -> "Partial". */
export function scoreWord(score: number): string {
  return SCORE_WORDS[Math.max(0, Math.min(4, Math.round(score)))]!;
}

/** One criterion as the report shows it. */
export interface CriterionView {
  id: CriterionId;
  /** Whether the criterion is part of the overall score. */
  counted: boolean;
  title: string;
  score: number;
  weight: number;
  /** Share of the overall score this criterion carries, whole percent; 0 when not counted. */
  sharePct: number;
  /** Evidence, each piece once (the same words at the same moment are shown a single time). */
  evidence: Evidence[];
  missing: string[];
  /** The rubric's gap code for each entry of `missing`, when it gives one. */
  gaps: Array<string | undefined>;
}

function titleOf(c: Pick<CriterionScore, 'id' | 'title'>): string {
  return (CRITERION_TITLES as Partial<Record<string, string>>)[c.id] ?? c.title;
}

function weightSum(criteria: readonly CriterionScore[]): number {
  return criteria.reduce((sum, c) => sum + Math.max(0, c.weight), 0);
}

/** `evidence` with repeats removed: the same text (ignoring case and spacing) at the same start. */
export function uniqueEvidence(evidence: readonly Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return evidence.filter((e) => {
    const key = `${e.text.toLowerCase().replace(/\s+/g, ' ').trim()}@${e.startMs ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function uniqueMissing(c: CriterionScore): { missing: string[]; gaps: Array<string | undefined> } {
  const codes = (c as { gaps?: unknown }).gaps;
  const missing: string[] = [];
  const gaps: Array<string | undefined> = [];
  c.missing.forEach((m, i) => {
    if (missing.includes(m)) return;
    missing.push(m);
    const code = Array.isArray(codes) ? codes[i] : undefined;
    gaps.push(typeof code === 'string' ? code : undefined);
  });
  return { missing, gaps };
}

/**
 * Where the replay plays a gap whose code names a moment of the take: the first stall for
 * `stalls`, the first long pause for `long-pauses`, the first filler for `fillers`, the start of
 * the answer for `slow-start` and `speaking-rate`, the end of the slot for `overran-slot`.
 * Undefined for other codes (and for a moment the take does not have).
 */
export function gapMomentMs(
  code: string | undefined,
  record: Pick<SessionRecord, 'timing' | 'scenario'>,
): number | undefined {
  const { timing } = record;
  switch (code) {
    case 'stalls':
      return timing.pauses.find((p) => p.kind === 'stall')?.startMs;
    case 'long-pauses':
      return timing.pauses.find((p) => p.kind === 'long')?.startMs;
    case 'fillers':
      return timing.fillers[0]?.startMs;
    case 'slow-start':
      return 0;
    case 'speaking-rate':
      return timing.speechStartMs ?? undefined;
    case 'overran-slot':
      return record.scenario.slotSeconds * 1000;
    default:
      return undefined;
  }
}

/**
 * The criteria split into those the scenario weights (`counted`, heaviest first, then lowest
 * score) and those it does not (`notCounted`, in rubric order): a criterion with weight 0 is not
 * part of the overall score and is shown apart, never as a failure.
 */
export function criteriaViews(report: Pick<ScoreReport, 'criteria'>): {
  counted: CriterionView[];
  notCounted: CriterionView[];
} {
  const total = weightSum(report.criteria);
  const views = report.criteria.map((c) => ({
    counted: (c as { counted?: boolean }).counted ?? c.weight > 0,
    id: c.id,
    title: titleOf(c),
    score: c.score,
    weight: c.weight,
    sharePct: total > 0 && c.weight > 0 ? Math.round((c.weight / total) * 100) : 0,
    evidence: uniqueEvidence(c.evidence),
    ...uniqueMissing(c),
  }));
  return {
    counted: views
      .filter((v) => v.counted && v.weight > 0)
      .sort((a, b) => b.weight - a.weight || a.score - b.score),
    notCounted: views.filter((v) => !(v.counted && v.weight > 0)),
  };
}

/** A claim a panel treats as a warning sign (blame, absence from the post-mortem, ...). */
export interface RedFlag {
  /** The rubric's code for the flag, e.g. "blame", when it gives one. */
  code?: string;
  /** What the panel would say about it, e.g. "Blames another team for the outage". */
  message: string;
  /** The candidate's words that raised it, when timed or quoted. */
  quote?: string;
  criterion?: string;
  startMs?: number;
  endMs?: number;
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : undefined);
const str = (x: unknown) => (typeof x === 'string' && x.trim() !== '' ? x : undefined);

function asRedFlag(value: unknown, criterion?: string): RedFlag | null {
  if (typeof value === 'string') return str(value) ? { message: value, criterion } : null;
  if (typeof value !== 'object' || value === null) return null;
  const v = value as Record<string, unknown>;
  const list = Array.isArray(v.evidence) ? v.evidence : [v.evidence];
  const evidence = list.find((e): e is Record<string, unknown> => typeof e === 'object' && !!e);
  const message = str(v.message) ?? str(v.reason) ?? str(v.label) ?? str(v.text);
  const quote = str(evidence?.text) ?? (str(v.text) !== message ? str(v.text) : undefined);
  if (!message && !quote) return null;
  return {
    code: str(v.code),
    message: message ?? quote!,
    quote,
    criterion: str(v.criterion) ?? criterion,
    startMs: num(evidence?.startMs) ?? num(v.startMs),
    endMs: num(evidence?.endMs) ?? num(v.endMs),
  };
}

/**
 * The red flags of a report, in the rubric's order: read from the `redFlags` list on the report
 * (and on any criterion), each `{ code, message, evidence }`; strings and older shapes are read
 * too. A report saved before the rubric had them gives an empty list.
 */
export function redFlags(report: ScoreReport): RedFlag[] {
  const found: RedFlag[] = [];
  const take = (list: unknown, criterion?: string) => {
    if (!Array.isArray(list)) return;
    for (const item of list) {
      const flag = asRedFlag(item, criterion);
      if (flag) found.push(flag);
    }
  };
  take((report as { redFlags?: unknown }).redFlags);
  for (const c of report.criteria) take((c as { redFlags?: unknown }).redFlags, c.id);
  return found;
}

/** A multiplier the overall score took, with the reason in words. */
export interface Adjustment {
  /** 0..1, applied to the overall score. */
  factor: number;
  reason: string;
}

/**
 * The multipliers the rubric applied to the overall score (`adjustments`), when it reports
 * any; a report saved without them gives an empty list.
 */
export function scoreAdjustments(report: ScoreReport): Adjustment[] {
  const list = (report as { adjustments?: unknown }).adjustments;
  if (!Array.isArray(list)) return [];
  return list.flatMap((a) => {
    if (typeof a !== 'object' || a === null) return [];
    const v = a as Record<string, unknown>;
    const factor = num(v.factor);
    const reason = str(v.reason) ?? str(v.code);
    return factor === undefined || !reason ? [] : [{ factor, reason }];
  });
}

/**
 * Where a gap is heard: the rubric gives gaps no time of their own, so the replay plays from the
 * end of what the answer did say for that criterion (its last timed evidence), or else from the
 * end of the answer, where the item would have been due. Undefined when neither is known.
 */
export function dueMomentMs(
  evidence: ReadonlyArray<{ startMs?: number; endMs?: number }>,
  speechEndMs: number | null,
): number | undefined {
  let last: number | undefined;
  for (const e of evidence) {
    const end = e.endMs ?? e.startMs;
    if (end !== undefined && (last === undefined || end > last)) last = end;
  }
  return last ?? speechEndMs ?? undefined;
}

/** One of the few changes that would raise the overall score most. */
export interface ReportChange {
  criterion: CriterionId;
  title: string;
  score: number;
  /** Points the overall (0..100) rises if this criterion reaches 4 of 4. */
  gainPoints: number;
  /** What to change, in one or two sentences. */
  advice: string;
  /** The candidate's own words the change is about; absent when the item was never said. */
  quote?: Evidence;
  /** The same point said the stronger way, when the coaching has one. */
  example?: string;
  /** Where the replay plays from: the quote, or where the item was due. */
  playMs?: number;
}

/**
 * The `max` (default 3) changes that would move the overall score most: criteria the scenario
 * weights and that are below 4, ordered by the points they could add (weight share times the
 * steps left, on the 0..100 scale), then by lower score. Each is tied to the candidate's own
 * words: the coaching point for that criterion when there is one, else its first timed
 * evidence with what is missing, else the moment the item was due.
 */
export function topChanges(
  record: Pick<SessionRecord, 'report' | 'timing' | 'scenario'>,
  max = 3,
): ReportChange[] {
  const { report } = record;
  const total = weightSum(report.criteria);
  if (total <= 0) return [];
  return report.criteria
    .filter((c) => c.weight > 0 && c.score < 4)
    .map((c) => ({ c, gain: (c.weight / total) * (4 - Math.max(0, c.score)) * 25 }))
    .sort((a, b) => b.gain - a.gain || a.c.score - b.c.score)
    .slice(0, Math.max(0, max))
    .map(({ c, gain }) => {
      const coaching = report.coaching.find((p) => p.criterion === c.id);
      const evidence = uniqueEvidence(c.evidence).find((e) => e.startMs !== undefined);
      const quote = coaching?.quote ?? (c.missing.length > 0 ? evidence : undefined);
      const advice = coaching?.advice ?? c.missing[0] ?? `Strengthen ${titleOf(c).toLowerCase()}.`;
      return {
        criterion: c.id,
        title: titleOf(c),
        score: c.score,
        gainPoints: Math.round(gain),
        advice,
        quote,
        example: coaching?.example,
        playMs:
          quote?.startMs ??
          gapMomentMs(uniqueMissing(c).gaps[0], record) ??
          dueMomentMs(c.evidence, record.timing.speechEndMs ?? null),
      };
    });
}

/** A metric as the report says it: "Recovery time" and "45 min". */
export interface MetricPhrase {
  label: string;
  value: string;
}

/**
 * A metric in words: times as durations ("45 min"), user counts with separators ("12,000"),
 * percentages with "%", money with its currency code after the amount. An unknown unit is shown
 * after the number as it is.
 */
export function metricPhrase(metric: Pick<Metric, 'kind' | 'value' | 'unit'>): MetricPhrase {
  const label = metricLabel(metric.kind);
  const { value, unit } = metric;
  if (unit === 's') return { label, value: formatDurationMs(value * 1000) };
  if (unit === 'users') return { label, value: formatCount(value) };
  if (unit === '%') return { label, value: `${Math.round(value * 10) / 10}%` };
  const amount = Number.isInteger(value) ? formatCount(value) : String(value);
  return { label, value: unit ? `${amount} ${unit}` : amount };
}
