/** How a silence between words is read by a listener. */
export type PauseKind = 'ordinary' | 'long' | 'stall';

/** A silence in the candidate's answer, in integer milliseconds from the take's start. */
export interface Pause {
  startMs: number;
  endMs: number;
  kind: PauseKind;
}

/**
 * Thresholds that classify silences, all settings rather than constants.
 * A silence shorter than `minPauseMs` is part of speech; from `longMs` it is a long pause;
 * from `stallMs` it reads as a stall.
 */
export interface PauseThresholds {
  minPauseMs: number;
  longMs: number;
  stallMs: number;
}

/** The norms from the domain notes: 0.2 s, 1 s, 2.5 s. */
export const DEFAULT_PAUSE_THRESHOLDS: PauseThresholds = {
  minPauseMs: 200,
  longMs: 1000,
  stallMs: 2500,
};

/** Classifies a silence of `durationMs` against the thresholds; `null` when it is part of speech. */
export function classifyPause(
  durationMs: number,
  t: PauseThresholds = DEFAULT_PAUSE_THRESHOLDS,
): PauseKind | null {
  if (durationMs < t.minPauseMs) return null;
  if (durationMs >= t.stallMs) return 'stall';
  if (durationMs > t.longMs) return 'long';
  return 'ordinary';
}

/**
 * A stretch of the recording where the audio is silent (no speech above the noise floor),
 * in integer milliseconds from the take's start; `endMs` is exclusive and greater than `startMs`.
 */
export interface SilenceSpan {
  startMs: number;
  endMs: number;
}

/** A stretch of the recording with sound above the noise floor, in integer ms; `endMs` exclusive. */
export interface SpeechSpan {
  startMs: number;
  endMs: number;
}
