import { TAKE_SAMPLE_RATE } from '../../../core/bridge/contract';
import { createResampler } from '../../../core/audio/resample';
import { levelDb } from './pauses';
import workletUrl from './capture.worklet.ts?worker&url';

/** Callbacks of the take's audio. */
export interface CaptureHandlers {
  /** 16 kHz mono samples of the take, in order, from the take's first sample on. */
  onSamples(samples: Float32Array): void;
  /** The level of the last block, dBFS, at `atMs` of the take's timeline (negative before it). */
  onLevel?(db: number, atMs: number): void;
  /** The microphone went away (unplugged, revoked). */
  onEnded?(message: string): void;
}

/** A cue being played: where it really starts, and when it is over. */
export interface Playing {
  /** Where it starts on the take's timeline, ms. */
  startedAtMs: number;
  /** Resolves when it has played to its end or was stopped. */
  ended: Promise<void>;
  /** Stops it at once, or at `atMs` of the take's timeline. */
  stop(atMs?: number): void;
}

/**
 * The take's audio: the microphone and the interviewer's voice on one audio clock. The take's
 * timeline starts exactly where the opening prompt ends; a take time of `t` ms is captured
 * sample `t * 16` and is also the moment a cue scheduled at `t` starts playing.
 */
export interface Capture {
  /** The device's own rate before resampling. */
  readonly deviceRate: number;
  /** Plays the opening prompt; the take's timeline starts where it ends. Resolves then. */
  playOpening(url: string): Promise<void>;
  /** Plays `url` from `atMs` of the take's timeline, or at once when that has passed. */
  play(url: string, atMs: number): Promise<Playing>;
  /** The take's timeline now, ms (negative before the opening ends). */
  nowMs(): number;
  /** Stops the microphone and every sound; resolves after the last samples were delivered. */
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
 * control: they distort pauses), runs the capture worklet, mixes down and resamples to 16 kHz,
 * and plays the interviewer's cues on the same audio context, so that both share its clock.
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
  const context = new AudioContext({ latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
    await context.resume();
  } catch (error) {
    for (const track of stream.getTracks()) track.stop();
    await context.close();
    throw new MicrophoneError(`The audio recorder could not start (${(error as Error).message}).`);
  }
  const rate = context.sampleRate;
  const source = context.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(context, 'mock-interviewer-capture');
  let resampler: ReturnType<typeof createResampler> | null = null;
  let channels = 0;
  /** The context frame where the take's timeline starts; null until the opening is scheduled. */
  let takeStartFrame: number | null = null;
  let stopped = false;
  const sounds = new Set<AudioBufferSourceNode>();
  const buffers = new Map<string, Promise<AudioBuffer>>();

  const takeMs = (frame: number) =>
    takeStartFrame === null ? 0 : Math.round(((frame - takeStartFrame) * 1000) / rate);
  const contextTime = (atMs: number) => (takeStartFrame ?? 0) / rate + atMs / 1000;

  node.port.onmessage = (
    event: MessageEvent<{ frame: number; channels: number; samples: Float32Array }>,
  ) => {
    if (stopped) return;
    const { frame, channels: n, samples } = event.data;
    const endFrame = frame + samples.length / n;
    if (takeStartFrame === null || endFrame <= takeStartFrame) {
      handlers.onLevel?.(levelDb(samples), takeMs(endFrame));
      return;
    }
    const skip = Math.max(0, takeStartFrame - frame) * n;
    const data = skip > 0 ? samples.subarray(skip) : samples;
    if (!resampler || n !== channels) {
      if (resampler) handlers.onSamples(resampler.flush());
      resampler = createResampler(rate, n, TAKE_SAMPLE_RATE);
      channels = n;
    }
    const out = resampler.push(data);
    handlers.onLevel?.(levelDb(out), takeMs(endFrame));
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

  const load = (url: string) => {
    let buffer = buffers.get(url);
    if (!buffer) {
      buffer = fetch(url)
        .then((response) => {
          if (!response.ok) throw new Error(`cannot load the prompt (HTTP ${response.status})`);
          return response.arrayBuffer();
        })
        .then((bytes) => context.decodeAudioData(bytes));
      buffers.set(url, buffer);
      buffer.catch(() => buffers.delete(url));
    }
    return buffer;
  };
  const start = (buffer: AudioBuffer, when: number): Playing => {
    const node = context.createBufferSource();
    node.buffer = buffer;
    node.connect(context.destination);
    // Never in the past, and one render quantum ahead so the start is exact.
    const at = Math.max(when, context.currentTime + 128 / rate);
    const ended = new Promise<void>((resolve) => {
      node.onended = () => {
        sounds.delete(node);
        resolve();
      };
    });
    sounds.add(node);
    node.start(at);
    return {
      startedAtMs: takeMs(Math.round(at * rate)),
      ended,
      stop: (atMs) => {
        try {
          node.stop(atMs === undefined ? 0 : contextTime(atMs));
        } catch {
          // Already stopped.
        }
      },
    };
  };

  return {
    deviceRate: rate,
    async playOpening(url) {
      const buffer = await load(url);
      const when = context.currentTime + 0.05;
      takeStartFrame = Math.round((when + buffer.duration) * rate);
      await start(buffer, when).ended;
    },
    async play(url, atMs) {
      return start(await load(url), contextTime(atMs));
    },
    nowMs: () => takeMs(Math.round(context.currentTime * rate)),
    async stop() {
      if (stopped) return;
      stopped = true;
      for (const sound of sounds) {
        try {
          sound.stop();
        } catch {
          // Never started.
        }
      }
      for (const track of stream.getTracks()) track.stop();
      source.disconnect();
      node.disconnect();
      if (resampler) handlers.onSamples(resampler.flush());
      await context.close();
    },
  };
}
