import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeWav } from '../../../core/audio/wav';
import { CRITERION_IDS, scoreTranscript } from '../../../core/rubric';
import { CLAUSE_ROLES } from '../../../core/rubric/roles';
import { runCli, USAGE } from '../../../cli/main';
import { speechFixture } from '../../support/audioFixtures';
import { requireTool } from '../../support/systemTools';
import {
  INCIDENT_SENTENCE,
  PAGING_SENTENCE,
  joinWithPauses,
  pocketsphinx,
  saveWav,
  speak,
  text2wave,
} from '../transcription/speechClips';

const sox = requireTool('sox', 'apt-get install sox');

const FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts');
const STRONG = join(FIXTURES, 'strong-incident.txt');
const WEAK = join(FIXTURES, 'weak-incident.txt');
const DESIGN = join(FIXTURES, 'alerting-design.txt');

const DEFAULT_SCENARIO_YAML = `id: incident-minute-by-minute
version: 3
title: Walk me through an incident
track: incident
slotSeconds: 600
prompt: Tell me about an incident you handled, minute by minute.
followUps:
  - id: recovery-time
    ask: How long did recovery take, in minutes?
    when:
      missing: metrics
rubric:
  weights:
    structure: 2
    incidentLens: 2
    metrics: 2
    ownership: 1
    tradeoffs: 1
    followThrough: 1
    sloFirst: 1
    delivery: 1
  targetWords: 1200
`;

const DESIGN_SCENARIO_YAML = `id: alerting-design
title: Design alerting for a service
track: design
slotSeconds: 900
prompt: Design the alerting for a checkout service.
rubric:
  weights:
    sloFirst: 3
    tradeoffs: 1
`;

const BROKEN_SCENARIO_YAML = `id: broken
title: Broken
track: incident
prompt: Tell me.
rubric:
  weights:
    structure: lots
`;

/** Everything one command wrote, and its exit code. */
interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let dir: string;
let scenariosDir: string;
let env: Record<string, string | undefined>;

async function cli(
  argv: string[],
  extraEnv: Record<string, string | undefined> = {},
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd: dir,
    env: { ...env, ...extraEnv },
  });
  return { code, stdout, stderr };
}

async function cliJson<T = ScoreJson>(argv: string[]): Promise<T> {
  const run = await cli(argv);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as T;
}

interface ScoreJson {
  overall: number;
  criteria: {
    id: string;
    title: string;
    score: number;
    weight: number;
    evidence: Record<string, unknown>[];
    missing: string[];
  }[];
  metrics: { kind: string; value: number; unit: string; text: string; startMs?: number }[];
  followUp: { id: string; prompt: string } | null;
  coaching: unknown[];
  redFlags: { code: string; message: string }[];
  clauses: { text: string; role: string }[];
  scenario: { id: string; version: number };
  timing?: {
    durationMs: number;
    firstWordMs: number | null;
    pauses: { startMs: number; endMs: number; kind: string }[];
    words: { text: string; startMs: number; endMs: number }[];
    engine?: string;
  };
}

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-test-'));
  scenariosDir = join(dir, 'scenarios');
  mkdirSync(scenariosDir);
  writeFileSync(join(scenariosDir, 'alerting-design.yaml'), DESIGN_SCENARIO_YAML);
  writeFileSync(join(scenariosDir, 'incident.yaml'), DEFAULT_SCENARIO_YAML);
  env = {
    MOCK_INTERVIEWER_SCENARIOS: 'scenarios',
    MOCK_INTERVIEWER_MODELS_DIR: join(dir, 'models'),
  };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('help', () => {
  it.each([[[]], [['--help']], [['-h']], [['help']]])(
    '%j prints the usage and exits 0',
    async (argv) => {
      const run = await cli(argv);
      expect(run).toEqual({ code: 0, stdout: USAGE, stderr: '' });
    },
  );
});

