import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseWav } from '../../../core/audio/wav';
import {
  analyzeTiming,
  dropWordsInsideSilences,
  normalizeSpans,
  silencesFromWords,
} from '../../../core/timing/analysis';
import { detectSilences } from '../../../core/timing/silence';
import type { PauseKind, PauseThresholds } from '../../../core/timing/types';
import type { Word } from '../../../core/transcript';
import { speechFixture } from '../../support/audioFixtures';
import { requireTool } from '../../support/systemTools';

const SLOT_MS = 600_000;

/** A 20 s take: prompt until 1 s, speech 2.5-15 s with one inner silence, then quiet. */
function takeWithPause(pauseMs: number) {
  return {
    durationMs: 20_000,
    promptEndMs: 1000,
    slotMs: SLOT_MS,
    silences: [
      { startMs: 0, endMs: 2500 },
      { startMs: 5000, endMs: 5000 + pauseMs },
      { startMs: 15_000, endMs: 20_000 },
    ],
  };
}

describe('analyzeTiming pause classification', () => {
  const strict: PauseThresholds = { minPauseMs: 300, longMs: 800, stallMs: 2000 };
  it.each<{ pauseMs: number; thresholds?: PauseThresholds; kind: PauseKind | null }>([
    { pauseMs: 150, kind: null },
    { pauseMs: 200, kind: 'ordinary' },
    { pauseMs: 1000, kind: 'ordinary' },
    { pauseMs: 1001, kind: 'long' },
    { pauseMs: 2499, kind: 'long' },
    { pauseMs: 2500, kind: 'stall' },
    { pauseMs: 5000, kind: 'stall' },
    { pauseMs: 250, thresholds: strict, kind: null },
    { pauseMs: 800, thresholds: strict, kind: 'ordinary' },
    { pauseMs: 900, thresholds: strict, kind: 'long' },
    { pauseMs: 2000, thresholds: strict, kind: 'stall' },
  ])('reads a $pauseMs ms silence as $kind', ({ pauseMs, thresholds, kind }) => {
    const result = analyzeTiming({ ...takeWithPause(pauseMs), thresholds });
    expect(result.pauses).toEqual(kind ? [{ startMs: 5000, endMs: 5000 + pauseMs, kind }] : []);
  });

  it('does not count the silence before the first or after the last speech as a pause', () => {
    const result = analyzeTiming(takeWithPause(600));
    expect(result).toMatchObject({
      firstWordMs: 1500,
      speechStartMs: 2500,
      speechEndMs: 15_000,
      pauses: [{ startMs: 5000, endMs: 5600, kind: 'ordinary' }],
    });
  });
});

