import { spawn } from 'node:child_process';
import type { AbortSignalLike } from '../../core/transcription/types';

/**
 * The one way the app runs a speech tool (festival, espeak-ng, pocketsphinx): an argument array
 * and never a shell, standard input closed, standard output collected when asked for, the last
 * part of standard error kept for the message, and the process killed (SIGKILL) at its time
 * limit or when the caller cancels. It never rejects: how the process ended is in the result.
 */

/** How a tool run ended. */
export interface ToolResult {
  /** Exit code, or null when killed by a signal or never started. */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** Standard output, when `captureStdout` was set; else empty. */
  stdout: string;
  /** The last {@link STDERR_KEEP_CHARS} characters of standard error. */
  stderr: string;
  /** Set when the program could not be started (e.g. ENOENT). */
  error?: NodeJS.ErrnoException;
  /** Why the run was cut short by the runner, if it was. */
  stopped?: 'timeout' | 'cancelled';
}

/** Settings of one run. */
export interface ToolRunOptions {
  /** Longest the process may run, ms; it is killed then. */
  timeoutMs: number;
  /** Kills the process when aborted; an already aborted signal starts nothing. */
  signal?: AbortSignalLike;
  /** Collects standard output into `stdout`. */
  captureStdout?: boolean;
  /** Called with all standard output so far, each time more arrives (needs `captureStdout`). */
  onStdout?: (stdout: string) => void;
}

/** Runs a tool as described by the caller; tests pass one that records calls. */
export type ToolRunner = (
  command: string,
  args: readonly string[],
  options: ToolRunOptions,
) => Promise<ToolResult>;

/** Characters of standard error kept for messages. */
export const STDERR_KEEP_CHARS = 8192;

/** Runs `command` with `args` (see the module comment). */
export const runTool: ToolRunner = (command, args, options) =>
  new Promise((resolve) => {
    if (options.signal?.aborted) {
      resolve({ code: null, signal: null, stdout: '', stderr: '', stopped: 'cancelled' });
      return;
    }
    let stdout = '';
    let stderr = '';
    let stopped: ToolResult['stopped'];
    let settled = false;
    const child = spawn(command, [...args], {
      shell: false,
      stdio: ['ignore', options.captureStdout ? 'pipe' : 'ignore', 'pipe'],
    });
    const stop = (why: NonNullable<ToolResult['stopped']>) => {
      if (stopped) return;
      stopped = why;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop('cancelled');
    options.signal?.addEventListener('abort', onAbort);
    const timer = setTimeout(() => stop('timeout'), options.timeoutMs);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      options.onStdout?.(stdout);
    });
    child.stdout?.on('error', () => {});
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_KEEP_CHARS);
    });
    child.stderr?.on('error', () => {});
    const finish = (result: Omit<ToolResult, 'stdout' | 'stderr' | 'stopped'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ ...result, stdout, stderr, ...(stopped ? { stopped } : {}) });
    };
    child.on('error', (error: NodeJS.ErrnoException) =>
      finish({ code: null, signal: null, error }),
    );
    child.on('close', (code, signal) => finish({ code, signal }));
  });
