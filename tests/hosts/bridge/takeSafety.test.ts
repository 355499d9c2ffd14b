import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionView } from '../../../core/bridge/contract';
import { encodeWav, parseWav, wavHeader } from '../../../core/audio/wav';
import type { Transcriber } from '../../../core/transcription/types';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import { dispatch } from '../../../hosts/bridge/dispatcher';
import { createHandlers } from '../../../hosts/bridge/handlers';
import { pendingRenders } from '../../../services/speech/tts';

const scenarioDir = join(import.meta.dirname, '../../../scenarios');

/** Hears nothing: these tests are about the take's files, not its words. */
const silent: Transcriber = {
  engine: 'pocketsphinx',
  transcribe: () =>
    Promise.resolve({ engine: 'pocketsphinx', words: [], segments: [], durationMs: 0 }),
  dispose: () => Promise.resolve(),
};

/** Cue ids the host scheduled, as the page would learn them from onCue. */
const cues: string[] = [];

function newHost(dataDir: string): Handlers {
  return createHandlers({
    kind: 'browser',
    version: '0.0.0',
    scenarioDir,
    dataDir,
    emit: (event, payload) => {
      if (event === 'onCue') cues.push((payload as { cue: { id: string } }).cue.id);
    },
    createTranscriber: () => Promise.resolve(silent),
    now: () => new Date('2026-11-23T09:00:00.000Z'),
  });
}

async function call<T>(
  handlers: Handlers,
  name: string,
  input: unknown,
  logged: unknown[] = [],
): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  return (await dispatch(handlers, name, input, (_call, error) => logged.push(error))) as
    { ok: true; value: T } | { ok: false; error: string };
}

async function value<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const answer = await call<T>(handlers, name, input);
  if (!answer.ok) throw new Error(answer.error);
  return answer.value;
}

/** A tenth of a second of quiet as one 16-bit chunk. */
const tenthOfASecond = new Uint8Array(3200);

async function startTake(handlers: Handlers): Promise<string> {
  cues.length = 0;
  const { takeId } = await value<{ takeId: string }>(handlers, 'startTake', {
    scenarioId: 'lightning-incident',
  });
  await value(handlers, 'appendAudio', { takeId, seq: 0, pcm: tenthOfASecond });
  return takeId;
}

const freshData = () => join(mkdtempSync(join(tmpdir(), 'mi-safety-')), 'data');

describe('prompt times outside the take', () => {
  it.each([3_600_000, 86_400_000])(
    'refuses a cue said to start at %i ms on a 100 ms take, naming the limit, and the take still saves',
    async (atMs) => {
      const dataDir = freshData();
      const handlers = newHost(dataDir);
      const takeId = await startTake(handlers);
      await expect.poll(() => cues.includes('slotEnd'), { timeout: 90_000 }).toBe(true);
      const answer = await call(handlers, 'promptStarted', { takeId, cueId: 'slotEnd', atMs });
      expect(answer).toEqual({
        ok: false,
        error: `a prompt at ${atMs} ms is outside the take (it has 100 ms of audio; prompts may be marked up to 30000 ms past it); mark prompts on the take's own clock`,
      });
      const saved = await value<SessionView>(handlers, 'finishTake', { takeId, end: 'finished' });
      expect(saved.record.prompts.map((p) => p.kind)).toEqual(['opening']);
      // The opening prompt, then the 100 ms take: within a millisecond of rounding.
      const replay = parseWav(readFileSync(join(dataDir, 'sessions', takeId, 'replay.wav')));
      const expected = (saved.record.audio.replayOffsetMs * 16000) / 1000 + 1600;
      expect(Math.abs(replay.samples.length - expected)).toBeLessThanOrEqual(16);
    },
  );
});

