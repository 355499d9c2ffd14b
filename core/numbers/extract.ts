import type { Transcript } from '../transcript';
import { splitClauses } from '../rubric/clauses';
import type { AnalyzedText } from '../rubric/text';
import type { Hit } from '../rubric/text';
import { HARD_FILLERS, analyzeText, cue, findAll, hitsBetween, wordsText } from '../rubric/text';
import type { Metric } from '../rubric/types';
import { findKindCues, timeKindAt } from './kind';
import {
  FREQUENCY_WORDS,
  MONEY_WORDS,
  PEOPLE_UNITS,
  RATE_PERIODS,
  TIME_SUFFIXES,
  TIME_UNITS,
  UNIT_MODIFIERS,
} from './units';
import { parseNumberAt } from './words';

/** What a number in the answer measures, before its incident role is decided. */
export type QuantityUnit = 'time' | 'percent' | 'money' | 'people' | 'rate' | 'none';

/**
 * Any number in the answer with what follows it. `value` is seconds for `time`, a percentage
 * for `percent`, an amount for `money` (with `currency`), a count for `people`, `rate`
 * (people or requests per period) and `none` (a bare number: "two nodes", "sev 1").
 * Word indices are inclusive.
 */
export interface Quantity {
  value: number;
  unit: QuantityUnit;
  currency?: string;
  startWord: number;
  endWord: number;
}

/** A metric with the inclusive word range it was spoken in. */
export interface FoundMetric {
  metric: Metric;
  startWord: number;
  endWord: number;
}

interface Token {
  t: string;
  word: number;
}

