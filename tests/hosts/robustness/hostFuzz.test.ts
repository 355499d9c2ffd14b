import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { calls } from '../../../core/bridge/contract';
import type { LiveHost } from './liveHost';
import {
  answersPing,
  callBridge,
  residentBytes,
  sendFrames,
  sendRaw,
  startLiveHost,
  upgradeRequest,
  wsFrame,
} from './liveHost';

/**
 * A bounded fuzzer against a live browser host on 127.0.0.1 (its own process, real handlers, a
 * fresh data folder). Each batch sends malformed HTTP requests, upgrade requests with hostile
 * targets and headers, connections reset mid-request, protocol-breaking WebSocket frames and
 * random bridge calls; after every batch the host must still be running, answer a ping, and
 * keep its memory within {@link MEMORY_GROWTH_BYTES} of where it started.
 *
 * The inputs come from one seed (`FUZZ_SEED` overrides it, to replay a CI failure) and the run
 * stops after {@link BUDGET_MS}, so CI spends a fixed few seconds here.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20261129);
const BUDGET_MS = 8_000;
const BATCH = 12;
const MEMORY_GROWTH_BYTES = 200 * 1024 * 1024;

const TARGETS = [
  '//[',
  'http://[/bridge',
  '//a:99999/',
  '/bridge',
  '/',
  '*',
  '/%',
  '/%00',
  '/media/../../../../etc/passwd',
  '/media/sessions/%2e%2e/%2e%2e/x.wav',
  '/assets/..%2f..%2fx',
  `/${'a'.repeat(9000)}`,
  '/?token=' + 'f'.repeat(64),
  'http://127.0.0.1/bridge',
  '/bridge?token=%ZZ',
];

const HEADER_LINES = [
  'Content-Length: -1',
  'Content-Length: 99999999999',
  'Transfer-Encoding: chunked',
  'Transfer-Encoding: chunked, identity',
  'Host: 127.0.0.1:1',
  'Host: evil.example',
  'Origin: null',
  'Cookie: mi_token=' + 'x'.repeat(100),
  'Range: bytes=999999999-',
  'Range: bytes=-0',
  'Sec-WebSocket-Version: 99',
  'Sec-WebSocket-Key: !!',
  'Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=1',
  `X-Long: ${'y'.repeat(20_000)}`,
  'Bad Header Without Colon',
  'Upgrade: websocket',
];

type Case =
  | {
      kind: 'http';
      method: string;
      target: string;
      headers: string[];
      body: string;
      reset: boolean;
    }
  | { kind: 'upgrade'; target: string; headers: string[]; token: boolean; reset: boolean }
  | { kind: 'frames'; frames: FrameSpec[] }
  | { kind: 'call'; name: string; input: unknown };

interface FrameSpec {
  opcode: number;
  rsv1: boolean;
  mask: boolean;
  fin: boolean;
  payload: Uint8Array;
  announcedBytes?: number;
}

const names = Object.keys(calls);
const frameSpec: fc.Arbitrary<FrameSpec> = fc.record({
  opcode: fc.constantFrom(0, 1, 2, 3, 7, 8, 9, 10, 11, 15),
  rsv1: fc.boolean(),
  mask: fc.boolean(),
  fin: fc.boolean(),
  payload: fc.oneof(
    fc.uint8Array({ maxLength: 64 }),
    fc.constantFrom(
      Uint8Array.from([0xc3, 0x28]),
      Uint8Array.from([0x03, 0xe7]),
      Uint8Array.from([0x0b, 0xb8]),
      new TextEncoder().encode('{"id":1,"call":"ping","input":{"message":"x"}}'),
    ),
  ),
  announcedBytes: fc.option(fc.constantFrom(9 * 1024 * 1024, 2 ** 32 - 1, 126, 65_535), {
    nil: undefined,
  }),
});

const fuzzCase: fc.Arbitrary<Case> = fc.oneof(
  fc.record({
    kind: fc.constant('http' as const),
    method: fc.constantFrom(
      'GET',
      'HEAD',
      'POST',
      'PUT',
      'DELETE',
      'OPTIONS',
      'CONNECT',
      'G\u0000T',
    ),
    target: fc.oneof(fc.constantFrom(...TARGETS), fc.string({ maxLength: 40 })),
    headers: fc.subarray(HEADER_LINES, { maxLength: 4 }),
    body: fc.string({ maxLength: 200 }),
    reset: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('upgrade' as const),
    target: fc.oneof(fc.constantFrom(...TARGETS), fc.string({ maxLength: 40 })),
    headers: fc.subarray(HEADER_LINES, { maxLength: 3 }),
    token: fc.boolean(),
    reset: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('frames' as const),
    frames: fc.array(frameSpec, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant('call' as const),
    name: fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 20 })),
    input: fc.oneof(
      fc.anything({ maxDepth: 3 }),
      fc.record({ id: fc.string({ maxLength: 130 }), takeId: fc.string({ maxLength: 130 }) }),
      fc.constant({ message: 'x'.repeat(100_000) }),
    ),
  }),
);

/** Sends one case to the host; what comes back does not matter, only that the host lives. */
async function send(host: LiveHost, c: Case): Promise<void> {
  switch (c.kind) {
    case 'http': {
      const head = `${c.method} ${c.target.replace(/[\r\n ]/g, '') || '/'} HTTP/1.1\r\n${[
        `Host: 127.0.0.1:${host.port}`,
        ...c.headers,
      ]
        .map((h) => `${h}\r\n`)
        .join('')}\r\n`;
      await sendRaw(host, head + c.body, { reset: c.reset, waitMs: 300 });
      return;
    }
    case 'upgrade': {
      const target = c.target.replace(/[\r\n ]/g, '') || '/';
      const withToken = c.token
        ? `${target}${target.includes('?') ? '&' : '?'}token=${host.token}`
        : target;
      const extra = Object.fromEntries(
        c.headers
          .map((h) => h.split(': '))
          .filter((kv) => kv.length === 2)
          .map(([k, v]) => [k!, v!]),
      );
      await sendRaw(host, upgradeRequest(host, withToken, extra), {
        reset: c.reset,
        waitMs: 300,
      });
      return;
    }
    case 'frames':
      await sendFrames(
        host,
        c.frames.map((f) =>
          wsFrame(f.payload, {
            opcode: f.opcode,
            rsv1: f.rsv1,
            mask: f.mask,
            fin: f.fin,
            ...(f.announcedBytes === undefined ? {} : { announcedBytes: f.announcedBytes }),
          }),
        ),
        300,
      );
      return;
    case 'call':
      await callBridge(host, c.name, c.input, 3000).catch(() => undefined);
  }
}

