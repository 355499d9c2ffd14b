import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit } from 'yaml';
import type { Document, Node as YamlNode, Pair, YAMLMap } from 'yaml';
import type { z } from 'zod';
import { LIMITS } from '../limits';
import { CRITERION_IDS } from '../rubric/types';
import { followUpSchema, followUpWhenSchema, scenarioSchema, warningSchema } from './schema';
import type { Scenario, ScenarioProblem } from './schema';

/** The outcome of parsing one scenario file: the scenario, or every problem found in it. */
export type ParseScenarioResult =
  { ok: true; scenario: Scenario } | { ok: false; problems: ScenarioProblem[] };

/** One step of a field path: a map key or a list index. */
export type FieldPathStep = string | number;

interface Located {
  node: YamlNode;
  keyNode?: YamlNode;
}

const SCENARIO_KEYS = Object.keys(scenarioSchema.shape);
const INTERVIEWER_KEYS = Object.keys(scenarioSchema.shape.interviewer.unwrap().shape);
const SLOT_END_KEYS = Object.keys(scenarioSchema.shape.slotEnd.unwrap().shape);
const RUBRIC_KEYS = Object.keys(scenarioSchema.shape.rubric.shape);
const WARNING_KEYS = Object.keys(warningSchema.shape);
const FOLLOW_UP_KEYS = Object.keys(followUpSchema.shape);
const WHEN_KEYS = Object.keys(followUpWhenSchema.shape);

/**
 * Parses and validates the text of one scenario file. Never throws: YAML syntax errors,
 * schema violations and duplicate follow-up ids come back as problems, each naming `file`,
 * the dotted field path ("" for the whole file) and the 1-based line of that field (for a
 * missing required field, the line of the map that should hold it). Problems are sorted by
 * line. Defaults from the schema are applied to the returned scenario.
 */
export function parseScenarioText(text: string, file: string): ParseScenarioResult {
  const lineCounter = new LineCounter();
  // The library's own repeated-key check compares every key with every other one; a file with
  // 40,000 keys took 22 s. Repeated keys are found below with one set per map instead.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  // An error found at the end of the input is reported on the last line that has text.
  const lastLine = Math.max(1, text.replace(/\s+$/, '').split('\n').length);
  const lineAt = (offset: number): number => Math.min(lineCounter.linePos(offset).line, lastLine);

  const errors = [...doc.errors.map((err) => err.pos[0]), ...repeatedKeyOffsets(doc)];
  if (errors.length > 0) {
    const seen = new Set<string>();
    const problems: ScenarioProblem[] = [];
    const messages = new Map(doc.errors.map((err) => [err.pos[0], err.message]));
    for (const offset of errors.sort((a, b) => a - b)) {
      const err = { message: messages.get(offset) ?? REPEATED_KEY };
      const line = lineAt(offset);
      const message = `YAML syntax error: ${firstLine(err.message)}; fix the YAML at this line (check indentation, colons and quotes).`;
      // The parser can report one fault twice from two stages; say it once.
      if (seen.has(`${line}\n${message}`)) continue;
      seen.add(`${line}\n${message}`);
      problems.push({ file, field: '', line, message });
    }
    return { ok: false, problems };
  }
  // Scenario files are plain data: an alias could point nowhere or expand without bound.
  let aliasLine: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      aliasLine = node.range ? lineAt(node.range[0]) : 1;
      return visit.BREAK;
    },
  });
  if (aliasLine !== null) {
    return {
      ok: false,
      problems: [
        {
          file,
          field: '',
          line: aliasLine,
          message:
            'YAML aliases (*name) are not supported in scenario files; write the value out in full.',
        },
      ],
    };
  }
  if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) {
    return {
      ok: false,
      problems: [
        {
          file,
          field: '',
          line: 1,
          message: `the file is empty; write a scenario with at least ${REQUIRED_KEYS.join(', ')}.`,
        },
      ],
    };
  }
  if (!isMap(doc.contents)) {
    return {
      ok: false,
      problems: [
        {
          file,
          field: '',
          line: doc.contents.range ? lineAt(doc.contents.range[0]) : 1,
          message: `the top level must be a mapping of fields (id: ..., title: ..., prompt: ...), not ${describeValue(doc.toJS())}; start each field on its own line as "name: value".`,
        },
      ],
    };
  }

  const data: unknown = doc.toJS();
  const result = scenarioSchema.safeParse(data);
  const problems: ScenarioProblem[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) {
      problems.push(...issueToProblems(issue, doc, data, file, lineAt));
    }
  }
  problems.push(...duplicateFollowUpIds(data, doc, file, lineAt));
  if (problems.length > 0 || !result.success) {
    return { ok: false, problems: capProblems(sortProblems(problems), file) };
  }
  return { ok: true, scenario: result.data };
}

