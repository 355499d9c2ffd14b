import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Shared shapes and helpers of the benchmark suite: what a benchmark returns, summary
 * statistics, timing, peak memory and plain-text / Markdown tables.
 */

/** How a run was asked for. */
export interface BenchOptions {
  /** Fewer repetitions and shorter inputs: a smoke run. */
  quick: boolean;
  /** Progress line on stderr (the tables go to stdout). */
  log: (message: string) => void;
}

/** One measured quantity against its target. Times in ms unless `unit` says otherwise. */
export interface Check {
  metric: string;
  unit: string;
  /** Median (or the single value, for counts and ratios). */
  median: number | null;
  /** 95th percentile (nearest rank); null where it has no meaning. */
  p95: number | null;
  /** The target in words, e.g. "<= 20 ms median". */
  target: string;
  pass: boolean;
}

/** A results table: column names and rows of already formatted cells. */
export interface Table {
  title: string;
  columns: string[];
  rows: string[][];
}

/** What one benchmark measured. */
export interface BenchOutcome {
  /** Set when the benchmark could not run here (a missing tool), with the reason. */
  skipped?: string;
  tables: Table[];
  checks: Check[];
  /** Sentences that explain a result (why a target was missed, what a number means). */
  notes: string[];
}

/** One benchmark of the suite. */
export interface Benchmark {
  name: string;
  title: string;
  run(options: BenchOptions): Promise<BenchOutcome>;
}

/** An outcome for a benchmark that cannot run on this machine. */
export function skipped(reason: string): BenchOutcome {
  return { skipped: reason, tables: [], checks: [], notes: [] };
}

function sortedCopy(values: readonly number[]): number[] {
  return [...values].sort((a, b) => a - b);
}

/** Median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  const s = sortedCopy(values);
  if (s.length === 0) return Number.NaN;
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
}

/** Nearest-rank percentile `p` (0-100) of `values`; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  const s = sortedCopy(values);
  if (s.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[Math.min(s.length, rank) - 1] ?? Number.NaN;
}

/** Largest of `values`; NaN when empty. */
export function maximum(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : Math.max(...values);
}

/** Runs `fn` once and returns its result and the wall time it took, ms. */
export async function timed<T>(fn: () => T | Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - started };
}

/** Wall time of `fn` on each of `count` runs, ms. */
export function timeRuns(count: number, fn: () => unknown): number[] {
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    fn();
    out.push(performance.now() - started);
  }
  return out;
}

/** A number for a table: `digits` decimals, or "-" for null / NaN. */
export function fmt(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '-';
  return value.toFixed(digits);
}

/** A fraction as a percentage with one decimal. */
export function pct(fraction: number): string {
  return Number.isFinite(fraction) ? `${(fraction * 100).toFixed(1)}%` : '-';
}

/** Rounds for the results file: three significant decimals are plenty for ms. */
export function round3(value: number | null): number | null {
  return value === null || !Number.isFinite(value) ? null : Math.round(value * 1000) / 1000;
}

/** A field of `/proc/<pid>/status` in MiB (VmHWM = peak resident set, VmRSS = current); null off Linux. */
export function procStatusMiB(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
    return match?.[1] ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Resets this process's peak resident set (Linux: writing 5 to /proc/self/clear_refs), so a
 * benchmark's peak is not an earlier benchmark's. Returns false where that is not possible.
 */
export function resetPeakRss(): boolean {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The checks as a table: metric, median, p95, target, PASS/FAIL. */
export function checksTable(checks: Check[]): Table {
  return {
    title: 'Targets',
    columns: ['metric', 'median', 'p95', 'target', 'result'],
    rows: checks.map((c) => [
      c.metric,
      `${fmt(c.median, c.unit === '%' || c.unit === 'ms' ? 1 : 3)} ${c.unit}`.trim(),
      c.p95 === null ? '-' : `${fmt(c.p95, c.unit === 'ms' || c.unit === '%' ? 1 : 3)} ${c.unit}`,
      c.target,
      c.pass ? 'PASS' : 'FAIL',
    ]),
  };
}

/** A table as aligned plain text for the terminal. */
export function textTable(table: Table): string {
  const widths = table.columns.map((c, i) =>
    Math.max(c.length, ...table.rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [
    table.title,
    line(table.columns),
    line(widths.map((w) => '-'.repeat(w))),
    ...table.rows.map(line),
  ].join('\n');
}

/** A table as Markdown (a bold title line, then the table), padded the way prettier pads it. */
export function markdownTable(table: Table): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const header = table.columns.map(escape);
  const rows = table.rows.map((r) => header.map((_, i) => escape(r[i] ?? '')));
  const widths = header.map((h, i) =>
    Math.max(3, h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [
    `**${table.title}**`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
  ].join('\n');
}
