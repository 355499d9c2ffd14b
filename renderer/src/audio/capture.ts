import { TAKE_SAMPLE_RATE } from '../../../core/bridge/contract';
import { createResampler } from '../../../core/audio/resample';
import { levelDb } from './pauses';
import workletUrl from './capture.worklet.ts?worker&url';

/** Callbacks of a capture. */
export interface CaptureHandlers {
  /** 16 kHz mono samples, in order, as they arrive. */
  onSamples(samples: Float32Array): void;
  /** The level of the last block, dBFS, at `atMs` of captured audio. */
  onLevel?(db: number, atMs: number): void;
  /** The microphone went away (unplugged, revoked). */
  onEnded?(message: string): void;
}

/** A running capture. */
export interface Capture {
  /** The device's own rate before resampling. */
  readonly deviceRate: number;
  /** Stops the microphone; resolves after the last samples were delivered. */
  stop(): Promise<void>;
}

/** A microphone problem, worded for the person at the keyboard. */
export class MicrophoneError extends Error {
  override name = 'MicrophoneError';
}

/** Turns getUserMedia's error into what to do about it. */
export function microphoneMessage(error: unknown): string {
  const name = (error as { name?: string })?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return 'Microphone access was denied: allow it in the browser or system settings, then press Start again.';
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return 'No microphone was found: connect one, then press Start again.';
  }
  if (name === 'NotReadableError' || name === 'AbortError') {
    return 'The microphone is busy or failed to start: close other apps using it, then press Start again.';
  }
  return `The microphone could not be opened (${(error as Error)?.message ?? String(error)}).`;
}

/**
 * Opens the microphone with processing off (no echo cancellation, noise suppression or gain
 * control: they distort pauses), runs the capture worklet, mixes down and resamples to 16 kHz.
 */
export async function startCapture(handlers: CaptureHandlers): Promise<Capture> {
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({
      audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
    });
  } catch (error) {
    throw new MicrophoneError(microphoneMessage(error));
  }
  const context = new AudioContext();
  try {
    await context.audioWorklet.addModule(workletUrl);
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw new MicrophoneError(`The audio recorder could not start (${(error as Error).message}).`);
  }
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'mock-interviewer-capture');
  let resampler: ReturnType<typeof createResampler> | null = null;
  let channels = 0;
  let capturedFrames = 0;
  let stopped = false;

  node.port.onmessage = (event: MessageEvent<{ channels: number; samples: Float32Array }>) => {
    if (stopped) return;
    const { channels: n, samples } = event.data;
    if (!resampler || n !== channels) {
      if (resampler) handlers.onSamples(resampler.flush());
      resampler = createResampler(context.sampleRate, n, TAKE_SAMPLE_RATE);
      channels = n;
    }
    const out = resampler.push(samples);
    capturedFrames += samples.length / n;
    handlers.onLevel?.(levelDb(out), Math.round((capturedFrames * 1000) / context.sampleRate));
    if (out.length > 0) handlers.onSamples(out);
  };
  source.connect(node);
  // The worklet must be pulled by the graph; its output is silent.
  const mute = context.createGain();
  mute.gain.value = 0;
  node.connect(mute).connect(context.destination);

  for (const track of stream.getAudioTracks()) {
    track.addEventListener('ended', () => {
      if (!stopped)
        handlers.onEnded?.('The microphone was disconnected; the answer so far is saved.');
    });
  }

  return {
    deviceRate: context.sampleRate,
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const track of stream.getTracks()) track.stop();
      source.disconnect();
      node.disconnect();
      if (resampler) handlers.onSamples(resampler.flush());
      await context.close();
    },
  };
}

/** Plays a URL to the end; resolves with its length, ms. Rejects when it cannot play. */
export function playAudio(url: string, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const audio = new Audio(url);
    const done = () => {
      audio.pause();
      resolve();
    };
    audio.addEventListener('ended', done, { once: true });
    audio.addEventListener('error', () => reject(new Error(`cannot play ${url}`)), { once: true });
    signal?.addEventListener('abort', done, { once: true });
    audio.play().catch(reject);
  });
}
