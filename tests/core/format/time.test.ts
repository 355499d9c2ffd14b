import { describe, expect, it } from 'vitest';
import {
  formatClockMs,
  formatCount,
  formatDurationMs,
  formatSecondsMs,
  formatSigned,
} from '../../../core/format/time';

describe('one set of formatters for times', () => {
  it.each([
    [0, '0:00'],
    [59_600, '0:59'],
    [60_000, '1:00'],
    [725_000, '12:05'],
    [3_725_000, '1:02:05'],
    [-400, '0:00'],
    [Number.NaN, '0:00'],
  ])('a moment of %d ms reads %s', (ms, text) => {
    expect(formatClockMs(ms)).toBe(text);
  });

  it.each([
    [59_600, '59.6 s'],
    [2_750, '2.8 s'],
    [0, '0.0 s'],
    [-5, '0.0 s'],
  ])('a length of %d ms reads %s', (ms, text) => {
    expect(formatSecondsMs(ms)).toBe(text);
  });

  it.each([
    [45_000, '45 s'],
    [90_000, '1 min 30 s'],
    [2_700_000, '45 min'],
    [5_400_000, '1 h 30 min'],
    [7_200_000, '2 h'],
    [3_725_000, '1 h 2 min'],
    [400, 'under 1 s'],
    [0, '0 s'],
  ])('a duration of %d ms reads %s', (ms, text) => {
    expect(formatDurationMs(ms)).toBe(text);
  });

  it.each([
    [12_000, '12,000'],
    [1_234_567.4, '1,234,567'],
    [999, '999'],
    [-12_000, '-12,000'],
  ])('the count %d reads %s', (n, text) => {
    expect(formatCount(n)).toBe(text);
  });

  it.each([
    [4, 0, '+4'],
    [-4, 0, '\u22124'],
    [0, 0, '\u00b10'],
    [0.5, 1, '+0.5'],
    [-0.04, 1, '\u00b10.0'],
  ])('the change %d (%d decimals) reads %s', (n, digits, text) => {
    expect(formatSigned(n, digits)).toBe(text);
  });
});
