import { z } from 'zod';
import type { ScoreReport } from '../rubric/types';
import type { Scenario, ScenarioProblem, ScenarioSummary } from '../scenarios/schema';
import type { SessionProblem, SessionRecord, SessionSummary } from '../sessions/record';
import type { UnfinishedTake } from '../sessions/take';
import type { CueKind } from '../scenarios/timeline';
import type { FollowUp } from '../rubric/types';
import { EXPORT_FORMATS } from '../export';
import type { ModelsOverview } from '../models/overview';
import { modelNameSchema, modelProgressSchema } from '../models/overview';

/**
 * The one bridge contract between the renderer and its host (Electron main or the browser
 * host). Every call has a zod schema for its input and a phantom type for its output;
 * every event has a zod schema for its payload. Both transports are generated from it.
 */

/** Declares a call's input schema and output type. */
export interface CallSpec<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type only; never read at run time. */
  output: O;
}

function call<O>() {
  return <I extends z.ZodType>(input: I): CallSpec<I, O> => ({ input, output: undefined as O });
}

const wordSchema = z
  .object({
    text: z.string().max(200),
    startMs: z.number().int().nonnegative(),
    endMs: z.number().int().nonnegative(),
    confidence: z.number().min(0).max(1).optional(),
  })
  .strict();

const scenarioId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a scenario id')
  .max(100);

/** What the host says about itself. */
export interface HostInfo {
  kind: 'electron' | 'browser';
  version: string;
  platform: string;
}

/** The scenario library as loaded: good scenarios, and problems with the broken files. */
export interface ScenarioListing {
  scenarios: ScenarioSummary[];
  problems: ScenarioProblem[];
}

const takeId = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z_-]*$/, 'a take id')
  .max(120);

/** Largest audio chunk accepted in one call: 8 s of 16 kHz 16-bit mono. */
export const MAX_AUDIO_CHUNK_BYTES = 16_000 * 2 * 8;

/** The sample rate every take is recorded at, after the renderer resamples. */
export const TAKE_SAMPLE_RATE = 16_000;

/**
 * Something the host tells the renderer to play: a rendered interviewer prompt and where it
 * starts on the take's timeline (ms after the opening prompt ends; the opening itself starts at
 * `-durationMs`). A cue whose time has passed when it arrives plays at once.
 */
export interface Cue {
  /** Names the cue in `promptStarted`, e.g. `warning-0`, `followUp-how-long`, `slotEnd`. */
  id: string;
  kind: CueKind;
  text: string;
  /** Where the page can fetch the WAV (same origin as the page). */
  url: string;
  atMs: number;
  durationMs: number;
}

/** A take the host has opened: the renderer plays `opening`, and recording starts at its end. */
export interface StartedTake {
  takeId: string;
  sampleRate: number;
  opening: Cue;
}

/** A take found unfinished at start-up (the app or the machine stopped mid-answer). */
export interface InterruptedTakeInfo {
  takeId: string;
  scenarioId: string;
  startedAt: string;
  /** Audio on disk, ms. */
  durationMs: number;
}

/** A saved take, with the address of its replay audio. */
export interface SessionView {
  record: SessionRecord;
  replayUrl: string;
  /** The replay's waveform, loudest sample 0..1 per bucket, computed by the host when it saved the take. */
  peaks?: number[];
}

export { EXPORT_FORMATS };

/** Every format a take can be exported to, in menu order: the text formats and the host's PDF. */
export const SESSION_EXPORT_FORMATS = ['html', 'pdf', 'markdown', 'srt', 'vtt', 'json'] as const;

