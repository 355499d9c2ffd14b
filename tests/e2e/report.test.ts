import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../core/sessions/record';
import { contrastRatio, parseRgb } from '../support/contrast';
import { requireTool } from '../support/systemTools';
import {
  ARTIFACTS_DIR,
  chromiumPath,
  keepScreenshot,
  launchChromium,
  watchPage,
} from './support/chromium';
import type { RunningHost } from './support/host';
import { startBuiltHost } from './support/host';
import { seedTakes } from './support/takes';

const ready =
  chromiumPath &&
  requireTool('text2wave', 'sudo apt-get install festival festvox-kallpc16k') &&
  requireTool('sox', 'sudo apt-get install sox') &&
  requireTool('pocketsphinx_continuous', 'sudo apt-get install pocketsphinx pocketsphinx-en-us');

const SCENARIO = 'incident-minute-by-minute';

/** What the tests read of an audio element; page-side code has no DOM types in this project. */
type Media = { currentTime: number; duration: number; paused: boolean };
type Boxed = { getBoundingClientRect(): { top: number; bottom: number } };

const scrollTop = (page: Page) => page.evaluate<number>('window.scrollY');

/** One piece of text on the page: its colour, the background behind it, its size and weight. */
type TextSample = { text: string; color: string; background: string; px: number; weight: number };

/**
 * Page-side: every visible element under `root` with text of its own (SVG text by its fill),
 * with the first opaque background among it and its ancestors. Disabled controls are left out
 * (WCAG exempts them).
 */
const TEXT_SAMPLES = (root: string) => `(() => {
  const out = [];
  for (const el of document.querySelectorAll('${root} *')) {
    const own = [...el.childNodes].filter((n) => n.nodeType === 3 && n.textContent.trim()).map((n) => n.textContent.trim()).join(' ');
    if (!own || el.closest('[disabled], .sr-only, option')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    let background = 'rgba(0, 0, 0, 0)';
    for (let a = el; a; a = a.parentElement) {
      const b = getComputedStyle(a).backgroundColor;
      if (!/rgba\\(.*, 0\\)$/.test(b) && b !== 'transparent') { background = b; break; }
    }
    const color = el instanceof SVGElement ? style.fill : style.color;
    out.push({ text: own.slice(0, 40), color, background, px: parseFloat(style.fontSize), weight: Number(style.fontWeight) });
  }
  return out;
})()`;

/** The texts below WCAG AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold). */
async function lowContrast(page: Page, root: string): Promise<string[]> {
  const samples = await page.evaluate<TextSample[]>(TEXT_SAMPLES(root));
  expect(samples.length).toBeGreaterThan(20);
  const none = new Map<string, string>();
  return samples.flatMap((t) => {
    const fg = parseRgb(t.color);
    const bg = parseRgb(t.background) ?? { hex: '#000000', alpha: 1 };
    if (!fg || fg.alpha < 1 || bg.alpha < 1) return [`${t.text}: ${t.color} on ${t.background}`];
    const ratio = contrastRatio(fg.hex, bg.hex, none);
    const large = t.px >= 24 || (t.px >= 18.66 && t.weight >= 700);
    return ratio >= (large ? 3 : 4.5)
      ? []
      : [`${t.text}: ${fg.hex} on ${bg.hex} is ${ratio.toFixed(2)}:1`];
  });
}
const activeStartMs = (page: Page) =>
  page.evaluate<string | null>("document.activeElement?.getAttribute('data-start-ms') ?? null");

