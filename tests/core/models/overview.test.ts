import { describe, expect, it } from 'vitest';
import {
  isUnreliableEngine,
  modelCost,
  modelNameFromFile,
  recommendModel,
  transcribedByLabel,
} from '../../../core/models/overview';

const ENGLISH = [
  { name: 'tiny.en', sizeBytes: 77_704_715 },
  { name: 'base.en', sizeBytes: 147_964_211 },
  { name: 'small.en', sizeBytes: 487_614_201 },
];
const GB = 1_000_000_000;

describe('the recommended model', () => {
  it.each([
    { cores: 1, memory: 8 * GB, free: 100 * GB, expected: 'tiny.en' },
    { cores: 2, memory: 8 * GB, free: 100 * GB, expected: 'tiny.en' },
    { cores: 4, memory: 16 * GB, free: 100 * GB, expected: 'base.en' },
    { cores: 16, memory: 32 * GB, free: 100 * GB, expected: 'base.en' },
    { cores: 4, memory: 1 * GB, free: 100 * GB, expected: 'tiny.en' },
    { cores: 4, memory: 16 * GB, free: 0.1 * GB, expected: 'tiny.en' },
    { cores: 4, memory: 16 * GB, free: null, expected: 'base.en' },
  ])(
    'is $expected with $cores cores, $memory bytes of memory and $free bytes free',
    ({ cores, memory, free, expected }) => {
      const choice = recommendModel(ENGLISH, {
        cores,
        totalMemoryBytes: memory,
        freeDiskBytes: free,
      });
      expect(choice?.name).toBe(expected);
    },
  );

  it('is nothing for an empty catalogue', () => {
    expect(recommendModel([], { cores: 2, totalMemoryBytes: GB, freeDiskBytes: GB })).toBe(
      undefined,
    );
  });
});

describe('what a model costs here', () => {
  it('divides the one-core time by the threads whisper.cpp gets, up to four', () => {
    const machine = { cores: 8, totalMemoryBytes: 16 * GB, freeDiskBytes: 50 * GB };
    expect(modelCost('base.en', 147_964_211, machine)).toEqual({
      diskBytes: 147_964_211,
      freeDiskBytes: 50 * GB,
      memoryBytes: 388_000_000,
      totalMemoryBytes: 16 * GB,
      msPerAudioMinute: 6500,
      threads: 4,
      scaledFrom: null,
    });
  });

  it('scales the time from the measured model of the nearest size, not the estimate', () => {
    const machine = { cores: 8, totalMemoryBytes: 16 * GB, freeDiskBytes: 50 * GB };
    const measured = new Map([
      ['tiny.en', { msPerAudioMinute: 9000, takes: 3 }],
      ['small', { msPerAudioMinute: 90_000, takes: 1 }],
      ['mine', { msPerAudioMinute: 1000, takes: 5 }],
    ]);
    // base is nearer tiny than small; by compute base costs 26/12 of tiny.
    const cost = modelCost('base.en', 147_964_211, machine, measured);
    expect(cost.scaledFrom).toBe('tiny.en');
    expect(cost.msPerAudioMinute).toBe(Math.round((9000 * 26_000) / 12_000));
    // A model measured itself is its own basis.
    expect(modelCost('small', 1, machine, measured)).toMatchObject({
      scaledFrom: 'small',
      msPerAudioMinute: 90_000,
    });
    // A model of unknown size is no basis.
    expect(
      modelCost('base.en', 1, machine, new Map([['mine', { msPerAudioMinute: 1, takes: 1 }]]))
        .scaledFrom,
    ).toBeNull();
  });

  it('costs a model of unknown size as the largest', () => {
    const machine = { cores: 1, totalMemoryBytes: GB, freeDiskBytes: null };
    expect(modelCost('custom', 10, machine).memoryBytes).toBe(852_000_000);
  });
});

describe('naming who transcribed a take', () => {
  it.each([
    [{ engine: 'whisper', model: 'ggml-tiny.en.bin' }, 'Whisper (tiny.en)'],
    [{ engine: 'whisper', model: 'mine' }, 'Whisper (mine)'],
    [{ engine: 'whisper', model: null }, 'Whisper (model not recorded)'],
    [{ engine: 'whisper' }, 'Whisper (model not recorded)'],
    [{ engine: 'pocketsphinx', model: null }, 'pocketsphinx'],
  ])('%j reads %s', (transcript, label) => {
    expect(transcribedByLabel(transcript)).toBe(label);
  });

  it('marks only pocketsphinx as unreliable', () => {
    expect([isUnreliableEngine('pocketsphinx'), isUnreliableEngine('whisper')]).toEqual([
      true,
      false,
    ]);
  });

  it('strips the ggml file decoration from a model name', () => {
    expect(modelNameFromFile('ggml-base.en.bin')).toBe('base.en');
  });
});
