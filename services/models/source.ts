import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { ModelEntry } from './catalogue';
import { MODEL_BASE_URL, MODEL_CATALOGUE } from './catalogue';
import { MODEL_NAME_PATTERN } from '../../core/models/overview';

/**
 * Where models are downloaded from. By default the published catalogue at {@link MODEL_BASE_URL};
 * `MOCK_INTERVIEWER_MODEL_BASE_URL` points the same files at a mirror (or, in tests, a loopback
 * server), and `MOCK_INTERVIEWER_MODEL_CATALOGUE` names a JSON file that replaces the catalogue
 * for a mirror that serves other files: `{"models": [{"name", "file", "sizeBytes", "sha256",
 * "description"}]}`. Every entry needs its SHA-256, so a mirror cannot skip the check.
 */

/** The catalogue and server downloads use. */
export interface ModelSource {
  baseUrl: string;
  catalogue: readonly ModelEntry[];
}

const catalogueFileSchema = z
  .object({
    models: z
      .array(
        z
          .object({
            name: z.string().max(100).regex(MODEL_NAME_PATTERN),
            file: z
              .string()
              .max(200)
              .regex(/^ggml-[A-Za-z0-9._-]+\.bin$/, 'a file name like ggml-NAME.bin'),
            sizeBytes: z.number().int().positive(),
            sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a lower-case hex SHA-256'),
            description: z.string().max(300).default(''),
          })
          .strict(),
      )
      .min(1)
      .max(50),
  })
  .strict();

/** A catalogue file or base URL that cannot be used; the message names the variable. */
export class ModelSourceError extends Error {
  override readonly name = 'ModelSourceError';
}

/**
 * Reads the download source from `env`. Throws {@link ModelSourceError} for a base URL that is
 * not http(s) or a catalogue file that is missing or malformed (naming the field).
 */
export function modelSource(env: NodeJS.ProcessEnv = process.env): ModelSource {
  let baseUrl = MODEL_BASE_URL;
  const givenUrl = env.MOCK_INTERVIEWER_MODEL_BASE_URL?.trim();
  if (givenUrl) {
    let parsed: URL;
    try {
      parsed = new URL(givenUrl);
    } catch {
      throw new ModelSourceError(
        'MOCK_INTERVIEWER_MODEL_BASE_URL is not a URL; unset it or fix it.',
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new ModelSourceError('MOCK_INTERVIEWER_MODEL_BASE_URL must be an http or https URL.');
    }
    baseUrl = givenUrl;
  }
  const catalogueFile = env.MOCK_INTERVIEWER_MODEL_CATALOGUE?.trim();
  if (!catalogueFile) return { baseUrl, catalogue: MODEL_CATALOGUE };
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(catalogueFile, 'utf8'));
  } catch {
    throw new ModelSourceError(
      'MOCK_INTERVIEWER_MODEL_CATALOGUE does not name a readable JSON file; unset it or fix the file.',
    );
  }
  const parsed = catalogueFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ModelSourceError(
      `The model catalogue in MOCK_INTERVIEWER_MODEL_CATALOGUE is wrong at ${issue.path.join('.') || '(file)'}: ${issue.message}.`,
    );
  }
  return {
    baseUrl,
    catalogue: parsed.data.models.map((m) => ({ ...m, sha1: null })),
  };
}
