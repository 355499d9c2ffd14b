import { execFileSync } from 'node:child_process';
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
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventPayload } from '../../../core/bridge/contract';
import type { ModelProgress } from '../../../core/models/overview';
import { dispatch } from '../../../hosts/bridge/dispatcher';
import { createHandlers } from '../../../hosts/bridge/handlers';
import type { ModelHost } from '../../../hosts/bridge/modelHandlers';
import { createModelHost } from '../../../hosts/bridge/modelHandlers';
import { MODEL_SETTINGS_FILE } from '../../../services/models/settings';
import { recordTakeSpeed } from '../../../services/models/speed';
import { writeFasterWhisperFolder } from '../../support/ct2Model';
import { writeGgmlModel } from '../../support/ggmlModel';
import type { ModelServer } from '../../support/modelServer';
import { startModelServer } from '../../support/modelServer';

/** Seeded bytes that start with the ggml magic, so they import as a model. */
function modelBytes(size: number, seed: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  bytes.writeInt32LE(0x67676d6c, 0);
  return bytes;
}

const TINY = modelBytes(300_000, 7);
/** A whisper model shaped like tiny.en but one narrow layer deep: small, and a real ggml file. */
const SMALL_HPARAMS = {
  nAudioState: 64,
  nAudioHead: 1,
  nAudioLayer: 1,
  nTextState: 64,
  nTextHead: 1,
  nTextLayer: 1,
};
const BASE = modelBytes(400_000, 11);
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function catalogueFile(dir: string, tinySizeBytes = TINY.length): string {
  const file = join(dir, 'catalogue.json');
  writeFileSync(
    file,
    JSON.stringify({
      models: [
        {
          name: 'tiny.en',
          file: 'ggml-tiny.en.bin',
          sizeBytes: tinySizeBytes,
          sha256: sha256(TINY),
          description: 'English, fastest',
        },
        {
          name: 'base.en',
          file: 'ggml-base.en.bin',
          sizeBytes: BASE.length,
          sha256: sha256(BASE),
          description: 'English, balanced',
        },
      ],
    }),
  );
  return file;
}

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ 'ggml-tiny.en.bin': TINY, 'ggml-base.en.bin': BASE });
});
afterAll(() => server.close());

interface Rig {
  host: ModelHost;
  events: ModelProgress[];
  changes: number;
  dataDir: string;
  modelsDir: string;
}

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'mi-models-'));
  server.behaviour = {};
  server.requests.length = 0;
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function rig(
  options: { modelsDir?: string; engine?: string; pocketsphinx?: boolean; cores?: number } = {},
): Rig {
  const dataDir = join(root, 'data');
  const modelsDir = options.modelsDir ?? join(root, 'models');
  const result: Rig = { events: [], changes: 0, dataDir, modelsDir, host: undefined! };
  result.host = createModelHost({
    dataDir,
    modelsDir,
    emit: (event, payload) => {
      if (event === 'onModelProgress')
        result.events.push(payload as EventPayload<'onModelProgress'>);
    },
    onModelsChanged: () => result.changes++,
    env: {
      MOCK_INTERVIEWER_MODEL_BASE_URL: server.baseUrl,
      MOCK_INTERVIEWER_MODEL_CATALOGUE: catalogueFile(root),
      MOCK_INTERVIEWER_ENGINE: options.engine ?? '',
    },
    machine: () => ({ cores: options.cores ?? 1, totalMemoryBytes: 8_000_000_000 }),
    whisperAvailable: () => true,
    pocketsphinxAvailable: () => options.pocketsphinx ?? true,
    progressIntervalMs: 0,
  });
  return result;
}

const phases = (events: ModelProgress[]) => [...new Set(events.map((e) => e.phase))];

