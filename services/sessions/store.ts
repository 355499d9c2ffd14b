import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
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

/** Writes `text` to `path` through a temporary file, fsync and rename. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const part = `${path}.${randomBytes(4).toString('hex')}.part`;
  const fd = openSync(part, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  await rename(part, path);
}

/** Saves a take's record in its folder. */
export function writeSession(root: string, record: SessionRecord): Promise<void> {
  return writeFileAtomic(
    join(sessionFolder(root, record.id), SESSION_JSON),
    JSON.stringify(record),
  );
}

/** Reads one saved take; throws an Error whose message says why it cannot be opened. */
export async function readSession(root: string, id: string): Promise<SessionRecord> {
  let text: string;
  try {
    text = await readFile(join(sessionFolder(root, id), SESSION_JSON), 'utf8');
  } catch {
    throw new Error(`session "${id}" was not found; it may have been deleted`);
  }
  const parsed = parseSessionRecord(text);
  if (!parsed.ok) throw new Error(`session "${id}": ${parsed.message}`);
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
    if (!ID_PATTERN.test(name)) continue;
    const file = join(root, name, SESSION_JSON);
    const info = await stat(file).catch(() => null);
    if (!info?.isFile()) continue;
    const parsed = parseSessionRecord(await readFile(file, 'utf8').catch(() => ''));
    if (parsed.ok) sessions.push(summarizeSession(parsed.record));
    else problems.push({ id: name, message: parsed.message });
  }
  return { sessions, problems };
}

/** Deletes a saved take's folder and everything in it. */
export async function deleteSession(root: string, id: string): Promise<void> {
  const folder = sessionFolder(root, id);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`session "${id}" was not found`);
  await rm(folder, { recursive: true, force: true });
}
