import { existsSync, lstatSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { asrTempDir, removeStaleTempDirs } from '../../../services/dataDir';
import { writeTempWav } from '../../../services/transcription/audioInput';

afterEach(() => vi.unstubAllEnvs());

const mode = (path: string) => (lstatSync(path).mode & 0o777).toString(8);

describe('audio handed to a recogniser that reads files', () => {
  it('goes into this process folder inside the data folder, for the user alone, never /tmp', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mi-asr-data-'));
    vi.stubEnv('MOCK_INTERVIEWER_DATA', dataDir);
    const wav = await writeTempWav(new Float32Array(160));
    expect(dirname(dirname(wav.path))).toBe(join(dataDir, 'tmp', `asr-${process.pid}`));
    expect([mode(dirname(wav.path)), mode(wav.path)]).toEqual(['700', '600']);
    await wav.remove();
    expect(existsSync(dirname(wav.path))).toBe(false);
  });

  it('is removed at the next start when the process that wrote it is gone', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'mi-asr-stale-'));
    const gone = join(dataDir, 'tmp', 'asr-2147483647');
    const parent = join(dataDir, 'tmp', `asr-${process.ppid}`);
    const own = asrTempDir(dataDir);
    const older = join(dataDir, 'tmp', 'mock-interviewer-asr-x1');
    for (const dir of [gone, parent, own, older])
      mkdirSync(join(dir, 'audio-1'), { recursive: true });
    removeStaleTempDirs(dataDir);
    expect([gone, parent, own, older].map(existsSync)).toEqual([false, true, true, false]);
  });
});
