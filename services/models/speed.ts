import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { MeasuredSpeed } from '../../core/models/overview';
import { MODEL_NAME_PATTERN } from '../../core/models/overview';
import { readSmallFile, writeFileAtomic } from '../sessions/store';

/**
 * How fast each Whisper model has really run on this machine, kept in the data folder as
 * `model-speed.json`: for each model, the engine time a minute of answer took in its last few
 * takes (captions and transcript together, as the take ran them, with whatever else the machine
 * was doing). The Models room shows the median instead of a planning figure. A missing or
 * damaged file reads as "nothing measured yet".
 */

/** The file's name inside the data folder. */
export const MODEL_SPEED_FILE = 'model-speed.json';

/** Takes kept per model; the median of these is shown. */
export const SPEED_TAKES_KEPT = 5;

/** Answers shorter than this say too little about speed (the model's first load dominates), ms. */
export const MIN_MEASURED_ANSWER_MS = 20_000;

/** Most models the file remembers; the least recently measured go first. */
const MAX_MODELS = 20;

const speedSchema = z
  .object({
    models: z
      .record(
        z.string().max(100).regex(MODEL_NAME_PATTERN),
        z.array(z.number().int().positive().max(3_600_000)).max(SPEED_TAKES_KEPT),
      )
      .refine((models) => Object.keys(models).length <= MAX_MODELS),
  })
  .strict();

type SpeedFile = z.infer<typeof speedSchema>;

async function readSpeedFile(dataDir: string): Promise<SpeedFile> {
  try {
    const text = await readSmallFile(join(dataDir, MODEL_SPEED_FILE));
    const parsed = speedSchema.safeParse(text === null ? null : JSON.parse(text));
    return parsed.success ? parsed.data : { models: {} };
  } catch {
    return { models: {} };
  }
}

/** The median of each measured model's last takes, engine ms per minute of answer. */
export async function readMeasuredSpeeds(dataDir: string): Promise<Map<string, MeasuredSpeed>> {
  const { models } = await readSpeedFile(dataDir);
  const speeds = new Map<string, MeasuredSpeed>();
  for (const [name, takes] of Object.entries(models)) {
    if (takes.length === 0) continue;
    const sorted = [...takes].sort((a, b) => a - b);
    const middle = sorted.length / 2;
    const median = Number.isInteger(middle)
      ? ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
      : (sorted[Math.floor(middle)] ?? 0);
    speeds.set(name, { msPerAudioMinute: Math.round(median), takes: takes.length });
  }
  return speeds;
}

/** Writes one after another, so two takes finishing together do not race for the file. */
let writing: Promise<unknown> = Promise.resolve();

/**
 * Adds a take to `model`'s measurements: `engineMs` of engine time for `answerMs` of answer.
 * Answers under {@link MIN_MEASURED_ANSWER_MS} are not counted. Resolves with whether the take
 * was counted; a file that cannot be written is left as it was.
 */
export function recordTakeSpeed(
  dataDir: string,
  model: string,
  engineMs: number,
  answerMs: number,
): Promise<boolean> {
  const next = writing.then(async () => {
    if (!MODEL_NAME_PATTERN.test(model) || model.length > 100) return false;
    if (!(answerMs >= MIN_MEASURED_ANSWER_MS) || !(engineMs > 0)) return false;
    const perMinute = Math.min(3_600_000, Math.max(1, Math.round((engineMs * 60_000) / answerMs)));
    const { models } = await readSpeedFile(dataDir);
    // The model measured now goes last, so the oldest are the first to be forgotten.
    const earlier = Object.hasOwn(models, model) ? (models[model] ?? []) : [];
    delete models[model];
    models[model] = [...earlier, perMinute].slice(-SPEED_TAKES_KEPT);
    const names = Object.keys(models);
    for (const name of names.slice(0, Math.max(0, names.length - MAX_MODELS))) {
      delete models[name];
    }
    await mkdir(dataDir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(
      join(dataDir, MODEL_SPEED_FILE),
      `${JSON.stringify({ models }, null, 2)}\n`,
    );
    return true;
  });
  writing = next.catch(() => undefined);
  return next;
}
