import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScoreOptions } from '../core/rubric/score';
import { parseScenarioText } from '../core/scenarios/parse';
import type { Word } from '../core/transcript';
import { seededRandom } from '../tests/support/audioFixtures';

/**
 * Timed transcripts of any length for the scoring benchmark: sentences of the incident and
 * design answers in tests/fixtures/transcripts, drawn in a seeded shuffled order (every sentence
 * once before any repeats), spoken at an exact average rate with word lengths that follow the
 * word's length, short gaps between words, sentence pauses of 0.25-0.9 s, now and then a long
 * pause (1.2-2 s) or a stall (2.6-3.5 s), and a hesitation ("um", "uh") before some sentences.
 */

/** Root of the repository (the parent of bench/). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Every sentence of the fixture transcripts, in file order. */
export function fixtureSentences(): string[] {
  const dir = join(REPO_ROOT, 'tests', 'fixtures', 'transcripts');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .flatMap((f) =>
      readFileSync(join(dir, f), 'utf8')
        .split(/(?<=[.!?])\s+/)
        .map((s) => s.trim())
        .filter((s) => s.split(/\s+/).length >= 3),
    );
}

/** What {@link timedAnswer} builds. */
export interface TimedAnswer {
  words: Word[];
  /** Length of the answer, first word to last, ms. */
  durationMs: number;
}

/**
 * An answer of `minutes` at `wordsPerMinute` (exactly `minutes * wordsPerMinute` words) whose
 * first word starts at `firstWordMs` and whose last word ends `minutes` later. Deterministic
 * for a given `seed`.
 */
export function timedAnswer(
  minutes: number,
  options: { wordsPerMinute?: number; seed?: number; firstWordMs?: number } = {},
): TimedAnswer {
  const wpm = options.wordsPerMinute ?? 150;
  const random = seededRandom(options.seed ?? 11);
  const firstWordMs = options.firstWordMs ?? 1800;
  const target = Math.round(minutes * wpm);
  const sentences = fixtureSentences();
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);

  // Raw timeline in arbitrary units, scaled afterwards so the rate is exact.
  const raw: { text: string; start: number; end: number }[] = [];
  let t = 0;
  let order: string[] = [];
  while (raw.length < target) {
    if (order.length === 0) {
      order = [...sentences];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as string, order[i] as string];
      }
    }
    const sentence = order.pop() as string;
    const tokens = sentence.split(/\s+/);
    if (random() < 0.08) tokens.unshift(random() < 0.5 ? 'um,' : 'uh,');
    for (const token of tokens) {
      if (raw.length >= target) break;
      const length = 120 + 38 * token.replace(/[^A-Za-z0-9]/g, '').length;
      raw.push({ text: token, start: t, end: t + length });
      t += length + between(20, 110);
    }
    const r = random();
    t += r < 0.02 ? between(2600, 3500) : r < 0.1 ? between(1200, 2000) : between(250, 900);
  }
  const last = raw[raw.length - 1];
  const rawSpan = last ? last.end : 1;
  const durationMs = Math.round(minutes * 60_000);
  const scale = durationMs / rawSpan;
  let previousEnd = firstWordMs;
  const words: Word[] = raw.map((w) => {
    const startMs = Math.max(previousEnd, firstWordMs + Math.round(w.start * scale));
    const endMs = Math.max(startMs + 1, firstWordMs + Math.round(w.end * scale));
    previousEnd = endMs;
    return { text: w.text, startMs, endMs };
  });
  return { words, durationMs };
}

/** The incident scenario the answers are scored against. */
export const BENCH_SCENARIO_FILE = join(REPO_ROOT, 'scenarios', 'incident-minute-by-minute.yaml');

/**
 * Score options taken from the incident scenario the way the app takes them: rubric weights,
 * follow-ups, slot and target word count.
 */
export function scenarioScoreOptions(): ScoreOptions {
  const parsed = parseScenarioText(readFileSync(BENCH_SCENARIO_FILE, 'utf8'), BENCH_SCENARIO_FILE);
  if (!parsed.ok) {
    throw new Error(
      `${BENCH_SCENARIO_FILE} does not load: ${parsed.problems.map((p) => p.message).join('; ')}`,
    );
  }
  const s = parsed.scenario;
  const options: ScoreOptions = {
    weights: s.rubric.weights,
    followUps: s.followUps,
    slotMs: s.slotSeconds * 1000,
  };
  if (s.rubric.targetWords !== undefined) options.targetWords = s.rubric.targetWords;
  return options;
}