const REPEATED_KEY = 'Map keys must be unique';

/** Offsets of every map key that repeats an earlier key of the same map, in one pass. */
function repeatedKeyOffsets(doc: Document): number[] {
  const offsets: number[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) offsets.push(pair.key.range?.[0] ?? 0);
        seen.add(key);
      }
    },
  });
  return offsets;
}

/**
 * The first {@link LIMITS.maxScenarioProblems} problems, and one more that counts the rest: a
 * file with thousands of mistakes gets a readable answer.
 */
function capProblems(problems: ScenarioProblem[], file: string): ScenarioProblem[] {
  const max = LIMITS.maxScenarioProblems;
  if (problems.length <= max) return problems;
  return [
    ...problems.slice(0, max),
    {
      file,
      field: '',
      message: `and ${problems.length - max} more problems (at most ${max} are listed per file, the scenario problem limit); fix these and lint again.`,
    },
  ];
}

/**
 * The 1-based line of the field at `path` in a scenario file's text, e.g. `['id']` or
 * `['followUps', 2, 'ask']`. When the field is absent, the line of the nearest map or list
 * that exists on the path; undefined when the text is not valid YAML or is empty.
 */
export function fieldLine(text: string, path: readonly FieldPathStep[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: false });
  if (doc.errors.length > 0) return undefined;
  return lineOfPath(doc, path, (offset) => lineCounter.linePos(offset).line);
}

/** A problem for every follow-up whose id an earlier follow-up in the same file already used. */
function duplicateFollowUpIds(
  data: unknown,
  doc: Document,
  file: string,
  lineAt: (offset: number) => number,
): ScenarioProblem[] {
  const followUps = valueAt(data, ['followUps']);
  if (!Array.isArray(followUps)) return [];
  const problems: ScenarioProblem[] = [];
  const firstById = new Map<string, number>();
  followUps.forEach((followUp: unknown, index) => {
    const id = valueAt(followUp, ['id']);
    if (typeof id !== 'string') return;
    const first = firstById.get(id);
    if (first === undefined) {
      firstById.set(id, index);
      return;
    }
    const path = ['followUps', index, 'id'];
    const firstLine = lineOfPath(doc, ['followUps', first, 'id'], lineAt);
    const message = `duplicate follow-up id "${id}" (already used by followUps.${first}${firstLine === undefined ? '' : ` on line ${firstLine}`}); give each follow-up its own id.`;
    const line = lineOfPath(doc, path, lineAt);
    problems.push(
      line === undefined
        ? { file, field: path.join('.'), message }
        : { file, field: path.join('.'), line, message },
    );
  });
  return problems;
}

function firstLine(message: string): string {
  if (message.startsWith('Source contains multiple documents')) {
    return 'the file holds more than one YAML document; keep one scenario per file and remove the extra "---"';
  }
  return (message.split('\n')[0] ?? message).trim().replace(/[.:]$/, '');
}

