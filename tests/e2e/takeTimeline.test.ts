import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportSession } from '../../core/export';
import type { SessionRecord } from '../../core/sessions/record';
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

/** A 30 s slot: one spoken warning at 0:12, an unconditional follow-up, a cut-in at the end. */
const SCENARIO = `id: timeline-drill
version: 1
title: Timeline drill
track: incident
slotSeconds: 30
warnings:
  - secondsElapsed: 12
    say: Eighteen seconds left.
slotEnd:
  action: cutIn
  say: Let's stop there, we are out of time.
prompt: Tell me about an outage you owned.
followUps:
  - id: what-changed
    ask: What did you change afterwards?
rubric:
  weights:
    structure: 1
    metrics: 1
`;

/** Speech with short gaps: the microphone talks through the interviewer's cues. */
const ANSWER = [
  'i was the incident commander for the checkout outage',
  'i paged the database team and i rolled back the release',
  'recovery took forty five minutes and twelve thousand users were affected',
];

interface SavedTake extends SessionRecord {
  timing: SessionRecord['timing'] & { overrunMs: number; speechEndMs: number | null };
}

const sessionsOf = (dataDir: string) => {
  try {
    return readdirSync(join(dataDir, 'sessions'));
  } catch {
    return [];
  }
};

describe.skipIf(!ready)('one take, one clock, in Chromium with a fake microphone', () => {
  let host: RunningHost;
  let browser: Browser;
  let fixture: SpeechFixture;
  const dataDir = mkdtempSync(join(tmpdir(), 'mi-e2e-timeline-'));
  const scenarioDir = join(dataDir, 'scenarios');

  beforeAll(async () => {
    mkdirSync(scenarioDir);
    writeFileSync(join(scenarioDir, 'timeline-drill.yaml'), SCENARIO);
    fixture = speechFixture({ texts: ANSWER, gapsMs: [400, 400], edgeMs: 300, noiseDb: -60 })!;
    host = await startBuiltHost({
      MOCK_INTERVIEWER_DATA: dataDir,
      MOCK_INTERVIEWER_SCENARIOS: scenarioDir,
      MOCK_INTERVIEWER_MODELS_DIR: join(dataDir, 'no-models'),
      MOCK_INTERVIEWER_ENGINE: 'pocketsphinx',
    });
    browser = await launchChromium(fixture.wavPath);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('places the follow-up, the warning and the cut-in where they were due on the take timeline', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const watched = watchPage(page);
    await page.goto(host.url);
    await page.locator('[data-scenario-id="timeline-drill"]').click();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="interview-room"][data-phase="recording"]', {
      timeout: 60_000,
    });
    // The countdown's tone changes on the take's clock; note the clock when it does.
    await page.evaluate(`(() => {
      const countdown = document.querySelector('[data-testid="countdown"]');
      window.toneChanges = [];
      new MutationObserver(() =>
        window.toneChanges.push({
          tone: countdown.getAttribute('data-tone') ?? '',
          elapsedMs: Number(countdown.getAttribute('data-elapsed-ms')),
        }),
      ).observe(countdown, { attributes: true, attributeFilter: ['data-tone'] });
    })()`);

    await page.waitForTimeout(3000);
    await page.keyboard.press('n');
    await page.waitForSelector('[data-testid="interviewer-speaking"]', { timeout: 10_000 });
    await page.waitForSelector('[data-testid="countdown"]:not([data-tone="calm"])', {
      timeout: 20_000,
    });
    await page.waitForSelector('[data-testid="replay-room"]', { timeout: 90_000 });
    await keepScreenshot(page, 'timeline-replay');

    const [id] = sessionsOf(dataDir);
    const record = JSON.parse(
      readFileSync(join(dataDir, 'sessions', id!, 'session.json'), 'utf8'),
    ) as SavedTake;
    const prompt = (kind: string) => record.prompts.find((p) => p.kind === kind)!;
    const followUp = prompt('followUp');
    const warning = prompt('warning');
    const cutIn = prompt('slotEnd');
    const warningDelayMs = warning.atMs - 12_000;
    const cutInDelayMs = cutIn.atMs - 30_000;
    const tone = (
      (await page.evaluate('window.toneChanges')) as Array<{ tone: string; elapsedMs: number }>
    ).find((c) => c.tone !== 'calm')!;
    console.log(
      `warning starts ${warningDelayMs} ms after its mark (the countdown changed at ${tone.elapsedMs} ms); cut-in ${cutInDelayMs} ms after the slot's end; follow-up at ${followUp.atMs} ms`,
    );
    expect(followUp.text).toBe('What did you change afterwards?');
    expect(followUp.atMs).toBeGreaterThan(2500);
    expect(followUp.atMs).toBeLessThan(5000);
    expect(warningDelayMs).toBeGreaterThanOrEqual(0);
    expect(warningDelayMs).toBeLessThanOrEqual(150);
    expect(Math.abs(warning.atMs - tone.elapsedMs)).toBeLessThanOrEqual(150);
    expect(cutInDelayMs).toBeGreaterThanOrEqual(0);
    expect(cutInDelayMs).toBeLessThanOrEqual(300);
    expect(record.end).toBe('slotEnd');

    // The microphone talked all through the cut-in; none of it is overrun, and no pause
    // touches a span where the interviewer spoke.
    expect(record.audio.durationMs).toBeGreaterThan(cutIn.atMs + cutIn.durationMs - 200);
    expect(record.timing.overrunMs).toBeLessThanOrEqual(300);
    for (const p of [followUp, warning, cutIn]) {
      for (const pause of record.timing.pauses) {
        expect(pause.endMs < p.atMs || pause.startMs > p.atMs + p.durationMs).toBe(true);
      }
    }

    // The report shows the interviewer's times exactly as the HTML export does.
    const shown = await page.locator('[data-testid="prompt-marker"]').allTextContents();
    const html = exportSession(record, 'html').content;
    for (const p of [followUp, warning, cutIn]) {
      const inApp = shown.find((t) => t.includes(p.text))!;
      const appTime = /(\d+:\d\d)\s*$/.exec(inApp)![1];
      const exportTime = new RegExp(
        `<span class="time">(\\d+:\\d\\d)</span>: ${p.text.replace(/[.?']/g, (c) => (c === "'" ? '&#39;' : `\\${c}`))}`,
      ).exec(html)?.[1];
      expect(appTime).toBe(exportTime);
    }
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('discards a take cancelled during the question, leaving nothing on disk', async () => {
    const before = sessionsOf(dataDir).length;
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.locator('[data-scenario-id="timeline-drill"]').click();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="interview-room"][data-phase="prompt"]', {
      timeout: 60_000,
    });
    expect(sessionsOf(dataDir)).toHaveLength(before + 1);
    await page.keyboard.press('Escape');
    await page.locator('[data-testid="confirm-discard"]').click();
    await page.waitForSelector('[data-testid="interview-message"]');
    expect(await page.locator('[data-testid="interview-message"]').textContent()).toBe(
      'The take was discarded.',
    );
    expect(sessionsOf(dataDir)).toHaveLength(before);
    await page.close();
  });

  it('keeps a take whose page closed mid-answer, and recovers it from the library', async () => {
    const before = new Set(sessionsOf(dataDir));
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.locator('[data-scenario-id="timeline-drill"]').click();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="interview-room"][data-phase="recording"]', {
      timeout: 60_000,
    });
    await page.waitForTimeout(3000);
    await page.close();
    const id = sessionsOf(dataDir).find((s) => !before.has(s))!;

    // The host ends the take once the page is gone: the file is closed and it waits for recovery.
    const plan = () =>
      JSON.parse(readFileSync(join(dataDir, 'sessions', id, 'plan.json'), 'utf8')) as {
        status: string;
        message?: string;
      };
    await expect.poll(() => plan().message, { timeout: 15_000 }).toMatch(/page closed/);
    const recording = JSON.parse(
      readFileSync(join(dataDir, 'sessions', id, 'take.json'), 'utf8'),
    ) as { state: string; durationMs: number };
    expect(recording.state).toBe('complete');
    expect(recording.durationMs).toBeGreaterThan(2000);

    const library = await browser.newPage();
    await library.goto(host.url);
    await library.locator('[data-testid="tab-library"]').click();
    const row = library.locator(`[data-testid="unfinished-take"][data-take-id="${id}"]`);
    expect(await row.getAttribute('data-status')).toBe('recording');
    await row.locator('[data-testid="take-recover"]').click();
    await library.waitForSelector('[data-testid="replay-room"]', { timeout: 60_000 });
    expect(plan().status).toBe('scored');
    await library.close();
  });

  it('lists a take whose scoring failed, and scores it again', async () => {
    const before = new Set(sessionsOf(dataDir));
    const page = await browser.newPage();
    await page.goto(host.url);
    await page.locator('[data-scenario-id="timeline-drill"]').click();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid="interview-room"][data-phase="recording"]', {
      timeout: 60_000,
    });
    const id = sessionsOf(dataDir).find((s) => !before.has(s))!;
    // The replay cannot be written: a folder stands where the file goes.
    const blocker = join(dataDir, 'sessions', id, 'replay.wav');
    mkdirSync(blocker);
    await page.waitForTimeout(2000);
    await page.keyboard.press('Escape');
    await page.waitForSelector('[data-testid="interview-message"]', { timeout: 60_000 });
    expect(await page.locator('[data-testid="interview-message"]').textContent()).toBe(
      'Scoring failed: the report could not be written (EISDIR). The recording is kept: score it again from the library.',
    );

    await page.locator('[data-testid="tab-library"]').click();
    const row = page.locator(`[data-testid="unfinished-take"][data-take-id="${id}"]`);
    expect(await row.getAttribute('data-status')).toBe('scoringFailed');
    rmdirSync(blocker);
    await row.locator('[data-testid="take-scoreAgain"]').click();
    await page.waitForSelector('[data-testid="replay-room"]', { timeout: 60_000 });
    expect(readdirSync(join(dataDir, 'sessions', id))).toContain('session.json');
    await page.close();
  });
});
