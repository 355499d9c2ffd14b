import type { WhisperPiece } from '../../../core/transcription/words';

/**
 * Messages between the app and the whisper worker process, sent over Node's IPC channel with
 * `serialization: 'advanced'` (structured clone), so samples travel as a Float32Array.
 * One job runs at a time; `jobId` ties answers to their request.
 */

/** From the app to the worker. */
export type ToWhisperWorker =
  | { type: 'load'; modelPath: string; threads: number }
  | {
      type: 'transcribe';
      jobId: number;
      /** 16 kHz mono samples. */
      samples: Float32Array;
      language: string;
      initialPrompt: string;
      /** A live caption piece: decode it with `whisperPieceSettings` (chunking.ts). */
      livePiece?: boolean;
      /** With `livePiece`: decoded after the recording stopped, on every core (up to 4). */
      afterRecording?: boolean;
    };

/** Why the worker could not do what was asked. */
export type WhisperWorkerFailure = 'engine-missing' | 'model-missing' | 'bad-audio' | 'crashed';

/** From the worker to the app. */
export type FromWhisperWorker =
  | { type: 'ready'; loadMs: number }
  | { type: 'load-failed'; code: WhisperWorkerFailure; message: string }
  | { type: 'progress'; jobId: number; fraction: number }
  | {
      type: 'result';
      jobId: number;
      /** Word pieces with times on the job's audio (ms from its first sample). */
      pieces: WhisperPiece[];
      /** Windows the audio was cut into. */
      windows: number;
      /** Time spent inside whisper.cpp, ms. */
      inferenceMs: number;
    }
  | { type: 'failed'; jobId: number; code: WhisperWorkerFailure; message: string };