describe('the models overview', () => {
  it('recommends the model this machine runs fast enough, with its cost here, when none is installed', async () => {
    const { host, modelsDir } = rig();
    const overview = await host.handlers.getModels({});
    expect(overview.installed).toEqual([]);
    expect(overview.next).toEqual({ engine: 'pocketsphinx', model: null });
    expect(overview.folder).toBe(modelsDir);
    expect(overview.recommended).toMatchObject({
      name: 'tiny.en',
      sizeBytes: 300_000,
      description: 'English, fastest',
      partialBytes: 0,
      cost: {
        diskBytes: 300_000,
        memoryBytes: 273_000_000,
        totalMemoryBytes: 8_000_000_000,
        msPerAudioMinute: 12_000,
        threads: 1,
        scaledFrom: null,
      },
    });
    expect(overview.recommended!.cost.freeDiskBytes).toBeGreaterThan(0);
  });

  it("shows each installed model's speed in takes here and scales the recommendation from it", async () => {
    const r = rig({ cores: 8 });
    server.behaviour = {};
    await r.host.handlers.startModelDownload({ name: 'tiny.en' });
    await r.host.idle();
    // Before any take: the planning estimate for 4 threads.
    const before = await r.host.handlers.getModels({});
    expect(before.installed[0]?.measured).toBeNull();
    expect(before.recommended?.name).toBe('base.en');
    expect(before.recommended?.cost).toMatchObject({ msPerAudioMinute: 6500, scaledFrom: null });
    // Two takes with tiny.en, and one with a small model that is no longer installed.
    await recordTakeSpeed(r.dataDir, 'tiny.en', 9000, 60_000);
    await recordTakeSpeed(r.dataDir, 'tiny.en', 11_000, 60_000);
    await recordTakeSpeed(r.dataDir, 'small', 1000, 60_000);
    const after = await r.host.handlers.getModels({});
    expect(after.installed[0]?.measured).toEqual({ msPerAudioMinute: 10_000, takes: 2 });
    expect(after.recommended?.cost).toMatchObject({
      msPerAudioMinute: Math.round((10_000 * 26_000) / 12_000),
      scaledFrom: 'tiny.en',
    });
  });

  it('says what is wrong with an engine setting it cannot read', async () => {
    const { host } = rig({ engine: 'vosk' });
    await expect(host.handlers.getModels({})).rejects.toThrow(
      'MOCK_INTERVIEWER_ENGINE must be whisper, pocketsphinx or auto; unset it or fix it.',
    );
  });

  it('says no engine can transcribe when there is no model and no pocketsphinx', async () => {
    const { host } = rig({ pocketsphinx: false });
    expect((await host.handlers.getModels({})).next).toEqual({ engine: 'none', model: null });
  });
});

