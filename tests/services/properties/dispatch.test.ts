import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CallName } from '../../../core/bridge/contract';
import { CALL_NAMES, parseCallInput } from '../../../core/bridge/contract';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import { UserFacingError, dispatch } from '../../../hosts/bridge/dispatcher';
import { createHandlers } from '../../../hosts/bridge/handlers';
import { encodeWav } from '../../../core/audio/wav';

/**
 * The renderer is untrusted: whatever it sends, for whichever call, the host's dispatcher answers
 * `{ok: false, error}` naming the call, and never throws, even when every handler fails.
 */

/** One valid payload per call; the record type makes a new call fail to compile until added. */
const VALID: Record<CallName, unknown> = {
  ping: { message: 'hello' },
  hostInfo: {},
  listScenarios: {},
  getScenario: { id: 'lightning-incident' },
  scoreTranscript: { text: 'we rolled back in four minutes' },
  startTake: { scenarioId: 'lightning-incident' },
  appendAudio: { takeId: 'take-1', seq: 0, pcm: new Uint8Array(320) },
  promptStarted: { takeId: 'take-1', cueId: 'warning-0', atMs: 30_000 },
  endTurn: { takeId: 'take-1' },
  finishTake: { takeId: 'take-1', end: 'finished' },
  cancelTake: { takeId: 'take-1' },
  recoverTake: { takeId: 'take-1' },
  listSessions: {},
  getSession: { id: 'take-1' },
  retranscribeSession: { id: 'take-1' },
  deleteSession: { id: 'take-1' },
  exportSession: { id: 'take-1', format: 'html' },
  getModels: {},
  startModelDownload: { name: 'tiny.en' },
  cancelModelDownload: {},
  deleteModel: { name: 'tiny.en' },
  setDefaultModel: { name: null },
  importModel: { path: '/home/me/ggml-mine.bin' },
};

/** How a handler fails: every way a throw or rejection can look. */
const FAILURES = {
  error: () => {
    throw new Error('/home/user/secret path leaked');
  },
  nonError: () => {
    throw null;
  },
  rejected: () => Promise.reject(new TypeError('boom')),
  userFacing: () => {
    throw new UserFacingError('no take "take-1" is recording; start a take first');
  },
} as const;
type Failure = keyof typeof FAILURES;

function failingHandlers(failure: Failure, ran: CallName[]): Handlers {
  return Object.fromEntries(
    CALL_NAMES.map((name) => [
      name,
      () => {
        ran.push(name);
        return FAILURES[failure]();
      },
    ]),
  ) as unknown as Handlers;
}

const anyValue = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withSparseArray: true,
  withTypedArray: true,
  withUnicodeString: true,
});

/** A valid payload with one field changed, removed or added. */
const nearlyValid = fc
  .tuple(
    fc.constantFrom(...CALL_NAMES),
    fc.constantFrom('set', 'delete', 'add'),
    fc.nat(),
    anyValue,
    fc.constantFrom('__proto__', 'constructor', 'path', 'extra', 'toString'),
  )
  .map(([name, how, index, value, newKey]) => {
    const payload = { ...(VALID[name] as Record<string, unknown>) };
    const keys = Object.keys(payload);
    const key = keys.length ? keys[index % keys.length]! : newKey;
    if (how === 'set') payload[key] = value;
    else if (how === 'delete') delete payload[key];
    else Object.defineProperty(payload, newKey, { value, enumerable: true });
    return { name, payload: payload as unknown };
  });

const anyPayload = fc.oneof(
  fc.record({
    name: fc.constantFrom(...CALL_NAMES),
    payload: fc.jsonValue() as fc.Arbitrary<unknown>,
  }),
  fc.record({ name: fc.constantFrom(...CALL_NAMES), payload: anyValue }),
  fc.constantFrom(...CALL_NAMES).map((name) => ({ name, payload: VALID[name] })),
  nearlyValid,
);

describe('dispatch with random payloads and handlers that all fail', () => {
  it.each(Object.keys(FAILURES) as Failure[])(
    'never throws and answers {ok: false, error} naming the call (handlers fail with %s)',
    async (failure) => {
      const outcomes = { refused: 0, ran: 0 };
      await fc.assert(
        fc.asyncProperty(anyPayload, async ({ name, payload }) => {
          const ran: CallName[] = [];
          const internal: string[] = [];
          const valid = parseCallInput(name, payload).ok;
          const result = await dispatch(failingHandlers(failure, ran), name, payload, (call) =>
            internal.push(call),
          );
          expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
          expect(result.ok).toBe(false);
          const error = result.ok ? '' : result.error;
          expect(typeof error).toBe('string');
          expect(ran).toEqual(valid ? [name] : []);
          outcomes[valid ? 'ran' : 'refused']++;
          if (!valid) {
            expect(error.startsWith(`${name}: `)).toBe(true);
          } else if (failure === 'userFacing') {
            expect(error).toBe('no take "take-1" is recording; start a take first');
          } else {
            // Internal details (paths, stack) stay in the host's log.
            expect(error).toBe(
              `${name} failed inside the host; try again, and restart the app if it keeps failing (details are in the host's log)`,
            );
            expect(internal).toEqual([name]);
          }
        }),
        { numRuns: 1500, seed: 8128 },
      );
      expect(outcomes.ran).toBeGreaterThan(100);
      expect(outcomes.refused).toBeGreaterThan(500);
    },
  );

  it('refuses names outside the contract, whatever they are', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          anyValue,
          fc.constantFrom('__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'),
        ),
        async (name) => {
          fc.pre(!(CALL_NAMES as unknown[]).includes(name));
          const ran: CallName[] = [];
          const result = await dispatch(failingHandlers('error', ran), name, {});
          expect(result.ok).toBe(false);
          expect(!result.ok && result.error).toMatch(/^unknown call /);
          expect(ran).toEqual([]);
        },
      ),
      { numRuns: 500, seed: 496 },
    );
  });
});

