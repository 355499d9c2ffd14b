import { constants, existsSync, readFileSync } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LIMITS } from '../../core/limits';
import { fieldLine, parseScenarioText } from '../../core/scenarios/parse';
import type { ParseScenarioResult } from '../../core/scenarios/parse';
import type { Scenario, ScenarioProblem } from '../../core/scenarios/schema';

/** The scenario a session uses when none is chosen. */
export const DEFAULT_SCENARIO_ID = 'incident-minute-by-minute';

/** The environment variable that points the library at another scenarios folder. */
export const SCENARIOS_DIR_ENV = 'MOCK_INTERVIEWER_SCENARIOS';

const PACKAGE_NAME = 'mock-interviewer';

/** The scenario folder or a scenario cannot be found; the message says what to do. */
export class ScenarioLibraryError extends Error {
  override name = 'ScenarioLibraryError';
}

/** A scenario that loaded, with the absolute path of its file. */
export interface LoadedScenario {
  scenario: Scenario;
  file: string;
}

/** Everything found in one scenarios folder: the good scenarios and the problems of the rest. */
export interface ScenarioLibrary {
  /** In file-name order. */
  scenarios: LoadedScenario[];
  problems: ScenarioProblem[];
  /** The folder read, absolute. */
  dir: string;
}

/** Where to look for the default folder; both default to this process and this module. */
export interface ScenarioDirOptions {
  env?: Record<string, string | undefined>;
  /** A folder inside the project (the source folder or a bundle's out/ folder). */
  fromDir?: string;
}

/**
 * The scenarios folder: `$MOCK_INTERVIEWER_SCENARIOS` when set (resolved against the cwd),
 * else `scenarios/` in the project folder, found by walking up from this module to the folder
 * whose package.json is named "mock-interviewer". Works from the sources and from bundles in
 * out/node or out/main. Throws when no such folder exists above this module.
 */
