import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { encodeBinaryRequest } from '../../../core/bridge/wire';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import type { WebHost } from '../../../hosts/web/server';
import { startWebHost } from '../../../hosts/web/server';

/** What appendAudio received, as the handler saw it. */
const received: Array<{ takeId: string; seq: number; bytes: number[] }> = [];
const handlers = (() =>
  ({
    appendAudio: ({ takeId, seq, pcm }: { takeId: string; seq: number; pcm: Uint8Array }) => {
      received.push({ takeId, seq, bytes: [...pcm] });
      return { receivedMs: pcm.length / 32 };
    },
  }) as unknown as Handlers) as Parameters<typeof startWebHost>[0]['createHandlers'];

describe('audio chunks as binary frames through the browser host', () => {
  let host: WebHost;
  let ws: WebSocket;
  const answer = () =>
    new Promise<unknown>((resolve) => ws.once('message', (d) => resolve(JSON.parse(String(d)))));

  beforeAll(async () => {
    const rendererDir = join(mkdtempSync(join(tmpdir(), 'mi-binary-')), 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
    host = await startWebHost({ rendererDir, createHandlers: handlers });
    ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge?token=${host.token}`, {
      origin: host.origin,
    });
    await new Promise((resolve) => ws.once('open', resolve));
  });
  afterAll(async () => {
    ws.close();
    await host.close();
  });

  it('hands the chunk to appendAudio as the bytes sent, validated by the contract', async () => {
    const pcm = new Uint8Array([1, 0, 255, 255, 0, 128, 255, 127]);
    const reply = answer();
    ws.send(
      encodeBinaryRequest(
        { id: 7, call: 'appendAudio', input: { takeId: 't-1', seq: 0, pcm } },
        'pcm',
      ),
    );
    expect(await reply).toEqual({ id: 7, ok: true, value: { receivedMs: 0.25 } });
    expect(received).toEqual([
      { takeId: 't-1', seq: 0, bytes: [1, 0, 255, 255, 0, 128, 255, 127] },
    ]);
  });

  it('refuses half a sample the way the contract says, naming the field', async () => {
    const reply = answer();
    ws.send(
      encodeBinaryRequest(
        { id: 8, call: 'appendAudio', input: { takeId: 't-1', seq: 1, pcm: new Uint8Array(3) } },
        'pcm',
      ),
    );
    expect(await reply).toEqual({
      id: 8,
      ok: false,
      error: 'appendAudio: pcm: pcm must hold whole 16-bit samples',
    });
  });

  it('answers a binary frame it cannot read with what to send instead', async () => {
    const reply = answer();
    ws.send(Uint8Array.from([255, 255, 0, 0, 1]));
    expect(await reply).toEqual({
      id: -1,
      ok: false,
      error:
        'malformed message: send JSON {id, call, input}, or a binary frame for a call that carries bytes',
    });
  });
});
