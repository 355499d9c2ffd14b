import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import {
  parsePocketsphinxContinuous,
  parsePocketsphinxJson,
} from '../../core/transcription/pocketsphinxOutput';
import type {
  AudioInput,
  TranscribeOptions,
  Transcriber,
  TranscriptionResult,
} from '../../core/transcription/types';
import {
  badAudioError,
  cancelledError,
  crashedError,
  engineMissingError,
  timeoutError,
} from '../../core/transcription/types';
import { offsetWords, segmentsFromWords, tidyWordTimes } from '../../core/transcription/words';
import { runTool } from '../process/runTool';
import type { ToolRunner } from '../process/runTool';
import { loadSamples16k, samplesToMs, writeTempWav } from './audioInput';

/** The Debian packages that provide the recogniser and its English model. */
export const POCKETSPHINX_INSTALL_HINT =
  'Install it with `sudo apt-get install pocketsphinx pocketsphinx-en-us`.';

/** Where Debian's pocketsphinx-en-us puts the US English acoustic model, language model and dictionary. */
export const DEBIAN_POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/**
 * The two command lines pocketsphinx has had: PocketSphinx 5's `pocketsphinx` (JSON output)
 * and the 5prealpha `pocketsphinx_continuous` that Debian bookworm ships (text output).
 */
export type PocketsphinxCli = 'pocketsphinx5' | 'continuous';

/** A pocketsphinx program found on this machine. */
export interface PocketsphinxCommand {
  cli: PocketsphinxCli;
  path: string;
}

