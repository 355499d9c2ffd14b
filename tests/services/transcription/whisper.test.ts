import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptionResult } from '../../../core/transcription/types';
import {
  createWhisperTranscriber,
  whisperWorkerEntry,
} from '../../../services/transcription/whisper/whisperTranscriber';
import {
  GGML_TEST_MODEL_VERSION,
  TEST_MODEL_THREADS,
  tinyEnTestModel,
} from '../../support/ggmlModel';
import {
  INCIDENT_SENTENCE,
  PAGING_SENTENCE,
  joinWithPauses,
  saveWav,
  speak,
  text2wave,
} from './speechClips';

/**
 * These tests run the real whisper.cpp (through @napi-rs/whisper, in its worker process) on a
 * model of tiny.en's exact shape whose weights are seeded random noise: the file loads and
 * inference runs end to end, but the words it "hears" are meaningless. They prove loading,
 * timing, progress, cancellation and crash isolation. Accuracy is NOT tested here.
 */

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

function expectTimeline(result: TranscriptionResult, offsetMs = 0): void {
  let previousEnd = offsetMs;
  for (const word of result.words) {
    expect(Number.isInteger(word.startMs) && Number.isInteger(word.endMs)).toBe(true);
    expect(word.startMs).toBeGreaterThanOrEqual(previousEnd);
    expect(word.endMs).toBeGreaterThanOrEqual(word.startMs);
    expect(word.endMs).toBeLessThanOrEqual(offsetMs + result.durationMs);
    previousEnd = word.endMs;
  }
}

describe('whisper worker entry', () => {
  it('runs the TypeScript source through the tsx loader when no bundle sits beside the module', () => {
    const entry = whisperWorkerEntry();
    expect(
      entry.path.endsWith(join('services', 'transcription', 'whisper', 'whisperWorker.ts')),
    ).toBe(true);
    expect(entry.execArgv[0]).toBe('--import');
    expect(entry.execArgv[1]).toMatch(/^file:.*tsx/);
  });

  it('prefers whisperWorker.js beside a bundle', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bundle-'));
    writeFileSync(join(dir, 'whisperWorker.js'), '');
    const entry = whisperWorkerEntry(`file://${join(dir, 'cli.js')}`);
    expect(entry).toEqual({ path: join(dir, 'whisperWorker.js'), execArgv: [] });
    rmSync(dir, { recursive: true, force: true });
  });

  it('fails with engine-missing when neither the bundle nor the source is there', () => {
    expect(() => whisperWorkerEntry('file:///nonexistent/out/node/cli.js')).toThrow(
      expect.objectContaining({
        code: 'engine-missing',
        message: expect.stringContaining('npm run build'),
      }),
    );
  });
});

