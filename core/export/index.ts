import { CRITERION_TITLES } from '../rubric/score';
import type { SessionRecord } from '../sessions/record';
import { toSrt, toVtt } from './captions';

export { toSrt, toVtt, wordsToCues } from './captions';
export type { Cue, CueOptions } from './captions';

/** What a saved take can be exported to. */
export type ExportFormat = 'html' | 'markdown' | 'srt' | 'vtt' | 'json';

/** An export ready to write: a file name, its type and its text. */
export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/** "m:ss" for a time in ms ("12:05"); negative times show as 0:00. */
export function formatMs(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Base name of every export of a take: `<scenario>-<YYYY-MM-DD-HHMM>`. */
export function exportBaseName(record: SessionRecord): string {
  const stamp = record.createdAt.slice(0, 16).replace('T', '-').replace(':', '');
  return `${record.scenario.id}-${stamp}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

const at = (ms: number | undefined) => (ms === undefined ? '' : ` (${formatMs(ms)})`);

/** The take as Markdown: scores, evidence, gaps, metrics, delivery, coaching, transcript. */
export function toMarkdown(record: SessionRecord): string {
  const { report, timing } = record;
  const lines: string[] = [
    `# ${record.scenario.title}`,
    '',
    `- Scenario: ${record.scenario.id} (version ${record.scenario.version})`,
    `- Recorded: ${record.createdAt}`,
    `- Length: ${formatMs(record.audio.durationMs)} of a ${formatMs(record.scenario.slotSeconds * 1000)} slot`,
    `- Overall: **${report.overall}/100**`,
    '',
    '## Criteria',
    '',
    '| criterion | score | weight |',
    '| --- | --- | --- |',
    ...report.criteria.map(
      (c) => `| ${CRITERION_TITLES[c.id] ?? c.id} | ${c.score}/4 | ${c.weight} |`,
    ),
    '',
  ];
  for (const c of report.criteria) {
    lines.push(`### ${CRITERION_TITLES[c.id] ?? c.id}: ${c.score}/4`, '');
    for (const e of c.evidence) lines.push(`- "${e.text}"${at(e.startMs)}`);
    for (const m of c.missing) lines.push(`- Missing: ${m}`);
    lines.push('');
  }
  lines.push('## Metrics', '');
  if (report.metrics.length === 0) lines.push('None found.');
  for (const m of report.metrics)
    lines.push(`- ${m.kind}: ${m.value} ${m.unit}, "${m.text}"${at(m.startMs)}`);
  const longPauses = timing.pauses.filter((p) => p.kind !== 'ordinary');
  lines.push(
    '',
    '## Delivery',
    '',
    `- Time to first word: ${timing.firstWordMs === null ? 'nothing said' : `${(timing.firstWordMs / 1000).toFixed(1)} s`}`,
    `- Words per minute: ${timing.wordsPerMinute ?? 'n/a'}`,
    `- Long pauses and stalls: ${longPauses.length}`,
    ...longPauses.map(
      (p) =>
        `  - ${p.kind} at ${formatMs(p.startMs)}, ${((p.endMs - p.startMs) / 1000).toFixed(1)} s`,
    ),
    `- Fillers: ${timing.fillers.length}${timing.fillers.length ? ` (${[...new Set(timing.fillers.map((f) => f.text))].join(', ')})` : ''}`,
    `- Over the slot by: ${formatMs(timing.overrunMs)}`,
    '',
    '## Coaching',
    '',
  );
  for (const p of report.coaching) {
    lines.push(
      `- You said: "${p.quote.text}"${at(p.quote.startMs)}`,
      `  - ${p.advice}`,
      `  - Try: "${p.example}"`,
    );
  }
  lines.push(
    '',
    '## Next follow-up',
    '',
    report.followUp ? `> ${report.followUp.prompt}` : 'None.',
    '',
  );
  lines.push('## Transcript', '', record.transcript.text || '(no words)', '');
  return lines.join('\n');
}

const HTML_STYLE = `body{font:15px/1.5 system-ui,sans-serif;max-width:860px;margin:2em auto;padding:0 1em;color:#1d2329}
h1{font-size:1.5em}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:4px 10px;text-align:left}
.score{font-weight:600}.missing{color:#a33}.quote{color:#345}audio{width:100%}`;