function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.line ?? 0) - (b.p.line ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

const REQUIRED_KEYS = ['id', 'title', 'track', 'prompt', 'rubric'];

/**
 * Follows `path` through the document. `found` is the field itself when every step exists;
 * `nearest` is the deepest step that does exist (the document root when none does).
 */
function locate(
  doc: Document,
  path: readonly PropertyKey[],
): { found: Located | undefined; nearest: Located | undefined } {
  const root = doc.contents ?? undefined;
  let nearest: Located | undefined = root ? { node: root } : undefined;
  let current: YamlNode | undefined = root;
  for (const step of path) {
    if (current && isAlias(current)) current = current.resolve(doc) ?? undefined;
    if (isMap(current)) {
      const pair = keyIndex(current).get(String(step));
      if (!pair) return { found: undefined, nearest };
      const keyNode = pair.key as YamlNode;
      const value = (pair.value as YamlNode | null) ?? undefined;
      // A key with no value ("prompt:") has no value node; the key stands for the field.
      nearest = { node: value ?? keyNode, keyNode };
      current = value;
    } else if (isSeq(current) && typeof step === 'number' && current.items[step]) {
      current = current.items[step] as YamlNode;
      nearest = { node: current };
    } else {
      return { found: undefined, nearest };
    }
  }
  return { found: nearest, nearest };
}

const keyIndexes = new WeakMap<YAMLMap, Map<string, Pair>>();

/** A map's pairs by key text (the first of a repeated key), built once per map. */
function keyIndex(map: YAMLMap): Map<string, Pair> {
  let index = keyIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const item of map.items) {
      if (isPair(item) && isScalar(item.key) && !index.has(String(item.key.value))) {
        index.set(String(item.key.value), item);
      }
    }
    keyIndexes.set(map, index);
  }
  return index;
}

function nodeLine(node: YamlNode | undefined, lineAt: (offset: number) => number) {
  return node?.range ? lineAt(node.range[0]) : undefined;
}

