import type { Evidence, MetricKind } from '../rubric/types';
import type { SessionRecord } from '../sessions/record';
import {
  endSummary,
  fillerCounts,
  fillerSummary,
  firstWordSummary,
  formatCreatedAt,
  formatMs,
  formatSeconds,
  notablePauses,
  promptLabel,
  slotSummary,
  transcribedBySummary,
  transcriptBlocks,
} from './content';

/** What each metric kind is called in the exports. */
export const METRIC_LABELS: Readonly<Record<MetricKind, string>> = {
  recoveryTime: 'Recovery time',
  detectionTime: 'Time to detect',
  rollbackTime: 'Rollback time',
  affectedUsers: 'Users affected',
  percentage: 'Percentage',
  money: 'Money',
  duration: 'Duration',
};

/** A metric kind's label; an unknown kind (from a newer scorer) is shown as it is. */
export function metricLabel(kind: string): string {
  return (METRIC_LABELS as Record<string, string>)[kind] ?? kind;
}

/** "(0:12, Action)", "(0:12)", "(Action)" or "" for a piece of evidence; the label is escaped. */
export function evidenceNote(evidence: Pick<Evidence, 'startMs' | 'label'>): string {
  const parts = [
    evidence.startMs === undefined ? null : formatMs(evidence.startMs),
    evidence.label === undefined ? null : inline(evidence.label),
  ].filter((p): p is string => p !== null && p !== '');
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/**
 * Record text for Markdown: on one line (runs of whitespace, newlines included, become one
 * space), with `<` backslash-escaped so a viewer that renders raw HTML shows a typed tag as text.
 */
function inline(text: string): string {
  return text.replace(/\s+/g, ' ').trim().replace(/</g, '\\<');
}

/** Text for a Markdown table cell: on one line, with `|` escaped so it stays in its cell. */
function cell(text: string): string {
  return inline(text.replace(/\\/g, '\\\\')).replace(/\|/g, '\\|');
}

/**
 * The take as Markdown: title, scenario, date, overall score, a table of criteria (score out of
 * 4, weight), each criterion's evidence quotes with m:ss times and what was missing, the metrics
 * with their moments, the delivery summary (time to first word, rate, long pauses and stalls,
 * fillers, overrun), coaching points, the next follow-up, warnings, and the transcript with the
 * interviewer's prompts and long pauses marked. Times are on the take's clock (0:00 = the end
 * of the opening prompt), as in the replay room. Record text is written as it is, on one line.
 */
export function toMarkdown(record: SessionRecord): string {
  const { report, timing } = record;
  const lines: string[] = [
    `# ${inline(record.scenario.title)}`,
    '',
    `- Scenario: ${inline(record.scenario.id)} (version ${record.scenario.version}, ${inline(record.scenario.track)} track)`,
    `- Recorded: ${inline(formatCreatedAt(record.createdAt))}`,
    `- Length: ${slotSummary(record)}`,
    `- Ended: ${endSummary(record)}`,
    `- Transcribed by: ${inline(transcribedBySummary(record))}`,
    `- Overall: **${report.overall}/100**`,
    '',
    '## Criteria',
    '',
    '| Criterion | Score | Weight |',
    '| --- | --- | --- |',
    ...report.criteria.map((c) => `| ${cell(c.title)} | ${c.score}/4 | ${c.weight} |`),
    '',
  ];
  for (const c of report.criteria) {
    lines.push(`### ${inline(c.title)}: ${c.score}/4`, '');
    if (c.evidence.length === 0 && c.missing.length === 0) lines.push('Nothing to note.');
    for (const e of c.evidence) lines.push(`- "${inline(e.text)}"${evidenceNote(e)}`);
    for (const m of c.missing) lines.push(`- Missing: ${inline(m)}`);
    lines.push('');
  }

  lines.push('## Metrics', '');
  if (report.metrics.length === 0) lines.push('No numbers found.');
  for (const m of report.metrics) {
    const unit = m.unit ? ` ${inline(m.unit)}` : '';
    lines.push(
      `- ${metricLabel(m.kind)}: ${m.value}${unit}, "${inline(m.text)}"${evidenceNote(m)}`,
    );
  }

  const pauses = notablePauses(record);
  const longCount = pauses.filter((p) => p.kind === 'long').length;
  const stallCount = pauses.length - longCount;
  lines.push(
    '',
    '## Delivery',
    '',
    `- Time to first word: ${firstWordSummary(record)}`,
    `- Words per minute: ${timing.wordsPerMinute ?? 'n/a'}`,
    `- Long pauses: ${longCount}, stalls: ${stallCount}`,
    ...pauses.map((p) => `  - ${p.kind} at ${formatMs(p.startMs)}, ${formatSeconds(p.durationMs)}`),
    `- Fillers: ${fillerSummary(fillerCounts(record))}`,
    `- Over the slot by: ${formatMs(timing.overrunMs)}`,
    '',
    '## Coaching',
    '',
  );
  if (report.coaching.length === 0) lines.push('No coaching points.');
  for (const p of report.coaching) {
    lines.push(
      `- You said: "${inline(p.quote.text)}"${evidenceNote({ startMs: p.quote.startMs })}`,
      `  - ${inline(p.advice)}`,
      `  - Try: "${inline(p.example)}"`,
    );
  }

  lines.push('', '## Next follow-up', '');
  if (report.followUp) {
    lines.push(`> ${inline(report.followUp.prompt)}`, '', `Why: ${inline(report.followUp.reason)}`);
  } else {
    lines.push('None.');
  }

  if (record.warnings.length > 0) {
    lines.push('', '## Warnings', '', ...record.warnings.map((w) => `- ${inline(w)}`));
  }

  lines.push('', '## Transcript', '');
  const blocks = transcriptBlocks(record);
  if (!blocks.some((b) => b.kind === 'speech')) lines.push('(no words)', '');
  for (const block of blocks) {
    if (block.kind === 'prompt') {
      const time = block.prompt.atMs >= 0 ? ` ${formatMs(block.prompt.atMs)}` : '';
      lines.push(`> **${promptLabel(block.prompt)}${time}:** ${inline(block.prompt.text)}`, '');
    } else if (block.kind === 'pause') {
      lines.push(`*(${block.pause.kind}, ${formatSeconds(block.pause.durationMs)})*`, '');
    } else {
      const time = block.startMs === null ? '' : `**${formatMs(block.startMs)}** `;
      lines.push(`${time}${inline(block.text)}`, '');
    }
  }
  return lines.join('\n');
}