describe('downloading a model from a loopback server', () => {
  it('reports progress, verifies, installs, and makes it the model of the next take', async () => {
    const r = rig();
    server.behaviour = { pieceBytes: 50_000 };
    expect(await r.host.handlers.startModelDownload({ name: 'tiny.en' })).toEqual({ ok: true });
    await r.host.idle();

    expect(phases(r.events)).toEqual(['downloading', 'verifying', 'installed']);
    const received = r.events.filter((e) => e.phase === 'downloading').map((e) => e.receivedBytes);
    expect(received[0]).toBe(0);
    expect(received.some((b) => b > 0 && b < 300_000)).toBe(true);
    expect(r.events[r.events.length - 1]).toEqual({
      name: 'tiny.en',
      phase: 'installed',
      receivedBytes: 300_000,
      totalBytes: 300_000,
      resumedFromBytes: 0,
    });
    expect(sha256(readFileSync(join(r.modelsDir, 'ggml-tiny.en.bin')))).toBe(sha256(TINY));
    expect(r.changes).toBe(1);
    const overview = await r.host.handlers.getModels({});
    expect(overview.installed).toEqual([
      {
        name: 'tiny.en',
        sizeBytes: 300_000,
        catalogued: true,
        isDefault: false,
        inUse: true,
        measured: null,
      },
    ]);
    expect(overview.next).toEqual({ engine: 'whisper', model: 'tiny.en' });
    // The recommendation is installed now; base.en is too slow for one core.
    expect(overview.recommended).toBeNull();
    expect(overview.download?.phase).toBe('installed');
  });

  it('cancels, keeps what arrived, and resumes from there with a Range request', async () => {
    const r = rig();
    server.behaviour = { holdAfterBytes: 120_000 };
    await r.host.handlers.startModelDownload({ name: 'tiny.en' });
    await server.held();
    // The held bytes are on their way; cancel once all of them arrived.
    await vi.waitFor(() => expect(r.events.at(-1)?.receivedBytes).toBe(120_000));
    await expect(r.host.handlers.startModelDownload({ name: 'base.en' })).rejects.toThrow(
      'tiny.en is downloading; wait for it or cancel it before starting another.',
    );
    await r.host.handlers.cancelModelDownload({});
    server.release();
    await r.host.idle();

    const last = r.events[r.events.length - 1]!;
    expect(last.phase).toBe('cancelled');
    expect(last.message).toBe(
      'The download of tiny.en was cancelled. 0.1 MB of 0.3 MB is kept; press Resume to go on.',
    );
    expect(existsSync(join(r.modelsDir, 'ggml-tiny.en.bin'))).toBe(false);
    const partBytes = statSync(join(r.modelsDir, 'ggml-tiny.en.bin.part')).size;
    expect(partBytes).toBe(120_000);
    expect((await r.host.handlers.getModels({})).recommended?.partialBytes).toBe(120_000);
    expect(r.changes).toBe(0);

    server.behaviour = {};
    r.events.length = 0;
    await r.host.handlers.startModelDownload({ name: 'tiny.en' });
    await r.host.idle();
    expect(server.requests.map((q) => q.range)).toEqual([undefined, 'bytes=120000-']);
    expect(r.events[0]).toMatchObject({ phase: 'downloading', receivedBytes: 120_000 });
    expect(r.events[r.events.length - 1]).toMatchObject({
      phase: 'installed',
      resumedFromBytes: 120_000,
    });
    expect(sha256(readFileSync(join(r.modelsDir, 'ggml-tiny.en.bin')))).toBe(sha256(TINY));
  });

  it('spaces progress events by the interval on its clock, and always reports the end', async () => {
    let clockMs = 0;
    const events: Array<{ phase: string; atMs: number }> = [];
    const host = createModelHost({
      dataDir: join(root, 'data'),
      modelsDir: join(root, 'models'),
      emit: (_event, payload) =>
        events.push({ phase: (payload as ModelProgress).phase, atMs: clockMs }),
      onModelsChanged: () => {},
      env: {
        MOCK_INTERVIEWER_MODEL_BASE_URL: server.baseUrl,
        MOCK_INTERVIEWER_MODEL_CATALOGUE: catalogueFile(root),
      },
      now: () => (clockMs += 50),
      progressIntervalMs: 200,
    });
    // Pieces a few ms apart arrive as separate reads.
    server.behaviour = { pieceBytes: 10_000, pieceDelayMs: 5 };
    await host.handlers.startModelDownload({ name: 'tiny.en' });
    await host.idle();
    const moving = events.filter((e) => e.phase === 'downloading').slice(1);
    expect(moving.length).toBeGreaterThan(1);
    for (let i = 1; i < moving.length; i++) {
      expect(moving[i]!.atMs - moving[i - 1]!.atMs).toBeGreaterThanOrEqual(200);
    }
    expect(events.slice(-2).map((e) => e.phase)).toEqual(['verifying', 'installed']);
  });

  it('refuses to cancel when nothing downloads', () => {
    const { host } = rig();
    expect(() => host.handlers.cancelModelDownload({})).toThrow('No model is downloading.');
  });

  describe('bad downloads leave nothing installed and the previous model in use', () => {
    const cases: Array<{
      what: string;
      behaviour: () => typeof server.behaviour;
      message: string;
      partKept: boolean;
    }> = [
      {
        what: 'a connection cut short',
        behaviour: () => ({ dropAfterBytes: 100_000 }),
        message:
          'The download of tiny.en stopped before it was complete, so it was not installed. 0.1 MB of 0.3 MB is kept; press Resume to go on. Check the connection if it stops again.',
        partKept: true,
      },
      {
        what: 'corrupt bytes of the right length',
        behaviour: () => ({ body: modelBytes(300_000, 99) }),
        message:
          'The downloaded tiny.en is not the published file (its size or SHA-256 differs), so it was deleted and not installed. Press Download to try again; if it fails again, the server is sending a different file.',
        partKept: false,
      },
      {
        what: 'a longer file than the catalogue says',
        behaviour: () => ({ body: Buffer.concat([TINY, Buffer.alloc(10)]) }),
        message:
          'The downloaded tiny.en is not the published file (its size or SHA-256 differs), so it was deleted and not installed. Press Download to try again; if it fails again, the server is sending a different file.',
        partKept: false,
      },
    ];
    it.each(cases)('$what', async ({ behaviour, message, partKept }) => {
      const r = rig();
      mkdirSync(r.modelsDir, { recursive: true });
      writeFileSync(join(r.modelsDir, 'ggml-mine.bin'), modelBytes(1000, 3));
      await r.host.handlers.setDefaultModel({ name: 'mine' });
      const changesBefore = r.changes;
      server.behaviour = behaviour();

      await r.host.handlers.startModelDownload({ name: 'tiny.en' });
      await r.host.idle();

      const last = r.events[r.events.length - 1]!;
      expect(last.phase).toBe('failed');
      expect(last.message).toBe(message);
      expect(existsSync(join(r.modelsDir, 'ggml-tiny.en.bin'))).toBe(false);
      expect(existsSync(join(r.modelsDir, 'ggml-tiny.en.bin.part'))).toBe(partKept);
      expect(r.changes).toBe(changesBefore);
      const overview = await r.host.handlers.getModels({});
      expect(overview.next).toEqual({ engine: 'whisper', model: 'mine' });
      expect(overview.installed.map((m) => m.name)).toEqual(['mine']);
    });
  });

  it('says when the server does not have the file', async () => {
    const r = rig();
    const file = catalogueFile(root);
    const catalogue = JSON.parse(readFileSync(file, 'utf8')) as {
      models: Array<{ file: string }>;
    };
    catalogue.models[0]!.file = 'ggml-gone.bin';
    writeFileSync(file, JSON.stringify(catalogue));
    await r.host.handlers.startModelDownload({ name: 'tiny.en' });
    await r.host.idle();
    const last = r.events[r.events.length - 1]!;
    expect(last.phase).toBe('failed');
    expect(last.message).toBe(
      'The download of tiny.en stopped before it was complete, so it was not installed. Nothing was kept; press Download to start again. Check the connection if it stops again.',
    );
  });

  it('refuses an unknown model and one already installed', async () => {
    const r = rig();
    await expect(r.host.handlers.startModelDownload({ name: 'huge' })).rejects.toThrow(
      'There is no model called "huge" to download. Known models: tiny.en, base.en.',
    );
    mkdirSync(r.modelsDir, { recursive: true });
    writeFileSync(join(r.modelsDir, 'ggml-tiny.en.bin'), TINY);
    await expect(r.host.handlers.startModelDownload({ name: 'tiny.en' })).rejects.toThrow(
      'tiny.en is already installed.',
    );
  });
});

