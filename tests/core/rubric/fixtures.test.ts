import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ALERTING_DESIGN, STRONG_INCIDENT, WEAK_INCIDENT } from './fixtures';

const file = (name: string) =>
  readFileSync(
    fileURLToPath(new URL(`../../fixtures/transcripts/${name}`, import.meta.url)),
    'utf8',
  );

describe('sample transcripts for the command line', () => {
  it.each([
    ['strong-incident.txt', STRONG_INCIDENT],
    ['weak-incident.txt', WEAK_INCIDENT],
    ['alerting-design.txt', ALERTING_DESIGN],
  ])('%s holds the same answer as the test fixture', (name, text) => {
    expect(file(name)).toBe(`${text}\n`);
  });
});
