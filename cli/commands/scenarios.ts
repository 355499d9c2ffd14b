import type { ScenarioProblem } from '../../core/scenarios/schema';
import { summarizeScenario } from '../../core/scenarios/schema';
import type { CliIo } from './common';
import { CliError, HELP_HINT, loadLibrary, parseArgs, writeJson } from './common';

/** One problem as `file:line: field: message` (line and field left out when unknown). */
export function formatProblem(p: ScenarioProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}` : p.file;
  return `${where}: ${p.field ? `${p.field}: ` : ''}${p.message}`;
}

/**
 * `scenarios lint [DIR]`: checks every scenario file of DIR (default: the scenarios folder).
 * Prints each problem and returns 1 when there is any, or when DIR holds no scenario at all;
 * otherwise prints "N scenarios OK" and returns 0.
 */
async function lint(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parseArgs('scenarios lint', args, {});
  if (positionals.length > 1) {
    throw new CliError(`scenarios lint takes one folder, got ${positionals.length}; ${HELP_HINT}`);
  }
  const library = await loadLibrary(io, positionals[0]);
  for (const problem of library.problems) io.stdout.write(`${formatProblem(problem)}\n`);
  if (library.problems.length > 0) {
    const files = new Set(library.problems.map((p) => p.file)).size;
    io.stderr.write(
      `${library.problems.length} problem${library.problems.length === 1 ? '' : 's'} in ${files} file${files === 1 ? '' : 's'}; ${library.scenarios.length} scenarios OK\n`,
    );
    return 1;
  }
  if (library.scenarios.length === 0) {
    io.stderr.write(`no scenario .yaml files in ${library.dir}; add some or lint another folder\n`);
    return 1;
  }
  io.stdout.write(`${library.scenarios.length} scenarios OK\n`);
  return 0;
}

/** `scenarios list [--json]`: the scenarios that load, one a line (or as JSON). */
async function list(args: string[], io: CliIo): Promise<number> {
  const parsed = parseArgs('scenarios list', args, { json: 'boolean' });
  if (parsed.positionals.length > 0) {
    throw new CliError(
      `scenarios list takes no arguments, got "${parsed.positionals[0]}"; ${HELP_HINT}`,
    );
  }
  const library = await loadLibrary(io);
  const summaries = library.scenarios.map((s) => summarizeScenario(s.scenario));
  if (parsed.flags.json) {
    writeJson(io, { dir: library.dir, scenarios: summaries, problems: library.problems });
  } else {
    const width = Math.max(2, ...summaries.map((s) => s.id.length));
    for (const s of summaries) {
      const slot = `${Math.round(s.slotSeconds / 6) / 10} min`;
      io.stdout.write(
        `${s.id.padEnd(width)}  v${s.version}  ${s.track.padEnd(10)} ${slot.padStart(8)}  ${s.title}\n`,
      );
    }
    if (summaries.length === 0) io.stdout.write(`no scenarios in ${library.dir}\n`);
  }
  if (library.problems.length > 0) {
    const files = new Set(library.problems.map((p) => p.file)).size;
    io.stderr.write(
      `${files} scenario file${files === 1 ? '' : 's'} did not load; run \`mock-interviewer scenarios lint\`\n`,
    );
  }
  return 0;
}

/** `scenarios lint|list ...`; `args` are the words after `scenarios`. */
export async function scenariosCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'lint') return lint(rest, io);
  if (sub === 'list') return list(rest, io);
  throw new CliError(
    sub === undefined
      ? `scenarios needs a subcommand: lint [DIR] or list [--json]; ${HELP_HINT}`
      : `unknown subcommand \`scenarios ${sub}\`; use lint [DIR] or list [--json]`,
  );
}
