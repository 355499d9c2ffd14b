import { chmodSync, mkdirSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';

/**
 * The app's per-user data folder: `$MOCK_INTERVIEWER_DATA` when set, else the platform's
 * (`$XDG_DATA_HOME` or `~/.local/share` on Linux, `~/Library/Application Support` on macOS,
 * `%APPDATA%` on Windows) plus `mock-interviewer`. Sessions and rendered prompts live here.
 */
export function userDataDir(
  env: NodeJS.ProcessEnv = process.env,
  home: string = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  if (env.MOCK_INTERVIEWER_DATA) return resolve(env.MOCK_INTERVIEWER_DATA);
  let base: string;
  if (platform === 'darwin') base = join(home, 'Library', 'Application Support');
  else if (platform === 'win32') base = env.APPDATA ?? join(home, 'AppData', 'Roaming');
  else base = env.XDG_DATA_HOME || join(home, '.local', 'share');
  return join(base, 'mock-interviewer');
}

/** Saved takes, one folder each. */
export const sessionsDir = (dataDir: string) => join(dataDir, 'sessions');
/** Rendered interviewer prompts, cached by text, voice and rate. */
export const promptsDir = (dataDir: string) => join(dataDir, 'prompts');

/**
 * Makes `dir` (and any missing parent) a folder for the user alone: created with mode 0700, and
 * an existing folder with wider permissions is narrowed to 0700. Throws when `dir` is not a
 * folder.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = statSync(dir);
  if (!info.isDirectory()) throw new Error(`${dir} must be a folder; move the file away`);
  if ((info.mode & 0o077) !== 0) chmodSync(dir, info.mode & 0o700);
}

/**
 * A message for the person using the app with every absolute path outside `dataDir` cut to its
 * last part: "cannot read /home/me/models/x.bin" becomes "cannot read x.bin". Paths inside the
 * data folder are the user's own and stay whole.
 */
export function withoutOutsidePaths(message: string, dataDir: string): string {
  return message.replace(
    /(?<![\w:.~/\\])(?:[A-Za-z]:)?[\\/](?:[^\s'"`()\\/;,]+[\\/])+[^\s'"`()\\/;,]*/g,
    (path) => (path.startsWith(dataDir) ? path : (path.split(/[\\/]/).filter(Boolean).pop() ?? '')),
  );
}

/**
 * True when `path` exists inside `root` and no part of it below `root` is a symbolic link: what
 * a file in the data folder must be before the app reads or serves it. `root` itself may be a
 * link (the user chose where the data folder lives).
 */
export function isRealPathInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return false;
  try {
    return realpathSync(path) === join(realpathSync(root), rel);
  } catch {
    return false;
  }
}

/**
 * This process's folder for temporary audio handed to a speech recogniser, inside the data
 * folder (never the shared /tmp): `tmp/asr-<pid>`. {@link removeStaleTempDirs} deletes those of
 * processes that are gone.
 */
export const asrTempDir = (dataDir: string) => join(dataDir, 'tmp', `asr-${process.pid}`);

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes temporary recogniser audio left in the data folder by processes that ended without
 * cleaning up (killed mid-take). Folders of processes still running are kept. Never throws.
 */
export function removeStaleTempDirs(dataDir: string): void {
  const tmp = join(dataDir, 'tmp');
  let names: string[];
  try {
    names = readdirSync(tmp);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^asr-(\d+)$/.exec(name)?.[1]);
    if (pid === process.pid || (pid > 0 && processRuns(pid))) continue;
    rmSync(join(tmp, name), { recursive: true, force: true });
  }
}
