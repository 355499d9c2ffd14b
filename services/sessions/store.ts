import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, lstatSync, openSync, writeSync } from 'node:fs';
import { lstat, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { LIMITS } from '../../core/limits';
import type { SessionProblem, SessionRecord, SessionSummary } from '../../core/sessions/record';
import { parseSessionRecord, summarizeSession } from '../../core/sessions/record';

/**
 * The saved takes: one folder per take under the sessions folder, holding take.wav (the
 * candidate), replay.wav (with the interviewer), take.json (recording state) and session.json
 * (transcript, analysis, scores). session.json is written atomically: a crash leaves the old
 * file or the new one, never half of one.
 */

/** The file that holds a take's record. */
export const SESSION_JSON = 'session.json';

/** A saved take that cannot be found or opened; the message says what to do. */
export class SessionError extends Error {
  override name = 'SessionError';
}

const ID_PATTERN = /^[0-9A-Za-z][0-9A-Za-z_-]{0,119}$/;

/** A new take id: sortable by time, then random, e.g. `20261123-081400-incident-a1b2c3`. */
export function newSessionId(scenarioId: string, now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${scenarioId.slice(0, 60)}-${randomBytes(3).toString('hex')}`;
}

/** The folder of take `id`; throws on an id that could leave the sessions folder. */
export function sessionFolder(root: string, id: string): string {
  if (!ID_PATTERN.test(id)) throw new Error(`"${id}" is not a session id`);
  return join(root, id);
}

/**
 * Writes `content` to `path` through a temporary file, fsync and rename. The file is created
 * for the user alone (0600) under a fresh name (`wx`: a link planted at that name is refused),
 * and the rename replaces whatever was at `path`, a planted link included, without following it.
 */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const part = `${path}.${randomBytes(4).toString('hex')}.part`;
  const fd = openSync(part, 'wx', 0o600);
  try {
    if (typeof content === 'string') writeSync(fd, content);
    else for (let at = 0; at < content.length;) at += writeSync(fd, content, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  await rename(part, path);
}

/**
 * The text of a small settings file of the data folder, or null when it is missing, is not a
 * plain file (a link planted there is not followed) or is larger than `maxBytes`: a file the app
 * keeps for itself is never worth reading a device or a huge file for.
 */
export async function readSmallFile(path: string, maxBytes = 64 * 1024): Promise<string | null> {
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > maxBytes) return null;
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Saves a take's record in its folder. */
export function writeSession(root: string, record: SessionRecord): Promise<void> {
  return writeFileAtomic(
    join(sessionFolder(root, record.id), SESSION_JSON),
    JSON.stringify(record),
  );
}

/**
 * True when take `id` has a folder and a session.json of its own: real entries, not symbolic
 * links planted in the sessions folder (a link is never followed).
 */
export function isSavedSession(root: string, id: string): boolean {
  try {
    const folder = sessionFolder(root, id);
    return lstatSync(folder).isDirectory() && lstatSync(join(folder, SESSION_JSON)).isFile();
  } catch {
    return false;
  }
}

/** Reads one saved take; throws a {@link SessionError} whose message says why it cannot be opened. */
export async function readSession(root: string, id: string): Promise<SessionRecord> {
  let text: string;
  try {
    if (!isSavedSession(root, id)) throw new Error('not a saved take');
    const file = join(sessionFolder(root, id), SESSION_JSON);
    if ((await lstat(file)).size > LIMITS.maxSessionFileBytes) {
      throw new SessionError(
        `session "${id}" is larger than the session file size limit (${LIMITS.maxSessionFileBytes / 1024 / 1024} MB); it cannot be opened`,
      );
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof SessionError) throw error;
    throw new SessionError(`session "${id}" was not found; it may have been deleted`);
  }
  const parsed = parseSessionRecord(text);
  if (!parsed.ok) throw new SessionError(`session "${id}": ${parsed.message}`);
  return parsed.record;
}

/**
 * Lists the saved takes, newest first. A folder whose session.json is damaged or from a newer
 * version is listed as a problem and never stops the others; folders still recording (no
 * session.json yet) are left out.
 */
export async function listSessions(
  root: string,
): Promise<{ sessions: SessionSummary[]; problems: SessionProblem[] }> {
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return { sessions: [], problems: [] };
  }
  const sessions: SessionSummary[] = [];
  const problems: SessionProblem[] = [];
  for (const name of names.sort().reverse()) {
    if (!ID_PATTERN.test(name) || !isSavedSession(root, name)) continue;
    const record = await readSession(root, name).catch((error: Error) => error);
    if (!(record instanceof Error)) sessions.push(summarizeSession(record));
    else problems.push({ id: name, message: record.message.replace(`session "${name}": `, '') });
  }
  return { sessions, problems };
}

/** Deletes a saved take's folder and everything in it. */
export async function deleteSession(root: string, id: string): Promise<void> {
  const folder = sessionFolder(root, id);
  const info = await lstat(folder).catch(() => null);
  if (!info) throw new SessionError(`session "${id}" was not found`);
  // A link planted in the sessions folder is removed itself; what it points at is left alone.
  await rm(folder, { recursive: !info.isSymbolicLink(), force: true });
}
