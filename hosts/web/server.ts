import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { RawData, WebSocket } from 'ws';
import type { EventName } from '../../core/bridge/contract';
import { LIMITS } from '../../core/limits';
import { contentSecurityPolicy } from '../../core/bridge/csp';
import type { WireAnswer } from '../../core/bridge/wire';
import { decodeBinaryRequest, decodeWire, encodeWire } from '../../core/bridge/wire';
import type { EmitEvent, Handlers, InternalErrorSink } from '../bridge/dispatcher';
import { INTERNAL_ERROR_ADVICE, dispatch } from '../bridge/dispatcher';
import { MEDIA_PREFIX, fileAnswer, mediaFile } from '../media/files';

/** How to start the browser host. */
export interface WebHostOptions {
  /** Folder with the built renderer (index.html, assets/). */
  rendererDir: string;
  /** Makes the host's handlers once; `emit` pushes an event to every open page. */
  createHandlers: (emit: EmitEvent) => Handlers;
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The per-run secret; default 32 random bytes, hex. */
  token?: string;
  /** The data folder whose prompts and sessions are served under /media/. */
  mediaDir?: string;
  onInternalError?: InternalErrorSink;
}

/** A running browser host. */
export interface WebHost {
  /** The URL to open, with the token: http://127.0.0.1:PORT/?token=... */
  url: string;
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'mi_token';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  503: 'Service Unavailable',
};

/**
 * The URL of a request target, or null when it cannot be read (`//[`, `//a:99999/`): such a
 * target gets a 400 instead of an exception.
 */
function requestUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** True for a socket address on this machine's loopback interface. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  return (
    address === '::1' ||
    /^127\.\d+\.\d+\.\d+$/.test(address) ||
    /^::ffff:127\.\d+\.\d+\.\d+$/.test(address)
  );
}

/** The page's Content-Security-Policy: our own scripts only, and only our own socket. */
export function pageContentSecurityPolicy(origin: string): string {
  return contentSecurityPolicy([origin.replace(/^http/, 'ws')]);
}

function sameSecret(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(request: IncomingMessage): string | undefined {
  const header = request.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === TOKEN_COOKIE) return rest.join('=');
  }
  return undefined;
}

function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'cache-control': 'no-store',
  });
  response.end(`${message}\n`);
}

/** Resolves a request path inside `root`, or null when it would escape it. */
function fileInside(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  return full === root || full.startsWith(root.endsWith(sep) ? root : root + sep) ? full : null;
}

