import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeWav, floatToInt16, parseWav, wavHeader } from '../../../core/audio/wav';
import {
  RecordingError,
  TAKE_JSON,
  TAKE_WAV,
  findInterruptedTakes,
  openTake,
  readTakeMeta,
  recoverTake,
} from '../../../services/recording/recorder';
import type { RecorderFs, Take } from '../../../services/recording/recorder';
import { patternSample } from './fixtures/pattern';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..', '..');

const roots: string[] = [];
function tempRoot() {
  const root = fs.mkdtempSync(join(tmpdir(), 'takes-'));
  roots.push(root);
  return root;
}
afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

const fixedNow = () => new Date('2025-03-04T05:06:07.000Z');

function samplesOf(path: string): number[] {
  return Array.from(floatToInt16(parseWav(new Uint8Array(fs.readFileSync(path))).samples));
}

function diskError(code: string) {
  return Object.assign(new Error(`${code}: simulated`), { code });
}

describe('openTake', () => {
  it('writes appended chunks so that the closed WAV reads back as exactly the input', () => {
    const dir = join(tempRoot(), 'take-1');
    const take = openTake(dir, { now: fixedNow });
    const first = Int16Array.from([0, 1, -1, 32767, -32768]);
    const second = Float32Array.from([0.5, -0.25, 2, -2]);
    take.append(first);
    take.append(new Int16Array(0));
    take.append(second);
    const result = take.close();
    expect(result).toEqual({ wavPath: join(dir, TAKE_WAV), durationMs: 1 });
    expect(samplesOf(result.wavPath)).toEqual([
      0, 1, -1, 32767, -32768, 16384, -8192, 32767, -32768,
    ]);
    expect(readTakeMeta(dir)).toEqual({
      version: 1,
      state: 'complete',
      startedAt: '2025-03-04T05:06:07.000Z',
      endedAt: '2025-03-04T05:06:07.000Z',
      sampleRate: 16000,
      channels: 1,
      bitsPerSample: 16,
      durationMs: 1,
    });
    expect(fs.readdirSync(dir).sort()).toEqual([TAKE_JSON, TAKE_WAV]);
  });

  it('writes 16-bit little-endian bytes as they came, and refuses half a sample', () => {
    const dir = join(tempRoot(), 'take-bytes');
    const take = openTake(dir, { now: fixedNow });
    take.append(Uint8Array.from([0x01, 0x00, 0xff, 0xff, 0x00, 0x80]));
    expect(() => take.append(Uint8Array.from([0x01]))).toThrow(
      '16-bit audio must come in whole samples (an even number of bytes)',
    );
    // The refused chunk did not stop the take.
    take.append(Uint8Array.from([0xff, 0x7f]));
    expect(samplesOf(take.close().wavPath)).toEqual([1, -1, -32768, 32767]);
  });

  it('reports the duration of a longer take at its own sample rate', () => {
    const take = openTake(join(tempRoot(), 't'), { sampleRate: 48000 });
    for (let i = 0; i < 10; i++) take.append(new Int16Array(4800));
    expect(take.samplesWritten).toBe(48000);
    expect(take.close().durationMs).toBe(1000);
  });

  it('fsyncs and updates the header at most once per second of clock time', () => {
    const dir = join(tempRoot(), 'take');
    let clockMs = 0;
    let wavFd = -1;
    let recordingSyncs = 0;
    const take = openTake(dir, {
      clock: () => clockMs,
      fs: {
        openSync: ((path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode) => {
          const fd = fs.openSync(path, flags, mode);
          if (String(path).endsWith(TAKE_WAV)) wavFd = fd;
          return fd;
        }) as RecorderFs['openSync'],
        fsyncSync: (fd) => {
          if (fd === wavFd) recordingSyncs++;
          fs.fsyncSync(fd);
        },
      },
    });
    const declaredBytes = () =>
      new DataView(fs.readFileSync(take.wavPath).buffer).getUint32(40, true);
    recordingSyncs = 0;
    for (let k = 1; k <= 15; k++) {
      clockMs = k * 100;
      take.append(new Int16Array(1600));
    }
    expect(recordingSyncs).toBe(1);
    // The header was last updated at 1.0 s, after ten chunks of 3200 bytes.
    expect(declaredBytes()).toBe(32000);
    for (let k = 16; k <= 25; k++) {
      clockMs = k * 100;
      take.append(new Int16Array(1600));
    }
    expect(recordingSyncs).toBe(2);
    expect(declaredBytes()).toBe(64000);
    take.close();
    expect(declaredBytes()).toBe(80000);
  });

  it('keeps the audio of an aborted take and records why', () => {
    const dir = join(tempRoot(), 'take');
    const take = openTake(dir, { now: fixedNow });
    take.append(Int16Array.from([7, 8, 9]));
    expect(take.abort('the candidate restarted the answer').durationMs).toBe(0);
    expect(samplesOf(take.wavPath)).toEqual([7, 8, 9]);
    expect(readTakeMeta(dir)).toMatchObject({
      state: 'aborted',
      reason: 'the candidate restarted the answer',
    });
  });

  it('refuses more audio after close, and returns the same result when closed twice', () => {
    const dir = join(tempRoot(), 'take');
    const take = openTake(dir);
    take.append(new Int16Array(160));
    const result = take.close();
    expect(take.close()).toBe(result);
    expect(() => take.append(new Int16Array(1))).toThrow(
      `the take in ${dir} is complete: start a new take to record more`,
    );
  });

  it('refuses a folder that already holds a take', () => {
    const dir = join(tempRoot(), 'take');
    openTake(dir).close();
    expect(() => openTake(dir)).toThrow(`${dir} already holds a take: record into a new folder`);
  });

  it.each([
    { code: 'EACCES', says: 'there is no permission to write DIR' },
    { code: 'EROFS', says: 'DIR is on a read-only disk' },
    { code: 'ENOSPC', says: 'the disk is full' },
  ])('explains a $code when the take cannot start', ({ code, says }) => {
    const dir = join(tempRoot(), 'take');
    let caught: unknown;
    try {
      openTake(dir, {
        fs: {
          openSync: () => {
            throw diskError(code);
          },
        },
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RecordingError);
    expect((caught as RecordingError).code).toBe(code);
    expect((caught as Error).message).toBe(
      `cannot start a take: ${says.replace('DIR', dir)}; choose a folder you can write to with free space`,
    );
  });
});

describe('a disk that fills up during a take', () => {
  /** Real writes, until `budget` bytes of audio are on disk; then ENOSPC. Header rewrites always fit. */
  function fillingDisk(budget: number): Partial<RecorderFs> {
    let used = 0;
    return {
      writeSync: (fd, buffer, offset, length, position) => {
        if (position < 44) return fs.writeSync(fd, buffer, offset, length, position);
        const room = budget - used;
        if (room <= 0) throw diskError('ENOSPC');
        const n = fs.writeSync(fd, buffer, offset, Math.min(room, length), position);
        used += n;
        return n;
      },
    };
  }

  function fill(take: Take) {
    const chunk = Int16Array.from({ length: 8000 }, (_, i) => patternSample(i));
    take.append(chunk);
    take.append(chunk);
    let caught: unknown;
    try {
      take.append(chunk);
    } catch (error) {
      caught = error;
    }
    return { caught, chunk };
  }

  it('stops with a RecordingError that says what was saved and what to do', () => {
    const dir = join(tempRoot(), 'take');
    // Two chunks of 16000 bytes fit, then one odd byte of the third, then the disk is full.
    const take = openTake(dir, { fs: fillingDisk(32001) });
    const { caught } = fill(take);
    expect(caught).toBeInstanceOf(RecordingError);
    expect(caught).toMatchObject({
      code: 'ENOSPC',
      savedMs: 1000,
      message: `recording stopped: the disk is full. The first 1.0 s were saved in ${take.wavPath}; free some disk space before the next take`,
    });
  });

  it('keeps every whole sample written before the error as a valid WAV', () => {
    const dir = join(tempRoot(), 'take');
    const take = openTake(dir, { fs: fillingDisk(32001) });
    const { chunk } = fill(take);
    expect(samplesOf(take.wavPath)).toEqual([...chunk, ...chunk]);
    expect(fs.statSync(take.wavPath).size).toBe(44 + 32000);
    expect(readTakeMeta(dir)).toMatchObject({ state: 'failed', durationMs: 1000 });
  });

  it('repeats the error on later appends and closes to what was saved', () => {
    const dir = join(tempRoot(), 'take');
    const take = openTake(dir, { fs: fillingDisk(32001) });
    const { caught } = fill(take);
    expect(() => take.append(new Int16Array(10))).toThrow(caught as Error);
    expect(take.close()).toEqual({ wavPath: take.wavPath, durationMs: 1000 });
  });
});

describe('recoverTake', () => {
  function interruptedTake(dir: string, body: Uint8Array, header = wavHeader(0, 16000, 1, 16)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
      join(dir, TAKE_JSON),
      JSON.stringify({
        version: 1,
        state: 'recording',
        startedAt: '2025-03-04T05:06:07.000Z',
        sampleRate: 16000,
        channels: 1,
        bitsPerSample: 16,
      }),
    );
    const file = new Uint8Array(header.length + body.length);
    file.set(header);
    file.set(body, header.length);
    fs.writeFileSync(join(dir, TAKE_WAV), file);
  }

  it('rewrites a placeholder header from the audio on disk and drops a partial sample', () => {
    const dir = join(tempRoot(), 'take');
    const audio = encodeWav(Int16Array.from({ length: 1600 }, (_, i) => patternSample(i))).subarray(
      44,
    );
    interruptedTake(dir, Uint8Array.from([...audio, 0x12]));
    const result = recoverTake(dir, { now: fixedNow });
    expect(result).toEqual({
      wavPath: join(dir, TAKE_WAV),
      durationMs: 100,
      recovered: true,
      droppedBytes: 1,
    });
    expect(samplesOf(result.wavPath)).toEqual(
      Array.from({ length: 1600 }, (_, i) => patternSample(i)),
    );
    expect(readTakeMeta(dir)).toMatchObject({
      state: 'recovered',
      durationMs: 100,
      droppedBytes: 1,
      endedAt: '2025-03-04T05:06:07.000Z',
    });
  });

  it('rebuilds a header that was cut short, from the sample rate in take.json', () => {
    const dir = join(tempRoot(), 'take');
    interruptedTake(dir, new Uint8Array(0), wavHeader(0, 16000, 1, 16).subarray(0, 20));
    const result = recoverTake(dir);
    expect(result).toMatchObject({ durationMs: 0, recovered: true });
    expect(parseWav(new Uint8Array(fs.readFileSync(result.wavPath)))).toMatchObject({
      sampleRate: 16000,
      channels: 1,
    });
  });

  it('leaves a finished take as it is', () => {
    const dir = join(tempRoot(), 'take');
    const take = openTake(dir);
    take.append(new Int16Array(3200));
    take.close();
    const before = fs.readFileSync(take.wavPath);
    expect(recoverTake(dir)).toEqual({
      wavPath: take.wavPath,
      durationMs: 200,
      recovered: false,
      droppedBytes: 0,
    });
    expect(fs.readFileSync(take.wavPath).equals(before)).toBe(true);
  });

  it('says when a folder is not a take', () => {
    const dir = tempRoot();
    expect(() => recoverTake(dir)).toThrow(`${dir} is not a take folder: it has no take.json`);
  });
});

describe('findInterruptedTakes', () => {
  it('lists takes still marked recording, at any depth up to three, oldest first', () => {
    const root = tempRoot();
    const done = openTake(join(root, 'session-a', 'take-1'), {
      now: () => new Date('2025-01-01T00:00:00Z'),
    });
    done.close();
    const left = openTake(join(root, 'session-a', 'take-2'), {
      now: () => new Date('2025-01-02T00:00:00Z'),
    });
    left.append(new Int16Array(100));
    const older = openTake(join(root, 'session-b', 'take-1'), {
      now: () => new Date('2025-01-01T12:00:00Z'),
    });
    fs.mkdirSync(join(root, 'broken'));
    fs.writeFileSync(join(root, 'broken', TAKE_JSON), '{ not json');
    try {
      expect(findInterruptedTakes(root)).toEqual([
        {
          dir: join(root, 'session-b', 'take-1'),
          startedAt: '2025-01-01T12:00:00.000Z',
          sampleRate: 16000,
          wavBytes: 44,
        },
        {
          dir: join(root, 'session-a', 'take-2'),
          startedAt: '2025-01-02T00:00:00.000Z',
          sampleRate: 16000,
          wavBytes: 244,
        },
      ]);
    } finally {
      left.abort('test finished');
      older.abort('test finished');
    }
  });

  it('finds nothing under a folder that does not exist', () => {
    expect(findInterruptedTakes(join(tempRoot(), 'missing'))).toEqual([]);
  });
});

describe('a recording process killed mid-take', () => {
  it('leaves a take that recovers to everything it reported sent, as a valid WAV', async () => {
    const root = tempRoot();
    const dir = join(root, 'take');
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(here, 'fixtures', 'crashingWriter.ts'), dir],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let reported = 0;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const ended = new Promise<NodeJS.Signals | null>((resolve) => {
      child.on('exit', (_code, signal) => resolve(signal));
    });
    child.stdout.setEncoding('utf8').on('data', (text: string) => {
      for (const match of text.matchAll(/sent (\d+)/g))
        reported = Math.max(reported, Number(match[1]));
      // Kill it once 3 s of audio are reported written.
      if (reported >= 48000 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    const signal = await ended;
    expect(stderr).toBe('');
    expect(signal).toBe('SIGKILL');

    expect(findInterruptedTakes(root).map((t) => t.dir)).toEqual([dir]);
    const result = recoverTake(dir);
    const samples = samplesOf(result.wavPath);
    const lostMs = Math.max(0, ((reported - samples.length) * 1000) / 16000);
    console.info(
      `killed after ${reported} samples reported; recovered ${samples.length} (${result.durationMs} ms), lost ${lostMs} ms`,
    );
    expect(lostMs).toBeLessThanOrEqual(1000);
    expect(samples.length).toBeGreaterThanOrEqual(reported);
    const mismatches = samples.filter((v, i) => v !== patternSample(i)).length;
    expect(mismatches).toBe(0);
    expect(readTakeMeta(dir).state).toBe('recovered');
  });
});
