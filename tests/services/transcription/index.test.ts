import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createTranscriber,
  parseEngineChoice,
  whisperEngineAvailable,
} from '../../../services/transcription';
import { tinyEnTestModel } from '../../support/ggmlModel';
import { pocketsphinx } from './speechClips';

describe('parseEngineChoice', () => {
  it.each([
    [undefined, 'auto'],
    ['', 'auto'],
    ['auto', 'auto'],
    ['whisper', 'whisper'],
    ['pocketsphinx', 'pocketsphinx'],
  ] as const)('reads %j as %s', (value, expected) => {
    expect(parseEngineChoice(value)).toBe(expected);
  });

  it('lists the valid engines for anything else', () => {
    expect(() => parseEngineChoice('vosk')).toThrow(
      '--engine must be whisper, pocketsphinx or auto, got "vosk".',
    );
  });
});

describe('createTranscriber', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'engines-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('picks whisper with the installed model when one is present (auto)', async () => {
    symlinkSync(tinyEnTestModel(), join(dir, 'ggml-tiny.en.bin'));
    const transcriber = await createTranscriber({ modelsDir: dir });
    expect([transcriber.engine, transcriber.model]).toEqual(
      whisperEngineAvailable() ? ['whisper', 'ggml-tiny.en.bin'] : ['pocketsphinx', undefined],
    );
  });

  it.skipIf(!pocketsphinx)(
    'falls back to pocketsphinx when no model is installed (auto)',
    async () => {
      const transcriber = await createTranscriber({ modelsDir: dir, engine: 'auto' });
      expect(transcriber.engine).toBe('pocketsphinx');
    },
  );

  it('fails with model-missing and the download command when whisper is asked for without a model', async () => {
    await expect(createTranscriber({ modelsDir: dir, engine: 'whisper' })).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('mock-interviewer models download tiny.en'),
    });
  });

  it('fails with model-missing when a named model is not installed, even in auto', async () => {
    await expect(
      createTranscriber({ modelsDir: dir, modelPath: 'small.en' }),
    ).rejects.toMatchObject({
      code: 'model-missing',
      message: expect.stringContaining('No Whisper model at small.en'),
    });
  });

  it('says how to get either engine when neither is available', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(createTranscriber({ modelsDir: dir })).rejects.toMatchObject({
        code: 'engine-missing',
        message: expect.stringMatching(
          /models download tiny\.en.*apt-get install pocketsphinx pocketsphinx-en-us/,
        ),
      });
    } finally {
      process.env.PATH = path;
    }
  });
});
