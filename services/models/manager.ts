import { userDataDir } from '../dataDir';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import {
  copyFile,
  mkdir,
  open,
  readdir,
  rename,
  rm,
  stat,
  statfs,
  writeFile,
} from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { ModelEntry } from './catalogue';
import { ModelError } from './errors';
import { convertFasterWhisper, readFasterWhisperHparams, whisperSizeName } from './fasterWhisper';
import { readWhisperGgml } from './ggml';
import {
  MODEL_BASE_URL,
  MODEL_CATALOGUE,
  MODEL_PREFERENCE,
  findModelEntry,
  modelUrl,
} from './catalogue';

/**
 * Whisper model files on disk: where they live, which are installed, fetching one (resumable,
 * verified, moved into place only when complete) and importing one the user already has.
 */

export type { ModelErrorCode } from './errors';
export { ModelError } from './errors';

/**
 * The folder models are kept in: `$MOCK_INTERVIEWER_MODELS_DIR` when set, else the platform's
 * per-user data folder (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application
 * Support` on macOS, `%APPDATA%` on Windows) plus `mock-interviewer/models`.
 */
export function defaultModelsDir(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.MOCK_INTERVIEWER_MODELS_DIR) return resolve(env.MOCK_INTERVIEWER_MODELS_DIR);
  return join(userDataDir({ ...env, MOCK_INTERVIEWER_DATA: '' }, home, platform), 'models');
}

/** One row of {@link listModels}. */
export interface ModelListing {
  /** Catalogue name (`base.en`) or, for an imported file, its name without `ggml-`/`.bin`. */
  name: string;
  file: string;
  /** Where the model is or would be. */
  path: string;
  installed: boolean;
  /** Size on disk when installed, else the catalogue size. */
  sizeBytes: number;
  /** Bytes of an unfinished download waiting to be resumed (0 when none). */
  partialBytes: number;
  /** True for catalogue models, false for imported files. */
  catalogued: boolean;
  description: string;
}

async function sizeOf(path: string): Promise<number | null> {
  try {
    const s = await stat(path);
    return s.isFile() ? s.size : null;
  } catch {
    return null;
  }
}

/**
 * Every catalogue model (installed or not) and every other `ggml-*.bin` file in `dir`, with
 * what is on disk. A missing `dir` lists the catalogue as not installed.
 */
export async function listModels(
  dir: string,
  catalogue: readonly ModelEntry[] = MODEL_CATALOGUE,
): Promise<ModelListing[]> {
  const rows: ModelListing[] = [];
  for (const entry of catalogue) {
    const path = join(dir, entry.file);
    const size = await sizeOf(path);
    rows.push({
      name: entry.name,
      file: entry.file,
      path,
      installed: size !== null,
      sizeBytes: size ?? entry.sizeBytes,
      partialBytes: (await sizeOf(`${path}.part`)) ?? 0,
      catalogued: true,
      description: entry.description,
    });
  }
  const files = await readdir(dir).catch(() => [] as string[]);
  for (const file of files.sort()) {
    if (!/^ggml-.+\.bin$/.test(file) || catalogue.some((e) => e.file === file)) continue;
    const path = join(dir, file);
    const size = await sizeOf(path);
    if (size === null) continue;
    rows.push({
      name: file.replace(/^ggml-/, '').replace(/\.bin$/, ''),
      file,
      path,
      installed: true,
      sizeBytes: size,
      partialBytes: 0,
      catalogued: false,
      description: 'imported',
    });
  }
  return rows;
}

/**
 * The model file to use for `--model VALUE`: an existing file path is taken as is; a name
 * (`base.en`, or an imported model's name) maps to its file in `dir`. With no value, the first
 * installed model in {@link MODEL_PREFERENCE} order, then any imported one. `null` when nothing
 * fits; the caller decides between an error and another engine.
 */
export async function resolveModelPath(dir: string, value?: string): Promise<string | null> {
  if (value) {
    if ((await sizeOf(value)) !== null) return resolve(value);
    const named = join(dir, findModelEntry(value)?.file ?? `ggml-${value}.bin`);
    return (await sizeOf(named)) !== null ? named : null;
  }
  const rows = (await listModels(dir)).filter((r) => r.installed);
  for (const name of MODEL_PREFERENCE) {
    const row = rows.find((r) => r.name === name);
    if (row) return row.path;
  }
  return rows[0]?.path ?? null;
}

