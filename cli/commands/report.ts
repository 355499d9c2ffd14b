import type { Evidence, Metric, ScoreReport } from '../../core/rubric';
import type { Scenario } from '../../core/scenarios/schema';
import type { RecordingAnalysis } from '../../services/pipeline';
import { formatClockMs, formatSecondsMs } from '../../core/format/time';
import { metricPhrase } from '../../core/report';

/**
 * What the command line prints: the JSON shapes of `score` and `analyze`, and the same results
 * as a report for the terminal.
 */

/** A piece of evidence in the JSON report. */
export interface EvidenceJson {
  text: string;
  startMs?: number;
  endMs?: number;
}

/** A metric in the JSON report. */
export interface MetricJson {
  kind: Metric['kind'];
  value: number;
  unit: string;
  text: string;
  startMs?: number;
}

/** `analyze --json`, and `timing` in `score FILE.wav --json`. */
export interface TimingJson {
  durationMs: number;
  firstWordMs: number | null;
  pauses: { startMs: number; endMs: number; kind: string }[];
  words: RecordingAnalysis['words'];
  fillers: RecordingAnalysis['fillers'];
  wordsPerMinute: number | null;
  /** The recogniser, when the audio was transcribed. */
  engine?: string;
}

/** `score --json`. Every rubric criterion appears, in rubric order. */
export interface ScoreJson {
  overall: number;
  criteria: {
    id: string;
    title: string;
    score: number;
    weight: number;
    evidence: EvidenceJson[];
    missing: string[];
  }[];
  metrics: MetricJson[];
  followUp: ScoreReport['followUp'];
  coaching: ScoreReport['coaching'];
  /** Red flags a panel would raise (negated ownership, blame, lists, echoes...), with evidence. */
  redFlags: NonNullable<ScoreReport['redFlags']>;
  /** Every clause with its role in the story, its subject and what it may earn. */
  clauses: NonNullable<ScoreReport['clauses']>;
  scenario: { id: string; version: number };
  timing?: TimingJson;
}

function evidenceJson(e: Evidence): EvidenceJson {
  const out: EvidenceJson = { text: e.text };
  if (e.startMs !== undefined) out.startMs = e.startMs;
  if (e.endMs !== undefined) out.endMs = e.endMs;
  return out;
}

/** The JSON form of a recording's analysis. */
export function timingJson(analysis: RecordingAnalysis): TimingJson {
  const out: TimingJson = {
    durationMs: analysis.durationMs,
    firstWordMs: analysis.firstWordMs,
    pauses: analysis.pauses.map(({ startMs, endMs, kind }) => ({ startMs, endMs, kind })),
    words: analysis.words,
    fillers: analysis.fillers,
    wordsPerMinute: analysis.wordsPerMinute,
  };
  if (analysis.engine) out.engine = analysis.engine;
  return out;
}

/** The JSON form of a score, with the recording's timing when there was one. */
export function scoreJson(
  report: ScoreReport,
  scenario: Scenario,
  analysis?: RecordingAnalysis,
): ScoreJson {
  const out: ScoreJson = {
    overall: report.overall,
    criteria: report.criteria.map((c) => ({
      id: c.id,
      title: c.title,
      score: c.score,
      weight: c.weight,
      evidence: c.evidence.map(evidenceJson),
      missing: c.missing,
    })),
    metrics: report.metrics.map((m) => {
      const metric: MetricJson = { kind: m.kind, value: m.value, unit: m.unit, text: m.text };
      if (m.startMs !== undefined) metric.startMs = m.startMs;
      return metric;
    }),
    followUp: report.followUp,
    coaching: report.coaching,
    redFlags: report.redFlags ?? [],
    clauses: report.clauses ?? [],
    scenario: { id: scenario.id, version: scenario.version },
  };
  if (analysis) out.timing = timingJson(analysis);
  return out;
}

/** A 0-4 score as a four-cell bar, e.g. 3 -> "[###-]". */
export function scoreBar(score: number): string {
  const filled = Math.max(0, Math.min(4, Math.round(score)));
  return `[${'#'.repeat(filled)}${'-'.repeat(4 - filled)}]`;
}

