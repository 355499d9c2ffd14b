import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Cue, SessionView, StartedTake } from '../../../core/bridge/contract';
import type { UnfinishedTake } from '../../../core/sessions/take';
import { floatToInt16, int16ToBytes, parseWav } from '../../../core/audio/wav';
import { dispatch } from '../../../hosts/bridge/dispatcher';
import { readMeasuredSpeeds } from '../../../services/models/speed';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import { TAKE_FIRST_AUDIO_MS, TAKE_IDLE_MS, createHandlers } from '../../../hosts/bridge/handlers';
import {
  INCIDENT_SENTENCE,
  PAGING_SENTENCE,
  joinWithPauses,
  pocketsphinx,
  speak,
  text2wave,
} from '../transcription/speechClips';

const scenarioDir = join(import.meta.dirname, '../../../scenarios');
// The takes here are transcribed by pocketsphinx, whatever Whisper models this machine holds.
process.env.MOCK_INTERVIEWER_ENGINE = 'pocketsphinx';

async function call<T>(handlers: Handlers, name: string, input: unknown): Promise<T> {
  const result = await dispatch(handlers, name, input, (_c, e) => {
    throw e;
  });
  if (!result.ok) throw new Error(result.error);
  return result.value as T;
}

/** 16-bit little-endian chunks of `ms` each, as the renderer sends them. */
function chunks(samples: Float32Array, ms: number): Uint8Array[] {
  const size = (16000 * ms) / 1000;
  const out: Uint8Array[] = [];
  for (let i = 0; i < samples.length; i += size) {
    out.push(int16ToBytes(floatToInt16(samples.subarray(i, i + size))));
  }
  return out;
}

