import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SilenceFrames, detectSilencesInFrames } from '../../../core/timing/silence';
import { alignWordsToSpeech, squeezeSilences } from '../../../core/transcription/alignment';
import type { HallucinationFilter } from '../../../core/transcription/hallucination';
import { applyHallucinationFilters } from '../../../core/transcription/hallucination';
import type {
  AudioInput,
  TranscribeOptions,
  Transcriber,
  TranscriptionResult,
} from '../../../core/transcription/types';
import {
  FILLER_KEEPING_PROMPT,
  TRANSCRIPTION_SAMPLE_RATE,
  TranscriptionError,
  badAudioError,
  cancelledError,
  crashedError,
  engineMissingError,
  modelMissingError,
  timeoutError,
} from '../../../core/transcription/types';
import {
  mergeWhisperPieces,
  offsetWords,
  segmentsFromWords,
} from '../../../core/transcription/words';
import { loadSamples16k, samplesToMs } from '../audioInput';
import type { FromWhisperWorker, ToWhisperWorker } from './protocol';

/** File name of the worker entry once bundled next to the bundle that uses it. */
export const WHISPER_WORKER_BUNDLE_NAME = 'whisperWorker.js';

/** How to start the worker: the script and the Node flags it needs. */
export interface WhisperWorkerEntry {
  path: string;
  execArgv: string[];
}

/**
 * Finds the worker script: `whisperWorker.js` beside the running bundle (out/node/ or
 * out/main/ after the build), else the TypeScript source beside this module, run through the
 * tsx loader (tests and `npm run cli`). Throws `engine-missing` when neither is there.
 */
export function whisperWorkerEntry(moduleUrl: string = import.meta.url): WhisperWorkerEntry {
  const here = dirname(fileURLToPath(moduleUrl));
  const bundled = join(here, WHISPER_WORKER_BUNDLE_NAME);
  if (existsSync(bundled)) return { path: bundled, execArgv: [] };
  const source = join(here, 'whisperWorker.ts');
  if (existsSync(source)) {
    const loader = createRequire(moduleUrl).resolve('tsx');
    return { path: source, execArgv: ['--import', pathToFileURL(loader).href] };
  }
  throw engineMissingError(
    `The whisper worker script is missing (looked for ${bundled}).`,
    'Rebuild the app with `npm run build`, or use `--engine pocketsphinx`.',
  );
}

/** Options of {@link createWhisperTranscriber}. */
export interface WhisperTranscriberOptions {
  /** A ggml model file, e.g. `~/.local/share/mock-interviewer/models/ggml-base.en.bin`. */
  modelPath: string;
  /**
   * CPU threads for whisper.cpp; default one fewer than the cores (at least 1, at most 4), so the
   * recorder, the host and the page keep a core while a whole take is transcribed.
   */
  threads?: number;
  /** Default time limit per job in ms, including loading the model; default 120 s + 5 x audio. */
  timeoutMs?: number;
  /** An idle worker is ended after this long, ms; default 30 s. */
  idleMs?: number;
  /** Worker script override (see {@link whisperWorkerEntry}). */
  worker?: WhisperWorkerEntry;
  /** Guards against invented text; default `DEFAULT_HALLUCINATION_FILTERS`. `[]` turns them off. */
  hallucinationFilters?: HallucinationFilter[];
  /** Called with the worker's process id each time a worker starts (diagnostics, tests). */
  onWorkerStart?: (pid: number) => void;
}

/** The stderr pipe is a socket, which can stop holding the event loop open. */
interface RefCounted {
  ref?(): void;
  unref?(): void;
}

interface Job {
  jobId: number;
  resolve: (message: Extract<FromWhisperWorker, { type: 'result' }>) => void;
  reject: (error: TranscriptionError) => void;
  onProgress?: (fraction: number) => void;
}

interface Worker {
  child: ChildProcess;
  ready: Promise<void>;
  stderr: string;
  /** Set when the app ends the worker on purpose, so its exit is not a crash. */
  ending: TranscriptionError | null;
  job: Job | null;
  loadFailure?: TranscriptionError;
}

/**
 * Whisper through whisper.cpp in a separate worker process (see whisperWorker.ts). The worker
 * is started on the first job, keeps the model loaded between jobs, and is ended when idle,
 * on `dispose()`, on cancellation and on timeout (a blocked native call cannot be interrupted
 * any other way). A worker that dies mid-job fails that job with `crashed`; the next job starts
 * a fresh one. Jobs run one at a time, in the order they were asked for.
 */
