import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { electronBinary } from './support/electron';

const root = join(import.meta.dirname, '../..');

const binary = electronBinary();
if (!binary) {
  console.warn(
    'skipping the Electron app test: the Electron binary is not installed here (npm install was run with ELECTRON_SKIP_BINARY_DOWNLOAD=1)',
  );
}

describe.skipIf(!binary)('the Electron app', () => {
  it('opens one sandboxed window that lists the scenarios over the preload bridge', async () => {
    const app = await _electron.launch({ executablePath: binary!, args: [root], cwd: root });
    try {
      const window = await app.firstWindow();
      await expect
        .poll(() => window.locator('.host-status').getAttribute('data-status'), { timeout: 20_000 })
        .toBe('ready');
      expect(await window.locator('.host-status').textContent()).toMatch(/^Desktop app · v/);
      expect(await window.locator('.scenario').count()).toBeGreaterThanOrEqual(5);
      // The page has no Node: no require, no process.
      expect(
        await window.evaluate(() => typeof (globalThis as { require?: unknown }).require),
      ).toBe('undefined');
      // Only the contract's names are exposed, as functions.
      const exposed = await window.evaluate(() =>
        Object.keys((globalThis as { mockInterviewer?: object }).mockInterviewer ?? {}).sort(),
      );
      expect(exposed).toContain('ping');
      expect(exposed).not.toContain('invoke');
    } finally {
      await app.close();
    }
  });
});
