import { describe, expect, it } from 'vitest';
import {
  escapeHtml,
  exportBaseName,
  exportSession,
  toSrt,
  toVtt,
  wordsToCues,
} from '../../../core/export';
import type { SessionRecord } from '../../../core/sessions/record';
import { SESSION_FORMAT } from '../../../core/sessions/record';
import type { Word } from '../../../core/transcript';

const w = (text: string, startMs: number, endMs: number): Word => ({ text, startMs, endMs });

const WORDS = [
  w('the', 0, 200),
  w('outage', 200, 700),
  w('lasted', 700, 1100),
  // a 1.5 s pause: a new cue
  w('i', 2600, 2700),
  w('rolled', 2700, 3000),
  w('back', 3000, 3300),
];

function record(text = 'the outage lasted i rolled back', words = WORDS): SessionRecord {
  return {
    format: SESSION_FORMAT,
    version: 1,
    id: '20261123-090000-incident-abc123',
    createdAt: '2026-11-23T09:05:00.000Z',
    scenario: {
      id: 'incident-minute-by-minute',
      version: 2,
      title: 'Outage <story>',
      track: 'incident',
      slotSeconds: 600,
    },
    end: 'finished',
    audio: { take: 'take.wav', replay: 'replay.wav', replayOffsetMs: 1000, durationMs: 3500 },
    prompts: [],
    transcript: { engine: 'pocketsphinx', words, text },
    timing: {
      durationMs: 3500,
      firstWordMs: 0,
      speechStartMs: 0,
      speechEndMs: 3300,
      pauses: [{ startMs: 1100, endMs: 2600, kind: 'long' }],
      fillers: [],
      wordsPerMinute: 109.1,
      paceOverTime: [],
      overrunMs: 0,
      elapsedVsSlot: { elapsedMs: 3300, slotMs: 600000, ratio: 0.006 },
    } as SessionRecord['timing'],
    report: {
      overall: 42,
      criteria: [
        {
          id: 'metrics',
          title: 'Numbers as anchors',
          score: 1,
          weight: 2,
          evidence: [{ text: 'the outage lasted', startMs: 0, endMs: 1100 }],
          missing: ['No recovery time'],
        },
      ],
      metrics: [
        {
          kind: 'recoveryTime',
          value: 2700,
          unit: 's',
          text: 'forty five minutes',
          startMs: 61000,
        },
      ],
      followUp: { id: 'f', prompt: 'How long did it last?', reason: 'metrics' },
      coaching: [],
    },
    warnings: [],
  };
}

describe('caption cues', () => {
  it('breaks at a pause of 700 ms or more and at the word limit', () => {
    expect(wordsToCues(WORDS)).toEqual([
      { startMs: 0, endMs: 1100, text: 'the outage lasted' },
      { startMs: 2600, endMs: 3300, text: 'i rolled back' },
    ]);
    expect(wordsToCues(WORDS, { maxWords: 2 }).map((c) => c.text)).toEqual([
      'the outage',
      'lasted',
      'i rolled',
      'back',
    ]);
    expect(wordsToCues([])).toEqual([]);
  });

  it('writes SRT and VTT with the replay offset added', () => {
    expect(toSrt(WORDS, { offsetMs: 3_600_500 })).toBe(
      '1\n01:00:00,500 --> 01:00:01,600\nthe outage lasted\n\n2\n01:00:03,100 --> 01:00:03,800\ni rolled back\n',
    );
    expect(toVtt(WORDS)).toBe(
      'WEBVTT\n\n00:00:00.000 --> 00:00:01.100\nthe outage lasted\n\n00:00:02.600 --> 00:00:03.300\ni rolled back\n',
    );
  });
});

describe('exportSession', () => {
  it.each([
    ['html', 'incident-minute-by-minute-2026-11-23-0905.html', 'text/html'],
    ['markdown', 'incident-minute-by-minute-2026-11-23-0905.md', 'text/markdown'],
    ['srt', 'incident-minute-by-minute-2026-11-23-0905.srt', 'application/x-subrip'],
    ['vtt', 'incident-minute-by-minute-2026-11-23-0905.vtt', 'text/vtt'],
    ['json', 'incident-minute-by-minute-2026-11-23-0905.json', 'application/json'],
  ] as const)('names the %s file and types it', (format, fileName, mimeType) => {
    const file = exportSession(record(), format);
    expect(file.fileName).toBe(fileName);
    expect(file.mimeType).toBe(mimeType);
  });

  it('shifts caption times to the replay audio', () => {
    expect(exportSession(record(), 'srt').content.split('\n')[1]).toBe(
      '00:00:01,000 --> 00:00:02,100',
    );
  });

  it('writes markdown with the score table, evidence, gaps and metrics', () => {
    const md = exportSession(record(), 'markdown').content.split('\n');
    expect(md).toContain('- Overall: **42/100**');
    expect(md).toContain('| Numbers as anchors | 1/4 | 2 |');
    expect(md).toContain('- "the outage lasted" (0:00)');
    expect(md).toContain('- Missing: No recovery time');
    expect(md).toContain('- recoveryTime: 2700 s, "forty five minutes" (1:01)');
    expect(md).toContain('  - long at 0:01, 1.5 s');
    expect(md).toContain('> How long did it last?');
  });

  it('keeps hostile transcript text inert in HTML and has no script at all', () => {
    const hostile = '<script>alert(1)</script> "><img src=x onerror=alert(2)> & more';
    const html = exportSession(record(hostile), 'html').content;
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img');
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; &quot;&gt;&lt;img src=x onerror=alert(2)&gt; &amp; more',
    );
    expect(html).toContain('<title>Outage &lt;story&gt;</title>');
    expect(html).toContain('<audio controls src="replay.wav"></audio>');
  });

  it('writes JSON that parses back to the scores and words', () => {
    const data = JSON.parse(exportSession(record(), 'json').content) as {
      overall: number;
      words: Word[];
      timing: { pauses: unknown[] };
    };
    expect(data.overall).toBe(42);
    expect(data.words).toEqual(WORDS);
    expect(data.timing.pauses).toHaveLength(1);
  });
});

describe('escapeHtml and file names', () => {
  it.each([
    ['a<b>&"c\'', 'a&lt;b&gt;&amp;&quot;c&#39;'],
    ['plain', 'plain'],
  ])('%s -> %s', (input, output) => {
    expect(escapeHtml(input)).toBe(output);
  });

  it('keeps file names to safe characters', () => {
    const r = record();
    r.scenario.id = 'Weird/ID name';
    expect(exportBaseName(r)).toBe('weird-id-name-2026-11-23-0905');
  });
});
