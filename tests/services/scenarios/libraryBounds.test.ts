import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadScenarioDir } from '../../../services/scenarios/library';

function scenarioYaml(id: string, title = `Scenario ${id}`): string {
  return [
    `id: ${id}`,
    `title: ${title}`,
    'track: incident',
    'prompt: Tell me about an outage you owned.',
    'rubric:',
    '  weights:',
    '    metrics: 3',
    '',
  ].join('\n');
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mi-scenario-bounds-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('the scenario library', () => {
  it('parses a file once and again only after it changes', async () => {
    const file = join(dir, 'a.yaml');
    await writeFile(file, scenarioYaml('a'));
    const first = await loadScenarioDir(dir);
    const second = await loadScenarioDir(dir);
    expect(second.scenarios[0]!.scenario).toBe(first.scenarios[0]!.scenario);

    await writeFile(file, scenarioYaml('a', 'Changed title'));
    await utimes(file, new Date('2030-01-01T00:00:00Z'), new Date('2030-01-01T00:00:00Z'));
    const third = await loadScenarioDir(dir);
    expect(third.scenarios[0]!.scenario.title).toBe('Changed title');
  });

  it('refuses a file over 256 KB without reading it, and loads the others', async () => {
    await writeFile(join(dir, 'a.yaml'), scenarioYaml('a'));
    await writeFile(join(dir, 'big.yaml'), `${scenarioYaml('big')}# ${'x'.repeat(256 * 1024)}\n`);
    const library = await loadScenarioDir(dir);
    expect(library.scenarios.map((s) => s.scenario.id)).toEqual(['a']);
    expect(library.problems).toEqual([
      {
        file: expect.stringMatching(/big\.yaml$/),
        field: '',
        message:
          'the file is 257 KB; scenario files may be at most 256 KB (the scenario file size limit); split it or shorten it.',
      },
    ]);
  });

  it('reports a link to a named pipe among the files instead of waiting on it forever', async () => {
    await writeFile(join(dir, 'a.yaml'), scenarioYaml('a'));
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    await symlink(join(dir, 'fifo'), join(dir, 'pipe.yaml'));
    const library = await loadScenarioDir(dir);
    expect(library.scenarios.map((s) => s.scenario.id)).toEqual(['a']);
    expect(library.problems).toEqual([
      {
        file: expect.stringMatching(/pipe\.yaml$/),
        field: '',
        message:
          'not a regular file (a pipe, device or folder); scenario files must be plain .yaml files.',
      },
    ]);
  });
});