describe('downloading onto a disk that fills up (2 MB tmpfs)', () => {
  const mountPoint = mkdtempSync(join(tmpdir(), 'mi-models-full-'));
  let skipReason: string | null = null;
  let mounted = false;
  beforeAll(() => {
    if (process.getuid?.() !== 0) skipReason = 'mounting a tmpfs needs root';
    else {
      try {
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', mountPoint], {
          stdio: 'pipe',
        });
        mounted = true;
      } catch (error) {
        skipReason = `mount -t tmpfs failed: ${String(error)}`;
      }
    }
    if (skipReason && process.env.CI === 'true') {
      throw new Error(`the full-disk download test must run under CI: ${skipReason}`);
    }
  });
  afterAll(() => {
    if (mounted) execFileSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });

  it('deletes the part, says the disk filled up, and installs nothing', async (context) => {
    if (skipReason) context.skip(skipReason);
    const r = rig({ modelsDir: mountPoint });
    server.behaviour = { holdAfterBytes: 100_000 };
    await r.host.handlers.startModelDownload({ name: 'tiny.en' });
    await server.held();
    await vi.waitFor(() => expect(r.events.at(-1)?.receivedBytes).toBe(100_000));
    // Something else fills the disk while the download waits.
    try {
      writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(2_000_000));
    } catch {
      // The filler stops where the disk is full; that is the point.
    }
    server.release();
    await r.host.idle();
    const last = r.events[r.events.length - 1]!;
    expect(last.phase).toBe('failed');
    expect(last.message).toBe(
      'The disk holding the models folder filled up while downloading tiny.en (0.3 MB). The partial file was deleted to give the space back; free some space and start the download again.',
    );
    expect(readdirSync(mountPoint)).toEqual(['filler']);
  });

  it('refuses to start when the disk has less free space than the model needs', async (context) => {
    if (skipReason) context.skip(skipReason);
    rmSync(join(mountPoint, 'filler'), { force: true });
    writeFileSync(join(mountPoint, 'filler'), Buffer.alloc(1_900_000));
    const r = rig({ modelsDir: mountPoint });
    await r.host.handlers.startModelDownload({ name: 'tiny.en' });
    await r.host.idle();
    const last = r.events[r.events.length - 1]!;
    expect(last.phase).toBe('failed');
    expect(last.message).toMatch(
      /^tiny\.en needs 0\.3 MB more and the disk holding the models folder has 0\.\d MB free; free some space and start the download again\.$/,
    );
    expect(server.requests).toEqual([]);
    rmSync(join(mountPoint, 'filler'));
  });
});

