import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeWire } from '../../core/bridge/wire';
import { defaultModelsDir } from '../../services/models/manager';
import { realTinyEnModel } from '../services/transcription/realSpeech';
import { speechFixture } from '../support/audioFixtures';
import type { SpeechFixture } from '../support/audioFixtures';
import { requireTool } from '../support/systemTools';
import { ARTIFACTS_DIR, chromiumPath, launchChromium, watchPage } from './support/chromium';
import type { RunningHost } from './support/host';
import { startBuiltHost } from './support/host';

/**
 * Live captions with Whisper tiny.en in a real Chromium take, everything running at once as a
 * user has it: the built host, its whisper worker, Chromium capturing a fake microphone (a
 * festival-spoken answer, looped) and playing the interviewer's prompts. Measured from the
 * bridge's own frames: when the host had received the audio up to the end of a caption's piece
 * (its `appendAudio` answers say how much audio it holds) and when that caption reached the
 * page; and from the key that ends the answer to the report on screen (the page's own times of
 * the key's event and of the first frame painted with the report). The numbers go to
 * test-artifacts/e2e/live-captions.json.
 *
 * One take of 1 minute by default; `MI_E2E_ANSWER_MINUTES=1,5,9.5` measures longer answers (the
 * scenario's slot is 10 minutes). The targets are asserted unless the machine's load average
 * at the take's start or end was above twice its cores (other work on the machine, not the
 * app's, which the numbers then measure as well).
 */

const model = realTinyEnModel();
const ready =
  chromiumPath &&
  model &&
  requireTool('text2wave', 'sudo apt-get install festival festvox-kallpc16k') &&
  requireTool('sox', 'sudo apt-get install sox');

const SENTENCES = [
  'the checkout service started failing at nine fifteen',
  'I paged the engineer on call',
  'I rolled back the deploy at once',
  'error rates dropped within two minutes',
  'we lost about twelve thousand requests',
  'afterwards I chaired the blameless review',
  'the burn rate alert fired before any customer complained',
  'recovery took forty five minutes from the first page',
];
const GAPS_MS = [700, 400, 1200, 500, 900, 600, 800];
/** The piece with a phrase's last word ends this far into the pause after it (chunking.ts). */
const PIECE_END_AFTER_WORD_MS = 300;
const CAPTION_LAG_TARGET_MS = 2500;
const REPORT_TARGET_MS = 1500;

const MINUTES = (process.env.MI_E2E_ANSWER_MINUTES ?? '1')
  .split(',')
  .map(Number)
  .filter((m) => m > 0 && m < 10);

interface TakeNumbers {
  minutes: number;
  captions: number;
  words: number;
  captionLagMs: { p50: number; p95: number; max: number };
  endToReportMs: number;
  /** The same, as the test's polling saw it (an upper bound). */
  seenByTestMs: number;
  loadAverage: { start: number; end: number };
  sampleCaption: string;
}

