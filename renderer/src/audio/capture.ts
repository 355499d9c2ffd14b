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
 * timeline starts at the first frame captured once the opening prompt has ended; a take time of
 * `t` ms is captured sample `t * 16` and is also the moment a cue scheduled at `t` starts.
 */
export interface Capture {
  /** The device's own rate before resampling. */
  readonly deviceRate: number;
  /** Plays the opening prompt, then opens the microphone; resolves when the take can start. */
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

const MICROPHONE: MediaStreamConstraints = {
  audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false },
};

async function openMicrophone(): Promise<MediaStream> {
  try {
    return await navigator.mediaDevices.getUserMedia(MICROPHONE);
  } catch (error) {
    throw new MicrophoneError(microphoneMessage(error));
  }
}

/**
 * The take's audio on one audio context. The microphone (processing off: echo cancellation,
 * noise suppression and gain control distort pauses) is tried at once, so a refusal is known
 * before the take, then opened for the take when the opening prompt ends: the take's timeline
 * starts at its first captured frame. The capture worklet's frames are mixed down and
 * resampled to 16 kHz; the interviewer's cues play on the same context, so both share its clock.
 */
export async function startCapture(handlers: CaptureHandlers): Promise<Capture> {
  const probe = await openMicrophone();
  for (const track of probe.getTracks()) track.stop();
  const context = new AudioContext({ latencyHint: 'interactive' });
  try {
    await context.audioWorklet.addModule(workletUrl);
    await context.resume();
  } catch (error) {
    await context.close();
    throw new MicrophoneError(`The audio recorder could not start (${(error as Error).message}).`);
  }
  const rate = context.sampleRate;
  const node = new AudioWorkletNode(context, 'mock-interviewer-capture');
  let stream: MediaStream | null = null;
  let source: MediaStreamAudioSourceNode | null = null;
  let resampler: ReturnType<typeof createResampler> | null = null;
  let channels = 0;
  /** The context frame where the take's timeline starts: the first frame captured for it. */
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
    if (stopped || !source) return;
    const { frame, channels: n, samples } = event.data;
    const endFrame = frame + samples.length / n;
    takeStartFrame ??= frame;
    if (!resampler || n !== channels) {
      if (resampler) handlers.onSamples(resampler.flush());
      resampler = createResampler(rate, n, TAKE_SAMPLE_RATE);
      channels = n;
    }
    const out = resampler.push(samples);
    handlers.onLevel?.(levelDb(out), takeMs(endFrame));
    if (out.length > 0) handlers.onSamples(out);
  };
  // The worklet must be pulled by the graph; its output is silent.
  const mute = context.createGain();
  mute.gain.value = 0;
  node.connect(mute).connect(context.destination);

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
    const sound = context.createBufferSource();
    sound.buffer = buffer;
    sound.connect(context.destination);
    // Never in the past, and one render quantum ahead so the start is exact.
    const at = Math.max(when, context.currentTime + 128 / rate);
    const ended = new Promise<void>((resolve) => {
      sound.onended = () => {
        sounds.delete(sound);
        resolve();
      };
    });
    sounds.add(sound);
    sound.start(at);
    return {
      startedAtMs: takeMs(Math.round(at * rate)),
      ended,
      stop: (atMs) => {
        try {
          sound.stop(atMs === undefined ? 0 : contextTime(atMs));
        } catch {
          // Already stopped.
        }
      },
    };
  };

  return {
    deviceRate: rate,
    async playOpening(url) {
      await start(await load(url), context.currentTime).ended;
      if (stopped) return;
      stream = await openMicrophone();
      if (stopped) {
        for (const track of stream.getTracks()) track.stop();
        return;
      }
      for (const track of stream.getAudioTracks()) {
        track.addEventListener('ended', () => {
          if (!stopped)
            handlers.onEnded?.('The microphone was disconnected; the answer so far is saved.');
        });
      }
      source = context.createMediaStreamSource(stream);
      source.connect(node);
    },
    async play(url, atMs) {
      return start(await load(url), contextTime(atMs));
    },
    nowMs: () => (takeStartFrame === null ? 0 : takeMs(Math.round(context.currentTime * rate))),
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
      for (const track of stream?.getTracks() ?? []) track.stop();
      source?.disconnect();
      node.disconnect();
      if (resampler) handlers.onSamples(resampler.flush());
      await context.close();
    },
  };
}
