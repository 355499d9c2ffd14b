import PDFDocument from 'pdfkit';
import {
  endSummary,
  formatCreatedAt,
  promptLabel,
  slotSummary,
  transcribedBySummary,
} from '../../core/export/content';
import { formatClockMs, formatSecondsMs } from '../../core/format/time';
import { deliveryDashboard, fillerSentence, paceSentence } from '../../core/report/delivery';
import {
  criteriaViews,
  metricPhrase,
  panelVerdict,
  redFlags,
  scoreWord,
  topChanges,
} from '../../core/report/summary';
import type { CriterionView } from '../../core/report/summary';
import { annotateTranscript } from '../../core/report/transcript';
import type { SessionRecord } from '../../core/sessions/record';

/** Options for {@link reportPdf}. */
export interface PdfOptions {
  /** Deflate the page streams (default true); off, the text can be read in the file as is. */
  compress?: boolean;
}

const INK = '#1d2329';
const MUTED = '#4f5962';
const ACCENT = '#1f5ea8';
const GOOD = '#1f7a45';
const WARN = '#8a5d00';
const BAD = '#b3261e';
const NUMBER = '#6b3fa0';
const LINE = '#d9dee3';

/**
 * Text in what the PDF's built-in Helvetica can draw (Windows-1252): a true minus becomes "-",
 * other characters outside it become "?". Keeps the report readable without embedding a font.
 */
export function pdfText(text: string): string {
  return text
    .replace(/\u2212/g, '-')
    .replace(/[^\x20-\x7e\u00a0-\u00ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\n]/g, '?');
}

const BAND_COLOURS: Record<string, string> = { above: GOOD, at: ACCENT, below: WARN, notYet: BAD };

/**
 * The take's report as a PDF for sharing, in A4, with the same reading as the app and the HTML
 * page: score and what it means, red flags, the changes that would move it most on the
 * candidate's words, the next question, delivery, the counted criteria with evidence, metrics
 * in words, and the transcript with evidence (underlined), numbers (bold) and fillers (italic)
 * marked and pauses in place. Resolves with the file's bytes.
 */
