/**
 * Spoken and written numbers: "forty five", "two thousand seven hundred thirty",
 * "ninety nine point nine", "three and a half", "a million", "half a million", "2,730",
 * "1.5", "$40k", "99.9%". Works on normalised tokens (lower case, punctuation trimmed,
 * hyphenated words already split: "forty-five" arrives as "forty", "five").
 */

/** What a parsed number carried besides its value. */
export interface ParsedNumber {
  value: number;
  /** Index one past the last token consumed. */
  end: number;
  /** True when the number was written in digits. */
  digits: boolean;
  /** Currency code from a leading sign: "$" USD, "€" EUR, "£" GBP. */
  currency?: string;
  /**
   * A unit glued to the digits: "%" or a time unit ("ms", "s", "min", "h"), and "m" when
   * the digits ended in an "m" that may mean million or minutes (the caller decides).
   */
  suffix?: '%' | 'ms' | 's' | 'min' | 'h' | 'm';
}

const SMALL: ReadonlyMap<string, number> = new Map(
  Object.entries({
    zero: 0,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    thirteen: 13,
    fourteen: 14,
    fifteen: 15,
    sixteen: 16,
    seventeen: 17,
    eighteen: 18,
    nineteen: 19,
  }),
);

const TENS: ReadonlyMap<string, number> = new Map(
  Object.entries({
    twenty: 20,
    thirty: 30,
    forty: 40,
    fourty: 40,
    fifty: 50,
    sixty: 60,
    seventy: 70,
    eighty: 80,
    ninety: 90,
  }),
);

const SCALES: ReadonlyMap<string, number> = new Map(
  Object.entries({
    thousand: 1e3,
    million: 1e6,
    billion: 1e9,
  }),
);

const DECIMAL_DIGITS: ReadonlyMap<string, string> = new Map(
  Object.entries({
    zero: '0',
    oh: '0',
    one: '1',
    two: '2',
    three: '3',
    four: '4',
    five: '5',
    six: '6',
    seven: '7',
    eight: '8',
    nine: '9',
  }),
);

const DIGITS =
  /^([$€£])?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(k|bn|b|m|%|ms|s|secs?|mins?|hrs?|h)?$/;

const CURRENCY_SIGNS: ReadonlyMap<string, string> = new Map([
  ['$', 'USD'],
  ['€', 'EUR'],
  ['£', 'GBP'],
]);

function own(table: ReadonlyMap<string, number>, t: string | undefined): number | undefined {
  return t === undefined ? undefined : table.get(t);
}

