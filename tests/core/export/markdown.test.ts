import { describe, expect, it } from 'vitest';
import { toMarkdown } from '../../../core/export';
import { fixtureRecord } from './fixture';

function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = lines.findIndex((line, i) => i > start && line.startsWith('## '));
  return lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line !== '');
}

describe('toMarkdown', () => {
  const md = toMarkdown(fixtureRecord());

  it('opens with the title, scenario, date, length and overall score', () => {
    expect(md.split('\n').slice(0, 8)).toEqual([
      '# Reconstruct an outage, minute by minute',
      '',
      '- Scenario: incident-minute-by-minute (version 2, incident track)',
      '- Recorded: 2026-03-14 18:42 UTC',
      '- Length: 0:21 of a 10:00 slot',
      '- Ended: finished',
      '- Transcribed by: whisper-base.en',
      '- Overall: **50/100**',
    ]);
  });

  it('tables every criterion with its score out of 4 and its weight', () => {
    const table = section(md, '## Criteria').filter((line) => line.startsWith('|'));
    expect(table).toEqual([
      '| Criterion | Score | Weight |',
      '| --- | --- | --- |',
      '| STAR-E structure | 2/4 | 2 |',
      '| Incident lens: problem, process, people | 1/4 | 1 |',
      '| Numbers as anchors | 3/4 | 2 |',
      '| Ownership | 3/4 | 1 |',
      '| Trade-off transparency | 0/4 | 1 |',
      '| Follow-through | 2/4 | 1 |',
      '| SLO-first design | 0/4 | 0 |',
      '| Delivery | 2/4 | 1 |',
    ]);
  });

  it('quotes evidence with m:ss times and labels, and lists what is missing', () => {
    const lines = md.split('\n');
    expect(lines).toContain('### Numbers as anchors: 3/4');
    expect(lines).toContain('- "within twelve minutes" (0:08, rollback time)');
    expect(lines).toContain('- "We added a canary stage." (0:15)');
    expect(lines).toContain('- Missing: Time to recover (MTTR) with a figure and unit');
  });

  it('lists metrics with their moments', () => {
    expect(section(md, '## Metrics')).toEqual([
      '- Rollback time: 720 s, "twelve minutes" (0:08)',
      '- Users affected: 40000 users, "forty thousand users" (0:13)',
    ]);
  });

  it('summarises delivery: first word, rate, long pauses and stalls, fillers, overrun', () => {
    expect(section(md, '## Delivery')).toEqual([
      '- Time to first word: 1.2 s',
      '- Words per minute: 131.3',
      '- Long pauses: 1, stalls: 1',
      '  - long at 0:04, 1.3 s',
      '  - stall at 0:09, 3.0 s',
      '- Fillers: 2 (um ×1, you know ×1)',
      '- Over the slot by: 0:00',
    ]);
  });

  it('gives coaching points and the next follow-up with its reason', () => {
    expect(section(md, '## Coaching')).toEqual([
      '- You said: "We added a canary stage." (0:15)',
      '  - Name what the canary costs and what it buys.',
      '  - Try: "I added a canary stage, which adds 15 minutes to every deploy, but stops a bad build before it reaches 99% of shoppers."',
    ]);
    expect(section(md, '## Next follow-up')).toEqual([
      '> What was the time to recover, start to finish?',
      'Why: No recovery time was given.',
    ]);
  });

  it('writes the transcript in paragraphs broken at prompts and long pauses', () => {
    expect(section(md, '## Transcript')).toEqual([
      '> **Interviewer:** Walk me through an outage you owned, minute by minute.',
      '**0:01** Um at nine fifteen our checkout API started returning errors.',
      '*(long, 1.3 s)*',
      '**0:06** I paged the database team and rolled back the deploy within twelve minutes',
      '*(stall, 3.0 s)*',
      '**0:12** you know forty thousand users saw failed payments. We added a canary stage.',
      '> **Interviewer, follow-up 0:17:** What was the time to recover?',
    ]);
  });

  it('counts repeated fillers and shows an overrun and a slot cut-off', () => {
    const record = fixtureRecord();
    record.end = 'slotEnd';
    record.timing.overrunMs = 75_000;
    record.timing.fillers.push({ text: 'um', startMs: 16000, endMs: 16100 });
    const lines = toMarkdown(record).split('\n');
    expect(lines).toContain('- Fillers: 3 (um ×2, you know ×1)');
    expect(lines).toContain('- Over the slot by: 1:15');
    expect(lines).toContain('- Length: 0:21 of a 10:00 slot, 1:15 over');
    expect(lines).toContain('- Ended: cut off at the end of the slot');
  });

  it('handles a take with nothing said', () => {
    const record = fixtureRecord();
    record.transcript = { engine: 'whisper-base.en', words: [], text: '' };
    record.timing = {
      ...record.timing,
      firstWordMs: null,
      wordsPerMinute: null,
      pauses: [],
      fillers: [],
    };
    record.report.metrics = [];
    record.report.coaching = [];
    record.report.followUp = null;
    record.prompts = [];
    record.warnings = ['Transcription failed: the model file is missing'];
    const md = toMarkdown(record);
    expect(section(md, '## Metrics')).toEqual(['No numbers found.']);
    expect(section(md, '## Delivery').slice(0, 3)).toEqual([
      '- Time to first word: nothing said',
      '- Words per minute: n/a',
      '- Long pauses: 0, stalls: 0',
    ]);
    expect(section(md, '## Coaching')).toEqual(['No coaching points.']);
    expect(section(md, '## Next follow-up')).toEqual(['None.']);
    expect(section(md, '## Warnings')).toEqual([
      '- Transcription failed: the model file is missing',
    ]);
    expect(section(md, '## Transcript')).toEqual(['(no words)']);
  });

  it('keeps record text on one line, in its table cell, and typed tags as text', () => {
    const record = fixtureRecord();
    record.report.criteria[0]!.title = 'A | B\nC';
    record.transcript.words = [{ text: '<img', startMs: 1200, endMs: 1500 }];
    const md = toMarkdown(record);
    expect(md.split('\n')).toContain('| A \\| B C | 2/4 | 2 |');
    expect(section(md, '## Transcript')).toContain('**0:01** \\<img');
  });
});
