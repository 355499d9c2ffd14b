import { create } from 'zustand';
import type { Cue, SessionView } from '../../../core/bridge/contract';
import type { Scenario } from '../../../core/scenarios/schema';
import type { CueKind, WarningMark } from '../../../core/scenarios/timeline';
import { warningMarks } from '../../../core/scenarios/timeline';
import type { Word } from '../../../core/transcript';
import { ChunkSender } from '../audio/chunks';
import type { Capture, CaptureHandlers, Playing } from '../audio/capture';
import { startCapture } from '../audio/capture';
import type { LivePause } from '../audio/pauses';
import { PauseTracker } from '../audio/pauses';
import { callHost, onHostEvent } from '../bridge';

/** Where the interview stands. */
export type Phase =
  | 'idle'
  | 'preparing'
  /** The interviewer asks the opening prompt; Esc (or Cancel) offers to discard the take. */
  | 'prompt'
  | 'recording'
  /** The slot ran out: the interviewer says so, then the take is scored. */
  | 'slotEnd'
  | 'scoring'
  | 'done'
  | 'error';

/** What the interviewer is saying right now, if anything. */
export interface Speaking {
  kind: CueKind;
  text: string;
}

/** The interview room's state. */
export interface InterviewState {
  phase: Phase;
  scenario?: Scenario;
  marks: WarningMark[];
  /** Labels of the warnings already passed, newest last. */
  passedWarnings: string[];
  takeId?: string;
  /** The take's timeline now, ms: 0 where the opening prompt ended. */
  elapsedMs: number;
  captions: Word[];
  pause: LivePause;
  /** Input level of the last captured block, dBFS (-120 for silence). */
  levelDb: number;
  speaking: Speaking | null;
  /** Set when the slot ran out: how the scenario ends it. */
  slotEnded: 'cutIn' | 'end' | null;
  /** True while "discard this take?" waits for an answer. */
  confirmingCancel: boolean;
  message?: string;
  view?: SessionView;
  start(scenarioId: string): Promise<void>;
  endTurn(): Promise<void>;
  finish(end?: 'finished' | 'slotEnd' | 'stopped'): Promise<void>;
  /** Asks to discard the take (`true`) or takes the question back (`false`). */
  askCancel(asking: boolean): void;
  /** Discards the take: recording stops and the host deletes it. */
  cancel(): Promise<void>;
  reset(): void;
}

/** What the room needs from the outside world; tests pass fakes. */
export interface InterviewDeps {
  call: typeof callHost;
  on: typeof onHostEvent;
  capture: (handlers: CaptureHandlers) => Promise<Capture>;
  /** Called every `ms` until the returned function is called. */
  every: (ms: number, fn: () => void) => () => void;
}

