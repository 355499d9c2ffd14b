import type { PauseKind, PauseThresholds } from '../../../core/timing/types';
import { DEFAULT_PAUSE_THRESHOLDS, classifyPause } from '../../../core/timing/types';

/**
 * A live pause indicator from the input level: an adaptive noise floor (the quietest recent
 * level, rising slowly) and a speech threshold above it. While the level stays under the
 * threshold the silence grows; speech resets it. Pauses are classified exactly as the report
 * classifies them (`core/timing`); while the interviewer speaks nothing is counted, and the
 * silence after the interviewer until the candidate speaks is turn-taking, not a pause.
 */

/** What the indicator shows: nothing, or the kind of the pause so far. */
export type LivePauseKind = 'none' | PauseKind;

/** The live state. */
export interface LivePause {
  /** Silence so far, ms (0 while speaking or listening). */
  silentMs: number;
  kind: LivePauseKind;
}

/** Root mean square of a block, in dBFS (-120 for digital silence). */
export function levelDb(samples: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  const rms = Math.sqrt(sum / Math.max(1, samples.length));
  return rms > 0 ? Math.max(-120, 20 * Math.log10(rms)) : -120;
}

const QUIET: LivePause = { silentMs: 0, kind: 'none' };

/** Feeds levels in time order and reports the current silence. */
export class PauseTracker {
  private floorDb = -60;
  private lastSpeechMs: number | null = null;

  constructor(
    /** Speech is this many dB above the floor. */
    private readonly marginDb = 12,
    private readonly thresholds: PauseThresholds = DEFAULT_PAUSE_THRESHOLDS,
  ) {}

  /**
   * A block's level at time `atMs` (ms of the take's timeline). `interviewerSpeaking` says the
   * interviewer's voice holds that moment: the indicator stays silent and restarts after it.
   */
  feed(db: number, atMs: number, interviewerSpeaking = false): LivePause {
    if (interviewerSpeaking) {
      this.lastSpeechMs = null;
      return QUIET;
    }
    // The floor follows quieter levels at once and louder ones slowly (0.05 dB a block).
    this.floorDb = db < this.floorDb ? db : Math.min(db, this.floorDb + 0.05);
    const speaking = db > Math.max(this.floorDb + this.marginDb, -55);
    if (speaking || this.lastSpeechMs === null) {
      if (speaking) this.lastSpeechMs = atMs;
      return QUIET;
    }
    const silentMs = Math.max(0, atMs - this.lastSpeechMs);
    return { silentMs, kind: classifyPause(silentMs, this.thresholds) ?? 'none' };
  }
}
