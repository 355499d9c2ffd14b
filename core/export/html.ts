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
  transcriptBlocks,
} from './content';
import { metricLabel } from './markdown';

/**
 * Escapes text for HTML element content and for quoted attribute values: `&`, `<`, `>`, `"` and
 * `'` become character references, so no record text can open a tag, close an attribute or start
 * an entity. Everything else passes through unchanged.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * A relative URL for a file beside the page: `\\` read as `/`, each path segment
 * percent-encoded, so `#`, `?`, spaces and quotes stay part of the name. Throws a RangeError for
 * an empty name, one with a URL scheme (`javascript:`, `http:`, ...), and one that starts at a
 * root or climbs (`/x`, `\\\\host\\x`, `a//b`, `..`, `.`): the page only plays a file that
 * sits beside it, never one a browser would fetch from another host.
 */
export function relativeFileUrl(fileName: string): string {
  if (fileName.trim() === '')
    throw new RangeError('audioFileName is empty: pass the replay file name');
  // Backslashes are separators to a browser too, so they are turned into slashes before the
  // name is judged: "\\\\host\\a.wav" is the protocol-relative "//host/a.wav".
  const segments = fileName.split(/[\\/]/);
  if (
    /^[a-z][a-z0-9+.-]*:/i.test(fileName) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..')
  ) {
    throw new RangeError(
      `audioFileName must be a file name beside the page, not a URL: ${JSON.stringify(fileName)}`,
    );
  }
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}

/** Options for {@link toHtml}. */
export interface HtmlOptions {
  /** The replay audio, a file name relative to the page. Default `record.audio.replay`. */
  audioFileName?: string;
}

/**
 * Content Security Policy of the page itself: nothing may load or run except its own inline
 * style and the audio beside it. It holds even if the page is opened from disk.
 */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; media-src *";

const HTML_STYLE = `
:root{color-scheme:light dark;--fg:#1d2329;--muted:#5c6670;--line:#d9dee3;--card:#f5f7f9;--good:#2f7d4f;--mid:#b27a00;--low:#b3392f;--accent:#2b5d9b}
@media (prefers-color-scheme:dark){:root{--fg:#e4e8ec;--muted:#9aa4ad;--line:#38414a;--card:#1f252b;--accent:#7fb0ea}body{background:#14181c}}
*{box-sizing:border-box}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:900px;margin:2rem auto;padding:0 1rem;color:var(--fg)}
header{display:flex;gap:1.5rem;align-items:center;justify-content:space-between;flex-wrap:wrap}
h1{font-size:1.55rem;margin:0 0 .25rem}h2{font-size:1.2rem;margin:2rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:1.1rem 0 .3rem}
.meta{color:var(--muted);margin:0}
.overall{font-size:2.4rem;font-weight:700;line-height:1;text-align:center}.overall small{display:block;font-size:.8rem;font-weight:400;color:var(--muted)}
audio{width:100%;margin:1rem 0 .25rem}.hint{color:var(--muted);font-size:.85rem;margin:0}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid var(--line);padding:.35rem .6rem;text-align:left;vertical-align:top}th{font-weight:600;color:var(--muted)}
.bar{display:inline-block;width:6rem;height:.55rem;border-radius:.3rem;background:var(--line);vertical-align:middle;margin-right:.5rem;overflow:hidden}
.bar i{display:block;height:100%;background:var(--low)}.s0 i{width:0}.s1 i{width:25%}.s2 i{width:50%;background:var(--mid)}.s3 i{width:75%;background:var(--good)}.s4 i{width:100%;background:var(--good)}
ul{padding-left:1.2rem;margin:.3rem 0}li{margin:.15rem 0}
.quote{font-style:italic}.time{color:var(--muted);font-variant-numeric:tabular-nums}.missing{color:var(--low)}
.card{background:var(--card);border-radius:.5rem;padding:.6rem .9rem;margin:.5rem 0}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:0}dt{color:var(--muted)}dd{margin:0}
blockquote{margin:.6rem 0;padding:.4rem .9rem;border-left:3px solid var(--accent);background:var(--card)}
.transcript p{margin:.45rem 0}.transcript .pause{color:var(--mid);font-size:.9rem}.transcript .prompt{color:var(--accent)}
`
  .trim()
  .replace(/\n/g, '');

function scoreClass(score: number): string {
  return `s${Math.max(0, Math.min(4, Math.round(score)))}`;
}

/**
 * The take as one self-contained HTML page: inline CSS, no scripts, no event attributes and a
 * Content Security Policy ({@link HTML_CSP}) that forbids them anyway, so it opens safely under
 * any policy. An `<audio controls>` plays the replay from `audioFileName` beside the page. The
 * page shows what {@link toMarkdown} shows: header facts and overall score, the criteria table
 * with score bars and weights, evidence with m:ss times, gaps, metrics, delivery, coaching, the
 * next follow-up and the annotated transcript. Every text from the record is escaped with
 * {@link escapeHtml}. Throws a RangeError when `audioFileName` is empty or a URL.
 */