describe('recoverTake', () => {
  it('refuses a take that was saved, and leaves its record as it was', async () => {
    const dataDir = freshData();
    const handlers = newHost(dataDir);
    const takeId = await startTake(handlers);
    await value(handlers, 'finishTake', { takeId, end: 'finished' });
    const before = readFileSync(join(dataDir, 'sessions', takeId, 'session.json'), 'utf8');
    expect(await call(handlers, 'recoverTake', { takeId })).toEqual({
      ok: false,
      error: `the take "${takeId}" was saved already; open it from the library`,
    });
    expect(readFileSync(join(dataDir, 'sessions', takeId, 'session.json'), 'utf8')).toBe(before);
  });

  it('refuses a take that is still recording', async () => {
    const handlers = newHost(freshData());
    const takeId = await startTake(handlers);
    expect(await call(handlers, 'recoverTake', { takeId })).toEqual({
      ok: false,
      error: `the take "${takeId}" is still recording; finish it first`,
    });
    expect(await call(handlers, 'appendAudio', { takeId, seq: 1, pcm: tenthOfASecond })).toEqual({
      ok: true,
      value: { receivedMs: 200 },
    });
  });

  it('refuses at once an interrupted take whose header and state say 1 Hz', async () => {
    const dataDir = freshData();
    const folder = join(dataDir, 'sessions', '20261123-090000-lightning-incident-000001');
    mkdirSync(folder, { recursive: true });
    writeFileSync(
      join(folder, 'take.wav'),
      Buffer.concat([wavHeader(0, 1, 1, 16), Buffer.alloc(3000)]),
    );
    writeFileSync(
      join(folder, 'take.json'),
      JSON.stringify({
        version: 1,
        state: 'recording',
        startedAt: '2026-11-23T08:59:00.000Z',
        sampleRate: 1,
        channels: 1,
        bitsPerSample: 16,
      }),
    );
    const handlers = newHost(dataDir);
    expect(
      await call(handlers, 'recoverTake', { takeId: '20261123-090000-lightning-incident-000001' }),
    ).toEqual({
      ok: false,
      error:
        'the take "20261123-090000-lightning-incident-000001" cannot be recovered: a sample rate of 1 Hz is outside the accepted 8000-192000 Hz (sample rate limit); convert the audio to 16 kHz or 48 kHz',
    });
  });

  it('never mixes a WAV from outside the data folder into the replay (tampered plan.json)', async () => {
    const dataDir = freshData();
    const secret = join(dataDir, '..', 'secret.wav');
    writeFileSync(
      secret,
      encodeWav(Float32Array.from({ length: 1600 }, (_, i) => 0.5 * Math.sin(i / 3))),
    );
    // A take left recording, whose plan was edited to point its prompts at another WAV.
    const takeId = '20261123-090000-lightning-incident-00000a';
    const folder = join(dataDir, 'sessions', takeId);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'take.wav'), encodeWav(new Float32Array(1600)));
    writeFileSync(
      join(folder, 'take.json'),
      JSON.stringify({
        version: 1,
        state: 'recording',
        startedAt: '2026-11-23T08:59:00.000Z',
        sampleRate: 16000,
        channels: 1,
        bitsPerSample: 16,
      }),
    );
    writeFileSync(
      join(folder, 'plan.json'),
      JSON.stringify({
        id: takeId,
        createdAt: '2026-11-23T09:00:00.000Z',
        scenarioId: 'lightning-incident',
        prompts: [
          { kind: 'opening', text: 'Go.', atMs: -100, durationMs: 100, wavPath: secret },
          { kind: 'followUp', text: 'And?', atMs: 0, durationMs: 100, wavPath: secret },
        ],
        askedFollowUpIds: [],
      }),
    );
    const saved = await value<SessionView>(newHost(dataDir), 'recoverTake', { takeId });
    const replay = parseWav(readFileSync(join(folder, 'replay.wav')));
    expect(saved.record.audio.replayOffsetMs).toBe(0);
    expect(replay.samples.length).toBe(1600);
    expect(Math.max(...replay.samples.map(Math.abs))).toBe(0);
  });
});

