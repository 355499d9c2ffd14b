import type { Scenario } from './schema';
import { formatClockMs } from '../format/time';

/** One time warning placed on the slot's timeline. */
export interface WarningMark {
  /** When the warning fires, in ms from the start of the slot. */
  atMs: number;
  /** What the interviewer says; empty for a visual-only warning. */
  say: string;
  /** The time left in the slot at that moment, e.g. "5:00 left". */
  label: string;
}

/**
 * The scenario's warnings as marks on the slot, sorted by time (ties keep authored order).
 * `secondsRemaining` becomes `(slotSeconds - secondsRemaining) * 1000`, `secondsElapsed`
 * becomes `secondsElapsed * 1000`. Every label gives the time left at the mark, whichever way
 * the warning was authored. Marks not strictly inside the slot (at or before its start, at or
 * after its end, where the slot-end action takes over) are dropped.
 */
export function warningMarks(scenario: Pick<Scenario, 'slotSeconds' | 'warnings'>): WarningMark[] {
  const slotMs = scenario.slotSeconds * 1000;
  const marks: WarningMark[] = [];
  for (const warning of scenario.warnings) {
    const atMs =
      warning.secondsRemaining !== undefined
        ? slotMs - warning.secondsRemaining * 1000
        : (warning.secondsElapsed ?? 0) * 1000;
    if (atMs <= 0 || atMs >= slotMs) continue;
    marks.push({ atMs, say: warning.say, label: `${formatClockMs(slotMs - atMs)} left` });
  }
  return marks
    .map((m, i) => ({ m, i }))
    .sort((a, b) => a.m.atMs - b.m.atMs || a.i - b.i)
    .map(({ m }) => m);
}

/** What the interviewer says in a take: the opening prompt, a follow-up, a warning, the cut-in. */
export type CueKind = 'opening' | 'followUp' | 'warning' | 'slotEnd';

/** A stretch of the take's timeline the interviewer's voice holds, integer ms. */
export interface VoiceSpan {
  atMs: number;
  durationMs: number;
}

/**
 * Where the fixed cues of a slot start, in ms of the take's timeline (0 = the end of the opening
 * prompt): each spoken warning at its mark, or right after the warning before it when the two
 * would overlap; then the cut-in, exactly at the slot's end. `durationsMs[i]` is how long the
 * spoken warning `spoken[i]` lasts. Returns one start per spoken warning, then the cut-in's.
 */
export function fixedCueStarts(
  spoken: WarningMark[],
  durationsMs: number[],
  slotMs: number,
): number[] {
  const starts: number[] = [];
  let freeFromMs = 0;
  spoken.forEach((mark, i) => {
    const atMs = Math.max(mark.atMs, freeFromMs);
    starts.push(atMs);
    freeFromMs = atMs + (durationsMs[i] ?? 0);
  });
  starts.push(slotMs);
  return starts;
}

/**
 * The earliest start at or after `fromMs` where a cue of `durationMs` fits between the spans
 * already taken by the interviewer's voice and ends by `limitMs` (the slot's end, where the
 * cut-in begins); null when it does not fit. Touching spans do not overlap.
 */
export function placeCue(
  taken: VoiceSpan[],
  fromMs: number,
  durationMs: number,
  limitMs: number,
): number | null {
  let atMs = Math.max(0, fromMs);
  const sorted = [...taken].sort((a, b) => a.atMs - b.atMs);
  for (const span of sorted) {
    const endMs = span.atMs + span.durationMs;
    if (endMs <= atMs) continue;
    if (span.atMs >= atMs + durationMs) break;
    atMs = endMs;
  }
  return atMs + durationMs <= limitMs ? atMs : null;
}
