import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TranscriptionError } from '../../../core/transcription/types';
import { runTool } from '../../../services/process/runTool';
import type { ToolResult, ToolRunner } from '../../../services/process/runTool';
import {
  createPocketsphinxTranscriber,
  findPocketsphinx,
  pocketsphinxArgs,
} from '../../../services/transcription/pocketsphinx';
import {
  INCIDENT_SENTENCE,
  PAGING_SENTENCE,
  joinWithPauses,
  pocketsphinx,
  saveWav,
  speak,
  text2wave,
  wordRecall,
} from './speechClips';

describe('pocketsphinx command lines', () => {
  it.each([
    ['continuous', undefined, ['-infile', '/a.wav', '-time', 'yes']],
    ['pocketsphinx5', undefined, ['single', '/a.wav']],
    [
      'continuous',
      '/m',
      [
        '-infile',
        '/a.wav',
        '-time',
        'yes',
        '-hmm',
        '/m/en-us',
        '-lm',
        '/m/en-us.lm.bin',
        '-dict',
        '/m/cmudict-en-us.dict',
      ],
    ],
    [
      'pocketsphinx5',
      '/m',
      [
        '-hmm',
        '/m/en-us',
        '-lm',
        '/m/en-us.lm.bin',
        '-dict',
        '/m/cmudict-en-us.dict',
        'single',
        '/a.wav',
      ],
    ],
  ] as const)('%s with model folder %s runs with the arguments %j', (cli, modelDir, expected) => {
    expect(pocketsphinxArgs(cli, '/a.wav', modelDir)).toEqual(expected);
  });

  it('finds nothing on a PATH without pocketsphinx', () => {
    expect(findPocketsphinx('/nonexistent-dir')).toBeNull();
  });

  it('says which Debian packages to install when the program is missing', async () => {
    const transcriber = createPocketsphinxTranscriber({
      command: { cli: 'continuous', path: '/nonexistent/pocketsphinx_continuous' },
    });
    const error = await transcriber
      .transcribe({ samples: new Float32Array(1600) })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TranscriptionError);
    expect((error as TranscriptionError).code).toBe('engine-missing');
    expect((error as TranscriptionError).message).toContain(
      'apt-get install pocketsphinx pocketsphinx-en-us',
    );
  });

  it('rejects empty audio as bad-audio', async () => {
    const transcriber = createPocketsphinxTranscriber({
      command: { cli: 'continuous', path: '/bin/true' },
    });
    await expect(transcriber.transcribe({ samples: new Float32Array(0) })).rejects.toMatchObject({
      code: 'bad-audio',
    });
  });

  it('rejects a file that is not a WAV as bad-audio, naming the file', async () => {
    const transcriber = createPocketsphinxTranscriber({
      command: { cli: 'continuous', path: '/bin/true' },
    });
    await expect(transcriber.transcribe({ wavPath: '/etc/hostname' })).rejects.toMatchObject({
      code: 'bad-audio',
      message: expect.stringContaining('/etc/hostname is not a readable WAV file'),
    });
  });
});

describe.skipIf(!pocketsphinx || !text2wave)('pocketsphinx on festival speech', () => {
  let dir: string;
  let sentence: Float32Array;
  let twoSentences: Float32Array;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ps-test-'));
    sentence = speak(INCIDENT_SENTENCE, dir, 'incident');
    twoSentences = joinWithPauses([sentence, speak(PAGING_SENTENCE, dir, 'paging')], 2000);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hears at least 70% of the key words of a known sentence, in time order with integer ms', async () => {
    const transcriber = createPocketsphinxTranscriber();
    const wavPath = saveWav(sentence, dir, 'incident');
    const result = await transcriber.transcribe({ wavPath });
    const keyWords = [
      'outage',
      'lasted',
      'forty',
      'five',
      'minutes',
      'rolled',
      'back',
      'release',
      'four',
      'minutes',
    ];
    const heard = result.words.map((w) => w.text);
    expect(wordRecall(keyWords, heard)).toBeGreaterThanOrEqual(0.7);
    expect(result.engine).toBe('pocketsphinx');
    expect(result.durationMs).toBe(Math.round((sentence.length * 1000) / 16000));
    let previousEnd = 0;
    for (const word of result.words) {
      expect(Number.isInteger(word.startMs) && Number.isInteger(word.endMs)).toBe(true);
      expect(word.startMs).toBeGreaterThanOrEqual(previousEnd);
      expect(word.endMs).toBeGreaterThanOrEqual(word.startMs);
      expect(word.endMs).toBeLessThanOrEqual(result.durationMs);
      previousEnd = word.endMs;
    }
    expect(heard.some((w) => w.startsWith('<') || w.startsWith('[') || w.includes('('))).toBe(
      false,
    );
  });

  it('places the second utterance after the pause and shifts every word by offsetMs', async () => {
    const transcriber = createPocketsphinxTranscriber();
    const plain = await transcriber.transcribe({ samples: twoSentences });
    const shifted = await transcriber.transcribe({ samples: twoSentences }, { offsetMs: 60000 });
    const pauseStartMs = Math.round((sentence.length * 1000) / 16000);
    const database = plain.words.find((w) => w.text === 'database');
    expect(database?.startMs).toBeGreaterThan(pauseStartMs + 2000);
    expect(shifted.words.map((w) => w.startMs)).toEqual(plain.words.map((w) => w.startMs + 60000));
    expect(plain.segments.length).toBe(2);
  });

  it('reports progress that rises and ends at 1', async () => {
    const seen: number[] = [];
    await createPocketsphinxTranscriber().transcribe(
      { samples: twoSentences },
      { onProgress: (f) => seen.push(f) },
    );
    expect(seen[seen.length - 1]).toBe(1);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  /** The app's tool runner, recording every run and how it ended. */
  function watchedRunner() {
    const runs: ToolResult[] = [];
    const runner: ToolRunner = async (command, args, options) => {
      const result = await runTool(command, args, options);
      runs.push(result);
      return result;
    };
    return { runs, runner };
  }

  it('kills the running process when the signal aborts and rejects with cancelled', async () => {
    const { runs, runner } = watchedRunner();
    const controller = new AbortController();
    const job = createPocketsphinxTranscriber({ runner }).transcribe(
      { samples: twoSentences },
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    // It was running (it reported progress) and was killed (how fast: bench/responsiveness.ts).
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ stopped: 'cancelled', signal: 'SIGKILL', code: null });
  });

  it('rejects with cancelled without starting when the signal aborted before the process started', async () => {
    const { runs, runner } = watchedRunner();
    const controller = new AbortController();
    const job = createPocketsphinxTranscriber({ runner }).transcribe(
      { samples: twoSentences },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(job).rejects.toMatchObject({ code: 'cancelled' });
    // The runner refused to start a process for an aborted signal.
    expect(runs).toEqual([
      { code: null, signal: null, stdout: '', stderr: '', stopped: 'cancelled' },
    ]);
  });

  it('stops at its time limit with a timeout error', async () => {
    await expect(
      createPocketsphinxTranscriber().transcribe({ samples: twoSentences }, { timeoutMs: 1 }),
    ).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('took longer than 0 s'),
    });
  });
});
