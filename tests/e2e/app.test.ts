import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, keepScreenshot, launchChromium, watchPage } from './support/chromium';
import type { RunningHost } from './support/host';
import { startBuiltHost } from './support/host';

const scenarioFiles = readdirSync(join(import.meta.dirname, '../../scenarios')).filter((f) =>
  /\.ya?ml$/.test(f),
);

describe.skipIf(!chromiumPath)('the browser host in Chromium', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startBuiltHost();
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens the app, lists the scenarios from scenarios/ and proves a bridge round trip', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watched = watchPage(page);
    await page.goto(host.url);

    await expect
      .poll(() => page.locator('.host-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('ready');
    expect(await page.locator('.host-status').textContent()).toMatch(
      /^Browser host · v\d+\.\d+\.\d+$/,
    );
    expect(await page.locator('.host-status').getAttribute('data-round-trip-ms')).toMatch(/^\d+$/);

    const items = page.locator('.scenario');
    await expect.poll(() => items.count()).toBe(scenarioFiles.length);
    const titles = await page.locator('.scenario-title').allTextContents();
    expect(titles).toContain('Reconstruct an outage you owned, minute by minute');
    expect(await page.locator('[data-scenario-id="lightning-incident"] .slot').textContent()).toBe(
      '1:00',
    );

    // The page's own bridge answers a call made through the same socket the app uses.
    const socketUrl = `ws://127.0.0.1:${new URL(host.url).port}/bridge?token=${host.token}`;
    const echoed = await page.evaluate(async (url) => {
      const ws = new WebSocket(url);
      await new Promise((resolve) => (ws.onopen = resolve));
      const answer = new Promise<string>(
        (resolve) => (ws.onmessage = (m) => resolve(String(m.data))),
      );
      ws.send(JSON.stringify({ id: 7, call: 'ping', input: { message: 'from the page' } }));
      return JSON.parse(await answer) as { id: number; ok: boolean; value: { message: string } };
    }, socketUrl);
    expect(echoed).toMatchObject({ id: 7, ok: true, value: { message: 'from the page' } });

    await keepScreenshot(page, 'scenario-list');
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('refuses the page and the socket without the token', async () => {
    const page = await browser.newPage();
    const response = await page.goto(host.origin + '/');
    expect(response?.status()).toBe(401);
    expect(await page.textContent('body')).toContain('open the URL the host printed');

    const socketOpened = await page.evaluate(async (origin) => {
      const ws = new WebSocket(origin.replace('http', 'ws') + '/bridge');
      return new Promise<boolean>((resolve) => {
        ws.onopen = () => resolve(true);
        ws.onerror = () => resolve(false);
      });
    }, host.origin);
    expect(socketOpened).toBe(false);

    const withWrongToken = await page.goto(`${host.origin}/?token=${'0'.repeat(64)}`);
    expect(withWrongToken?.status()).toBe(401);
    await page.close();
  });
});
