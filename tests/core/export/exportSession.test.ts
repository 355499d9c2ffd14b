import { describe, expect, it } from 'vitest';
import type { ExportFormat, JsonExport } from '../../../core/export';
import { exportBaseName, exportSession, toJson } from '../../../core/export';
import { FIXTURE_WORDS, fixtureRecord } from './fixture';

describe('exportSession', () => {
  it.each([
    ['html', 'incident-minute-by-minute-2026-03-14-1842.html', 'text/html', '<!doctype html>'],
    ['markdown', 'incident-minute-by-minute-2026-03-14-1842.md', 'text/markdown', '# Reconstruct'],
    ['srt', 'incident-minute-by-minute-2026-03-14-1842.srt', 'application/x-subrip', '1\n'],
    ['vtt', 'incident-minute-by-minute-2026-03-14-1842.vtt', 'text/vtt', 'WEBVTT\n'],
    ['json', 'incident-minute-by-minute-2026-03-14-1842.json', 'application/json', '{\n  "id"'],
  ] as const)('names, types and renders %s', (format, fileName, mimeType, opening) => {
    const file = exportSession(fixtureRecord(), format);
    expect(file.fileName).toBe(fileName);
    expect(file.mimeType).toBe(mimeType);
    expect(file.content.startsWith(opening)).toBe(true);
  });

  it('refuses an unknown format and names the ones it knows', () => {
    expect(() => exportSession(fixtureRecord(), 'pdf' as ExportFormat)).toThrow(
      'unknown export format "pdf": use one of html, markdown, srt, vtt, json',
    );
  });
});

describe('exportBaseName', () => {
  it.each([
    [
      'incident-minute-by-minute',
      '2026-03-14T18:42:07.512Z',
      'incident-minute-by-minute-2026-03-14-1842',
    ],
    [
      'Alerting Design/Checkout',
      '2026-12-31T23:59:00Z',
      'alerting-design-checkout-2026-12-31-2359',
    ],
    ['../../etc/passwd', '2026-01-02T03:04:05+01:00', 'etc-passwd-2026-01-02-0304'],
    ['.hidden..name.', '2026-01-02T03:04:05Z', 'hidden.name-2026-01-02-0304'],
    ['café SLO v2.1', '2026-01-02T03:04Z', 'caf-slo-v2.1-2026-01-02-0304'],
    ['', '2026-01-02T03:04:05Z', 'session-2026-01-02-0304'],
    ['slo', 'yesterday', 'slo-undated'],
  ])('%j at %j -> %j', (id, createdAt, expected) => {
    const record = fixtureRecord();
    record.scenario.id = id;
    record.createdAt = createdAt;
    expect(exportBaseName(record)).toBe(expected);
    expect(exportSession(record, 'srt').fileName).toMatch(/^[a-z0-9][a-z0-9.-]*\.srt$/);
  });
});

describe('toJson', () => {
  it('round-trips the scores, timing and words of the take', () => {
    const record = fixtureRecord();
    const data = JSON.parse(toJson(record)) as JsonExport;
    expect(data).toEqual({
      id: '20260314-184207-incident-minute-by-minute',
      scenario: record.scenario,
      createdAt: '2026-03-14T18:42:07.512Z',
      overall: 50,
      criteria: record.report.criteria,
      metrics: record.report.metrics,
      followUp: record.report.followUp,
      coaching: record.report.coaching,
      timing: {
        durationMs: 21000,
        firstWordMs: 1200,
        wordsPerMinute: 131.3,
        overrunMs: 0,
        pauses: record.timing.pauses,
        fillers: record.timing.fillers,
      },
      transcript: {
        engine: 'whisper-base.en',
        model: null,
        text: record.transcript.text,
        words: FIXTURE_WORDS,
      },
    });
    expect(data.transcript.words).toHaveLength(36);
  });

  it('is indented by two spaces and ends with a newline', () => {
    const json = toJson(fixtureRecord());
    expect(json.split('\n').slice(0, 3)).toEqual([
      '{',
      '  "id": "20260314-184207-incident-minute-by-minute",',
      '  "scenario": {',
    ]);
    expect(json.endsWith('}\n')).toBe(true);
  });

  it('keeps hostile text exactly as it was', () => {
    const record = fixtureRecord();
    record.transcript.text = '</script><script>alert("x")</script> & "quotes"';
    expect((JSON.parse(toJson(record)) as JsonExport).transcript.text).toBe(
      '</script><script>alert("x")</script> & "quotes"',
    );
  });
});
