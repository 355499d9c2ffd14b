import { createRequire } from 'node:module';

/**
 * The part of `@napi-rs/whisper` the app uses, and the one way it sets up a `full()` call, so
 * the worker and the benchmark's raw comparison run whisper.cpp with the same parameters.
 */

/** A segment from whisper.cpp; with one word per segment, a word. */
export interface NapiSegment {
  text: string;
  /** Centiseconds from the start of the samples passed to full(). */
  start: number;
  end: number;
}

/** The fields of `WhisperFullParams` the app sets. */
export interface NapiFullParams {
  language: string;
  nThreads: number;
  tokenTimestamps: boolean;
  maxLen: number;
  splitOnWord: boolean;
  initialPrompt: string;
  printProgress: boolean;
  printRealtime: boolean;
  printTimestamps: boolean;
  /** Encoder frames to run (50 per second of audio); 0 means the model's full 30 s (1500). */
  audioCtx: number;
  /** Most tokens one decode may produce; 0 means no limit. */
  maxTokens: number;
  onNewSegment: (segment: NapiSegment) => void;
}

/** A loaded model. `full()` holds the calling thread for the whole job. */
export interface NapiWhisper {
  full(params: NapiFullParams, samples: Float32Array): string;
}

/** The binding's module. */
export interface NapiModule {
  Whisper: new (model: string) => NapiWhisper;
  WhisperFullParams: new (strategy: number) => NapiFullParams;
  WhisperSamplingStrategy: { Greedy: number };
}

/** Loads the prebuilt binding; throws when it does not exist for this platform. */
export function loadNapiWhisper(): NapiModule {
  return createRequire(import.meta.url)('@napi-rs/whisper') as NapiModule;
}

/**
 * Parameters of one `full()` call: greedy decoding, token timestamps split one word per
 * segment, nothing printed, segments handed to `onSegment`.
 */
export function wordTimedParams(
  napi: NapiModule,
  options: {
    language: string;
    threads: number;
    initialPrompt?: string;
    /** Encoder frames and token cap for a short piece (see `whisperPieceSettings`). */
    audioCtx?: number;
    maxTokens?: number;
    onSegment: (segment: NapiSegment) => void;
  },
): NapiFullParams {
  const params = new napi.WhisperFullParams(napi.WhisperSamplingStrategy.Greedy);
  params.language = options.language;
  params.nThreads = options.threads;
  params.tokenTimestamps = true;
  params.maxLen = 1;
  params.splitOnWord = true;
  params.printProgress = false;
  params.printRealtime = false;
  params.printTimestamps = false;
  if (options.initialPrompt) params.initialPrompt = options.initialPrompt;
  if (options.audioCtx) params.audioCtx = options.audioCtx;
  if (options.maxTokens) params.maxTokens = options.maxTokens;
  params.onNewSegment = options.onSegment;
  return params;
}