describe('analyzeTiming answer timing', () => {
  it('reports nothing said as no first word, no pauses and no time used', () => {
    const result = analyzeTiming({
      durationMs: 10_000,
      silences: [{ startMs: 0, endMs: 10_000 }],
      slotMs: SLOT_MS,
    });
    expect(result).toEqual({
      durationMs: 10_000,
      firstWordMs: null,
      speechStartMs: null,
      speechEndMs: null,
      pauses: [],
      fillers: [],
      wordsPerMinute: null,
      paceOverTime: [],
      overrunMs: 0,
      elapsedVsSlot: { elapsedMs: 0, slotMs: SLOT_MS, ratio: 0 },
    });
  });

  it('measures the overrun from the end of the prompt to the end of the last speech', () => {
    const result = analyzeTiming({ ...takeWithPause(600), slotMs: 10_000 });
    expect(result.overrunMs).toBe(4000);
    expect(result.elapsedVsSlot).toEqual({ elapsedMs: 14_000, slotMs: 10_000, ratio: 1.4 });
  });

  it.each([
    { firstStartMs: 2400, expected: 1500, why: 'inside the leading silence: moved to its end' },
    { firstStartMs: 2600, expected: 1600, why: 'in speech: kept' },
  ])('places the first word starting at $firstStartMs ($why)', ({ firstStartMs, expected }) => {
    const words: Word[] = [
      { text: 'so', startMs: firstStartMs, endMs: 2900 },
      { text: 'done', startMs: 14_000, endMs: 14_500 },
    ];
    expect(analyzeTiming({ ...takeWithPause(600), words }).firstWordMs).toBe(expected);
  });

  it('ends the answer where the trailing silence starts when the last word overlaps it', () => {
    const words: Word[] = [
      { text: 'so', startMs: 2500, endMs: 2900 },
      { text: 'done', startMs: 14_800, endMs: 15_400 },
    ];
    expect(analyzeTiming({ ...takeWithPause(600), words }).speechEndMs).toBe(15_000);
  });

  it('ignores words that ended before the prompt did', () => {
    const words: Word[] = [
      { text: 'prompt', startMs: 200, endMs: 800 },
      { text: 'so', startMs: 3000, endMs: 3300 },
    ];
    expect(analyzeTiming({ ...takeWithPause(600), words }).speechStartMs).toBe(3000);
  });

  it('computes the rate without vocal fillers and the pace per 30 s window', () => {
    const words: Word[] = [];
    for (let t = 0; t < 30_000; t += 500) words.push({ text: 'word', startMs: t, endMs: t + 200 });
    for (let t = 30_000; t < 70_000; t += 250)
      words.push({ text: 'word', startMs: t, endMs: t + 200 });
    words.push({ text: 'um', startMs: 29_700, endMs: 29_900 });
    const result = analyzeTiming({ durationMs: 70_000, silences: [], words, slotMs: SLOT_MS });
    expect(result.speechEndMs).toBe(69_950);
    expect(result.wordsPerMinute).toBe(188.7);
    expect(result.paceOverTime).toEqual([
      { startMs: 0, endMs: 30_000, wordsPerMinute: 120 },
      { startMs: 30_000, endMs: 69_950, wordsPerMinute: 240.3 },
    ]);
    expect(result.fillers).toEqual([{ text: 'um', startMs: 29_700, endMs: 29_900 }]);
  });

  it('keeps a last window of at least half a window on its own', () => {
    const words: Word[] = [];
    for (let t = 0; t < 46_000; t += 500) words.push({ text: 'word', startMs: t, endMs: t + 300 });
    const result = analyzeTiming({
      durationMs: 46_000,
      silences: [],
      words,
      slotMs: SLOT_MS,
      paceWindowMs: 30_000,
    });
    expect(result.paceOverTime.map((p) => [p.startMs, p.endMs])).toEqual([
      [0, 30_000],
      [30_000, 45_800],
    ]);
  });

  it.each([
    { input: { slotMs: 0 }, message: 'slotMs must be positive, got 0' },
    { input: { durationMs: -1 }, message: 'durationMs must be 0 or more, got -1' },
    { input: { paceWindowMs: 0 }, message: 'paceWindowMs must be positive, got 0' },
  ])('rejects $message', ({ input, message }) => {
    expect(() => analyzeTiming({ ...takeWithPause(600), ...input })).toThrow(message);
  });
});

