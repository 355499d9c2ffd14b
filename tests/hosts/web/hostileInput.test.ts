import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveHost } from '../robustness/liveHost';
import {
  answersPing,
  sendFrames,
  sendRaw,
  startLiveHost,
  upgradeRequest,
  wsFrame,
} from '../robustness/liveHost';

/**
 * One request or one frame must never take the browser host down: each case is sent to a real
 * host in its own process, which must still be running and answer a ping afterwards.
 */
let host: LiveHost;
beforeAll(async () => {
  host = await startLiveHost();
});
afterAll(() => host.stop());

const text = (s: string) => new TextEncoder().encode(s);
const closePayload = (code: number) => Uint8Array.from([code >> 8, code & 0xff]);

describe('a WebSocket upgrade the host cannot parse', () => {
  it.each([
    ['//[', '400 Bad Request'],
    ['http://[/bridge', '400 Bad Request'],
    ['//a:99999/', '400 Bad Request'],
    ['/%', '401 Unauthorized'],
    ['*', '401 Unauthorized'],
  ])('refuses the target %s with %s and keeps running', async (target, status) => {
    const answer = await sendRaw(host, upgradeRequest(host, target));
    expect(answer.split('\r\n')[0]).toBe(`HTTP/1.1 ${status}`);
    expect(host.exited()).toBeNull();
    expect(await answersPing(host)).toBe(true);
  });

  it('survives an upgrade without a token whose connection is reset at once', async () => {
    for (let i = 0; i < 5; i++) {
      await sendRaw(host, upgradeRequest(host, '/bridge'), { reset: true });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(host.exited()).toBeNull();
    expect(await answersPing(host)).toBe(true);
  });
});

describe('a bad frame from an authenticated client', () => {
  it.each<[string, Uint8Array[], number | null]>([
    // The host answers 1009 after the header and drops the connection while the 8 MB still
    // flow in, so the close frame may be lost to the reset: no code, or 1009.
    ['a message over 8 MB', [wsFrame(new Uint8Array(8 * 1024 * 1024 + 1).fill(0x20))], null],
    ['a header announcing 9 MB', [wsFrame(text('{}'), { announcedBytes: 9 * 1024 * 1024 })], 1009],
    ['an unmasked frame', [wsFrame(text('{"id":1}'), { mask: false })], 1002],
    ['invalid UTF-8', [wsFrame(Uint8Array.from([0xc3, 0x28, 0xff]))], 1007],
    ['RSV1 set', [wsFrame(text('{}'), { rsv1: true })], 1002],
    ['opcode 3', [wsFrame(text('{}'), { opcode: 3 })], 1002],
    ['close code 999', [wsFrame(closePayload(999), { opcode: 8 })], 1002],
  ])('closes the socket on %s and keeps running', async (_label, frames, code) => {
    const { handshake, closeCode } = await sendFrames(host, frames);
    expect(handshake.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    if (code === null) expect([1009, null]).toContain(closeCode);
    else expect(closeCode).toBe(code);
    expect(host.exited()).toBeNull();
    expect(await answersPing(host)).toBe(true);
  });
});

describe('links planted in the data folder', () => {
  it.each([
    ['a replay that links to a file outside', 'linked-file', 'replay.wav'],
    ['a take folder that links outside', 'linked-folder', 'secret.wav'],
  ])('serves no file through %s', async (_label, kind, name) => {
    const outside = join(host.dataDir, '..', `outside-${kind}`);
    mkdirSync(outside, { recursive: true });
    writeFileSync(join(outside, 'secret.wav'), 'private bytes');
    const take = join(host.dataDir, 'sessions', `20261123-090000-${kind}-abcdef`);
    mkdirSync(join(host.dataDir, 'sessions'), { recursive: true });
    if (kind === 'linked-file') {
      mkdirSync(take);
      symlinkSync(join(outside, 'secret.wav'), join(take, name));
    } else {
      symlinkSync(outside, take);
    }
    const target = `/media/sessions/20261123-090000-${kind}-abcdef/${name}?token=${host.token}`;
    const answer = await sendRaw(
      host,
      `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nConnection: close\r\n\r\n`,
    );
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 404 Not Found');
    expect(answer).not.toContain('private bytes');
  });
});
