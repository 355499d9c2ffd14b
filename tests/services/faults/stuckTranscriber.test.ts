import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcriber } from '../../../core/transcription/types';
import { createPocketsphinxTranscriber } from '../../../services/transcription/pocketsphinx';
import { createWhisperTranscriber } from '../../../services/transcription/whisper/whisperTranscriber';
import { TEST_MODEL_THREADS, tinyEnTestModel } from '../../support/ggmlModel';
import { INCIDENT_SENTENCE, pocketsphinx, speak, text2wave } from '../transcription/speechClips';

/**
 * What the transcription tests in tests/services/transcription do not show yet: an engine that
 * hangs (blocks without a word, rather than crashing or running slowly) is stopped at its time
 * limit, its process is really gone, and the next job on the same transcriber works.
 */

const here = dirname(fileURLToPath(import.meta.url));
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const stuckWorker = {
  path: join(here, 'fixtures', 'stuckWhisperWorker.ts'),
  execArgv: ['--import', tsxLoader],
};

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stuck-engine-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function processGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return false;
  } catch {
    return true;
  }
}

/**
 * One second: a 220 Hz tone for 500 ms, then quiet. The transcriber lays words onto the sound it
 * detects (a word in a silent clip cannot have been spoken and is dropped), so the stand-in's
 * word needs the tone. A first sample above 0.5 tells the stuck worker to block.
 */
function clip(stuck: boolean): Float32Array {
  const samples = new Float32Array(16000);
  for (let i = 0; i < 8000; i++) samples[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000);
  if (stuck) samples[0] = 0.9;
  return samples;
}

describe('a whisper worker that blocks and never answers', () => {
  let modelPath: string;
  let pids: number[];
  let transcriber: Transcriber;

  beforeAll(() => {
    modelPath = join(dir, 'ggml-stand-in.bin');
    writeFileSync(modelPath, 'the stand-in worker does not read the model');
    pids = [];
    transcriber = createWhisperTranscriber({
      modelPath,
      worker: stuckWorker,
      hallucinationFilters: [],
      onWorkerStart: (pid) => pids.push(pid),
    });
  });
  afterAll(() => transcriber.dispose());

  it('is stopped at the time limit of a job, with a timeout error naming the limit', async () => {
    await expect(
      transcriber.transcribe({ samples: clip(true) }, { timeoutMs: 3000 }),
    ).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('took longer than 3 s'),
    });
    expect(pids).toHaveLength(1);
    expect(processGone(pids[0]!)).toBe(true);
  });

  it('leaves the next job on the same transcriber working on a fresh worker', async () => {
    const result = await transcriber.transcribe({ samples: clip(false) }, { timeoutMs: 10_000 });
    // The word spans the detected sound: the tone, and the detector's 15 ms of hangover.
    expect(result.words.map((w) => [w.text, w.startMs, w.endMs])).toEqual([['steady', 0, 515]]);
    expect(pids).toHaveLength(2);
    expect(pids[1]).not.toBe(pids[0]);
  });

  it('is stopped by the same limit when it hangs while loading the model, and recovers after', async () => {
    const marker = `${modelPath}.stuck-on-load`;
    const fresh = createWhisperTranscriber({
      modelPath,
      worker: stuckWorker,
      hallucinationFilters: [],
      onWorkerStart: (pid) => pids.push(pid),
    });
    writeFileSync(marker, '');
    await expect(
      fresh.transcribe({ samples: clip(false) }, { timeoutMs: 3000 }),
    ).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(processGone(pids[2]!)).toBe(true);
    unlinkSync(marker);
    const result = await fresh.transcribe({ samples: clip(false) }, { timeoutMs: 10_000 });
    expect(result.words.map((w) => w.text)).toEqual(['steady']);
    expect(pids).toHaveLength(4);
    await fresh.dispose();
    expect(processGone(pids[3]!)).toBe(true);
  });
});

describe.skipIf(!text2wave)('the real whisper.cpp worker stopped by its time limit', () => {
  it('starts a fresh worker for the next job on the same transcriber, which completes', async () => {
    const pids: number[] = [];
    const transcriber = createWhisperTranscriber({
      modelPath: tinyEnTestModel(),
      threads: TEST_MODEL_THREADS,
      onWorkerStart: (pid) => pids.push(pid),
    });
    const sentence = speak(INCIDENT_SENTENCE, dir, 'incident');
    await expect(
      transcriber.transcribe({ samples: sentence }, { timeoutMs: 50 }),
    ).rejects.toMatchObject({ code: 'timeout' });
    expect(processGone(pids[0]!)).toBe(true);
    const next = await transcriber.transcribe({ samples: sentence });
    expect(next.words.length).toBeGreaterThan(0);
    expect(pids).toHaveLength(2);
    await transcriber.dispose();
    expect(processGone(pids[1]!)).toBe(true);
  });
});

/** A model folder shaped like Debian's, for the stand-in program (which never reads it). */
function standInModels(): string {
  const models = join(dir, 'models');
  mkdirSync(join(models, 'en-us'), { recursive: true });
  return models;
}

/** Writes a stand-in pocketsphinx program that records its pid, then hangs or segfaults. */
function standInPocketsphinx(mode: 'hang' | 'segfault'): { path: string; pidFile: string } {
  const path = join(dir, `pocketsphinx-${mode}`);
  const pidFile = join(dir, `pocketsphinx-${mode}.pid`);
  writeFileSync(
    path,
    [
      '#!/bin/sh',
      `echo $$ > '${pidFile}'`,
      mode === 'segfault' ? 'kill -SEGV $$' : 'exec sleep 600',
      '',
    ].join('\n'),
  );
  chmodSync(path, 0o755);
  return { path, pidFile };
}

describe('a pocketsphinx program that hangs or crashes', () => {
  it('is killed at its time limit, with a timeout error, and its process is gone', async () => {
    const { path, pidFile } = standInPocketsphinx('hang');
    const transcriber = createPocketsphinxTranscriber({
      command: { cli: 'pocketsphinx5', path },
      modelDir: standInModels(),
    });
    await expect(
      transcriber.transcribe({ samples: clip(false) }, { timeoutMs: 1500 }),
    ).rejects.toMatchObject({ code: 'timeout', message: expect.stringContaining('pocketsphinx') });
    expect(processGone(Number(readFileSync(pidFile, 'utf8')))).toBe(true);
  });

  it('reports a segfault as crashed, naming the signal', async () => {
    const { path } = standInPocketsphinx('segfault');
    const transcriber = createPocketsphinxTranscriber({
      command: { cli: 'pocketsphinx5', path },
      modelDir: standInModels(),
    });
    await expect(transcriber.transcribe({ samples: clip(false) })).rejects.toMatchObject({
      code: 'crashed',
      message: expect.stringContaining('signal SIGSEGV'),
    });
  });

  it.skipIf(!pocketsphinx || !text2wave)(
    'does not stop the real pocketsphinx from transcribing the next clip',
    async () => {
      const { path } = standInPocketsphinx('hang');
      await expect(
        createPocketsphinxTranscriber({
          command: { cli: 'pocketsphinx5', path },
          modelDir: standInModels(),
        }).transcribe({ samples: clip(false) }, { timeoutMs: 500 }),
      ).rejects.toMatchObject({ code: 'timeout' });
      const result = await createPocketsphinxTranscriber().transcribe({
        samples: speak(INCIDENT_SENTENCE, dir, 'incident-ps'),
      });
      expect(result.words.map((w) => w.text)).toContain('outage');
    },
  );
});
