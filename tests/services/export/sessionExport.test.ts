import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../core/audio/wav';
import { pdfText, reportPdf } from '../../../services/export/pdf';
import { writeSessionExport } from '../../../services/export/session';
import { fixtureRecord } from '../../core/export/fixture';

/** The text drawn on the PDF's pages: every (hex) string shown with TJ, joined. */
function pdfStrings(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const streams = [...text.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)].map((m) => {
    const raw = Buffer.from(m[1]!, 'latin1');
    try {
      return inflateSync(raw).toString('latin1');
    } catch {
      return raw.toString('latin1');
    }
  });
  return streams
    .join('\n')
    .split('\n')
    .filter((line) => / TJ$/.test(line))
    .map((line) =>
      [...line.matchAll(/<([0-9a-f]+)>/g)]
        .map((m) => Buffer.from(m[1]!, 'hex').toString('latin1'))
        .join(''),
    )
    .join(' ');
}

describe('the PDF report', () => {
  it('draws the score, its meaning, the changes, metrics in words and the transcript', async () => {
    const pdf = await reportPdf(fixtureRecord());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfStrings(pdf);
    for (const phrase of [
      'Below the bar',
      'What would move your score most',
      'Trade-off transparency',
      'Users affected: 40,000',
      'Rollback time: 12 min',
      'The panel would ask next',
      '[stall 3.0 s]',
      'Not counted for this scenario: SLO-first design 0/4.',
      'Transcribed by whisper-base.en',
    ]) {
      expect(text.replace(/\s+/g, ' '), phrase).toContain(phrase);
    }
  });

  it.each([
    ['plain ASCII', 'plain ASCII'],
    ['“quoted” – 12 × 3', '“quoted” – 12 × 3'],
    ['\u2212 4', '- 4'],
    ['日本 ▶', '?? ?'],
  ])('keeps %j drawable as %j', (input, output) => {
    expect(pdfText(input)).toBe(output);
  });
});

describe('writing an export beside the take', () => {
  it('embeds the replay in the HTML page and writes the PDF as a file', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mi-export-'));
    const record = fixtureRecord();
    const wav = encodeWav(new Float32Array(1600).fill(0.25), 16000);
    writeFileSync(join(folder, record.audio.replay), wav);

    const html = await writeSessionExport(folder, record, 'html');
    expect(html.fileName).toBe('incident-minute-by-minute-2026-03-14-1842.html');
    const page = readFileSync(html.path, 'utf8');
    expect(page).toContain(
      `<audio controls preload="metadata" src="data:audio/wav;base64,${Buffer.from(wav).toString('base64')}"></audio>`,
    );

    const pdf = await writeSessionExport(folder, record, 'pdf');
    expect(pdf.fileName).toBe('incident-minute-by-minute-2026-03-14-1842.pdf');
    expect(readFileSync(pdf.path).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('plays the replay from beside the page when it is missing or too large to embed', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'mi-export-'));
    const html = await writeSessionExport(folder, fixtureRecord(), 'html');
    expect(readFileSync(html.path, 'utf8')).toContain(
      '<audio controls preload="metadata" src="replay.wav"></audio>',
    );
  });
});