export function defaultScenarioDir(options: ScenarioDirOptions = {}): string {
  const env = options.env ?? process.env;
  const fromEnv = env[SCENARIOS_DIR_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') return resolve(fromEnv);
  const start = options.fromDir ?? dirname(fileURLToPath(import.meta.url));
  let dir = resolve(start);
  for (;;) {
    if (isProjectRoot(dir)) return join(dir, 'scenarios');
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new ScenarioLibraryError(
    `cannot find the ${PACKAGE_NAME} project folder above ${start}; set ${SCENARIOS_DIR_ENV} to a folder of scenario .yaml files.`,
  );
}

function isProjectRoot(dir: string): boolean {
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) return false;
  try {
    const parsed: unknown = JSON.parse(readFileSync(manifest, 'utf8'));
    return (
      typeof parsed === 'object' &&
      parsed !== null &&
      (parsed as { name?: unknown }).name === PACKAGE_NAME
    );
  } catch {
    return false;
  }
}

/** A path as problems show it: relative to the cwd when inside it, else absolute. */
function displayPath(file: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}

/** One file's text and what parsing it gave, kept until the file changes. */
interface ParsedFile {
  stamp: string;
  text: string;
  parsed: ParseScenarioResult;
}

const parsedFiles = new Map<string, ParsedFile>();

/** What identifies one version of a file on disk: changed content changes it. */
const stampOf = (info: Stats) =>
  `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;

/**
 * Reads and parses one scenario file, or reuses the last result while the file is unchanged.
 * Refuses anything that is not a regular file (a named pipe would block the read forever) and
 * files over {@link LIMITS.maxScenarioFileBytes}, with a problem message.
 */
async function readScenarioFile(
  file: string,
  shown: string,
): Promise<ParsedFile | ScenarioProblem> {
  const problem = (message: string): ScenarioProblem => ({ file: shown, field: '', message });
  let info: Stats;
  try {
    info = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return problem(`cannot read the file (${code}); check that it exists and is readable.`);
  }
  if (!info.isFile()) {
    return problem(
      'not a regular file (a pipe, device or folder); scenario files must be plain .yaml files.',
    );
  }
  const maxBytes = LIMITS.maxScenarioFileBytes;
  if (info.size > maxBytes) {
    return problem(
      `the file is ${Math.ceil(info.size / 1024)} KB; scenario files may be at most ${maxBytes / 1024} KB (the scenario file size limit); split it or shorten it.`,
    );
  }
  const stamp = stampOf(info);
  const cached = parsedFiles.get(file);
  if (cached?.stamp === stamp) return cached;
  let text: string;
  try {
    // Opened without blocking, so a file swapped for a pipe since the check cannot stall.
    const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      const opened = await handle.stat();
      if (!opened.isFile() || opened.size > maxBytes) {
        return problem('the file changed while it was read; lint again.');
      }
      text = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return problem(`cannot read the file (${code}); check that it exists and is readable.`);
  }
  const entry = { stamp, text, parsed: parseScenarioText(text, shown) };
  parsedFiles.set(file, entry);
  return entry;
}

/**
 * Loads every `*.yaml` and `*.yml` file of `dir` (default: {@link defaultScenarioDir}), in
 * file-name order. A file that fails to read or parse becomes problems and the others still
 * load; a scenario whose id an earlier file already used is a problem, not a scenario.
 * Each file is parsed once and again only when it changes (size, times or inode), so calls
 * that need the library cost a folder listing and a stat per file.
 * Throws when the folder itself cannot be read, naming it and what to do.
 */
export async function loadScenarioDir(dir?: string): Promise<ScenarioLibrary> {
  const absDir = resolve(dir ?? defaultScenarioDir());
  let names: string[];
  try {
    const entries = await readdir(absDir, { withFileTypes: true });
    names = entries
      .filter((e) => (e.isFile() || e.isSymbolicLink()) && /\.ya?ml$/i.test(e.name))
      .map((e) => e.name)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    throw new ScenarioLibraryError(
      `cannot read the scenarios folder ${absDir} (${code}); create it with scenario .yaml files or set ${SCENARIOS_DIR_ENV} to a folder that has them.`,
      { cause: err },
    );
  }

  const scenarios: LoadedScenario[] = [];
  const problems: ScenarioProblem[] = [];
  const fileById = new Map<string, string>();
  for (const name of names) {
    const file = join(absDir, name);
    const shown = displayPath(file);
    const read = await readScenarioFile(file, shown);
    if (!('parsed' in read)) {
      problems.push(read);
      continue;
    }
    const { text, parsed } = read;
    if (!parsed.ok) {
      problems.push(...parsed.problems);
      continue;
    }
    const { id } = parsed.scenario;
    const earlier = fileById.get(id);
    if (earlier !== undefined) {
      const line = fieldLine(text, ['id']);
      const message = `duplicate scenario id "${id}" (already used by ${earlier}); give this scenario its own id.`;
      problems.push(
        line === undefined
          ? { file: shown, field: 'id', message }
          : { file: shown, field: 'id', line, message },
      );
      continue;
    }
    fileById.set(id, shown);
    scenarios.push({ scenario: parsed.scenario, file });
  }
  return { scenarios, problems, dir: absDir };
}

/** The loaded scenario with this id; throws an Error listing the known ids when there is none. */
export function findScenario(lib: ScenarioLibrary, id: string): Scenario {
  const hit = lib.scenarios.find((s) => s.scenario.id === id);
  if (hit) return hit.scenario;
  if (lib.scenarios.length === 0) {
    throw new ScenarioLibraryError(
      `unknown scenario "${id}"; no scenarios loaded from ${lib.dir}: add scenario .yaml files there or set ${SCENARIOS_DIR_ENV}.`,
    );
  }
  throw new ScenarioLibraryError(
    `unknown scenario "${id}"; known: ${lib.scenarios.map((s) => s.scenario.id).join(', ')}`,
  );
}
