import { describe, expect, it } from 'vitest';
import { ChunkSender, floatToPcm16 } from '../../renderer/src/audio/chunks';
import { PauseTracker, levelDb, livePauseKind } from '../../renderer/src/audio/pauses';

describe('floatToPcm16', () => {
  it('scales, clips and writes little-endian', () => {
    const bytes = floatToPcm16(new Float32Array([0, 1, -1, 2, -0.5]));
    const view = new DataView(bytes.buffer);
    expect([0, 1, 2, 3, 4].map((i) => view.getInt16(i * 2, true))).toEqual([
      0, 32767, -32768, 32767, -16384,
    ]);
  });
});

describe('ChunkSender', () => {
  it('sends fixed-size chunks in order, one at a time, however slow the host is', async () => {
    const sent: Array<{ seq: number; samples: number }> = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const releases: Array<() => void> = [];
    const sender = new ChunkSender(
      async (seq, pcm) => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise<void>((resolve) => releases.push(resolve));
        sent.push({ seq, samples: pcm.byteLength / 2 });
        inFlight--;
      },
      () => {
        throw new Error('no error expected');
      },
      4,
    );
    sender.push(new Float32Array(6));
    sender.push(new Float32Array(5));
    const done = sender.flush();
    // Release the host's answers one by one as they are asked for.
    while (sent.length < 3) {
      await Promise.resolve();
      releases.shift()?.();
      await new Promise((r) => setTimeout(r, 0));
    }
    await done;
    expect(sent).toEqual([
      { seq: 0, samples: 4 },
      { seq: 1, samples: 4 },
      { seq: 2, samples: 3 },
    ]);
    expect(maxInFlight).toBe(1);
    expect(sender.pending).toBe(0);
  });

  it('stops after a failed send and reports it once', async () => {
    const errors: string[] = [];
    const seqs: number[] = [];
    const sender = new ChunkSender(
      async (seq) => {
        seqs.push(seq);
        if (seq === 1) throw new Error('disk full');
      },
      (e) => errors.push(e.message),
      2,
    );
    sender.push(new Float32Array(8));
    await sender.flush();
    expect(seqs).toEqual([0, 1]);
    expect(errors).toEqual(['disk full']);
    expect(sender.error?.message).toBe('disk full');
  });
});

describe('the live pause indicator', () => {
  it.each([
    [0, 'none'],
    [299, 'none'],
    [300, 'pause'],
    [1000, 'pause'],
    [1001, 'long'],
    [2500, 'long'],
    [2501, 'stall'],
  ] as const)('%d ms of silence is %s', (ms, kind) => {
    expect(livePauseKind(ms)).toBe(kind);
  });

  it('measures silence from the last speech over an adaptive floor', () => {
    const tracker = new PauseTracker();
    const speech = -20;
    const room = -58;
    expect(tracker.feed(room, 0)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(speech, 100)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(room, 600)).toEqual({ silentMs: 500, kind: 'pause' });
    expect(tracker.feed(room, 1700)).toEqual({ silentMs: 1600, kind: 'long' });
    expect(tracker.feed(room, 2700)).toEqual({ silentMs: 2600, kind: 'stall' });
    expect(tracker.feed(speech, 2800)).toEqual({ silentMs: 0, kind: 'none' });
  });

  it('reads levels in dBFS', () => {
    expect(levelDb(new Float32Array(100))).toBe(-120);
    expect(levelDb(new Float32Array(100).fill(0.1))).toBeCloseTo(-20, 5);
  });
});