/** Progress of a download: bytes in the file so far (resumed bytes included) out of the total. */
export interface DownloadProgress {
  name: string;
  receivedBytes: number;
  totalBytes: number;
  /** Bytes this run started from (0 for a fresh download). */
  resumedFromBytes: number;
}

/** Options of {@link downloadModel}. */
export interface DownloadOptions {
  onProgress?: (progress: DownloadProgress) => void;
  signal?: AbortSignal;
  /** Server to fetch from instead of {@link MODEL_BASE_URL}. */
  baseUrl?: string;
  /** Catalogue to look the name up in (tests use their own). */
  catalogue?: readonly ModelEntry[];
}

/** What {@link downloadModel} did. */
export interface DownloadResult {
  path: string;
  sha256: string;
  sizeBytes: number;
  resumedFromBytes: number;
  /** False when the catalogue had no digest and the computed one was recorded beside the file. */
  verified: boolean;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

async function hashFile(path: string, hash: ReturnType<typeof createHash>): Promise<void> {
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
}

/**
 * Downloads catalogue model `name` into `dir`. Bytes go to `<file>.part`; an existing part is
 * resumed with an HTTP Range request (a server that answers 200 instead of 206 restarts it from
 * zero). The finished file's SHA-256 is checked against the catalogue; a mismatch deletes the
 * part and fails with `checksum`. Only a verified file is renamed into place. A dropped
 * connection fails with `network` and keeps the part for the next attempt; an abort fails with
 * `cancelled` and keeps it too. An already installed model is returned without a download.
 */
export async function downloadModel(
  name: string,
  dir: string,
  options: DownloadOptions = {},
): Promise<DownloadResult> {
  const catalogue = options.catalogue ?? MODEL_CATALOGUE;
  const entry = findModelEntry(name, catalogue);
  if (!entry) {
    throw new ModelError(
      'unknown-model',
      `Unknown model "${name}". Known models: ${catalogue.map((e) => e.name).join(', ')}.`,
    );
  }
  await mkdir(dir, { recursive: true });
  const target = join(dir, entry.file);
  const part = `${target}.part`;
  const installedSize = await sizeOf(target);
  if (installedSize !== null) {
    return {
      path: target,
      sha256: entry.sha256 ?? '',
      sizeBytes: installedSize,
      resumedFromBytes: 0,
      verified: false,
    };
  }

  let have = (await sizeOf(part)) ?? 0;
  if (have > entry.sizeBytes) {
    await rm(part, { force: true });
    have = 0;
  }
  const url = modelUrl(entry, options.baseUrl ?? MODEL_BASE_URL);
  const hash = createHash('sha256');
  let resumedFromBytes = 0;

  const free = await freeDiskBytes(dir);
  if (free !== null && free < entry.sizeBytes - have) {
    throw new ModelError(
      'io',
      `${entry.name} needs ${megabytes(entry.sizeBytes - have)} more and the disk holding the models folder has ${megabytes(free)} free; free some space and start the download again.`,
    );
  }
  if (have < entry.sizeBytes) {
    let response: Response;
    try {
      response = await fetch(url, {
        headers: have > 0 ? { Range: `bytes=${have}-` } : {},
        signal: options.signal ?? null,
      });
    } catch (error) {
      throw failure(error, entry, have, options.signal);
    }
    if (response.status === 206 && have > 0) {
      const range = response.headers.get('content-range') ?? '';
      if (!range.startsWith(`bytes ${have}-`)) {
        await response.body?.cancel();
        await rm(part, { force: true });
        throw new ModelError(
          'network',
          `The server answered a resume request with the wrong range (${range || 'none'}); the partial file was deleted. Run the command again to start over.`,
        );
      }
      resumedFromBytes = have;
      await hashFile(part, hash);
    } else if (response.status === 200) {
      have = 0;
    } else {
      await response.body?.cancel();
      throw new ModelError(
        'network',
        `Downloading ${entry.name} from ${url} failed with HTTP ${response.status}. Check the connection and run the command again.`,
      );
    }
    const out = createWriteStream(part, { flags: have > 0 ? 'a' : 'w' });
    // A write can fail later than it was queued (a full disk); the error is kept and thrown here.
    let writeError: Error | null = null;
    out.on('error', (error) => (writeError ??= error));
    const opened = new Promise<void>((resolveOpen, rejectOpen) => {
      out.once('open', () => resolveOpen());
      out.once('error', rejectOpen);
    });
    try {
      await opened;
      if (!response.body) throw new Error('empty response body');
      for await (const chunk of response.body) {
        const bytes = chunk as Uint8Array;
        hash.update(bytes);
        have += bytes.length;
        if (have > entry.sizeBytes) {
          throw new ModelError(
            'checksum',
            `The server sent more than the ${entry.sizeBytes} bytes ${entry.name} should have.`,
          );
        }
        if (!out.write(bytes)) {
          await new Promise<void>((r) => {
            out.once('drain', r);
            out.once('close', r);
          });
        }
        if (writeError) throw writeError;
        options.onProgress?.({
          name: entry.name,
          receivedBytes: have,
          totalBytes: entry.sizeBytes,
          resumedFromBytes,
        });
      }
    } catch (error) {
      if (!out.destroyed) await new Promise<void>((r) => out.end(() => r()));
      if (isDiskFull(error)) {
        await rm(part, { force: true });
        throw diskFullError(entry);
      }
      if (error instanceof ModelError) {
        await rm(part, { force: true });
        throw new ModelError(
          error.code,
          `${error.message} The partial file was deleted; run the command again.`,
        );
      }
      throw failure(error, entry, have, options.signal);
    }
    await new Promise<void>((resolveEnd, rejectEnd) =>
      out.end((error?: Error | null) => (error ? rejectEnd(error) : resolveEnd())),
    ).catch(async (error: unknown) => {
      await rm(part, { force: true });
      throw isDiskFull(error) ? diskFullError(entry) : error;
    });
    if (have < entry.sizeBytes) {
      throw new ModelError(
        'network',
        `The connection closed after ${megabytes(have)} of ${megabytes(entry.sizeBytes)} of ${entry.name}. Run the same command again to resume.`,
      );
    }
  } else {
    await hashFile(part, hash);
    resumedFromBytes = have;
  }

  const digest = hash.digest('hex');
  if (entry.sha256 && digest !== entry.sha256) {
    await rm(part, { force: true });
    throw new ModelError(
      'checksum',
      `The downloaded ${entry.file} does not match its published SHA-256 (expected ${entry.sha256}, got ${digest}). ` +
        'The partial file was deleted; run the command again. If it fails again, the server is sending a different file.',
    );
  }
  if (!entry.sha256) await writeFile(`${target}.sha256`, `${digest}  ${entry.file}\n`);
  await rename(part, target);
  return {
    path: target,
    sha256: digest,
    sizeBytes: have,
    resumedFromBytes,
    verified: entry.sha256 !== null,
  };
}

/** Free bytes on the disk holding `dir` for this user, or null when it cannot be read. */
export async function freeDiskBytes(dir: string): Promise<number | null> {
  try {
    const s = await statfs(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

function isDiskFull(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

function diskFullError(entry: ModelEntry): ModelError {
  return new ModelError(
    'io',
    `The disk holding the models folder filled up while downloading ${entry.name} (${megabytes(entry.sizeBytes)}). ` +
      'The partial file was deleted to give the space back; free some space and start the download again.',
  );
}

/**
 * Deletes installed model `name` from `dir`, with any unfinished download of it and its
 * recorded digest. Fails with `unknown-model` when there is no such model file.
 */
export async function deleteModel(
  name: string,
  dir: string,
  catalogue: readonly ModelEntry[] = MODEL_CATALOGUE,
): Promise<void> {
  const row = (await listModels(dir, catalogue)).find((r) => r.name === name && r.installed);
  if (!row) {
    throw new ModelError('unknown-model', `There is no installed model called "${name}".`);
  }
  await rm(row.path, { force: true });
  await rm(`${row.path}.part`, { force: true });
  await rm(`${row.path}.sha256`, { force: true });
}

function failure(
  error: unknown,
  entry: ModelEntry,
  have: number,
  signal?: AbortSignal,
): ModelError {
  if (signal?.aborted) {
    return new ModelError(
      'cancelled',
      `Download of ${entry.name} was cancelled at ${megabytes(have)} of ${megabytes(entry.sizeBytes)}; run the command again to resume.`,
    );
  }
  const cause = error as { message?: string; cause?: { message?: string; code?: string } };
  const reason = cause.cause?.code ?? cause.cause?.message ?? cause.message ?? String(error);
  return new ModelError(
    'network',
    `Download of ${entry.name} stopped at ${megabytes(have)} of ${megabytes(entry.sizeBytes)} (${reason}). ` +
      'Check the connection and run the same command again to resume.',
  );
}

/** The ggml magic as it lies in the file: the int32 0x67676d6c, little-endian ("lmgg"). */
const GGML_MAGIC_BYTES = [0x6c, 0x6d, 0x67, 0x67];

/** True when `path` starts with whisper.cpp's ggml magic. */
export async function isGgmlModelFile(path: string): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    return bytesRead === 4 && GGML_MAGIC_BYTES.every((b, i) => head[i] === b);
  } finally {
    await handle.close();
  }
}

/** Options of {@link importModel}. */
export interface ImportOptions {
  /** Name to install under (`ggml-<name>.bin`); see {@link importModel} for the default. */
  name?: string;
  /** Fraction of a faster-whisper conversion done, 0..1 (not called for ggml files). */
  onProgress?: (fraction: number) => void;
}

/** What {@link importModel} installed. */
export interface ImportResult {
  path: string;
  name: string;
  /** `ggml` for a copied whisper.cpp file, `faster-whisper` for a converted CTranslate2 folder. */
  from: 'ggml' | 'faster-whisper';
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

function checkedName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new ModelError(
      'io',
      `"${name}" cannot be a model name: use letters, digits, dots, dashes and underscores.`,
    );
  }
  return name;
}

/**
 * Installs a model the user already has into `dir` as `ggml-<name>.bin`:
 * - a whisper.cpp ggml file is checked (magic, header, vocabulary and tensor table complete)
 *   and copied; `name` defaults to the file's name without `ggml-` and `.bin`;
 * - a faster-whisper (CTranslate2) model folder is converted (see `convertFasterWhisper`);
 *   `name` defaults to the Whisper size it holds (`tiny.en`, `base`, ...).
 * Either way the file is written under a temporary name and renamed into place when complete,
 * so a failure leaves the models folder as it was. Errors: `not-ggml` (a file that is not a
 * ggml model), `not-a-model`, `unsupported-model`, `corrupt-model`, `io`.
 */
export async function importModel(
  source: string,
  dir: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  if (await isDirectory(source)) {
    const hparams = await readFasterWhisperHparams(source);
    const name = checkedName(options.name ?? whisperSizeName(hparams) ?? basename(source));
    await mkdir(dir, { recursive: true });
    const target = join(dir, `ggml-${name}.bin`);
    await convertFasterWhisper(source, target, {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
    return { path: target, name, from: 'faster-whisper' };
  }
  if ((await sizeOf(source)) === null) {
    throw new ModelError('io', `There is no file or folder at ${source}.`);
  }
  if (!(await isGgmlModelFile(source))) {
    throw new ModelError(
      'not-ggml',
      `${source} is not a whisper.cpp ggml model (it does not start with the ggml magic). ` +
        'Use a ggml-*.bin file made for whisper.cpp or a faster-whisper model folder, or run `mock-interviewer models download base.en`.',
    );
  }
  await readWhisperGgml(source);
  const name = checkedName(
    options.name ??
      basename(source)
        .replace(/^ggml-/, '')
        .replace(/\.bin$/, ''),
  );
  await mkdir(dir, { recursive: true });
  const target = join(dir, `ggml-${name}.bin`);
  const part = `${target}.${process.pid}.importing`;
  try {
    await copyFile(source, part);
    await rename(part, target);
  } catch (error) {
    await rm(part, { force: true });
    throw new ModelError(
      'io',
      `Copying the model failed (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); nothing was installed. Check the free disk space and try again.`,
    );
  }
  return { path: target, name, from: 'ggml' };
}
