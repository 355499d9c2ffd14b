import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { format, resolveConfig } from 'prettier';
import { endToReportBenchmark } from './endToReport';
import { pausesBenchmark } from './pauses';
import { responsivenessBenchmark } from './responsiveness';
import { scoreBenchmark } from './score';
import type { Benchmark, BenchOutcome, Check, Table } from './stats';
import { checksTable, markdownTable, round3, textTable } from './stats';
import { transcriptionBenchmark } from './transcription';
import { REPO_ROOT } from './transcripts';

/**
 * `npm run bench [-- --only NAME[,NAME]] [-- --quick]`: runs the benchmarks, prints a table per
 * benchmark, merges the results into bench/results/latest.json and rewrites the results section
 * of docs/benchmarks.md (between `<!-- bench:start -->` and `<!-- bench:end -->`) from it.
 * `--docs-only` rewrites that section from latest.json without measuring anything.
 */

const BENCHMARKS: Benchmark[] = [
  scoreBenchmark,
  pausesBenchmark,
  transcriptionBenchmark,
  responsivenessBenchmark,
  endToReportBenchmark,
];
const RESULTS_PATH = join(REPO_ROOT, 'bench', 'results', 'latest.json');
const DOC_PATH = join(REPO_ROOT, 'docs', 'benchmarks.md');
const START_MARKER = '<!-- bench:start -->';
const END_MARKER = '<!-- bench:end -->';

/** The machine a result was measured on. */
interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  loadAverageStart: number[];
  loadAverageEnd: number[];
}

/** One benchmark's entry in latest.json. */
interface StoredResult extends BenchOutcome {
  title: string;
  mode: 'full' | 'quick';
  measuredAt: string;
  wallMs: number;
  machine: MachineInfo;
}

interface ResultsFile {
  results: Record<string, StoredResult>;
}

function parseArgs(argv: string[]): { only: string[] | null; quick: boolean; docsOnly: boolean } {
  let only: string[] | null = null;
  let quick = false;
  let docsOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--quick') quick = true;
    else if (arg === '--docs-only') docsOnly = true;
    else if (arg === '--only' || arg.startsWith('--only=')) {
      const value = arg === '--only' ? argv[++i] : arg.slice('--only='.length);
      if (!value) throw new Error('--only needs benchmark names, e.g. --only score,pauses');
      only = value.split(',').map((s) => s.trim());
    } else if (arg === '--help' || arg === '-h') {
      process.stdout.write(
        `usage: npm run bench -- [--only ${BENCHMARKS.map((b) => b.name).join(',')}] [--quick] [--docs-only]\n`,
      );
      process.exit(0);
    } else {
      throw new Error(`unknown option ${arg}; use --only NAME[,NAME] and/or --quick`);
    }
  }
  const unknown = (only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length > 0) {
    throw new Error(
      `no benchmark named ${unknown.join(', ')}; choose from ${BENCHMARKS.map((b) => b.name).join(', ')}`,
    );
  }
  return { only, quick, docsOnly };
}

function machine(loadAverageStart: number[]): MachineInfo {
  const round2 = (x: number) => Math.round(x * 100) / 100;
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round2(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverageStart: loadAverageStart.map(round2),
    loadAverageEnd: loadavg().map(round2),
  };
}

function roundChecks(checks: Check[]): Check[] {
  return checks.map((c) => ({ ...c, median: round3(c.median), p95: round3(c.p95) }));
}

function readResults(): ResultsFile {
  if (!existsSync(RESULTS_PATH)) return { results: {} };
  try {
    return JSON.parse(readFileSync(RESULTS_PATH, 'utf8')) as ResultsFile;
  } catch {
    return { results: {} };
  }
}

