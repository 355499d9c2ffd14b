import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../../core/rubric';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const STRONG = join(ROOT, 'tests', 'fixtures', 'transcripts', 'strong-incident.txt');

const SCENARIO_YAML = `id: incident-minute-by-minute
version: 2
title: Walk me through an incident
track: incident
prompt: Tell me about an incident you handled.
rubric:
  weights:
    structure: 1
    metrics: 1
`;

let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cli-process-test-'));
  mkdirSync(join(dir, 'scenarios'));
  writeFileSync(join(dir, 'scenarios', 'incident.yaml'), SCENARIO_YAML);
  env = { ...process.env, MOCK_INTERVIEWER_SCENARIOS: join(dir, 'scenarios') };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a command to its end; stderr without npm's own configuration warnings. */
function run(command: string, args: string[]) {
  const result = spawnSync(command, args, { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  const stderr = result.stderr
    .split('\n')
    .filter((line) => !line.startsWith('npm warn'))
    .join('\n');
  return { code: result.status, stdout: result.stdout, stderr };
}

describe('the command line as a real process', () => {
  it('`npx tsx cli/main.ts score --text FILE --json` prints the report as JSON and exits 0', () => {
    const result = run('npx', ['tsx', 'cli/main.ts', 'score', '--text', STRONG, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout) as {
      overall: number;
      criteria: { id: string; weight: number }[];
      scenario: unknown;
    };
    expect(json.scenario).toEqual({ id: 'incident-minute-by-minute', version: 2 });
    expect(json.criteria.map((c) => [c.id, c.weight])).toEqual(
      CRITERION_IDS.map((id) => [id, id === 'structure' || id === 'metrics' ? 1 : 0]),
    );
    expect(json.overall).toBe(100);
  }, 60_000);

  it('a bad input ends the process with code 2 and one line, no stack trace', () => {
    const result = run('npx', ['tsx', 'cli/main.ts', 'score', '--text', 'no-such-file.txt']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'mock-interviewer: cannot read no-such-file.txt: no such file; check the path\n',
    );
  }, 60_000);
});

describe('bin/mock-interviewer.js', () => {
  it('asks for `npm run build` when the bundle is missing', () => {
    const home = join(dir, 'unbuilt');
    mkdirSync(join(home, 'bin'), { recursive: true });
    copyFileSync(
      join(ROOT, 'bin', 'mock-interviewer.js'),
      join(home, 'bin', 'mock-interviewer.js'),
    );
    const result = run('node', [join(home, 'bin', 'mock-interviewer.js'), '--help']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `mock-interviewer: the command line is not built (no ${join(home, 'out', 'node', 'cli.js')}); run \`npm run build\` in the project folder first\n`,
    );
  });

  it('runs the esbuild bundle of cli/main.ts once, with the arguments after the program name', async () => {
    const home = join(dir, 'built');
    mkdirSync(join(home, 'bin'), { recursive: true });
    copyFileSync(
      join(ROOT, 'bin', 'mock-interviewer.js'),
      join(home, 'bin', 'mock-interviewer.js'),
    );
    symlinkSync(join(ROOT, 'node_modules'), join(home, 'node_modules'));
    // The same options as scripts/build-node.mjs.
    await build({
      entryPoints: { cli: join(ROOT, 'cli/main.ts') },
      outdir: join(home, 'out', 'node'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    });
    const result = run('node', [join(home, 'bin', 'mock-interviewer.js'), 'scenarios', 'lint']);
    expect(result).toEqual({ code: 0, stdout: '1 scenarios OK\n', stderr: '' });
    const direct = run('node', [join(home, 'out', 'node', 'cli.js'), 'scenarios', 'list']);
    expect(direct).toEqual({
      code: 0,
      stdout: 'incident-minute-by-minute  v2  incident     10 min  Walk me through an incident\n',
      stderr: '',
    });
  }, 60_000);
});
