import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldLine, parseScenarioText } from '../../core/scenarios/parse';
import type { Scenario, ScenarioProblem } from '../../core/scenarios/schema';

/** The scenario a session uses when none is chosen. */
export const DEFAULT_SCENARIO_ID = 'incident-minute-by-minute';

/** The environment variable that points the library at another scenarios folder. */
export const SCENARIOS_DIR_ENV = 'MOCK_INTERVIEWER_SCENARIOS';

const PACKAGE_NAME = 'mock-interviewer';

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
  throw new Error(
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

/**
 * Loads every `*.yaml` and `*.yml` file of `dir` (default: {@link defaultScenarioDir}), in
 * file-name order. A file that fails to read or parse becomes problems and the others still
 * load; a scenario whose id an earlier file already used is a problem, not a scenario.
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
    throw new Error(
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
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? String(err);
      problems.push({
        file: shown,
        field: '',
        message: `cannot read the file (${code}); check that it exists and is readable.`,
      });
      continue;
    }
    const parsed = parseScenarioText(text, shown);
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
    throw new Error(
      `unknown scenario "${id}"; no scenarios loaded from ${lib.dir}: add scenario .yaml files there or set ${SCENARIOS_DIR_ENV}.`,
    );
  }
  throw new Error(
    `unknown scenario "${id}"; known: ${lib.scenarios.map((s) => s.scenario.id).join(', ')}`,
  );
}
