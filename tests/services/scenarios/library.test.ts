import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { warningMarks } from '../../../core/scenarios/timeline';
import {
  DEFAULT_SCENARIO_ID,
  defaultScenarioDir,
  findScenario,
  loadScenarioDir,
} from '../../../services/scenarios/library';
import type { ScenarioLibrary } from '../../../services/scenarios/library';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function scenarioYaml(id: string, extra = ''): string {
  return [
    `# ${id}`,
    `id: ${id}`,
    `title: Scenario ${id}`,
    'track: incident',
    'prompt: Tell me about an outage you owned.',
    'rubric:',
    '  weights:',
    '    metrics: 3',
    extra,
  ].join('\n');
}

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mi-scenarios-'));
});

afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('loadScenarioDir', () => {
  it('loads the good files in file-name order and reports the broken one by file, field and line', async () => {
    await writeFile(join(dir, 'c-third.yml'), scenarioYaml('third'));
    await writeFile(join(dir, 'a-first.yaml'), scenarioYaml('first'));
    await writeFile(
      join(dir, 'b-broken.yaml'),
      scenarioYaml(
        'broken',
        'followUps:\n  - id: q\n    ask: MTTR?\n    when:\n      missing: mttr\n',
      ),
    );
    await writeFile(join(dir, 'notes.txt'), 'not a scenario');
    await mkdir(join(dir, 'drafts'));
    await writeFile(join(dir, 'drafts', 'd.yaml'), 'id: [');

    const lib = await loadScenarioDir(dir);

    expect(lib.dir).toBe(dir);
    expect(lib.scenarios.map((s) => [s.scenario.id, s.file])).toEqual([
      ['first', join(dir, 'a-first.yaml')],
      ['third', join(dir, 'c-third.yml')],
    ]);
    expect(lib.problems).toEqual([
      {
        file: join(dir, 'b-broken.yaml'),
        field: 'followUps.0.when.missing',
        line: 13,
        message:
          'unknown criterion "mttr"; use one of structure, incidentLens, metrics, ownership, tradeoffs, followThrough, sloFirst, delivery.',
      },
    ]);
  });

  it('names a problem file relative to the cwd when the file is inside it', async () => {
    await mkdir(join(dir, 'scenarios'));
    await writeFile(join(dir, 'scenarios', 'bad.yaml'), 'id: bad\ntitle: [\n');
    vi.spyOn(process, 'cwd').mockReturnValue(dir);

    const lib = await loadScenarioDir(join(dir, 'scenarios'));

    expect(lib.problems.map((p) => [p.file, p.field, p.line])).toEqual([
      [join('scenarios', 'bad.yaml'), '', 2],
    ]);
  });

  it('keeps the first of two scenarios with the same id and reports the second', async () => {
    await writeFile(join(dir, 'one.yaml'), scenarioYaml('same'));
    await writeFile(join(dir, 'two.yaml'), scenarioYaml('same'));

    const lib = await loadScenarioDir(dir);

    expect(lib.scenarios.map((s) => s.file)).toEqual([join(dir, 'one.yaml')]);
    expect(lib.problems).toEqual([
      {
        file: join(dir, 'two.yaml'),
        field: 'id',
        line: 2,
        message: `duplicate scenario id "same" (already used by ${join(dir, 'one.yaml')}); give this scenario its own id.`,
      },
    ]);
  });

  it('returns an empty library for a folder with no scenario files', async () => {
    expect(await loadScenarioDir(dir)).toEqual({ scenarios: [], problems: [], dir });
  });

  it('throws an error naming a folder that cannot be read and what to do', async () => {
    const missing = join(dir, 'nowhere');
    await expect(loadScenarioDir(missing)).rejects.toThrow(
      `cannot read the scenarios folder ${missing} (ENOENT); create it with scenario .yaml files or set MOCK_INTERVIEWER_SCENARIOS to a folder that has them.`,
    );
  });

  it('reads the folder named by MOCK_INTERVIEWER_SCENARIOS when given no folder', async () => {
    await writeFile(join(dir, 'only.yaml'), scenarioYaml('only-one'));
    vi.stubEnv('MOCK_INTERVIEWER_SCENARIOS', dir);

    const lib = await loadScenarioDir();

    expect(lib.dir).toBe(dir);
    expect(lib.scenarios.map((s) => s.scenario.id)).toEqual(['only-one']);
  });
});