const defaultDeps: InterviewDeps = {
  call: callHost,
  on: onHostEvent,
  capture: startCapture,
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

/** How often the room reads the take's clock: the countdown and warnings follow it this closely. */
export const TICK_MS = 40;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A cue the host sent, once it is scheduled on the audio clock. */
interface Scheduled {
  cue: Cue;
  playing: Playing | null;
  /** Where its voice ends on the take's timeline (earlier when the cut-in stops it). */
  endMs: number;
  reported: boolean;
}

/** Makes the interview room's store. */
export function createInterviewStore(deps: InterviewDeps = defaultDeps) {
  let capture: Capture | null = null;
  let sender: ChunkSender | null = null;
  let stopTicker: (() => void) | null = null;
  let unsubscribe: Array<() => void> = [];
  let tracker = new PauseTracker();
  let cues = new Map<string, Scheduled>();

  const speakingAt = (atMs: number): Scheduled | undefined => {
    for (const entry of cues.values()) {
      if (entry.playing && entry.playing.startedAtMs <= atMs && atMs < entry.endMs) return entry;
    }
    return undefined;
  };

  const store = create<InterviewState>()((set, get) => {
    const cleanup = () => {
      stopTicker?.();
      stopTicker = null;
      for (const u of unsubscribe) u();
      unsubscribe = [];
    };

    /** Schedules a cue the host sent, at its place on the take's timeline. */
    const playCue = async (cue: Cue) => {
      if (!capture || cues.has(cue.id)) return;
      const entry: Scheduled = { cue, playing: null, endMs: 0, reported: false };
      cues.set(cue.id, entry);
      try {
        const playing = await capture.play(cue.url, cue.atMs);
        entry.playing = playing;
        entry.endMs = playing.startedAtMs + cue.durationMs;
        if (cue.kind === 'slotEnd') {
          // The cut-in stops whatever the interviewer was still saying.
          for (const other of cues.values()) {
            if (other === entry || !other.playing || other.endMs <= playing.startedAtMs) continue;
            other.playing.stop(playing.startedAtMs);
            other.endMs = Math.max(other.playing.startedAtMs, playing.startedAtMs);
          }
          void playing.ended.then(() => get().finish('slotEnd'));
        }
      } catch (error) {
        set({ message: `The interviewer could not speak: ${message(error)}` });
        if (cue.kind === 'slotEnd') entry.endMs = cue.atMs;
      }
    };

    const tick = () => {
      const state = get();
      if ((state.phase !== 'recording' && state.phase !== 'slotEnd') || !state.scenario) return;
      if (!capture || !state.takeId) return;
      const elapsedMs = capture.nowMs();
      const voice = speakingAt(elapsedMs);
      const passed = state.marks.filter((m) => m.atMs <= elapsedMs).map((m) => m.label);
      set({
        elapsedMs,
        speaking: voice ? { kind: voice.cue.kind, text: voice.cue.text } : null,
        ...(passed.length !== state.passedWarnings.length ? { passedWarnings: passed } : {}),
      });
      for (const entry of cues.values()) {
        if (entry.reported || !entry.playing || entry.playing.startedAtMs > elapsedMs) continue;
        entry.reported = true;
        deps
          .call('promptStarted', {
            takeId: state.takeId,
            cueId: entry.cue.id,
            atMs: entry.playing.startedAtMs,
          })
          .catch((error: unknown) => set({ message: message(error) }));
      }
      const slotMs = state.scenario.slotSeconds * 1000;
      if (state.phase === 'recording' && elapsedMs >= slotMs) {
        // Recording goes on while the interviewer cuts in; the take ends after it.
        set({ phase: 'slotEnd', slotEnded: state.scenario.slotEnd.action });
        const cutIn = cues.get('slotEnd');
        if (!cutIn?.playing) void get().finish('slotEnd');
        return;
      }
      const turnEndMs = state.scenario.turnEndSilenceSeconds * 1000;
      if (turnEndMs > 0 && state.pause.silentMs >= turnEndMs && !voice) {
        tracker = new PauseTracker();
        set({ pause: { silentMs: 0, kind: 'none' } });
        void get().endTurn();
      }
    };

    return {
      phase: 'idle',
      marks: [],
      passedWarnings: [],
      elapsedMs: 0,
      captions: [],
      pause: { silentMs: 0, kind: 'none' },
      levelDb: -120,
      speaking: null,
      slotEnded: null,
      confirmingCancel: false,

      async start(scenarioId) {
        if (!['idle', 'error', 'done'].includes(get().phase)) return;
        cues = new Map();
        set({
          phase: 'preparing',
          message: undefined,
          captions: [],
          elapsedMs: 0,
          passedWarnings: [],
          view: undefined,
          takeId: undefined,
          pause: { silentMs: 0, kind: 'none' },
          levelDb: -120,
          slotEnded: null,
          confirmingCancel: false,
        });
        try {
          const scenario = await deps.call('getScenario', { id: scenarioId });
          set({ scenario, marks: warningMarks(scenario) });
          // Open the microphone before the take: a refusal leaves nothing half-made.
          tracker = new PauseTracker();
          capture = await deps.capture({
            onSamples: (samples) => sender?.push(samples),
            onLevel: (db, atMs) => {
              if (atMs < 0) return set({ levelDb: db });
              set({ pause: tracker.feed(db, atMs, speakingAt(atMs) !== undefined), levelDb: db });
            },
            onEnded: (text) => {
              set({ message: text });
              void get().finish('stopped');
            },
          });
          const started = await deps.call('startTake', { scenarioId });
          const { takeId } = started;
          sender = new ChunkSender(
            (seq, pcm) => deps.call('appendAudio', { takeId, seq, pcm }),
            (error) => {
              set({ message: `Recording stopped: ${error.message}` });
              void get().finish('stopped');
            },
          );
          unsubscribe = [
            deps.on('onCue', (event) => {
              if (event.takeId === takeId) void playCue(event.cue);
            }),
            deps.on('onCaption', (event) => {
              if (event.takeId === takeId) set({ captions: [...get().captions, ...event.words] });
            }),
            deps.on('onTakeStopped', (event) => {
              if (event.takeId !== takeId) return;
              set({ message: `Recording stopped: ${event.message}. What was recorded is kept.` });
              void get().finish('stopped');
            }),
          ];
          set({
            phase: 'prompt',
            takeId,
            speaking: { kind: 'opening', text: started.opening.text },
          });
          // Recording starts on the sample where the opening prompt ends.
          await capture.playOpening(started.opening.url);
          if (get().phase !== 'prompt') return;
          set({ phase: 'recording', speaking: null });
          stopTicker = deps.every(TICK_MS, tick);
        } catch (error) {
          cleanup();
          await capture?.stop().catch(() => {});
          capture = null;
          set({ phase: 'error', speaking: null, message: message(error) });
        }
      },

      async endTurn() {
        const { takeId, phase, speaking } = get();
        if (phase !== 'recording' || !takeId || speaking) return;
        try {
          await deps.call('endTurn', { takeId });
        } catch (error) {
          set({ message: message(error) });
        }
      },

      async finish(end = 'finished') {
        const { takeId, phase } = get();
        if (!takeId || get().view) return;
        // Once scoring began nothing else ends the take; during the cut-in only its own end does.
        if (phase !== 'recording' && phase !== 'slotEnd') return;
        if (phase === 'slotEnd' && end !== 'slotEnd' && end !== 'stopped') return;
        set({ phase: 'scoring', confirmingCancel: false });
        cleanup();
        const current = capture;
        capture = null;
        await current?.stop().catch(() => {});
        await sender?.flush();
        sender = null;
        try {
          const view = await deps.call('finishTake', { takeId, end });
          set({ phase: 'done', view, speaking: null });
        } catch (error) {
          set({ phase: 'error', speaking: null, message: message(error) });
        }
      },

      askCancel(asking) {
        const { phase, takeId } = get();
        if (!takeId || !['prompt', 'recording', 'slotEnd'].includes(phase)) return;
        set({ confirmingCancel: asking });
      },

      async cancel() {
        const { takeId, phase } = get();
        if (!takeId || !['prompt', 'recording', 'slotEnd'].includes(phase)) return;
        set({ phase: 'idle', confirmingCancel: false, speaking: null });
        cleanup();
        const current = capture;
        capture = null;
        sender = null;
        await current?.stop().catch(() => {});
        try {
          await deps.call('cancelTake', { takeId });
          set({ takeId: undefined, message: 'The take was discarded.' });
        } catch (error) {
          set({ message: `The take could not be discarded: ${message(error)}` });
        }
      },

      reset() {
        cleanup();
        set({
          phase: 'idle',
          view: undefined,
          message: undefined,
          captions: [],
          elapsedMs: 0,
          speaking: null,
          slotEnded: null,
          confirmingCancel: false,
          pause: { silentMs: 0, kind: 'none' },
        });
      },
    };
  });
  return store;
}

export type InterviewStore = ReturnType<typeof createInterviewStore>;
