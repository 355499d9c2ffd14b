import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { speechFixture } from '../support/audioFixtures';
import type { SpeechFixture } from '../support/audioFixtures';
import { requireTool } from '../support/systemTools';
import { chromiumPath, keepScreenshot, launchChromium, watchPage } from './support/chromium';
import type { RunningHost } from './support/host';
import { startBuiltHost } from './support/host';

const ready =
  chromiumPath &&
  requireTool('text2wave', 'sudo apt-get install festival festvox-kallpc16k') &&
  requireTool('sox', 'sudo apt-get install sox') &&
  requireTool('pocketsphinx_continuous', 'sudo apt-get install pocketsphinx pocketsphinx-en-us');

/** The scripted answer: a metric, ownership, a stall, an evaluation sentence. */
const ANSWER = [
  'i was the incident commander for the checkout outage',
  'i paged the database team and i rolled back the release',
  'recovery took forty five minutes and twelve thousand users were affected',
  'afterwards i changed the runbook and we added an alert on the error budget',
];
const GAPS_MS = [800, 3000, 1200];

describe.skipIf(!ready)('a whole take in Chromium with a fake microphone', () => {
  let host: RunningHost;
  let browser: Browser;
  let fixture: SpeechFixture;
  const dataDir = mkdtempSync(join(tmpdir(), 'mi-e2e-data-'));

  beforeAll(async () => {
    fixture = speechFixture({ texts: ANSWER, gapsMs: GAPS_MS, edgeMs: 1500, noiseDb: -60 })!;
    host = await startBuiltHost({
      MOCK_INTERVIEWER_DATA: dataDir,
      MOCK_INTERVIEWER_MODELS_DIR: join(dataDir, 'no-models'),
      MOCK_INTERVIEWER_ENGINE: 'pocketsphinx',
    });
    browser = await launchChromium(fixture.wavPath);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('asks, records, captions live, shows the stall, scores, saves, and replays with seekable markers', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watched = watchPage(page);
    await page.goto(host.url);
    await page.locator('[data-scenario-id="incident-minute-by-minute"]').click();
    await page.keyboard.press('Space');

    // The interviewer speaks the opening prompt, then recording starts.
    await page.waitForSelector('[data-testid="interviewer-speaking"]', { timeout: 30_000 });
    await page.waitForSelector(
      '[data-testid="interview-room"][data-phase="recording"], [data-testid="interview-message"]',
      { timeout: 60_000 },
    );
    const problem = page.locator('[data-testid="interview-message"]');
    if ((await problem.count()) > 0)
      throw new Error(`the take did not start: ${await problem.textContent()}`);
    const recordingStarted = Date.now();
    expect(await page.locator('[data-testid="countdown"]').textContent()).toMatch(
      /^(10:00|9:5\d)$/,
    );

    // The 3 s gap shows as a stall while it happens; captions arrive while the answer goes on.
    await page.waitForSelector('[data-testid="live-pause"][data-kind="stall"]', {
      timeout: 30_000,
    });
    await keepScreenshot(page, 'interview-room-stall');
    await expect
      .poll(() => page.locator('[data-testid="captions"] span:not(.muted)').count(), {
        timeout: 30_000,
      })
      .toBeGreaterThan(3);

    // Finish once the last sentence has been said, inside the quiet after it: the fake
    // microphone loops the file, and the quiet at its end and start would join into a stall.
    const lastWordsMs = fixture.clips[fixture.clips.length - 1]!.endMs;
    const left = lastWordsMs + 300 - (Date.now() - recordingStarted);
    if (left > 0) await page.waitForTimeout(left);
    await keepScreenshot(page, 'interview-room');
    const stoppedAt = Date.now();
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="replay-room"]', { timeout: 30_000 });
    const reportMs = Date.now() - stoppedAt;
    console.log(`report shown ${reportMs} ms after the candidate stopped`);

    // The report: metrics from the speech, ownership evidence, the stall with its length.
    const metrics = await page.locator('[data-testid="metric"]').allTextContents();
    expect(metrics.some((m) => m.startsWith('▶Recovery time: 45 min'))).toBe(true);
    expect(
      await page.locator('[data-criterion="ownership"] [data-testid="evidence"]').count(),
    ).toBeGreaterThan(0);
    // The inserted 3 s gap is the answer's one stall (a slow finish could add one at the very end).
    const stall = page.locator('[data-testid="pause-marker"].marker-stall').first();
    expect(await stall.textContent()).toMatch(/^Stall (2\.9|3\.0|3\.1) s at 0:\d\d$/);
    const stallStarts = await page
      .locator('[data-testid="pause-marker"].marker-stall')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-ms'))));
    expect(stallStarts.filter((ms) => ms < lastWordsMs - 1000)).toHaveLength(1);
    expect(await page.locator('[data-testid="next-follow-up"]').textContent()).not.toBe('');
    expect(await page.locator('[data-testid="word"]').count()).toBeGreaterThan(20);

    // Clicking the stall seeks the replay audio to it (take time plus the opening prompt).
    const startMs = Number(await stall.getAttribute('data-start-ms'));
    await stall.click();
    const audio = page.locator('[data-testid="replay-audio"]');
    const position = () =>
      audio.evaluate((el) => (el as unknown as { currentTime: number }).currentTime * 1000);
    await expect.poll(position, { timeout: 10_000 }).toBeGreaterThan(startMs);
    await keepScreenshot(page, 'replay-room');

    // The take is saved on disk and listed in the library.
    const sessions = readdirSync(join(dataDir, 'sessions'));
    expect(sessions).toHaveLength(1);
    const record = JSON.parse(
      readFileSync(join(dataDir, 'sessions', sessions[0]!, 'session.json'), 'utf8'),
    ) as {
      audio: { replayOffsetMs: number };
      timing: { pauses: { startMs: number; kind: string }[] };
    };
    expect(Math.abs((await position()) - (startMs + record.audio.replayOffsetMs))).toBeLessThan(
      1000,
    );
    const gapStart = record.timing.pauses.find((p) => p.kind === 'stall')!.startMs;
    expect(gapStart).toBe(startMs);

    await page.locator('[data-testid="tab-library"]').click();
    await expect.poll(() => page.locator('[data-testid="session-row"]').count()).toBe(1);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it("cuts the candidate off at the end of a short slot, and the cut-in is not the candidate's overrun", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watched = watchPage(page);
    await page.goto(host.url);
    await page.locator('[data-scenario-id="lightning-incident"]').click();
    await page.locator('[data-testid="start"]').click();
    await page.waitForSelector('[data-testid="interview-room"][data-phase="recording"]', {
      timeout: 60_000,
    });
    const started = Date.now();

    // Nobody presses a key: the microphone keeps talking and the slot runs out.
    await page.waitForSelector('[data-testid="countdown"][data-tone="amber"]', { timeout: 40_000 });
    await page.waitForSelector('[data-testid="interviewer-speaking"]', { timeout: 40_000 });
    await page.waitForSelector('[data-testid="replay-room"]', { timeout: 90_000 });
    const cutAfterMs = Date.now() - started;
    expect(cutAfterMs).toBeGreaterThan(60_000);
    expect(cutAfterMs).toBeLessThan(75_000);

    // The microphone talked on through the cut-in: that is the interviewer's time, not overrun.
    expect(await page.locator('[data-testid="overrun"]').count()).toBe(0);
    await keepScreenshot(page, 'replay-slot-end');

    const saved = readdirSync(join(dataDir, 'sessions')).map(
      (id) =>
        JSON.parse(readFileSync(join(dataDir, 'sessions', id, 'session.json'), 'utf8')) as {
          scenario: { id: string };
          end: string;
          timing: { overrunMs: number };
          audio: { durationMs: number };
          prompts: { kind: string; atMs: number; durationMs: number }[];
        },
    );
    const take = saved.find((r) => r.scenario.id === 'lightning-incident')!;
    expect(take.end).toBe('slotEnd');
    const cutIn = take.prompts.find((p) => p.kind === 'slotEnd')!;
    expect(cutIn.atMs - 60_000).toBeGreaterThanOrEqual(0);
    expect(cutIn.atMs - 60_000).toBeLessThanOrEqual(300);
    expect(take.timing.overrunMs).toBe(0);
    expect(take.audio.durationMs).toBeGreaterThan(cutIn.atMs + cutIn.durationMs - 200);
    expect(take.audio.durationMs).toBeLessThan(70_000);
    expect(watched.errors).toEqual([]);
    await page.close();
  });
});