function printOutcome(name: string, title: string, outcome: BenchOutcome): void {
  const out: string[] = [`\n== ${name}: ${title} ==`];
  if (outcome.skipped) out.push(`skipped: ${outcome.skipped}`);
  for (const table of outcome.tables) out.push('', textTable(table));
  if (outcome.checks.length > 0) out.push('', textTable(checksTable(outcome.checks)));
  for (const note of outcome.notes) out.push('', `note: ${note}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

function markdownSection(name: string, r: StoredResult): string {
  const m = r.machine;
  const lines = [
    `### ${name}: ${r.title}`,
    '',
    `${r.mode === 'quick' ? 'Quick run' : 'Full run'}, ${r.measuredAt}, ${(r.wallMs / 1000).toFixed(0)} s; ` +
      `${m.cores} x ${m.cpu}, ${m.memoryGiB} GiB, Linux ${m.kernel}, Node ${m.node}; ` +
      `load average ${m.loadAverageStart.join(' / ')} at start, ${m.loadAverageEnd.join(' / ')} at end.`,
  ];
  if (r.skipped) lines.push('', `skipped: ${r.skipped}`);
  const tables: Table[] = [...r.tables];
  if (r.checks.length > 0) tables.push(checksTable(r.checks));
  for (const table of tables) lines.push('', markdownTable(table));
  for (const note of r.notes) lines.push('', note);
  return lines.join('\n');
}

/** Writes `text` to `path` formatted by the repository's prettier settings. */
async function writeFormatted(path: string, text: string): Promise<void> {
  const config = (await resolveConfig(path)) ?? {};
  writeFileSync(path, await format(text, { ...config, filepath: path }));
}

async function updateDoc(results: ResultsFile): Promise<void> {
  const sections = BENCHMARKS.filter((b) => results.results[b.name]).map((b) =>
    markdownSection(b.name, results.results[b.name] as StoredResult),
  );
  const generated = [
    START_MARKER,
    '',
    '<!-- Written by `npm run bench`; edit the text above the markers, not below. -->',
    '',
    sections.join('\n\n'),
    '',
    END_MARKER,
  ].join('\n');
  const doc = existsSync(DOC_PATH) ? readFileSync(DOC_PATH, 'utf8') : '# Benchmarks\n';
  const start = doc.indexOf(START_MARKER);
  const end = doc.indexOf(END_MARKER);
  const next =
    start >= 0 && end > start
      ? `${doc.slice(0, start)}${generated}${doc.slice(end + END_MARKER.length)}`
      : `${doc.trimEnd()}\n\n## Results\n\n${generated}\n`;
  await writeFormatted(DOC_PATH, next);
}

async function main(): Promise<void> {
  const { only, quick, docsOnly } = parseArgs(process.argv.slice(2));
  if (docsOnly) {
    await updateDoc(readResults());
    process.stdout.write(`${DOC_PATH} rewritten from ${RESULTS_PATH}\n`);
    return;
  }
  const chosen = BENCHMARKS.filter((b) => !only || only.includes(b.name));
  const log = (message: string) => process.stderr.write(`  ${message}\n`);
  const results = readResults();
  let failed = 0;
  for (const bench of chosen) {
    const loadStart = loadavg();
    const started = performance.now();
    let outcome: BenchOutcome;
    try {
      outcome = await bench.run({ quick, log });
    } catch (error) {
      outcome = {
        tables: [],
        checks: [],
        notes: [`error: ${(error as Error).stack ?? String(error)}`],
      };
      failed++;
    }
    const wallMs = performance.now() - started;
    printOutcome(bench.name, bench.title, outcome);
    failed += outcome.checks.filter((c) => !c.pass).length;
    results.results[bench.name] = {
      title: bench.title,
      mode: quick ? 'quick' : 'full',
      measuredAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      wallMs: Math.round(wallMs),
      machine: machine(loadStart),
      ...outcome,
      checks: roundChecks(outcome.checks),
    };
  }
  mkdirSync(dirname(RESULTS_PATH), { recursive: true });
  await writeFormatted(RESULTS_PATH, JSON.stringify(results, null, 2));
  await updateDoc(results);
  process.stdout.write(
    `\n${failed === 0 ? 'all targets met' : `${failed} target(s) missed or errors`}; ` +
      `results in ${RESULTS_PATH}, tables in ${DOC_PATH}\n`,
  );
}

// Exit explicitly: a whisper.cpp context's segment callback keeps the event loop alive.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  },
);
