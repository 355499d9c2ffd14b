import { createReadStream, statSync } from 'node:fs';
import type { Server } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server standing in for the model host: it serves model files by name with
 * byte ranges, and can misbehave on request (cut the connection, pause mid-file until released,
 * send other bytes, trickle the file slowly) so downloads can be tested against real sockets.
 */

/** How the next answers misbehave; reset between tests. */
export interface ServerBehaviour {
  /** Close the connection after this many body bytes of the next answer. */
  dropAfterBytes?: number;
  /** Stop after this many body bytes of the next answer until {@link ModelServer.release}. */
  holdAfterBytes?: number;
  /** Serve these bytes instead of the file's. */
  body?: Buffer;
  /** Send the body in pieces of this size with `pieceDelayMs` between them. */
  pieceBytes?: number;
  pieceDelayMs?: number;
}

/** A running stand-in model host. */
export interface ModelServer {
  baseUrl: string;
  /** Every request: the path asked for and its Range header. */
  requests: Array<{ path: string; range: string | undefined }>;
  behaviour: ServerBehaviour;
  /** Resolves when an answer reached `holdAfterBytes`. */
  held(): Promise<void>;
  /** Lets a held answer go on. */
  release(): void;
  close(): Promise<void>;
}

/** Serves `files` (file name on the server → bytes or a path on disk) on 127.0.0.1. */
export async function startModelServer(
  files: Record<string, Buffer | string>,
): Promise<ModelServer> {
  const requests: ModelServer['requests'] = [];
  let onHeld: (() => void) | null = null;
  let heldPromise = new Promise<void>((r) => (onHeld = r));
  let releaseHold: (() => void) | null = null;

  const state: { behaviour: ServerBehaviour } = { behaviour: {} };
  const server: Server = createServer((request, response) => {
    response.on('error', () => {});
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    requests.push({ path, range: request.headers.range });
    const source = files[path.split('/').pop() ?? ''];
    if (source === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    const behaviour = state.behaviour;
    const body = behaviour.body ?? (Buffer.isBuffer(source) ? source : null);
    const size = body ? body.length : statSync(source as string).size;
    const match = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const start = match ? Math.min(Number(match[1]), size) : 0;
    response.writeHead(match ? 206 : 200, {
      'content-type': 'application/octet-stream',
      'content-length': size - start,
      ...(match ? { 'content-range': `bytes ${start}-${size - 1}/${size}` } : {}),
    });
    const stream = body
      ? (async function* () {
          yield body.subarray(start);
        })()
      : createReadStream(source as string, { start });
    let sent = 0;
    void (async () => {
      for await (const chunk of stream) {
        let bytes = chunk as Buffer;
        while (bytes.length > 0) {
          let take = Math.min(bytes.length, behaviour.pieceBytes ?? bytes.length);
          for (const limit of [behaviour.dropAfterBytes, behaviour.holdAfterBytes]) {
            if (limit !== undefined && sent < limit) take = Math.min(take, limit - sent);
          }
          const piece = bytes.subarray(0, take);
          bytes = bytes.subarray(take);
          if (!response.write(piece)) await new Promise((r) => response.once('drain', r));
          sent += piece.length;
          if (behaviour.dropAfterBytes !== undefined && sent >= behaviour.dropAfterBytes) {
            response.destroy();
            return;
          }
          if (behaviour.holdAfterBytes !== undefined && sent === behaviour.holdAfterBytes) {
            await new Promise<void>((r) => {
              releaseHold = r;
              onHeld?.();
            });
            if (response.destroyed) return;
          }
          if (behaviour.pieceDelayMs) {
            await new Promise((r) => setTimeout(r, behaviour.pieceDelayMs));
            if (response.destroyed) return;
          }
        }
      }
      response.end();
    })().catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/models`,
    requests,
    get behaviour() {
      return state.behaviour;
    },
    set behaviour(value: ServerBehaviour) {
      state.behaviour = value;
    },
    held: () => heldPromise,
    release: () => {
      heldPromise = new Promise<void>((r) => (onHeld = r));
      releaseHold?.();
      releaseHold = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        releaseHold?.();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
