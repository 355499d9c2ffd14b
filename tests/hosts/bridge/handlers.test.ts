import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CRITERION_IDS } from '../../../core/rubric/types';
import { scoreTranscript } from '../../../core/rubric';
import { dispatch } from '../../../hosts/bridge/dispatcher';
import { scoreWithScenario } from '../../../services/pipeline';
import {
  DEFAULT_SCENARIO_ID,
  findScenario,
  loadScenarioDir,
} from '../../../services/scenarios/library';
import { createHandlers } from '../../../hosts/bridge/handlers';

const scenariosDir = join(import.meta.dirname, '../../../scenarios');
const fixtures = join(import.meta.dirname, '../../fixtures/transcripts');

function host(scenarioDir = scenariosDir) {
  return createHandlers({
    kind: 'browser',
    version: '9.8.7',
    scenarioDir,
    emit: () => {},
    now: () => new Date('2026-03-04T05:06:07.000Z'),
  });
}

describe('the host handlers', () => {
  it('answers ping with the time and hostInfo with the host kind and version', async () => {
    expect(await dispatch(host(), 'ping', { message: 'm' })).toEqual({
      ok: true,
      value: { message: 'm', receivedAt: '2026-03-04T05:06:07.000Z' },
    });
    expect(await dispatch(host(), 'hostInfo', {})).toMatchObject({
      ok: true,
      value: { kind: 'browser', version: '9.8.7' },
    });
  });

  it('lists the shipped scenarios without problems', async () => {
    const result = await dispatch(host(), 'listScenarios', {});
    expect(result.ok).toBe(true);
    const listing = (result as { value: { scenarios: { id: string }[]; problems: unknown[] } })
      .value;
    expect(listing.problems).toEqual([]);
    expect(listing.scenarios.map((s) => s.id)).toEqual([
      'checkout-alerting-design',
      'incident-minute-by-minute',
      'lightning-incident',
      'mttr-tradeoff-probe',
      'postmortem-ownership',
      'sysadmin-to-sre-monitoring',
    ]);
  });

  it('keeps listing the good scenarios when one file is broken, and names file, field and line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mi-scenarios-'));
    cpSync(join(scenariosDir, 'lightning-incident.yaml'), join(dir, 'lightning-incident.yaml'));
    writeFileSync(
      join(dir, 'broken.yaml'),
      'id: broken\ntitle: Broken\ntrack: incident\nslotSeconds: ten\nprompt: hi\nrubric:\n  weights: {}\n',
    );
    const result = await dispatch(host(dir), 'listScenarios', {});
    expect(result).toMatchObject({
      ok: true,
      value: {
        scenarios: [{ id: 'lightning-incident' }],
        problems: [{ field: 'slotSeconds', line: 4 }],
      },
    });
  });

  it('scores a transcript against the default scenario with every criterion present', async () => {
    const text = await readFile(join(fixtures, 'strong-incident.txt'), 'utf8');
    const result = await dispatch(host(), 'scoreTranscript', { text });
    expect(result.ok).toBe(true);
    const report = (result as { value: { overall: number; criteria: { id: string }[] } }).value;
    expect(report.criteria.map((c) => c.id).sort()).toEqual([...CRITERION_IDS].sort());
    // Exactly the score the pipeline gives this answer against the default scenario, whose
    // weights differ from the rubric's defaults: the handler scores with the scenario.
    const library = await loadScenarioDir(scenariosDir);
    const scenario = findScenario(library, DEFAULT_SCENARIO_ID);
    expect(report.overall).toBe(scoreWithScenario({ text }, scenario).overall);
    expect(report.overall).not.toBe(scoreTranscript({ text }, { weights: {} }).overall);
  });

  it.each([
    [{ id: 'no-such-scenario' }, 'getScenario', 'unknown scenario "no-such-scenario"'],
    [
      { scenarioId: 'no-such-scenario', text: 'x' },
      'scoreTranscript',
      'unknown scenario "no-such-scenario"',
    ],
    [{ text: '   ' }, 'scoreTranscript', 'the transcript is empty'],
  ])('refuses %j with a message that says what is wrong', async (input, call, error) => {
    const result = await dispatch(host(), call, input);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(error);
  });
});