describe('score --text', () => {
  it('reports every criterion in rubric order with the exact JSON shape', async () => {
    for (const file of [STRONG, WEAK, DESIGN]) {
      const json = await cliJson(['score', '--text', file, '--json']);
      expect(Object.keys(json)).toEqual([
        'overall',
        'criteria',
        'metrics',
        'followUp',
        'coaching',
        'redFlags',
        'clauses',
        'scenario',
      ]);
      expect(json.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
      expect(json.clauses.length).toBeGreaterThan(0);
      for (const clause of json.clauses) {
        expect(CLAUSE_ROLES).toContain(clause.role);
        expect(typeof clause.text).toBe('string');
      }
      for (const c of json.criteria) {
        expect(Object.keys(c)).toEqual(['id', 'title', 'score', 'weight', 'evidence', 'missing']);
        for (const e of c.evidence) {
          expect(Object.keys(e).every((k) => ['text', 'startMs', 'endMs'].includes(k))).toBe(true);
        }
      }
      for (const m of json.metrics) {
        expect(
          Object.keys(m).every((k) => ['kind', 'value', 'unit', 'text', 'startMs'].includes(k)),
        ).toBe(true);
      }
      expect(json.scenario).toEqual({ id: 'incident-minute-by-minute', version: 3 });
    }
  });

  it('scores the strong story above the weak one, overall and on metrics', async () => {
    const strong = await cliJson(['score', '--text', STRONG, '--json']);
    const weak = await cliJson(['score', '--text', WEAK, '--json']);
    expect(strong.overall).toBeGreaterThan(weak.overall + 40);
    const metricsScore = (r: ScoreJson) => r.criteria.find((c) => c.id === 'metrics')?.score;
    expect(metricsScore(strong)).toBe(4);
    expect(metricsScore(weak)).toBe(0);
    expect(weak.metrics).toEqual([]);
    expect(strong.metrics).toContainEqual({
      kind: 'recoveryTime',
      value: 2700,
      unit: 's',
      text: '45 minutes',
    });
    expect(strong.metrics).toContainEqual({
      kind: 'affectedUsers',
      value: 12450,
      unit: 'users',
      text: '12,450 shoppers',
    });
    expect(weak.followUp?.id).toBe('recovery-time');
  });

  it('passes the scenario weights, follow-ups, slot and target words to the rubric', async () => {
    const text = readFileSync(WEAK, 'utf8');
    const expected = scoreTranscript(
      { text },
      {
        weights: {
          structure: 2,
          incidentLens: 2,
          metrics: 2,
          ownership: 1,
          tradeoffs: 1,
          followThrough: 1,
          sloFirst: 1,
          delivery: 1,
        },
        followUps: [
          {
            id: 'recovery-time',
            ask: 'How long did recovery take, in minutes?',
            when: { missing: 'metrics', below: 2 },
          },
        ],
        slotMs: 600_000,
        targetWords: 1200,
      },
    );
    const json = await cliJson(['score', '--text', WEAK, '--json']);
    expect(json.overall).toBe(expected.overall);
    expect(json.criteria.map((c) => [c.id, c.score, c.weight])).toEqual(
      expected.criteria.map((c) => [c.id, c.score, c.weight]),
    );
    expect(json.followUp).toEqual(expected.followUp);
  });

  it('uses another scenario when asked, with its own weights', async () => {
    const json = await cliJson([
      'score',
      '--text',
      DESIGN,
      '--scenario',
      'alerting-design',
      '--json',
    ]);
    expect(json.scenario).toEqual({ id: 'alerting-design', version: 1 });
    expect(json.criteria.map((c) => c.weight)).toEqual([0, 0, 0, 0, 1, 0, 3, 0]);
  });

  it('prints a readable report: overall, a bar per criterion, evidence, missing, metrics, follow-up, coaching', async () => {
    const json = await cliJson(['score', '--text', WEAK, '--json']);
    const run = await cli(['score', '--text', WEAK]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('Walk me through an incident (incident-minute-by-minute v3)');
    expect(lines[1]).toBe(`Overall: ${json.overall}/100`);
    for (const c of json.criteria) {
      const row = lines.find((l) => l.startsWith(c.title));
      expect(row, c.title).toMatch(
        new RegExp(`\\[${'#'.repeat(c.score)}${'-'.repeat(4 - c.score)}\\] ${c.score}/4`),
      );
    }
    expect(run.stdout).toContain(
      '    + Action: "so the team looked into it and uh we figured out it was a config change"',
    );
    expect(run.stdout).toContain('    - missing: No Task: say what you were responsible for');
    expect(run.stdout).toContain('Metrics: none found');
    expect(run.stdout).toContain('Follow-up\n  How long did recovery take, in minutes?\n');
    expect(run.stdout).toContain('Coaching\n  1. "');
  });

  it('lists metrics with their values in the readable report', async () => {
    const run = await cli(['score', '--text', STRONG]);
    expect(run.stdout).toContain('  recoveryTime  45 min         "45 minutes"');
    expect(run.stdout).toContain('  affectedUsers 12,450 users   "12,450 shoppers"');
  });

  it('reads timed words as a JSON array or an object with words, and scores delivery', async () => {
    const words = [
      { text: 'I', startMs: 800, endMs: 950 },
      { text: 'rolled', startMs: 950, endMs: 1300 },
      { text: 'back', startMs: 1300, endMs: 1600 },
      { text: 'the', startMs: 1600, endMs: 1700 },
      { text: 'release', startMs: 1700, endMs: 2200 },
      { text: 'in', startMs: 2200, endMs: 2350 },
      { text: 'four', startMs: 2350, endMs: 2700 },
      { text: 'minutes', startMs: 2700, endMs: 3200 },
    ];
    const asArray = await cliJson([
      'score',
      '--text',
      write('words.json', JSON.stringify(words)),
      '--json',
    ]);
    const asObject = await cliJson([
      'score',
      '--text',
      write('take.json', JSON.stringify({ words })),
      '--json',
    ]);
    expect(asObject).toEqual(asArray);
    expect(asArray.criteria.find((c) => c.id === 'delivery')?.weight).toBe(1);
    expect(asArray.metrics).toEqual([
      { kind: 'rollbackTime', value: 240, unit: 's', text: 'four minutes', startMs: 2350 },
    ]);
  });
});

describe("the project's scenarios folder", () => {
  it('is used when no folder is set, with incident-minute-by-minute as the default', async () => {
    const run = await cli(['score', '--text', STRONG, '--json'], {
      MOCK_INTERVIEWER_SCENARIOS: undefined,
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as ScoreJson;
    expect(json.scenario.id).toBe('incident-minute-by-minute');
    expect(json.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
  });

  it('lints clean', async () => {
    const run = await cli(['scenarios', 'lint'], { MOCK_INTERVIEWER_SCENARIOS: undefined });
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^\d+ scenarios OK\n$/);
    expect(run.code).toBe(0);
  });
});

describe('every bad input is one line on stderr and exit code 2', () => {
  const valid = encodeWav(new Float32Array(8000).fill(0.2), 16000);
  const corrupt = new Uint8Array(valid);
  new DataView(corrupt.buffer).setUint16(32, 3, true);

  const cases: {
    name: string;
    argv: () => string[];
    env?: Record<string, string>;
    line: RegExp;
  }[] = [
    {
      name: 'unknown command',
      argv: () => ['frobnicate'],
      line: /^mock-interviewer: unknown command `frobnicate`; run `mock-interviewer --help` for usage$/,
    },
    {
      name: 'unknown top-level flag',
      argv: () => ['--verbose'],
      line: /^mock-interviewer: unknown option --verbose; run/,
    },
    {
      name: 'unknown flag',
      argv: () => ['score', '--text', STRONG, '--loud'],
      line: /^mock-interviewer: unknown option --loud for `score` \(it takes --text, --scenario, --json, --engine, --model\)/,
    },
    {
      name: 'flag without its value',
      argv: () => ['score', '--text'],
      line: /^mock-interviewer: --text needs a value; run/,
    },
    {
      name: 'value for a switch',
      argv: () => ['score', '--text', STRONG, '--json=yes'],
      line: /^mock-interviewer: --json takes no value; write just --json$/,
    },
    {
      name: 'nothing to score',
      argv: () => ['score'],
      line: /^mock-interviewer: score needs --text FILE or a recording FILE\.wav; run/,
    },
    {
      name: 'text and recording both',
      argv: () => ['score', '--text', STRONG, 'take.wav'],
      line: /^mock-interviewer: give either --text FILE or a recording FILE\.wav to score, not both$/,
    },
    {
      name: 'two recordings',
      argv: () => ['score', 'a.wav', 'b.wav'],
      line: /^mock-interviewer: score takes one recording, got "a\.wav" and "b\.wav"/,
    },
    {
      name: 'engine with text',
      argv: () => ['score', '--text', STRONG, '--engine', 'pocketsphinx'],
      line: /^mock-interviewer: --engine and --model apply to recordings only; drop them for --text$/,
    },
    {
      name: 'unknown scenario',
      argv: () => ['score', '--text', STRONG, '--scenario', 'nope'],
      line: /^mock-interviewer: unknown scenario "nope"; known: alerting-design, incident-minute-by-minute; see `mock-interviewer scenarios list`$/,
    },
    {
      name: 'scenarios folder missing',
      argv: () => ['score', '--text', STRONG],
      env: { MOCK_INTERVIEWER_SCENARIOS: 'no-such-folder' },
      line: /^mock-interviewer: cannot read the scenarios folder .*no-such-folder \(ENOENT\); create it/,
    },
    {
      name: 'missing text file',
      argv: () => ['score', '--text', 'missing.txt'],
      line: /^mock-interviewer: cannot read missing\.txt: no such file; check the path$/,
    },
    {
      name: 'empty text file',
      argv: () => ['score', '--text', write('empty.txt', ' \n\n')],
      line: /^mock-interviewer: .*empty\.txt holds no words to score; write or record an answer first$/,
    },
    {
      name: 'empty word list',
      argv: () => ['score', '--text', write('none.json', '[]')],
      line: /^mock-interviewer: .*none\.json holds no words to score/,
    },
    {
      name: 'malformed JSON',
      argv: () => ['score', '--text', write('bad.json', '[{"text": "I",')],
      line: /^mock-interviewer: .*bad\.json: not valid JSON \(.*\); give plain text or an array of \{text, startMs, endMs\}/,
    },
    {
      name: 'word without a start',
      argv: () => [
        'score',
        '--text',
        write(
          'nostart.json',
          '[{"text":"I","startMs":0,"endMs":100},{"text":"paged","endMs":400}]',
        ),
      ],
      line: /^mock-interviewer: .*nostart\.json: words\[1\]\.startMs must be a number of ms, 0 or more; give plain text/,
    },
    {
      name: 'audio given as text',
      argv: () => ['score', '--text', write('audio.wav', valid)],
      line: /^mock-interviewer: .*audio\.wav looks like audio or binary data, not text; to score a recording run `mock-interviewer score .*audio\.wav`$/,
    },
    {
      name: 'missing recording',
      argv: () => ['score', 'gone.wav'],
      line: /^mock-interviewer: cannot read .*gone\.wav: no such file; check the path$/,
    },
    {
      name: 'text file as a recording',
      argv: () => ['score', write('notes.wav', 'I rolled back the release\n')],
      line: /^mock-interviewer: cannot use .*notes\.wav: not a WAV file \(no RIFF header\); give a 16-bit PCM WAV file/,
    },
    {
      name: 'truncated recording',
      argv: () => ['score', write('cut.wav', valid.subarray(0, 500))],
      line: /^mock-interviewer: cannot use .*cut\.wav: truncated WAV: header says 16000 bytes of audio, file has 456/,
    },
    {
      name: 'corrupt recording',
      argv: () => ['analyze', write('corrupt.wav', corrupt)],
      line: /^mock-interviewer: cannot use .*corrupt\.wav: corrupt WAV: block align is 3 bytes, 1 channel\(s\) of 16 bits need 2/,
    },
    {
      name: 'analyze without a file',
      argv: () => ['analyze'],
      line: /^mock-interviewer: analyze needs a recording FILE\.wav; run/,
    },
    {
      name: 'bad engine',
      argv: () => ['analyze', 'take.wav', '--engine', 'vosk'],
      line: /^mock-interviewer: --engine must be whisper, pocketsphinx or auto, got "vosk"\.$/,
    },
    {
      name: 'engine without transcription',
      argv: () => ['analyze', 'take.wav', '--no-transcribe', '--engine', 'whisper'],
      line: /^mock-interviewer: --engine and --model need transcription; drop them or --no-transcribe$/,
    },
    {
      name: 'whisper model that does not exist',
      argv: () => [
        'analyze',
        write('tone.wav', valid),
        '--engine',
        'whisper',
        '--model',
        'models/ggml-none.bin',
      ],
      line: /^mock-interviewer: No Whisper model at .*ggml-none\.bin\. Get one with `mock-interviewer models download tiny\.en`/,
    },
    {
      name: 'scenarios without a subcommand',
      argv: () => ['scenarios'],
      line: /^mock-interviewer: scenarios needs a subcommand: lint \[DIR\] or list \[--json\]; run/,
    },
    {
      name: 'unknown scenarios subcommand',
      argv: () => ['scenarios', 'frob'],
      line: /^mock-interviewer: unknown subcommand `scenarios frob`; use lint \[DIR\] or list \[--json\]$/,
    },
    {
      name: 'lint a missing folder',
      argv: () => ['scenarios', 'lint', 'nowhere'],
      line: /^mock-interviewer: cannot read the scenarios folder .*nowhere \(ENOENT\)/,
    },
  ];

  it.each(cases)('$name', async ({ argv, env: extra, line }) => {
    const run = await cli(argv(), extra);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd()).toMatch(line);
    expect(run.stderr.endsWith('\n')).toBe(true);
    expect(run.stderr.split('\n')).toHaveLength(2);
    expect(run.code).toBe(2);
  });
});

describe('scenarios', () => {
  it('lint prints "N scenarios OK" and exits 0 for a clean folder', async () => {
    expect(await cli(['scenarios', 'lint', 'scenarios'])).toEqual({
      code: 0,
      stdout: '2 scenarios OK\n',
      stderr: '',
    });
  });

  it('lint prints each problem as file:line: field: message and exits 1', async () => {
    const broken = join(dir, 'broken-scenarios');
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, 'good.yaml'), DEFAULT_SCENARIO_YAML);
    writeFileSync(join(broken, 'broken.yaml'), BROKEN_SCENARIO_YAML);
    const run = await cli(['scenarios', 'lint', broken]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/broken\.yaml:7: rubric\.weights\.structure: .+/);
    expect(run.stderr).toBe('1 problem in 1 file; 1 scenarios OK\n');
  });

  it('lint of a folder without scenario files exits 1 and says so', async () => {
    const empty = join(dir, 'empty-scenarios');
    mkdirSync(empty, { recursive: true });
    const run = await cli(['scenarios', 'lint', empty]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `no scenario .yaml files in ${empty}; add some or lint another folder\n`,
    );
  });

  it('list prints one scenario a line, and --json their summaries', async () => {
    const text = await cli(['scenarios', 'list']);
    expect(text).toEqual({
      code: 0,
      stdout:
        'alerting-design            v1  design       15 min  Design alerting for a service\n' +
        'incident-minute-by-minute  v3  incident     10 min  Walk me through an incident\n',
      stderr: '',
    });
    const json = await cliJson<{
      scenarios: { id: string; slotSeconds: number }[];
      problems: unknown[];
    }>(['scenarios', 'list', '--json']);
    expect(json.scenarios.map((s) => [s.id, s.slotSeconds])).toEqual([
      ['alerting-design', 900],
      ['incident-minute-by-minute', 600],
    ]);
    expect(json.problems).toEqual([]);
  });
});

describe('models and serve are delegated', () => {
  it('models list reads the models folder from the environment', async () => {
    const run = await cli(['models', 'list']);
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(`models in ${join(dir, 'models')}`);
    expect(run.stdout).toContain('tiny.en');
  });

  it('models with a bad subcommand prints its usage and exits 2', async () => {
    const run = await cli(['models', 'frob']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^usage: mock-interviewer models list/);
  });

  it('serve passes its options to the browser host', async () => {
    const run = await cli(['serve', '--port', 'many']);
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr: 'serve: --port needs a number from 0 to 65535 (0 picks a free port)\n',
    });
  });
});

