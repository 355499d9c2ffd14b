import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MODEL_BASE_URL, MODEL_CATALOGUE } from '../../../services/models/catalogue';
import { runModelsCommand } from '../../../cli/commands/models';
import { modelSource } from '../../../services/models/source';
import type { ModelServer } from '../../support/modelServer';
import { startModelServer } from '../../support/modelServer';

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

describe('the models command with a mirror', () => {
  const body = Buffer.concat([Buffer.from([0x6c, 0x6d, 0x67, 0x67]), Buffer.alloc(5000, 7)]);
  const sha = createHash('sha256').update(body).digest('hex');
  let server: ModelServer;
  beforeAll(async () => {
    server = await startModelServer({ 'ggml-mirror.en.bin': body });
  });
  afterAll(async () => {
    await server.close();
    vi.unstubAllEnvs();
  });

  it('lists and downloads from the catalogue and server the environment names', async () => {
    writeFileSync(
      join(dir, 'mirror.json'),
      JSON.stringify({
        models: [{ name: 'mirror.en', file: 'ggml-mirror.en.bin', sizeBytes: 5004, sha256: sha }],
      }),
    );
    vi.stubEnv('MOCK_INTERVIEWER_MODEL_BASE_URL', server.baseUrl);
    vi.stubEnv('MOCK_INTERVIEWER_MODEL_CATALOGUE', join(dir, 'mirror.json'));
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: () => {} } };
    const models = join(dir, 'models');
    expect(await runModelsCommand(['list', '--dir', models], io)).toBe(0);
    expect(out[1]).toBe('mirror.en     0.0 MB  not installed    \n');
    expect(await runModelsCommand(['download', 'mirror.en', '--dir', models], io)).toBe(0);
    expect(out.at(-1)).toBe(
      `mirror.en ready at ${join(models, 'ggml-mirror.en.bin')}; SHA-256 verified\n`,
    );
  });

  it('says what is wrong with the environment and exits 2', async () => {
    vi.stubEnv('MOCK_INTERVIEWER_MODEL_BASE_URL', 'ftp://mirror');
    const err: string[] = [];
    const io = { stdout: { write: () => {} }, stderr: { write: (t: string) => err.push(t) } };
    expect(await runModelsCommand(['download', 'tiny.en', '--dir', join(dir, 'm2')], io)).toBe(2);
    expect(err).toEqual(['MOCK_INTERVIEWER_MODEL_BASE_URL must be an http or https URL.\n']);
  });
});
