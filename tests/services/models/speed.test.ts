import {
  lstatSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  MODEL_SPEED_FILE,
  SPEED_TAKES_KEPT,
  readMeasuredSpeeds,
  recordTakeSpeed,
} from '../../../services/models/speed';

describe('model speeds measured in takes', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mi-speed-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps each model’s last takes and reads back their median per minute of answer', async () => {
    expect(await readMeasuredSpeeds(dir)).toEqual(new Map());
    // 6 s of engine time for a 60 s answer, then 12 s for 60 s, then 9 s for 120 s.
    expect(await recordTakeSpeed(dir, 'tiny.en', 6000, 60_000)).toBe(true);
    expect(await recordTakeSpeed(dir, 'tiny.en', 12_000, 60_000)).toBe(true);
    expect(await recordTakeSpeed(dir, 'tiny.en', 9000, 120_000)).toBe(true);
    expect(await readMeasuredSpeeds(dir)).toEqual(
      new Map([['tiny.en', { msPerAudioMinute: 6000, takes: 3 }]]),
    );
    for (let i = 0; i < SPEED_TAKES_KEPT; i++)
      await recordTakeSpeed(dir, 'tiny.en', 20_000, 60_000);
    expect((await readMeasuredSpeeds(dir)).get('tiny.en')).toEqual({
      msPerAudioMinute: 20_000,
      takes: SPEED_TAKES_KEPT,
    });
    expect(statSync(join(dir, MODEL_SPEED_FILE)).mode & 0o777).toBe(0o600);
  });

  it('does not count short answers, empty times or names that are not model names', async () => {
    expect(await recordTakeSpeed(dir, 'tiny.en', 3000, 19_999)).toBe(false);
    expect(await recordTakeSpeed(dir, 'tiny.en', 0, 60_000)).toBe(false);
    expect(await recordTakeSpeed(dir, '../evil', 3000, 60_000)).toBe(false);
    expect(await readMeasuredSpeeds(dir)).toEqual(new Map());
  });

  it('keeps a model whose name is also an object property name like any other', async () => {
    expect(await recordTakeSpeed(dir, 'constructor', 6000, 60_000)).toBe(true);
    expect(await recordTakeSpeed(dir, 'toString', 3000, 60_000)).toBe(true);
    expect(await readMeasuredSpeeds(dir)).toEqual(
      new Map([
        ['constructor', { msPerAudioMinute: 6000, takes: 1 }],
        ['toString', { msPerAudioMinute: 3000, takes: 1 }],
      ]),
    );
  });

  it('records takes finishing at the same moment without losing one', async () => {
    await Promise.all(
      Array.from({ length: 4 }, (_, i) => recordTakeSpeed(dir, 'base', 1000 * (i + 1), 60_000)),
    );
    expect((await readMeasuredSpeeds(dir)).get('base')?.takes).toBe(4);
  });

  it('reads a damaged, foreign, huge or linked file as nothing measured, and replaces it on the next take', async () => {
    const file = join(dir, MODEL_SPEED_FILE);
    for (const text of ['{', '[]', '{"models":{"tiny.en":[-5]}}', '{"models":{},"extra":1}']) {
      writeFileSync(file, text);
      expect(await readMeasuredSpeeds(dir)).toEqual(new Map());
    }
    writeFileSync(file, `{"models":{"tiny.en":[6000]},"pad":"${' '.repeat(70_000)}"}`);
    expect(await readMeasuredSpeeds(dir)).toEqual(new Map());
    rmSync(file);
    symlinkSync('/dev/zero', file);
    expect(await readMeasuredSpeeds(dir)).toEqual(new Map());
    await recordTakeSpeed(dir, 'tiny.en', 6000, 60_000);
    expect(lstatSync(file).isFile()).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ models: { 'tiny.en': [6000] } });
  });
});