describe('the default model', () => {
  it('is kept in the data folder and used for the next take', async () => {
    const r = rig();
    mkdirSync(r.modelsDir, { recursive: true });
    writeFileSync(join(r.modelsDir, 'ggml-tiny.en.bin'), TINY);
    writeFileSync(join(r.modelsDir, 'ggml-mine.bin'), modelBytes(1000, 3));
    expect((await r.host.handlers.getModels({})).next.model).toBe('tiny.en');
    expect(await r.host.modelForNextTake()).toBeUndefined();

    const overview = await r.host.handlers.setDefaultModel({ name: 'mine' });
    expect(overview.next).toEqual({ engine: 'whisper', model: 'mine' });
    expect(overview.installed.map((m) => [m.name, m.isDefault, m.inUse])).toEqual([
      ['tiny.en', false, false],
      ['mine', true, true],
    ]);
    expect(JSON.parse(readFileSync(join(r.dataDir, MODEL_SETTINGS_FILE), 'utf8'))).toEqual({
      defaultModel: 'mine',
    });
    expect(await r.host.modelForNextTake()).toBe(join(r.modelsDir, 'ggml-mine.bin'));
    expect(r.changes).toBe(1);
  });

  it('must be installed', async () => {
    const { host } = rig();
    await expect(host.handlers.setDefaultModel({ name: 'base.en' })).rejects.toThrow(
      'There is no installed model called "base.en"; download or import it first.',
    );
  });

  it.each([
    ['not JSON', '{"defaultModel":'],
    ['another shape', '{"default":"tiny.en"}'],
    ['a name with a path in it', '{"defaultModel":"../../etc/passwd"}'],
  ])('reads a settings file that is %s as no default', async (_what, text) => {
    const r = rig();
    mkdirSync(r.dataDir, { recursive: true });
    mkdirSync(r.modelsDir, { recursive: true });
    writeFileSync(join(r.modelsDir, 'ggml-tiny.en.bin'), TINY);
    writeFileSync(join(r.dataDir, MODEL_SETTINGS_FILE), text);
    const overview = await r.host.handlers.getModels({});
    expect(overview.installed.map((m) => m.isDefault)).toEqual([false]);
    expect(overview.next.model).toBe('tiny.en');
  });

  it('is cleared when its model is deleted, and the best one left takes over', async () => {
    const r = rig();
    mkdirSync(r.modelsDir, { recursive: true });
    writeFileSync(join(r.modelsDir, 'ggml-tiny.en.bin'), TINY);
    writeFileSync(join(r.modelsDir, 'ggml-tiny.en.bin.part'), 'stale');
    writeFileSync(join(r.modelsDir, 'ggml-mine.bin'), modelBytes(1000, 3));
    await r.host.handlers.setDefaultModel({ name: 'tiny.en' });
    const overview = await r.host.handlers.deleteModel({ name: 'tiny.en' });
    expect(readdirSync(r.modelsDir)).toEqual(['ggml-mine.bin']);
    expect(overview.installed).toEqual([
      {
        name: 'mine',
        sizeBytes: 1000,
        catalogued: false,
        isDefault: false,
        inUse: true,
        measured: null,
      },
    ]);
    expect(JSON.parse(readFileSync(join(r.dataDir, MODEL_SETTINGS_FILE), 'utf8'))).toEqual({
      defaultModel: null,
    });
    await expect(r.host.handlers.deleteModel({ name: 'tiny.en' })).rejects.toThrow(
      'There is no installed model called "tiny.en".',
    );
  });
});

