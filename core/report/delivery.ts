import { notablePauses } from '../export/content';
import type { PauseNote } from '../export/content';
import { COMFORTABLE_WPM, HESITANT_FILLERS_PER_MINUTE } from '../rubric/criteria/delivery';
import type { SessionRecord } from '../sessions/record';
import type { PacePoint } from '../timing/analysis';

/** Fillers a minute up to which an answer sounds fluent. */
export const FLUENT_FILLERS_PER_MINUTE = 1;

/** How the speaking rate sits against the comfortable band. */
export type PaceVerdict = 'slow' | 'comfortable' | 'fast' | 'unknown';
/** How the fillers a minute sound. */
export type FillerVerdict = 'fluent' | 'noticeable' | 'hesitant' | 'unknown';

/** The delivery facts the report draws as small charts. Times are take ms. */
export interface DeliveryDashboard {
  /** Words a minute over the answer, as timed (vocal fillers not counted); null without words. */
  wordsPerMinute: number | null;
  /** The comfortable band, words a minute. */
  paceBand: { min: number; max: number };
  paceVerdict: PaceVerdict;
  /** The rate per window, for a line over time. */
  paceOverTime: PacePoint[];
  fillerCount: number;
  /** Fillers per minute of speech, one decimal; an answer under a minute counts as one minute. */
  fillersPerMinute: number | null;
  fillerVerdict: FillerVerdict;
  /** Up to this many a minute sounds fluent; from `hesitantFrom` on, hesitant. */
  fluentUpTo: number;
  hesitantFrom: number;
  longPauses: PauseNote[];
  stalls: PauseNote[];
  /** First and last speech of the answer; null when nothing was said. */
  speechStartMs: number | null;
  speechEndMs: number | null;
  /** Time used of the slot: from the end of the prompt to the last speech, and the slot. */
  elapsedMs: number;
  slotMs: number;
  overrunMs: number;
}

/**
 * The delivery dashboard of a take, read from its timing: pace against the 120-160 words a
 * minute band, fillers a minute against the fluent (about 1) and hesitant (4 or more) marks,
 * long pauses and stalls with where they fell, and the time used of the slot.
 */
export function deliveryDashboard(
  record: Pick<SessionRecord, 'timing' | 'scenario'>,
): DeliveryDashboard {
  const { timing } = record;
  const wpm = timing.wordsPerMinute;
  const paceVerdict: PaceVerdict =
    wpm === null
      ? 'unknown'
      : wpm < COMFORTABLE_WPM.min
        ? 'slow'
        : wpm > COMFORTABLE_WPM.max
          ? 'fast'
          : 'comfortable';
  const spokeMs =
    timing.speechStartMs === null || timing.speechEndMs === null
      ? null
      : Math.max(0, timing.speechEndMs - timing.speechStartMs);
  const fillerCount = timing.fillers.length;
  const fillersPerMinute =
    spokeMs === null ? null : Math.round((fillerCount / Math.max(1, spokeMs / 60000)) * 10) / 10;
  const fillerVerdict: FillerVerdict =
    fillersPerMinute === null
      ? 'unknown'
      : fillersPerMinute >= HESITANT_FILLERS_PER_MINUTE
        ? 'hesitant'
        : fillersPerMinute > FLUENT_FILLERS_PER_MINUTE
          ? 'noticeable'
          : 'fluent';
  const pauses = notablePauses(record as SessionRecord);
  const slotMs = timing.elapsedVsSlot?.slotMs ?? record.scenario.slotSeconds * 1000;
  return {
    wordsPerMinute: wpm,
    paceBand: { min: COMFORTABLE_WPM.min, max: COMFORTABLE_WPM.max },
    paceVerdict,
    paceOverTime: timing.paceOverTime ?? [],
    fillerCount,
    fillersPerMinute,
    fillerVerdict,
    fluentUpTo: FLUENT_FILLERS_PER_MINUTE,
    hesitantFrom: HESITANT_FILLERS_PER_MINUTE,
    longPauses: pauses.filter((p) => p.kind === 'long'),
    stalls: pauses.filter((p) => p.kind === 'stall'),
    speechStartMs: timing.speechStartMs,
    speechEndMs: timing.speechEndMs,
    elapsedMs: timing.elapsedVsSlot?.elapsedMs ?? 0,
    slotMs,
    overrunMs: timing.overrunMs,
  };
}

/** "142 words a minute, inside the 120-160 band", and the like, for the dashboard and exports. */
export function paceSentence(d: DeliveryDashboard): string {
  if (d.wordsPerMinute === null) return 'No pace: no words were timed.';
  const band = `${d.paceBand.min}-${d.paceBand.max}`;
  const wpm = Math.round(d.wordsPerMinute);
  switch (d.paceVerdict) {
    case 'slow':
      return `${wpm} words a minute, slower than the comfortable ${band}.`;
    case 'fast':
      return `${wpm} words a minute, faster than the comfortable ${band}.`;
    default:
      return `${wpm} words a minute, inside the comfortable ${band}.`;
  }
}

/** "0.8 a minute: fluent", and the like. */
export function fillerSentence(d: DeliveryDashboard): string {
  if (d.fillersPerMinute === null) return 'No fillers counted: no words were timed.';
  const rate = `${d.fillersPerMinute.toFixed(1)} a minute`;
  switch (d.fillerVerdict) {
    case 'hesitant':
      return `${rate}: sounds hesitant (${d.hesitantFrom} or more).`;
    case 'noticeable':
      return `${rate}: noticeable; about ${d.fluentUpTo} a minute sounds fluent.`;
    default:
      return `${rate}: fluent.`;
  }
}
