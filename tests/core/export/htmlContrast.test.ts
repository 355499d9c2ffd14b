import { describe, expect, it } from 'vitest';
import { toHtml } from '../../../core/export';
import { contrastRatio, cssColours } from '../../support/contrast';
import { fixtureRecord } from './fixture';

const style = /<style>([\s\S]*?)<\/style>/.exec(toHtml(fixtureRecord()))![1]!;
const dark = style.indexOf('@media (prefers-color-scheme:dark)');
const palettes = {
  light: cssColours(style.slice(0, dark)),
  dark: cssColours(style.slice(0, dark) + style.slice(dark).split('}}')[0]),
};

describe('the HTML report’s colours meet WCAG AA in light and dark', () => {
  it.each(
    (['light', 'dark'] as const).flatMap((scheme) =>
      [
        ['--fg', '--bg'],
        ['--fg', '--card'],
        ['--muted', '--bg'],
        ['--muted', '--card'],
        ['--accent', '--bg'],
        ['--accent', '--card'],
        ['--good', '--card'],
        ['--mid', '--bg'],
        ['--low', '--bg'],
        ['--low', '--card'],
        ['--ev', '--bg'],
        ['--num', '--bg'],
        ['--fil', '--bg'],
      ].map(([fg, bg]) => [scheme, fg!, bg!] as const),
    ),
  )('%s: %s on %s is at least 4.5:1', (scheme, fg, bg) => {
    expect(contrastRatio(fg, bg, palettes[scheme])).toBeGreaterThanOrEqual(4.5);
  });
});
