import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../../core/scenarios/parse';

const VALID = [
  'id: big-file',
  'title: A file with many keys',
  'track: incident',
  'prompt: Tell me about an outage.',
  'rubric:',
  '  weights:',
  '    metrics: 3',
];

/** A scenario followed by `count` unknown top-level keys, one a line. */
function withUnknownKeys(count: number): string {
  const lines = [...VALID];
  for (let i = 0; i < count; i++) lines.push(`k${i}: 1`);
  return `${lines.join('\n')}\n`;
}

describe('a scenario file with 40,000 keys', () => {
  it('reports the first 50 unknown keys and counts the rest, within the test time limit', () => {
    const result = parseScenarioText(withUnknownKeys(40_000), 'big.yaml');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(51);
    expect(result.problems[0]).toEqual({
      file: 'big.yaml',
      field: 'k0',
      line: 8,
      message: expect.stringMatching(/^unknown field "k0"/),
    });
    expect(result.problems[50]).toEqual({
      file: 'big.yaml',
      field: '',
      message:
        'and 39950 more problems (at most 50 are listed per file, the scenario problem limit); fix these and lint again.',
    });
  });

  it('still finds a repeated key among 40,000 as a syntax error on its second line', () => {
    const text = `${withUnknownKeys(40_000)}k17: 2\n`;
    const result = parseScenarioText(text, 'big.yaml');
    expect(result).toEqual({
      ok: false,
      problems: [
        {
          file: 'big.yaml',
          field: '',
          line: 40_008,
          message:
            'YAML syntax error: Map keys must be unique; fix the YAML at this line (check indentation, colons and quotes).',
        },
      ],
    });
  });
});
