/**
 * The one set of formatters for times, lengths and counts that people read: the app's report,
 * the exports and the command line all use these, so 59.6 s reads the same everywhere.
 *
 * - A moment on a timeline ("at 0:59") is a clock, truncated to the second it falls in, the way
 *   media players show positions: 59 600 ms is still in second 0:59.
 * - A length ("a 59.6 s pause") is seconds with one decimal, rounded to the nearest 100 ms.
 * - A spoken quantity ("recovery took 45 min") is a duration in words.
 */

/**
 * A moment in ms as a clock: "m:ss" below an hour, "h:mm:ss" from an hour on. The seconds are
 * truncated (59 600 -> "0:59", 60 000 -> "1:00"); negative and non-finite times read "0:00".
 */
export function formatClockMs(ms: number): string {
  const total = Number.isFinite(ms) ? Math.max(0, Math.floor(ms / 1000)) : 0;
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/**
 * A length in ms as seconds with one decimal, rounded to the nearest 100 ms: 59 600 -> "59.6 s",
 * 2 750 -> "2.8 s", 0 -> "0.0 s". Negative and non-finite lengths read "0.0 s".
 */
export function formatSecondsMs(ms: number): string {
  const tenths = Number.isFinite(ms) ? Math.max(0, Math.round(ms / 100)) : 0;
  return `${(tenths / 10).toFixed(1)} s`;
}

/**
 * A duration in ms in words, as a candidate would say it, to the nearest second:
 * 45 000 -> "45 s", 90 000 -> "1 min 30 s", 2 700 000 -> "45 min", 5 400 000 -> "1 h 30 min",
 * 7 200 000 -> "2 h". Below a second: "under 1 s" (0 reads "0 s").
 */
export function formatDurationMs(ms: number): string {
  if (!Number.isFinite(ms) || ms <= 0) return '0 s';
  if (ms < 1000) return 'under 1 s';
  const total = Math.round(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const parts: string[] = [];
  if (hours > 0) parts.push(`${hours} h`);
  if (minutes > 0) parts.push(`${minutes} min`);
  // Seconds matter only below an hour: "1 h 2 min", not "1 h 2 min 5 s".
  if (seconds > 0 && hours === 0) parts.push(`${seconds} s`);
  return parts.join(' ');
}

/** A whole count with thousands separators: 12000 -> "12,000", 12.4 -> "12". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return '0';
  const rounded = Math.round(value);
  const digits = String(Math.abs(rounded)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return rounded < 0 ? `-${digits}` : digits;
}

/**
 * A change with its sign always shown, for comparisons: 4 -> "+4", -4 -> "−4" (a true minus
 * sign), 0 -> "±0". `digits` decimals (default 0) are kept, so 0.5 with 1 digit reads "+0.5".
 */
export function formatSigned(value: number, digits = 0): string {
  const factor = 10 ** digits;
  const rounded = Number.isFinite(value) ? Math.round(value * factor) / factor : 0;
  const body = Math.abs(rounded).toFixed(digits);
  if (rounded > 0) return `+${body}`;
  if (rounded < 0) return `\u2212${body}`;
  return `\u00b1${body}`;
}
