import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import type { WebHost } from '../../../hosts/web/server';
import { parseRange } from '../../../hosts/media/range';
import { isLoopbackAddress, startWebHost } from '../../../hosts/web/server';

const rendererDir = mkdtempSync(join(tmpdir(), 'mi-renderer-'));
mkdirSync(join(rendererDir, 'assets'));
writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>test page</title>');
writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
writeFileSync(join(rendererDir, '..', 'outside-secret.txt'), 'secret');

const handlers = (emit: Parameters<Parameters<typeof startWebHost>[0]['createHandlers']>[0]) =>
  ({
    ping: ({ message }: { message: string }) => {
      emit('onNotice', { level: 'info', message: `pinged with ${message}` });
      return { message, receivedAt: 'now' };
    },
    hostInfo: () => ({ kind: 'browser', version: '0.0.1', platform: 'linux' }),
  }) as unknown as Handlers;

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function get(host: WebHost, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: host.port, path, headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(url: string, origin?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin ? { origin } : {});
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
  });
}

function next(ws: WebSocket): Promise<unknown> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
}

describe('the browser host', () => {
  let host: WebHost;

  beforeAll(async () => {
    host = await startWebHost({ rendererDir, createHandlers: handlers });
  });
  afterAll(() => host.close());

  it('listens on 127.0.0.1 on a free port and prints a URL with a 64-character token', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[0-9a-f]{64}$/);
  });

  it('serves the page with the token, sets a strict cookie and a CSP', async () => {
    const answer = await get(host, `/?token=${host.token}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('test page');
    expect(answer.headers['set-cookie']?.[0]).toBe(
      `mi_token=${host.token}; HttpOnly; SameSite=Strict; Path=/`,
    );
    expect(answer.headers['content-security-policy']).toContain(
      `connect-src 'self' ws://127.0.0.1:${host.port}`,
    );
  });

  it('serves assets to a page that carries the cookie', async () => {
    const answer = await get(host, '/assets/app.js', { cookie: `mi_token=${host.token}` });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    ['no token', '/', {}],
    ['a wrong token', `/?token=${'a'.repeat(64)}`, {}],
    ['a short token', '/?token=abc', {}],
    ['a wrong cookie', '/assets/app.js', { cookie: 'mi_token=nope' }],
  ])('refuses a request with %s (401)', async (_label, path, headers) => {
    const answer = await get(host, path, headers);
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('open the URL the host printed');
  });

  it('answers a byte range with 206 so audio can seek', async () => {
    const answer = await get(host, '/assets/app.js', {
      cookie: `mi_token=${host.token}`,
      range: 'bytes=8-13',
    });
    expect(answer.status).toBe(206);
    expect(answer.body).toBe('log(1)');
    expect(answer.headers['content-range']).toBe('bytes 8-13/14');
  });

  it('refuses a foreign Host header, as a DNS-rebinding page would send', async () => {
    const answer = await get(host, `/?token=${host.token}`, { host: `evil.example:${host.port}` });
    expect(answer.status).toBe(403);
  });

  it.each([
    '/../outside-secret.txt',
    '/%2e%2e/outside-secret.txt',
    '/assets/..%2f..%2foutside-secret.txt',
  ])('never serves a file outside the renderer folder: %s', async (path) => {
    const answer = await get(host, `${path}${path.includes('?') ? '&' : '?'}token=${host.token}`);
    expect(answer.body).not.toContain('secret');
    expect(answer.status).toBe(404);
  });

  it('answers a call over the socket and pushes events', async () => {
    const ws = await openSocket(
      `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`,
      host.origin,
    );
    const received: unknown[] = [];
    ws.on('message', (d) => received.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ id: 1, call: 'ping', input: { message: 'hello' } }));
    await expect.poll(() => received.length).toBe(2);
    expect(received).toEqual([
      { event: 'onNotice', payload: { level: 'info', message: 'pinged with hello' } },
      { id: 1, ok: true, value: { message: 'hello', receivedAt: 'now' } },
    ]);
    ws.close();
  });

  it.each([
    [
      'an unknown call',
      { id: 2, call: 'deleteEverything', input: {} },
      { id: 2, ok: false },
      'unknown call',
    ],
    [
      'a payload with a wrong field',
      { id: 3, call: 'ping', input: { message: 1 } },
      { id: 3, ok: false },
      'ping: message',
    ],
    [
      'a request without an id',
      { call: 'ping', input: { message: 'x' } },
      { id: -1, ok: false },
      'id must be an integer',
    ],
  ])('answers %s with an error', async (_label, message, shape, error) => {
    const ws = await openSocket(
      `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`,
      host.origin,
    );
    const answer = next(ws);
    ws.send(JSON.stringify(message));
    const got = (await answer) as { error: string };
    expect(got).toMatchObject(shape);
    expect(got.error).toContain(error);
    ws.close();
  });

  it('answers text that is not JSON with an error and keeps the socket open', async () => {
    const ws = await openSocket(
      `ws://127.0.0.1:${host.port}/bridge?token=${host.token}`,
      host.origin,
    );
    const answer = next(ws);
    ws.send('{not json');
    expect(await answer).toMatchObject({ id: -1, ok: false });
    const second = next(ws);
    ws.send(JSON.stringify({ id: 9, call: 'hostInfo', input: {} }));
    expect(await second).toMatchObject({ id: 9, ok: true });
    ws.close();
  });

  it.each([
    [
      'no token',
      (h: WebHost) => `ws://127.0.0.1:${h.port}/bridge`,
      (h: WebHost) => h.origin,
      'status 401',
    ],
    [
      'a foreign origin',
      (h: WebHost) => `ws://127.0.0.1:${h.port}/bridge?token=${h.token}`,
      () => 'https://evil.example',
      'status 403',
    ],
    [
      'another path',
      (h: WebHost) => `ws://127.0.0.1:${h.port}/other?token=${h.token}`,
      (h: WebHost) => h.origin,
      'status 404',
    ],
  ])('refuses a socket with %s', async (_label, url, origin, error) => {
    await expect(openSocket(url(host), origin(host))).rejects.toThrow(error);
  });
});

describe('isLoopbackAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['::ffff:127.0.0.1', true],
    ['192.168.1.4', false],
    ['::ffff:10.0.0.1', false],
    ['0.0.0.0', false],
    ['fe80::1', false],
    [undefined, false],
  ])('%s -> %s', (address, expected) => {
    expect(isLoopbackAddress(address)).toBe(expected);
  });
});

describe('parseRange', () => {
  it.each([
    [undefined, 100, null],
    ['bytes=0-9', 100, { start: 0, end: 9 }],
    ['bytes=90-', 100, { start: 90, end: 99 }],
    ['bytes=-10', 100, { start: 90, end: 99 }],
    ['bytes=50-500', 100, { start: 50, end: 99 }],
    ['bytes=100-', 100, 'unsatisfiable'],
    ['bytes=9-3', 100, 'unsatisfiable'],
    ['bytes=-0', 100, 'unsatisfiable'],
    ['bytes=0-1,5-6', 100, null],
    ['items=0-1', 100, null],
  ])('%s of %d bytes -> %j', (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});