describe('importing a model', () => {
  it('copies a ggml file into the models folder', async () => {
    const r = rig();
    const file = join(root, 'ggml-custom.en.bin');
    writeGgmlModel(file, { hparams: SMALL_HPARAMS });
    const sizeBytes = statSync(file).size;
    const overview = await r.host.handlers.importModel({ path: file });
    expect(overview.installed).toEqual([
      {
        name: 'custom.en',
        sizeBytes,
        catalogued: false,
        isDefault: false,
        inUse: true,
        measured: null,
      },
    ]);
    expect(r.changes).toBe(1);
  });

  it.each([
    [
      'a file',
      'notes.txt',
      false,
      'notes.txt is not a whisper.cpp ggml model (it does not start with the ggml magic). Use a ggml-*.bin file made for whisper.cpp or a faster-whisper model folder, or run `mock-interviewer models download base.en`.',
    ],
    [
      'a folder',
      'holiday-photos',
      true,
      'holiday-photos holds no model: a faster-whisper (CTranslate2) folder has model.bin, config.json and tokenizer files.',
    ],
  ])(
    'refuses %s that is not a model without showing where it lives',
    async (_what, name, folder, message) => {
      const r = rig();
      const file = join(root, name);
      if (folder) {
        mkdirSync(file);
        writeFileSync(join(file, 'a.jpg'), 'not a model at all');
      } else writeFileSync(file, 'not a model at all');
      const error = await Promise.resolve(r.host.handlers.importModel({ path: file })).catch(
        (e: Error) => e,
      );
      expect((error as Error).message).toBe(message);
      expect(existsSync(r.modelsDir) ? readdirSync(r.modelsDir) : []).toEqual([]);
    },
  );

  it('converts a faster-whisper folder and installs it under the name given', async () => {
    const r = rig();
    const folder = join(root, 'faster-whisper-small');
    writeFasterWhisperFolder(folder);
    const overview = await r.host.handlers.importModel({ path: folder, name: 'fw-small' });
    expect(overview.installed.map((m) => [m.name, m.catalogued, m.inUse])).toEqual([
      ['fw-small', false, true],
    ]);
    expect(readdirSync(r.modelsDir)).toEqual(['ggml-fw-small.bin']);
  });

  it('refuses the name of a model the app downloads', async () => {
    const { host } = rig();
    await expect(
      host.handlers.importModel({ path: join(root, 'x.bin'), name: 'base.en' }),
    ).rejects.toThrow(
      '"base.en" is the name of a model the app downloads; give the imported model another name.',
    );
  });

  it('asks for a full path', async () => {
    const { host } = rig();
    await expect(host.handlers.importModel({ path: 'models/x.bin' })).rejects.toThrow(
      'Give the full path of the model file or folder, starting from the top of the disk.',
    );
  });
});

describe('the host wiring', () => {
  it('answers getModels through the dispatcher and refuses a bad model name', async () => {
    const handlers = createHandlers({
      kind: 'browser',
      version: '0',
      emit: () => {},
      dataDir: join(root, 'data'),
      modelsDir: join(root, 'models'),
    });
    const answer = await dispatch(handlers, 'getModels', {});
    expect(answer.ok).toBe(true);
    expect(await dispatch(handlers, 'deleteModel', { name: '../secret' })).toEqual({
      ok: false,
      error: 'deleteModel: name: a model name: letters, digits, dots, dashes, underscores',
    });
  });
});