describe('dropWordsInsideSilences', () => {
  const silences = [{ startMs: 1000, endMs: 3000 }];
  it.each([
    { word: { startMs: 1200, endMs: 1600 }, minOverlap: 0.5, kept: false, why: 'wholly inside' },
    { word: { startMs: 800, endMs: 1200 }, minOverlap: 0.5, kept: false, why: 'half inside' },
    { word: { startMs: 700, endMs: 1100 }, minOverlap: 0.5, kept: true, why: 'a quarter inside' },
    {
      word: { startMs: 2900, endMs: 3300 },
      minOverlap: 0.5,
      kept: true,
      why: 'a quarter inside at the end',
    },
    {
      word: { startMs: 800, endMs: 1200 },
      minOverlap: 1,
      kept: true,
      why: 'half inside, whole required',
    },
    {
      word: { startMs: 2000, endMs: 2000 },
      minOverlap: 0.5,
      kept: false,
      why: 'an instant inside',
    },
    {
      word: { startMs: 1000, endMs: 1000 },
      minOverlap: 0.5,
      kept: true,
      why: 'an instant on the edge',
    },
    { word: { startMs: 4000, endMs: 4500 }, minOverlap: 0.5, kept: true, why: 'outside' },
  ])('keeps=$kept a word $why', ({ word, minOverlap, kept }) => {
    const words = [{ text: 'thank', ...word }];
    expect(dropWordsInsideSilences(words, silences, minOverlap)).toEqual(kept ? words : []);
  });

  it('adds up the overlap of several silences', () => {
    const words = [{ text: 'you', startMs: 1500, endMs: 2500 }];
    const split = [
      { startMs: 1000, endMs: 2000 },
      { startMs: 2100, endMs: 3000 },
    ];
    expect(dropWordsInsideSilences(words, split, 0.8)).toEqual([]);
  });

  it('keeps order and extra fields of the surviving words', () => {
    const words = [
      { text: 'we', startMs: 0, endMs: 400, confidence: 0.9 },
      { text: 'thank', startMs: 1500, endMs: 1800, confidence: 0.2 },
      { text: 'paged', startMs: 3100, endMs: 3500, confidence: 0.8 },
    ];
    expect(dropWordsInsideSilences(words, silences, 0.5).map((w) => w.confidence)).toEqual([
      0.9, 0.8,
    ]);
  });

  it.each([0, 1.5, Number.NaN])('rejects a minOverlap of %s', (minOverlap) => {
    expect(() => dropWordsInsideSilences([], silences, minOverlap)).toThrow(
      `minOverlap must be a fraction in (0, 1], got ${minOverlap}`,
    );
  });
});

describe('normalizeSpans and silencesFromWords', () => {
  it('sorts, clips and merges overlapping spans', () => {
    expect(
      normalizeSpans(
        [
          { startMs: 900, endMs: 1200 },
          { startMs: -50, endMs: 100 },
          { startMs: 50, endMs: 200 },
          { startMs: 500, endMs: 400 },
        ],
        1000,
      ),
    ).toEqual([
      { startMs: 0, endMs: 200 },
      { startMs: 900, endMs: 1000 },
    ]);
  });

  it('reads gaps between words of at least the minimum as silences', () => {
    const words: Word[] = [
      { text: 'a', startMs: 500, endMs: 900 },
      { text: 'b', startMs: 950, endMs: 1300 },
      { text: 'c', startMs: 2000, endMs: 2400 },
    ];
    expect(silencesFromWords(words, 2450, 100)).toEqual([
      { startMs: 0, endMs: 500 },
      { startMs: 1300, endMs: 2000 },
    ]);
  });
});

const text2wave = requireTool('text2wave', 'apt install festival festvox-kallpc16k');
const sox = requireTool('sox', 'apt install sox');

describe.skipIf(!text2wave || !sox)('analyzeTiming on festival speech', () => {
  it('classifies the inserted 0.4/0.8/1.5/3.0/0.6 s gaps and ignores invented words in the stall', () => {
    const fixture = speechFixture();
    if (!fixture) throw new Error('the speech fixture could not be built');
    const wav = parseWav(new Uint8Array(readFileSync(fixture.wavPath)));
    const { silences, durationMs } = detectSilences(wav.samples, wav.sampleRate);
    const stall = fixture.gaps[3];
    if (!stall) throw new Error('the fixture has no fourth gap');
    const recognised: Word[] = [
      ...fixture.clips.map((c) => ({
        text: c.text.split(' ')[0] ?? '',
        startMs: c.startMs,
        endMs: c.startMs + 300,
      })),
      { text: 'thank', startMs: stall.startMs + 1000, endMs: stall.startMs + 1300 },
      { text: 'you', startMs: stall.startMs + 1300, endMs: stall.startMs + 1600 },
    ];
    const words = dropWordsInsideSilences(recognised, silences, 0.5);
    expect(words.map((w) => w.text)).toEqual(['the', 'I', 'I', 'error', 'we', 'afterwards']);
    const result = analyzeTiming({ durationMs, silences, words, slotMs: SLOT_MS });
    expect(result.pauses.map((p) => p.kind)).toEqual([
      'ordinary',
      'ordinary',
      'long',
      'stall',
      'ordinary',
    ]);
    expect(Math.abs((result.firstWordMs ?? NaN) - 500)).toBeLessThanOrEqual(50);
  }, 120_000);
});
