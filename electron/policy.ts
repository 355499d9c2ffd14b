import { contentSecurityPolicy } from '../core/bridge/csp';

/**
 * The Electron window's security decisions, as plain functions so they are tested without a
 * window. main.ts wires them to Electron's hooks.
 */

/** The scheme the app's own pages are served from. */
export const APP_SCHEME = 'app';
/** The host part of every app URL. */
export const APP_HOST = 'mock-interviewer';
/** The origin of the app's pages. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The renderer's entry page. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The CSP sent with every app page: own scripts and styles, no remote anything. */
export const APP_CONTENT_SECURITY_POLICY = contentSecurityPolicy();

/** True when `url` is one of the app's own pages (and not a look-alike host or scheme). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Whether a permission request is granted: only audio capture (the microphone), only for the
 * app's own page. Video, screen capture, notifications, geolocation and everything else: no.
 */
export function permissionAllowed(
  permission: string,
  requestingUrl: string | undefined,
  mediaTypes: readonly string[] | undefined,
): boolean {
  if (!isAppUrl(requestingUrl)) return false;
  if (permission !== 'media') return false;
  // A check (no media types given) is allowed; a request must ask for audio and nothing else.
  if (mediaTypes === undefined) return true;
  return mediaTypes.length > 0 && mediaTypes.every((t) => t === 'audio');
}

/**
 * Maps an app URL to a file inside the renderer folder, or null when the path would leave it
 * (`..`, encoded separators, NUL). `join` and `sep` come from node:path in main.
 */
export function appUrlToRelativePath(url: string): string | null {
  if (!isAppUrl(url)) return null;
  let path: string;
  try {
    path = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  if (path.includes('\0') || path.includes('\\')) return null;
  const parts = path.split('/').filter((p) => p.length > 0);
  if (parts.some((p) => p === '..' || p === '.')) return null;
  return parts.length === 0 ? 'index.html' : parts.join('/');
}

/**
 * The media path (below `media/`) of an exported report the window asked to open in a new
 * window, or null for anything else. Exports open in the system's own viewer, never in an
 * Electron window; main resolves the path inside the data folder before opening it.
 */
export function exportToOpen(url: string): string | null {
  if (!isAppUrl(url)) return null;
  const { pathname } = new URL(url);
  if (!pathname.startsWith('/media/')) return null;
  if (!/\.(html|pdf)$/i.test(pathname)) return null;
  return pathname.slice('/media/'.length);
}