/** Every call the renderer may make. */
export const calls = {
  /** Echoes a message: proves a round trip through the transport. */
  ping: call<{ message: string; receivedAt: string }>()(
    z.object({ message: z.string().max(1000) }).strict(),
  ),
  hostInfo: call<HostInfo>()(z.object({}).strict()),
  listScenarios: call<ScenarioListing>()(z.object({}).strict()),
  getScenario: call<Scenario>()(z.object({ id: scenarioId }).strict()),
  /** Scores a transcript given as plain text or as timed words. */
  scoreTranscript: call<ScoreReport>()(
    z
      .object({
        scenarioId: scenarioId.optional(),
        text: z.string().max(200_000).optional(),
        words: z.array(wordSchema).max(50_000).optional(),
      })
      .strict()
      .refine((v) => v.text !== undefined || v.words !== undefined, {
        message: 'give text or words',
        path: ['text'],
      }),
  ),
  /**
   * Opens a take on disk and renders every prompt of its scenario (opening, warnings, follow-up
   * candidates, cut-in). The warnings and the cut-in arrive as `onCue` events once audio flows.
   */
  startTake: call<StartedTake>()(z.object({ scenarioId }).strict()),
  /** Appends 16 kHz mono signed 16-bit little-endian samples; written to disk at once. */
  appendAudio: call<{ receivedMs: number }>()(
    z
      .object({
        takeId,
        seq: z.number().int().nonnegative(),
        pcm: z
          .instanceof(Uint8Array)
          .refine((b) => b.byteLength % 2 === 0, 'pcm must hold whole 16-bit samples')
          .refine((b) => b.byteLength <= MAX_AUDIO_CHUNK_BYTES, 'pcm chunk is too large'),
      })
      .strict(),
  ),
  /** Where a cue really started playing, in ms of the take's timeline. */
  promptStarted: call<{ ok: true }>()(
    z
      .object({
        takeId,
        cueId: z.string().max(120),
        atMs: z
          .number()
          .int()
          .min(-600_000)
          .max(24 * 3_600_000),
      })
      .strict(),
  ),
  /**
   * The candidate ended a part of the answer: the host picks the follow-up the rubric would ask
   * from what the answer lacks, and sends it as an `onCue` event; null when none fits.
   */
  endTurn: call<{ followUp: FollowUp | null }>()(z.object({ takeId }).strict()),
  /** Ends the take: finishes transcription, analyses, scores and saves it. */
  finishTake: call<SessionView>()(
    z.object({ takeId, end: z.enum(['finished', 'slotEnd', 'stopped']) }).strict(),
  ),
  /** Discards a take (the candidate confirmed): recording stops and its folder is deleted. */
  cancelTake: call<{ ok: true }>()(z.object({ takeId }).strict()),
  /** Repairs an interrupted take's audio, transcribes, scores and saves it. */
  recoverTake: call<SessionView>()(z.object({ takeId }).strict()),
  /**
   * Transcribes a take again and rescores it: a scored take (after a poor transcription), one
   * stopped while transcribing, or one whose scoring failed.
   */
  retranscribeSession: call<SessionView>()(z.object({ id: takeId }).strict()),
  /** Saved takes, folders that cannot be read, and takes without a report with their next actions. */
  listSessions: call<{
    sessions: SessionSummary[];
    problems: SessionProblem[];
    unfinished: UnfinishedTake[];
  }>()(z.object({}).strict()),
  getSession: call<SessionView>()(z.object({ id: takeId }).strict()),
  deleteSession: call<{ ok: true }>()(z.object({ id: takeId }).strict()),
  /** Writes an export beside the session and says where. */
  exportSession: call<{ path: string; url: string; fileName: string }>()(
    z.object({ id: takeId, format: z.enum(SESSION_EXPORT_FORMATS) }).strict(),
  ),
  /** Installed Whisper models, the one the next take uses, the recommended download and its cost. */
  getModels: call<ModelsOverview>()(z.object({}).strict()),
  /**
   * Starts downloading a catalogue model, resuming an unfinished download of it; answers at
   * once, and `onModelProgress` reports progress and the outcome. One download at a time.
   */
  startModelDownload: call<{ ok: true }>()(z.object({ name: modelNameSchema }).strict()),
  /** Stops the running download; what arrived is kept for a later resume. */
  cancelModelDownload: call<{ ok: true }>()(z.object({}).strict()),
  /** Deletes an installed model (the default falls back to the best one left). */
  deleteModel: call<ModelsOverview>()(z.object({ name: modelNameSchema }).strict()),
  /** Chooses the model takes are transcribed with; null goes back to the best installed. */
  setDefaultModel: call<ModelsOverview>()(z.object({ name: modelNameSchema.nullable() }).strict()),
  /** Imports a ggml model file or a faster-whisper model folder from this machine. */
  importModel: call<ModelsOverview>()(
    z.object({ path: z.string().min(1).max(4096), name: modelNameSchema.optional() }).strict(),
  ),
} as const;

const wordEvent = z.object({ text: z.string(), startMs: z.number(), endMs: z.number() });

/** Every event the host may push to the renderer. */
export const events = {
  /** A message the host wants the user to see. */
  onNotice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }).strict(),
  /** Live captions: words newly transcribed during a take, on the take's timeline. */
  onCaption: z.object({ takeId: z.string(), words: z.array(wordEvent) }).strict(),
  /** A take's recording stopped on its own (disk full, write error); the audio so far is kept. */
  onTakeStopped: z.object({ takeId: z.string(), message: z.string() }).strict(),
  /** The host's decision of what the interviewer says next and when (see {@link Cue}). */
  onCue: z
    .object({
      takeId: z.string(),
      cue: z
        .object({
          id: z.string(),
          kind: z.enum(['opening', 'followUp', 'warning', 'slotEnd']),
          text: z.string(),
          url: z.string(),
          atMs: z.number(),
          durationMs: z.number(),
        })
        .strict(),
    })
    .strict(),
  /** A model download's progress and outcome. */
  onModelProgress: modelProgressSchema,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type EventName = keyof typeof events;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = Calls[N]['output'];
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

/** An answer on the wire: a value, or an error a person can act on. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: string };

/** The API the renderer sees, whichever host it runs in. */
export type BridgeApi = {
  [N in CallName]: (input: CallInput<N>) => Promise<CallOutput<N>>;
} & {
  [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/** Every call name, for transports that enumerate them. */
export const CALL_NAMES = Object.keys(calls) as CallName[];
/** Every event name. */
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The Electron IPC channel for a call or event; the only channels the preload uses. */
export function channelFor(name: CallName | EventName): string {
  return `mock-interviewer:${name}`;
}

/** True when `name` is a call of this contract (guards against prototype keys). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/**
 * Validates a call's payload. Returns the parsed input, or an error message naming the
 * offending field, e.g. `scoreTranscript: words.3.startMs: expected number`.
 */
export function parseCallInput<N extends CallName>(
  name: N,
  payload: unknown,
): { ok: true; value: z.output<Calls[N]['input']> } | { ok: false; error: string } {
  const parsed = calls[name].input.safeParse(payload);
  if (parsed.success) return { ok: true, value: parsed.data as z.output<Calls[N]['input']> };
  return { ok: false, error: `${name}: ${formatZodError(parsed.error)}` };
}

/** Formats a zod error as "field.path: message; other.field: message". */
export function formatZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(input)'}: ${i.message}`)
    .join('; ');
}
