import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { LIMITS } from '../../core/limits';
import type { Scenario } from '../../core/scenarios/schema';
import { defaultModelsDir } from '../../services/models/manager';
import {
  SCENARIOS_DIR_ENV,
  defaultScenarioDir,
  findScenario,
  loadScenarioDir,
} from '../../services/scenarios/library';
import type { ScenarioLibrary } from '../../services/scenarios/library';
import { parseEngineChoice } from '../../services/transcription';
import type { EngineChoice } from '../../services/transcription';

/** Where a command writes and what it runs in; everything but the streams has a default. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** Folder relative paths are read from; default `process.cwd()`. */
  cwd?: string;
  /** Environment (scenario and model folders); default `process.env`. */
  env?: Record<string, string | undefined>;
  /** Aborting cancels a running transcription. */
  signal?: AbortSignal;
}

/** A failure the user can act on: `message` is one line that says what to do. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    /** 2 for bad input (the default), 1 when the operation itself failed. */
    readonly exitCode: number = 2,
  ) {
    super(message);
  }
}

/** The hint every usage error ends with. */
export const HELP_HINT = 'run `mock-interviewer --help` for usage';

/** What a flag takes: a value (`--scenario ID`) or nothing (`--json`). */
export type FlagKind = 'string' | 'boolean';

/** Parsed command words: flag values by name (without dashes) and the positional words. */
export interface ParsedArgs {
  flags: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * Splits `args` into flags and positionals. Accepts `--flag value`, `--flag=value` and `--` (all
 * later words are positional). Throws a {@link CliError} for an unknown flag, a missing value, or
 * a value given to a flag that takes none. A repeated flag keeps its last value.
 */
export function parseArgs(
  command: string,
  args: string[],
  spec: Record<string, FlagKind>,
): ParsedArgs {
  const flags: ParsedArgs['flags'] = {};
  const positionals: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.startsWith('--') ? arg.slice(2, eq < 0 ? undefined : eq) : '';
    const kind = spec[name];
    if (!kind) {
      const known = Object.keys(spec)
        .map((f) => `--${f}`)
        .join(', ');
      throw new CliError(
        `unknown option ${eq < 0 ? arg : arg.slice(0, eq)} for \`${command}\`` +
          (known ? ` (it takes ${known})` : ' (it takes no options)') +
          `; ${HELP_HINT}`,
      );
    }
    if (kind === 'boolean') {
      if (eq >= 0) throw new CliError(`--${name} takes no value; write just --${name}`);
      flags[name] = true;
      continue;
    }
    const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('--'))) {
      throw new CliError(`--${name} needs a value; ${HELP_HINT}`);
    }
    flags[name] = value;
  }
  return { flags, positionals };
}

/** A string flag's value, or undefined. */
export function stringFlag(parsed: ParsedArgs, name: string): string | undefined {
  const value = parsed.flags[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * Checks that `path` is a regular file of at most `maxBytes` before it is read: a named pipe or
 * a device would block the read forever, a huge file would fill the memory. `shown` is the path
 * as the user wrote it; the {@link CliError} says what to give instead.
 */
export async function checkInputFile(
  path: string,
  shown: string,
  maxBytes: number,
  limitName: string,
): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
  if (info instanceof Error) {
    const why =
      info.code === 'ENOENT'
        ? 'no such file; check the path'
        : info.code === 'EACCES' || info.code === 'EPERM'
          ? 'permission denied; check the file permissions'
          : `${info.code ?? info.message}; check that the file exists and is readable`;
    throw new CliError(`cannot read ${shown}: ${why}`);
  }
  if (!info.isFile()) {
    throw new CliError(
      `cannot read ${shown}: it is not a regular file (a pipe, device or folder); give a file`,
    );
  }
  if (info.size > maxBytes) {
    const mb = (bytes: number) => Math.ceil(bytes / (1024 * 1024));
    throw new CliError(
      `cannot read ${shown}: it is ${mb(info.size)} MB, over the ${mb(maxBytes)} MB ${limitName}`,
    );
  }
}

/** Checks a recording before `analyze` or `score` reads it (see {@link checkInputFile}). */
export function checkRecordingFile(path: string, shown: string): Promise<void> {
  return checkInputFile(
    path,
    shown,
    LIMITS.maxRecordingFileBytes,
    'recording size limit; cut it into parts of at most one hour',
  );
}

/** The working folder of the command. */
export function cwdOf(io: CliIo): string {
  return io.cwd ?? process.cwd();
}

/** The environment of the command. */
export function envOf(io: CliIo): Record<string, string | undefined> {
  return io.env ?? process.env;
}

/** `path` resolved against the command's working folder. */
export function resolvePath(io: CliIo, path: string): string {
  return resolve(cwdOf(io), path);
}

/**
 * The scenarios folder: `$MOCK_INTERVIEWER_SCENARIOS` (relative to the command's working folder)
 * when set, else the project's `scenarios/`.
 */
export function scenarioDirOf(io: CliIo): string {
  const env = envOf(io);
  const fromEnv = env[SCENARIOS_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolvePath(io, fromEnv);
  try {
    return defaultScenarioDir({ env });
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** Loads a scenarios folder; an unreadable folder is a {@link CliError}. */
export async function loadLibrary(io: CliIo, dir?: string): Promise<ScenarioLibrary> {
  try {
    return await loadScenarioDir(dir === undefined ? scenarioDirOf(io) : resolvePath(io, dir));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError((error as Error).message);
  }
}

/**
 * The scenario with this id from the default folder. An unknown id is a {@link CliError} that
 * lists the known ids, and points at `scenarios lint` when some files failed to load.
 */
export async function loadScenario(io: CliIo, id: string): Promise<Scenario> {
  const library = await loadLibrary(io);
  try {
    return findScenario(library, id);
  } catch (error) {
    const broken = new Set(library.problems.map((p) => p.file)).size;
    const lint =
      broken > 0
        ? `; ${broken} scenario file${broken === 1 ? ' has' : 's have'} problems, see \`mock-interviewer scenarios lint\``
        : '; see `mock-interviewer scenarios list`';
    throw new CliError(`${(error as Error).message}${lint}`);
  }
}

/** Writes `value` as indented JSON and a newline. */
export function writeJson(io: CliIo, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

/** The models folder for this command's environment. */
export function modelsDirOf(io: CliIo): string {
  return defaultModelsDir(envOf(io));
}

/** Reads `--engine`, turning a bad value into a usage error. */
export function engineFlag(value: string | undefined): EngineChoice {
  try {
    return parseEngineChoice(value);
  } catch (error) {
    throw new CliError((error as Error).message);
  }
}

/** `--model`: a path containing a slash is resolved against the working folder; a name is kept. */
export function resolveModel(io: CliIo, value: string): string {
  return /[\\/]/.test(value) || value.endsWith('.bin') ? resolvePath(io, value) : value;
}
