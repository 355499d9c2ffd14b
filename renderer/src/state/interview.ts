import { create } from 'zustand';
import type { SessionView } from '../../../core/bridge/contract';
import type { Scenario } from '../../../core/scenarios/schema';
import type { WarningMark } from '../../../core/scenarios/timeline';
import { warningMarks } from '../../../core/scenarios/timeline';
import type { Word } from '../../../core/transcript';
import { ChunkSender } from '../audio/chunks';
import type { Capture, CaptureHandlers } from '../audio/capture';
import { playAudio, startCapture } from '../audio/capture';
import type { LivePause } from '../audio/pauses';
import { PauseTracker } from '../audio/pauses';
import { callHost, onHostEvent } from '../bridge';

/** Where the interview stands. */
export type Phase =
  | 'idle'
  | 'preparing'
  | 'prompt'
  | 'recording'
  /** The slot ran out: the interviewer says so, then the take is scored. */
  | 'slotEnd'
  | 'scoring'
  | 'done'
  | 'error';

/** What the interviewer is saying right now, if anything. */
export interface Speaking {
  kind: 'opening' | 'followUp' | 'warning' | 'slotEnd';
  text: string;
}

/** The interview room's state. */
export interface InterviewState {
  phase: Phase;
  scenario?: Scenario;
  marks: WarningMark[];
  /** Index of the next warning mark to fire. */
  nextMark: number;
  /** Labels of the warnings already given, newest last. */
  passedWarnings: string[];
  takeId?: string;
  /** Time since recording started, ms. */
  elapsedMs: number;
  captions: Word[];
  pause: LivePause;
  /** Input level of the last captured block, dBFS (-120 for silence). */
  levelDb: number;
  speaking: Speaking | null;
  /** Set when the slot ran out: how the scenario ends it. */
  slotEnded: 'cutIn' | 'end' | null;
  message?: string;
  view?: SessionView;
  start(scenarioId: string): Promise<void>;
  endTurn(): Promise<void>;
  finish(end?: 'finished' | 'slotEnd' | 'stopped'): Promise<void>;
  reset(): void;
}

/** What the room needs from the outside world; tests pass fakes. */
export interface InterviewDeps {
  call: typeof callHost;
  on: typeof onHostEvent;
  capture: (handlers: CaptureHandlers) => Promise<Capture>;
  play: (url: string) => Promise<void>;
  now: () => number;
  /** Called every `ms` until the returned function is called. */
  every: (ms: number, fn: () => void) => () => void;
}

