import type { z } from 'zod';
import type {
  CallName,
  CallOutput,
  Calls,
  EventName,
  EventPayload,
  Result,
} from '../../core/bridge/contract';
import { isCallName, parseCallInput } from '../../core/bridge/contract';

/** One implementation per call of the contract; inputs arrive validated. */
export type Handlers = {
  [N in CallName]: (input: z.output<Calls[N]['input']>) => Promise<CallOutput<N>> | CallOutput<N>;
};

/** Pushes an event to the renderer of one connection or window. */
export type EmitEvent = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * An error whose message is meant for the person using the app (it says what to do). Any
 * other error is reported as an internal failure without its details.
 */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/**
 * What follows a call's name when it failed for a reason the person cannot fix (a bug, a
 * damaged file): the details go to the host's log, never to the page.
 */
export const INTERNAL_ERROR_ADVICE =
  "failed inside the host; try again, and restart the app if it keeps failing (details are in the host's log)";

/** Receives internal failures for logging; the renderer only sees a generic message. */
export type InternalErrorSink = (call: string, error: unknown) => void;

/**
 * Runs one call from an untrusted renderer: refuses names outside the contract, validates the
 * payload against the call's schema (the error names the field), runs the handler and wraps the
 * outcome as a {@link Result}. Never throws.
 */
export async function dispatch(
  handlers: Handlers,
  name: unknown,
  payload: unknown,
  onInternalError: InternalErrorSink = () => {},
): Promise<Result<unknown>> {
  if (!isCallName(name)) {
    const shown = typeof name === 'string' ? `"${name.slice(0, 60)}"` : typeof name;
    return {
      ok: false,
      error: `unknown call ${shown}; the host refuses calls outside its contract`,
    };
  }
  const parsed = parseCallInput(name, payload);
  if (!parsed.ok) return { ok: false, error: parsed.error };
  try {
    const handler = handlers[name] as (input: unknown) => unknown;
    return { ok: true, value: await handler(parsed.value) };
  } catch (error) {
    if (error instanceof UserFacingError) return { ok: false, error: error.message };
    onInternalError(name, error);
    return { ok: false, error: `${name} ${INTERNAL_ERROR_ADVICE}` };
  }
}
