import * as nodeFs from 'node:fs';
import { join } from 'node:path';
import { WAV_HEADER_BYTES, WavError, planWavRepair, wavHeader } from '../../core/audio/wav';

/**
 * Crash-safe recording of one take to disk.
 *
 * A take is a folder holding `take.wav` (16-bit mono PCM) and `take.json` (its state). The WAV is
 * opened with a placeholder header (sizes 0) and every chunk of audio is written to it as it
 * arrives, so a crash of the app loses at most the chunk being written: the operating system
 * already holds everything `write` returned for. `fsync` (forcing the data onto the disk itself)
 * runs at most about once a second, together with a header update: a power cut or kernel panic can
 * lose up to that last second, in exchange for not stalling the capture thread on every chunk
 * (an fsync can take tens of milliseconds on a laptop disk, and chunks arrive every 10-100 ms).
 *
 * On the next start, {@link findInterruptedTakes} lists takes still marked "recording", and
 * {@link recoverTake} rewrites their header from the audio actually on disk.
 *
 * All calls are synchronous: writes land in order, and a disk error surfaces from the `append`
 * that hit it as a {@link RecordingError}, after what was written has been made readable.
 */

/** File name of a take's audio inside its folder. */
export const TAKE_WAV = 'take.wav';
/** File name of a take's state inside its folder. */
export const TAKE_JSON = 'take.json';

/** Where a take stands. */
export type TakeState = 'recording' | 'complete' | 'aborted' | 'failed' | 'recovered';

/** The contents of `take.json`. Times are ISO 8601 strings. */
export interface TakeMeta {
  version: 1;
  state: TakeState;
  startedAt: string;
  sampleRate: number;
  channels: 1;
  bitsPerSample: 16;
  /** Set once the take is no longer recording. */
  endedAt?: string;
  /** Length of the saved audio, integer ms; set once the take is no longer recording. */
  durationMs?: number;
  /** Why the take was aborted, or the error that stopped it. */
  reason?: string;
  /** Bytes of a partial sample discarded by recovery. */
  droppedBytes?: number;
}

/** A take that is no longer recording. */
export interface TakeResult {
  wavPath: string;
  /** Integer ms of audio saved. */
  durationMs: number;
}

/** An open take. */
export interface Take {
  readonly dir: string;
  readonly wavPath: string;
  readonly sampleRate: number;
  /** Samples written so far. */
  readonly samplesWritten: number;
  /**
   * Appends mono samples: Int16Array as is, Float32Array (nominally -1..1) scaled and clipped to
   * 16 bits, Uint8Array as signed 16-bit little-endian bytes written unchanged (whole samples). Throws {@link RecordingError} on a disk error (the audio up to it stays readable) or
   * when the take is no longer recording.
   */
  append(chunk: Int16Array | Float32Array | Uint8Array): void;
  /** Finishes the take: final header, fsync, state "complete". Calling it again returns the same result. */
  close(): TakeResult;
  /** Stops the take keeping its audio, state "aborted" with `reason`. */
  abort(reason: string): TakeResult;
}

/** The file system calls the recorder makes; tests replace some to simulate disk errors. */
export interface RecorderFs {
  openSync: typeof nodeFs.openSync;
  writeSync: (
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ) => number;
  fsyncSync: typeof nodeFs.fsyncSync;
  ftruncateSync: typeof nodeFs.ftruncateSync;
  closeSync: typeof nodeFs.closeSync;
  fstatSync: typeof nodeFs.fstatSync;
  readSync: (
    fd: number,
    buffer: Uint8Array,
    offset: number,
    length: number,
    position: number,
  ) => number;
  writeFileSync: typeof nodeFs.writeFileSync;
  renameSync: typeof nodeFs.renameSync;
  mkdirSync: typeof nodeFs.mkdirSync;
  existsSync: typeof nodeFs.existsSync;
  readFileSync: typeof nodeFs.readFileSync;
  readdirSync: typeof nodeFs.readdirSync;
  statSync: typeof nodeFs.statSync;
}

const realFs: RecorderFs = {
  openSync: nodeFs.openSync,
  writeSync: (fd, buffer, offset, length, position) =>
    nodeFs.writeSync(fd, buffer, offset, length, position),
  fsyncSync: nodeFs.fsyncSync,
  ftruncateSync: nodeFs.ftruncateSync,
  closeSync: nodeFs.closeSync,
  fstatSync: nodeFs.fstatSync,
  readSync: (fd, buffer, offset, length, position) =>
    nodeFs.readSync(fd, buffer, offset, length, position),
  writeFileSync: nodeFs.writeFileSync,
  renameSync: nodeFs.renameSync,
  mkdirSync: nodeFs.mkdirSync,
  existsSync: nodeFs.existsSync,
  readFileSync: nodeFs.readFileSync,
  readdirSync: nodeFs.readdirSync,
  statSync: nodeFs.statSync,
};

