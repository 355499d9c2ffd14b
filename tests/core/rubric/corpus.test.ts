// Checks the shape of the labelled rubric corpus in tests/fixtures/rubric-corpus. It reads the
// answers and their labels only; nothing here scores an answer.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { CRITERION_IDS } from '../../../core/rubric/types';
import { parseScenarioText } from '../../../core/scenarios/parse';
import type { Scenario } from '../../../core/scenarios/schema';

const GAMING_SHAPES = [
  'keyword-list',
  'buzzword-design',
  'template-echo',
  'negated',
  'shuffled',
  'off-topic',
  'contradictory-numbers',
  'refusal',
  'hypothetical',
  'blame',
] as const;
const SHAPES = ['genuine', ...GAMING_SHAPES] as const;
const RED_FLAGS = [
  'absent-from-postmortem',
  'blame',
  'buzzword-list',
  'contradictory-numbers',
  'hypothetical',
  'incoherent-order',
  'keyword-list',
  'negated-ownership',
  'no-follow-through',
  'no-ownership',
  'not-owned',
  'off-topic',
  'overrun',
  'refuses-tradeoff',
  'template-echo',
  'vague-we',
] as const;

const answerSchema = z
  .object({
    id: z.string().regex(/^[a-z]+-\d{2}-[a-z0-9-]+$/),
    scenarioId: z.string(),
    promptId: z.string().nullable(),
    form: z.enum(['written', 'asr']),
    twinOf: z.string().nullable(),
    derivedFrom: z.string().nullable(),
    shape: z.enum(SHAPES),
    text: z.string().min(1),
    labels: z
      .object({
        overall: z.number().int().min(0).max(100),
        criteria: z.partialRecord(z.enum(CRITERION_IDS), z.number().int().min(0).max(4)),
        redFlags: z.array(z.enum(RED_FLAGS)),
        reason: z.string().min(20),
      })
      .strict(),
    expectedFollowUpTopic: z.string().nullable(),
  })
  .strict();
type Answer = z.infer<typeof answerSchema>;

const corpusDir = fileURLToPath(new URL('../../fixtures/rubric-corpus/', import.meta.url));
const scenariosDir = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

const files = readdirSync(corpusDir).filter((name) => name.endsWith('.json'));
const answers: Answer[] = files.map((name) => {
  const parsed = answerSchema.safeParse(JSON.parse(readFileSync(corpusDir + name, 'utf8')));
  if (!parsed.success) throw new Error(`${name}: ${parsed.error.message}`);
  return parsed.data;
});
const byId = new Map(answers.map((a) => [a.id, a]));

const scenarios = new Map<string, Scenario>();
for (const name of readdirSync(scenariosDir).filter((n) => n.endsWith('.yaml'))) {
  const result = parseScenarioText(readFileSync(scenariosDir + name, 'utf8'), name);
  if (!result.ok) throw new Error(`${name} does not parse`);
  scenarios.set(result.scenario.id, result.scenario);
}

const weighted = (s: Scenario): string[] =>
  Object.entries(s.rubric.weights)
    .filter(([, weight]) => (weight ?? 0) > 0)
    .map(([id]) => id)
    .sort();
const sentences = (text: string): string[] =>
  text
    .split(/(?<=[.?!])\s+/)
    .filter(Boolean)
    .sort();

describe('the labelled rubric corpus', () => {
  it('holds at least 80 answers, each file named by its id', () => {
    expect(answers.length).toBeGreaterThanOrEqual(80);
    expect(files.map((f) => f.replace(/\.json$/, ''))).toEqual(answers.map((a) => a.id));
  });

  it('uses every scenario and only scenarios that exist', () => {
    expect([...new Set(answers.map((a) => a.scenarioId))].sort()).toEqual(
      [...scenarios.keys()].sort(),
    );
  });

  it("labels exactly the criteria each answer's scenario weights", () => {
    const mismatched = answers.filter((a) => {
      const scenario = scenarios.get(a.scenarioId);
      return (
        !scenario || Object.keys(a.labels.criteria).sort().join() !== weighted(scenario).join()
      );
    });
    expect(mismatched.map((a) => a.id)).toEqual([]);
  });

  it("names follow-up topics from the answer's own scenario", () => {
    const unknown = answers.filter(
      (a) =>
        a.expectedFollowUpTopic !== null &&
        !scenarios.get(a.scenarioId)?.followUps.some((f) => f.id === a.expectedFollowUpTopic),
    );
    expect(unknown.map((a) => a.id)).toEqual([]);
  });

  it('has every shape, and at least three answers of each gaming shape', () => {
    for (const shape of SHAPES) {
      const count = answers.filter((a) => a.shape === shape).length;
      expect(count, shape).toBeGreaterThanOrEqual(shape === 'genuine' ? 1 : 3);
    }
  });

  it('rates every gaming answer at most 20 and gives it a red flag', () => {
    const gaming = answers.filter((a) => a.shape !== 'genuine');
    expect(gaming.filter((a) => a.labels.overall > 20).map((a) => a.id)).toEqual([]);
    expect(gaming.filter((a) => a.labels.redFlags.length === 0).map((a) => a.id)).toEqual([]);
  });

  it('spans the quality range, with answers in every band of 20 points', () => {
    for (const low of [0, 20, 40, 60, 80]) {
      const inBand = answers.filter((a) => a.labels.overall >= low && a.labels.overall < low + 20);
      expect(inBand.length, `band ${low}`).toBeGreaterThanOrEqual(5);
    }
  });

  it('pairs at least 12 speech-recogniser answers with a written twin carrying identical labels', () => {
    const asr = answers.filter((a) => a.form === 'asr');
    expect(asr.length).toBeGreaterThanOrEqual(12);
    for (const answer of asr) {
      const twin = answer.twinOf === null ? undefined : byId.get(answer.twinOf);
      expect(twin?.form, answer.id).toBe('written');
      expect([twin?.scenarioId, twin?.shape, twin?.labels]).toEqual([
        answer.scenarioId,
        answer.shape,
        answer.labels,
      ]);
    }
    expect(answers.filter((a) => a.form === 'written' && a.twinOf !== null)).toEqual([]);
  });

  it('writes speech-recogniser answers lowercase, unpunctuated and with numbers as words', () => {
    const written = answers.filter((a) => a.form === 'asr' && !/^[a-z' ]+$/.test(a.text));
    expect(written.map((a) => a.id)).toEqual([]);
  });

  it('builds each shuffled answer from exactly the sentences of its source, in another order', () => {
    const shuffled = answers.filter((a) => a.shape === 'shuffled' && a.form === 'written');
    expect(shuffled.length).toBeGreaterThanOrEqual(3);
    for (const answer of shuffled) {
      const source = answer.derivedFrom === null ? undefined : byId.get(answer.derivedFrom);
      expect(source?.shape, answer.id).toBe('genuine');
      expect(sentences(answer.text)).toEqual(sentences(source?.text ?? ''));
      expect(answer.text).not.toBe(source?.text);
    }
  });

  it('derives negated answers from a genuine answer of the same scenario', () => {
    const negated = answers.filter((a) => a.shape === 'negated' && a.form === 'written');
    for (const answer of negated) {
      const source = answer.derivedFrom === null ? undefined : byId.get(answer.derivedFrom);
      expect([source?.shape, source?.scenarioId], answer.id).toEqual([
        'genuine',
        answer.scenarioId,
      ]);
    }
  });
});
