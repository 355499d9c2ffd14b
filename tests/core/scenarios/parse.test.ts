import { describe, expect, it } from 'vitest';
import { fieldLine, parseScenarioText } from '../../../core/scenarios/parse';
import type { ScenarioProblem } from '../../../core/scenarios/schema';

// Line numbers below refer to this text; the header comment is line 1.
const BASE = [
  '# A small incident story for the parser tests.', // 1
  'id: sample-story', // 2
  'title: Sample story', // 3
  'track: incident', // 4
  'slotSeconds: 600', // 5
  'warnings:', // 6
  '  - secondsRemaining: 300', // 7
  '    say: Five minutes left.', // 8
  'prompt: Tell me about an outage you owned.', // 9
  'followUps:', // 10
  '  - id: numbers', // 11
  '    ask: What was the MTTR?', // 12
  '    when:', // 13
  '      missing: metrics', // 14
  '  - id: learned', // 15
  '    ask: What did you learn?', // 16
  '    when:', // 17
  '      afterPart: result', // 18
  'rubric:', // 19
  '  weights:', // 20
  '    structure: 2', // 21
  '    metrics: 3', // 22
];

/** BASE with 1-based line `line` replaced by `replacement` (an empty array deletes it). */
function withLine(line: number, ...replacement: string[]): string {
  const out = [...BASE];
  out.splice(line - 1, 1, ...replacement);
  return `${out.join('\n')}\n`;
}

const CRITERIA =
  'structure, incidentLens, metrics, ownership, tradeoffs, followThrough, sloFirst, delivery';

