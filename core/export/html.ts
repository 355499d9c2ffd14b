import { formatClockMs, formatSecondsMs } from '../format/time';
import { deliveryDashboard, fillerSentence, paceSentence } from '../report/delivery';
import {
  criteriaViews,
  metricPhrase,
  panelVerdict,
  redFlags,
  scoreWord,
  topChanges,
} from '../report/summary';
import type { CriterionView } from '../report/summary';
import { annotateTranscript } from '../report/transcript';
import type { TranscriptItem } from '../report/transcript';
import type { SessionRecord } from '../sessions/record';
import {
  endSummary,
  fillerCounts,
  fillerSummary,
  firstWordSummary,
  formatCreatedAt,
  promptLabel,
  slotSummary,
  transcribedBySummary,
} from './content';

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
  /**
   * The replay audio itself, as a `data:audio/wav;base64,...` URI: the page then plays it with
   * nothing beside it, wherever it is opened. Takes the place of `audioFileName`.
   */
  audioDataUri?: string;
}

/**
 * Content Security Policy of the page itself: nothing may load or run except its own inline
 * style and its audio, beside it or embedded as a data URI. It holds even if the page is opened
 * from disk, and hosts serve the page with it.
 */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; media-src * data:";

const AUDIO_DATA_URI = /^data:audio\/(?:wav|x-wav|wave);base64,[A-Za-z0-9+/]*={0,2}$/;

const HTML_STYLE = `
:root{color-scheme:light dark;--bg:#ffffff;--fg:#1d2329;--muted:#4f5962;--line:#d9dee3;--card:#f4f6f8;--good:#1f7a45;--mid:#8a5d00;--low:#b3261e;--accent:#1f5ea8;--ev:#1f5ea8;--num:#6b3fa0;--fil:#8a5d00}
@media (prefers-color-scheme:dark){:root{--bg:#0f1419;--fg:#e6edf3;--muted:#a3aeb9;--line:#2f3a45;--card:#171e26;--good:#4cc38a;--mid:#e6b45e;--low:#f08a92;--accent:#6cb6ff;--ev:#6cb6ff;--num:#c9a7ff;--fil:#e6b45e}}
*{box-sizing:border-box}
body{font:15px/1.55 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:960px;margin:1.5rem auto;padding:0 1rem;color:var(--fg);background:var(--bg)}
header{display:flex;gap:1.5rem;align-items:center;justify-content:space-between;flex-wrap:wrap}
h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.8rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
h3{font-size:1rem;margin:0 0 .3rem}
.meta{color:var(--muted);margin:0}.small{font-size:.85rem}
.score{text-align:right}.score b{font-size:2.6rem;line-height:1}.score small{color:var(--muted)}.score span{display:block;font-weight:600}
.band-above .score span,.band-above b{color:var(--good)}.band-at b,.band-at .score span{color:var(--accent)}.band-below b,.band-below .score span{color:var(--mid)}.band-notYet b,.band-notYet .score span{color:var(--low)}
.meaning{margin:.4rem 0 0}
audio{width:100%;margin:1rem 0 .25rem}.hint{color:var(--muted);font-size:.85rem;margin:0}
.grid{display:grid;grid-template-columns:3fr 2fr;gap:1rem;margin-top:1rem}@media (max-width:700px){.grid,.tiles{grid-template-columns:1fr!important}}
.card{background:var(--card);border:1px solid var(--line);border-radius:.6rem;padding:.8rem 1rem}
.flags{border-color:var(--low)}.flags h2{color:var(--low);border:0;margin:0 0 .3rem}
ol,ul{padding-left:1.2rem;margin:.3rem 0}li{margin:.3rem 0}
.quote{font-style:italic}.time{color:var(--muted);font-variant-numeric:tabular-nums}
.gain{color:var(--good);font-weight:600}.try{color:var(--good)}
blockquote{margin:.3rem 0;padding:.3rem .8rem;border-left:3px solid var(--accent);font-size:1.05rem}
.tiles{display:grid;grid-template-columns:repeat(4,1fr);gap:.8rem}
.tile .fig{font-size:1.35rem;font-weight:600}.tile .fig small{font-size:.8rem;color:var(--muted);font-weight:400}
.meter{position:relative;height:.6rem;border-radius:.3rem;background:var(--line);margin:.4rem 0;overflow:hidden}
.meter i{position:absolute;top:0;bottom:0;background:var(--accent)}.meter .band{background:var(--good);opacity:.45}.meter .mark{width:3px;background:var(--fg)}
.crit{margin:.6rem 0}.crit-head{display:flex;gap:.8rem;align-items:baseline;flex-wrap:wrap}.crit-head h3{flex:1;margin:0}
.pips{letter-spacing:2px;color:var(--good)}.share{color:var(--muted);font-size:.85rem}
.missing{color:var(--low)}.missing b{font-weight:600}
details summary{cursor:pointer;color:var(--muted)}
.transcript p{margin:.5rem 0}.transcript .prompt{color:var(--accent)}.part{display:inline-block;font-size:.75rem;font-weight:700;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);border:1px solid var(--line);border-radius:.3rem;padding:0 .3rem;margin-right:.3rem}
.pause{display:inline-block;font-size:.85rem;color:var(--mid);border:1px dashed var(--mid);border-radius:.3rem;padding:0 .35rem;margin:0 .2rem}.pause.stall{color:var(--low);border:1px solid var(--low);font-weight:600}
mark{background:none;color:inherit}.ev{text-decoration:underline 2px var(--ev);text-underline-offset:3px}.num{font-weight:700;color:var(--num);text-decoration:underline double var(--num);text-underline-offset:3px}.fil{color:var(--fil);font-style:italic;text-decoration:underline wavy var(--fil)}
.legend{font-size:.85rem;color:var(--muted)}.legend span{margin-right:1rem}
@media print{audio,.hint{display:none}body{margin:0}}
`
  .trim()
  .replace(/\n/g, '');

