/**
 * Turns 16 kHz float samples into 16-bit chunks of a fixed length and sends them to the host
 * one at a time, in order. A slow call never drops or reorders a chunk: later chunks wait in
 * the queue. A failed call stops the sender and reports once.
 */

/** Float samples (nominally -1..1) to signed 16-bit little-endian bytes. */
export function floatToPcm16(samples: Float32Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(samples.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < samples.length; i++) {
    const s = Math.max(-1, Math.min(1, samples[i]!));
    view.setInt16(i * 2, s < 0 ? Math.round(s * 32768) : Math.round(s * 32767), true);
  }
  return out;
}

/** Sends one chunk; resolves when the host has it on disk. */
export type SendChunk = (seq: number, pcm: Uint8Array<ArrayBuffer>) => Promise<unknown>;

/** The chunker and its queue. */
export class ChunkSender {
  private buffer: Float32Array;
  private filled = 0;
  private seq = 0;
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** Chunks handed to the queue and not yet acknowledged. */
  pending = 0;

  constructor(
    private readonly send: SendChunk,
    private readonly onError: (error: Error) => void,
    /** Samples per chunk; default 4000 (250 ms at 16 kHz). */
    private readonly chunkSamples = 4000,
  ) {
    this.buffer = new Float32Array(chunkSamples);
  }

  /** Adds samples; every full chunk is queued. */
  push(samples: Float32Array): void {
    let at = 0;
    while (at < samples.length) {
      const take = Math.min(this.chunkSamples - this.filled, samples.length - at);
      this.buffer.set(samples.subarray(at, at + take), this.filled);
      this.filled += take;
      at += take;
      if (this.filled === this.chunkSamples) this.queue(this.buffer.slice());
    }
  }

  /** Queues what is left and resolves when every chunk has been sent (or sending failed). */
  flush(): Promise<void> {
    if (this.filled > 0) this.queue(this.buffer.slice(0, this.filled));
    return this.tail;
  }

  /** The error that stopped sending, if any. */
  get error(): Error | null {
    return this.failure;
  }

  private queue(samples: Float32Array): void {
    this.filled = 0;
    const seq = this.seq++;
    const pcm = floatToPcm16(samples);
    this.pending++;
    this.tail = this.tail.then(async () => {
      if (this.failure) return;
      try {
        await this.send(seq, pcm);
      } catch (error) {
        this.failure = error instanceof Error ? error : new Error(String(error));
        this.onError(this.failure);
      } finally {
        this.pending--;
      }
    });
  }
}