function lineOfPath(
  doc: Document,
  path: readonly PropertyKey[],
  lineAt: (offset: number) => number,
): number | undefined {
  const { nearest } = locate(doc, path);
  // A field's line is where its key is written; a list item's is where its value starts.
  return nodeLine(nearest?.keyNode ?? nearest?.node, lineAt);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current: unknown = data;
  for (const step of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[step];
  }
  return current;
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string')
    return `text "${value.length > 40 ? `${value.slice(0, 40)}...` : value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

const EXPECTED_NOUNS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  object: 'a mapping of "name: value" lines',
  array: 'a list of "- " items',
  boolean: 'true or false',
  record: 'a mapping of "name: value" lines',
};

/** What to write for a required field that is missing, by field name. */
const MISSING_HINTS: Record<string, string> = {
  id: 'a short id of lower-case letters, digits and dashes, e.g. "id: checkout-alerting"',
  title: 'the title the scenario list shows',
  track: `one of ${scenarioSchema.shape.track.options.join(', ')}`,
  prompt: 'the question the interviewer asks first',
  rubric:
    'a mapping with weights per criterion, e.g. "rubric:" then "  weights:" then "    metrics: 3"',
  weights: `criterion weights from 0 to 10, e.g. "metrics: 3"; criteria are ${CRITERION_IDS.join(', ')}`,
  ask: 'the question the interviewer asks',
};

/** The allowed keys (and what they are called) of the map at `path`, when it is one we know. */
function keysAt(path: readonly PropertyKey[]): { noun: string; keys: readonly string[] } | null {
  const shape = path.map((step) => (typeof step === 'number' ? '#' : String(step))).join('.');
  switch (shape) {
    case '':
      return { noun: 'field', keys: SCENARIO_KEYS };
    case 'interviewer':
      return { noun: 'interviewer field', keys: INTERVIEWER_KEYS };
    case 'slotEnd':
      return { noun: 'slotEnd field', keys: SLOT_END_KEYS };
    case 'rubric':
      return { noun: 'rubric field', keys: RUBRIC_KEYS };
    case 'rubric.weights':
      return { noun: 'criterion', keys: CRITERION_IDS };
    case 'warnings.#':
      return { noun: 'warning field', keys: WARNING_KEYS };
    case 'followUps.#':
      return { noun: 'follow-up field', keys: FOLLOW_UP_KEYS };
    case 'followUps.#.when':
      return { noun: 'condition', keys: WHEN_KEYS };
    default:
      return null;
  }
}

/** What an enum-valued field holds, for messages. */
function enumNoun(path: readonly PropertyKey[]): string {
  const last = path[path.length - 1];
  if (last === 'missing') return 'criterion';
  if (last === 'afterPart') return 'story part';
  if (path.length === 3 && path[0] === 'rubric' && path[1] === 'weights') return 'criterion';
  if (last === 'track') return 'track';
  if (last === 'action') return 'slotEnd action';
  return `value for ${path.join('.')}`;
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: { option: string; distance: number } | undefined;
  for (const option of options) {
    const distance = editDistance(word.toLowerCase(), option.toLowerCase());
    if (!best || distance < best.distance) best = { option, distance };
  }
  return best && best.distance <= Math.max(1, Math.floor(word.length / 4)) + 1
    ? best.option
    : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(
        Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost),
      );
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}

function suggestion(word: string, options: readonly string[]): string {
  const near = closest(word, options);
  return near ? ` (did you mean "${near}"?)` : '';
}

function slug(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

function issueToProblems(
  issue: z.core.$ZodIssue,
  doc: Document,
  data: unknown,
  file: string,
  lineAt: (offset: number) => number,
): ScenarioProblem[] {
  const path = issue.path;
  const field = path.map(String).join('.');
  const line = lineOfPath(doc, path, lineAt);
  const problem = (message: string): ScenarioProblem[] => [
    line === undefined ? { file, field, message } : { file, field, line, message },
  ];
  const value = valueAt(data, path);
  const { found } = locate(doc, path);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = keysAt(path);
      return issue.keys.map((key, index) => {
        const keyPath = [...path, key];
        const keyLine = lineOfPath(doc, keyPath, lineAt);
        const noun = known?.noun ?? 'field';
        const options = known ? `; use one of ${known.keys.join(', ')}` : '; remove it';
        // Past the listed problems only the count is shown: no need to look for a near name.
        const near = index < LIMITS.maxScenarioProblems ? suggestion(key, known?.keys ?? []) : '';
        const message = `unknown ${noun} "${key}"${near}${options}.`;
        const at = keyPath.map(String).join('.');
        return keyLine === undefined
          ? { file, field: at, message }
          : { file, field: at, line: keyLine, message };
      });
    }
    case 'invalid_type': {
      const expected = EXPECTED_NOUNS[issue.expected] ?? issue.expected;
      if (!found || value === undefined) {
        const name = String(path[path.length - 1] ?? '');
        const where = path.length > 1 ? ` under ${path.slice(0, -1).join('.')}` : '';
        const hint = MISSING_HINTS[name] ?? expected;
        return problem(`missing required field "${name}"${where}; add ${name}: with ${hint}.`);
      }
      if (value === null) {
        return problem(
          `${field} has no value; write ${expected} after "${String(path[path.length - 1])}:".`,
        );
      }
      return problem(
        `expected ${expected} but found ${describeValue(value)}; change ${field} to ${expected}.`,
      );
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      const noun = enumNoun(path);
      return problem(
        `unknown ${noun} ${JSON.stringify(value)}${typeof value === 'string' ? suggestion(value, options) : ''}; use one of ${options.join(', ')}.`,
      );
    }
    case 'invalid_format': {
      if (issue.format === 'regex' && typeof value === 'string') {
        const fixed = slug(value);
        return problem(
          `"${value}" is not a valid ${String(path[path.length - 1] ?? 'value')}; ${issue.message}${fixed ? `, e.g. "${fixed}"` : ''}.`,
        );
      }
      return problem(`${issue.message}.`);
    }
    case 'too_small':
    case 'too_big': {
      const small = issue.code === 'too_small';
      const limit = Number(small ? issue.minimum : issue.maximum);
      const bound = small
        ? issue.inclusive === false
          ? `more than ${limit}`
          : `at least ${limit}`
        : issue.inclusive === false
          ? `less than ${limit}`
          : `at most ${limit}`;
      if (issue.origin === 'string') {
        if (small && limit <= 1) return problem(`${field} is empty; write the text.`);
        const length = typeof value === 'string' ? value.length : 0;
        return problem(
          `${field} has ${length} characters but must have ${bound}; ${small ? 'lengthen' : 'shorten'} it.`,
        );
      }
      if (issue.origin === 'array') {
        const count = Array.isArray(value) ? value.length : 0;
        return problem(
          `${field} has ${count} items but must have ${bound}; ${small ? 'add' : 'remove'} some.`,
        );
      }
      return problem(
        `${field} is ${describeValue(value).replace(/^the number /, '')} but must be ${bound}; ${small ? 'raise' : 'lower'} it.`,
      );
    }
    case 'custom':
      return problem(`${issue.message}.`);
    default:
      return problem(`${issue.message}.`);
  }
}