/** Three attempts at one scenario, weakest first, on three days. */
const TAKES = [
  {
    id: '20261120-090000-incident-aaa111',
    createdAt: '2026-11-20T09:00:00.000Z',
    texts: [
      'so um we had an outage on the checkout service',
      'we looked at it for a while and uh we fixed it',
      'it was pretty bad and lots of users were affected',
    ],
    gapsMs: [1500, 3000],
  },
  {
    id: '20261122-183000-incident-bbb222',
    createdAt: '2026-11-22T18:30:00.000Z',
    texts: [
      'the checkout service started failing after a release',
      'i paged the database team and we rolled back the release',
      'recovery took forty five minutes',
    ],
    gapsMs: [1200, 800],
  },
  {
    id: '20261125-081500-incident-ccc333',
    createdAt: '2026-11-25T08:15:00.000Z',
    texts: [
      'i was the incident commander for the checkout outage',
      'um i paged the database team and i rolled back the release in two minutes',
      'recovery took forty five minutes and twelve thousand users were affected',
      'afterwards i changed the runbook and we added an alert on the error budget',
    ],
    gapsMs: [800, 3000, 1200],
  },
];

describe.skipIf(!ready)('the report and replay in Chromium', () => {
  let host: RunningHost;
  let browser: Browser;
  let records: SessionRecord[];
  const dataDir = mkdtempSync(join(tmpdir(), 'mi-e2e-report-'));

  beforeAll(async () => {
    records = await seedTakes(dataDir, SCENARIO, TAKES);
    host = await startBuiltHost({
      MOCK_INTERVIEWER_DATA: dataDir,
      MOCK_INTERVIEWER_MODELS_DIR: join(dataDir, 'no-models'),
      MOCK_INTERVIEWER_ENGINE: 'pocketsphinx',
    });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  /** Opens the newest take's report from the library. */
  async function openReport(page: Page, id = TAKES[2]!.id): Promise<void> {
    await page.goto(host.url);
    await page.locator('[data-testid="tab-library"]').click();
    await page
      .locator(`[data-testid="session-row"][data-session-id="${id}"] [data-testid="open-session"]`)
      .click();
    await page.waitForSelector('[data-testid="replay-room"]');
    // The waveform is drawn once the audio is decoded; the audio element knows its length.
    await expect
      .poll(() =>
        page
          .locator('[data-testid="replay-audio"]')
          .evaluate((el) => (el as unknown as Media).duration),
      )
      .toBeGreaterThan(1);
  }

  const audioMs = (page: Page) =>
    page
      .locator('[data-testid="replay-audio"]')
      .evaluate((el) => (el as unknown as Media).currentTime * 1000);

  it('shows the score with its meaning, the changes, delivery and the next question above the fold at 1280x800', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watched = watchPage(page);
    await openReport(page);
    const record = records[2]!;

    expect(await page.locator('[data-testid="overall"]').textContent()).toBe(
      `${record.report.overall}/100`,
    );
    expect(await page.locator('[data-testid="verdict"]').textContent()).toMatch(
      /^(Above the bar|At the bar|Below the bar|Not there yet) \d\.\d of 4 on the panel’s scale$/,
    );
    const changes = page.locator('[data-testid="top-change"]');
    expect(await changes.count()).toBeGreaterThanOrEqual(2);
    expect(await changes.count()).toBeLessThanOrEqual(3);
    for (const tile of ['tile-pace', 'tile-fillers', 'tile-pauses', 'tile-slot']) {
      expect(
        await page.locator(`[data-testid="${tile}"] svg[role="img"]`).getAttribute('aria-label'),
      ).not.toBe('');
    }
    expect(await page.locator('[data-testid="tile-pauses"] .tile-figure').textContent()).toMatch(
      /^\d+ long · 1 stall$/,
    );

    await page.screenshot({ path: join(ARTIFACTS_DIR, 'report-top.png') });
    // Everything of the top sits inside the first 800 px, without scrolling.
    const fold = [
      '[data-testid="overall"]',
      '[data-testid="verdict"]',
      '[data-testid="top-change"] >> nth=1',
      '[data-testid="change-quote"] >> nth=0',
      '[data-testid="tile-pace"]',
      '[data-testid="tile-fillers"]',
      '[data-testid="tile-pauses"]',
      '[data-testid="tile-slot"]',
      '[data-testid="next-follow-up"]',
      '[data-testid="play-pause"]',
      '[data-testid="waveform"]',
    ];
    for (const selector of fold) {
      const box = await page.locator(selector).boundingBox();
      expect(box, selector).not.toBeNull();
      expect(box!.y + box!.height, selector).toBeLessThanOrEqual(800);
    }
    expect(await scrollTop(page)).toBe(0);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('highlights evidence, numbers, fillers and pauses in the transcript, with colour and a mark', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openReport(page);
    const transcript = page.locator('[data-testid="transcript"]');
    await transcript.scrollIntoViewIfNeeded();
    expect(await transcript.locator('.word.hl-metric').count()).toBeGreaterThan(0);
    expect(await transcript.locator('.word.hl-evidence').count()).toBeGreaterThan(0);
    // Each highlight has an underline style of its own, not colour alone.
    const decorations = await page.evaluate<string[]>(
      `['.hl-metric', '.hl-evidence', '.hl-filler']
        .map((s) => document.querySelector('[data-testid="transcript"] ' + s))
        .filter((w) => w !== null)
        .map((w) => getComputedStyle(w).textDecorationStyle)`,
    );
    expect(new Set(decorations).size).toBe(decorations.length);
    const stall = transcript.locator('[data-testid="transcript-pause"].t-stall');
    expect(await stall.count()).toBe(1);
    expect(await stall.textContent()).toMatch(/^■ stall (2\.9|3\.0|3\.1) s$/);
    await transcript.screenshot({ path: join(ARTIFACTS_DIR, 'report-transcript.png') });
    // From the top, so the sticky player sits where it starts in the full-page picture.
    await page.evaluate('window.scrollTo(0, 0)');
    await keepScreenshot(page, 'report-full');
    await page.close();
  });

  it('seeks on each click of evidence, a marker and the waveform, three rounds, and never scrolls the page; the transcript panel follows the word', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watched = watchPage(page);
    await openReport(page);
    const offsetMs = records[2]!.audio.replayOffsetMs;
    const evidence = page.locator('[data-testid="evidence"][data-start-ms]');
    const markers = page.locator(
      '[data-testid="pause-marker"], [data-testid="filler-marker"], [data-testid="prompt-marker"]',
    );
    const waveform = page.locator('[data-testid="waveform"]');
    await evidence.nth(0).scrollIntoViewIfNeeded();
    const scrollY = await scrollTop(page);
    expect(scrollY).toBeGreaterThan(0);
    // Evidence in view below the player, so the clicks themselves need no scrolling.
    const playerBottom = (await page.locator('[data-testid="player"]').boundingBox())!;
    const visible = (
      await evidence.evaluateAll((els) =>
        els.map((el) => (el as unknown as Boxed).getBoundingClientRect()),
      )
    )
      .map((box, i) => ({ box: { top: box.top, bottom: box.bottom }, i }))
      .filter(({ box }) => box.top > playerBottom.y + playerBottom.height && box.bottom < 800)
      .map(({ i }) => i);
    expect(visible.length).toBeGreaterThanOrEqual(2);
    const totalMs = await page
      .locator('[data-testid="replay-audio"]')
      .evaluate((el) => (el as unknown as Media).duration * 1000);

    const expectSeek = async (expectedMs: number) => {
      await expect
        .poll(() => audioMs(page), { timeout: 5000 })
        .toBeGreaterThanOrEqual(expectedMs - 150);
      expect(await audioMs(page)).toBeLessThan(expectedMs + 1500);
      // The page has not moved, now or a moment later (the old replay scrolled after ~1 s).
      await page.waitForTimeout(1200);
      expect(await scrollTop(page)).toBe(scrollY);
    };

    for (let round = 0; round < 3; round++) {
      const e = evidence.nth(visible[round % visible.length]!);
      const eMs = Number(await e.getAttribute('data-start-ms'));
      await e.click();
      await expectSeek(eMs + offsetMs);

      const m = markers.nth(round % (await markers.count()));
      const mMs = Number(await m.getAttribute('data-start-ms'));
      await m.click();
      await expectSeek(mMs + offsetMs);

      const box = (await waveform.boundingBox())!;
      const fraction = [0.2, 0.55, 0.8][round]!;
      // Lower half of the waveform: the marker rail sits above it.
      await page.mouse.click(box.x + box.width * fraction, box.y + box.height * 0.75);
      await expectSeek(fraction * totalMs - 200);
    }

    // Near the end of a short transcript panel, the panel follows the word; the page stays.
    const transcript = page.locator('[data-testid="transcript"]');
    await transcript.evaluate((el) => {
      (el as unknown as { style: { maxHeight: string } }).style.maxHeight = '64px';
    });
    const box = (await waveform.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.75);
    await expect
      .poll(() => transcript.evaluate((el) => (el as unknown as { scrollTop: number }).scrollTop))
      .toBeGreaterThan(0);
    expect(await scrollTop(page)).toBe(scrollY);
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('reaches the first marker with the keyboard in at most five presses, and single keys play, pause and jump', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openReport(page);
    const offsetMs = records[2]!.audio.replayOffsetMs;
    let presses = 0;
    let onMarker = false;
    while (presses < 5 && !onMarker) {
      await page.keyboard.press('Tab');
      presses += 1;
      onMarker = await page.evaluate(
        "document.activeElement?.classList.contains('wf-marker') ?? false",
      );
    }
    expect(onMarker).toBe(true);
    expect(presses).toBeLessThanOrEqual(5);
    const first = Number(await activeStartMs(page));
    const starts = await page
      .locator('.wf-marker')
      .evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-start-ms'))));
    expect(first).toBe(Math.min(...starts));
    await page.keyboard.press('Enter');
    await expect.poll(() => audioMs(page)).toBeGreaterThanOrEqual(first + offsetMs - 100);

    // Arrow keys move along the markers; N jumps to the next one; Space pauses; J goes back 5 s.
    await page.keyboard.press('ArrowRight');
    expect(Number(await activeStartMs(page))).toBe(starts[1]);
    await page.locator('#report-title').focus();
    await page.keyboard.press('n');
    await expect.poll(() => audioMs(page)).toBeGreaterThanOrEqual(starts[1]! + offsetMs - 100);
    await page.keyboard.press('Space');
    await expect
      .poll(() =>
        page
          .locator('[data-testid="replay-audio"]')
          .evaluate((el) => (el as unknown as Media).paused),
      )
      .toBe(true);
    const before = await audioMs(page);
    await page.keyboard.press('j');
    await expect.poll(() => audioMs(page)).toBeLessThanOrEqual(Math.max(0, before - 4900));
    await page.close();
  });

  it('keeps every text of the report and the progress room at WCAG AA contrast', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openReport(page);
    expect(await lowContrast(page, '[data-testid="replay-room"]')).toEqual([]);
    await page.locator('[data-testid="tab-progress"]').click();
    await expect.poll(() => page.locator('[data-testid="overall-point"]').count()).toBe(3);
    expect(await lowContrast(page, '[data-testid="progress"]')).toEqual([]);
    await page.close();
  });

  it('lays the report out in one column at 800x600', async () => {
    const page = await browser.newPage({ viewport: { width: 800, height: 600 } });
    const watched = watchPage(page);
    await openReport(page);
    const score = (await page.locator('.score-card').boundingBox())!;
    const changes = (await page.locator('.top-changes').boundingBox())!;
    expect(changes.y).toBeGreaterThanOrEqual(score.y + score.height);
    expect(Math.abs(changes.x - score.x)).toBeLessThan(2);
    const criteria = (await page.locator('.criteria-section').boundingBox())!;
    const transcript = (await page.locator('.transcript-section').boundingBox())!;
    expect(transcript.y).toBeGreaterThan(criteria.y + criteria.height - 1);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      800,
    );
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'report-800x600.png') });
    await keepScreenshot(page, 'report-800x600-full');
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('shows the overall score over dated attempts, a small chart per criterion, and newer minus older with signs', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const watched = watchPage(page);
    await page.goto(host.url);
    await page.locator('[data-testid="tab-progress"]').click();
    const points = page.locator('[data-testid="overall-point"]');
    await expect.poll(() => points.count()).toBe(3);
    // Per scenario by default.
    expect(await page.locator('[data-testid="progress-scenario"]').inputValue()).toBe(SCENARIO);
    expect(
      await points.evaluateAll((els) => els.map((e) => e.getAttribute('data-session-id'))),
    ).toEqual(TAKES.map((t) => t.id));
    expect(
      await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-overall')))),
    ).toEqual(records.map((r) => r.report.overall));
    const ticks = await page.locator('[data-testid="overall-chart"] .tick').allTextContents();
    expect(ticks.filter((t) => /Nov/.test(t))).toHaveLength(3);
    expect(await page.locator('.small-multiple').count()).toBe(records[0]!.report.criteria.length);

    // Picked newest first: the change is still newer minus older, with a sign on every figure.
    await page.locator('[data-testid="compare-0"]').selectOption(TAKES[2]!.id);
    await page.locator('[data-testid="compare-1"]').selectOption(TAKES[0]!.id);
    const changes = await page
      .locator('[data-testid="compare"] tbody td:last-child')
      .allTextContents();
    expect(changes.every((c) => /^[▲▼■] [+−±]\d+$/.test(c))).toBe(true);
    const overall = changes[changes.length - 1]!;
    const delta = records[2]!.report.overall - records[0]!.report.overall;
    expect(overall).toBe(`${delta > 0 ? '▲ +' : delta < 0 ? '▼ −' : '■ ±'}${Math.abs(delta)}`);
    await keepScreenshot(page, 'progress-room');
    // At 800x600 it fits the width.
    await page.setViewportSize({ width: 800, height: 600 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      800,
    );
    await keepScreenshot(page, 'progress-800x600');
    expect(watched.errors).toEqual([]);
    await page.close();
  });

  it('exports an HTML report that opens from disk and through the host with its styles and plays its audio, and a PDF', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await openReport(page);
    await page.getByRole('button', { name: 'HTML report' }).click();
    const path = (await page.locator('[data-testid="export-result"] code').textContent())!;
    expect(existsSync(path)).toBe(true);
    const href = (await page.locator('[data-testid="export-result"] a').getAttribute('href'))!;

    // From disk, in a fresh browser context; and through the host, as the "open" link opens it.
    const fromDisk = await browser.newPage({ viewport: { width: 1000, height: 800 } });
    await fromDisk.goto(pathToFileURL(path).href);
    const [throughHost] = await Promise.all([
      page.waitForEvent('popup'),
      page.locator('[data-testid="export-result"] a').click(),
    ]);
    await throughHost.waitForLoadState();
    expect(throughHost.url()).toBe(new URL(href, host.origin).href);
    for (const exported of [fromDisk, throughHost]) {
      const watched = watchPage(exported);
      // The inline style applies (the policy allows it): the page's own width.
      expect(
        await exported.evaluate<string>('getComputedStyle(document.body).maxWidth'),
        exported.url(),
      ).toBe('960px');
      const played = await exported.evaluate<{ time: number; duration: number }>(`(async () => {
        const audio = document.querySelector('audio');
        await audio.play();
        await new Promise((resolve) => setTimeout(resolve, 800));
        audio.pause();
        return { time: audio.currentTime, duration: audio.duration };
      })()`);
      expect(played.time).toBeGreaterThan(0.3);
      expect(played.duration).toBeGreaterThan(5);
      expect(watched.errors).toEqual([]);
    }
    await fromDisk.screenshot({ path: join(ARTIFACTS_DIR, 'export-html.png'), fullPage: true });
    await fromDisk.close();
    await throughHost.close();

    await page.getByRole('button', { name: 'PDF' }).click();
    await expect
      .poll(() => page.locator('[data-testid="export-result"] code').textContent())
      .toMatch(/\.pdf$/);
    const pdf = readFileSync(
      (await page.locator('[data-testid="export-result"] code').textContent())!,
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.close();
  });
});