function nearestRank(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Follows the bridge's frames: audio the host holds over time, and captions as they arrive. */
function watchBridge(page: Page) {
  const received: { at: number; receivedMs: number }[] = [];
  const captions: { at: number; words: { text: string; endMs: number }[] }[] = [];
  page.on('websocket', (ws) => {
    ws.on('framereceived', ({ payload }) => {
      const at = Date.now();
      if (typeof payload !== 'string') return;
      const message = decodeWire(payload) as {
        event?: string;
        payload?: { words?: { text: string; endMs: number }[] };
        value?: { receivedMs?: unknown };
      };
      if (message.event === 'onCaption' && message.payload?.words?.length) {
        captions.push({ at, words: message.payload.words });
      } else if (typeof message.value?.receivedMs === 'number') {
        received.push({ at, receivedMs: message.value.receivedMs });
      }
    });
  });
  /** Wall-clock time at which the host held the take's audio up to `takeMs`. */
  const heldAt = (takeMs: number) => received.find((r) => r.receivedMs >= takeMs)?.at;
  return { captions, heldAt };
}

async function takeOf(
  browser: Browser,
  host: RunningHost,
  fixture: SpeechFixture,
  minutes: number,
): Promise<TakeNumbers> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const watched = watchPage(page);
  const bridge = watchBridge(page);
  await page.goto(host.url);
  await page.locator('[data-scenario-id="incident-minute-by-minute"]').click();
  await page.keyboard.press('Space');
  await page.waitForSelector(
    '[data-testid="interview-room"][data-phase="recording"], [data-testid="interview-message"]',
    { timeout: 90_000 },
  );
  const problem = page.locator('[data-testid="interview-message"]');
  if ((await problem.count()) > 0)
    throw new Error(
      `the take did not start: ${await problem.textContent()}\n${host.output().slice(-2000)}`,
    );
  const loadStart = loadavg()[0] ?? 0;
  // The key goes down wherever the answer is, mid-phrase or not: the harder case, since the
  // phrase being spoken has not been cut yet.
  await page.waitForTimeout(minutes * 60_000);
  // End to report on the page's own clock: from the key's event to the first frame painted
  // with the report. Playwright's waitForSelector polls (at 100 ms, then 500 ms steps), so the
  // time it returns can run up to half a second past the moment the report was on screen.
  await page.evaluate(`(() => {
    const marks = (window.reportMarks = {});
    addEventListener(
      'keydown',
      (e) => {
        if (e.key === 'Escape' && marks.keyAt === undefined) marks.keyAt = performance.now();
      },
      { capture: true },
    );
    new MutationObserver((_changes, observer) => {
      if (!document.querySelector('[data-testid="replay-room"]')) return;
      observer.disconnect();
      requestAnimationFrame(() => {
        marks.shownAt = performance.now();
      });
    }).observe(document.body, { childList: true, subtree: true });
  })()`);
  const stoppedAt = Date.now();
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid="replay-room"]', { timeout: 60_000 });
  const seenByTestMs = Date.now() - stoppedAt;
  const marks = await page.waitForFunction(
    'window.reportMarks.shownAt !== undefined && window.reportMarks.keyAt !== undefined && window.reportMarks',
  );
  const { keyAt, shownAt } = (await marks.jsonValue()) as { keyAt: number; shownAt: number };
  const endToReportMs = Math.round(shownAt - keyAt);
  const loadEnd = loadavg()[0] ?? 0;

  const lags = bridge.captions
    .filter((c) => c.at < stoppedAt)
    .map((c) => {
      const pieceEndMs = Math.max(...c.words.map((w) => w.endMs)) + PIECE_END_AFTER_WORD_MS;
      const held = bridge.heldAt(pieceEndMs);
      return held === undefined ? null : c.at - held;
    })
    .filter((lag): lag is number => lag !== null);
  const sample = bridge.captions.find((c) => c.words.length >= 4);
  expect(watched.errors).toEqual([]);
  await page.close();
  return {
    minutes,
    captions: bridge.captions.length,
    words: bridge.captions.reduce((n, c) => n + c.words.length, 0),
    captionLagMs: {
      p50: nearestRank(lags, 50),
      p95: nearestRank(lags, 95),
      max: Math.max(...lags),
    },
    endToReportMs,
    seenByTestMs,
    loadAverage: { start: loadStart, end: loadEnd },
    sampleCaption: sample ? sample.words.map((w) => w.text).join(' ') : '',
  };
}

describe.skipIf(!ready)('live captions with Whisper tiny.en in Chromium', () => {
  let host: RunningHost;
  let browser: Browser;
  let fixture: SpeechFixture;
  const dataDir = mkdtempSync(join(tmpdir(), 'mi-e2e-captions-'));
  const results: TakeNumbers[] = [];

  beforeAll(async () => {
    fixture = speechFixture({ texts: SENTENCES, gapsMs: GAPS_MS, edgeMs: 500, noiseDb: -60 })!;
    host = await startBuiltHost({
      MOCK_INTERVIEWER_DATA: dataDir,
      MOCK_INTERVIEWER_MODELS_DIR: dirname(model ?? defaultModelsDir()),
      MOCK_INTERVIEWER_ENGINE: 'whisper',
    });
    browser = await launchChromium(fixture.wavPath);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    if (results.length > 0) {
      mkdirSync(ARTIFACTS_DIR, { recursive: true });
      writeFileSync(
        join(ARTIFACTS_DIR, 'live-captions.json'),
        `${JSON.stringify({ engine: 'whisper tiny.en', takes: results }, null, 2)}\n`,
      );
    }
  });

  it.each(MINUTES)(
    'captions a %s-minute answer within 2.5 s (p95), with capitals and punctuation, and shows the report within 1.5 s of the key',
    async (minutes) => {
      const numbers = await takeOf(browser, host, fixture, minutes);
      results.push(numbers);
      console.info(`live captions, ${minutes}-min answer: ${JSON.stringify(numbers)}`);
      expect(numbers.captions).toBeGreaterThan(minutes * 5);
      // Whisper's own capitals and punctuation reach the page.
      expect(numbers.sampleCaption).toMatch(/[A-Z]/);
      expect(numbers.sampleCaption).toMatch(/[.,?!]/);
      const busy = Math.max(numbers.loadAverage.start, numbers.loadAverage.end) > 2 * cpus().length;
      if (!busy) {
        expect(numbers.captionLagMs.p95).toBeLessThanOrEqual(CAPTION_LAG_TARGET_MS);
        expect(numbers.endToReportMs).toBeLessThanOrEqual(REPORT_TARGET_MS);
      } else {
        console.warn(
          `load average ${numbers.loadAverage.start}-${numbers.loadAverage.end} on 2 cores: ` +
            'other work shares the machine; the numbers are recorded, the targets not asserted',
        );
      }
    },
    12 * 60_000,
  );
});