export function reportPdf(record: SessionRecord, options: PdfOptions = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 48,
    compress: options.compress ?? true,
    info: { Title: pdfText(record.scenario.title), Subject: 'Mock Interviewer report' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 96;
  const t = pdfText;
  const heading = (text: string) => {
    doc.moveDown(0.8);
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(13).fillColor(INK).text(t(text));
    const y = doc.y + 2;
    doc
      .moveTo(48, y)
      .lineTo(48 + width, y)
      .lineWidth(0.5)
      .strokeColor(LINE)
      .stroke();
    doc.moveDown(0.4);
  };
  const body = (text: string, colour = INK, font = 'Helvetica') =>
    doc.font(font).fontSize(10).fillColor(colour).text(t(text), { width });
  const at = (ms: number | undefined) => (ms === undefined ? '' : ` (${formatClockMs(ms)})`);

  const { report } = record;
  const verdict = panelVerdict(report.overall);
  doc
    .font('Helvetica-Bold')
    .fontSize(18)
    .fillColor(INK)
    .text(t(record.scenario.title), { width: width - 120 });
  body(
    `${formatCreatedAt(record.createdAt)} · ${slotSummary(record)} · ${endSummary(record)}`,
    MUTED,
  );
  body(`Transcribed by ${transcribedBySummary(record)}`, MUTED);
  const leftBottom = doc.y;
  const top = 48;
  doc
    .font('Helvetica-Bold')
    .fontSize(30)
    .fillColor(BAND_COLOURS[verdict.band] ?? INK)
    .text(String(verdict.overall), 48 + width - 110, top, { width: 110, align: 'right' });
  doc
    .font('Helvetica')
    .fontSize(9)
    .fillColor(MUTED)
    .text(`/100 · ${verdict.panelScore.toFixed(1)} of 4`, 48 + width - 110, doc.y, {
      width: 110,
      align: 'right',
    });
  doc.x = 48;
  doc.y = Math.max(doc.y, leftBottom) + 6;
  doc
    .font('Helvetica-Bold')
    .fontSize(11)
    .fillColor(BAND_COLOURS[verdict.band] ?? INK)
    .text(t(verdict.label), { continued: true });
  doc
    .font('Helvetica')
    .fillColor(INK)
    .text(t(`: ${verdict.meaning}`), { width });

  const flags = redFlags(report);
  if (flags.length > 0) {
    heading('Red flags');
    for (const f of flags)
      body(`• ${f.message}${f.quote ? ` “${f.quote}”` : ''}${at(f.startMs)}`, BAD);
  }

  heading('What would move your score most');
  const changes = topChanges(record);
  if (changes.length === 0) body('Every counted criterion is at 4 of 4.');
  changes.forEach((c, i) => {
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(INK)
      .text(t(`${i + 1}. ${c.title}`), { continued: true });
    doc
      .font('Helvetica')
      .fillColor(GOOD)
      .text(t(`  up to +${c.gainPoints}`));
    body(
      c.quote ? `You said “${c.quote.text}”${at(c.quote.startMs)}` : `Not heard${at(c.playMs)}`,
      MUTED,
    );
    body(c.advice);
    if (c.example) body(`Try: “${c.example}”`, GOOD);
    doc.moveDown(0.3);
  });

  heading('The panel would ask next');
  body(
    report.followUp ? `“${report.followUp.prompt}”` : 'Nothing: the answer covered the rubric.',
    ACCENT,
    'Helvetica-Bold',
  );
  if (report.followUp?.reason) body(`Why: ${report.followUp.reason}`, MUTED);

  heading('Delivery');
  const d = deliveryDashboard(record);
  const pauses = [...d.longPauses, ...d.stalls].sort((a, b) => a.startMs - b.startMs);
  body(`Pace: ${paceSentence(d)}`);
  body(`Fillers: ${fillerSentence(d)}`);
  body(
    `Long pauses: ${d.longPauses.length} long, ${d.stalls.length} ${d.stalls.length === 1 ? 'stall' : 'stalls'}${
      pauses.length
        ? ` (${pauses.map((p) => `${p.kind} at ${formatClockMs(p.startMs)}, ${formatSecondsMs(p.durationMs)}`).join('; ')})`
        : ''
    }.`,
  );
  body(
    `Time used: ${formatClockMs(d.elapsedMs)} of ${formatClockMs(d.slotMs)}${d.overrunMs > 0 ? `, over by ${formatClockMs(d.overrunMs)}` : ''}.`,
  );
  // Time used as a bar: the slot, and the share of it spoken.
  const barY = doc.y + 4;
  const used = d.slotMs > 0 ? Math.min(1, d.elapsedMs / d.slotMs) : 0;
  doc.roundedRect(48, barY, 200, 6, 3).fill(LINE);
  if (used > 0)
    doc.roundedRect(48, barY, Math.max(6, 200 * used), 6, 3).fill(d.overrunMs > 0 ? BAD : ACCENT);
  doc.x = 48;
  doc.y = barY + 12;

  heading('What the panel scored');
  const views = criteriaViews(report);
  const criterion = (c: CriterionView) => {
    if (doc.y > doc.page.height - 100) doc.addPage();
    doc.font('Helvetica-Bold').fontSize(10.5).fillColor(INK).text(t(c.title), { continued: true });
    doc
      .font('Helvetica')
      .fillColor(MUTED)
      .text(
        t(
          `  ${c.score}/4 ${scoreWord(c.score)}${c.sharePct > 0 ? ` · counts ${c.sharePct}%` : ''}`,
        ),
      );
    for (const e of c.evidence)
      body(`  “${e.text}”${at(e.startMs)}${e.label ? ` ${e.label}` : ''}`);
    for (const m of c.missing) body(`  Not heard: ${m}`, BAD);
    doc.moveDown(0.3);
  };
  views.counted.forEach(criterion);
  if (views.notCounted.length > 0) {
    body(
      `Not counted for this scenario: ${views.notCounted.map((c) => `${c.title} ${c.score}/4`).join(', ')}.`,
      MUTED,
    );
  }

  heading('Numbers you said');
  if (report.metrics.length === 0) body('No incident numbers were said.', MUTED);
  for (const m of report.metrics) {
    const p = metricPhrase(m);
    doc
      .font('Helvetica-Bold')
      .fontSize(10)
      .fillColor(NUMBER)
      .text(t(`${p.label}: ${p.value}`), { continued: true });
    doc
      .font('Helvetica')
      .fillColor(MUTED)
      .text(t(`  “${m.text}”${at(m.startMs)}`));
  }

  if (record.warnings.length > 0) {
    heading('Warnings');
    for (const w of record.warnings) body(`• ${w}`, WARN);
  }

  heading('Transcript');
  body('Evidence is underlined, numbers bold, fillers italic; pauses in [brackets].', MUTED);
  doc.moveDown(0.3);
  const items = annotateTranscript(record);
  type Run = { text: string; font: string; colour: string; underline: boolean };
  let paragraph: Run[] = [];
  const flush = () => {
    if (paragraph.length === 0) return;
    if (doc.y > doc.page.height - 80) doc.addPage();
    doc.fontSize(10);
    paragraph.forEach((r, i) => {
      doc
        .font(r.font)
        .fillColor(r.colour)
        .text(t(r.text), {
          width,
          continued: i < paragraph.length - 1,
          underline: r.underline,
        });
    });
    doc.moveDown(0.4);
    paragraph = [];
  };
  for (const item of items) {
    if (item.kind === 'prompt') {
      flush();
      paragraph.push({
        text: `${promptLabel(item.prompt)}${item.prompt.atMs >= 0 ? ` ${formatClockMs(item.prompt.atMs)}` : ''}: ${item.prompt.text}`,
        font: 'Helvetica-Oblique',
        colour: ACCENT,
        underline: false,
      });
      flush();
    } else if (item.kind === 'part') {
      flush();
      paragraph.push({
        text: `${item.part.toUpperCase()}  `,
        font: 'Helvetica-Bold',
        colour: MUTED,
        underline: false,
      });
    } else if (item.kind === 'pause') {
      const stall = item.pause.kind === 'stall';
      paragraph.push({
        text: `[${stall ? 'stall' : 'pause'} ${formatSecondsMs(item.pause.durationMs)}] `,
        font: stall ? 'Helvetica-Bold' : 'Helvetica',
        colour: stall ? BAD : WARN,
        underline: false,
      });
    } else {
      if (paragraph.length === 0) {
        paragraph.push({
          text: `${formatClockMs(item.startMs)}  `,
          font: 'Helvetica',
          colour: MUTED,
          underline: false,
        });
      }
      const { marks } = item;
      paragraph.push({
        text: `${item.text} `,
        font: marks.metric ? 'Helvetica-Bold' : marks.filler ? 'Helvetica-Oblique' : 'Helvetica',
        colour: marks.metric ? NUMBER : marks.evidence ? ACCENT : marks.filler ? WARN : INK,
        underline: !!marks.evidence && !marks.metric,
      });
    }
  }
  flush();
  if (!items.some((i) => i.kind === 'word')) body(record.transcript.text.trim() || '(no words)');
  doc.end();
  return done;
}