function pct(value: number, max: number): string {
  const p = max > 0 ? Math.max(0, Math.min(100, (value / max) * 100)) : 0;
  return `${Math.round(p * 10) / 10}%`;
}

function transcriptHtml(items: TranscriptItem[]): string {
  const e = escapeHtml;
  const out: string[] = [];
  let words: string[] = [];
  let run: { cls: string; title: string; words: string[] } | null = null;
  let paragraphMs: number | null = null;
  const closeRun = () => {
    if (run) {
      words.push(`<mark class="${run.cls}">${run.words.join(' ')}</mark>`);
    }
    run = null;
  };
  const flush = () => {
    closeRun();
    if (words.length > 0) {
      const at =
        paragraphMs === null ? '' : `<span class="time">${formatClockMs(paragraphMs)}</span> `;
      out.push(`<p>${at}${words.join(' ')}</p>`);
    }
    words = [];
    paragraphMs = null;
  };
  for (const item of items) {
    if (item.kind === 'prompt') {
      flush();
      const at =
        item.prompt.atMs >= 0
          ? ` <span class="time">${formatClockMs(item.prompt.atMs)}</span>`
          : '';
      out.push(
        `<p class="prompt"><strong>${e(promptLabel(item.prompt))}</strong>${at}: ${e(item.prompt.text)}</p>`,
      );
    } else if (item.kind === 'pause') {
      closeRun();
      const stall = item.pause.kind === 'stall';
      words.push(
        `<span class="pause${stall ? ' stall' : ''}">${stall ? '&#9632; stall' : '&#8214; pause'} ${formatSecondsMs(item.pause.durationMs)}</span>`,
      );
    } else if (item.kind === 'part') {
      flush();
      words.push(`<span class="part">${e(item.part)}</span>`);
    } else {
      if (paragraphMs === null) paragraphMs = item.startMs;
      const { marks } = item;
      const cls = marks.metric ? 'num' : marks.evidence ? 'ev' : marks.filler ? 'fil' : '';
      const title =
        marks.metric ?? (marks.evidence ? marks.evidence.title : marks.filler ? 'filler' : '');
      const text = e(item.text);
      const current = run as { cls: string; title: string; words: string[] } | null;
      if (current && current.cls === cls && current.title === title) {
        current.words.push(text);
      } else {
        closeRun();
        if (cls) run = { cls, title, words: [text] };
        else words.push(text);
      }
    }
  }
  flush();
  return out.join('\n');
}

/**
 * The take as one self-contained HTML page: inline CSS, no scripts, no event attributes and a
 * Content Security Policy ({@link HTML_CSP}) that forbids them anyway, so it opens safely under
 * any policy. The page reads like the app's report: the overall score and what it means on the
 * panel's scale, red flags, the changes that would move the score most on the candidate's own
 * words, the next follow-up, the delivery figures, the counted criteria with their evidence
 * (the others apart), metrics in words, and the transcript with evidence, numbers, fillers and
 * pauses marked in place. An `<audio controls>` plays `audioDataUri` when given, else
 * `audioFileName` beside the page. Every text from the record is escaped with
 * {@link escapeHtml}. Throws a RangeError when `audioFileName` is empty or a URL, or when
 * `audioDataUri` is not a base64 WAV data URI.
 */
