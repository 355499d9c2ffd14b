import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../../hosts/bridge/dispatcher';
import type { WebHost } from '../../../hosts/web/server';
import { startWebHost } from '../../../hosts/web/server';

/**
 * The browser host listens on 127.0.0.1 only, so another machine cannot even open a connection
 * to it. Shown from this machine's own non-loopback address: the kernel refuses the connection
 * before the host's request checks (covered with isLoopbackAddress in
 * tests/hosts/web/server.test.ts) ever run.
 */

const externalIPv4 = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

function connectError(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the browser host seen from outside the loopback interface', () => {
  let rendererDir: string;
  let host: WebHost;

  beforeAll(async () => {
    rendererDir = mkdtempSync(join(tmpdir(), 'reach-renderer-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>reach</title>');
    host = await startWebHost({ rendererDir, createHandlers: () => ({}) as Handlers });
  });
  afterAll(async () => {
    await host.close();
    rmSync(rendererDir, { recursive: true, force: true });
  });

  it('accepts a connection on 127.0.0.1 (the control)', async () => {
    expect(await connectError('127.0.0.1', host.port)).toBe('connected');
  });

  it.skipIf(!externalIPv4)(
    `refuses a connection to this machine's address ${externalIPv4 ?? '(none)'} on the same port`,
    async () => {
      expect(await connectError(externalIPv4!, host.port)).toBe('ECONNREFUSED');
    },
  );
});
