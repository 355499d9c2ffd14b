import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav, wavHeader } from '../../../core/audio/wav';
import { CRITERION_IDS, scoreTranscript } from '../../../core/rubric';
import { scenarioSchema } from '../../../core/scenarios/schema';
import type { Scenario } from '../../../core/scenarios/schema';
import type { Word } from '../../../core/transcript';
import { PipelineError, analyzeRecording, scoreWithScenario } from '../../../services/pipeline';
import type { RecordingAnalysis } from '../../../services/pipeline';
import { speechFixture } from '../../support/audioFixtures';
import type { SpeechFixture } from '../../support/audioFixtures';
import { requireTool } from '../../support/systemTools';
import { pocketsphinx } from '../transcription/speechClips';

const text2wave = requireTool('text2wave', 'apt-get install festival');
const sox = requireTool('sox', 'apt-get install sox');

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');

function scenario(overrides: Record<string, unknown> = {}): Scenario {
  return scenarioSchema.parse({
    id: 'pipeline-test',
    version: 4,
    title: 'Pipeline test',
    track: 'incident',
    prompt: 'Tell me about an incident.',
    slotSeconds: 600,
    followUps: [{ id: 'numbers', ask: 'How long was the outage?', when: { missing: 'metrics' } }],
    rubric: { weights: { structure: 2, metrics: 2, ownership: 1, delivery: 1 } },
    ...overrides,
  });
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipeline-test-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeBytes(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** The detected pause nearest to a gap, and how far each of its edges is from the gap's. */
function nearestPause(analysis: RecordingAnalysis, gap: { startMs: number; endMs: number }) {
  const pause = analysis.pauses.reduce((best, p) =>
    Math.abs(p.startMs - gap.startMs) < Math.abs(best.startMs - gap.startMs) ? p : best,
  );
  return {
    pause,
    startErrorMs: Math.abs(pause.startMs - gap.startMs),
    endErrorMs: Math.abs(pause.endMs - gap.endMs),
  };
}

describe('analyzeRecording rejects files it cannot use with one line that says what to do', () => {
  const valid = encodeWav(new Float32Array(16000).fill(0.1), 16000);
  const alaw = new Uint8Array(valid);
  new DataView(alaw.buffer).setUint16(20, 6, true);

  const cases: { name: string; make: () => string; code: string; message: RegExp }[] = [
    {
      name: 'a missing file',
      make: () => join(dir, 'nowhere.wav'),
      code: 'unreadable-file',
      message: /^cannot read .*nowhere\.wav: no such file; check the path$/,
    },
    {
      name: 'a folder',
      make: () => {
        const path = join(dir, 'folder.wav');
        mkdirSync(path, { recursive: true });
        return path;
      },
      code: 'unreadable-file',
      message: /^cannot read .*folder\.wav: it is a folder; give a WAV file$/,
    },
    {
      name: 'a text file',
      make: () => writeBytes('notes.wav', new TextEncoder().encode('just some words\n')),
      code: 'bad-audio',
      message:
        /^cannot use .*notes\.wav: not a WAV file \(no RIFF header\); give a 16-bit PCM WAV file/,
    },
    {
      name: 'a truncated WAV',
      make: () => writeBytes('cut.wav', valid.subarray(0, 1000)),
      code: 'bad-audio',
      message:
        /^cannot use .*cut\.wav: truncated WAV: header says 32000 bytes of audio, file has 956; give a 16-bit PCM WAV file/,
    },
    {
      name: 'an A-law WAV',
      make: () => writeBytes('alaw.wav', alaw),
      code: 'bad-audio',
      message:
        /^cannot use .*alaw\.wav: unsupported WAV encoding: format 6 \(A-law\); convert to PCM$/,
    },
    {
      name: 'a WAV with no audio',
      make: () => writeBytes('empty.wav', wavHeader(0, 16000, 1, 16)),
      code: 'bad-audio',
      message: /^cannot use .*empty\.wav: the WAV file holds no audio; record again/,
    },
    {
      name: 'an empty file',
      make: () => writeBytes('zero.wav', new Uint8Array(0)),
      code: 'bad-audio',
      message: /^cannot use .*zero\.wav: not a WAV file \(0 bytes, too short for a RIFF header\)/,
    },
  ];

  it.each(cases)('$name', async ({ make, code, message }) => {
    const error = await analyzeRecording(make(), { transcribe: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PipelineError);
    expect((error as PipelineError).code).toBe(code);
    expect((error as PipelineError).message).toMatch(message);
    expect((error as PipelineError).message).not.toContain('\n');
  });
});

describe.skipIf(!text2wave || !sox)('analyzeRecording on festival speech with known gaps', () => {
  let fixture: SpeechFixture;
  beforeAll(() => {
    const built = speechFixture();
    if (!built) throw new Error('the speech fixture could not be built');
    fixture = built;
  }, 120_000);

  it('finds each inserted gap as a pause within 50 ms of its edges, with no words when not transcribing', async () => {
    const analysis = await analyzeRecording(fixture.wavPath, { transcribe: false });
    expect(analysis.durationMs).toBe(fixture.durationMs);
    expect(analysis.words).toEqual([]);
    expect(analysis.fillers).toEqual([]);
    expect(analysis.wordsPerMinute).toBeNull();
    expect(analysis.engine).toBeUndefined();
    expect(analysis.pauses.map((p) => p.kind)).toEqual([
      'ordinary',
      'ordinary',
      'long',
      'stall',
      'ordinary',
    ]);
    for (const gap of fixture.gaps) {
      const { pause, startErrorMs, endErrorMs } = nearestPause(analysis, gap);
      expect(startErrorMs, `start of the ${gap.gapMs} ms gap`).toBeLessThanOrEqual(50);
      expect(endErrorMs, `end of the ${gap.gapMs} ms gap`).toBeLessThanOrEqual(50);
      expect(pause.durationMs).toBe(pause.endMs - pause.startMs);
    }
    const firstClip = fixture.clips[0];
    if (!firstClip) throw new Error('the fixture has no clips');
    expect(Math.abs((analysis.firstWordMs ?? NaN) - firstClip.startMs)).toBeLessThanOrEqual(50);
  });

  it('gives the same pauses from a 44.1 kHz stereo float copy (mixed down and resampled)', async () => {
    const mono = await analyzeRecording(fixture.wavPath, { transcribe: false });
    const stereo = await analyzeRecording(fixture.stereo44kPath, { transcribe: false });
    expect(Math.abs(stereo.durationMs - mono.durationMs)).toBeLessThanOrEqual(1);
    expect(stereo.pauses.map((p) => p.kind)).toEqual(mono.pauses.map((p) => p.kind));
    stereo.pauses.forEach((p, i) => {
      const q = mono.pauses[i];
      expect(Math.abs(p.startMs - (q?.startMs ?? NaN))).toBeLessThanOrEqual(10);
      expect(Math.abs(p.endMs - (q?.endMs ?? NaN))).toBeLessThanOrEqual(10);
    });
  });

  it.skipIf(!pocketsphinx)(
    'transcribes with pocketsphinx and keeps the audio pauses',
    async () => {
      const analysis = await analyzeRecording(fixture.wavPath, {
        transcribe: true,
        engine: 'pocketsphinx',
        slotMs: 60_000,
      });
      expect(analysis.engine).toBe('pocketsphinx');
      const heard = analysis.words.map((w) => w.text.toLowerCase());
      for (const word of ['checkout', 'minutes', 'thousand', 'review'])
        expect(heard).toContain(word);
      const stall = fixture.gaps[3];
      if (!stall) throw new Error('the fixture has no fourth gap');
      const { pause, startErrorMs, endErrorMs } = nearestPause(analysis, stall);
      expect(pause.kind).toBe('stall');
      expect(startErrorMs).toBeLessThanOrEqual(50);
      expect(endErrorMs).toBeLessThanOrEqual(50);
      expect(analysis.wordsPerMinute).toBeGreaterThan(60);
      expect(analysis.timing.elapsedVsSlot.slotMs).toBe(60_000);
    },
    120_000,
  );
});

describe('scoreWithScenario', () => {
  const strong = readFileSync(join(FIXTURES, 'strong-incident.txt'), 'utf8');

  it('scores plain text with the scenario weights, follow-ups and slot', () => {
    const s = scenario();
    const report = scoreWithScenario({ text: strong }, s);
    expect(report.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
    expect(report.criteria.map((c) => c.weight)).toEqual([2, 0, 2, 1, 0, 0, 0, 0]);
    expect(report).toEqual(
      scoreTranscript({ text: strong }, { weights: s.rubric.weights, followUps: s.followUps }),
    );
  });

  it('asks the scenario follow-up when its criterion is missing', () => {
    const report = scoreWithScenario({ text: 'we fixed the outage and it was fine' }, scenario());
    expect(report.followUp?.id).toBe('numbers');
    expect(report.followUp?.prompt).toBe('How long was the outage?');
  });

  it('gives delivery its weight and uses the audio pauses and first word for an analysed recording', () => {
    const words: Word[] = [
      { text: 'I', startMs: 4000, endMs: 4200 },
      { text: 'restored', startMs: 4200, endMs: 4800 },
      { text: 'service', startMs: 4800, endMs: 5300 },
      { text: 'in', startMs: 8400, endMs: 8600 },
      { text: 'twelve', startMs: 8600, endMs: 9000 },
      { text: 'minutes', startMs: 9000, endMs: 9500 },
    ];
    const analysis = {
      durationMs: 10_000,
      firstWordMs: 4000,
      pauses: [{ startMs: 5300, endMs: 8400, kind: 'stall' as const, durationMs: 3100 }],
      words,
      fillers: [],
      wordsPerMinute: 65.5,
    } as unknown as RecordingAnalysis;
    const report = scoreWithScenario(analysis, scenario());
    expect(report.criteria.find((c) => c.id === 'delivery')?.weight).toBe(1);
    expect(report).toEqual(
      scoreTranscript(
        { text: 'I restored service in twelve minutes', words },
        {
          weights: scenario().rubric.weights,
          followUps: scenario().followUps,
          slotMs: 600_000,
          pauses: [{ startMs: 5300, endMs: 8400, kind: 'stall' }],
          firstWordMs: 4000,
        },
      ),
    );
    expect(report.metrics).toEqual([
      {
        kind: 'recoveryTime',
        value: 720,
        unit: 's',
        text: 'twelve minutes',
        startMs: 8600,
        endMs: 9500,
      },
    ]);
  });

  it.each([
    ['blank text', { text: '  \n ' }],
    ['no words', { durationMs: 500, firstWordMs: null, pauses: [], words: [], fillers: [] }],
  ])('throws empty-transcript for %s', (_name, input) => {
    expect(() => scoreWithScenario(input as unknown as RecordingAnalysis, scenario())).toThrow(
      new PipelineError(
        'empty-transcript',
        'the answer has no words to score; record or paste an answer first',
      ),
    );
  });
});
