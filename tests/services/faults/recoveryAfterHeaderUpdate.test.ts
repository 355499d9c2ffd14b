import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { floatToInt16, parseWav } from '../../../core/audio/wav';
import { TAKE_WAV, openTake, recoverTake } from '../../../services/recording/recorder';
import type { RecorderFs } from '../../../services/recording/recorder';
import { takePatternSample } from './fixtures/pattern';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

/**
 * Opens a take whose clock the test moves, and returns a way to "crash" it: the file is closed
 * as the kernel would close it for a killed process, without any of the recorder's own closing.
 */
function takeWithClock() {
  const root = fs.mkdtempSync(join(tmpdir(), 'header-update-'));
  roots.push(root);
  let clockMs = 0;
  let wavFd = -1;
  const take = openTake(join(root, 'take'), {
    clock: () => clockMs,
    fs: {
      openSync: ((path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
        const fd = fs.openSync(path, flags, mode);
        if (String(path).endsWith(TAKE_WAV)) wavFd = fd;
        return fd;
      }) as RecorderFs['openSync'],
    },
  });
  return {
    take,
    appendAt(atMs: number, from: number, length: number) {
      clockMs = atMs;
      take.append(Int16Array.from({ length }, (_, i) => takePatternSample(0, from + i)));
    },
    crash: () => fs.closeSync(wavFd),
  };
}

describe('recovering a take killed after its header was last updated', () => {
  it.each([
    { chunks: 10, expectedMs: 1000 },
    { chunks: 11, expectedMs: 1100 },
    { chunks: 15, expectedMs: 1500 },
    { chunks: 19, expectedMs: 1900 },
  ])(
    'keeps all $chunks chunks of 100 ms written before the kill ($expectedMs ms), not just those the header counted',
    ({ chunks, expectedMs }) => {
      const { take, appendAt, crash } = takeWithClock();
      // The header is updated (and fsynced) when the clock reaches 1000 ms: after chunk 10.
      for (let k = 1; k <= chunks; k++) appendAt(k * 100, (k - 1) * 1600, 1600);
      crash();
      const result = recoverTake(take.dir);
      const samples = floatToInt16(
        parseWav(new Uint8Array(fs.readFileSync(result.wavPath))).samples,
      );
      expect(result.durationMs).toBe(expectedMs);
      expect(samples.length).toBe(chunks * 1600);
      expect(samples.findIndex((v, i) => v !== takePatternSample(0, i))).toBe(-1);
    },
  );
});
