/**
 * The whisper worker process. It loads whisper.cpp (through @napi-rs/whisper) and a ggml model
 * once, then transcribes jobs sent by the app over IPC. It runs in its own process because
 * whisper.cpp's `full()` blocks the thread that calls it for the whole job and a native crash
 * (a bad model file, an out-of-memory abort) takes the whole process with it: here it takes
 * only this worker, and the app reports the job as crashed.
 *
 * Audio is cut into windows of at most 28 s at pauses and each window is one `full()` call,
 * so progress is reported between windows. Word times come from whisper.cpp's own word
 * splitting (token timestamps, one segment per word).
 */
import { availableParallelism } from 'node:os';
import {
  WHISPER_WINDOW_POLICY,
  splitIntoChunks,
  whisperPieceSettings,
} from '../../../core/transcription/chunking';
import type { WhisperPiece } from '../../../core/transcription/words';
import type { NapiModule, NapiSegment, NapiWhisper } from './napi';
import { loadNapiWhisper, wordTimedParams } from './napi';
import type { FromWhisperWorker, ToWhisperWorker } from './protocol';

const SAMPLE_RATE = 16000;

function send(message: FromWhisperWorker): void {
  process.send?.(message);
}

function squash(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Segment callbacks are queued while `full()` holds the thread and delivered afterwards; this
 * waits until the text they carry adds up to what `full()` returned (or a short deadline).
 */
async function drain(segments: NapiSegment[], expected: string): Promise<void> {
  const want = squash(expected);
  const deadline = Date.now() + 1000;
  while (squash(segments.map((s) => s.text).join('')) !== want && Date.now() < deadline) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

let whisper: NapiWhisper | null = null;
let napi: NapiModule | null = null;
let threads = 2;

function load(modelPath: string, requestedThreads: number): void {
  try {
    napi = loadNapiWhisper();
  } catch (error) {
    send({
      type: 'load-failed',
      code: 'engine-missing',
      message: `whisper.cpp (@napi-rs/whisper) cannot be loaded on ${process.platform}-${process.arch}: ${(error as Error).message}`,
    });
    return;
  }
  const started = Date.now();
  try {
    whisper = new napi.Whisper(modelPath);
  } catch (error) {
    send({
      type: 'load-failed',
      code: 'model-missing',
      message: `${modelPath} is not a usable Whisper ggml model (${(error as Error).message}).`,
    });
    return;
  }
  threads = Math.max(1, Math.min(requestedThreads, availableParallelism()));
  send({ type: 'ready', loadMs: Date.now() - started });
}

async function transcribe(job: Extract<ToWhisperWorker, { type: 'transcribe' }>): Promise<void> {
  if (!whisper || !napi) {
    send({ type: 'failed', jobId: job.jobId, code: 'crashed', message: 'no model is loaded' });
    return;
  }
  const windows = splitIntoChunks(job.samples, SAMPLE_RATE, WHISPER_WINDOW_POLICY);
  const pieces: WhisperPiece[] = [];
  let inferenceMs = 0;
  for (const window of windows) {
    const segments: NapiSegment[] = [];
    // A live caption piece runs its encoder over the piece, not a 30 s window.
    const piece = job.livePiece
      ? whisperPieceSettings((window.samples.length * 1000) / SAMPLE_RATE, {
          afterRecording: job.afterRecording === true,
          cores: availableParallelism(),
        })
      : null;
    const params = wordTimedParams(napi, {
      language: job.language,
      threads: piece ? piece.threads : threads,
      ...(job.initialPrompt ? { initialPrompt: job.initialPrompt } : {}),
      ...(piece ? { audioCtx: piece.audioCtx, maxTokens: piece.maxTokens } : {}),
      onSegment: (segment) => segments.push(segment),
    });
    const started = Date.now();
    const text = whisper.full(params, window.samples);
    inferenceMs += Date.now() - started;
    await drain(segments, text);
    for (const segment of segments) {
      pieces.push({
        text: ` ${segment.text}`,
        startMs: window.startMs + segment.start * 10,
        endMs: window.startMs + segment.end * 10,
      });
    }
    send({
      type: 'progress',
      jobId: job.jobId,
      fraction: (window.startSample + window.samples.length) / job.samples.length,
    });
  }
  send({ type: 'result', jobId: job.jobId, pieces, windows: windows.length, inferenceMs });
}

process.on('message', (message: ToWhisperWorker) => {
  if (message.type === 'load') load(message.modelPath, message.threads);
  else if (message.type === 'transcribe') {
    transcribe(message).catch((error: unknown) => {
      send({
        type: 'failed',
        jobId: message.jobId,
        code: 'crashed',
        message: (error as Error).message,
      });
    });
  }
});
process.on('disconnect', () => process.exit(0));