describe.skipIf(!text2wave || !pocketsphinx)(
  'a take through the host, with festival and pocketsphinx',
  () => {
    const work = mkdtempSync(join(tmpdir(), 'mi-take-'));
    const dataDir = join(work, 'data');
    const captions: string[] = [];
    const stopped: string[] = [];
    const cues: Cue[] = [];
    let handlers: Handlers;
    let answer: Float32Array;
    let view: SessionView;
    let promptMs: number;

    beforeAll(async () => {
      handlers = createHandlers({
        kind: 'browser',
        version: '0.0.0',
        scenarioDir,
        dataDir,
        emit: (event, payload) => {
          if (event === 'onCaption')
            captions.push(...(payload as { words: { text: string }[] }).words.map((w) => w.text));
          if (event === 'onTakeStopped') stopped.push((payload as { message: string }).message);
          if (event === 'onCue') cues.push((payload as { cue: Cue }).cue);
        },
        now: () => new Date('2026-11-23T09:00:00.000Z'),
      });
      // Half a second of quiet, the answer, a 2 s pause, more answer, then quiet.
      const speech = joinWithPauses(
        [speak(INCIDENT_SENTENCE, work, 'a'), speak(PAGING_SENTENCE, work, 'b')],
        2000,
      );
      answer = joinWithPauses([new Float32Array(8000), speech, new Float32Array(8000)], 0);
    });

    it('renders every prompt, records in chunks, places the cues, captions live, scores and saves the take', async () => {
      const scenario = await call<{ prompt: string }>(handlers, 'getScenario', {
        id: 'incident-minute-by-minute',
      });
      const { takeId, opening } = await call<StartedTake>(handlers, 'startTake', {
        scenarioId: 'incident-minute-by-minute',
      });
      expect(takeId).toMatch(/^20261123-090000-incident-minute-by-minute-[0-9a-f]{6}$/);
      expect(opening.url).toMatch(/^\/media\/prompts\/[0-9a-f]{64}\.wav$/);
      expect(opening.text).toBe(scenario.prompt);
      expect(opening.durationMs).toBeGreaterThan(2000);
      expect(opening.atMs).toBe(-opening.durationMs);
      promptMs = opening.durationMs;

      const pieces = chunks(answer, 250);
      for (const [seq, pcm] of pieces.entries()) {
        await call(handlers, 'appendAudio', { takeId, seq, pcm });
      }
      // Repeating a chunk (a retried call) is harmless; skipping one is refused.
      await call(handlers, 'appendAudio', { takeId, seq: 0, pcm: pieces[0] });
      await expect(
        call(handlers, 'appendAudio', { takeId, seq: pieces.length + 3, pcm: pieces[0] }),
      ).rejects.toThrow(`audio chunk ${pieces.length} never arrived`);

      // The audio is on disk while the take is still open.
      const wavPath = join(dataDir, 'sessions', takeId, 'take.wav');
      expect(existsSync(wavPath)).toBe(true);

      // The page goes on sending (quiet) audio until the first captions came and the host placed
      // the warnings and the cut-in; then the candidate ends a part: the host picks the follow-up
      // from the captions, placed at the audio it has.
      let seq = pieces.length;
      let sentSamples = answer.length;
      const quiet = int16ToBytes(floatToInt16(new Float32Array(4000)));
      for (
        let waited = 0;
        (captions.length === 0 || cues.length < 4) && waited < 120_000;
        waited += 250
      ) {
        await call(handlers, 'appendAudio', { takeId, seq: seq++, pcm: quiet });
        sentSamples += 4000;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(captions.length).toBeGreaterThan(0);
      expect(cues.map((c) => [c.id, c.kind, c.atMs])).toEqual([
        ['warning-0', 'warning', 300_000],
        ['warning-1', 'warning', 480_000],
        ['warning-2', 'warning', 570_000],
        ['slotEnd', 'slotEnd', 600_000],
      ]);
      const receivedMs = Math.round((sentSamples / 16000) * 1000);
      const follow = await call<{ followUp: { id: string; prompt: string } | null }>(
        handlers,
        'endTurn',
        { takeId },
      );
      expect(follow.followUp).not.toBeNull();
      const asked = cues.find((c) => c.kind === 'followUp')!;
      expect(asked.text).toBe(follow.followUp!.prompt);
      expect(asked.atMs).toBe(receivedMs);
      await call(handlers, 'promptStarted', { takeId, cueId: asked.id, atMs: receivedMs + 40 });

      view = await call<SessionView>(handlers, 'finishTake', { takeId, end: 'finished' });
      const { record } = view;
      expect(record.transcript.engine).toBe('pocketsphinx');
      expect(record.transcript.text).toMatch(/forty five minutes/);
      expect(captions.length).toBeGreaterThan(0);
      expect(record.audio.durationMs).toBe(receivedMs);
      expect(record.audio.replayOffsetMs).toBe(promptMs);
      expect(record.timing.firstWordMs).toBeGreaterThanOrEqual(400);
      expect(record.timing.firstWordMs).toBeLessThanOrEqual(700);
      const longPauses = record.timing.pauses.filter((p) => p.kind !== 'ordinary');
      expect(longPauses).toHaveLength(1);
      expect(longPauses[0]!.endMs - longPauses[0]!.startMs).toBeGreaterThan(1900);
      expect(record.report.metrics.some((m) => m.kind === 'recoveryTime' && m.value === 2700)).toBe(
        true,
      );
      expect(record.report.criteria.map((c) => c.id)).toContain('delivery');
      expect(view.replayUrl).toBe(`/media/sessions/${takeId}/replay.wav`);

      // The silences found while recording and the waveform are kept with the take.
      const kept = JSON.parse(
        readFileSync(join(dataDir, 'sessions', takeId, 'plan.json'), 'utf8'),
      ) as { status: string; peaks: number[]; silences: { durationMs: number } };
      expect(kept.status).toBe('scored');
      expect(kept.silences.durationMs).toBe(receivedMs);
      expect(kept.peaks).toHaveLength(1200);
      expect(view.peaks).toEqual(kept.peaks);
      expect(record.prompts.map((p) => [p.kind, p.atMs])).toEqual([
        ['opening', -promptMs],
        ['followUp', receivedMs + 40],
      ]);

      const replay = parseWav(readFileSync(join(dataDir, 'sessions', takeId, 'replay.wav')));
      // The follow-up runs past the candidate's audio: the replay ends with it.
      const replayMs = Math.round((replay.samples.length / 16000) * 1000);
      expect(
        Math.abs(replayMs - (promptMs + receivedMs + 40 + asked.durationMs)),
      ).toBeLessThanOrEqual(1);
      expect(stopped).toEqual([]);
    }, 180_000);

    it('lists, opens, exports and deletes the saved take', async () => {
      const list = await call<{ sessions: { id: string; overall: number }[]; problems: unknown[] }>(
        handlers,
        'listSessions',
        {},
      );
      expect(list.sessions.map((s) => s.id)).toEqual([view.record.id]);
      expect(list.sessions[0]!.overall).toBe(view.record.report.overall);

      const opened = await call<SessionView>(handlers, 'getSession', { id: view.record.id });
      expect(opened.record).toEqual(view.record);

      for (const format of ['html', 'markdown', 'srt', 'vtt', 'json'] as const) {
        const exported = await call<{ path: string; url: string }>(handlers, 'exportSession', {
          id: view.record.id,
          format,
        });
        expect(readFileSync(exported.path, 'utf8').length).toBeGreaterThan(50);
        expect(exported.url.startsWith(`/media/sessions/${view.record.id}/`)).toBe(true);
      }

      await call(handlers, 'deleteSession', { id: view.record.id });
      expect(existsSync(join(dataDir, 'sessions', view.record.id))).toBe(false);
      await expect(call(handlers, 'getSession', { id: view.record.id })).rejects.toThrow(
        'was not found',
      );
    });

    it('lists a damaged session and one from a newer version without breaking the list', async () => {
      const sessions = join(dataDir, 'sessions');
      mkdirSync(join(sessions, 'damaged'), { recursive: true });
      writeFileSync(
        join(sessions, 'damaged', 'session.json'),
        '{"format": "mock-interviewer-session", "vers',
      );
      mkdirSync(join(sessions, 'future'), { recursive: true });
      writeFileSync(
        join(sessions, 'future', 'session.json'),
        '{"format": "mock-interviewer-session", "version": 9}',
      );
      const list = await call<{ problems: { id: string; message: string }[] }>(
        handlers,
        'listSessions',
        {},
      );
      expect(list.problems).toEqual([
        { id: 'future', message: expect.stringContaining('newer version') },
        { id: 'damaged', message: expect.stringContaining('not valid JSON') },
      ]);
    });

    it('finds a take left recording by a crash, repairs it and scores it', async () => {
      const { takeId } = await call<{ takeId: string }>(handlers, 'startTake', {
        scenarioId: 'lightning-incident',
      });
      const pieces = chunks(answer, 500);
      for (const [seq, pcm] of pieces.entries())
        await call(handlers, 'appendAudio', { takeId, seq, pcm });

      // A new host on the same data folder: the old one "died" with the take open.
      const restarted = createHandlers({
        kind: 'browser',
        version: '0.0.0',
        scenarioDir,
        dataDir,
        emit: () => {},
      });
      const { unfinished } = await call<{ unfinished: UnfinishedTake[] }>(
        restarted,
        'listSessions',
        {},
      );
      expect(unfinished).toEqual([
        expect.objectContaining({
          id: takeId,
          scenarioId: 'lightning-incident',
          scenarioTitle: 'One-minute incident story',
          status: 'recording',
          actions: ['recover'],
        }),
      ]);
      expect(unfinished[0]!.durationMs).toBeGreaterThan(answer.length / 16 - 1000);

      const recovered = await call<SessionView>(restarted, 'recoverTake', { takeId });
      expect(recovered.record.end).toBe('recovered');
      expect(recovered.record.scenario.id).toBe('lightning-incident');
      expect(recovered.record.transcript.text).toMatch(/forty five minutes/);
      expect(recovered.record.audio.durationMs).toBe(Math.round((answer.length / 16000) * 1000));
      expect(
        (await call<{ unfinished: unknown[] }>(restarted, 'listSessions', {})).unfinished,
      ).toEqual([]);
    });
  },
);

describe.skipIf(!text2wave || !pocketsphinx)('a take whose transcription fails', () => {
  it('keeps the audio, says so on the report, and transcribes again on request', async () => {
    const work = mkdtempSync(join(tmpdir(), 'mi-take-fail-'));
    const dataDir = join(work, 'data');
    const crashing = {
      engine: 'whisper' as const,
      transcribe: async () => {
        throw new Error('the whisper process crashed (SIGSEGV); the audio is kept, try again');
      },
      dispose: async () => {},
    };
    const failing = createHandlers({
      kind: 'browser',
      version: '0.0.0',
      scenarioDir,
      dataDir,
      emit: () => {},
      createTranscriber: async () => crashing,
    });
    const speech = speak(INCIDENT_SENTENCE, work, 'a');
    const { takeId } = await call<{ takeId: string }>(failing, 'startTake', {
      scenarioId: 'lightning-incident',
    });
    for (const [seq, pcm] of chunks(speech, 1000).entries()) {
      await call(failing, 'appendAudio', { takeId, seq, pcm });
    }
    const failed = await call<SessionView>(failing, 'finishTake', { takeId, end: 'finished' });
    expect(failed.record.warnings).toEqual([
      'transcription failed (the whisper process crashed (SIGSEGV); the audio is kept, try again); the audio is kept',
    ]);
    expect(failed.record.transcript.words).toEqual([]);
    expect(failed.record.audio.durationMs).toBe(Math.round((speech.length / 16000) * 1000));

    // The engine works again (say, after a restart): transcribe the kept audio once more.
    const working = createHandlers({
      kind: 'browser',
      version: '0.0.0',
      scenarioDir,
      dataDir,
      emit: () => {},
    });
    const retried = await call<SessionView>(working, 'retranscribeSession', { id: takeId });
    expect(retried.record.warnings).toEqual([]);
    expect(retried.record.transcript.text).toMatch(/forty five minutes/);
    expect(retried.record.report.metrics.some((m) => m.value === 2700)).toBe(true);
  });
});

describe.skipIf(!text2wave)('a take measures how fast its Whisper model ran', () => {
  it('records the engine time per minute of answer for the Models room', async () => {
    const work = mkdtempSync(join(tmpdir(), 'mi-take-speed-'));
    const dataDir = join(work, 'data');
    let pieces = 0;
    const whisper = {
      engine: 'whisper' as const,
      model: 'ggml-tiny.en.bin',
      transcribe: async (_audio: unknown, options: { offsetMs?: number } = {}) => {
        pieces++;
        await new Promise((resolve) => setTimeout(resolve, 30));
        const at = options.offsetMs ?? 0;
        const words = [{ text: 'outage', startMs: at, endMs: at + 400 }];
        return { engine: 'whisper' as const, words, segments: [], durationMs: 0 };
      },
      dispose: async () => {},
    };
    const handlers = createHandlers({
      kind: 'browser',
      version: '0.0.0',
      scenarioDir,
      dataDir,
      emit: () => {},
      createTranscriber: async () => whisper,
    });
    const sentence = speak(INCIDENT_SENTENCE, work, 'a');
    // About 25 s of answer: the sentence five times, a second apart.
    const answer = joinWithPauses(Array<Float32Array>(5).fill(sentence), 1000);
    expect(answer.length / 16000).toBeGreaterThan(20);
    const { takeId } = await call<{ takeId: string }>(handlers, 'startTake', {
      scenarioId: 'lightning-incident',
    });
    for (const [seq, pcm] of chunks(answer, 100).entries()) {
      await call(handlers, 'appendAudio', { takeId, seq, pcm });
    }
    const view = await call<SessionView>(handlers, 'finishTake', { takeId, end: 'finished' });
    expect(view.record.transcript.model).toBe('ggml-tiny.en.bin');
    const speeds = await readMeasuredSpeeds(dataDir);
    const tiny = speeds.get('tiny.en');
    expect(tiny?.takes).toBe(1);
    // Every piece took at least 30 ms of the engine's time.
    const perMinute = (30 * pieces * 60_000) / view.record.audio.durationMs;
    expect(tiny?.msPerAudioMinute).toBeGreaterThanOrEqual(Math.floor(perMinute));
    expect(pieces).toBeGreaterThan(2);
  }, 120_000);
});

describe.skipIf(!text2wave)('a model change and the recognisers already loaded', () => {
  it('ends each replaced recogniser once the takes using it are done, and not before', async () => {
    const work = mkdtempSync(join(tmpdir(), 'mi-take-retire-'));
    const disposed: number[] = [];
    let made = 0;
    const handlers = createHandlers({
      kind: 'browser',
      version: '0.0.0',
      scenarioDir,
      dataDir: join(work, 'data'),
      modelsDir: join(work, 'models'),
      emit: () => {},
      createTranscriber: async () => {
        const id = ++made;
        return {
          engine: 'whisper' as const,
          model: 'ggml-tiny.en.bin',
          transcribe: async () => ({
            engine: 'whisper' as const,
            words: [],
            segments: [],
            durationMs: 0,
          }),
          dispose: async () => {
            disposed.push(id);
          },
        };
      },
    });
    const speech = speak(INCIDENT_SENTENCE, work, 'a');
    const start = async () =>
      (await call<{ takeId: string }>(handlers, 'startTake', { scenarioId: 'lightning-incident' }))
        .takeId;
    const first = await start();
    await call(handlers, 'appendAudio', { takeId: first, seq: 0, pcm: chunks(speech, 1000)[0] });
    // The default model changes while the first take records: its recogniser stays loaded.
    await call(handlers, 'setDefaultModel', { name: null });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(disposed).toEqual([]);
    const second = await start();
    expect(made).toBe(2);
    await call(handlers, 'finishTake', { takeId: first, end: 'finished' });
    expect(disposed).toEqual([1]);
    // Another change: the second take's recogniser goes when that take is cancelled.
    await call(handlers, 'setDefaultModel', { name: null });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(disposed).toEqual([1]);
    await call(handlers, 'cancelTake', { takeId: second });
    expect(disposed).toEqual([1, 2]);
  }, 60_000);
});

describe.skipIf(!text2wave || !pocketsphinx)('a take through its states', () => {
  const work = mkdtempSync(join(tmpdir(), 'mi-take-states-'));
  const dataDir = join(work, 'data');
  const sessions = join(dataDir, 'sessions');
  let handlers: Handlers;
  let speech: Float32Array;

  beforeAll(() => {
    handlers = createHandlers({
      kind: 'browser',
      version: '0.0.0',
      scenarioDir,
      dataDir,
      emit: () => {},
    });
    speech = speak(INCIDENT_SENTENCE, work, 'a');
  });

  const record = async () => {
    const { takeId } = await call<{ takeId: string }>(handlers, 'startTake', {
      scenarioId: 'lightning-incident',
    });
    for (const [seq, pcm] of chunks(speech, 1000).entries()) {
      await call(handlers, 'appendAudio', { takeId, seq, pcm });
    }
    return takeId;
  };
  const plan = (takeId: string) =>
    JSON.parse(readFileSync(join(sessions, takeId, 'plan.json'), 'utf8')) as {
      status: string;
      message?: string;
    };
  const unfinished = async () =>
    (await call<{ unfinished: UnfinishedTake[] }>(handlers, 'listSessions', {})).unfinished;

  it('a cancelled take leaves nothing, and is listed nowhere', async () => {
    const takeId = await record();
    expect(plan(takeId).status).toBe('recording');
    await call(handlers, 'cancelTake', { takeId });
    expect(existsSync(join(sessions, takeId))).toBe(false);
    expect(await unfinished()).toEqual([]);
    await expect(call(handlers, 'finishTake', { takeId, end: 'finished' })).rejects.toThrow(
      'is recording; start a new take',
    );
  });

  it('a scoring failure after recording keeps the take, lists it, and scores it again', async () => {
    const takeId = await record();
    // The replay cannot be written where it goes (as on a full disk).
    const blocker = join(sessions, takeId, 'replay.wav');
    mkdirSync(blocker);
    await expect(call(handlers, 'finishTake', { takeId, end: 'finished' })).rejects.toThrow(
      'Scoring failed: the report could not be written (EISDIR). The recording is kept: score it again from the library.',
    );
    expect(plan(takeId).status).toBe('scoringFailed');
    expect(await unfinished()).toEqual([
      expect.objectContaining({ id: takeId, status: 'scoringFailed', actions: ['scoreAgain'] }),
    ]);

    rmdirSync(blocker);
    const view = await call<SessionView>(handlers, 'retranscribeSession', { id: takeId });
    expect(view.record.transcript.text).toMatch(/forty five minutes/);
    expect(plan(takeId).status).toBe('scored');
    expect(await unfinished()).toEqual([]);
  });

  it('a take whose page stops sending audio is closed and offered for recovery', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const takeId = await record();
      await vi.advanceTimersByTimeAsync(TAKE_IDLE_MS + 1000);
      await expect.poll(() => plan(takeId).message).toMatch(/page closed/);
      const recording = JSON.parse(readFileSync(join(sessions, takeId, 'take.json'), 'utf8')) as {
        state: string;
        durationMs: number;
      };
      expect(recording).toMatchObject({
        state: 'complete',
        durationMs: Math.round((speech.length / 16000) * 1000),
      });
      await expect(
        call(handlers, 'appendAudio', { takeId, seq: 99, pcm: new Uint8Array(2) }),
      ).rejects.toThrow('is recording; start a new take');
      expect(await unfinished()).toEqual([
        expect.objectContaining({ id: takeId, status: 'recording', actions: ['recover'] }),
      ]);
    } finally {
      vi.useRealTimers();
    }
  });
  it('a take still waiting for its microphone is kept past the idle limit, then closed', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] });
    try {
      const { takeId } = await call<{ takeId: string }>(handlers, 'startTake', {
        scenarioId: 'lightning-incident',
      });
      await vi.advanceTimersByTimeAsync(TAKE_IDLE_MS + 1000);
      expect(plan(takeId).status).toBe('recording');
      await call(handlers, 'appendAudio', { takeId, seq: 0, pcm: chunks(speech, 1000)[0]! });
      await vi.advanceTimersByTimeAsync(TAKE_FIRST_AUDIO_MS);
      await expect.poll(() => plan(takeId).message).toMatch(/page closed/);
    } finally {
      vi.useRealTimers();
    }
  });
});
