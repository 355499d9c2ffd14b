import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

/** A browser host running in a child process, and what a test needs to reach it. */
export interface LiveHost {
  port: number;
  token: string;
  origin: string;
  dataDir: string;
  child: ChildProcess;
  /** Everything the host wrote to stderr so far. */
  stderr(): string;
  /** Null while the process runs; its exit code or signal once it has ended. */
  exited(): { code: number | null; signal: NodeJS.Signals | null } | null;
  stop(): Promise<void>;
}

/** Starts `fixtures/liveHost.ts` in its own Node process and waits for it to listen. */
export function startLiveHost(): Promise<LiveHost> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'fixtures', 'liveHost.ts')],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  child.on('exit', (code, signal) => (exit = { code, signal }));
  return new Promise((resolve, reject) => {
    let line = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      line += text;
      if (!line.includes('\n')) return;
      const info = JSON.parse(line.split('\n')[0]!) as Pick<
        LiveHost,
        'port' | 'token' | 'origin' | 'dataDir'
      >;
      resolve({
        ...info,
        child,
        stderr: () => stderr,
        exited: () => exit,
        stop: () =>
          new Promise<void>((done) => {
            if (exit) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
          }),
      });
    });
    child.once('exit', (code) => reject(new Error(`the host exited (${code}): ${stderr}`)));
  });
}

/** Resident memory of a process, bytes, from /proc (Linux). */
export function residentBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = /VmRSS:\s+(\d+) kB/.exec(status);
  return kb ? Number(kb[1]) * 1024 : 0;
}

/** Opens a raw TCP connection to the host; errors are swallowed (the host may reset it). */
export function rawSocket(host: Pick<LiveHost, 'port'>): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(host.port, '127.0.0.1', () => resolve(socket));
    socket.on('error', () => {});
    socket.once('error', reject);
  });
}

/**
 * Sends `bytes` on a fresh connection and collects what comes back until the host closes it or
 * `waitMs` passes. `reset` destroys the connection with RST right after sending.
 */
export async function sendRaw(
  host: Pick<LiveHost, 'port'>,
  bytes: string | Uint8Array,
  options: { waitMs?: number; reset?: boolean } = {},
): Promise<string> {
  const socket = await rawSocket(host);
  let answer = '';
  socket.setEncoding('latin1').on('data', (text: string) => (answer += text));
  socket.write(bytes);
  if (options.reset) {
    socket.resetAndDestroy();
    return '';
  }
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, options.waitMs ?? 500);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return answer;
}

/** The request line and headers of a WebSocket upgrade to `target`, token and Origin included. */
export function upgradeRequest(
  host: Pick<LiveHost, 'port' | 'token' | 'origin'>,
  target: string,
  extra: Record<string, string> = {},
): string {
  const headers: Record<string, string> = {
    Host: `127.0.0.1:${host.port}`,
    Origin: host.origin,
    Upgrade: 'websocket',
    Connection: 'Upgrade',
    'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
    'Sec-WebSocket-Version': '13',
    ...extra,
  };
  return `GET ${target} HTTP/1.1\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}\r\n`;
}

/** One WebSocket frame as a client would send it (masked unless `mask` is false). */
export function wsFrame(
  payload: Uint8Array,
  options: {
    opcode?: number;
    fin?: boolean;
    rsv1?: boolean;
    mask?: boolean;
    /** A length to announce instead of the payload's own. */
    announcedBytes?: number;
  } = {},
): Uint8Array {
  const length = options.announcedBytes ?? payload.length;
  const masked = options.mask ?? true;
  const head: number[] = [
    ((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | (options.opcode ?? 1),
  ];
  const maskBit = masked ? 0x80 : 0;
  if (length < 126) head.push(maskBit | length);
  else if (length < 65536) head.push(maskBit | 126, length >> 8, length & 0xff);
  else {
    head.push(maskBit | 127, 0, 0, 0, 0);
    head.push((length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  }
  const key = masked ? [...randomBytes(4)] : [];
  const body = Uint8Array.from(payload, (b, i) => (masked ? b ^ key[i % 4]! : b));
  return Uint8Array.from([...head, ...key, ...body]);
}

/**
 * Opens an authenticated upgrade by hand and sends `frames` after the handshake; resolves with
 * the close code the host answered (or null when it just dropped the connection).
 */
export async function sendFrames(
  host: Pick<LiveHost, 'port' | 'token' | 'origin'>,
  frames: Uint8Array[],
  waitMs = 1000,
): Promise<{ handshake: string; closeCode: number | null }> {
  const socket = await rawSocket(host);
  const chunks: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => chunks.push(chunk));
  socket.write(upgradeRequest(host, `/bridge?token=${host.token}`));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      if (Buffer.concat(chunks).includes('\r\n\r\n')) {
        clearInterval(poll);
        resolve();
      }
    }, 5);
  });
  const all = Buffer.concat(chunks);
  const end = all.indexOf('\r\n\r\n') + 4;
  const handshake = all.subarray(0, end).toString('latin1');
  chunks.length = 0;
  if (end < all.length) chunks.push(all.subarray(end));
  for (const frame of frames) socket.write(frame);
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => resolve(), waitMs);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  socket.destroy();
  const reply = Buffer.concat(chunks);
  // A close frame from the server: 0x88, length, then the 2-byte code.
  const at = reply.indexOf(0x88);
  const closeCode = at >= 0 && reply.length >= at + 4 ? reply.readUInt16BE(at + 2) : null;
  return { handshake, closeCode };
}

/** Calls the bridge once over a real WebSocket client and returns the answer. */
export async function callBridge(
  host: Pick<LiveHost, 'port' | 'token' | 'origin'>,
  call: string,
  input: unknown,
  timeoutMs = 5000,
): Promise<{ ok: boolean; value?: unknown; error?: string }> {
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, {
    origin: host.origin,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${call} got no answer`)), timeoutMs);
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { id?: number };
        if (message.id !== 1) return;
        clearTimeout(timer);
        resolve(message as { ok: boolean; value?: unknown; error?: string });
      });
      ws.send(JSON.stringify({ id: 1, call, input }));
    });
  } finally {
    ws.terminate();
  }
}

/** True when the host answers a ping over a new socket within `timeoutMs`. */
export async function answersPing(
  host: Pick<LiveHost, 'port' | 'token' | 'origin'>,
  timeoutMs = 5000,
): Promise<boolean> {
  try {
    const answer = await callBridge(host, 'ping', { message: 'still there?' }, timeoutMs);
    return answer.ok && (answer.value as { message?: string }).message === 'still there?';
  } catch {
    return false;
  }
}
