import { createHash } from 'node:crypto';
import {
  createReadStream,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionRecord } from '../../core/sessions/record';
import { defaultModelsDir, resolveModelPath } from '../../services/models/manager';
import { speechFixture } from '../support/audioFixtures';
import type { SpeechFixture } from '../support/audioFixtures';
import type { ModelServer } from '../support/modelServer';
import { startModelServer } from '../support/modelServer';
import { requireTool } from '../support/systemTools';
import { chromiumPath, keepScreenshot, launchChromium, watchPage } from './support/chromium';
import type { RunningHost } from './support/host';
import { startBuiltHost } from './support/host';

/**
 * The model from inside the app, end to end: a loopback server stands in for the model host and
 * serves a real tiny.en model; the page downloads it with progress, cancels and resumes, the host
 * verifies it, and takes are then transcribed by Whisper with it.
 */

// The real tiny.en that `npm run setup -- --test-tools` installs, found the way the app finds it.
const realModel = await resolveModelPath(defaultModelsDir(), 'tiny.en');
if (!realModel) {
  const reason = `no real tiny.en model in ${defaultModelsDir()}; run \`npm run setup -- --test-tools\``;
  if (process.env.CI === 'true')
    throw new Error(`the model end-to-end test must run under CI: ${reason}`);
  console.warn(`skipping the model end-to-end test: ${reason}`);
}

const ready =
  !!realModel &&
  chromiumPath &&
  requireTool('text2wave', 'sudo apt-get install festival festvox-kallpc16k') &&
  requireTool('sox', 'sudo apt-get install sox') &&
  requireTool('pocketsphinx_continuous', 'sudo apt-get install pocketsphinx pocketsphinx-en-us');

const SCENARIO = `id: model-drill
version: 1
title: Model drill
track: incident
slotSeconds: 60
prompt: Tell me about an outage you owned.
rubric:
  weights:
    structure: 1
    metrics: 1
`;

