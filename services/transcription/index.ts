import { createRequire } from 'node:module';
import type { Transcriber } from '../../core/transcription/types';
import {
  MODEL_DOWNLOAD_HINT,
  TranscriptionError,
  modelMissingError,
} from '../../core/transcription/types';
import { resolveModelPath } from '../models/manager';
import {
  POCKETSPHINX_INSTALL_HINT,
  createPocketsphinxTranscriber,
  findPocketsphinx,
} from './pocketsphinx';
import type { WhisperTranscriberOptions } from './whisper/whisperTranscriber';
import { createWhisperTranscriber } from './whisper/whisperTranscriber';

export type { CaptionEvent, StreamingResult, StreamingTranscriberOptions } from './stream';
export { StreamingTranscriber } from './stream';
export { createPocketsphinxTranscriber, findPocketsphinx } from './pocketsphinx';
export {
  createWhisperTranscriber,
  whisperWorkerEntry,
  WHISPER_WORKER_BUNDLE_NAME,
} from './whisper/whisperTranscriber';

/** `--engine` values: a named engine, or `auto` (whisper when a model is installed, else pocketsphinx). */
export type EngineChoice = 'whisper' | 'pocketsphinx' | 'auto';

/** Reads an `--engine` value; throws a message listing the valid ones. Absent means `auto`. */
export function parseEngineChoice(value: string | undefined): EngineChoice {
  if (value === undefined || value === '') return 'auto';
  if (value === 'whisper' || value === 'pocketsphinx' || value === 'auto') return value;
  throw new Error(`--engine must be whisper, pocketsphinx or auto, got "${value}".`);
}

/** Options of {@link createTranscriber}. */
export interface CreateTranscriberOptions {
  engine?: EngineChoice;
  /** `--model`: a ggml file path or a model name (`base.en`); default: the best installed model. */
  modelPath?: string;
  /** Where engines that read files put temporary audio; default inside the data folder. */
  tempDir?: string;
  /** Folder of downloaded models (see `defaultModelsDir`). */
  modelsDir: string;
  /** Passed to the whisper engine. */
  whisper?: Partial<Omit<WhisperTranscriberOptions, 'modelPath'>>;
}

/**
 * True when the prebuilt whisper.cpp binding for this platform is installed. It ships for
 * linux-x64 (glibc) and macOS; elsewhere only pocketsphinx can run.
 */
export function whisperEngineAvailable(): boolean {
  const suffix = process.platform === 'linux' ? '-gnu' : '';
  try {
    createRequire(import.meta.url).resolve(
      `@napi-rs/whisper-${process.platform}-${process.arch}${suffix}/package.json`,
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds the transcriber the user asked for. `whisper` needs a model (named, a path, or the best
 * installed one) and fails with `model-missing` naming the download command when there is none;
 * `pocketsphinx` needs the Debian packages; `auto` picks whisper when a model is installed and
 * the binding exists, else pocketsphinx, and fails with `engine-missing` saying how to get either.
 */
export async function createTranscriber(options: CreateTranscriberOptions): Promise<Transcriber> {
  const engine = options.engine ?? 'auto';
  if (engine === 'pocketsphinx') {
    if (!findPocketsphinx()) {
      throw new TranscriptionError(
        'engine-missing',
        `pocketsphinx is not installed. ${POCKETSPHINX_INSTALL_HINT}`,
      );
    }
    return createPocketsphinxTranscriber(options.tempDir ? { tempDir: options.tempDir } : {});
  }
  const modelPath = await resolveModelPath(options.modelsDir, options.modelPath);
  if (options.modelPath && !modelPath) throw modelMissingError(options.modelPath);
  if (engine === 'whisper') {
    if (!modelPath) throw modelMissingError(options.modelsDir);
    return createWhisperTranscriber({ ...options.whisper, modelPath });
  }
  if (modelPath && whisperEngineAvailable())
    return createWhisperTranscriber({ ...options.whisper, modelPath });
  if (findPocketsphinx()) {
    return createPocketsphinxTranscriber(options.tempDir ? { tempDir: options.tempDir } : {});
  }
  throw new TranscriptionError(
    'engine-missing',
    'No speech recogniser is available. Download a Whisper model with ' +
      `\`${MODEL_DOWNLOAD_HINT}\`, or install pocketsphinx with \`sudo apt-get install pocketsphinx pocketsphinx-en-us\`.`,
  );
}
