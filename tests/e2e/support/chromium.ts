import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import { requireTool } from '../../support/systemTools';

/** Where end-to-end screenshots are kept (uploaded as test artifacts). */
export const ARTIFACTS_DIR = join(import.meta.dirname, '../../../test-artifacts/e2e');

/** Debian's Chromium, or null (skip) on a machine without it; CI fails instead. */
export const chromiumPath = requireTool('chromium', 'sudo apt-get install chromium', [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
]);

/** The flags every run uses: headless, no network chatter, no GPU. */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Launches Chromium; `fakeMicrophoneWav` feeds that file to getUserMedia (it loops) and grants
 * the microphone without a prompt.
 */
export async function launchChromium(fakeMicrophoneWav?: string): Promise<Browser> {
  if (!chromiumPath) throw new Error('chromium is missing');
  const args = [...CHROMIUM_FLAGS, '--autoplay-policy=no-user-gesture-required'];
  if (fakeMicrophoneWav) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${fakeMicrophoneWav}`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath, args, headless: true });
}

/** Saves a full-page screenshot as test-artifacts/e2e/NAME.png and returns its path. */
export async function keepScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Collects console errors and failed requests so a test can assert there were none. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { errors };
}