describe('parseScenarioText', () => {
  it('accepts a valid file and fills in the schema defaults', () => {
    const result = parseScenarioText(`${BASE.join('\n')}\n`, 'sample.yaml');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const s = result.scenario;
    expect(s.id).toBe('sample-story');
    expect(s.version).toBe(1);
    expect(s.slotSeconds).toBe(600);
    expect(s.warnings).toEqual([{ secondsRemaining: 300, say: 'Five minutes left.' }]);
    expect(s.followUps[0]).toEqual({
      id: 'numbers',
      ask: 'What was the MTTR?',
      when: { missing: 'metrics', below: 2 },
    });
    expect(s.slotEnd).toEqual({
      action: 'cutIn',
      say: "Let's stop there; we're out of time for this story.",
    });
    expect(s.rubric.weights).toEqual({ structure: 2, metrics: 3 });
  });

  const cases: Array<{ name: string; text: string; problems: ScenarioProblem[] }> = [
    {
      name: 'a mis-indented key is a syntax error on its own line',
      text: withLine(8, '   say: Five minutes left.'),
      problems: [
        {
          file: 'f.yaml',
          field: '',
          line: 8,
          message:
            'YAML syntax error: Sequence item without - indicator; fix the YAML at this line (check indentation, colons and quotes).',
        },
      ],
    },
    {
      name: 'a repeated key is a syntax error on the second one',
      text: withLine(3, 'title: Sample story', 'title: Again'),
      problems: [
        {
          file: 'f.yaml',
          field: '',
          line: 4,
          message:
            'YAML syntax error: Map keys must be unique; fix the YAML at this line (check indentation, colons and quotes).',
        },
      ],
    },
    {
      name: 'a second YAML document in the file says to keep one scenario per file',
      text: withLine(22, '    metrics: 3', '---', 'id: other'),
      problems: [
        {
          file: 'f.yaml',
          field: '',
          line: 23,
          message:
            'YAML syntax error: the file holds more than one YAML document; keep one scenario per file and remove the extra "---"; fix the YAML at this line (check indentation, colons and quotes).',
        },
      ],
    },
    {
      name: 'a wrong type deep in a follow-up names the nested field and its line',
      text: withLine(18, '      afterSeconds: soon'),
      problems: [
        {
          file: 'f.yaml',
          field: 'followUps.1.when.afterSeconds',
          line: 18,
          message:
            'expected a number but found text "soon"; change followUps.1.when.afterSeconds to a number.',
        },
      ],
    },
    {
      name: 'an unknown criterion lists the valid ones and the nearest',
      text: withLine(14, '      missing: metric'),
      problems: [
        {
          file: 'f.yaml',
          field: 'followUps.0.when.missing',
          line: 14,
          message: `unknown criterion "metric" (did you mean "metrics"?); use one of ${CRITERIA}.`,
        },
      ],
    },
    {
      name: 'an unknown criterion among the weights points at its key',
      text: withLine(22, '    numbers: 3'),
      problems: [
        {
          file: 'f.yaml',
          field: 'rubric.weights.numbers',
          line: 22,
          message: `unknown criterion "numbers"; use one of ${CRITERIA}.`,
        },
      ],
    },
    {
      name: 'a missing prompt points at the top-level map',
      text: withLine(9),
      problems: [
        {
          file: 'f.yaml',
          field: 'prompt',
          line: 2,
          message:
            'missing required field "prompt"; add prompt: with the question the interviewer asks first.',
        },
      ],
    },
    {
      name: 'missing weights point at the rubric key',
      text: withLine(20, '  targetWords: 900').replace(/ {4}(structure|metrics): \d\n/g, ''),
      problems: [
        {
          file: 'f.yaml',
          field: 'rubric.weights',
          line: 19,
          message: `missing required field "weights" under rubric; add weights: with criterion weights from 0 to 10, e.g. "metrics: 3"; criteria are ${CRITERIA}.`,
        },
      ],
    },
    {
      name: 'an empty title says to write one',
      text: withLine(3, 'title:'),
      problems: [
        {
          file: 'f.yaml',
          field: 'title',
          line: 3,
          message: 'title has no value; write text after "title:".',
        },
      ],
    },
    {
      name: 'a duplicate follow-up id names the first use',
      text: withLine(15, '  - id: numbers'),
      problems: [
        {
          file: 'f.yaml',
          field: 'followUps.1.id',
          line: 15,
          message:
            'duplicate follow-up id "numbers" (already used by followUps.0 on line 11); give each follow-up its own id.',
        },
      ],
    },
    {
      name: 'a warning with both marks points at the warning',
      text: withLine(7, '  - secondsRemaining: 300', '    secondsElapsed: 120'),
      problems: [
        {
          file: 'f.yaml',
          field: 'warnings.0',
          line: 7,
          message: 'give exactly one of secondsRemaining or secondsElapsed.',
        },
      ],
    },
    {
      name: 'an id with spaces suggests a valid one',
      text: withLine(2, 'id: Sample Story'),
      problems: [
        {
          file: 'f.yaml',
          field: 'id',
          line: 2,
          message:
            '"Sample Story" is not a valid id; use lower-case letters, digits and dashes, e.g. "sample-story".',
        },
      ],
    },
    {
      name: 'an unknown track lists the tracks',
      text: withLine(4, 'track: incidnet'),
      problems: [
        {
          file: 'f.yaml',
          field: 'track',
          line: 4,
          message:
            'unknown track "incidnet" (did you mean "incident"?); use one of incident, design, tradeoff, postmortem, ownership.',
        },
      ],
    },
    {
      name: 'a slot shorter than the minimum says to raise it',
      text: withLine(5, 'slotSeconds: 10'),
      problems: [
        {
          file: 'f.yaml',
          field: 'slotSeconds',
          line: 5,
          message: 'slotSeconds is 10 but must be at least 30; raise it.',
        },
      ],
    },
    {
      name: 'an unknown top-level field lists the allowed fields',
      text: withLine(5, 'slotSecond: 600'),
      problems: [
        {
          file: 'f.yaml',
          field: 'slotSecond',
          line: 5,
          message:
            'unknown field "slotSecond" (did you mean "slotSeconds"?); use one of id, version, title, track, summary, slotSeconds, interviewer, warnings, slotEnd, turnEndSilenceSeconds, prompt, followUps, rubric.',
        },
      ],
    },
    {
      name: 'several problems come back together, in line order',
      text: withLine(22, '    metrics: 30').replace('track: incident', 'track: 3'),
      problems: [
        {
          file: 'f.yaml',
          field: 'track',
          line: 4,
          message: 'unknown track 3; use one of incident, design, tradeoff, postmortem, ownership.',
        },
        {
          file: 'f.yaml',
          field: 'rubric.weights.metrics',
          line: 22,
          message: 'rubric.weights.metrics is 30 but must be at most 10; lower it.',
        },
      ],
    },
    {
      name: 'an empty file says what to write',
      text: '# nothing yet\n',
      problems: [
        {
          file: 'f.yaml',
          field: '',
          line: 1,
          message:
            'the file is empty; write a scenario with at least id, title, track, prompt, rubric.',
        },
      ],
    },
    {
      name: 'a top-level list is rejected as a whole',
      text: '- id: a\n- id: b\n',
      problems: [
        {
          file: 'f.yaml',
          field: '',
          line: 1,
          message:
            'the top level must be a mapping of fields (id: ..., title: ..., prompt: ...), not a list; start each field on its own line as "name: value".',
        },
      ],
    },
  ];

  it.each(cases)('$name', ({ text, problems }) => {
    expect(parseScenarioText(text, 'f.yaml')).toEqual({ ok: false, problems });
  });
});

describe('fieldLine', () => {
  const text = `${BASE.join('\n')}\n`;
  it.each([
    { path: ['id'], line: 2 },
    { path: ['followUps', 1, 'ask'], line: 16 },
    { path: ['followUps', 1, 'when', 'afterPart'], line: 18 },
    { path: ['rubric', 'weights', 'metrics'], line: 22 },
    { path: ['rubric', 'weights', 'delivery'], line: 20 },
    { path: ['followUps', 7], line: 10 },
  ])('finds $path on line $line (the nearest existing key when absent)', ({ path, line }) => {
    expect(fieldLine(text, path)).toBe(line);
  });

  it('has no line for text that is not valid YAML', () => {
    expect(fieldLine('id: [a\n', ['id'])).toBeUndefined();
  });
});
