import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Scenario } from '../../core/scenarios/schema';
import type { CaptureHandlers } from '../../renderer/src/audio/capture';
import type { InterviewDeps } from '../../renderer/src/state/interview';
import { createInterviewStore } from '../../renderer/src/state/interview';
import { sessionFixture } from './fixtures';

const scenario = {
  id: 'lightning',
  version: 1,
  title: 'Lightning',
  track: 'incident',
  summary: '',
  slotSeconds: 60,
  interviewer: { voice: 'default', wordsPerMinute: 165 },
  warnings: [
    { secondsRemaining: 30, say: 'Thirty seconds left.' },
    { secondsRemaining: 10, say: 'Ten seconds.' },
  ],
  slotEnd: { action: 'end', say: 'Time.' },
  turnEndSilenceSeconds: 0,
  prompt: 'Go.',
  followUps: [],
  rubric: { weights: {} },
} as unknown as Scenario;

function harness() {
  let clock = 0;
  const calls: Array<[string, unknown]> = [];
  const played: string[] = [];
  let ticker: (() => void) | null = null;
  let mic: CaptureHandlers | null = null;
  const deps: InterviewDeps = {
    call: (async (name: string, input: unknown) => {
      calls.push([name, input]);
      switch (name) {
        case 'getScenario':
          return scenario;
        case 'renderPrompt':
          return {
            url: `/media/prompts/${(input as { text: string }).text}.wav`,
            durationMs: 1000,
          };
        case 'startTake':
          return { takeId: 'take-1', sampleRate: 16000 };
        case 'finishTake':
          return { record: sessionFixture(), replayUrl: '/media/sessions/x/replay.wav' };
        case 'nextFollowUp':
          return { followUp: { id: 'f1', prompt: 'What changed?', reason: '' } };
        default:
          return { ok: true, receivedMs: 0 };
      }
    }) as InterviewDeps['call'],
    on: () => () => {},
    capture: async (handlers) => {
      mic = handlers;
      return { deviceRate: 48000, stop: async () => {} };
    },
    play: async (url) => {
      played.push(url);
    },
    now: () => clock,
    every: (_ms, fn) => {
      ticker = fn;
      return () => (ticker = null);
    },
  };
  return {
    store: createInterviewStore(deps),
    calls,
    played,
    advance: async (ms: number) => {
      clock += ms;
      ticker?.();
      await vi.runAllTimersAsync();
    },
    mic: () => mic!,
  };
}

describe('the interview room', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('asks the prompt, then records, sends audio in order and fires the warnings at their marks', async () => {
    const h = harness();
    await h.store.getState().start('lightning');
    expect(h.played).toEqual(['/media/prompts/Go..wav']);
    expect(h.store.getState().phase).toBe('recording');
    expect(h.calls.find(([n]) => n === 'startTake')![1]).toEqual({
      scenarioId: 'lightning',
      openingPrompt: { text: 'Go.', durationMs: 1000 },
    });

    h.mic().onSamples(new Float32Array(4000));
    h.mic().onSamples(new Float32Array(4000));
    await vi.runAllTimersAsync();
    expect(
      h.calls.filter(([n]) => n === 'appendAudio').map(([, i]) => (i as { seq: number }).seq),
    ).toEqual([0, 1]);

    await h.advance(29_000);
    expect(h.store.getState().passedWarnings).toEqual([]);
    await h.advance(1_000);
    expect(h.store.getState().passedWarnings).toEqual(['0:30 left']);
    expect(h.played).toContain('/media/prompts/Thirty seconds left..wav');
    expect(
      h.calls.find(
        ([n, i]) => n === 'markPrompt' && (i as { kind: string }).kind === 'warning',
      )![1],
    ).toMatchObject({
      takeId: 'take-1',
      atMs: 30_000,
    });
    await h.advance(20_000);
    expect(h.store.getState().passedWarnings).toEqual(['0:30 left', '0:10 left']);
  });

  it('at the end of the slot the interviewer cuts in and the take is scored', async () => {
    const h = harness();
    await h.store.getState().start('lightning');
    await h.advance(60_000);
    expect(h.played).toContain('/media/prompts/Time..wav');
    expect(h.calls.find(([n]) => n === 'finishTake')![1]).toEqual({
      takeId: 'take-1',
      end: 'slotEnd',
    });
    expect(h.store.getState().phase).toBe('done');
    expect(h.store.getState().view?.record.id).toBe(sessionFixture().id);
  });

  it('asks the follow-up the host chooses when the candidate ends a turn', async () => {
    const h = harness();
    await h.store.getState().start('lightning');
    await h.advance(5_000);
    await h.store.getState().endTurn();
    expect(h.played).toContain('/media/prompts/What changed?.wav');
    expect(h.calls.find(([n]) => n === 'markPrompt')![1]).toEqual({
      takeId: 'take-1',
      kind: 'followUp',
      text: 'What changed?',
      atMs: 5_000,
      durationMs: 1000,
      followUpId: 'f1',
    });
  });

  it('says what to do when the microphone is refused, and starts no take', async () => {
    const store = createInterviewStore({
      call: (async (name: string) => {
        if (name === 'getScenario') return scenario;
        if (name === 'renderPrompt') return { url: '/p.wav', durationMs: 1 };
        throw new Error(`unexpected ${name}`);
      }) as InterviewDeps['call'],
      on: () => () => {},
      capture: async () => {
        throw new Error(
          'Microphone access was denied: allow it in the browser or system settings, then press Start again.',
        );
      },
      play: async () => {},
      now: () => 0,
      every: () => () => {},
    });
    await store.getState().start('lightning');
    expect(store.getState().phase).toBe('error');
    expect(store.getState().message).toBe(
      'Microphone access was denied: allow it in the browser or system settings, then press Start again.',
    );
  });
});
