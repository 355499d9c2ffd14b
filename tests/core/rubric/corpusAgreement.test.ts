import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scoreTranscript } from '../../../core/rubric';
import { parseScenarioText } from '../../../core/scenarios/parse';
import type { Scenario } from '../../../core/scenarios/schema';

/**
 * The rubric against the labelled development corpus (tests/fixtures/rubric-corpus): each
 * answer scored with its scenario's weights, track and target, compared with the bar raiser's
 * overall label. The figures are printed on every run so their drift is visible.
 */

interface Entry {
  id: string;
  scenarioId: string;
  shape: string;
  twinOf: string | null;
  text: string;
  labels: { overall: number };
}

const ROOT = join(__dirname, '..', '..', '..');
const CORPUS = join(ROOT, 'tests', 'fixtures', 'rubric-corpus');

function scenarios(): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  const dir = join(ROOT, 'scenarios');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml'))) {
    const parsed = parseScenarioText(readFileSync(join(dir, file), 'utf8'), file);
    if (parsed.ok) out.set(parsed.scenario.id, parsed.scenario);
  }
  return out;
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((x, y) => x[0] - y[0]);
  const out = new Array<number>(values.length).fill(0);
  let i = 0;
  while (i < order.length) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    for (let k = i; k <= j; k++) out[order[k]?.[1] ?? 0] = (i + j) / 2;
    i = j + 1;
  }
  return out;
}

/** Spearman's rank correlation, ties given their mean rank. */
function spearman(x: readonly number[], y: readonly number[]): number {
  const rx = ranks(x);
  const ry = ranks(y);
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(rx);
  const my = mean(ry);
  let num = 0;
  let dx = 0;
  let dy = 0;
  rx.forEach((r, i) => {
    const a = r - mx;
    const b = (ry[i] ?? 0) - my;
    num += a * b;
    dx += a * a;
    dy += b * b;
  });
  return num / Math.sqrt(dx * dy);
}

const byScenario = scenarios();
const entries: Entry[] = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(CORPUS, f), 'utf8')) as Entry);
const scored = entries.map((e) => {
  const scenario = byScenario.get(e.scenarioId);
  if (!scenario) throw new Error(`${e.id}: no scenario ${e.scenarioId}`);
  const report = scoreTranscript(
    { text: e.text },
    {
      weights: scenario.rubric.weights,
      followUps: scenario.followUps,
      slotMs: scenario.slotSeconds * 1000,
      track: scenario.track,
      ...(scenario.rubric.targetWords !== undefined
        ? { targetWords: scenario.rubric.targetWords }
        : {}),
    },
  );
  return { ...e, overall: report.overall };
});
const rho = spearman(
  scored.map((s) => s.labels.overall),
  scored.map((s) => s.overall),
);
const gaming = scored.filter((s) => s.shape !== 'genuine');
const strong = scored.filter((s) => s.labels.overall >= 85);
const twins = scored
  .filter((s) => s.twinOf !== null)
  .map((s) => ({
    id: s.id,
    gap: Math.abs(s.overall - (scored.find((t) => t.id === s.twinOf)?.overall ?? NaN)),
  }));

describe('the rubric on the labelled corpus', () => {
  it('prints its agreement with the bar raisers', () => {
    process.stdout.write(
      `corpus: ${scored.length} answers, Spearman ${rho.toFixed(3)}; gaming over 20: ${
        gaming
          .filter((s) => s.overall > 20)
          .map((s) => `${s.id} ${s.overall}`)
          .join(', ') || 'none'
      }; rated 85+ under 70: ${
        strong
          .filter((s) => s.overall < 70)
          .map((s) => `${s.id} ${s.overall}`)
          .join(', ') || 'none'
      }; twins over 3 apart: ${
        twins
          .filter((t) => t.gap > 3)
          .map((t) => `${t.id} ${t.gap}`)
          .join(', ') || 'none'
      }\n`,
    );
    expect(scored.length).toBeGreaterThanOrEqual(80);
  });

  it('ranks answers like the bar raisers at Spearman 0.85 or more', () => {
    expect(rho).toBeGreaterThanOrEqual(0.85);
  });

  it('keeps every gaming answer (shuffled, contradictory, blame and off-topic too) at 20 or less', () => {
    expect(gaming.filter((s) => s.overall > 20).map((s) => `${s.id} ${s.overall}`)).toEqual([]);
    expect(gaming.length).toBeGreaterThanOrEqual(40);
  });

  it('scores every answer rated 85 or more at 70 or more', () => {
    expect(strong.filter((s) => s.overall < 70).map((s) => `${s.id} ${s.overall}`)).toEqual([]);
    expect(strong.length).toBeGreaterThanOrEqual(15);
  });

  it('scores each speech-recogniser form within 3 points of its written twin', () => {
    expect(twins.filter((t) => !(t.gap <= 3)).map((t) => `${t.id} ${t.gap}`)).toEqual([]);
    expect(twins.length).toBeGreaterThanOrEqual(15);
  });
});
