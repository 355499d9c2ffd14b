import { describe, expect, it } from 'vitest';
import { relativeFileUrl, toHtml, toMarkdown } from '../../../core/export';
import { fixtureRecord } from './fixture';

describe('a replay file name that would reach another host', () => {
  it.each([
    '\\\\127.0.0.1\\beacon.wav',
    '\\/127.0.0.1/beacon.wav',
    '/\\127.0.0.1/beacon.wav',
    '/etc/beacon.wav',
    '\\beacon.wav',
    'takes//beacon.wav',
    '../beacon.wav',
    'takes/./beacon.wav',
  ])('refuses %j instead of writing a protocol-relative or climbing URL', (name) => {
    expect(() => relativeFileUrl(name)).toThrow(
      `audioFileName must be a file name beside the page, not a URL: ${JSON.stringify(name)}`,
    );
  });

  it('never puts a protocol-relative src into the HTML export', () => {
    const record = fixtureRecord();
    record.audio.replay = '\\\\127.0.0.1\\beacon.wav';
    expect(() => toHtml(record)).toThrow(RangeError);
  });

  it('still reads a backslash as a folder separator inside a relative name', () => {
    expect(relativeFileUrl('takes\\replay.wav')).toBe('takes/replay.wav');
  });
});

describe('Markdown export of record text', () => {
  it('escapes createdAt that is not a date', () => {
    const record = fixtureRecord();
    record.createdAt = '<img src=x onerror=alert(1)>\n# injected';
    const recorded = toMarkdown(record)
      .split('\n')
      .find((line) => line.startsWith('- Recorded:'));
    expect(recorded).toBe('- Recorded: \\<img src=x onerror=alert(1)> # injected');
  });

  it('escapes evidence labels', () => {
    const record = fixtureRecord();
    const criterion = record.report.criteria.find((c) => c.evidence.length > 0)!;
    criterion.evidence[0]!.label = '<script>x</script>\n## Fake heading';
    const md = toMarkdown(record);
    expect(md).not.toMatch(/(?<!\\)<script>/);
    expect(md).not.toContain('\n## Fake heading');
    expect(md).toContain('\\<script>x\\</script> ## Fake heading)');
  });
});
