import { join, relative, sep } from 'node:path';
import { isRealPathInside } from '../../services/dataDir';
import { HTML_CSP } from '../../core/export/html';
import { contentTypeFor } from './contentType';
import { parseRange } from './range';

/**
 * Serving the data folder's prompts and sessions: the one place both hosts (the browser host
 * and Electron's app protocol) decide which file a media URL names and which headers it gets.
 */

/** The URL path under which hosts serve the data folder's prompts and sessions. */
export const MEDIA_PREFIX = '/media/';
/** Folders of the data folder that hosts may serve, and the file types they may serve. */
export const MEDIA_FOLDERS = ['prompts', 'sessions'];
export const MEDIA_EXTENSIONS = ['.wav', '.html', '.pdf', '.md', '.srt', '.vtt', '.json'];

/**
 * The file a media URL path (after {@link MEDIA_PREFIX}) names inside `dataDir`, or null when it
 * is outside the served folders, of another type, tries to climb out, or reaches through a
 * symbolic link planted in the data folder (a link is never followed out of it).
 */
export function mediaFile(dataDir: string, path: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return null;
  }
  const parts = decoded.split('/');
  if (
    parts.some((p) => p === '' || p === '.' || p === '..' || p.includes('\\') || p.includes('\0'))
  ) {
    return null;
  }
  if (!MEDIA_FOLDERS.includes(parts[0]!)) return null;
  if (!MEDIA_EXTENSIONS.some((ext) => decoded.endsWith(ext))) return null;
  const file = join(dataDir, ...parts);
  return isRealPathInside(dataDir, file) ? file : null;
}

/** The media URL (under {@link MEDIA_PREFIX}) of a file inside `dataDir`. */
export function mediaUrl(dataDir: string, file: string): string {
  return MEDIA_PREFIX + relative(dataDir, file).split(sep).map(encodeURIComponent).join('/');
}

/** The status and headers of a file's answer; `range` is the slice to send, if any. */
export interface FileAnswer {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  range: { start: number; end: number } | null;
}

/**
 * Status and headers for serving `file` of `size` bytes, honouring one byte range. An exported
 * report (an HTML page under {@link MEDIA_PREFIX}) gets its own policy, which allows only its
 * inline style and its audio; everything else gets the host's page policy.
 */
export function fileAnswer(
  file: string,
  size: number,
  rangeHeader: string | undefined,
  options: { isMedia: boolean; pagePolicy: string },
): FileAnswer {
  const range = parseRange(rangeHeader, size);
  if (range === 'unsatisfiable') {
    return { status: 416, headers: { 'content-range': `bytes */${size}` }, range: null };
  }
  const headers: Record<string, string> = {
    'content-type': contentTypeFor(file),
    'content-length': String(range ? range.end - range.start + 1 : size),
    'accept-ranges': 'bytes',
    'x-content-type-options': 'nosniff',
    'content-security-policy':
      options.isMedia && file.endsWith('.html') ? HTML_CSP : options.pagePolicy,
  };
  if (range) headers['content-range'] = `bytes ${range.start}-${range.end}/${size}`;
  return { status: range ? 206 : 200, headers, range };
}