function at(e: { startMs?: number }): string {
  return e.startMs !== undefined ? ` at ${formatClockMs(e.startMs)}` : '';
}

function metricValue(m: Metric): string {
  const { value } = metricPhrase(m);
  return m.unit === 'users' ? `${value} users` : value;
}

/** The timing lines of a recording, for the terminal. */
export function formatTiming(analysis: RecordingAnalysis): string {
  const lines: string[] = [];
  const kinds = { ordinary: 0, long: 0, stall: 0 };
  for (const p of analysis.pauses) kinds[p.kind]++;
  lines.push(`Recording: ${formatSecondsMs(analysis.durationMs)}`);
  lines.push(
    `  first word after ${analysis.firstWordMs === null ? '(nothing said)' : formatSecondsMs(analysis.firstWordMs)}` +
      (analysis.wordsPerMinute === null ? '' : `, ${analysis.wordsPerMinute} words a minute`) +
      (analysis.engine ? `, heard by ${analysis.engine}` : ''),
  );
  lines.push(
    `  pauses: ${analysis.pauses.length} (${kinds.ordinary} ordinary, ${kinds.long} long, ${kinds.stall} ${kinds.stall === 1 ? 'stall' : 'stalls'})`,
  );
  for (const p of analysis.pauses) {
    lines.push(
      `    ${formatClockMs(p.startMs)}-${formatClockMs(p.endMs)}  ${formatSecondsMs(p.durationMs)}  ${p.kind}`,
    );
  }
  if (analysis.fillers.length > 0) {
    lines.push(
      `  fillers: ${analysis.fillers.length} (${analysis.fillers.map((f) => `"${f.text}"${at(f)}`).join(', ')})`,
    );
  } else if (analysis.words.length > 0) {
    lines.push('  fillers: none');
  }
  if (analysis.words.length > 0) {
    lines.push(`  words: ${analysis.words.map((w) => w.text).join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A score as a report for the terminal: overall, criteria, metrics, follow-up and coaching. */
export function formatScore(
  report: ScoreReport,
  scenario: Scenario,
  analysis?: RecordingAnalysis,
): string {
  const lines: string[] = [];
  lines.push(`${scenario.title} (${scenario.id} v${scenario.version})`);
  lines.push(`Overall: ${report.overall}/100`);
  lines.push('');
  const width = Math.max(...report.criteria.map((c) => c.title.length));
  for (const c of report.criteria) {
    const weight = c.weight > 0 ? `weight ${c.weight}` : 'not counted';
    lines.push(`${c.title.padEnd(width)}  ${scoreBar(c.score)} ${c.score}/4  ${weight}`);
    for (const e of c.evidence) {
      lines.push(`    + ${e.label ? `${e.label}: ` : ''}"${e.text}"${at(e)}`);
    }
    for (const m of c.missing) lines.push(`    - missing: ${m}`);
  }
  lines.push('');
  if (report.metrics.length > 0) {
    lines.push('Metrics');
    for (const m of report.metrics) {
      lines.push(`  ${m.kind.padEnd(13)} ${metricValue(m).padEnd(14)} "${m.text}"${at(m)}`);
    }
  } else {
    lines.push('Metrics: none found');
  }
  lines.push('');
  if (report.followUp) {
    lines.push('Follow-up');
    lines.push(`  ${report.followUp.prompt}`);
    lines.push(`  (${report.followUp.reason})`);
  } else {
    lines.push('Follow-up: none');
  }
  if (report.coaching.length > 0) {
    lines.push('');
    lines.push('Coaching');
    report.coaching.forEach((point, i) => {
      lines.push(`  ${i + 1}. "${point.quote.text}"${at(point.quote)}`);
      lines.push(`     ${point.advice}`);
      lines.push(`     try: ${point.example}`);
    });
  }
  const text = `${lines.join('\n')}\n`;
  return analysis ? `${text}\n${formatTiming(analysis)}` : text;
}