function onPath(name: string, pathVariable: string): string | null {
  for (const dir of pathVariable.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return null;
}

/**
 * Finds a pocketsphinx command line on `PATH`, preferring PocketSphinx 5's `pocketsphinx`
 * over `pocketsphinx_continuous`. `null` when neither is installed.
 */
export function findPocketsphinx(
  pathVariable: string = process.env.PATH ?? '',
): PocketsphinxCommand | null {
  const v5 = onPath('pocketsphinx', pathVariable);
  if (v5) return { cli: 'pocketsphinx5', path: v5 };
  const continuous = onPath('pocketsphinx_continuous', pathVariable);
  if (continuous) return { cli: 'continuous', path: continuous };
  return null;
}

/**
 * Arguments for one run over `wavPath` (16 kHz 16-bit mono WAV). With `modelDir`, the acoustic
 * model (`en-us`), language model (`en-us.lm.bin`) and dictionary (`cmudict-en-us.dict`) are
 * taken from it; without, the program's built-in defaults are used.
 */
export function pocketsphinxArgs(
  cli: PocketsphinxCli,
  wavPath: string,
  modelDir?: string,
): string[] {
  const model = modelDir
    ? [
        '-hmm',
        join(modelDir, 'en-us'),
        '-lm',
        join(modelDir, 'en-us.lm.bin'),
        '-dict',
        join(modelDir, 'cmudict-en-us.dict'),
      ]
    : [];
  if (cli === 'pocketsphinx5') return [...model, 'single', wavPath];
  return ['-infile', wavPath, '-time', 'yes', ...model];
}

/** Options of {@link createPocketsphinxTranscriber}. */
export interface PocketsphinxTranscriberOptions {
  /** The program to run; found on `PATH` when absent. */
  command?: PocketsphinxCommand;
  /** Model folder laid out like Debian's; default: Debian's when it exists, else the program's own. */
  modelDir?: string;
  /** Default time limit per job in ms; default 60 s plus twice the audio length. */
  timeoutMs?: number;
  /** Where the clip's temporary WAV goes; default this process's folder in the data folder. */
  tempDir?: string;
  /** Runs the program; default the app's tool runner. Tests pass one that records calls. */
  runner?: ToolRunner;
}

/**
 * A transcriber that runs the pocketsphinx command line once per clip: audio is written to a
 * temporary 16-bit WAV, the program is spawned with an argument list (no shell), its output is
 * parsed by the pure parsers in core/transcription. Cancelling or timing out kills the process.
 * Fillers the dictionary knows (`um`, `uh`, `hmm`) are kept; noise and silence markers are not.
 */
export function createPocketsphinxTranscriber(
  options: PocketsphinxTranscriberOptions = {},
): Transcriber {
  const modelDir =
    options.modelDir ??
    (existsSync(DEBIAN_POCKETSPHINX_MODEL_DIR) ? DEBIAN_POCKETSPHINX_MODEL_DIR : undefined);

  async function transcribe(
    audio: AudioInput,
    opts: TranscribeOptions = {},
  ): Promise<TranscriptionResult> {
    const command = options.command ?? findPocketsphinx();
    if (!command) {
      throw engineMissingError('pocketsphinx is not installed.', POCKETSPHINX_INSTALL_HINT);
    }
    if (modelDir && !existsSync(join(modelDir, 'en-us'))) {
      throw engineMissingError(
        `The pocketsphinx English model is missing from ${modelDir}.`,
        POCKETSPHINX_INSTALL_HINT,
      );
    }
    if (opts.signal?.aborted) throw cancelledError('pocketsphinx');
    const samples = await loadSamples16k(audio);
    if (samples.length === 0) throw badAudioError('The audio is empty.');
    const durationMs = samplesToMs(samples.length);
    const wav = await writeTempWav(samples, ...(options.tempDir ? [options.tempDir] : []));
    try {
      const stdout = await run(
        command,
        pocketsphinxArgs(command.cli, wav.path, modelDir),
        durationMs,
        opts,
      );
      const parsed =
        command.cli === 'pocketsphinx5'
          ? parsePocketsphinxJson(stdout)
          : parsePocketsphinxContinuous(stdout);
      const words = offsetWords(tidyWordTimes(parsed, durationMs), opts.offsetMs ?? 0);
      opts.onProgress?.(1);
      return { engine: 'pocketsphinx', words, segments: segmentsFromWords(words), durationMs };
    } finally {
      await wav.remove();
    }
  }

  async function run(
    command: PocketsphinxCommand,
    args: string[],
    durationMs: number,
    opts: TranscribeOptions,
  ): Promise<string> {
    const limitMs = opts.timeoutMs ?? options.timeoutMs ?? 60_000 + 2 * durationMs;
    const parse = (stdout: string) =>
      command.cli === 'pocketsphinx5'
        ? parsePocketsphinxJson(stdout)
        : parsePocketsphinxContinuous(stdout);
    let lastFraction = 0;
    const result = await (options.runner ?? runTool)(command.path, args, {
      timeoutMs: limitMs,
      captureStdout: true,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(opts.onProgress
        ? {
            onStdout: (stdout: string) => {
              const last = parse(stdout).at(-1);
              const fraction = last ? Math.min(0.99, last.endMs / durationMs) : 0;
              if (fraction > lastFraction) {
                lastFraction = fraction;
                opts.onProgress?.(fraction);
              }
            },
          }
        : {}),
    });
    if (result.stopped === 'cancelled') throw cancelledError('pocketsphinx');
    if (result.stopped === 'timeout') throw timeoutError('pocketsphinx', limitMs);
    if (result.error?.code === 'ENOENT') {
      throw engineMissingError(
        `pocketsphinx was not found at ${command.path}.`,
        POCKETSPHINX_INSTALL_HINT,
      );
    }
    if (result.error) throw crashedError('pocketsphinx', result.error.message);
    if (result.code === 0) return result.stdout;
    const reason = result.signal ? `signal ${result.signal}` : `exit code ${String(result.code)}`;
    const lastError = result.stderr
      .split('\n')
      .filter((l) => /ERROR|FATAL/.test(l))
      .pop();
    throw crashedError('pocketsphinx', lastError ? `${reason}: ${lastError.trim()}` : reason);
  }

  return {
    engine: 'pocketsphinx',
    transcribe,
    dispose: async () => {},
  };
}
