/* global AudioWorkletProcessor, registerProcessor */
// Audio worklet: copies the microphone's frames (interleaved, every channel) to the page in
// blocks of about 85 ms. Resampling and chunking happen on the page.
class CaptureProcessor extends AudioWorkletProcessor {
  constructor() {
    super();
    this.frames = [];
    this.count = 0;
    this.channels = 1;
  }

  process(inputs) {
    const input = inputs[0];
    if (!input || input.length === 0 || !input[0]) return true;
    const channels = input.length;
    const length = input[0].length;
    const block = new Float32Array(length * channels);
    for (let f = 0; f < length; f++) {
      for (let c = 0; c < channels; c++) block[f * channels + c] = input[c][f];
    }
    this.channels = channels;
    this.frames.push(block);
    this.count += length;
    if (this.count >= 4096) {
      const out = new Float32Array(this.count * channels);
      let at = 0;
      for (const b of this.frames) {
        out.set(b, at);
        at += b.length;
      }
      this.port.postMessage({ channels, samples: out }, [out.buffer]);
      this.frames = [];
      this.count = 0;
    }
    return true;
  }
}

registerProcessor('mock-interviewer-capture', CaptureProcessor);
