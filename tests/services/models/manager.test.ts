import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ModelEntry } from '../../../services/models/catalogue';
import { MODEL_CATALOGUE, modelUrl } from '../../../services/models/catalogue';
import { formatProgressBar, runModelsCommand } from '../../../cli/commands/models';
import type { DownloadProgress } from '../../../services/models/manager';
import {
  defaultModelsDir,
  downloadModel,
  importModel,
  isGgmlModelFile,
  listModels,
  resolveModelPath,
} from '../../../services/models/manager';
import { convertFasterWhisper } from '../../../services/models/fasterWhisper';
import { writeFasterWhisperFolder } from '../../support/ct2Model';

/** A 300 kB file that starts like a ggml model, with seeded content. */
function modelBytes(): Buffer {
  const bytes = Buffer.alloc(300_000);
  let x = 7;
  for (let i = 0; i < bytes.length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes.writeInt32LE(0x67676d6c, 0);
  return bytes;
}

const BODY = modelBytes();
const SHA256 = createHash('sha256').update(BODY).digest('hex');

function entry(overrides: Partial<ModelEntry> = {}): ModelEntry {
  return {
    name: 'test.en',
    file: 'ggml-test.en.bin',
    sizeBytes: BODY.length,
    sha256: SHA256,
    sha1: null,
    description: 'served locally',
    ...overrides,
  };
}

interface Behaviour {
  /** Close the connection after sending this many body bytes (first request only). */
  dropAfter?: number;
  /** Ignore Range headers and always answer 200 with the whole file. */
  ignoreRange?: boolean;
  /** Send this instead of the real bytes. */
  body?: Buffer;
}

describe('model downloads from a local server', () => {
  let server: Server;
  let baseUrl: string;
  let dir: string;
  let behaviour: Behaviour = {};
  const ranges: (string | undefined)[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const body = behaviour.body ?? BODY;
      const range = req.headers.range;
      ranges.push(range);
      if (!req.url?.endsWith('/ggml-test.en.bin')) {
        res.writeHead(404).end();
        return;
      }
      let start = 0;
      const match = /^bytes=(\d+)-$/.exec(range ?? '');
      if (match && !behaviour.ignoreRange) {
        start = Number(match[1]);
        res.writeHead(206, {
          'content-length': body.length - start,
          'content-range': `bytes ${start}-${body.length - 1}/${body.length}`,
        });
      } else {
        res.writeHead(200, { 'content-length': body.length });
      }
      const drop = behaviour.dropAfter;
      if (drop !== undefined) {
        behaviour = { ...behaviour, dropAfter: undefined };
        res.write(body.subarray(start, start + drop), () => res.destroy());
        return;
      }
      res.end(body.subarray(start));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/models`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'models-'));
    behaviour = {};
    ranges.length = 0;
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('downloads, reports rising progress up to the full size, verifies and renames into place', async () => {
    const seen: DownloadProgress[] = [];
    const result = await downloadModel('test.en', dir, {
      baseUrl,
      catalogue: [entry()],
      onProgress: (p) => seen.push(p),
    });
    expect(result).toEqual({
      path: join(dir, 'ggml-test.en.bin'),
      sha256: SHA256,
      sizeBytes: BODY.length,
      resumedFromBytes: 0,
      verified: true,
    });
    expect(readFileSync(result.path).equals(BODY)).toBe(true);
    expect(existsSync(`${result.path}.part`)).toBe(false);
    expect(seen[seen.length - 1]).toEqual({
      name: 'test.en',
      receivedBytes: BODY.length,
      totalBytes: BODY.length,
      resumedFromBytes: 0,
    });
    const received = seen.map((p) => p.receivedBytes);
    expect([...received].sort((a, b) => a - b)).toEqual(received);
  });

  it('keeps the part file when the connection drops midway, then resumes it with a Range request', async () => {
    behaviour = { dropAfter: 100_000 };
    const first = await downloadModel('test.en', dir, { baseUrl, catalogue: [entry()] }).catch(
      (e: unknown) => e,
    );
    expect(first).toMatchObject({
      code: 'network',
      message: expect.stringContaining('run the same command again to resume'),
    });
    const part = join(dir, 'ggml-test.en.bin.part');
    expect(statSync(part).size).toBe(100_000);

    const second = await downloadModel('test.en', dir, { baseUrl, catalogue: [entry()] });
    expect(ranges).toEqual([undefined, 'bytes=100000-']);
    expect(second.resumedFromBytes).toBe(100_000);
    expect(second.sha256).toBe(SHA256);
    expect(readFileSync(second.path).equals(BODY)).toBe(true);
    expect(existsSync(part)).toBe(false);
  });

  it('restarts from zero when the server ignores the Range header', async () => {
    behaviour = { dropAfter: 50_000 };
    await downloadModel('test.en', dir, { baseUrl, catalogue: [entry()] }).catch(() => {});
    behaviour = { ignoreRange: true };
    const result = await downloadModel('test.en', dir, { baseUrl, catalogue: [entry()] });
    expect(result.resumedFromBytes).toBe(0);
    expect(readFileSync(result.path).equals(BODY)).toBe(true);
  });

  it('deletes the part file and says so when the checksum does not match', async () => {
    const tampered = Buffer.from(BODY);
    tampered[1000] = (tampered[1000] ?? 0) ^ 0xff;
    behaviour = { body: tampered };
    const error = await downloadModel('test.en', dir, { baseUrl, catalogue: [entry()] }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: 'checksum',
      message: expect.stringContaining(`expected ${SHA256}`),
    });
    expect((error as Error).message).toContain('The partial file was deleted');
    expect(existsSync(join(dir, 'ggml-test.en.bin.part'))).toBe(false);
    expect(existsSync(join(dir, 'ggml-test.en.bin'))).toBe(false);
  });

  it('computes and records the digest when the catalogue has none', async () => {
    const result = await downloadModel('test.en', dir, {
      baseUrl,
      catalogue: [entry({ sha256: null })],
    });
    expect(result.verified).toBe(false);
    expect(readFileSync(join(dir, 'ggml-test.en.bin.sha256'), 'utf8')).toBe(
      `${SHA256}  ggml-test.en.bin\n`,
    );
  });

  it('fails with cancelled and keeps the part when the signal aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      downloadModel('test.en', dir, { baseUrl, catalogue: [entry()], signal: controller.signal }),
    ).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('names the known models when asked for an unknown one', async () => {
    await expect(downloadModel('huge', dir, { baseUrl })).rejects.toMatchObject({
      code: 'unknown-model',
      message: expect.stringContaining('tiny.en, tiny, base.en, base, small.en, small'),
    });
  });

  it('reports an HTTP error status as a network error', async () => {
    await expect(
      downloadModel('test.en', dir, {
        baseUrl: `${baseUrl}/missing`,
        catalogue: [entry({ file: 'nothing.bin' })],
      }),
    ).rejects.toMatchObject({ code: 'network', message: expect.stringContaining('HTTP 404') });
  });

  it('`models download` exits 1 and prints the reason when the server has no such file', async () => {
    let out = '';
    let err = '';
    const code = await runModelsCommand(['download', 'tiny.en', '--dir', dir], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (err += t) },
      baseUrl,
    });
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('failed with HTTP 404');
  });
});

describe('catalogue', () => {
  it('lists tiny.en, base.en and small.en with 64-hex SHA-256 digests and exact sizes', () => {
    const byName = Object.fromEntries(MODEL_CATALOGUE.map((e) => [e.name, e]));
    expect(byName['tiny.en']?.sizeBytes).toBe(77_704_715);
    expect(byName['base.en']?.sizeBytes).toBe(147_964_211);
    expect(byName['small.en']?.sizeBytes).toBe(487_614_201);
    for (const e of MODEL_CATALOGUE) expect(e.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('builds the download address from the model file name', () => {
    const tiny = MODEL_CATALOGUE[0];
    expect(tiny && modelUrl(tiny)).toBe(
      'https://huggingface.co/ggerganov/whisper.cpp/resolve/main/ggml-tiny.en.bin',
    );
  });
});

describe('models on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'models-disk-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  async function smallGgml(path: string): Promise<Buffer> {
    const folder = join(dir, 'ct2-source');
    writeFasterWhisperFolder(folder);
    await convertFasterWhisper(folder, path);
    return readFileSync(path);
  }

  it('imports a ggml file under its own name and lists it as installed', async () => {
    const source = join(dir, 'ggml-custom.bin');
    const bytes = await smallGgml(source);
    const target = join(dir, 'store');
    expect(await importModel(source, target)).toEqual({
      path: join(target, 'ggml-custom.bin'),
      name: 'custom',
      from: 'ggml',
    });
    const rows = await listModels(target);
    expect(rows.find((r) => r.name === 'custom')).toMatchObject({
      installed: true,
      catalogued: false,
      sizeBytes: bytes.length,
    });
    expect(rows.find((r) => r.name === 'base.en')).toMatchObject({
      installed: false,
      partialBytes: 0,
    });
  });

  it('rejects a truncated ggml file and installs nothing', async () => {
    const source = join(dir, 'ggml-cut.bin');
    const bytes = await smallGgml(source);
    writeFileSync(source, bytes.subarray(0, bytes.length - 1000));
    const target = join(dir, 'store');
    await expect(importModel(source, target)).rejects.toMatchObject({
      code: 'corrupt-model',
      message: expect.stringContaining('truncated'),
    });
    expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
  });

  it('converts a faster-whisper folder on import, named after the folder when its size is not a known one', async () => {
    const source = join(dir, 'my-model');
    writeFasterWhisperFolder(source, { parts: 2 });
    const target = join(dir, 'store');
    let lastFraction = 0;
    const result = await importModel(source, target, { onProgress: (f) => (lastFraction = f) });
    expect(result).toEqual({
      path: join(target, 'ggml-my-model.bin'),
      name: 'my-model',
      from: 'faster-whisper',
    });
    expect(lastFraction).toBe(1);
    expect(readdirSync(target)).toEqual(['ggml-my-model.bin']);
    expect(await isGgmlModelFile(result.path)).toBe(true);
  });

  it('rejects a folder that holds no model, saying what a model folder has', async () => {
    const source = join(dir, 'photos');
    mkdirSync(source);
    writeFileSync(join(source, 'cat.jpg'), 'jpeg');
    await expect(importModel(source, join(dir, 'store'))).rejects.toMatchObject({
      code: 'not-a-model',
      message: expect.stringContaining('model.bin, config.json and tokenizer files'),
    });
    expect(existsSync(join(dir, 'store'))).toBe(false);
  });

  it('rejects a file that is not a ggml model and says what to use instead', async () => {
    const source = join(dir, 'notes.txt');
    writeFileSync(source, 'not a model at all');
    await expect(importModel(source, join(dir, 'store'))).rejects.toMatchObject({
      code: 'not-ggml',
      message: expect.stringContaining('is not a whisper.cpp ggml model'),
    });
    expect(existsSync(join(dir, 'store', 'ggml-notes.txt.bin'))).toBe(false);
  });

  it('resolves --model from a path, a name, or the preferred installed model', async () => {
    writeFileSync(join(dir, 'ggml-tiny.en.bin'), BODY);
    writeFileSync(join(dir, 'ggml-base.en.bin'), BODY);
    expect(await resolveModelPath(dir)).toBe(join(dir, 'ggml-base.en.bin'));
    expect(await resolveModelPath(dir, 'tiny.en')).toBe(join(dir, 'ggml-tiny.en.bin'));
    expect(await resolveModelPath(dir, join(dir, 'ggml-tiny.en.bin'))).toBe(
      join(dir, 'ggml-tiny.en.bin'),
    );
    expect(await resolveModelPath(dir, 'small.en')).toBeNull();
    expect(await resolveModelPath(join(dir, 'empty'))).toBeNull();
  });

  it.each([
    [{ MOCK_INTERVIEWER_MODELS_DIR: '/data/m' }, 'linux', '/data/m'],
    [{ XDG_DATA_HOME: '/xdg' }, 'linux', '/xdg/mock-interviewer/models'],
    [{}, 'linux', '/home/u/.local/share/mock-interviewer/models'],
    [{}, 'darwin', '/home/u/Library/Application Support/mock-interviewer/models'],
  ] as const)('keeps models for env %j on %s in %s', (env, platform, expected) => {
    expect(defaultModelsDir(env, '/home/u', platform)).toBe(expected);
  });

  it('prints the list with sizes and states', async () => {
    writeFileSync(join(dir, 'ggml-tiny.en.bin'), BODY);
    let out = '';
    const code = await runModelsCommand(['list', '--dir', dir], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: () => {} },
    });
    expect(code).toBe(0);
    expect(out.split('\n')[1]).toBe(
      'tiny.en       0.3 MB  installed        English, fastest; good for live captions and slow machines',
    );
  });

  it('exits 2 with the reason when the folder to import holds no model', async () => {
    let err = '';
    const code = await runModelsCommand(['import', dir], {
      stdout: { write: () => {} },
      stderr: { write: (t: string) => (err += t) },
      modelsDir: join(dir, 'store'),
    });
    expect(code).toBe(2);
    expect(err).toBe(
      `${dir} holds no model: a faster-whisper (CTranslate2) folder has model.bin, config.json and tokenizer files.\n`,
    );
  });

  it('answers a bad subcommand with usage and exit code 2', async () => {
    let err = '';
    const code = await runModelsCommand(['frobnicate'], {
      stdout: { write: () => {} },
      stderr: { write: (t: string) => (err += t) },
      modelsDir: dir,
    });
    expect(code).toBe(2);
    expect(err).toContain('mock-interviewer models download NAME');
  });
});

describe('formatProgressBar', () => {
  it.each([
    [0, 100_000_000, '[------------------------------]   0%  0.0/100.0 MB'],
    [50_000_000, 100_000_000, '[###############---------------]  50%  50.0/100.0 MB'],
    [100_000_000, 100_000_000, '[##############################] 100%  100.0/100.0 MB'],
    [5, 0, '[------------------------------]   0%  0.0/0.0 MB'],
  ])('draws %d of %d bytes as %s', (receivedBytes, totalBytes, expected) => {
    expect(formatProgressBar({ receivedBytes, totalBytes })).toBe(expected);
  });
});