describe('a live browser host under a bounded fuzzer', () => {
  let host: LiveHost;
  beforeAll(async () => {
    host = await startLiveHost();
  });
  afterAll(() => host.stop());

  it(`keeps answering and stays within its memory for ${BUDGET_MS / 1000} s of hostile input`, async () => {
    const baseline = residentBytes(host.child.pid!);
    const cases = fc.sample(fuzzCase, { seed: SEED, numRuns: 5_000 });
    const started = Date.now();
    const sent: Record<Case['kind'], number> = { http: 0, upgrade: 0, frames: 0, call: 0 };
    let at = 0;
    while (Date.now() - started < BUDGET_MS && at < cases.length) {
      const batch = cases.slice(at, at + BATCH);
      at += batch.length;
      await Promise.all(batch.map((c) => send(host, c)));
      for (const c of batch) sent[c.kind]++;
      expect(
        host.exited(),
        `host died after case ${at} (seed ${SEED}): ${host.stderr()}`,
      ).toBeNull();
      expect(await answersPing(host), `no ping answer after case ${at} (seed ${SEED})`).toBe(true);
      expect(residentBytes(host.child.pid!) - baseline).toBeLessThan(MEMORY_GROWTH_BYTES);
    }
    // The run covered every kind of input, not just the first few cases.
    expect(Math.min(...Object.values(sent))).toBeGreaterThan(0);
    console.info(`fuzzer: seed ${SEED}, ${at} cases in ${Date.now() - started} ms`, sent);
  });
});