export function toHtml(record: SessionRecord, options: HtmlOptions = {}): string {
  const { report, timing } = record;
  const e = escapeHtml;
  // Numbers too: a hand-edited session.json could hold text where a number belongs.
  const n = (value: unknown) => escapeHtml(String(value));
  const audioSrc = relativeFileUrl(options.audioFileName ?? record.audio.replay);
  const time = (ms: number | undefined) =>
    ms === undefined ? '' : ` <span class="time">${formatMs(ms)}</span>`;

  const criteriaRows = report.criteria
    .map(
      (c) =>
        `<tr><td>${e(c.title)}</td><td><span class="bar ${scoreClass(c.score)}"><i></i></span>${n(c.score)}/4</td><td>${n(c.weight)}</td></tr>`,
    )
    .join('\n');
  const criteriaDetails = report.criteria
    .map((c) => {
      const items = [
        ...c.evidence.map(
          (x) =>
            `<li><span class="quote">&ldquo;${e(x.text)}&rdquo;</span>${time(x.startMs)}${x.label ? ` ${e(x.label)}` : ''}</li>`,
        ),
        ...c.missing.map((m) => `<li class="missing">Missing: ${e(m)}</li>`),
      ];
      const body = items.length
        ? `<ul>${items.join('')}</ul>`
        : '<p class="meta">Nothing to note.</p>';
      return `<h3>${e(c.title)}: ${n(c.score)}/4</h3>\n${body}`;
    })
    .join('\n');
  const metrics = report.metrics.length
    ? `<table><thead><tr><th>Metric</th><th>Value</th><th>As said</th></tr></thead><tbody>${report.metrics
        .map(
          (m) =>
            `<tr><td>${e(metricLabel(m.kind))}</td><td>${n(m.value)}${m.unit ? ` ${e(m.unit)}` : ''}</td><td><span class="quote">&ldquo;${e(m.text)}&rdquo;</span>${time(m.startMs)}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '<p>No numbers found.</p>';

  const pauses = notablePauses(record);
  const longCount = pauses.filter((p) => p.kind === 'long').length;
  const pauseList = pauses.length
    ? `<ul>${pauses.map((p) => `<li>${e(p.kind)} at <span class="time">${formatMs(p.startMs)}</span>, ${formatSeconds(p.durationMs)}</li>`).join('')}</ul>`
    : '';
  const coaching = report.coaching.length
    ? report.coaching
        .map(
          (p) =>
            `<div class="card"><p>You said: <span class="quote">&ldquo;${e(p.quote.text)}&rdquo;</span>${time(p.quote.startMs)}</p><p>${e(p.advice)}</p><p>Try: <span class="quote">&ldquo;${e(p.example)}&rdquo;</span></p></div>`,
        )
        .join('\n')
    : '<p>No coaching points.</p>';
  const followUp = report.followUp
    ? `<blockquote>${e(report.followUp.prompt)}</blockquote><p class="meta">Why: ${e(report.followUp.reason)}</p>`
    : '<p>None.</p>';
  const warnings = record.warnings.length
    ? `<h2>Warnings</h2>\n<ul>${record.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>\n`
    : '';

  const blocks = transcriptBlocks(record);
  const transcript = [
    ...(blocks.some((b) => b.kind === 'speech') ? [] : ['<p>(no words)</p>']),
    ...blocks.map((block) => {
      if (block.kind === 'prompt') {
        const at = block.prompt.atMs >= 0 ? time(block.prompt.atMs) : '';
        return `<p class="prompt"><strong>${e(promptLabel(block.prompt))}</strong>${at}: ${e(block.prompt.text)}</p>`;
      }
      if (block.kind === 'pause') {
        return `<p class="pause">(${e(block.pause.kind)}, ${formatSeconds(block.pause.durationMs)})</p>`;
      }
      const at = block.startMs === null ? '' : `${time(block.startMs).trimStart()} `;
      return `<p>${at}${e(block.text)}</p>`;
    }),
  ].join('\n');

  const offset = record.audio.replayOffsetMs;
  const hint =
    offset > 0
      ? `Times below count from the end of the opening prompt; in this recording that is at ${formatMs(offset)}.`
      : 'Times below count from the start of this recording.';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${e(HTML_CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(record.scenario.title)}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header>
<div>
<h1>${e(record.scenario.title)}</h1>
<p class="meta">${e(record.scenario.id)} (version ${n(record.scenario.version)}, ${e(record.scenario.track)} track) · ${e(formatCreatedAt(record.createdAt))}</p>
<p class="meta">${e(slotSummary(record))} · ${e(endSummary(record))}</p>
</div>
<div class="overall">${n(report.overall)}<small>overall / 100</small></div>
</header>
<audio controls preload="metadata" src="${e(audioSrc)}"></audio>
<p class="hint">${e(hint)}</p>
<h2>Criteria</h2>
<table><thead><tr><th>Criterion</th><th>Score</th><th>Weight</th></tr></thead><tbody>
${criteriaRows}
</tbody></table>
${criteriaDetails}
<h2>Metrics</h2>
${metrics}
<h2>Delivery</h2>
<dl>
<dt>Time to first word</dt><dd>${e(firstWordSummary(record))}</dd>
<dt>Words per minute</dt><dd>${timing.wordsPerMinute === null ? 'n/a' : n(timing.wordsPerMinute)}</dd>
<dt>Long pauses</dt><dd>${longCount}</dd>
<dt>Stalls</dt><dd>${pauses.length - longCount}</dd>
<dt>Fillers</dt><dd>${e(fillerSummary(fillerCounts(record)))}</dd>
<dt>Over the slot by</dt><dd>${formatMs(timing.overrunMs)}</dd>
</dl>
${pauseList}
<h2>Coaching</h2>
${coaching}
<h2>Next follow-up</h2>
${followUp}
${warnings}<h2>Transcript</h2>
<div class="transcript">
${transcript}
</div>
</body>
</html>
`;
}
