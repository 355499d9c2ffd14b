import { readFile, readdir, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { formatZodError } from '../../core/bridge/contract';
import type { TakeStatus, UnfinishedTake } from '../../core/sessions/take';
import { TAKE_STATUSES, takeActions } from '../../core/sessions/take';
import type { SpokenPrompt } from './complete';
import { SESSION_JSON, sessionFolder, writeFileAtomic } from './store';

/**
 * The one module that knows a take's folder: what each file is called, what `plan.json` holds
 * (validated with zod on every read, written atomically), and where the take stands.
 *
 * A take's folder, under the sessions folder, named by the take's id:
 * - `take.wav`: the candidate's audio, 16 kHz mono 16-bit, written as it is recorded;
 * - `take.json`: the recorder's own state (recording, complete, failed), for crash recovery;
 * - `plan.json`: the take: scenario, state, what the interviewer said and when, follow-ups asked,
 *   and once recorded the silences found while recording and the waveform peaks;
 * - `replay.wav`: the take with the interviewer's voice mixed in, written when it is scored;
 * - `session.json`: the scored record (transcript, timing, report); its presence means "scored".
 */

/** File names inside a take's folder. */
export const TAKE_FILES = {
  audio: 'take.wav',
  recording: 'take.json',
  plan: 'plan.json',
  replay: 'replay.wav',
  session: SESSION_JSON,
} as const;

const spanSchema = z.object({ startMs: z.number().int(), endMs: z.number().int() }).strict();

const promptSchema = z
  .object({
    kind: z.enum(['opening', 'followUp', 'warning', 'slotEnd']),
    text: z.string().max(5000),
    atMs: z.number().int(),
    durationMs: z.number().int().nonnegative(),
    followUpId: z.string().max(100).optional(),
    wavPath: z.string().max(4096).optional(),
  })
  .strict();

const planSchema = z
  .object({
    id: z.string().min(1).max(120),
    createdAt: z.string().max(40),
    scenarioId: z.string().max(100),
    status: z.enum(TAKE_STATUSES).default('recording'),
    /** Why the take stopped or failed, worded for the candidate. */
    message: z.string().max(2000).optional(),
    prompts: z.array(promptSchema).max(500).default([]),
    askedFollowUpIds: z.array(z.string().max(100)).max(100).default([]),
    /** How the recording ended, once it has. */
    end: z.enum(['finished', 'slotEnd', 'stopped', 'recovered']).optional(),
    /** Silences of the take's audio, found while it was recorded; absent until it ends. */
    silences: z
      .object({ durationMs: z.number().int().nonnegative(), spans: z.array(spanSchema) })
      .strict()
      .optional(),
    /** The waveform's peaks, 0..1, one per bucket of the take; absent until it ends. */
    peaks: z.array(z.number().min(0).max(1)).max(10_000).optional(),
  })
  .strict();

/** What `plan.json` holds. */
export type TakePlan = z.infer<typeof planSchema> & { prompts: SpokenPrompt[] };

/** A take folder that cannot be read, with why. */
export class TakeFolderError extends Error {
  override name = 'TakeFolderError';
}

/** The folder of take `id` under `root`; throws on an id that could leave it. */
export const takeFolder = (root: string, id: string): string => sessionFolder(root, id);

function parsePlan(text: string): TakePlan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new TakeFolderError(`the take's ${TAKE_FILES.plan} is damaged (not JSON)`);
  }
  const parsed = planSchema.safeParse(data);
  if (!parsed.success) {
    throw new TakeFolderError(
      `the take's ${TAKE_FILES.plan} is damaged: ${formatZodError(parsed.error)}`,
    );
  }
  return parsed.data as TakePlan;
}

/** Reads and validates a take's plan.json; throws {@link TakeFolderError} when missing or damaged. */
export function readTakePlan(folder: string): TakePlan {
  let text: string;
  try {
    text = readFileSync(join(folder, TAKE_FILES.plan), 'utf8');
  } catch {
    throw new TakeFolderError(`the take has no ${TAKE_FILES.plan}`);
  }
  return parsePlan(text);
}

const writes = new Map<string, Promise<void>>();

/**
 * Writes a take's plan.json atomically (temporary file, fsync, rename). Writes to one folder run
 * one after another in call order, so the last call's content is what stays on disk.
 */
export function writeTakePlan(folder: string, plan: TakePlan): Promise<void> {
  const text = JSON.stringify(planSchema.parse(plan));
  const path = join(folder, TAKE_FILES.plan);
  const previous = writes.get(path) ?? Promise.resolve();
  const next = previous.catch(() => {}).then(() => writeFileAtomic(path, text));
  writes.set(path, next);
  void next.finally(() => {
    if (writes.get(path) === next) writes.delete(path);
  });
  return next;
}

/** Sets a take's state (and the message that says why), keeping the rest of its plan. */
export async function setTakeStatus(
  folder: string,
  status: TakeStatus,
  message?: string,
): Promise<TakePlan> {
  const { message: _old, ...plan } = readTakePlan(folder);
  const next: TakePlan = { ...plan, status, ...(message ? { message } : {}) };
  await writeTakePlan(folder, next);
  return next;
}

/** Audio of a take's WAV on disk, integer ms (16-bit mono at `sampleRate`). */
async function audioMs(folder: string, sampleRate = 16_000): Promise<number> {
  const { size } = await stat(join(folder, TAKE_FILES.audio)).catch(() => ({ size: 44 }));
  return Math.round((Math.max(0, size - 44) / 2 / sampleRate) * 1000);
}

/**
 * The takes under `root` that have no report: interrupted recordings, takes stopped while
 * transcribing, failed scorings. Takes in `liveIds` (being recorded now), cancelled takes, and
 * takes with a session.json are left out; a folder without a readable plan.json is skipped.
 */
export async function listUnfinishedTakes(
  root: string,
  liveIds: ReadonlySet<string>,
  titleOf: (scenarioId: string) => string | undefined,
): Promise<UnfinishedTake[]> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return [];
  }
  const out: UnfinishedTake[] = [];
  for (const name of names.sort().reverse()) {
    if (liveIds.has(name)) continue;
    let folder: string;
    try {
      folder = takeFolder(root, name);
    } catch {
      continue;
    }
    const hasSession = await readFile(join(folder, TAKE_FILES.session), 'utf8').then(
      () => true,
      () => false,
    );
    if (hasSession) continue;
    let plan: TakePlan;
    try {
      plan = readTakePlan(folder);
    } catch {
      continue;
    }
    if (plan.status === 'scored' || plan.status === 'cancelled') continue;
    out.push({
      id: name,
      createdAt: plan.createdAt,
      scenarioId: plan.scenarioId,
      scenarioTitle: titleOf(plan.scenarioId) ?? plan.scenarioId,
      status: plan.status,
      durationMs: await audioMs(folder),
      ...(plan.message ? { message: plan.message } : {}),
      actions: takeActions(plan.status),
    });
  }
  return out;
}