describe('dispatch to the real handlers', () => {
  /**
   * A data folder with a take whose files are damaged in every way a call can meet (a folder
   * where session.json goes, a plan that is not JSON, audio that is not a WAV), a sound take,
   * and a recogniser that fails with a programming error carrying a path: whatever the page
   * sends, no answer shows a path outside the data folder or internal text.
   */
  const work = mkdtempSync(join(tmpdir(), 'mi-dispatch-'));
  const dataDir = join(work, 'data');
  const take = join(dataDir, 'sessions', 'take-1');
  mkdirSync(join(take, 'session.json'), { recursive: true });
  writeFileSync(join(take, 'plan.json'), '{"id": "take-1", "stat');
  writeFileSync(join(take, 'take.wav'), 'RIFF and nothing else');
  writeFileSync(join(take, 'take.json'), '{"version": 1}');
  // A sound take, whose transcription meets the broken recogniser.
  const sound = join(dataDir, 'sessions', 'take-2');
  mkdirSync(sound, { recursive: true });
  writeFileSync(
    join(sound, 'plan.json'),
    JSON.stringify({
      id: 'take-2',
      createdAt: '2026-11-23T09:00:00.000Z',
      scenarioId: 'lightning-incident',
      status: 'scoringFailed',
    }),
  );
  writeFileSync(join(sound, 'take.wav'), encodeWav(new Float32Array(16_000), 16_000));
  const logged: string[] = [];
  const handlers = createHandlers({
    kind: 'browser',
    version: '0.0.0',
    dataDir,
    scenarioDir: join(import.meta.dirname, '../../../scenarios'),
    emit: () => {},
    createTranscriber: async () => {
      throw new TypeError(`Cannot read properties of undefined (reading 'model') at ${work}/x.js`);
    },
  });
  /** Calls that touch only the data folder and the scenarios: no download, no speech engine. */
  const LOCAL: CallName[] = CALL_NAMES.filter(
    (name) => !/Model|startTake/.test(name) && !['ping', 'hostInfo'].includes(name),
  );
  const payload = fc.oneof(
    fc.constantFrom(...LOCAL).map((name) => ({ name, payload: VALID[name] })),
    fc
      .tuple(fc.constantFrom(...LOCAL), fc.constantFrom('take-1', 'take-2', 'x', 'a'.repeat(120)))
      .map(([name, id]) => ({
        name,
        payload: JSON.parse(
          JSON.stringify(VALID[name], (key, value: unknown) =>
            key === 'id' || key === 'takeId' ? id : value,
          ),
          (_key, value: unknown) => value,
        ) as unknown,
      })),
  );

  it('logs a programming error and answers with the generic message', async () => {
    logged.length = 0;
    const result = await dispatch(
      handlers,
      'retranscribeSession',
      { id: 'take-2' },
      (call, error) => logged.push(`${call}: ${(error as Error).message}`),
    );
    expect(result).toEqual({
      ok: false,
      error:
        "retranscribeSession failed inside the host; try again, and restart the app if it keeps failing (details are in the host's log)",
    });
    expect(logged).toEqual([
      `retranscribeSession: Cannot read properties of undefined (reading 'model') at ${work}/x.js`,
    ]);
  });
  it('answers every call with a value or an error that shows no path outside the data folder and no internal text', async () => {
    let errors = 0;
    await fc.assert(
      fc.asyncProperty(payload, async ({ name, payload: input }) => {
        const pcmFixed =
          name === 'appendAudio' ? { ...(input as object), pcm: new Uint8Array(320) } : input;
        const result = await dispatch(handlers, name, pcmFixed, (call, error) =>
          logged.push(`${call}: ${String(error)}`),
        );
        if (result.ok) return;
        errors++;
        expect(result.error.split(dataDir).join('')).not.toContain(work);
        expect(result.error).not.toMatch(/TypeError|Cannot read properties|at .*\.js|\n/);
      }),
      { numRuns: 200, seed: 2718 },
    );
    expect(errors).toBeGreaterThan(50);
  });
});
