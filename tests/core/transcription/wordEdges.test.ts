import { describe, expect, it } from 'vitest';
import { findEnergyDips, loudTimeline } from '../../../core/transcription/wordEdges';

/** 50 ms at -20 dB, 40 ms at -32 dB, 50 ms at -20 dB (10 ms frames). */
const sag = [-20, -20, -20, -20, -20, -32, -32, -32, -32, -20, -20, -20, -20, -20];

describe('energy dips inside a stretch of sound', () => {
  it('finds a 12 dB sag and gives its end as the place a word can start', () => {
    expect(findEnergyDips(sag, 10, 0, sag.length)).toEqual([
      { startMs: 40, endMs: 100, depthDb: 12 },
    ]);
  });

  it.each([
    ['shallower than asked', { minDepthDb: 13 }],
    ['shorter than asked', { minDipMs: 80 }],
  ])('ignores a sag %s', (_, options) => {
    expect(findEnergyDips(sag, 10, 0, sag.length, options)).toEqual([]);
  });

  it('gives times from frame 0 when looking at later frames only', () => {
    const padded = [-20, -20, -20, ...sag];
    expect(findEnergyDips(padded, 10, 3, padded.length)).toEqual([
      { startMs: 70, endMs: 130, depthDb: 12 },
    ]);
  });

  it('finds nothing in steady sound', () => {
    expect(findEnergyDips(new Array(50).fill(-15), 10, 0, 50)).toEqual([]);
  });
});

describe('the loud timeline of a stretch', () => {
  it('counts frames more than 25 dB below the loudest at a tenth of their length', () => {
    const timeline = loudTimeline([-10, -10, -50, -50, -10, -10], 10, 0, 60);
    expect(timeline.lengthMs).toBe(42);
    expect(timeline.loudAt(25)).toBe(20.5);
    expect([timeline.msAt(0), timeline.msAt(21), timeline.msAt(41), timeline.msAt(42)]).toEqual([
      0, 30, 59, 60,
    ]);
  });

  it('maps a stretch of even loudness one to one from its start', () => {
    const timeline = loudTimeline(new Array(100).fill(-20), 10, 200, 500);
    expect(timeline.lengthMs).toBe(300);
    expect([timeline.loudAt(200), timeline.loudAt(350), timeline.msAt(150)]).toEqual([0, 150, 350]);
  });
});
