import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contrastRatio, cssColours } from '../support/contrast';

const css = readFileSync(join(import.meta.dirname, '../../renderer/src/styles.css'), 'utf8');

const vars = cssColours(css);
const contrast = (a: string, b: string) => contrastRatio(a, b, vars);

describe('the report’s colours meet WCAG AA', () => {
  // Text: 4.5:1 on every surface it sits on.
  it.each([
    ['--text', '--bg'],
    ['--text', '--panel'],
    ['--text', '--panel-2'],
    ['--muted', '--bg'],
    ['--muted', '--panel'],
    ['--muted', '--panel-2'],
    ['--accent', '--panel'],
    ['--accent', '--bg'],
    ['--ok', '--panel'],
    ['--warn', '--panel'],
    ['--warn', '--bg'],
    ['--bad', '--bg'],
    ['--ev', '--panel'],
    ['--num', '--panel'],
    ['--fil', '--panel'],
    ['#ffb3ba', '--panel'],
    ['#8fdcb8', '--panel'],
    ['#8fdcb8', '--panel-2'],
    ['#aab4ff', '--panel'],
    ['#071018', '--accent'],
  ])('text %s on %s is at least 4.5:1', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(4.5);
  });

  // Large text (the overall score) and chart marks: 3:1.
  it.each([
    ['--bad', '--panel'],
    ['--ok', '--panel'],
    ['--accent', '--panel-2'],
    ['--text', '#2a3a4c'],
  ])('large text or a mark %s on %s is at least 3:1', (fg, bg) => {
    expect(contrast(fg, bg)).toBeGreaterThanOrEqual(3);
  });
});
