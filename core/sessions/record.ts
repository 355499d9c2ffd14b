import { z } from 'zod';
import type { ScoreReport } from '../rubric/types';
import type { TimingAnalysis } from '../timing/analysis';
import type { Word } from '../transcript';

/**
 * A saved take: everything the replay room and the library need, in `session.json` beside the
 * take's audio. Times are integer ms on the take's timeline: 0 is the moment recording started,
 * right after the interviewer's opening prompt. The replay audio (`replay.wav`) begins with that
 * prompt, so a take time `t` plays at `t + replay.offsetMs` in it.
 */

/** The format marker and the newest version this code reads and writes. */
export const SESSION_FORMAT = 'mock-interviewer-session';
export const SESSION_VERSION = 1;

/** Something the interviewer said during the take. `atMs` may be negative for the opening prompt. */
export interface PromptEvent {
  kind: 'opening' | 'followUp' | 'warning' | 'slotEnd';
  text: string;
  atMs: number;
  durationMs: number;
  followUpId?: string;
}

/** How the take ended. */
export type TakeEnd = 'finished' | 'slotEnd' | 'stopped' | 'recovered';

/** A saved take, as written to session.json. */
export interface SessionRecord {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  id: string;
  createdAt: string;
  scenario: { id: string; version: number; title: string; track: string; slotSeconds: number };
  end: TakeEnd;
  /** The candidate's audio (16 kHz mono), and the replay with the interviewer mixed in. */
  audio: { take: string; replay: string; replayOffsetMs: number; durationMs: number };
  prompts: PromptEvent[];
  transcript: {
    engine: string;
    /**
     * The Whisper model file that transcribed the take, e.g. `ggml-tiny.en.bin`; null for an
     * engine without a model file, and for takes saved before the model was recorded.
     */
    model?: string | null;
    words: Word[];
    text: string;
  };
  timing: Omit<TimingAnalysis, 'paceOverTime'> & { paceOverTime: TimingAnalysis['paceOverTime'] };
  report: ScoreReport;
  /** Set when something went wrong but the take was kept, e.g. transcription failed. */
  warnings: string[];
}

/** What the library lists for one saved take. */
export interface SessionSummary {
  id: string;
  createdAt: string;
  scenarioId: string;
  scenarioTitle: string;
  durationMs: number;
  overall: number;
  criteria: Record<string, number>;
}

/** A session folder the library could not read, with the reason shown in the list. */
export interface SessionProblem {
  id: string;
  message: string;
}

const audioFileName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}\.wav$/, 'must be a .wav file name in the take folder');

const headerSchema = z.object({
  format: z.literal(SESSION_FORMAT),
  version: z.number().int().positive(),
});

const recordSchema = z
  .object({
    format: z.literal(SESSION_FORMAT),
    version: z.literal(SESSION_VERSION),
    id: z.string().min(1),
    createdAt: z.string(),
    scenario: z.object({
      id: z.string(),
      version: z.number(),
      title: z.string(),
      track: z.string(),
      slotSeconds: z.number(),
    }),
    end: z.enum(['finished', 'slotEnd', 'stopped', 'recovered']),
    audio: z.object({
      // Files of the take's own folder: a bare name, so a damaged record cannot point anywhere else.
      take: audioFileName,
      replay: audioFileName,
      replayOffsetMs: z.number(),
      durationMs: z.number(),
    }),
    prompts: z.array(z.object({ kind: z.string(), text: z.string(), atMs: z.number() }).loose()),
    transcript: z.object({
      engine: z.string(),
      model: z.string().nullable().default(null),
      words: z.array(
        z.object({ text: z.string(), startMs: z.number(), endMs: z.number() }).loose(),
      ),
      text: z.string(),
    }),
    timing: z
      .object({
        durationMs: z.number(),
        pauses: z.array(
          z.object({ startMs: z.number(), endMs: z.number(), kind: z.string() }).loose(),
        ),
        fillers: z.array(
          z.object({ text: z.string(), startMs: z.number(), endMs: z.number() }).loose(),
        ),
      })
      .loose(),
    report: z
      .object({
        overall: z.number(),
        criteria: z.array(
          z
            .object({
              id: z.string(),
              score: z.number(),
              evidence: z.array(z.object({ text: z.string() }).loose()),
              missing: z.array(z.string()),
            })
            .loose(),
        ),
        metrics: z.array(
          z.object({ kind: z.string(), value: z.number(), text: z.string() }).loose(),
        ),
        coaching: z.array(z.unknown()),
      })
      .loose(),
    warnings: z.array(z.string()),
  })
  .loose();

/**
 * Reads session.json text. Returns the record, or a message for the library list: not JSON,
 * not a session, written by a newer version (update the app), or a field that is wrong.
 */
export function parseSessionRecord(
  text: string,
): { ok: true; record: SessionRecord } | { ok: false; message: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, message: 'session.json is not valid JSON (the file is damaged)' };
  }
  const header = headerSchema.safeParse(data);
  if (!header.success) {
    return { ok: false, message: 'session.json is not a Mock Interviewer session' };
  }
  if (header.data.version > SESSION_VERSION) {
    return {
      ok: false,
      message: `saved by a newer version of Mock Interviewer (format ${header.data.version}); update the app to open it`,
    };
  }
  const parsed = recordSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return {
      ok: false,
      message: `session.json is damaged: ${issue.path.join('.') || '(file)'}: ${issue.message}`,
    };
  }
  return { ok: true, record: parsed.data as unknown as SessionRecord };
}

/** The library's line for a record. */
export function summarizeSession(record: SessionRecord): SessionSummary {
  return {
    id: record.id,
    createdAt: record.createdAt,
    scenarioId: record.scenario.id,
    scenarioTitle: record.scenario.title,
    durationMs: record.audio.durationMs,
    overall: record.report.overall,
    criteria: Object.fromEntries(record.report.criteria.map((c) => [c.id, c.score])),
  };
}
