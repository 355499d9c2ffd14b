import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { resampleTo16k } from '../../../core/audio/resample';
import { parseWav } from '../../../core/audio/wav';
import {
  SilenceFrames,
  detectSilences,
  detectSilencesInFrames,
  speechFromSilences,
} from '../../../core/timing/silence';
import type { SilenceSpan } from '../../../core/timing/types';
import { speechFixture, synthTake } from '../../support/audioFixtures';
import type { SpeechFixture } from '../../support/audioFixtures';
import { requireTool } from '../../support/systemTools';

const text2wave = requireTool('text2wave', 'apt install festival festvox-kallpc16k');
const sox = requireTool('sox', 'apt install sox');

interface GapMatch {
  gapMs: number;
  startErrorMs: number;
  endErrorMs: number;
}

/** Pairs each inserted gap with the detected silence that overlaps it most. */
function matchGaps(fixture: SpeechFixture, silences: SilenceSpan[]): GapMatch[] {
  return fixture.gaps.map((gap) => {
    const overlapping = silences
      .map((s) => ({ s, overlap: Math.min(s.endMs, gap.endMs) - Math.max(s.startMs, gap.startMs) }))
      .filter((m) => m.overlap > 0)
      .sort((a, b) => b.overlap - a.overlap);
    const best = overlapping[0]?.s;
    if (!best) return { gapMs: gap.gapMs, startErrorMs: Infinity, endErrorMs: Infinity };
    return {
      gapMs: gap.gapMs,
      startErrorMs: Math.abs(best.startMs - gap.startMs),
      endErrorMs: Math.abs(best.endMs - gap.endMs),
    };
  });
}

function summarize(matches: GapMatch[]) {
  const errors = matches.flatMap((m) => [m.startErrorMs, m.endErrorMs]).sort((a, b) => a - b);
  const middle = errors.length / 2;
  const median =
    errors.length % 2 === 0
      ? ((errors[middle - 1] ?? 0) + (errors[middle] ?? 0)) / 2
      : (errors[Math.floor(middle)] ?? 0);
  return { medianMs: median, maxMs: errors[errors.length - 1] ?? 0 };
}

function load(path: string) {
  const wav = parseWav(new Uint8Array(readFileSync(path)));
  return wav.sampleRate === 16000 ? wav.samples : resampleTo16k(wav.samples, wav.sampleRate);
}

describe.skipIf(!text2wave || !sox)('detectSilences on festival speech with inserted gaps', () => {
  let fixture: SpeechFixture;
  beforeAll(() => {
    const built = speechFixture();
    if (!built) throw new Error('the speech fixture could not be built');
    fixture = built;
  }, 120_000);

  it.each([160, 4000, 4001, 16_000])(
    'finds the same spans when the audio arrives in pieces of %d samples, as in a live take',
    (piece) => {
      const samples = load(fixture.wavPath);
      const frames = new SilenceFrames(16_000);
      for (let at = 0; at < samples.length; at += piece) {
        frames.push(samples.subarray(at, at + piece));
      }
      expect(detectSilencesInFrames(frames)).toEqual(detectSilences(samples, 16_000));
    },
  );

  it('the fixture clips are continuous speech: no inner quiet stretch reaches 200 ms', () => {
    expect(fixture.engine).toBe('festival');
    expect(fixture.clips.map((c) => c.innerQuietMs < 200)).toEqual(fixture.clips.map(() => true));
  });

  it('finds every inserted gap (0.4-3 s) with both edges within 50 ms under -55 dBFS noise', () => {
    const detection = detectSilences(load(fixture.wavPath), 16000);
    const matches = matchGaps(fixture, detection.silences);
    const { medianMs, maxMs } = summarize(matches);
    console.info(
      `gap edges under ${fixture.noiseDb} dBFS noise: median error ${medianMs} ms, max ${maxMs} ms`,
    );
    expect(matches.map((m) => m.gapMs)).toEqual([400, 800, 1500, 3000, 600]);
    expect(maxMs).toBeLessThanOrEqual(50);
  });

  it('finds no pause of 200 ms or more inside a spoken sentence', () => {
    const { silences } = detectSilences(load(fixture.wavPath), 16000);
    const inside = silences.filter(
      (s) =>
        s.endMs - s.startMs >= 200 &&
        fixture.clips.some((c) => s.startMs > c.startMs + 50 && s.endMs < c.endMs - 50),
    );
    expect(inside).toEqual([]);
    // Besides the leading and trailing silence, exactly one silence per inserted gap.
    expect(silences.filter((s) => s.endMs - s.startMs >= 200).length).toBe(fixture.gaps.length + 2);
  });

  it('finds the same gaps in the 44.1 kHz stereo float copy after resampling', () => {
    const detection = detectSilences(load(fixture.stereo44kPath), 16000);
    const { medianMs, maxMs } = summarize(matchGaps(fixture, detection.silences));
    console.info(`gap edges via 44.1 kHz stereo: median error ${medianMs} ms, max ${maxMs} ms`);
    expect(maxMs).toBeLessThanOrEqual(50);
  });

  it('estimates the noise floor within 6 dB of the -55 dBFS noise that was mixed in', () => {
    const detection = detectSilences(load(fixture.wavPath), 16000);
    expect(Math.abs(detection.noiseFloorDb - -55)).toBeLessThan(6);
    expect(detection.speechLevelDb).toBeGreaterThan(-25);
  });

  it('still finds every gap within 50 ms under a louder -45 dBFS noise floor', () => {
    const noisy = speechFixture({ noiseDb: -45 });
    if (!noisy) throw new Error('the speech fixture could not be built');
    const detection = detectSilences(load(noisy.wavPath), 16000);
    const { medianMs, maxMs } = summarize(matchGaps(noisy, detection.silences));
    console.info(`gap edges under -45 dBFS noise: median error ${medianMs} ms, max ${maxMs} ms`);
    expect(maxMs).toBeLessThanOrEqual(50);
  }, 120_000);
});