describe('defaultScenarioDir', () => {
  it('prefers MOCK_INTERVIEWER_SCENARIOS, resolved to an absolute path', () => {
    expect(defaultScenarioDir({ env: { MOCK_INTERVIEWER_SCENARIOS: dir } })).toBe(dir);
    vi.spyOn(process, 'cwd').mockReturnValue(dir);
    expect(defaultScenarioDir({ env: { MOCK_INTERVIEWER_SCENARIOS: 'mine' } })).toBe(
      join(dir, 'mine'),
    );
  });

  it('finds the repository scenarios folder from the sources when the variable is empty', () => {
    vi.stubEnv('MOCK_INTERVIEWER_SCENARIOS', '');
    expect(defaultScenarioDir()).toBe(join(REPO_ROOT, 'scenarios'));
  });

  it.each(['out/node', 'out/main', 'services/scenarios'])(
    'walks up from %s to the mock-interviewer package, past other packages',
    async (sub) => {
      await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'mock-interviewer' }));
      await mkdir(join(dir, sub), { recursive: true });
      await writeFile(join(dir, sub, 'package.json'), JSON.stringify({ name: 'something-else' }));
      expect(defaultScenarioDir({ env: {}, fromDir: join(dir, sub) })).toBe(join(dir, 'scenarios'));
    },
  );

  it('throws with what to do when no mock-interviewer package is above', () => {
    expect(() => defaultScenarioDir({ env: {}, fromDir: dir })).toThrow(
      `cannot find the mock-interviewer project folder above ${dir}; set MOCK_INTERVIEWER_SCENARIOS to a folder of scenario .yaml files.`,
    );
  });
});

describe('findScenario', () => {
  it('returns the scenario with the id and lists the known ids otherwise', async () => {
    await writeFile(join(dir, 'a.yaml'), scenarioYaml('alpha'));
    await writeFile(join(dir, 'b.yaml'), scenarioYaml('beta'));
    const lib = await loadScenarioDir(dir);

    expect(findScenario(lib, 'beta').title).toBe('Scenario beta');
    expect(() => findScenario(lib, 'gamma')).toThrow(
      'unknown scenario "gamma"; known: alpha, beta',
    );
  });

  it('says where it looked when nothing loaded', () => {
    const empty: ScenarioLibrary = { scenarios: [], problems: [], dir: '/srv/none' };
    expect(() => findScenario(empty, 'alpha')).toThrow(
      'unknown scenario "alpha"; no scenarios loaded from /srv/none: add scenario .yaml files there or set MOCK_INTERVIEWER_SCENARIOS.',
    );
  });
});

describe('the scenarios shipped in scenarios/', () => {
  it('all load with no problems, and the default is among them', async () => {
    const lib = await loadScenarioDir(join(REPO_ROOT, 'scenarios'));

    expect(lib.problems).toEqual([]);
    expect(lib.scenarios.map((s) => s.scenario.id)).toEqual([
      'checkout-alerting-design',
      'incident-minute-by-minute',
      'lightning-incident',
      'mttr-tradeoff-probe',
      'postmortem-ownership',
      'sysadmin-to-sre-monitoring',
    ]);
    expect(findScenario(lib, DEFAULT_SCENARIO_ID).id).toBe('incident-minute-by-minute');
    for (const { scenario, file } of lib.scenarios) {
      expect(file).toBe(join(REPO_ROOT, 'scenarios', `${scenario.id}.yaml`));
      expect(scenario.followUps.length, scenario.id).toBeGreaterThanOrEqual(3);
      expect(scenario.followUps.length, scenario.id).toBeLessThanOrEqual(6);
      expect(warningMarks(scenario).length, scenario.id).toBe(scenario.warnings.length);
    }
  });

  it('gives the default incident story a 10-minute slot with warnings at 5:00, 2:00 and 0:30', async () => {
    const lib = await loadScenarioDir(join(REPO_ROOT, 'scenarios'));
    const scenario = findScenario(lib, 'incident-minute-by-minute');

    expect(scenario.slotSeconds).toBe(600);
    expect(scenario.slotEnd.action).toBe('cutIn');
    expect(warningMarks(scenario).map((m) => [m.atMs, m.label])).toEqual([
      [300_000, '5:00 left'],
      [480_000, '2:00 left'],
      [570_000, '0:30 left'],
    ]);
  });

  it('gives the lightning story a 60-second slot that ends the session, warned at 0:30 and 0:10', async () => {
    const lib = await loadScenarioDir(join(REPO_ROOT, 'scenarios'));
    const scenario = findScenario(lib, 'lightning-incident');

    expect(scenario.slotSeconds).toBe(60);
    expect(scenario.slotEnd.action).toBe('end');
    expect(warningMarks(scenario).map((m) => [m.atMs, m.label])).toEqual([
      [30_000, '0:30 left'],
      [50_000, '0:10 left'],
    ]);
  });

  it('weights SLO-first highest in the design scenarios', async () => {
    const lib = await loadScenarioDir(join(REPO_ROOT, 'scenarios'));
    const design = lib.scenarios.filter((s) => s.scenario.track === 'design');

    expect(design.map((s) => s.scenario.id)).toEqual([
      'checkout-alerting-design',
      'sysadmin-to-sre-monitoring',
    ]);
    for (const { scenario } of design) {
      const weights = Object.values(scenario.rubric.weights);
      expect(scenario.rubric.weights.sloFirst, scenario.id).toBe(Math.max(...weights));
    }
  });
});
