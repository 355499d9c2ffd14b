import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../core/scenarios/parse';
import type { ScenarioProblem } from '../../../core/scenarios/schema';

/**
 * Scenario files are edited by hand. Whatever a person (or a bad merge) does to one, parsing it
 * must not throw, and every problem must name the file, a field and a line inside the file.
 */

const scenariosDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'scenarios');
const files = readdirSync(scenariosDir)
  .filter((name) => name.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(scenariosDir, name), 'utf8') }));

const oddText = fc.oneof(
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }), weight: 1 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 6 }), weight: 1 },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\uFEFF',
      '\u202E',
      '\uD800',
      '\t',
      '\r\n',
      '\r',
      ': ',
      '- ',
      '#',
      '&a ',
      '*a',
      '!!binary ',
      '---\n',
      '{',
      '[',
      '"',
      "'",
      '|\n',
      '>-\n',
      '~',
      '.inf',
      '0x10',
      '1e400',
      '🔥',
      'é',
      'ℌ',
    ),
  },
);

/** One edit to a file's lines; positions are fractions so they fit any file. */
const mutation = fc.oneof(
  fc.record({
    kind: fc.constant('deleteLine' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('swapValues' as const),
    a: fc.double({ min: 0, max: 1, noNaN: true }),
    b: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('truncate' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('inject' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: oddText,
  }),
  fc.record({
    kind: fc.constant('duplicateLine' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
  }),
  fc.record({
    kind: fc.constant('replaceValue' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    text: oddText,
  }),
  fc.record({
    kind: fc.constant('reindent' as const),
    at: fc.double({ min: 0, max: 1, noNaN: true }),
    by: fc.integer({ min: -4, max: 4 }),
  }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function pick(length: number, at: number): number {
  return Math.min(length - 1, Math.floor(at * length));
}

function applyMutation(text: string, m: Mutation): string {
  const lines = text.split('\n');
  switch (m.kind) {
    case 'deleteLine':
      lines.splice(pick(lines.length, m.at), 1);
      return lines.join('\n');
    case 'duplicateLine': {
      const i = pick(lines.length, m.at);
      lines.splice(i, 0, lines[i] ?? '');
      return lines.join('\n');
    }
    case 'swapValues': {
      const i = pick(lines.length, m.a);
      const j = pick(lines.length, m.b);
      const [a, b] = [lines[i] ?? '', lines[j] ?? ''];
      const ca = a.indexOf(': ');
      const cb = b.indexOf(': ');
      if (ca < 0 || cb < 0) return text;
      lines[i] = a.slice(0, ca) + b.slice(cb);
      lines[j] = b.slice(0, cb) + a.slice(ca);
      return lines.join('\n');
    }
    case 'truncate':
      return text.slice(0, Math.floor(m.at * text.length));
    case 'inject': {
      const at = Math.floor(m.at * text.length);
      return text.slice(0, at) + m.text + text.slice(at);
    }
    case 'replaceValue': {
      // Only "key: value" lines, so the new text lands where YAML reads a value.
      const keyed = lines.flatMap((line, i) => (/^\s*(- )?[\w-]+: /.test(line) ? [i] : []));
      if (keyed.length === 0) return text;
      const i = keyed[pick(keyed.length, m.at)]!;
      const line = lines[i] ?? '';
      lines[i] = `${line.slice(0, line.indexOf(': ') + 2)}${m.text}`;
      return lines.join('\n');
    }
    case 'reindent': {
      const i = pick(lines.length, m.at);
      const line = lines[i] ?? '';
      lines[i] =
        m.by >= 0 ? ' '.repeat(m.by) + line : line.replace(new RegExp(`^ {0,${-m.by}}`), '');
      return lines.join('\n');
    }
  }
}

/** Why a problem list breaks the contract, or null when it keeps it. */
function badProblem(problem: ScenarioProblem, file: string, text: string): string | null {
  const lineCount = Math.max(1, text.split('\n').length);
  if (problem.file !== file) return `file is ${JSON.stringify(problem.file)}`;
  if (typeof problem.field !== 'string') return 'field is not text';
  if (typeof problem.message !== 'string' || problem.message.trim() === '') return 'no message';
  if (problem.line === undefined) return `no line (field ${JSON.stringify(problem.field)})`;
  if (!Number.isInteger(problem.line) || problem.line < 1 || problem.line > lineCount) {
    return `line ${problem.line} outside 1..${lineCount}`;
  }
  return null;
}

describe('parseScenarioText on randomly damaged copies of the real scenarios', () => {
  it('reads every real scenario as it is', () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
    for (const { name, text } of files) expect(parseScenarioText(text, name).ok).toBe(true);
  });

  it('never throws, and returns a scenario or problems naming the file, a field and a line in range', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...files),
        fc.array(mutation, { minLength: 1, maxLength: 6 }),
        ({ name, text }, mutations) => {
          const damaged = mutations.reduce(applyMutation, text);
          const result = parseScenarioText(damaged, name);
          if (result.ok) return;
          expect(result.problems.length).toBeGreaterThan(0);
          const bad = result.problems
            .map((p) => badProblem(p, name, damaged))
            .filter((reason) => reason !== null);
          expect(bad).toEqual([]);
        },
      ),
      { numRuns: 600, seed: 4242 },
    );
  });

  it.each([
    ['an empty file', ''],
    ['only a comment', '# nothing here\n'],
    ['a lone byte-order mark', '\uFEFF'],
    ['a NUL byte', 'id: a\u0000b\n'],
    ['a lone surrogate', 'id: \uD800\n'],
    ['a list at the top', '- a\n- b\n'],
    ['a scalar at the top', 'just words'],
    ['two documents', 'id: a\n---\nid: b\n'],
    ['an alias to nowhere', 'id: *nowhere\n'],
    ['a binary tag', 'id: !!binary AAAA\n'],
    ['an alias used before its anchor', 'title: *t\nid: &t x\n'],
    [
      'aliases that expand a thousandfold (a "billion laughs" file)',
      [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'id: *c',
        '',
      ].join('\n'),
    ],
  ])('keeps the contract on %s', (_label, text) => {
    const result = parseScenarioText(text, 'odd.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => badProblem(p, 'odd.yaml', text))).toEqual(
      result.problems.map(() => null),
    );
  });
});
