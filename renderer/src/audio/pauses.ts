/**
 * A live pause indicator from the input level: an adaptive noise floor (the quietest recent
 * level, rising slowly) and a speech threshold above it. While the level stays under the
 * threshold the silence grows; speech resets it.
 */

/** What the indicator shows. */
export type LivePauseKind = 'none' | 'pause' | 'long' | 'stall';

/** The live state. */
export interface LivePause {
  /** Silence so far, ms (0 while speaking). */
  silentMs: number;
  kind: LivePauseKind;
}

/** Thresholds of the indicator, ms: a pause shows from `showMs`, long from `longMs`, stall from `stallMs`. */
export interface LivePauseThresholds {
  showMs: number;
  longMs: number;
  stallMs: number;
}

export const LIVE_PAUSE_THRESHOLDS: LivePauseThresholds = {
  showMs: 300,
  longMs: 1000,
  stallMs: 2500,
};

/** Classifies a silence length. */
export function livePauseKind(
  silentMs: number,
  t: LivePauseThresholds = LIVE_PAUSE_THRESHOLDS,
): LivePauseKind {
  if (silentMs > t.stallMs) return 'stall';
  if (silentMs > t.longMs) return 'long';
  if (silentMs >= t.showMs) return 'pause';
  return 'none';
}

/** Root mean square of a block, in dBFS (-120 for digital silence). */
export function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? Math.max(-120, 20 * Math.log10(rms)) : -120;
}

/** Feeds levels in time order and reports the current silence. */
export class PauseTracker {
  private floorDb = -60;
  private lastSpeechMs: number | null = null;

  constructor(
    /** Speech is this many dB above the floor. */
    private readonly marginDb = 12,
    private readonly thresholds: LivePauseThresholds = LIVE_PAUSE_THRESHOLDS,
  ) {}

  /** A block's level at time `atMs` (ms since recording started). */
  feed(db: number, atMs: number): LivePause {
    // The floor follows quieter levels at once and louder ones slowly (0.5 dB a block).
    this.floorDb = db < this.floorDb ? db : Math.min(db, this.floorDb + 0.05);
    const speaking = db > Math.max(this.floorDb + this.marginDb, -55);
    if (speaking || this.lastSpeechMs === null) {
      if (speaking) this.lastSpeechMs = atMs;
      return { silentMs: 0, kind: 'none' };
    }
    const silentMs = Math.max(0, atMs - this.lastSpeechMs);
    return { silentMs, kind: livePauseKind(silentMs, this.thresholds) };
  }
}