describe.skipIf(!text2wave || !sox)('analyze on festival speech with known gaps', () => {
  it('finds every inserted gap within 50 ms of its edges and no words with --no-transcribe', async () => {
    const fixture = speechFixture();
    if (!fixture) throw new Error('the speech fixture could not be built');
    const json = await cliJson<
      NonNullable<ScoreJson['timing']> & { fillers: unknown[]; wordsPerMinute: number | null }
    >(['analyze', fixture.wavPath, '--no-transcribe', '--json']);
    expect(Object.keys(json)).toEqual([
      'durationMs',
      'firstWordMs',
      'pauses',
      'words',
      'fillers',
      'wordsPerMinute',
    ]);
    expect(json.durationMs).toBe(fixture.durationMs);
    expect(json.words).toEqual([]);
    expect(json.wordsPerMinute).toBeNull();
    expect(json.pauses.map((p) => p.kind)).toEqual([
      'ordinary',
      'ordinary',
      'long',
      'stall',
      'ordinary',
    ]);
    fixture.gaps.forEach((gap, i) => {
      const pause = json.pauses[i];
      expect(
        Math.abs((pause?.startMs ?? NaN) - gap.startMs),
        `start of gap ${i}`,
      ).toBeLessThanOrEqual(50);
      expect(Math.abs((pause?.endMs ?? NaN) - gap.endMs), `end of gap ${i}`).toBeLessThanOrEqual(
        50,
      );
    });
    const text = await cli(['analyze', fixture.wavPath, '--no-transcribe']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('  pauses: 5 (3 ordinary, 1 long, 1 stall)\n');
  }, 120_000);
});

describe.skipIf(!text2wave || !pocketsphinx)('score FILE.wav end to end with pocketsphinx', () => {
  it('transcribes the recording, finds the spoken metrics, and adds the timing', async () => {
    const clips = [
      speak(INCIDENT_SENTENCE, dir, 'incident'),
      speak(PAGING_SENTENCE, dir, 'paging'),
    ];
    const wav = saveWav(joinWithPauses(clips, 1500), dir, 'take');
    const json = await cliJson(['score', wav, '--engine', 'pocketsphinx', '--json']);
    expect(json.criteria.map((c) => c.id)).toEqual([...CRITERION_IDS]);
    expect(json.criteria.find((c) => c.id === 'delivery')?.weight).toBe(1);
    expect(json.metrics.map((m) => [m.kind, m.value, m.text])).toContainEqual([
      'recoveryTime',
      2700,
      'forty five minutes',
    ]);
    expect(json.metrics.map((m) => [m.kind, m.value, m.text])).toContainEqual([
      'recoveryTime',
      720,
      'twelve minutes',
    ]);
    const timing = json.timing;
    if (!timing) throw new Error('score FILE.wav --json has no timing');
    expect(timing.engine).toBe('pocketsphinx');
    expect(timing.words.length).toBeGreaterThan(15);
    const longest = timing.pauses.reduce((a, b) =>
      b.endMs - b.startMs > a.endMs - a.startMs ? b : a,
    );
    expect(longest.kind).toBe('long');
    expect(longest.endMs - longest.startMs).toBeGreaterThanOrEqual(1500);
  }, 120_000);
});
