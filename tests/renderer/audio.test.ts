import { describe, expect, it } from 'vitest';
import { ChunkSender, floatToPcm16 } from '../../renderer/src/audio/chunks';
import { PauseTracker, levelDb } from '../../renderer/src/audio/pauses';

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
  /** Lets every pending promise callback run (no timers involved). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await Promise.resolve();
  };

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
    await settle();
    // The host holds the first chunk: the others wait, none is lost.
    expect([sent.length, sender.pending, releases.length]).toEqual([0, 3, 1]);
    while (sent.length < 3) {
      releases.shift()!();
      await settle();
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

  it('never drops or reorders a sample, whatever the block sizes and host delays', async () => {
    // A ramp of values that survive 16-bit conversion exactly (|v| < 16384), pushed in uneven blocks while the host answers at random.
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const total = 50_000;
    const ramp = Float32Array.from({ length: total }, (_, i) => ((i % 30_000) - 15_000) / 32768);
    const received: Array<{ seq: number; pcm: Uint8Array }> = [];
    const waiting: Array<() => void> = [];
    const sender = new ChunkSender(
      async (seq, pcm) => {
        if (random() < 0.6) await new Promise<void>((resolve) => waiting.push(resolve));
        received.push({ seq, pcm });
      },
      (error) => {
        throw error;
      },
    );
    let at = 0;
    while (at < total) {
      const size = Math.min(total - at, 1 + Math.floor(random() * 3000));
      sender.push(ramp.subarray(at, at + size));
      at += size;
      if (random() < 0.5) waiting.shift()?.();
      await settle();
    }
    const done = sender.flush();
    while (sender.pending > 0) {
      waiting.shift()?.();
      await settle();
    }
    await done;
    expect(received.map((r) => r.seq)).toEqual([...Array(13).keys()]);
    expect(received.map((r) => r.pcm.byteLength)).toEqual([...Array(12).fill(8000), 4000]);
    const joined = new Int16Array(total);
    let offset = 0;
    for (const { pcm } of received) {
      const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
      for (let i = 0; i < pcm.byteLength / 2; i++) joined[offset++] = view.getInt16(i * 2, true);
    }
    expect(offset).toBe(total);
    expect(joined.every((v, i) => v === (i % 30_000) - 15_000)).toBe(true);
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
  const speech = -20;
  const room = -58;

  /** A tracker that heard speech at 0 ms, then silence up to `ms`. */
  const silentFor = (ms: number) => {
    const tracker = new PauseTracker();
    tracker.feed(speech, 0);
    return tracker.feed(room, ms);
  };

  it.each([
    [0, 'none'],
    [199, 'none'],
    [200, 'ordinary'],
    [1000, 'ordinary'],
    [1001, 'long'],
    [2499, 'long'],
    [2500, 'stall'],
  ] as const)('%d ms of silence after speech is %s, as the report classifies it', (ms, kind) => {
    expect(silentFor(ms).kind).toBe(kind);
  });

  it('measures silence from the last speech over an adaptive floor', () => {
    const tracker = new PauseTracker();
    expect(tracker.feed(room, 0)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(speech, 100)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(room, 600)).toEqual({ silentMs: 500, kind: 'ordinary' });
    expect(tracker.feed(room, 1700)).toEqual({ silentMs: 1600, kind: 'long' });
    expect(tracker.feed(room, 2700)).toEqual({ silentMs: 2600, kind: 'stall' });
    expect(tracker.feed(speech, 2800)).toEqual({ silentMs: 0, kind: 'none' });
  });

  it('stays silent while the interviewer speaks, and counts nothing until the candidate speaks again', () => {
    const tracker = new PauseTracker();
    tracker.feed(speech, 0);
    expect(tracker.feed(room, 900)).toEqual({ silentMs: 900, kind: 'ordinary' });
    // The follow-up plays from 1000 to 13700 ms: the candidate listens.
    expect(tracker.feed(room, 5000, true)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(speech, 9000, true)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(room, 13_700, true)).toEqual({ silentMs: 0, kind: 'none' });
    // Thinking about the question is turn-taking, not a stall.
    expect(tracker.feed(room, 17_000)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(speech, 17_100)).toEqual({ silentMs: 0, kind: 'none' });
    expect(tracker.feed(room, 20_000)).toEqual({ silentMs: 2900, kind: 'stall' });
  });

  it('reads levels in dBFS', () => {
    expect(levelDb(new Float32Array(100))).toBe(-120);
    expect(levelDb(new Float32Array(100).fill(0.1))).toBeCloseTo(-20, 5);
  });
});
