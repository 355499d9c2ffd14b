import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { modelNameSchema } from '../../core/models/overview';
import { readSmallFile, writeFileAtomic } from '../sessions/store';

/**
 * The user's model settings, kept in the data folder as `model-settings.json`: which installed
 * model transcribes takes. A missing, damaged or foreign file reads as "no default" (the best
 * installed model is used), so a bad file never stops a take.
 */

/** The file's name inside the data folder. */
export const MODEL_SETTINGS_FILE = 'model-settings.json';

const settingsSchema = z.object({ defaultModel: modelNameSchema.nullable() }).strict();

/** The saved settings. */
export type ModelSettings = z.infer<typeof settingsSchema>;

/** Reads the settings in `dataDir`; `{defaultModel: null}` when there are none or they are unreadable. */
export async function readModelSettings(dataDir: string): Promise<ModelSettings> {
  const text = await readSmallFile(join(dataDir, MODEL_SETTINGS_FILE));
  if (text === null) return { defaultModel: null };
  try {
    const parsed = settingsSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : { defaultModel: null };
  } catch {
    return { defaultModel: null };
  }
}

/** Saves the settings in `dataDir` (written beside, then renamed over, so a crash keeps the old file). */
export async function writeModelSettings(dataDir: string, settings: ModelSettings): Promise<void> {
  const valid = settingsSchema.parse(settings);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(dataDir, MODEL_SETTINGS_FILE), `${JSON.stringify(valid, null, 2)}\n`);
}
