/**
 * The capture worklet: runs on the audio thread and copies the microphone's frames (every
 * channel, interleaved) to the page in blocks of at least 2048 frames (about 43 ms at 48 kHz),
 * each with the context frame of its first sample: the page cuts the take's timeline on it.
 * Mixing down, resampling and chunking happen on the page. Loaded by `capture.ts` through
 * Vite's `?worker&url`, which compiles it to its own script on the page's origin.
 */

/** The audio thread's processor base class (not part of the DOM library's types). */
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}
declare function registerProcessor(name: string, processor: typeof AudioWorkletProcessor): void;
/** The context frame at the start of the block being processed (audio thread global). */
declare const currentFrame: number;

/** The name `capture.ts` creates its AudioWorkletNode with. */
const PROCESSOR_NAME = 'mock-interviewer-capture';
/** Frames gathered before a block is posted. */
const BLOCK_FRAMES = 2048;

class CaptureProcessor extends AudioWorkletProcessor {
  private blocks: Float32Array[] = [];
  private frames = 0;
  private channels = 0;
  private firstFrame = 0;

  process(inputs: Float32Array[][]): boolean {
    const input = inputs[0];
    const first = input?.[0];
    if (!input || !first) return true;
    const channels = input.length;
    // A change of channel count posts what was gathered first: a block holds one layout.
    if (channels !== this.channels && this.frames > 0) this.post();
    this.channels = channels;
    if (this.frames === 0) this.firstFrame = currentFrame;
    const length = first.length;
    const block = new Float32Array(length * channels);
    for (let c = 0; c < channels; c++) {
      const data = input[c]!;
      for (let f = 0; f < length; f++) block[f * channels + c] = data[f]!;
    }
    this.blocks.push(block);
    this.frames += length;
    if (this.frames >= BLOCK_FRAMES) this.post();
    return true;
  }

  private post(): void {
    const out = new Float32Array(this.frames * this.channels);
    let at = 0;
    for (const b of this.blocks) {
      out.set(b, at);
      at += b.length;
    }
    this.port.postMessage({ frame: this.firstFrame, channels: this.channels, samples: out }, [
      out.buffer,
    ]);
    this.blocks = [];
    this.frames = 0;
  }
}

registerProcessor(PROCESSOR_NAME, CaptureProcessor);