describe('detectSilences on synthetic signals', () => {
  it('returns no spans for empty input', () => {
    expect(detectSilences(new Float32Array(0), 16000)).toMatchObject({
      silences: [],
      speech: [],
      durationMs: 0,
    });
  });

  it('reads digital silence as one silence and no speech', () => {
    const detection = detectSilences(new Float32Array(32000), 16000);
    expect(detection.silences).toEqual([{ startMs: 0, endMs: 2000 }]);
    expect(detection.speech).toEqual([]);
    expect(detection.noiseFloorDb).toBe(-100);
  });

  it('reads steady noise alone as one silence', () => {
    const noise = synthTake([{ ms: 3000, toneDb: null }], { noiseDb: () => -40 });
    expect(detectSilences(noise, 16000).silences).toEqual([{ startMs: 0, endMs: 3000 }]);
  });

  it('places the edges of tone bursts over faint noise to within 10 ms', () => {
    const samples = synthTake([
      { ms: 500, toneDb: null },
      { ms: 1000, toneDb: -20 },
      { ms: 300, toneDb: null },
      { ms: 800, toneDb: -30 },
      { ms: 1200, toneDb: null },
      { ms: 500, toneDb: -20 },
      { ms: 400, toneDb: null },
    ]);
    const { silences, speech } = detectSilences(samples, 16000);
    const expected = [
      { startMs: 0, endMs: 500 },
      { startMs: 1500, endMs: 1800 },
      { startMs: 2600, endMs: 3800 },
      { startMs: 4300, endMs: 4700 },
    ];
    expect(silences.length).toBe(expected.length);
    silences.forEach((s, i) => {
      expect(Math.abs(s.startMs - (expected[i]?.startMs ?? NaN))).toBeLessThanOrEqual(10);
      expect(Math.abs(s.endMs - (expected[i]?.endMs ?? NaN))).toBeLessThanOrEqual(10);
    });
    expect(speech).toEqual(speechFromSilences(silences, 4700));
  });

  it('tracks a noise floor that rises 25 dB halfway and finds the gaps on both sides', () => {
    const segments = [];
    for (let i = 0; i < 10; i++)
      segments.push({ ms: 2000, toneDb: -18 }, { ms: 1000, toneDb: null });
    const samples = synthTake(segments, { noiseDb: (ms) => (ms < 15000 ? -65 : -40) });
    const { silences } = detectSilences(samples, 16000);
    const long = silences.filter((s) => s.endMs - s.startMs >= 800);
    expect(long.map((s) => Math.round(s.startMs / 1000) * 1000)).toEqual([
      2000, 5000, 8000, 11000, 14000, 17000, 20000, 23000, 26000, 29000,
    ]);
  });

  it('does not let a 20 ms click split a 2 s silence', () => {
    const samples = synthTake([
      { ms: 1000, toneDb: -20 },
      { ms: 1000, toneDb: null },
      { ms: 20, toneDb: -10 },
      { ms: 1000, toneDb: null },
      { ms: 1000, toneDb: -20 },
    ]);
    const { silences } = detectSilences(samples, 16000);
    expect(silences.length).toBe(1);
    const [only] = silences;
    expect(only && only.endMs - only.startMs).toBeGreaterThan(1990);
  });

  it.each([
    { gapMs: 60, minSilenceMs: undefined, found: 0 },
    { gapMs: 150, minSilenceMs: undefined, found: 1 },
    { gapMs: 150, minSilenceMs: 300, found: 0 },
    { gapMs: 400, minSilenceMs: 300, found: 1 },
  ])(
    'counts a $gapMs ms gap as a silence $found time(s) with minSilenceMs $minSilenceMs',
    ({ gapMs, minSilenceMs, found }) => {
      const samples = synthTake([
        { ms: 500, toneDb: null },
        { ms: 1000, toneDb: -20 },
        { ms: gapMs, toneDb: null },
        { ms: 1000, toneDb: -20 },
        { ms: 500, toneDb: null },
      ]);
      const { silences } = detectSilences(samples, 16000, { minSilenceMs });
      const inner = silences.filter((s) => s.startMs > 0 && s.endMs < 2500 + gapMs);
      expect(inner.length).toBe(found);
    },
  );

  it.each([
    { rate: 0, options: {}, message: 'sample rate must be positive, got 0' },
    {
      rate: 16000,
      options: { minSilenceMs: -1 },
      message: 'minSilenceMs must be a number of 0 or more, got -1',
    },
    { rate: 16000, options: { frameMs: 0 }, message: 'frameMs must be more than 0' },
  ])('rejects a bad setting: $message', ({ rate, options, message }) => {
    expect(() => detectSilences(new Float32Array(10), rate, options)).toThrow(message);
  });
});

describe('speechFromSilences', () => {
  it.each([
    { silences: [], durationMs: 1000, speech: [{ startMs: 0, endMs: 1000 }] },
    { silences: [{ startMs: 0, endMs: 1000 }], durationMs: 1000, speech: [] },
    {
      silences: [
        { startMs: 700, endMs: 900 },
        { startMs: 0, endMs: 200 },
        { startMs: 150, endMs: 300 },
      ],
      durationMs: 1000,
      speech: [
        { startMs: 300, endMs: 700 },
        { startMs: 900, endMs: 1000 },
      ],
    },
  ])(
    'complements $silences.length silences within the take',
    ({ silences, durationMs, speech }) => {
      expect(speechFromSilences(silences, durationMs)).toEqual(speech);
    },
  );
});
