/**
 * The renderer's Content-Security-Policy, shared by both hosts: the app's own scripts and
 * styles only, no inline code, no remote origins. `connectSources` adds what the page may
 * connect to besides its own origin (the browser host's WebSocket).
 */
export function contentSecurityPolicy(connectSources: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",
    "font-src 'self'",
    ["connect-src 'self'", ...connectSources].join(' '),
    "worker-src 'self' blob:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}