function tokensOf(a: AnalyzedText): Token[] {
  const tokens: Token[] = [];
  a.norms.forEach((norm, word) => {
    if (norm === '' || HARD_FILLERS.has(norm)) return;
    if (!norm.includes(' ')) tokens.push({ t: norm, word });
    else for (const t of norm.split(' ')) if (t !== '') tokens.push({ t, word });
  });
  return tokens;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Skips up to two modifier words ("failed", "more") and returns the index of the unit word. */
function unitIndex(ts: readonly string[], i: number): number {
  let j = i;
  for (let k = 0; k < 2 && UNIT_MODIFIERS.has(ts[j] ?? ''); k++) j++;
  const candidate = ts[j] ?? '';
  if (TIME_UNITS.has(candidate) || PEOPLE_UNITS.has(candidate) || MONEY_WORDS.has(candidate)) {
    return j;
  }
  return i;
}

function isRateAfter(ts: readonly string[], i: number): boolean {
  const a = ts[i];
  const b = ts[i + 1] ?? '';
  if (a === 'rps' || a === 'qps' || a === 'rpm') return true;
  const period = b.endsWith('s') ? b.slice(0, -1) : b;
  return (
    (a === 'a' || a === 'an' || a === 'per' || a === 'each' || a === 'every') &&
    RATE_PERIODS.has(period)
  );
}

/**
 * Reads a smaller time unit that continues a time: "an hour and fifteen minutes",
 * "2 minutes 30 seconds", "a minute and a half". Returns extra seconds and the new end.
 */
function continueTime(
  ts: readonly string[],
  end: number,
  unitSeconds: number,
): { seconds: number; end: number } {
  if (ts[end] === 'and' && ts[end + 1] === 'a' && ts[end + 2] === 'half') {
    return { seconds: unitSeconds / 2, end: end + 3 };
  }
  const from = ts[end] === 'and' ? end + 1 : end;
  const next = parseNumberAt(ts, from);
  if (next === null || next.suffix !== undefined || next.value === 0.5) return { seconds: 0, end };
  const seconds = TIME_UNITS.get(ts[next.end] ?? '');
  if (seconds === undefined || seconds >= unitSeconds) return { seconds: 0, end };
  return { seconds: next.value * seconds, end: next.end + 1 };
}

/**
 * Finds every number in the answer, in reading order, with the unit that follows it.
 * A time unit joins smaller ones ("an hour and fifteen minutes" is one 4,500 s quantity);
 * "an hour" and "a minute" count as one unless they follow "once", "per", "every" and the
 * like; "5m" means five million beside people or money and five minutes otherwise; a count
 * followed by "a second", "per minute", "rps" is a rate, not an affected count; a bare "one"
 * with no unit is left out (it is usually a pronoun).
 */
export function findQuantities(a: AnalyzedText): Quantity[] {
  const tokens = tokensOf(a);
  const ts = tokens.map((t) => t.t);
  const out: Quantity[] = [];
  let i = 0;
  while (i < ts.length) {
    const here = ts[i] ?? '';
    let parsed = parseNumberAt(ts, i);
    if (
      parsed === null &&
      (here === 'a' || here === 'an') &&
      (ts[i + 1] === 'hour' || ts[i + 1] === 'minute') &&
      !FREQUENCY_WORDS.has(ts[i - 1] ?? '') &&
      !(ts[i - 1] === 'a' || ts[i - 1] === 'an')
    ) {
      parsed = { value: 1, end: i + 1, digits: false };
    }
    if (parsed === null) {
      i++;
      continue;
    }
    let value = parsed.value;
    let end = parsed.end;
    let unit: QuantityUnit = 'none';
    let currency = parsed.currency;
    const suffix = parsed.suffix;
    if (suffix === '%') {
      unit = 'percent';
    } else if (ts[end] === 'percent' || ts[end] === 'pct') {
      unit = 'percent';
      end++;
    } else if (ts[end] === 'per' && ts[end + 1] === 'cent') {
      unit = 'percent';
      end += 2;
    } else if (currency !== undefined) {
      unit = 'money';
      const word = MONEY_WORDS.get(ts[end] ?? '');
      if (word !== undefined) end++;
    } else if (
      suffix === 'm' &&
      (PEOPLE_UNITS.has(ts[end] ?? '') || MONEY_WORDS.has(ts[end] ?? ''))
    ) {
      value *= 1e6;
    } else if (suffix !== undefined && suffix !== 'm') {
      unit = 'time';
      value *= TIME_SUFFIXES.get(suffix) ?? 1;
      const more = continueTime(ts, end, TIME_SUFFIXES.get(suffix) ?? 1);
      value += more.seconds;
      end = more.end;
    } else if (suffix === 'm') {
      unit = 'time';
      value *= 60;
    }
    if (unit === 'none') {
      const u = unitIndex(ts, end);
      const word = ts[u] ?? '';
      const timeSeconds = TIME_UNITS.get(word);
      const money = MONEY_WORDS.get(word);
      if (timeSeconds !== undefined) {
        unit = 'time';
        value *= timeSeconds;
        const more = continueTime(ts, u + 1, timeSeconds);
        value += more.seconds;
        end = more.end;
      } else if (money !== undefined) {
        unit = 'money';
        currency = money;
        if (word === 'grand') value *= 1e3;
        end = u + 1;
      } else if (PEOPLE_UNITS.has(word)) {
        unit = isRateAfter(ts, u + 1) ? 'rate' : 'people';
        end = u + 1;
      } else if (word === 'rps' || word === 'qps' || word === 'rpm') {
        unit = 'rate';
        end = u + 1;
      }
    }
    const first = tokens[i];
    const last = tokens[end - 1];
    if (first && last && !(unit === 'none' && !parsed.digits && end - i === 1 && here === 'one')) {
      const q: Quantity = { value: round(value), unit, startWord: first.word, endWord: last.word };
      if (unit === 'money') q.currency = currency ?? 'USD';
      out.push(q);
    }
    i = end;
  }
  return out;
}

/** Words that say a count was hurt by the incident: "12,450 shoppers could not check out". */
const IMPACT = cue(
  'affect\\w*',
  'impact\\w*',
  'hit',
  'fail\\w*',
  'errors?',
  "(?:could not|couldn't|can't|cannot|unable to|were not able to)",
  'saw',
  'lost',
  'dropp\\w*',
  'timed out|timing out|timeouts?',
  'down',
  'broken',
  'stuck',
  'locked out|logged out',
  'blocked',
  'late',
  'missed',
  'delayed',
  'retried',
  'degraded',
  'denied',
  'rejected',
  'bounced',
  'without',
  'never (?:got|received|arrived)',
);

/** Words next to a time that give it a role outside the incident: a budget, a window, a cadence. */
const NOT_INCIDENT_TIME_BEFORE = new Set([
  'budget',
  'every',
  'ttl',
  'window',
  'interval',
  'retention',
]);
const NOT_INCIDENT_TIME_AFTER = cue(
  '(?:of )?(?:(?:the|our|error) )*budget',
  '(?:a|per|each|every) (?:month|week|quarter|year|day)',
  'window',
  'of (?:data|retention|history)',
);

function hasNear(a: AnalyzedText, hits: readonly Hit[], from: number, to: number): boolean {
  return hitsBetween(hits, from, to).some((h) => h.start >= from && h.start <= to);
}

/**
 * Turns quantities into incident metrics. Times take their kind from nearby words
 * (see `timeKindAt`) and become `duration` when none is near; percentages, money and counts
 * of people or requests are kept; rates and bare numbers are not metrics. `clauses` are the
 * answer's clauses when the caller has them (default: `splitClauses`).
 */
export function metricsFromQuantities(
  a: AnalyzedText,
  quantities: readonly Quantity[],
  clauses: readonly { start: number; end: number }[] = splitClauses(a),
): FoundMetric[] {
  const cues = findKindCues(a);
  const clauseEnd = new Int32Array(a.words.length);
  const clauseStart = new Int32Array(a.words.length);
  for (const c of clauses) {
    clauseEnd.fill(c.end, c.start, c.end + 1);
    clauseStart.fill(c.start, c.start, c.end + 1);
  }
  const impact = findAll(a, IMPACT);
  const notIncident = findAll(a, NOT_INCIDENT_TIME_AFTER);
  const found: FoundMetric[] = [];
  for (const q of quantities) {
    let metric: Metric | null = null;
    const text = wordsText(a, q.startWord, q.endWord);
    if (q.unit === 'time') {
      const clauseLast = Math.max(q.endWord, clauseEnd[q.endWord] ?? q.endWord);
      const before = a.norms.slice(Math.max(0, q.startWord - 3), q.startWord);
      // "an error budget of 43 minutes", "43 minutes a month", "every 15 seconds": not the outage.
      const elsewhere =
        before.some((n) => NOT_INCIDENT_TIME_BEFORE.has(n)) ||
        hasNear(a, notIncident, q.endWord + 1, q.endWord + 2);
      const kind = elsewhere
        ? 'duration'
        : (timeKindAt(a, cues, q.startWord, q.endWord, clauseLast) ?? 'duration');
      metric = { kind, value: q.value, unit: 's', text };
    } else if (q.unit === 'percent') {
      metric = { kind: 'percentage', value: q.value, unit: '%', text };
    } else if (q.unit === 'money') {
      metric = { kind: 'money', value: q.value, unit: q.currency ?? 'USD', text };
    } else if (q.unit === 'people') {
      // A count is of people hurt only when its clause says they were hurt: "I made two calls"
      // and "dinner for 6 people" are not users affected.
      const from = clauseStart[q.startWord] ?? q.startWord;
      const to = clauseEnd[q.endWord] ?? q.endWord;
      if (!hasNear(a, impact, from, to)) continue;
      metric = { kind: 'affectedUsers', value: q.value, unit: 'users', text };
    }
    if (metric === null) continue;
    const first = a.words[q.startWord];
    const last = a.words[q.endWord];
    if (a.timed && first?.startMs !== undefined && last?.endMs !== undefined) {
      metric.startMs = first.startMs;
      metric.endMs = last.endMs;
    }
    found.push({ metric, startWord: q.startWord, endWord: q.endWord });
  }
  return found;
}

/**
 * Every incident metric in the answer, in reading order, normalised: seconds for
 * recovery, detection, rollback and other durations (unit "s"), a count for affected users or
 * requests (unit "users"), a percentage (unit "%"), an amount with its currency code.
 * Works on digits and on spoken numbers. `text` holds the words as spoken; times are set
 * when the transcript's words are timed. Throws on malformed timed words (see `analyzeText`).
 */
export function extractMetrics(transcript: Transcript): Metric[] {
  const a = analyzeText(transcript);
  return metricsFromQuantities(a, findQuantities(a)).map((f) => f.metric);
}