/**
 * The take as one HTML file with inline CSS and no scripts (it opens under any policy); the
 * audio plays from `audioFileName` beside it. Every text from the record is escaped.
 */
export function toHtml(record: SessionRecord, audioFileName: string): string {
  const { report, timing } = record;
  const e = escapeHtml;
  const criteria = report.criteria
    .map(
      (c) =>
        `<section><h3>${e(CRITERION_TITLES[c.id] ?? c.id)} <span class="score">${c.score}/4</span></h3><ul>${c.evidence
          .map((x) => `<li class="quote">"${e(x.text)}"${e(at(x.startMs))}</li>`)
          .join(
            '',
          )}${c.missing.map((m) => `<li class="missing">Missing: ${e(m)}</li>`).join('')}</ul></section>`,
    )
    .join('\n');
  const metrics = report.metrics
    .map(
      (m) =>
        `<tr><td>${e(m.kind)}</td><td>${m.value} ${e(m.unit)}</td><td>"${e(m.text)}"${e(at(m.startMs))}</td></tr>`,
    )
    .join('');
  const coaching = report.coaching
    .map(
      (p) =>
        `<li><span class="quote">"${e(p.quote.text)}"</span><br>${e(p.advice)}<br>Try: "${e(p.example)}"</li>`,
    )
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${e(record.scenario.title)}</title><style>${HTML_STYLE}</style></head>
<body>
<h1>${e(record.scenario.title)}</h1>
<p>Recorded ${e(record.createdAt)} · ${formatMs(record.audio.durationMs)} of a ${formatMs(record.scenario.slotSeconds * 1000)} slot · overall <strong>${report.overall}/100</strong></p>
<audio controls src="${e(audioFileName)}"></audio>
<h2>Criteria</h2>
${criteria}
<h2>Metrics</h2>
<table><tbody>${metrics || '<tr><td>None found.</td></tr>'}</tbody></table>
<h2>Delivery</h2>
<p>Words per minute: ${timing.wordsPerMinute ?? 'n/a'} · pauses over 1 s: ${timing.pauses.filter((p) => p.kind !== 'ordinary').length} · fillers: ${timing.fillers.length} · over the slot by ${formatMs(timing.overrunMs)}</p>
<h2>Coaching</h2>
<ul>${coaching}</ul>
<h2>Next follow-up</h2>
<p>${report.followUp ? e(report.followUp.prompt) : 'None.'}</p>
<h2>Transcript</h2>
<p>${e(record.transcript.text) || '(no words)'}</p>
</body></html>
`;
}

/** The take's results as JSON: scores, metrics, timing and timed words. */
export function toJson(record: SessionRecord): string {
  const { report, timing } = record;
  return `${JSON.stringify(
    {
      scenario: record.scenario,
      createdAt: record.createdAt,
      overall: report.overall,
      criteria: report.criteria,
      metrics: report.metrics,
      followUp: report.followUp,
      coaching: report.coaching,
      timing: {
        durationMs: timing.durationMs,
        firstWordMs: timing.firstWordMs,
        wordsPerMinute: timing.wordsPerMinute,
        overrunMs: timing.overrunMs,
        pauses: timing.pauses,
        fillers: timing.fillers,
      },
      words: record.transcript.words,
    },
    null,
    2,
  )}\n`;
}

/** Renders a take in `format`, named after its scenario and time. */
export function exportSession(record: SessionRecord, format: ExportFormat): ExportedFile {
  const base = exportBaseName(record);
  const offsetMs = record.audio.replayOffsetMs;
  switch (format) {
    case 'html':
      return {
        fileName: `${base}.html`,
        mimeType: 'text/html',
        content: toHtml(record, record.audio.replay),
      };
    case 'markdown':
      return { fileName: `${base}.md`, mimeType: 'text/markdown', content: toMarkdown(record) };
    case 'srt':
      return {
        fileName: `${base}.srt`,
        mimeType: 'application/x-subrip',
        content: toSrt(record.transcript.words, { offsetMs }),
      };
    case 'vtt':
      return {
        fileName: `${base}.vtt`,
        mimeType: 'text/vtt',
        content: toVtt(record.transcript.words, { offsetMs }),
      };
    case 'json':
      return { fileName: `${base}.json`, mimeType: 'application/json', content: toJson(record) };
  }
}