describe('whisper without a model', () => {
  it('names the command that downloads one', async () => {
    const transcriber = createWhisperTranscriber({ modelPath: '/nonexistent/ggml-base.en.bin' });
    await expect(
      transcriber.transcribe({ samples: new Float32Array(16000) }),
    ).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('mock-interviewer models download tiny.en'),
    });
  });

  it('reports a file that is not a ggml model as unusable, with the download command', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'notggml-'));
    const path = join(dir, 'ggml-broken.bin');
    writeFileSync(path, 'this is not a model');
    const transcriber = createWhisperTranscriber({ modelPath: path });
    await expect(
      transcriber.transcribe({ samples: new Float32Array(16000) }),
    ).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringMatching(/not a usable Whisper ggml model.*models download tiny\.en/),
    });
    await transcriber.dispose();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe.skipIf(!text2wave)(
  'whisper.cpp with a random-weight tiny.en model (plumbing only, accuracy NOT tested)',
  () => {
    let dir: string;
    let modelPath: string;
    let sentenceWav: string;
    let longClip: Float32Array;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'whisper-test-'));
      modelPath = tinyEnTestModel();
      const sentence = speak(INCIDENT_SENTENCE, dir, 'incident');
      sentenceWav = saveWav(sentence, dir, 'incident');
      const paging = speak(PAGING_SENTENCE, dir, 'paging');
      // About 31 s: two whisper windows (cut at the first pause after 20 s), so progress is
      // reported between them.
      longClip = joinWithPauses([sentence, paging, sentence, paging, sentence], 1000);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('loads the model and returns integer-ms words inside the clip, in time order', async () => {
      const transcriber = createWhisperTranscriber({ modelPath, threads: TEST_MODEL_THREADS });
      const result = await transcriber.transcribe({ wavPath: sentenceWav }, { offsetMs: 1000 });
      await transcriber.dispose();
      expect(result.engine).toBe('whisper');
      expect(result.model).toBe(`ggml-tiny.en-random-${GGML_TEST_MODEL_VERSION}-s1.bin`);
      expect(result.words.length).toBeGreaterThan(0);
      expectTimeline(result, 1000);
      expect(result.words[0]?.startMs).toBeGreaterThanOrEqual(1000);
    });

    it('reports progress between windows that rises and reaches 1', async () => {
      const transcriber = createWhisperTranscriber({ modelPath, threads: TEST_MODEL_THREADS });
      const seen: number[] = [];
      const result = await transcriber.transcribe(
        { samples: longClip },
        { onProgress: (f) => seen.push(f) },
      );
      await transcriber.dispose();
      expect(seen.length).toBeGreaterThanOrEqual(3);
      expect(seen[0]).toBeGreaterThan(0.3);
      expect(seen[0]).toBeLessThan(0.9);
      expect(seen[seen.length - 1]).toBe(1);
      expect([...seen].sort((a, b) => a - b)).toEqual(seen);
      expectTimeline(result);
    });

    it('ends the worker promptly on abort, rejects with cancelled, and the next job starts a new worker', async () => {
      const pids: number[] = [];
      const transcriber = createWhisperTranscriber({
        modelPath,
        threads: TEST_MODEL_THREADS,
        onWorkerStart: (pid) => pids.push(pid),
      });
      const controller = new AbortController();
      const job = transcriber.transcribe(
        { samples: longClip },
        { signal: controller.signal, onProgress: () => controller.abort() },
      );
      await expect(job).rejects.toMatchObject({ code: 'cancelled' });
      // The worker is gone once the job rejects (how fast: bench/responsiveness.ts).
      expect(processGone(pids[0] ?? 0)).toBe(true);

      const next = await transcriber.transcribe({ wavPath: sentenceWav });
      expect(next.words.length).toBeGreaterThan(0);
      expect(pids).toHaveLength(2);
      await transcriber.dispose();
    });

    it('turns a worker killed from outside into a crashed error while this process lives on', async () => {
      const pids: number[] = [];
      const transcriber = createWhisperTranscriber({
        modelPath,
        threads: TEST_MODEL_THREADS,
        onWorkerStart: (pid) => pids.push(pid),
      });
      const job = transcriber.transcribe(
        { samples: longClip },
        { onProgress: () => process.kill(pids[0] ?? 0, 'SIGKILL') },
      );
      await expect(job).rejects.toMatchObject({
        code: 'crashed',
        message: expect.stringContaining('signal SIGKILL'),
      });
      await transcriber.dispose();
    });

    it('survives a native crash inside whisper.cpp (a model with zero attention heads divides by zero)', async () => {
      const crashing = createWhisperTranscriber({
        modelPath: tinyEnTestModel({ hparams: { nAudioHead: 0 } }),
        threads: TEST_MODEL_THREADS,
      });
      await expect(crashing.transcribe({ wavPath: sentenceWav })).rejects.toMatchObject({
        code: 'crashed',
        message: expect.stringMatching(/signal SIG(FPE|SEGV|ABRT)/),
      });
      await crashing.dispose();
      const healthy = createWhisperTranscriber({ modelPath, threads: TEST_MODEL_THREADS });
      expect((await healthy.transcribe({ wavPath: sentenceWav })).words.length).toBeGreaterThan(0);
      await healthy.dispose();
    });

    it('stops a job that runs past its time limit with a timeout error', async () => {
      const pids: number[] = [];
      const transcriber = createWhisperTranscriber({
        modelPath,
        threads: TEST_MODEL_THREADS,
        onWorkerStart: (pid) => pids.push(pid),
      });
      await expect(
        transcriber.transcribe({ wavPath: sentenceWav }, { timeoutMs: 50 }),
      ).rejects.toMatchObject({
        code: 'timeout',
        message: expect.stringContaining('tiny.en'),
      });
      expect(processGone(pids[0] ?? 0)).toBe(true);
    });

    it('runs queued jobs one after another on one warm worker', async () => {
      const pids: number[] = [];
      const transcriber = createWhisperTranscriber({
        modelPath,
        threads: TEST_MODEL_THREADS,
        onWorkerStart: (pid) => pids.push(pid),
      });
      const [a, b] = await Promise.all([
        transcriber.transcribe({ wavPath: sentenceWav }),
        transcriber.transcribe({ wavPath: sentenceWav }, { offsetMs: 10000 }),
      ]);
      await transcriber.dispose();
      expect(pids).toHaveLength(1);
      expect(b.words.map((w) => w.startMs)).toEqual(a.words.map((w) => w.startMs + 10000));
    });
  },
);
