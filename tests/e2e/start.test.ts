import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronBinary } from './support/electron';

const root = join(import.meta.dirname, '../..');

describe.skipIf(electronBinary() !== null)('npm start without the Electron binary', () => {
  it('says so in one line and starts the browser host, which answers its URL', async () => {
    const child = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no URL after 60 s:\n${output}`)), 60_000);
        child.stdout.on('data', () => {
          const match = /http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[0]);
          }
        });
      });
      const lines = output.split('\n').filter((l) => l.startsWith('start:'));
      expect(lines).toEqual([
        'start: the Electron binary is not installed here; starting the browser host instead (open the URL below).',
      ]);
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>Mock Interviewer</title>');
      expect((await fetch(url.replace(/\?token=.*/, ''))).status).toBe(401);
    } finally {
      child.kill('SIGTERM');
    }
  });
});
