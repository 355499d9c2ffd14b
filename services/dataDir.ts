import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

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