/** Value of a single number word ("seven" 7, "forty" 40), or undefined. */
export function numberWordValue(token: string): number | undefined {
  return own(SMALL, token) ?? own(TENS, token);
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function parseDigits(tokens: readonly string[], start: number): ParsedNumber | null {
  const token = tokens[start];
  if (token === undefined) return null;
  const m = DIGITS.exec(token);
  if (!m) return null;
  const whole = (m[2] ?? '').replace(/,/g, '');
  let value = Number.parseFloat(m[3] !== undefined ? `${whole}.${m[3]}` : whole);
  const result: ParsedNumber = { value, end: start + 1, digits: true };
  const sign = m[1];
  if (sign !== undefined) result.currency = CURRENCY_SIGNS.get(sign) ?? 'USD';
  const suffix = m[4];
  if (suffix === 'k') value *= 1e3;
  else if (suffix === 'bn' || suffix === 'b') value *= 1e9;
  else if (suffix === 'm') {
    if (result.currency !== undefined) value *= 1e6;
    else result.suffix = 'm';
  } else if (suffix === '%') result.suffix = '%';
  else if (suffix === 'ms') result.suffix = 'ms';
  else if (suffix === 's' || suffix === 'sec' || suffix === 'secs') result.suffix = 's';
  else if (suffix === 'min' || suffix === 'mins') result.suffix = 'min';
  else if (suffix === 'h' || suffix === 'hr' || suffix === 'hrs') result.suffix = 'h';
  // "1990s" is a decade, not a duration: a bare "s" counts as seconds only below 1000.
  if (result.suffix === 's' && suffix === 's' && value >= 1000) return null;
  let end = start + 1;
  if (suffix === undefined) {
    const scale = own(SCALES, tokens[end]) ?? (tokens[end] === 'hundred' ? 100 : undefined);
    if (scale !== undefined) {
      value *= scale;
      end++;
    }
  }
  result.value = value;
  result.end = end;
  return result;
}

type Last = 'none' | 'unit' | 'teen' | 'tens' | 'hundred' | 'scale';

function parseWords(
  tokens: readonly string[],
  start: number,
): { value: number; end: number } | null {
  let total = 0;
  let group = 0;
  let last: Last = 'none';
  let i = start;
  // "a hundred", "a thousand", "a million", "a dozen": the article stands for one.
  const lead = tokens[i];
  if (
    (lead === 'a' || lead === 'an') &&
    (tokens[i + 1] === 'hundred' ||
      tokens[i + 1] === 'dozen' ||
      own(SCALES, tokens[i + 1]) !== undefined)
  ) {
    group = 1;
    last = 'unit';
    i++;
  }
  for (; i < tokens.length; i++) {
    const t = tokens[i] ?? '';
    const small = own(SMALL, t);
    const tens = own(TENS, t);
    const scale = own(SCALES, t);
    if (small !== undefined) {
      const fresh = last === 'none' || last === 'hundred' || last === 'scale';
      if (fresh || (last === 'tens' && small > 0 && small < 10)) {
        group += small;
        last = small < 10 ? 'unit' : 'teen';
      } else break;
    } else if (tens !== undefined) {
      if (last === 'none' || last === 'hundred' || last === 'scale') {
        group += tens;
        last = 'tens';
      } else break;
    } else if (t === 'hundred' || t === 'dozen') {
      if (last === 'unit' || last === 'teen' || last === 'tens') {
        group *= t === 'hundred' ? 100 : 12;
        last = 'hundred';
      } else break;
    } else if (scale !== undefined) {
      if (last === 'unit' || last === 'teen' || last === 'tens' || last === 'hundred') {
        total += group * scale;
        group = 0;
        last = 'scale';
      } else break;
    } else if (
      t === 'and' &&
      (last === 'hundred' || last === 'scale') &&
      numberWordValue(tokens[i + 1] ?? '') !== undefined
    ) {
      continue;
    } else break;
  }
  if (last === 'none') return null;
  return { value: total + group, end: i };
}

/**
 * Parses the number that starts at `tokens[start]`, or returns null. Understands digits
 * ("2,730", "1.5", "99.9%", "$40k", "12 thousand"), number words ("twelve thousand four hundred
 * fifty"), decimals ("ninety nine point nine"), halves ("three and a half", "half a million",
 * "half an hour" gives 0.5 and stops before "hour") and the article before a scale
 * ("a million"). Word sequences that cannot form one number stop early: "five ten" parses as 5.
 */
export function parseNumberAt(tokens: readonly string[], start: number): ParsedNumber | null {
  const first = tokens[start];
  if (first === undefined) return null;
  if (first === 'half' && (tokens[start + 1] === 'a' || tokens[start + 1] === 'an')) {
    const scale =
      own(SCALES, tokens[start + 2]) ?? (tokens[start + 2] === 'dozen' ? 12 : undefined);
    if (scale !== undefined) return { value: round(scale / 2), end: start + 3, digits: false };
    return { value: 0.5, end: start + 2, digits: false };
  }
  let parsed: ParsedNumber | null = parseDigits(tokens, start);
  if (parsed === null) {
    const words = parseWords(tokens, start);
    if (words === null) return null;
    parsed = { value: words.value, end: words.end, digits: false };
    // "ninety nine point nine", "one point five million"
    if (tokens[parsed.end] === 'point' && DECIMAL_DIGITS.has(tokens[parsed.end + 1] ?? '')) {
      let decimals = '';
      let j = parsed.end + 1;
      while (j < tokens.length && DECIMAL_DIGITS.has(tokens[j] ?? '')) {
        decimals += DECIMAL_DIGITS.get(tokens[j] ?? '') ?? '';
        j++;
      }
      let value = Number.parseFloat(`${parsed.value}.${decimals}`);
      const scale = own(SCALES, tokens[j]);
      if (scale !== undefined) {
        value *= scale;
        j++;
      }
      parsed = { value, end: j, digits: false };
    }
  }
  if (
    parsed.suffix === undefined &&
    tokens[parsed.end] === 'and' &&
    tokens[parsed.end + 1] === 'a' &&
    tokens[parsed.end + 2] === 'half'
  ) {
    parsed.value += 0.5;
    parsed.end += 3;
  }
  parsed.value = round(parsed.value);
  return parsed;
}