const ANSWER = [
  'i was the incident commander for the checkout outage',
  'i paged the database team and i rolled back the release',
  'recovery took forty five minutes and twelve thousand users were affected',
];

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function savedTakes(dataDir: string): SessionRecord[] {
  return readdirSync(join(dataDir, 'sessions'))
    .filter((id) =>
      statSync(join(dataDir, 'sessions', id, 'session.json'), { throwIfNoEntry: false }),
    )
    .map(
      (id) =>
        JSON.parse(
          readFileSync(join(dataDir, 'sessions', id, 'session.json'), 'utf8'),
        ) as SessionRecord,
    )
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** A transcript's text in lower case without punctuation: `12,000 users.` → `12000 users`. */
const plain = (record: SessionRecord) =>
  record.transcript.text
    .toLowerCase()
    .replace(/[^a-z0-9' ]/g, '')
    .replace(/\s+/g, ' ');

/**
 * Runs one take of the drill: the question, `listenMs` of the fake microphone's looping answer,
 * then Finish.
 */
async function takeOne(page: Page, listenMs: number): Promise<void> {
  await page.locator('[data-testid="tab-interview"]').click();
  await page.locator('[data-scenario-id="model-drill"]').click();
  await page.locator('[data-testid="start"]').click();
  await page.waitForSelector(
    '[data-testid="interview-room"][data-phase="recording"], [data-testid="interview-message"]',
    { timeout: 60_000 },
  );
  const problem = page.locator('[data-testid="interview-message"]');
  if ((await problem.count()) > 0) {
    throw new Error(`the take did not start: ${await problem.textContent()}`);
  }
  await page.waitForTimeout(listenMs);
  await page.locator('[data-testid="finish"]').click();
  await page.waitForSelector('[data-testid="replay-room"]', { timeout: 240_000 });
}

describe.skipIf(!ready)('a Whisper model from inside the app, in Chromium', () => {
  let host: RunningHost;
  let browser: Browser;
  let server: ModelServer;
  let fixture: SpeechFixture;
  let modelBytes = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'mi-e2e-models-'));
  const modelsDir = join(dataDir, 'models');
  const scenarioDir = join(dataDir, 'scenarios');

  beforeAll(async () => {
    mkdirSync(scenarioDir);
    writeFileSync(join(scenarioDir, 'model-drill.yaml'), SCENARIO);
    modelBytes = statSync(realModel!).size;
    const catalogue = join(dataDir, 'catalogue.json');
    writeFileSync(
      catalogue,
      JSON.stringify({
        models: [
          {
            name: 'tiny.en',
            file: 'ggml-tiny.en.bin',
            sizeBytes: modelBytes,
            sha256: await sha256Of(realModel!),
            description: 'English, fastest',
          },
        ],
      }),
    );
    server = await startModelServer({ 'ggml-tiny.en.bin': realModel! });
    // About 5 s for the whole file: long enough to watch it and to cancel halfway.
    server.behaviour = { pieceBytes: 1_000_000, pieceDelayMs: 60 };
    fixture = speechFixture({ texts: ANSWER, gapsMs: [600, 600], edgeMs: 800, noiseDb: -60 })!;
    host = await startBuiltHost({
      MOCK_INTERVIEWER_DATA: dataDir,
      MOCK_INTERVIEWER_SCENARIOS: scenarioDir,
      MOCK_INTERVIEWER_MODELS_DIR: modelsDir,
      MOCK_INTERVIEWER_MODEL_BASE_URL: server.baseUrl,
      MOCK_INTERVIEWER_MODEL_CATALOGUE: catalogue,
      MOCK_INTERVIEWER_ENGINE: '',
    });
    browser = await launchChromium(fixture.wavPath);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await server?.close();
  });

  it('warns on a pocketsphinx take, downloads the model with progress, cancel and resume, transcribes the take again, and the next take uses Whisper', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const watched = watchPage(page);
    await page.goto(host.url);

    // Before any question is asked, the app says no Whisper model is installed.
    const advice = page.locator('[data-testid="model-advice"]');
    await advice.waitFor({ timeout: 20_000 });
    expect(await page.locator('[data-testid="next-engine"]').getAttribute('data-engine')).toBe(
      'pocketsphinx',
    );
    expect(await advice.locator('[data-testid="model-start"]').textContent()).toBe(
      'Download tiny.en',
    );
    await keepScreenshot(page, 'models-first-run');

    // A first take with pocketsphinx standing in: the report says its words are unreliable.
    await takeOne(page, fixture.durationMs);
    const notice = page.locator('[data-testid="engine-notice"]');
    expect(await notice.getAttribute('data-unreliable')).toBe('true');
    expect(await notice.locator('[data-testid="transcribed-by"]').getAttribute('data-engine')).toBe(
      'pocketsphinx',
    );
    const pocketsphinxTake = savedTakes(dataDir)[0]!;
    expect(pocketsphinxTake.transcript.engine).toBe('pocketsphinx');

    // One click downloads the model; the bar moves; Cancel keeps what arrived.
    await notice.locator('[data-testid="model-start"]').click();
    await page.waitForFunction(
      (total) => {
        const page = globalThis as unknown as {
          document: { querySelector(s: string): { getAttribute(n: string): string | null } | null };
        };
        const bar = page.document.querySelector('[data-testid="model-progress"]');
        const received = Number(bar?.getAttribute('data-received-bytes') ?? 0);
        return received > total * 0.2 && received < total * 0.8;
      },
      modelBytes,
      { timeout: 30_000, polling: 50 },
    );
    await keepScreenshot(page, 'models-downloading');
    await notice.locator('[data-testid="model-cancel"]').click();
    const outcome = notice.locator(
      '[data-testid="model-download-outcome"][data-phase="cancelled"]',
    );
    await outcome.waitFor({ timeout: 10_000 });
    expect(await outcome.textContent()).toMatch(
      /^The download of tiny\.en was cancelled\. \d+\.\d MB of 77\.7 MB is kept; press Resume to go on\.$/,
    );
    const resume = notice.locator('[data-testid="model-start"][data-resume="true"]');
    expect(await resume.textContent()).toMatch(/^Resume download \(\d+\.\d of 77\.7 MB · \d+%\)$/);
    const keptBytes = statSync(join(modelsDir, 'ggml-tiny.en.bin.part')).size;
    expect(keptBytes).toBeGreaterThan(0);

    // Resume asks the server for the rest only; the host checks the SHA-256 and installs it.
    await resume.click();
    const again = notice.locator('[data-testid="retranscribe-whisper"]');
    await again.waitFor({ timeout: 60_000 });
    expect(server.requests.map((r) => r.range)).toEqual([undefined, `bytes=${keptBytes}-`]);
    expect(await sha256Of(join(modelsDir, 'ggml-tiny.en.bin'))).toBe(await sha256Of(realModel!));
    expect(readdirSync(modelsDir)).toEqual(['ggml-tiny.en.bin']);
    expect(await again.textContent()).toBe('Transcribe again with Whisper (tiny.en)');

    // The pocketsphinx take, transcribed again with the new model.
    await again.click();
    await page.waitForSelector('[data-testid="transcribed-by"][data-engine="whisper"]', {
      timeout: 240_000,
    });
    expect(await page.locator('[data-testid="engine-notice"]').textContent()).toBe(
      'Transcribed by Whisper (tiny.en)',
    );
    const redone = savedTakes(dataDir).find((r) => r.id === pocketsphinxTake.id)!;
    expect([redone.transcript.engine, redone.transcript.model]).toEqual([
      'whisper',
      'ggml-tiny.en.bin',
    ]);
    await keepScreenshot(page, 'models-retranscribed');

    // The Models room lists it as installed and in use.
    await page.locator('[data-testid="tab-models"]').click();
    const row = page.locator('[data-testid="installed-model"][data-model="tiny.en"]');
    await row.waitFor();
    expect(await row.locator('[data-testid="in-use"]').textContent()).toBe('in use');
    expect(await page.locator('[data-testid="next-engine"]').textContent()).toBe(
      'Takes are transcribed by Whisper (tiny.en).',
    );
    await keepScreenshot(page, 'models-room');

    // The next take: no advice before it, and Whisper with that model transcribes it.
    await page.locator('[data-testid="tab-interview"]').click();
    await page.waitForSelector('[data-scenario-id="model-drill"]');
    expect(await page.locator('[data-testid="model-advice"]').count()).toBe(0);
    // Twice the looping answer's length, so every sentence is heard whole at least once.
    await takeOne(page, 2 * fixture.durationMs);
    const transcribedBy = page.locator('[data-testid="transcribed-by"]');
    expect(await transcribedBy.getAttribute('data-engine')).toBe('whisper');
    expect(await transcribedBy.getAttribute('data-model')).toBe('ggml-tiny.en.bin');
    const takes = savedTakes(dataDir);
    expect(takes).toHaveLength(2);
    const whisperTake = takes[1]!;
    expect([whisperTake.transcript.engine, whisperTake.transcript.model]).toEqual([
      'whisper',
      'ggml-tiny.en.bin',
    ]);
    console.log(`pocketsphinx heard: ${pocketsphinxTake.transcript.text}`);
    console.log(`Whisper tiny.en heard: ${whisperTake.transcript.text}`);
    expect(plain(whisperTake)).toContain('i was the incident commander for the checkout outage');
    expect(plain(whisperTake)).toContain('recovery took 45 minutes and 12000 users were affected');
    await keepScreenshot(page, 'models-whisper-report');
    expect(watched.errors).toEqual([]);
    await page.close();
  }, 900_000);
});
