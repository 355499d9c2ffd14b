/**
 * HTTP byte ranges, so audio elements can seek in a served WAV. Only single ranges
 * (`bytes=START-END`, `bytes=START-`, `bytes=-SUFFIX`) are honoured; anything else is answered
 * with the whole file.
 */

/** An inclusive byte range inside a file. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Reads a Range header against a file of `size` bytes: the range, `null` when the whole file
 * should be sent, or `'unsatisfiable'` (answer 416) when it starts past the end.
 */
export function parseRange(
  header: string | undefined,
  size: number,
): ByteRange | null | 'unsatisfiable' {
  if (!header) return null;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return null;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
