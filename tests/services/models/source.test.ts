import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MODEL_BASE_URL, MODEL_CATALOGUE } from '../../../services/models/catalogue';
import { modelSource } from '../../../services/models/source';

const dir = mkdtempSync(join(tmpdir(), 'mi-source-'));
afterEach(() => rmSync(join(dir, 'c.json'), { force: true }));

const SHA = 'a'.repeat(64);
const good = { name: 'tiny.en', file: 'ggml-tiny.en.bin', sizeBytes: 10, sha256: SHA };

describe('where models are downloaded from', () => {
  it('is the published catalogue when nothing is set', () => {
    expect(modelSource({})).toEqual({ baseUrl: MODEL_BASE_URL, catalogue: MODEL_CATALOGUE });
  });

  it('takes a mirror from MOCK_INTERVIEWER_MODEL_BASE_URL and a catalogue file', () => {
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ models: [good] }));
    expect(
      modelSource({
        MOCK_INTERVIEWER_MODEL_BASE_URL: 'http://127.0.0.1:9/m',
        MOCK_INTERVIEWER_MODEL_CATALOGUE: join(dir, 'c.json'),
      }),
    ).toEqual({
      baseUrl: 'http://127.0.0.1:9/m',
      catalogue: [{ ...good, description: '', sha1: null }],
    });
  });

  it.each([
    [
      'a base URL that is not http',
      { MOCK_INTERVIEWER_MODEL_BASE_URL: 'file:///etc' },
      null,
      'MOCK_INTERVIEWER_MODEL_BASE_URL must be an http or https URL.',
    ],
    [
      'a base URL that is not a URL',
      { MOCK_INTERVIEWER_MODEL_BASE_URL: 'mirror' },
      null,
      'MOCK_INTERVIEWER_MODEL_BASE_URL is not a URL; unset it or fix it.',
    ],
    [
      'a catalogue file that is missing',
      { MOCK_INTERVIEWER_MODEL_CATALOGUE: join(dir, 'none.json') },
      null,
      'MOCK_INTERVIEWER_MODEL_CATALOGUE does not name a readable JSON file; unset it or fix the file.',
    ],
    [
      'an entry without its SHA-256',
      { MOCK_INTERVIEWER_MODEL_CATALOGUE: join(dir, 'c.json') },
      { models: [{ ...good, sha256: undefined }] },
      'The model catalogue in MOCK_INTERVIEWER_MODEL_CATALOGUE is wrong at models.0.sha256: Invalid input: expected string, received undefined.',
    ],
    [
      'a file name that climbs out of the models folder',
      { MOCK_INTERVIEWER_MODEL_CATALOGUE: join(dir, 'c.json') },
      { models: [{ ...good, file: '../ggml-x.bin' }] },
      'The model catalogue in MOCK_INTERVIEWER_MODEL_CATALOGUE is wrong at models.0.file: a file name like ggml-NAME.bin.',
    ],
  ])('refuses %s', (_what, env, file, message) => {
    if (file) writeFileSync(join(dir, 'c.json'), JSON.stringify(file));
    expect(() => modelSource(env)).toThrow(message);
  });
});