export function toHtml(record: SessionRecord, options: HtmlOptions = {}): string {
  const { report } = record;
  const e = escapeHtml;
  // Numbers too: a hand-edited session.json could hold text where a number belongs.
  const n = (value: unknown) => escapeHtml(String(value));
  let audioSrc: string;
  if (options.audioDataUri !== undefined) {
    if (!AUDIO_DATA_URI.test(options.audioDataUri)) {
      throw new RangeError('audioDataUri must be a data:audio/wav;base64 URI');
    }
    audioSrc = options.audioDataUri;
  } else {
    audioSrc = relativeFileUrl(options.audioFileName ?? record.audio.replay);
  }
  const time = (ms: number | undefined) =>
    ms === undefined ? '' : ` <span class="time">${formatClockMs(ms)}</span>`;

  const verdict = panelVerdict(report.overall);
  const flags = redFlags(report);
  const flagsHtml = flags.length
    ? `<section class="card flags"><h2>&#9873; Red flags</h2><ul>${flags
        .map(
          (f) =>
            `<li><strong>${e(f.message)}</strong>${f.quote ? ` <span class="quote">&ldquo;${e(f.quote)}&rdquo;</span>` : ''}${time(f.startMs)}</li>`,
        )
        .join('')}</ul></section>`
    : '';
  const changes = topChanges(record);
  const changesHtml = changes.length
    ? `<ol>${changes
        .map(
          (c) =>
            `<li><strong>${e(c.title)}</strong> <span class="gain">up to +${n(c.gainPoints)}</span><br>${
              c.quote
                ? `You said <span class="quote">&ldquo;${e(c.quote.text)}&rdquo;</span>${time(c.quote.startMs)}`
                : `Not heard${c.playMs === undefined ? '' : `; due around${time(c.playMs)}`}`
            }<br>${e(c.advice)}${c.example ? `<br><span class="try">Try: &ldquo;${e(c.example)}&rdquo;</span>` : ''}</li>`,
        )
        .join('')}</ol>`
    : '<p>Every counted criterion is at 4 of 4.</p>';
  const shown = new Set(changes.map((c) => c.criterion));
  const moreCoaching = report.coaching.filter((p) => !shown.has(p.criterion));
  const coachingHtml = moreCoaching.length
    ? `<h2>More coaching</h2>\n${moreCoaching
        .map(
          (p) =>
            `<div class="card"><p>You said: <span class="quote">&ldquo;${e(p.quote.text)}&rdquo;</span>${time(p.quote.startMs)}</p><p>${e(p.advice)}</p><p class="try">Try: &ldquo;${e(p.example)}&rdquo;</p></div>`,
        )
        .join('\n')}\n`
    : '';
  const followUp = report.followUp
    ? `<blockquote>${e(report.followUp.prompt)}</blockquote><p class="meta">Why: ${e(report.followUp.reason)}</p>`
    : '<p>Nothing: the answer covered the rubric.</p>';

  const d = deliveryDashboard(record);
  const band = (lo: number, hi: number, max: number) =>
    `<i class="band" style="left:${pct(lo, max)};width:${pct(hi - lo, max)}"></i>`;
  const mark = (value: number, max: number) =>
    `<i class="mark" style="left:${pct(value, max)}"></i>`;
  const tiles = [
    `<div class="card tile"><h3>Pace</h3><div class="fig">${d.wordsPerMinute === null ? 'n/a' : `${n(Math.round(d.wordsPerMinute))} <small>words a minute</small>`}</div><div class="meter">${band(d.paceBand.min, d.paceBand.max, 220)}${d.wordsPerMinute === null ? '' : mark(d.wordsPerMinute, 220)}</div><p class="meta small">${e(paceSentence(d))}</p></div>`,
    `<div class="card tile"><h3>Fillers</h3><div class="fig">${d.fillersPerMinute === null ? 'n/a' : `${d.fillersPerMinute.toFixed(1)} <small>a minute</small>`}</div><div class="meter">${band(0, d.fluentUpTo, 6)}${d.fillersPerMinute === null ? '' : mark(d.fillersPerMinute, 6)}</div><p class="meta small">${e(fillerSentence(d))} ${e(fillerSummary(fillerCounts(record)))}</p></div>`,
    `<div class="card tile"><h3>Long pauses</h3><div class="fig">${d.longPauses.length} <small>long</small> · ${d.stalls.length} <small>${d.stalls.length === 1 ? 'stall' : 'stalls'}</small></div><p class="meta small">${
      [...d.longPauses, ...d.stalls]
        .sort((a, b) => a.startMs - b.startMs)
        .map(
          (p) =>
            `${p.kind === 'stall' ? 'stall' : 'long'} at ${formatClockMs(p.startMs)}, ${formatSecondsMs(p.durationMs)}`,
        )
        .join('; ') || 'No pause over 1 s.'
    }</p></div>`,
    `<div class="card tile"><h3>Time used</h3><div class="fig">${formatClockMs(d.elapsedMs)} <small>of ${formatClockMs(d.slotMs)}</small></div><div class="meter"><i style="left:0;width:${pct(Math.min(d.elapsedMs, d.slotMs), d.slotMs)}"></i></div><p class="meta small">${d.overrunMs > 0 ? `Over the slot by ${formatClockMs(d.overrunMs)}.` : `First word after ${e(firstWordSummary(record))}.`}</p></div>`,
  ].join('\n');

  const criterionHtml = (c: CriterionView) => {
    const items = [
      ...c.evidence.map(
        (x) =>
          `<li><span class="quote">&ldquo;${e(x.text)}&rdquo;</span>${time(x.startMs)}${x.label ? ` ${e(x.label)}` : ''}</li>`,
      ),
      ...c.missing.map((m) => `<li class="missing"><b>Not heard:</b> ${e(m)}</li>`),
    ];
    const pips =
      '&#9679;'.repeat(Math.max(0, Math.min(4, Math.round(c.score)))) +
      '&#9675;'.repeat(4 - Math.max(0, Math.min(4, Math.round(c.score))));
    return `<div class="crit"><div class="crit-head"><h3>${e(c.title)}</h3>${c.sharePct > 0 ? `<span class="share">counts ${n(c.sharePct)}%</span>` : ''}<span class="pips" aria-hidden="true">${pips}</span><strong>${n(c.score)}/4 ${e(scoreWord(c.score))}</strong></div>${items.length ? `<ul>${items.join('')}</ul>` : ''}</div>`;
  };
  const views = criteriaViews(report);
  const criteria = [
    ...views.counted.map(criterionHtml),
    ...(views.notCounted.length
      ? [
          `<details><summary>Not counted for this scenario (${views.notCounted.length})</summary>${views.notCounted.map(criterionHtml).join('\n')}</details>`,
        ]
      : []),
  ].join('\n');
  const metrics = report.metrics.length
    ? `<ul>${report.metrics
        .map((m) => {
          const phrase = metricPhrase(m);
          return `<li><strong>${e(phrase.label)}: ${e(phrase.value)}</strong> <span class="quote">&ldquo;${e(m.text)}&rdquo;</span>${time(m.startMs)}</li>`;
        })
        .join('')}</ul>`
    : '<p>No incident numbers were said.</p>';
  const warnings = record.warnings.length
    ? `<h2>Warnings</h2>\n<ul>${record.warnings.map((w) => `<li>${e(w)}</li>`).join('')}</ul>\n`
    : '';
  const items = annotateTranscript(record);
  const transcript = items.some((i) => i.kind === 'word')
    ? transcriptHtml(items)
    : record.transcript.text.trim()
      ? `<p>${e(record.transcript.text)}</p>`
      : '<p>(no words)</p>';

  const offset = record.audio.replayOffsetMs;
  const hint =
    offset > 0
      ? `Times count from the end of the opening prompt; in this recording that is at ${formatClockMs(offset)}.`
      : 'Times count from the start of this recording.';

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
<body class="band-${verdict.band}">
<header>
<div>
<h1>${e(record.scenario.title)}</h1>
<p class="meta">${e(record.scenario.id)} (version ${n(record.scenario.version)}, ${e(record.scenario.track)} track) · ${e(formatCreatedAt(record.createdAt))}</p>
<p class="meta">${e(slotSummary(record))} · ${e(endSummary(record))}</p>
<p class="meta">Transcribed by ${e(transcribedBySummary(record))}</p>
</div>
<div class="score"><b>${n(verdict.overall)}</b><small> / 100</small><span>${e(verdict.label)} · ${verdict.panelScore.toFixed(1)} of 4</span></div>
</header>
<p class="meaning">${e(verdict.meaning)}</p>
<audio controls preload="metadata" src="${e(audioSrc)}"></audio>
<p class="hint">${e(hint)}</p>
${flagsHtml}
<div class="grid">
<section class="card"><h2>What would move your score most</h2>${changesHtml}</section>
<section class="card"><h2>The panel would ask next</h2>${followUp}</section>
</div>
<h2>Delivery</h2>
<div class="tiles">
${tiles}
</div>
<h2>What the panel scored</h2>
${criteria}
<h2>Numbers you said</h2>
${metrics}
${coachingHtml}${warnings}<h2>Transcript</h2>
<p class="legend"><span><mark class="ev">evidence</mark></span><span><mark class="num">number</mark></span><span><mark class="fil">filler</mark></span><span class="pause">&#8214; pause</span><span class="pause stall">&#9632; stall</span></p>
<div class="transcript">
${transcript}
</div>
</body>
</html>
`;
}
