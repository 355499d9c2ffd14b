import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSessionRecord, summarizeSession } from '../../../core/sessions/record';

/**
 * session.json lives on the user's disk, where it can be cut short, edited or written by another
 * version. Reading it never throws: a record, or a message for the library list. A record the
 * reader accepts must also be listable.
 */

const validRecord = {
  format: 'mock-interviewer-session',
  version: 1,
  id: '20250304-050607-lightning-incident',
  createdAt: '2025-03-04T05:06:07.000Z',
  scenario: {
    id: 'lightning-incident',
    version: 1,
    title: 'A lightning incident story',
    track: 'incident',
    slotSeconds: 600,
  },
  end: 'finished',
  audio: { take: 'take.wav', replay: 'replay.wav', replayOffsetMs: 4200, durationMs: 61000 },
  prompts: [{ kind: 'opening', text: 'Tell me about an outage.', atMs: -4200, durationMs: 4200 }],
  transcript: {
    engine: 'whisper',
    words: [{ text: 'the', startMs: 0, endMs: 120 }],
    text: 'the',
  },
  timing: { durationMs: 61000, pauses: [], fillers: [], paceOverTime: [] },
  report: {
    overall: 72,
    criteria: [{ id: 'metrics', score: 3, weight: 2, evidence: [], missing: [] }],
    metrics: [],
    followUp: null,
    coaching: [],
  },
  warnings: [],
};

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside `value`, objects and arrays included. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const here = [prefix];
  if (Array.isArray(value)) return here.concat(value.flatMap((v, i) => paths(v, [...prefix, i])));
  if (value && typeof value === 'object') {
    return here.concat(Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k])));
  }
  return here;
}

function setAt(root: Json, path: (string | number)[], next: Json | undefined): Json {
  if (path.length === 0) return next ?? null;
  if (root === null || typeof root !== 'object') return root;
  const copy = structuredClone(root) as Record<string | number, Json>;
  let node: Record<string | number, Json> = copy;
  for (const step of path.slice(0, -1)) {
    const child = node[step];
    // An earlier edit replaced or removed this branch: nothing left to edit.
    if (child === null || typeof child !== 'object') return root;
    node = child as Record<string | number, Json>;
  }
  const last = path[path.length - 1]!;
  if (next === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = next;
  return copy;
}

const allPaths = paths(validRecord as Json);

const edit = fc.oneof(
  fc.record({
    kind: fc.constant('set' as const),
    path: fc.constantFrom(...allPaths),
    value: fc.oneof(
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
      {
        weight: 3,
        arbitrary: fc.constantFrom<Json>(null, '', 0, -1, 1e308, [], {}, [null], [1], ['x'], {
          id: null,
        }),
      },
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...allPaths) }),
);

const damagedText = fc.oneof(
  fc
    .array(edit, { minLength: 1, maxLength: 4 })
    .map((edits) =>
      JSON.stringify(
        edits.reduce<Json>(
          (record, e) => setAt(record, e.path, e.kind === 'set' ? e.value : undefined),
          validRecord as Json,
        ),
      ),
    ),
  fc
    .double({ min: 0, max: 1, noNaN: true })
    .map((at) => JSON.stringify(validRecord).slice(0, Math.floor(at * 400))),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
);

describe('parseSessionRecord on damaged session.json text', () => {
  it('reads the valid record', () => {
    expect(parseSessionRecord(JSON.stringify(validRecord)).ok).toBe(true);
  });

  it('never throws, and returns a record or a non-empty message', () => {
    const outcomes = { ok: 0, refused: 0 };
    fc.assert(
      fc.property(damagedText, (text) => {
        const result = parseSessionRecord(text);
        outcomes[result.ok ? 'ok' : 'refused']++;
        if (!result.ok) {
          expect(typeof result.message).toBe('string');
          expect(result.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 3000, seed: 77 },
    );
    expect(outcomes.ok).toBeGreaterThan(30);
    expect(outcomes.refused).toBeGreaterThan(100);
  });

  it('accepts only records that the library can list', () => {
    fc.assert(
      fc.property(damagedText, (text) => {
        const result = parseSessionRecord(text);
        if (result.ok) summarizeSession(result.record);
      }),
      { numRuns: 3000, seed: 77 },
    );
  });

  it.each([
    [
      'a criterion that is null',
      { report: { ...validRecord.report, criteria: [null] } },
      'session.json is damaged: report.criteria.0: Invalid input: expected object, received null',
    ],
    [
      'a criterion that is a number',
      { report: { ...validRecord.report, criteria: [3] } },
      'session.json is damaged: report.criteria.0: Invalid input: expected object, received number',
    ],
    [
      'an end no version wrote',
      { end: 'exploded' },
      'session.json is damaged: end: Invalid option: expected one of "finished"|"slotEnd"|"stopped"|"recovered"',
    ],
    [
      'a duration written as text',
      { audio: { ...validRecord.audio, durationMs: '61' } },
      'session.json is damaged: audio.durationMs: Invalid input: expected number, received string',
    ],
    [
      'a word without its time',
      { transcript: { ...validRecord.transcript, words: [{ text: 'a' }] } },
      'session.json is damaged: transcript.words.0.startMs: Invalid input: expected number, received undefined',
    ],
    [
      'a newer format',
      { version: 9 },
      'saved by a newer version of Mock Interviewer (format 9); update the app to open it',
    ],
  ])('refuses a record with %s, saying which field', (_label, change, message) => {
    expect(parseSessionRecord(JSON.stringify({ ...validRecord, ...change }))).toEqual({
      ok: false,
      message,
    });
  });

  it.each([
    [
      'text cut short',
      '{"format":"mock-interviewer-session","version":1',
      'session.json is not valid JSON (the file is damaged)',
    ],
    ['another JSON file', '[]', 'session.json is not a Mock Interviewer session'],
  ])('refuses %s', (_label, text, message) => {
    expect(parseSessionRecord(text)).toEqual({ ok: false, message });
  });
});
