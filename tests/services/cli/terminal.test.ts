import { describe, expect, it } from 'vitest';
import { terminalText } from '../../../cli/commands/terminal';

describe('terminalText', () => {
  it.each([
    ['OSC 52 ended by BEL', 'a\u001b]52;c;cm0gLXJmIH4=\u0007b', 'ab'],
    ['OSC 0 title ended by ST', 'a\u001b]0;pwned\u001b\\b', 'ab'],
    ['CSI clear screen and home', 'a\u001b[2J\u001b[Hb', 'ab'],
    ['CSI colour', 'a\u001b[1;31mred\u001b[0mb', 'aredb'],
    ['8-bit CSI', 'a\u009b2Jb', 'ab'],
    ['8-bit OSC ended by ST', 'a\u009d0;x\u009cb', 'ab'],
    ['DCS string', 'a\u001bPq#0;2;0;0;0\u001b\\b', 'ab'],
    ['a lone ESC at the end', 'ab\u001b', 'ab'],
    ['bell, backspace, NUL and DEL', 'a\u0007\u0008\u0000\u007fb', 'ab'],
    ['tab, newline and carriage return kept', 'a\tb\nc\rd', 'a\tb\nc\rd'],
    ['plain Unicode kept', 'naïve café → 45 min', 'naïve café → 45 min'],
  ])('removes %s', (_label, input, output) => {
    expect(terminalText(input)).toBe(output);
  });
});