describe('what the data folder holds', () => {
  it('creates every folder 0700 and every file 0600, exports included', async () => {
    const dataDir = freshData();
    const handlers = newHost(dataDir);
    const takeId = await startTake(handlers);
    await value(handlers, 'finishTake', { takeId, end: 'finished' });
    for (const format of ['html', 'markdown', 'json', 'srt', 'vtt'])
      await value(handlers, 'exportSession', { id: takeId, format });
    // Follow-up prompts are rendered in the background: let them land first.
    await expect.poll(pendingRenders, { timeout: 60_000 }).toBe(0);
    const folders: string[] = [];
    const files: string[] = [];
    const walk = (dir: string) => {
      folders.push(
        `${dir.slice(dataDir.length) || '/'} ${(lstatSync(dir).mode & 0o777).toString(8)}`,
      );
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else files.push(`${entry.name} ${(lstatSync(path).mode & 0o777).toString(8)}`);
      }
    };
    walk(dataDir);
    expect(folders.sort()).toEqual([
      '/ 700',
      '/prompts 700',
      '/sessions 700',
      `/sessions/${takeId} 700`,
    ]);
    expect(files.filter((f) => !f.endsWith(' 600'))).toEqual([]);
    expect(
      files.filter((f) => !f.endsWith('.wav 600') || f.startsWith('t') || f.startsWith('r')).sort(),
    ).toEqual([
      'lightning-incident-2026-11-23-0900.html 600',
      'lightning-incident-2026-11-23-0900.json 600',
      'lightning-incident-2026-11-23-0900.md 600',
      'lightning-incident-2026-11-23-0900.srt 600',
      'lightning-incident-2026-11-23-0900.vtt 600',
      'plan.json 600',
      'replay.wav 600',
      'session.json 600',
      'take.json 600',
      'take.wav 600',
    ]);
  });

  it('neither lists nor opens a take folder that is a symlink planted in the data folder', async () => {
    const dataDir = freshData();
    const handlers = newHost(dataDir);
    const takeId = await startTake(handlers);
    await value(handlers, 'finishTake', { takeId, end: 'finished' });
    const planted = '20261123-090000-planted-abcdef';
    symlinkSync(join(dataDir, 'sessions', takeId), join(dataDir, 'sessions', planted));
    const listed = await value<{ sessions: { id: string }[] }>(handlers, 'listSessions', {});
    expect(listed.sessions.map((s) => s.id)).toEqual([takeId]);
    expect(await call(handlers, 'getSession', { id: planted })).toEqual({
      ok: false,
      error: `session "${planted}" was not found; it may have been deleted`,
    });
  });

  it('removes audio left by the recogniser when the host starts again', async () => {
    const dataDir = freshData();
    // Left by a host whose process is gone (no process can have this id).
    const leftover = join(dataDir, 'tmp', 'asr-2147483647');
    mkdirSync(leftover, { recursive: true });
    writeFileSync(join(leftover, 'audio.wav'), encodeWav(new Float32Array(16)));
    const handlers = newHost(dataDir);
    await value(handlers, 'listSessions', {});
    expect(existsSync(leftover)).toBe(false);
  });
});

describe('errors that reach the page', () => {
  it('says what to do instead of internal text or paths, and logs the details', async () => {
    const dataDir = freshData();
    const handlers = newHost(dataDir);
    const takeId = await startTake(handlers);
    await value(handlers, 'finishTake', { takeId, end: 'finished' });
    // A folder where the export file should go: the rename fails with a system error.
    mkdirSync(join(dataDir, 'sessions', takeId, 'lightning-incident-2026-11-23-0900.md'));
    const logged: unknown[] = [];
    const answer = await call(
      handlers,
      'exportSession',
      { id: takeId, format: 'markdown' },
      logged,
    );
    expect(answer).toEqual({
      ok: false,
      error:
        "exportSession failed inside the host; try again, and restart the app if it keeps failing (details are in the host's log)",
    });
    expect((logged[0] as NodeJS.ErrnoException).code).toBe('EISDIR');
  });

  it('refuses a third take at once, naming the limit', async () => {
    const handlers = newHost(freshData());
    await startTake(handlers);
    await startTake(handlers);
    expect(await call(handlers, 'startTake', { scenarioId: 'lightning-incident' })).toEqual({
      ok: false,
      error:
        '2 takes are already recording (the live take limit); finish one before starting another',
    });
  });
});
