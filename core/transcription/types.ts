import type { Word } from '../transcript';

/** The speech recognisers the app can run locally. */
export type TranscriptionEngine = 'whisper' | 'pocketsphinx';

/** A stretch of recognised text, coarser than words (a phrase or a sentence). Integer ms. */
export interface TranscriptSegment {
  text: string;
  startMs: number;
  endMs: number;
}

/**
 * What a transcription returns. `words` are in time order with integer millisecond times on the
 * take's timeline (`offsetMs` already added), `startMs <= endMs`, never overlapping backwards.
 * `durationMs` is the length of the audio that was transcribed (without `offsetMs`).
 */
export interface TranscriptionResult {
  engine: TranscriptionEngine;
  /** Model name or file for engines that load one (whisper), e.g. `ggml-base.en.bin`. */
  model?: string;
  words: Word[];
  segments: TranscriptSegment[];
  durationMs: number;
}

/** Audio to transcribe: 16 kHz mono samples in -1..1, or a WAV file on disk (any rate). */
export type AudioInput = { samples: Float32Array } | { wavPath: string };

/**
 * The part of `AbortSignal` a transcriber uses. Declared here so `core/` needs no DOM or Node
 * types; the platform's `AbortSignal` fits it.
 */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

/** Options of {@link Transcriber.transcribe}. */
export interface TranscribeOptions {
  /** Spoken language; only English models are shipped. */
  language?: 'en';
  /**
   * Text that primes the recogniser's style (whisper only). Defaults to
   * {@link FILLER_KEEPING_PROMPT} so fillers ("um", "like") are written down, not cleaned away.
   */
  initialPrompt?: string;
  /** Cancels the job: the engine process is ended and the promise rejects with `cancelled`. */
  signal?: AbortSignalLike;
  /** Called with the fraction of audio done, 0..1, non-decreasing; the last call is 1. */
  onProgress?: (fraction: number) => void;
  /** Added to every time in the result: where this audio starts on the take's timeline, ms. */
  offsetMs?: number;
  /** Longest a job may run before it is stopped with `timeout`, ms. Engines pick a default. */
  timeoutMs?: number;
  /**
   * The audio is one short piece of a live take (live captions): whisper decodes it with
   * settings sized to the piece (`whisperPieceSettings` in chunking.ts) instead of a 30 s
   * window. Other engines ignore it.
   */
  livePiece?: boolean;
  /**
   * With `livePiece`: the piece is decoded after the recording stopped, when nothing else of the
   * take is running (the candidate waits for the report), so it may use every core, up to 4.
   */
  afterRecording?: boolean;
}

/** One local speech recogniser behind a common interface. */
export interface Transcriber {
  readonly engine: TranscriptionEngine;
  /** The model file name, for engines that load one. */
  readonly model?: string;
  /** Transcribes one clip. Rejects with a {@link TranscriptionError}. */
  transcribe(audio: AudioInput, options?: TranscribeOptions): Promise<TranscriptionResult>;
  /**
   * Starts the engine and loads its model now, so the first job does not pay for it (a live
   * take calls it when it opens). Resolves once ready, never rejects: a job reports failures.
   */
  prepare?(): Promise<void>;
  /** Ends any engine process kept warm between jobs. Safe to call twice. */
  dispose(): Promise<void>;
}

/**
 * Why a transcription failed:
 * - `model-missing`: no whisper model file where one was expected;
 * - `engine-missing`: the recogniser is not installed or not built for this platform;
 * - `cancelled`: the caller aborted the job;
 * - `crashed`: the engine process died (a native crash, killed from outside, out of memory);
 * - `timeout`: the job ran past its time limit and was stopped;
 * - `bad-audio`: the audio is unreadable, empty or in a format the engine cannot take.
 */
export type TranscriptionErrorCode =
  'model-missing' | 'engine-missing' | 'cancelled' | 'crashed' | 'timeout' | 'bad-audio';

/** A failed transcription, with a `code` to branch on and a message that says what to do. */
export class TranscriptionError extends Error {
  override readonly name = 'TranscriptionError';
  constructor(
    readonly code: TranscriptionErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The command that fetches a model, quoted in every "no model" message. */
export const MODEL_DOWNLOAD_HINT = 'mock-interviewer models download tiny.en';

/** Error for a whisper model path that holds no file; names the command that gets one. */
export function modelMissingError(modelPath: string): TranscriptionError {
  return new TranscriptionError(
    'model-missing',
    `No Whisper model at ${modelPath}. Get one with \`${MODEL_DOWNLOAD_HINT}\` ` +
      '(or `mock-interviewer models import FILE` for a ggml .bin you already have), ' +
      'or use `--engine pocketsphinx`.',
  );
}

/** Error for a recogniser that is not installed; `installHint` is the command that installs it. */
export function engineMissingError(detail: string, installHint: string): TranscriptionError {
  return new TranscriptionError('engine-missing', `${detail} ${installHint}`.trim());
}

/** Error for a job the caller aborted. */
export function cancelledError(engine: TranscriptionEngine): TranscriptionError {
  return new TranscriptionError('cancelled', `Transcription with ${engine} was cancelled.`);
}

/**
 * Error for an engine process that died. `how` is what is known of the death, e.g.
 * `signal SIGSEGV` or `exit code 1`.
 */
export function crashedError(engine: TranscriptionEngine, how: string): TranscriptionError {
  const other = engine === 'whisper' ? 'pocketsphinx' : 'whisper';
  return new TranscriptionError(
    'crashed',
    `The ${engine} engine stopped unexpectedly (${how}); the app itself is fine. ` +
      `Try again, try another model, or use \`--engine ${other}\`.`,
  );
}

/** Error for a job stopped at its time limit (`limitMs`). */
export function timeoutError(engine: TranscriptionEngine, limitMs: number): TranscriptionError {
  const seconds = Math.round(limitMs / 1000);
  return new TranscriptionError(
    'timeout',
    `Transcription with ${engine} took longer than ${seconds} s and was stopped. ` +
      'Try a smaller model (tiny.en), a shorter recording, or a longer time limit.',
  );
}

/** Error for audio the engine cannot use; `detail` says what is wrong with it. */
export function badAudioError(detail: string): TranscriptionError {
  return new TranscriptionError(
    'bad-audio',
    `${detail} Record again, or give a WAV file (16-bit PCM, mono, 16 kHz works everywhere).`,
  );
}

/**
 * Initial prompt that makes Whisper write hesitations down. Whisper imitates the style of the
 * text before the audio; a prompt with "uh" and "um" written out keeps them in the transcript,
 * which the delivery score needs. Chosen by measurement on real and synthetic speech (see
 * docs/transcription.md): it keeps both fillers of the disfluent test recording, where no prompt
 * keeps neither and the earlier "Umm, let me think like, hmm..." prompt kept only "um".
 */
export const FILLER_KEEPING_PROMPT = 'So uh I think um we should, uh, do it.';

/** Sample rate every engine is fed, Hz. */
export const TRANSCRIPTION_SAMPLE_RATE = 16000;
