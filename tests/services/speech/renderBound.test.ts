import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav } from '../../../core/audio/wav';
import type { CommandRunner } from '../../../services/speech/tts';
import { SpeechError, pendingRenders, renderPrompt } from '../../../services/speech/tts';

/**
 * A stand-in engine that writes a short WAV where espeak-ng would, once the test releases it:
 * it lets the test see how many syntheses the real limiter lets run at once.
 */
function gatedEngine() {
  let running = 0;
  let most = 0;
  const waiting: (() => void)[] = [];
  const runner: CommandRunner = async (_command, args) => {
    running++;
    most = Math.max(most, running);
    await new Promise<void>((resolve) => waiting.push(resolve));
    writeFileSync(args[args.indexOf('-w') + 1]!, encodeWav(new Float32Array(1600).fill(0.1)));
    running--;
    return { code: 0, signal: null, stderr: '' };
  };
  const releaseAll = async () => {
    while (pendingRenders() > 0) {
      waiting.splice(0).forEach((go) => go());
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { runner, releaseAll, most: () => most, waiting: () => waiting.length };
}

const options = (runner: CommandRunner) => ({
  cacheDir: mkdtempSync(join(tmpdir(), 'mi-render-bound-')),
  engine: 'espeak-ng' as const,
  findTool: () => '/usr/bin/espeak-ng',
  runner,
});

describe('concurrent prompt renders', () => {
  it('runs at most 4 speech engines at once and queues the rest', async () => {
    const engine = gatedEngine();
    const settings = options(engine.runner);
    const jobs = Array.from({ length: 10 }, (_, i) =>
      renderPrompt({ text: `Prompt number ${i}.` }, settings),
    );
    await expect.poll(pendingRenders).toBe(10);
    expect(engine.waiting()).toBe(4);
    await engine.releaseAll();
    const rendered = await Promise.all(jobs);
    expect(rendered.map((r) => r.durationMs)).toEqual(Array(10).fill(100));
    expect(engine.most()).toBe(4);
  });

  it('refuses a render when 64 are already waiting, naming the limit', async () => {
    const engine = gatedEngine();
    const settings = options(engine.runner);
    const jobs = Array.from({ length: 4 + 64 }, (_, i) =>
      renderPrompt({ text: `Queued prompt ${i}.` }, settings),
    );
    await expect.poll(pendingRenders).toBe(68);
    const refused = await renderPrompt({ text: 'One too many.' }, settings).catch(
      (e: unknown) => e,
    );
    expect(refused).toEqual(
      new SpeechError(
        '68 prompts are already being rendered or waiting (the concurrent render limit); wait for them to finish and try again',
      ),
    );
    await engine.releaseAll();
    expect((await Promise.all(jobs)).length).toBe(68);
  });
});