const defaultDeps: InterviewDeps = {
  call: callHost,
  on: onHostEvent,
  capture: startCapture,
  play: playAudio,
  now: () => performance.now(),
  every: (ms, fn) => {
    const id = setInterval(fn, ms);
    return () => clearInterval(id);
  },
};

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Makes the interview room's store. */
export function createInterviewStore(deps: InterviewDeps = defaultDeps) {
  let capture: Capture | null = null;
  let sender: ChunkSender | null = null;
  let startedAt = 0;
  let stopTicker: (() => void) | null = null;
  let unsubscribe: Array<() => void> = [];
  let tracker = new PauseTracker();
  let voice: Promise<void> = Promise.resolve();

  const store = create<InterviewState>()((set, get) => {
    const cleanup = () => {
      stopTicker?.();
      stopTicker = null;
      for (const u of unsubscribe) u();
      unsubscribe = [];
    };

    /**
     * Renders and plays something the interviewer says during the take, and records when it
     * began on the take's timeline. One thing is said at a time: a warning that falls due while
     * a follow-up plays waits for it.
     */
    const speak = async (
      kind: Exclude<Speaking['kind'], 'opening'>,
      text: string,
      followUpId?: string,
    ) => {
      const { scenario, takeId } = get();
      if (!scenario || !takeId || !text) return;
      set({ speaking: { kind, text } });
      try {
        const prompt = await deps.call('renderPrompt', {
          text,
          voice: scenario.interviewer.voice,
          wordsPerMinute: scenario.interviewer.wordsPerMinute,
        });
        const atMs = Math.max(0, Math.round(deps.now() - startedAt));
        const marked = deps.call('markPrompt', {
          takeId,
          kind,
          text,
          atMs,
          durationMs: prompt.durationMs,
          ...(followUpId ? { followUpId } : {}),
        });
        await deps.play(prompt.url);
        await marked;
      } catch (error) {
        set({ message: `The interviewer could not speak: ${message(error)}` });
      } finally {
        set({ speaking: null });
      }
    };
    const say = (
      kind: Exclude<Speaking['kind'], 'opening'>,
      text: string,
      followUpId?: string,
    ): Promise<void> => {
      voice = voice.then(() => speak(kind, text, followUpId));
      return voice;
    };

    const tick = () => {
      const state = get();
      if (state.phase !== 'recording' || !state.scenario) return;
      const elapsedMs = Math.round(deps.now() - startedAt);
      set({ elapsedMs });
      const mark = state.marks[state.nextMark];
      if (mark && elapsedMs >= mark.atMs) {
        set({
          nextMark: state.nextMark + 1,
          passedWarnings: [...state.passedWarnings, mark.label],
        });
        void say('warning', mark.say);
      }
      const turnEndMs = state.scenario.turnEndSilenceSeconds * 1000;
      if (turnEndMs > 0 && state.pause.silentMs >= turnEndMs && !state.speaking) {
        tracker = new PauseTracker();
        set({ pause: { silentMs: 0, kind: 'none' } });
        void get().endTurn();
      }
      if (elapsedMs >= state.scenario.slotSeconds * 1000) {
        // Recording goes on while the interviewer cuts in; the take ends after it.
        const { slotEnd } = state.scenario;
        stopTicker?.();
        stopTicker = null;
        set({ phase: 'slotEnd', slotEnded: slotEnd.action });
        void (async () => {
          await say('slotEnd', slotEnd.say);
          await get().finish('slotEnd');
        })();
      }
    };

    return {
      phase: 'idle',
      marks: [],
      nextMark: 0,
      passedWarnings: [],
      elapsedMs: 0,
      captions: [],
      pause: { silentMs: 0, kind: 'none' },
      levelDb: -120,
      speaking: null,
      slotEnded: null,

      async start(scenarioId) {
        if (!['idle', 'error', 'done'].includes(get().phase)) return;
        voice = Promise.resolve();
        set({
          phase: 'preparing',
          message: undefined,
          captions: [],
          elapsedMs: 0,
          passedWarnings: [],
          nextMark: 0,
          view: undefined,
          takeId: undefined,
          pause: { silentMs: 0, kind: 'none' },
          levelDb: -120,
          slotEnded: null,
        });
        try {
          const scenario = await deps.call('getScenario', { id: scenarioId });
          set({ scenario, marks: warningMarks(scenario) });
          const prompt = await deps.call('renderPrompt', {
            text: scenario.prompt,
            voice: scenario.interviewer.voice,
            wordsPerMinute: scenario.interviewer.wordsPerMinute,
          });
          set({ phase: 'prompt', speaking: { kind: 'opening', text: scenario.prompt } });
          await deps.play(prompt.url);
          set({ speaking: null });
          // Open the microphone before the take: a refusal leaves nothing half-made.
          const samplesBeforeTake: Float32Array[] = [];
          tracker = new PauseTracker();
          capture = await deps.capture({
            onSamples: (samples) =>
              sender ? sender.push(samples) : samplesBeforeTake.push(samples),
            onLevel: (db, atMs) => set({ pause: tracker.feed(db, atMs), levelDb: db }),
            onEnded: (text) => {
              set({ message: text });
              void get().finish('stopped');
            },
          });
          // The take's timeline starts with the first captured sample.
          startedAt = deps.now();
          const { takeId } = await deps.call('startTake', {
            scenarioId,
            openingPrompt: { text: scenario.prompt, durationMs: prompt.durationMs },
          });
          sender = new ChunkSender(
            (seq, pcm) => deps.call('appendAudio', { takeId, seq, pcm }),
            (error) => {
              set({ message: `Recording stopped: ${error.message}` });
              void get().finish('stopped');
            },
          );
          for (const s of samplesBeforeTake) sender.push(s);
          unsubscribe = [
            deps.on('onCaption', (event) => {
              if (event.takeId === takeId) set({ captions: [...get().captions, ...event.words] });
            }),
            deps.on('onTakeStopped', (event) => {
              if (event.takeId !== takeId) return;
              set({ message: `Recording stopped: ${event.message}. What was recorded is kept.` });
              void get().finish('stopped');
            }),
          ];
          set({ phase: 'recording', takeId });
          stopTicker = deps.every(200, tick);
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
          const { followUp } = await deps.call('nextFollowUp', { takeId });
          if (followUp) await say('followUp', followUp.prompt, followUp.id);
        } catch (error) {
          set({ message: message(error) });
        }
      },

      async finish(end = 'finished') {
        const { takeId, phase } = get();
        if (!takeId || get().view) return;
        // Once scoring began nothing else ends the take; during the cut-in only its own end does.
        if (phase === 'done' || phase === 'scoring') return;
        if (phase === 'slotEnd' && end !== 'slotEnd' && end !== 'stopped') return;
        set({ phase: 'scoring' });
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
          set({
            phase: 'error',
            message: `Scoring failed: ${message(error)}. The recording is kept.`,
          });
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
          pause: { silentMs: 0, kind: 'none' },
        });
      },
    };
  });
  return store;
}

export type InterviewStore = ReturnType<typeof createInterviewStore>;
