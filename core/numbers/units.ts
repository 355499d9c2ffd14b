/** Unit words that can follow a number, by what they measure. */

/** Seconds per time unit word, e.g. "minutes" 60, "ms" 0.001. */
export const TIME_UNITS: ReadonlyMap<string, number> = new Map([
  ['millisecond', 0.001],
  ['milliseconds', 0.001],
  ['ms', 0.001],
  ['second', 1],
  ['seconds', 1],
  ['sec', 1],
  ['secs', 1],
  ['minute', 60],
  ['minutes', 60],
  ['min', 60],
  ['mins', 60],
  ['hour', 3600],
  ['hours', 3600],
  ['hr', 3600],
  ['hrs', 3600],
  ['day', 86400],
  ['days', 86400],
  ['week', 604800],
  ['weeks', 604800],
]);

/** Seconds for a unit glued to digits ("30s", "500ms", "4min", "2h", "5m" when it means minutes). */
export const TIME_SUFFIXES: ReadonlyMap<string, number> = new Map([
  ['ms', 0.001],
  ['s', 1],
  ['min', 60],
  ['m', 60],
  ['h', 3600],
]);

/** Words counting people or requests hit by an incident; all normalise to the unit "users". */
export const PEOPLE_UNITS: ReadonlySet<string> = new Set([
  'user',
  'users',
  'customer',
  'customers',
  'shopper',
  'shoppers',
  'request',
  'requests',
  'session',
  'sessions',
  'account',
  'accounts',
  'people',
  'visitors',
  'merchants',
  'orders',
  'transactions',
  'clients',
  'members',
  'subscribers',
  'players',
  'buyers',
  'tenants',
  'calls',
  'queries',
  'checkouts',
  'payments',
  'logins',
  'devices',
  'viewers',
  'partners',
  'riders',
  'drivers',
  'readers',
  'sellers',
  'guests',
  'listeners',
  'passengers',
  'students',
  'patients',
]);

/** Words that may sit between a number and its unit: "12,000 failed requests", "45 more minutes". */
export const UNIT_MODIFIERS: ReadonlySet<string> = new Set([
  'failed',
  'failing',
  'affected',
  'impacted',
  'active',
  'unique',
  'paying',
  'concurrent',
  'api',
  'http',
  'checkout',
  'mobile',
  'more',
  'extra',
  'additional',
  'of',
  'our',
  'the',
  'full',
  'whole',
  'entire',
  'straight',
  'total',
  'other',
  'long',
  'solid',
  'angry',
  'dropped',
  'lost',
]);

/** Currency words after a number, with their codes. "grand" means thousands of dollars. */
export const MONEY_WORDS: ReadonlyMap<string, string> = new Map([
  ['dollars', 'USD'],
  ['dollar', 'USD'],
  ['usd', 'USD'],
  ['bucks', 'USD'],
  ['grand', 'USD'],
  ['euros', 'EUR'],
  ['euro', 'EUR'],
  ['eur', 'EUR'],
  ['pounds', 'GBP'],
  ['gbp', 'GBP'],
]);

/** Words that make a count a rate when they follow its unit: "3,000 requests a second". */
export const RATE_PERIODS: ReadonlySet<string> = new Set([
  'second',
  'sec',
  'minute',
  'min',
  'hour',
  'day',
  'week',
  'month',
  'year',
]);

/** Words before "a minute"/"an hour" that make it a frequency ("once an hour"), not a duration. */
export const FREQUENCY_WORDS: ReadonlySet<string> = new Set([
  'once',
  'twice',
  'thrice',
  'times',
  'per',
  'every',
  'each',
]);