/**
 * Serves the built renderer and the bridge contract over a WebSocket at /bridge, on 127.0.0.1
 * only. Every request must carry the per-run token: in the URL (`?token=`) or in the
 * same-site cookie the first page load sets. Requests from other addresses, with a foreign
 * Host header (DNS rebinding) or a foreign Origin on the socket are refused.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('hex');
  const rendererRoot = normalize(options.rendererDir);
  const mediaRoot = options.mediaDir ? normalize(options.mediaDir) : undefined;
  let origin = '';
  const allowedHosts = new Set<string>();

  const checkRequest = (
    request: IncomingMessage,
    url: URL,
  ): { status: number; message: string } | null => {
    if (!isLoopbackAddress(request.socket.remoteAddress)) {
      return { status: 403, message: 'refused: the host only answers this machine' };
    }
    if (!allowedHosts.has(request.headers.host ?? '')) {
      return { status: 403, message: 'refused: unexpected Host header' };
    }
    if (
      !sameSecret(url.searchParams.get('token'), token) &&
      !sameSecret(cookieToken(request), token)
    ) {
      return { status: 401, message: 'refused: open the URL the host printed, with its token' };
    }
    return null;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = requestUrl(request.url);
      if (!url) return refuse(response, 400, 'bad request target');
      const problem = checkRequest(request, url);
      if (problem) return refuse(response, problem.status, problem.message);
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return refuse(response, 405, 'only GET and HEAD');
      }
      let file: string | null;
      if (url.pathname.startsWith(MEDIA_PREFIX)) {
        file = mediaRoot ? mediaFile(mediaRoot, url.pathname.slice(MEDIA_PREFIX.length)) : null;
      } else {
        file = fileInside(rendererRoot, url.pathname === '/' ? 'index.html' : url.pathname);
      }
      if (!file) return refuse(response, 404, 'not found');
      const info = await stat(file).catch(() => null);
      if (!info?.isFile()) {
        return refuse(
          response,
          404,
          url.pathname === '/' ? 'the renderer is not built; run `npm run build`' : 'not found',
        );
      }
      const answer = fileAnswer(file, info.size, request.headers.range, {
        isMedia: url.pathname.startsWith(MEDIA_PREFIX),
        pagePolicy: pageContentSecurityPolicy(origin),
      });
      const headers: Record<string, string> = {
        ...answer.headers,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'permissions-policy': 'microphone=(self), camera=(), geolocation=()',
      };
      if (url.searchParams.has('token')) {
        headers['set-cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
      }
      response.writeHead(answer.status, answer.status === 416 ? answer.headers : headers);
      if (answer.status === 416) return response.end();
      const range = answer.range;
      if (request.method === 'HEAD') return response.end();
      const stream = createReadStream(file, range ? { start: range.start, end: range.end } : {});
      stream.on('error', () => response.destroy());
      stream.pipe(response);
    })().catch(() => {
      if (!response.headersSent) refuse(response, 500, 'the host failed to serve this file');
      else response.destroy();
    });
  });
  // A request the HTTP parser cannot read, or a connection reset mid-answer, ends that
  // connection only.
  server.on('clientError', (_error, socket: Duplex) => {
    socket.on('error', () => {});
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  server.on('connection', (socket) => socket.on('error', () => {}));
  // A client that opens connections and never finishes its request is dropped, and there are
  // only so many connections at once.
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  server.maxConnections = LIMITS.maxHttpConnections;

  const sockets = new WebSocketServer({ noServer: true, maxPayload: LIMITS.maxMessageBytes });
  const emit: EmitEvent = <E extends EventName>(event: E, payload: unknown) => {
    const text = encodeWire({ event, payload });
    for (const client of sockets.clients) if (client.readyState === client.OPEN) client.send(text);
  };
  const handlers = options.createHandlers(emit);
  server.on('upgrade', (request, socket: Duplex, head: Buffer) => {
    // The peer may reset the connection while it is refused or upgraded; that ends it alone.
    socket.on('error', () => socket.destroy());
    try {
      const url = requestUrl(request.url);
      const problem = !url
        ? { status: 400, message: 'bad request target' }
        : (checkRequest(request, url) ??
          (url.pathname !== '/bridge'
            ? { status: 404, message: 'not found' }
            : request.headers.origin !== origin
              ? { status: 403, message: 'refused: foreign origin' }
              : sockets.clients.size >= LIMITS.maxBridgeConnections
                ? {
                    status: 503,
                    message: `refused: ${LIMITS.maxBridgeConnections} pages are already connected (connection limit); close a tab and reload`,
                  }
                : null));
      if (problem) {
        socket.end(
          `HTTP/1.1 ${problem.status} ${STATUS_TEXT[problem.status] ?? 'Refused'}\r\nConnection: close\r\ncontent-type: text/plain; charset=utf-8\r\n\r\n${problem.message}\n`,
        );
        return;
      }
      sockets.handleUpgrade(request, socket, head, (ws) => serveBridge(ws, handlers, options));
    } catch (error) {
      options.onInternalError?.('upgrade', error);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts.add(`127.0.0.1:${port}`);
  allowedHosts.add(`localhost:${port}`);

  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The bytes of a binary WebSocket message, whichever form ws delivered them in. */
function frameBytes(data: RawData): Uint8Array {
  const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}

function serveBridge(ws: WebSocket, handlers: Handlers, options: WebHostOptions): void {
  // A frame that breaks the protocol (too large, unmasked, bad UTF-8, reserved bits or opcodes,
  // an invalid close code) makes ws close this socket with the matching code; it is reported
  // here so it never becomes an uncaught exception.
  ws.on('error', () => ws.terminate());
  ws.on('message', (data, isBinary) => {
    void (async () => {
      let request: unknown;
      try {
        // Audio chunks come as binary frames (see core/bridge/wire); everything else as JSON.
        request = isBinary ? decodeBinaryRequest(frameBytes(data)) : decodeWire(data.toString());
      } catch {
        ws.send(
          encodeWire({
            id: -1,
            ok: false,
            error:
              'malformed message: send JSON {id, call, input}, or a binary frame for a call that carries bytes',
          }),
        );
        return;
      }
      const { id, call, input } = (request ?? {}) as {
        id?: unknown;
        call?: unknown;
        input?: unknown;
      };
      if (typeof id !== 'number' || !Number.isInteger(id)) {
        ws.send(
          encodeWire({ id: -1, ok: false, error: 'malformed message: id must be an integer' }),
        );
        return;
      }
      const result = await dispatch(handlers, call, input, options.onInternalError);
      const answer: WireAnswer = result.ok
        ? { id, ok: true, value: result.value }
        : { id, ok: false, error: result.error };
      let text: string;
      try {
        text = encodeWire(answer);
      } catch (error) {
        options.onInternalError?.(String(call), error);
        text = encodeWire({ id, ok: false, error: `${String(call)} ${INTERNAL_ERROR_ADVICE}` });
      }
      if (ws.readyState === ws.OPEN) ws.send(text);
    })().catch((error: unknown) => options.onInternalError?.('bridge', error));
  });
}
