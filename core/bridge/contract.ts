import { z } from 'zod';
import type { ScoreReport } from '../rubric/types';
import type { Scenario, ScenarioProblem, ScenarioSummary } from '../scenarios/schema';

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
} as const;

/** Every event the host may push to the renderer. */
export const events = {
  /** A message the host wants the user to see. */
  onNotice: z.object({ level: z.enum(['info', 'warning', 'error']), message: z.string() }).strict(),
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