export function createWhisperTranscriber(options: WhisperTranscriberOptions): Transcriber {
  const model = basename(options.modelPath);
  const idleMs = options.idleMs ?? 30_000;
  // whisper.cpp's threads spin-wait for each other: on a core shared with other work one job
  // slowed from 4.4 s (1 thread) to 85.7 s (2 threads on 2 busy cores), so one core stays free.
  const threads = options.threads ?? Math.max(1, Math.min(4, availableParallelism() - 1));
  let worker: Worker | null = null;
  let idleTimer: NodeJS.Timeout | null = null;
  let nextJobId = 1;
  let queue: Promise<unknown> = Promise.resolve();

  function stopWorker(w: Worker, reason: TranscriptionError): void {
    if (!w.ending) w.ending = reason;
    if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL');
    if (worker === w) worker = null;
  }

  function startWorker(): Worker {
    const entry = options.worker ?? whisperWorkerEntry();
    const child = fork(entry.path, [], {
      execArgv: entry.execArgv,
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    });
    const w: Worker = { child, stderr: '', ending: null, job: null, ready: Promise.resolve() };
    // A worker busy inside whisper.cpp cannot notice that its parent is gone; end it with us.
    const endWithParent = () => child.kill('SIGKILL');
    process.once('exit', endWithParent);
    child.once('exit', () => process.removeListener('exit', endWithParent));
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      w.stderr = (w.stderr + chunk).slice(-4000);
    });
    w.ready = new Promise<void>((resolve, reject) => {
      const onMessage = (message: FromWhisperWorker) => {
        if (message.type === 'ready') resolve();
        else if (message.type === 'load-failed') {
          const error =
            message.code === 'engine-missing'
              ? engineMissingError(message.message, 'Use `--engine pocketsphinx` on this machine.')
              : new TranscriptionError(
                  'model-missing',
                  `${message.message} Download a model with \`mock-interviewer models download tiny.en\`.`,
                );
          w.loadFailure = error;
          reject(error);
          stopWorker(w, error);
        } else if (w.job && 'jobId' in message && message.jobId === w.job.jobId) {
          const job = w.job;
          if (message.type === 'progress') job.onProgress?.(message.fraction);
          else if (message.type === 'result') job.resolve(message);
          else if (message.type === 'failed') {
            job.reject(
              message.code === 'bad-audio'
                ? badAudioError(message.message)
                : crashedError('whisper', message.message),
            );
          }
        }
      };
      child.on('message', onMessage);
      child.on('exit', (code, signal) => {
        if (worker === w) worker = null;
        const how = signal ? `signal ${signal}` : `exit code ${String(code)}`;
        const tail = w.stderr.trim().split('\n').pop();
        const error =
          w.ending ?? w.loadFailure ?? crashedError('whisper', tail ? `${how}: ${tail}` : how);
        reject(error);
        w.job?.reject(error);
      });
      child.on('error', (error) => {
        const failure = crashedError('whisper', error.message);
        reject(failure);
        w.job?.reject(failure);
        stopWorker(w, failure);
      });
    });
    w.ready.catch(() => {});
    if (child.pid !== undefined) options.onWorkerStart?.(child.pid);
    const load: ToWhisperWorker = { type: 'load', modelPath: options.modelPath, threads };
    child.send(load);
    return w;
  }

  function hold(w: Worker): void {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = null;
    w.child.ref();
    w.child.channel?.ref();
    (w.child.stderr as RefCounted | null)?.ref?.();
  }

  function release(w: Worker): void {
    if (worker !== w) return;
    // An idle worker must not keep a command-line process alive.
    w.child.unref();
    w.child.channel?.unref();
    (w.child.stderr as RefCounted | null)?.unref?.();
    idleTimer = setTimeout(() => stopWorker(w, cancelledError('whisper')), idleMs);
    idleTimer.unref();
  }

  async function runJob(
    samples: Float32Array,
    opts: TranscribeOptions,
  ): Promise<TranscriptionResult> {
    if (opts.signal?.aborted) throw cancelledError('whisper');
    const durationMs = samplesToMs(samples.length);
    const limitMs = opts.timeoutMs ?? options.timeoutMs ?? 120_000 + 5 * durationMs;
    const frames = new SilenceFrames(TRANSCRIPTION_SAMPLE_RATE);
    frames.push(samples);
    const detection = detectSilencesInFrames(frames);
    // Whisper hears long silences shortened: nothing to invent text in, nothing to drift across.
    const squeezed = squeezeSilences(samples, TRANSCRIPTION_SAMPLE_RATE, detection.silences);
    const w = worker ?? (worker = startWorker());
    hold(w);
    let lastFraction = 0;
    const reportProgress = (fraction: number) => {
      const clamped = Math.min(1, Math.max(lastFraction, fraction));
      if (clamped > lastFraction || (clamped === 1 && lastFraction < 1)) {
        lastFraction = clamped;
        opts.onProgress?.(clamped);
      }
    };
    let onAbort: (() => void) | null = null;
    let timer: NodeJS.Timeout | null = null;
    try {
      const answer = await new Promise<Extract<FromWhisperWorker, { type: 'result' }>>(
        (resolve, reject) => {
          const jobId = nextJobId++;
          w.job = { jobId, resolve, reject, onProgress: (f) => reportProgress(Math.min(0.99, f)) };
          // The job rejects from the worker's exit handler, once the process is really gone.
          onAbort = () => stopWorker(w, cancelledError('whisper'));
          opts.signal?.addEventListener('abort', onAbort);
          timer = setTimeout(() => stopWorker(w, timeoutError('whisper', limitMs)), limitMs);
          w.ready.then(
            () => {
              const message: ToWhisperWorker = {
                type: 'transcribe',
                jobId,
                samples: squeezed.samples,
                language: opts.language ?? 'en',
                initialPrompt: opts.initialPrompt ?? FILLER_KEEPING_PROMPT,
                ...(opts.livePiece ? { livePiece: true } : {}),
                ...(opts.livePiece && opts.afterRecording ? { afterRecording: true } : {}),
              };
              w.child.send(message);
            },
            (error: TranscriptionError) => reject(error),
          );
        },
      );
      reportProgress(1);
      const pieces = answer.pieces.map((p) => ({
        ...p,
        startMs: squeezed.toOriginalMs(p.startMs),
        endMs: squeezed.toOriginalMs(p.endMs),
      }));
      const merged = mergeWhisperPieces(pieces, durationMs);
      const aligned = alignWordsToSpeech(merged, detection.speech, {
        loudness: { frameMs: frames.frameMs, energiesDb: frames.energies().whole },
      });
      const kept = applyHallucinationFilters(
        aligned,
        { durationMs, silences: detection.silences },
        options.hallucinationFilters,
      );
      const words = offsetWords(kept, opts.offsetMs ?? 0);
      return { engine: 'whisper', model, words, segments: segmentsFromWords(words), durationMs };
    } finally {
      w.job = null;
      if (timer) clearTimeout(timer);
      if (onAbort) opts.signal?.removeEventListener('abort', onAbort);
      release(w);
    }
  }

  async function transcribe(
    audio: AudioInput,
    opts: TranscribeOptions = {},
  ): Promise<TranscriptionResult> {
    if (!existsSync(options.modelPath)) throw modelMissingError(options.modelPath);
    const samples = await loadSamples16k(audio);
    if (samples.length === 0) throw badAudioError('The audio is empty.');
    const run = queue.then(() => runJob(samples, opts));
    queue = run.catch(() => {});
    return run;
  }

  return {
    engine: 'whisper',
    model,
    transcribe,
    prepare: async () => {
      if (worker || !existsSync(options.modelPath)) return;
      const w = (worker = startWorker());
      hold(w);
      await w.ready.catch(() => {});
      // Idle from now on, unless a job came meanwhile: a prepared worker that gets none ends.
      if (!w.job) release(w);
    },
    dispose: async () => {
      if (idleTimer) clearTimeout(idleTimer);
      const w = worker;
      if (!w) return;
      const exited = new Promise<void>((resolve) => {
        if (w.child.exitCode !== null || w.child.signalCode !== null) resolve();
        else w.child.once('exit', () => resolve());
      });
      // Hold the event loop open until the worker is really gone.
      w.child.ref();
      stopWorker(w, cancelledError('whisper'));
      await exited;
    },
  };
}
