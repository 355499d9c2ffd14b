import type { CoachingPoint, CriterionScore, FollowUp, Metric } from '../rubric/types';
import type { SessionRecord } from '../sessions/record';
import type { FillerHit } from '../timing/fillers';
import type { Pause } from '../timing/types';
import type { Word } from '../transcript';

/** The shape of the JSON export; times are integer ms on the take's clock. */
export interface JsonExport {
  id: string;
  scenario: SessionRecord['scenario'];
  createdAt: string;
  overall: number;
  criteria: CriterionScore[];
  metrics: Metric[];
  followUp: FollowUp | null;
  coaching: CoachingPoint[];
  timing: {
    durationMs: number;
    /** From the end of the prompt to the first speech; null when nothing was said. */
    firstWordMs: number | null;
    wordsPerMinute: number | null;
    overrunMs: number;
    pauses: Pause[];
    fillers: FillerHit[];
  };
  /** `model`: the Whisper model file, null for other engines and for older takes. */
  transcript: { engine: string; model: string | null; text: string; words: Word[] };
}

/**
 * The take's results as pretty JSON (two-space indent, trailing newline) of {@link JsonExport}:
 * scenario, date, overall, criteria, metrics, follow-up, coaching, timing (pauses, fillers,
 * words per minute, time to first word, overrun) and the timed transcript words.
 */
export function toJson(record: SessionRecord): string {
  const { report, timing } = record;
  const data: JsonExport = {
    id: record.id,
    scenario: record.scenario,
    createdAt: record.createdAt,
    overall: report.overall,
    criteria: report.criteria,
    metrics: report.metrics,
    followUp: report.followUp,
    coaching: report.coaching,
    timing: {
      durationMs: timing.durationMs,
      firstWordMs: timing.firstWordMs,
      wordsPerMinute: timing.wordsPerMinute,
      overrunMs: timing.overrunMs,
      pauses: timing.pauses,
      fillers: timing.fillers,
    },
    transcript: {
      engine: record.transcript.engine,
      model: record.transcript.model ?? null,
      text: record.transcript.text,
      words: record.transcript.words,
    },
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