/** Settings of {@link openTake}. */
export interface TakeOptions {
  /** Samples per second of the audio that will be appended. Default 16000. */
  sampleRate?: number;
  /** Wall clock for `startedAt`/`endedAt`. Default `new Date()`. */
  now?: () => Date;
  /** Milliseconds clock that paces fsync. Default `Date.now`. */
  clock?: () => number;
  /** Least time between two fsyncs while recording, ms. Default 1000. */
  syncIntervalMs?: number;
  /** Replacements for file system calls. */
  fs?: Partial<RecorderFs>;
}

/** A disk problem while recording, saying what was kept and what to do. */
export class RecordingError extends Error {
  override readonly name = 'RecordingError';
  constructor(
    message: string,
    /** The system error code (ENOSPC, EACCES, ...) when there is one. */
    readonly code?: string,
    /** Audio kept on disk, ms. */
    readonly savedMs?: number,
  ) {
    super(message);
  }
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

function describeDiskError(error: unknown, path: string): string {
  const code = errorCode(error);
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EACCES':
    case 'EPERM':
      return `there is no permission to write ${path}`;
    case 'EROFS':
      return `${path} is on a read-only disk`;
    default:
      return `writing ${path} failed (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}

/** Writes `take.json` atomically: a temporary file, fsync, then rename over the old one. */
function writeMeta(fs: RecorderFs, dir: string, meta: TakeMeta): void {
  const path = join(dir, TAKE_JSON);
  const temporary = `${path}.tmp`;
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    const bytes = new TextEncoder().encode(`${JSON.stringify(meta, null, 2)}\n`);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, done);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temporary, path);
}

/** Reads and checks a take's `take.json`. */
export function readTakeMeta(dir: string, fs: Partial<RecorderFs> = {}): TakeMeta {
  const io = { ...realFs, ...fs };
  const path = join(dir, TAKE_JSON);
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(io.readFileSync(path, 'utf8')));
  } catch (error) {
    throw new RecordingError(
      errorCode(error) === 'ENOENT'
        ? `${dir} is not a take folder: it has no ${TAKE_JSON}`
        : `${path} is unreadable: ${error instanceof Error ? error.message : String(error)}`,
      errorCode(error),
    );
  }
  const meta = parsed as Partial<TakeMeta> | null;
  if (
    !meta ||
    meta.version !== 1 ||
    typeof meta.state !== 'string' ||
    typeof meta.startedAt !== 'string' ||
    typeof meta.sampleRate !== 'number' ||
    !Number.isInteger(meta.sampleRate) ||
    meta.sampleRate <= 0
  ) {
    throw new RecordingError(
      `${path} is not a take description (version 1 with state, startedAt, sampleRate)`,
    );
  }
  return meta as TakeMeta;
}

function toBytes(chunk: Int16Array | Float32Array | Uint8Array): Uint8Array {
  if (chunk instanceof Uint8Array) {
    if (chunk.byteLength % 2 !== 0) {
      throw new RecordingError('16-bit audio must come in whole samples (an even number of bytes)');
    }
    return chunk;
  }
  const out = new Uint8Array(chunk.length * 2);
  const view = new DataView(out.buffer);
  if (chunk instanceof Int16Array) {
    for (let i = 0; i < chunk.length; i++) view.setInt16(i * 2, chunk[i] ?? 0, true);
  } else {
    for (let i = 0; i < chunk.length; i++) {
      const v = Math.round((chunk[i] ?? 0) * 32768);
      view.setInt16(i * 2, v > 32767 ? 32767 : v < -32768 ? -32768 : v || 0, true);
    }
  }
  return out;
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value, true);
  return out;
}

/**
 * Starts a take in `dir` (created if missing): writes `take.json` as "recording" and `take.wav`
 * with a placeholder header. Refuses a folder that already holds a take. Throws
 * {@link RecordingError} when the folder cannot be written.
 */
export function openTake(dir: string, options: TakeOptions = {}): Take {
  const fs: RecorderFs = { ...realFs, ...options.fs };
  const sampleRate = options.sampleRate ?? 16000;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new RecordingError(`sample rate must be a positive integer, got ${sampleRate}`);
  }
  const now = options.now ?? (() => new Date());
  const clock = options.clock ?? Date.now;
  const syncIntervalMs = options.syncIntervalMs ?? 1000;
  const wavPath = join(dir, TAKE_WAV);

  const meta: TakeMeta = {
    version: 1,
    state: 'recording',
    startedAt: now().toISOString(),
    sampleRate,
    channels: 1,
    bitsPerSample: 16,
  };
  let fd: number;
  try {
    fs.mkdirSync(dir, { recursive: true });
    if (fs.existsSync(wavPath) || fs.existsSync(join(dir, TAKE_JSON))) {
      throw new RecordingError(`${dir} already holds a take: record into a new folder`);
    }
    writeMeta(fs, dir, meta);
    fd = fs.openSync(wavPath, 'wx', 0o600);
  } catch (error) {
    if (error instanceof RecordingError) throw error;
    throw new RecordingError(
      `cannot start a take: ${describeDiskError(error, dir)}; choose a folder you can write to with free space`,
      errorCode(error),
    );
  }

  let dataBytes = 0;
  let lastSync = clock();
  let state: TakeState = 'recording';
  let failure: RecordingError | null = null;
  let result: TakeResult | null = null;
  const durationMs = () => Math.round(((dataBytes / 2) * 1000) / sampleRate);

  const writeAll = (bytes: Uint8Array, position: number) => {
    let done = 0;
    while (done < bytes.length) {
      const n = fs.writeSync(fd, bytes, done, bytes.length - done, position + done);
      done += n;
      if (position >= WAV_HEADER_BYTES) dataBytes += n;
    }
  };
  const patchHeader = () => {
    writeAll(u32(36 + dataBytes), 4);
    writeAll(u32(dataBytes), 40);
  };

  try {
    writeAll(wavHeader(0, sampleRate, 1, 16), 0);
    fs.fsyncSync(fd);
  } catch (error) {
    fs.closeSync(fd);
    throw new RecordingError(
      `cannot start a take: ${describeDiskError(error, wavPath)}; choose a folder you can write to with free space`,
      errorCode(error),
    );
  }

  /** Keeps whole samples, makes the header match, records the failure; never throws. */
  const stopAfterError = (error: unknown): RecordingError => {
    const whole = dataBytes - (dataBytes % 2);
    const attempt = (action: () => void) => {
      try {
        action();
      } catch {
        // Best effort: the disk already failed once; recovery can finish the job later.
      }
    };
    dataBytes = whole;
    attempt(() => fs.ftruncateSync(fd, WAV_HEADER_BYTES + whole));
    attempt(patchHeader);
    attempt(() => fs.fsyncSync(fd));
    attempt(() => fs.closeSync(fd));
    const savedMs = durationMs();
    const message = `recording stopped: ${describeDiskError(error, wavPath)}. The first ${seconds(savedMs)} s were saved in ${wavPath}; ${
      errorCode(error) === 'ENOSPC' ? 'free some disk space' : 'fix the folder'
    } before the next take`;
    state = 'failed';
    failure = new RecordingError(message, errorCode(error), savedMs);
    result = { wavPath, durationMs: savedMs };
    attempt(() =>
      writeMeta(fs, dir, {
        ...meta,
        state: 'failed',
        endedAt: now().toISOString(),
        durationMs: savedMs,
        reason: message,
      }),
    );
    return failure;
  };

  const finish = (final: TakeState, reason?: string): TakeResult => {
    if (result) return result;
    try {
      patchHeader();
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      state = final;
      result = { wavPath, durationMs: durationMs() };
      writeMeta(fs, dir, {
        ...meta,
        state: final,
        endedAt: now().toISOString(),
        durationMs: result.durationMs,
        ...(reason === undefined ? {} : { reason }),
      });
      return result;
    } catch (error) {
      throw stopAfterError(error);
    }
  };

  return {
    dir,
    wavPath,
    sampleRate,
    get samplesWritten() {
      return Math.floor(dataBytes / 2);
    },
    append(chunk) {
      if (failure) throw failure;
      if (state !== 'recording') {
        throw new RecordingError(`the take in ${dir} is ${state}: start a new take to record more`);
      }
      if (chunk.length === 0) return;
      const bytes = toBytes(chunk);
      try {
        writeAll(bytes, WAV_HEADER_BYTES + dataBytes);
        const at = clock();
        if (at - lastSync >= syncIntervalMs) {
          patchHeader();
          fs.fsyncSync(fd);
          lastSync = at;
        }
      } catch (error) {
        throw stopAfterError(error);
      }
    },
    close() {
      return finish('complete');
    },
    abort(reason) {
      return finish('aborted', reason);
    },
  };
}

/** A take found still marked "recording": the app stopped before closing it. */
export interface InterruptedTake {
  dir: string;
  startedAt: string;
  sampleRate: number;
  /** Size of `take.wav` on disk (0 when missing). */
  wavBytes: number;
}

/**
 * Lists takes under `root` (the folder itself and up to three levels below) whose `take.json`
 * still says "recording". Call it at start-up, before opening new takes: a take being recorded
 * right now looks the same. Unreadable folders and malformed `take.json` files are skipped; a
 * missing root gives an empty list.
 */
export function findInterruptedTakes(
  root: string,
  options: { fs?: Partial<RecorderFs>; maxDepth?: number } = {},
): InterruptedTake[] {
  const fs: RecorderFs = { ...realFs, ...options.fs };
  const maxDepth = options.maxDepth ?? 3;
  const found: InterruptedTake[] = [];
  const visit = (dir: string, depth: number) => {
    let entries: nodeFs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.isFile() && e.name === TAKE_JSON)) {
      try {
        const meta = readTakeMeta(dir, fs);
        if (meta.state === 'recording') {
          const wavBytes = fs.statSync(join(dir, TAKE_WAV), { throwIfNoEntry: false })?.size ?? 0;
          found.push({ dir, startedAt: meta.startedAt, sampleRate: meta.sampleRate, wavBytes });
        }
      } catch {
        // Not a take we can read; leave it alone.
      }
      return;
    }
    if (depth >= maxDepth) return;
    for (const entry of entries) {
      if (entry.isDirectory() && !entry.name.startsWith('.'))
        visit(join(dir, entry.name), depth + 1);
    }
  };
  visit(root, 0);
  return found.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** What {@link recoverTake} did. */
export interface RecoveredTake extends TakeResult {
  /** False when the take was already finished and nothing changed. */
  recovered: boolean;
  /** Bytes of a partial final sample cut off. */
  droppedBytes: number;
}

/**
 * Makes an interrupted take playable: rewrites the WAV header sizes from the audio really on
 * disk (cutting a partial final sample), fsyncs, and marks `take.json` "recovered" with the
 * duration. A header that is missing or unreadable is rebuilt from `take.json` (16-bit mono at
 * its sample rate, audio from byte 44). A take that is not "recording" is returned as it is.
 * Throws {@link RecordingError} when the folder is not a take or cannot be written.
 */
export function recoverTake(
  dir: string,
  options: { now?: () => Date; fs?: Partial<RecorderFs> } = {},
): RecoveredTake {
  const fs: RecorderFs = { ...realFs, ...options.fs };
  const now = options.now ?? (() => new Date());
  const meta = readTakeMeta(dir, fs);
  const wavPath = join(dir, TAKE_WAV);
  if (meta.state !== 'recording') {
    return { wavPath, durationMs: meta.durationMs ?? 0, recovered: false, droppedBytes: 0 };
  }
  let durationMs: number;
  let droppedBytes: number;
  try {
    const fd = fs.openSync(wavPath, fs.existsSync(wavPath) ? 'r+' : 'w+', 0o600);
    try {
      const size = fs.fstatSync(fd).size;
      const head = new Uint8Array(Math.min(size, 65536));
      fs.readSync(fd, head, 0, head.length, 0);
      // A take's audio runs to the end of its file: the data size last written counts only
      // what was there at the last header update, up to a second before the crash.
      head.fill(0, 40, WAV_HEADER_BYTES);
      let plan: ReturnType<typeof planWavRepair> | null = null;
      try {
        plan = size >= WAV_HEADER_BYTES ? planWavRepair(head, size) : null;
      } catch (error) {
        if (!(error instanceof WavError)) throw error;
      }
      if (plan) {
        for (const patch of plan.patches) {
          fs.writeSync(fd, u32(patch.value), 0, 4, patch.offset);
        }
        if (plan.fileBytes < size) fs.ftruncateSync(fd, plan.fileBytes);
        durationMs = plan.info.durationMs;
        droppedBytes = plan.droppedBytes;
      } else {
        // The header never made it to disk whole: rebuild it from take.json.
        const available = Math.max(0, size - WAV_HEADER_BYTES);
        const dataBytes = available - (available % 2);
        const header = wavHeader(dataBytes, meta.sampleRate, 1, 16);
        fs.writeSync(fd, header, 0, header.length, 0);
        fs.ftruncateSync(fd, WAV_HEADER_BYTES + dataBytes);
        durationMs = Math.round(((dataBytes / 2) * 1000) / meta.sampleRate);
        droppedBytes = available - dataBytes;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    writeMeta(fs, dir, {
      ...meta,
      state: 'recovered',
      endedAt: now().toISOString(),
      durationMs,
      droppedBytes,
    });
  } catch (error) {
    throw new RecordingError(
      `cannot recover the take in ${dir}: ${describeDiskError(error, wavPath)}`,
      errorCode(error),
    );
  }
  return { wavPath, durationMs, recovered: true, droppedBytes };
}
