import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EventName, EventPayload } from '../../core/bridge/contract';
import type { Scenario } from '../../core/scenarios/schema';
import type { CaptureHandlers } from '../../renderer/src/audio/capture';
import { microphoneMessage } from '../../renderer/src/audio/capture';
import { InterviewRoom, livePauseText, meterPercent } from '../../renderer/src/rooms/InterviewRoom';
import type { InterviewDeps } from '../../renderer/src/state/interview';
import { createInterviewStore } from '../../renderer/src/state/interview';
import { createAppStore } from '../../renderer/src/store';
import { sessionFixture } from './fixtures';

/** A one-minute slot with warnings at 0:30 and 0:10 left. */
const lightning = {
  id: 'lightning',
  version: 1,
  title: 'Lightning',
  track: 'incident',
  summary: '',
  slotSeconds: 60,
  interviewer: { voice: 'kal', wordsPerMinute: 170 },
  warnings: [
    { secondsRemaining: 30, say: 'Thirty seconds left.' },
    { secondsRemaining: 10, say: 'Ten seconds.' },
  ],
  slotEnd: { action: 'cutIn', say: 'Time.' },
  turnEndSilenceSeconds: 0,
  prompt: 'Go.',
  followUps: [],
  rubric: { weights: {} },
} as unknown as Scenario;

/** Every prompt takes this long to play. */
const PROMPT_MS = 1000;

type Listener = (payload: unknown) => void;

/**
 * The interview room on a fake host and microphone, driven by fake timers: the ticker is a real
 * setInterval and the clock is Date.now, both under vitest's control.
 */
function room(overrides: Partial<Scenario> = {}, options: { micError?: unknown } = {}) {
  const scenario = { ...lightning, ...overrides } as Scenario;
  const calls: Array<[string, Record<string, unknown>]> = [];
  const played: string[] = [];
  const listeners = new Map<string, Listener>();
  let mic: CaptureHandlers | null = null;
  let micStops = 0;
  const deps: InterviewDeps = {
    call: (async (name: string, input: Record<string, unknown>) => {
      calls.push([name, input]);
      switch (name) {
        case 'getScenario':
          return scenario;
        case 'renderPrompt':
          return { url: `/media/prompts/${String(input.text)}.wav`, durationMs: PROMPT_MS };
        case 'startTake':
          return { takeId: 'take-1', sampleRate: 16000 };
        case 'nextFollowUp':
          return { followUp: { id: 'learned', prompt: 'What did you change?', reason: '' } };
        case 'finishTake':
          // Scoring takes a moment, so the room shows that it is scoring.
          await new Promise((resolve) => setTimeout(resolve, 500));
          return { record: sessionFixture(), replayUrl: '/media/sessions/x/replay.wav' };
        case 'appendAudio':
          return { receivedMs: 0 };
        default:
          return { ok: true };
      }
    }) as InterviewDeps['call'],
    on: ((name: EventName, listener: Listener) => {
      listeners.set(name, listener);
      return () => listeners.delete(name);
    }) as InterviewDeps['on'],
    capture: async (handlers) => {
      if (options.micError) throw new Error(microphoneMessage(options.micError));
      mic = handlers;
      return {
        deviceRate: 48000,
        stop: async () => {
          micStops++;
        },
      };
    },
    play: (url) => {
      played.push(url);
      return new Promise((resolve) => setTimeout(resolve, PROMPT_MS));
    },
    now: () => Date.now(),
    every: (ms, fn) => {
      const id = setInterval(fn, ms);
      return () => clearInterval(id);
    },
  };
  const interview = createInterviewStore(deps);
  const app = createAppStore();
  app.setState({
    scenarios: {
      status: 'ready',
      items: [
        {
          id: 'lightning',
          version: 1,
          title: 'Lightning',
          track: 'incident',
          summary: '',
          slotSeconds: 60,
        },
      ],
      problems: [],
      selectedId: 'lightning',
    },
  });
  render(<InterviewRoom app={app} interview={interview} />);
  return {
    interview,
    calls,
    played,
    names: () => calls.map(([n]) => n),
    mic: () => mic!,
    micStops: () => micStops,
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      act(() => listeners.get(name)?.(payload));
    },
    async advance(ms: number) {
      await act(async () => {
        await vi.advanceTimersByTimeAsync(ms);
      });
    },
    /** Presses Space and lets the opening prompt play. */
    async startTake() {
      fireEvent.keyDown(window, { key: ' ' });
      await this.advance(PROMPT_MS);
    },
  };
}

const countdown = () => screen.getByTestId('countdown');
const pause = () => screen.getByTestId('live-pause');

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the interview room', () => {
  it('Space asks the opening prompt in the scenario voice, then records against the slot', async () => {
    const r = room();
    fireEvent.keyDown(window, { key: ' ' });
    await r.advance(0);
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe('Interviewer: Go.');
    expect(r.calls.find(([n]) => n === 'renderPrompt')![1]).toEqual({
      text: 'Go.',
      voice: 'kal',
      wordsPerMinute: 170,
    });
    expect(r.names()).not.toContain('startTake');

    await r.advance(PROMPT_MS);
    expect(screen.getByTestId('interview-room').getAttribute('data-phase')).toBe('recording');
    expect(r.calls.find(([n]) => n === 'startTake')![1]).toEqual({
      scenarioId: 'lightning',
      openingPrompt: { text: 'Go.', durationMs: PROMPT_MS },
    });
    expect(countdown().textContent).toBe('1:00');
    expect(screen.queryByTestId('interviewer-speaking')).toBeNull();
  });

  it('turns the countdown amber at the first warning and red at the last, saying each one', async () => {
    const r = room();
    await r.startTake();
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['1:00', 'calm']);

    await r.advance(29_800);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['0:31', 'calm']);
    expect(screen.queryByTestId('warning-banner')).toBeNull();

    await r.advance(200);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['0:30', 'amber']);
    expect(screen.getByTestId('warning-banner').textContent).toBe('0:30 left');
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe(
      'Interviewer: Thirty seconds left.',
    );
    expect(r.calls.filter(([n]) => n === 'markPrompt').map(([, i]) => i)).toEqual([
      {
        takeId: 'take-1',
        kind: 'warning',
        text: 'Thirty seconds left.',
        atMs: 30_000,
        durationMs: PROMPT_MS,
      },
    ]);

    await r.advance(19_999);
    expect(countdown().dataset.tone).toBe('amber');
    await r.advance(1);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['0:10', 'red']);
    expect(screen.getByTestId('warning-banner').textContent).toBe('0:10 left');
    expect(r.played).toEqual([
      '/media/prompts/Go..wav',
      '/media/prompts/Thirty seconds left..wav',
      '/media/prompts/Ten seconds..wav',
    ]);
  });

  it('at the end of the slot the interviewer cuts in, then the take is scored as slotEnd', async () => {
    const r = room();
    await r.startTake();
    await r.advance(60_000);
    expect(countdown().textContent).toBe('0:00');
    expect(screen.getByTestId('slot-end').textContent).toBe('Time: the interviewer cut in.');
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe('Interviewer: Time.');
    expect(r.names()).not.toContain('finishTake');
    const slotEnd = r.calls.find(([n, i]) => n === 'markPrompt' && i.kind === 'slotEnd');
    expect(slotEnd![1]).toMatchObject({ text: 'Time.', atMs: 60_000 });

    // Escape during the cut-in does not end the take early.
    fireEvent.keyDown(window, { key: 'Escape' });
    await r.advance(PROMPT_MS);
    expect(screen.getByTestId('scoring').textContent).toMatch(/^Scoring…/);
    expect(r.calls.filter(([n]) => n === 'finishTake').map(([, i]) => i)).toEqual([
      { takeId: 'take-1', end: 'slotEnd' },
    ]);
    await r.advance(500);
    expect(r.interview.getState().phase).toBe('done');
    expect(r.micStops()).toBe(1);
  });

  it('says when the slot simply ends', async () => {
    const r = room({ slotEnd: { action: 'end', say: 'Thanks.' } } as Partial<Scenario>);
    await r.startTake();
    await r.advance(60_000);
    expect(screen.getByTestId('slot-end').textContent).toBe(
      'Time: the slot is over and the take ends.',
    );
  });

  it('shows the live pause from the input level: pause, long pause, stall, then speech', async () => {
    const r = room();
    await r.startTake();
    const feed = (db: number, atMs: number) => act(() => r.mic().onLevel!(db, atMs));
    feed(-20, 100);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['speaking', 'none']);
    feed(-58, 600);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['pause 0.5 s', 'pause']);
    feed(-58, 1500);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['pause 1.4 s', 'long']);
    expect(pause().className).toBe('live-pause live-pause-long');
    feed(-58, 2700);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['stall 2.6 s', 'stall']);
    expect(pause().className).toBe('live-pause live-pause-stall');
    feed(-22, 2800);
    expect(pause().dataset.kind).toBe('none');
  });

  it('N ends a part: the follow-up is asked and marked while recording goes on', async () => {
    const r = room();
    await r.startTake();
    await r.advance(5_000);
    fireEvent.keyDown(window, { key: 'n' });
    await r.advance(0);
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe(
      'Interviewer: What did you change?',
    );
    expect(r.calls.find(([n]) => n === 'markPrompt')![1]).toEqual({
      takeId: 'take-1',
      kind: 'followUp',
      text: 'What did you change?',
      atMs: 5_000,
      durationMs: PROMPT_MS,
      followUpId: 'learned',
    });
    // While the interviewer speaks, another N does not ask over it.
    fireEvent.keyDown(window, { key: 'N' });
    await r.advance(PROMPT_MS);
    expect(r.names().filter((n) => n === 'nextFollowUp')).toHaveLength(1);
    expect(r.interview.getState().phase).toBe('recording');
  });

  it('a silence of turnEndSilenceSeconds ends the part on its own', async () => {
    const r = room({ turnEndSilenceSeconds: 2 });
    await r.startTake();
    act(() => r.mic().onLevel!(-20, 0));
    act(() => r.mic().onLevel!(-58, 1_900));
    await r.advance(200);
    expect(r.names()).not.toContain('nextFollowUp');
    act(() => r.mic().onLevel!(-58, 2_000));
    await r.advance(200);
    expect(r.names().filter((n) => n === 'nextFollowUp')).toHaveLength(1);
    // The same silence does not ask again.
    act(() => r.mic().onLevel!(-58, 5_000));
    await r.advance(2_000);
    expect(r.names().filter((n) => n === 'nextFollowUp')).toHaveLength(1);
  });

  it('Escape finishes: captured audio is sent in order, then Scoring… until the report is back', async () => {
    const r = room();
    await r.startTake();
    act(() => {
      r.mic().onSamples(new Float32Array(4000).fill(0.5));
      r.mic().onSamples(new Float32Array(6000).fill(-0.5));
    });
    fireEvent.keyDown(window, { key: 'Escape' });
    await r.advance(0);
    expect(screen.getByTestId('scoring')).toBeTruthy();
    const chunks = r.calls
      .filter(([n]) => n === 'appendAudio')
      .map(([, i]) => [i.seq, (i.pcm as Uint8Array).byteLength]);
    expect(chunks).toEqual([
      [0, 8000],
      [1, 8000],
      [2, 4000],
    ]);
    expect(r.calls.find(([n]) => n === 'finishTake')![1]).toEqual({
      takeId: 'take-1',
      end: 'finished',
    });
    await r.advance(500);
    expect(r.interview.getState().view?.record.id).toBe(sessionFixture().id);
  });

  it('a take the host stopped (disk full) stops capture and is scored with what exists', async () => {
    const r = room();
    await r.startTake();
    r.emit('onTakeStopped', { takeId: 'other', message: 'not this one' });
    expect(r.names()).not.toContain('finishTake');
    r.emit('onTakeStopped', { takeId: 'take-1', message: 'the disk is full' });
    await r.advance(0);
    expect(r.micStops()).toBe(1);
    expect(r.calls.find(([n]) => n === 'finishTake')![1]).toEqual({
      takeId: 'take-1',
      end: 'stopped',
    });
    expect(r.interview.getState().message).toBe(
      'Recording stopped: the disk is full. What was recorded is kept.',
    );
  });

  it('an unplugged microphone ends the take with what was recorded and says so', async () => {
    const r = room();
    await r.startTake();
    act(() => r.mic().onEnded!('The microphone was disconnected; the answer so far is saved.'));
    await r.advance(500);
    expect(r.calls.find(([n]) => n === 'finishTake')![1]).toEqual({
      takeId: 'take-1',
      end: 'stopped',
    });
    expect(r.interview.getState().message).toBe(
      'The microphone was disconnected; the answer so far is saved.',
    );
  });

  it('appends live captions as they arrive for this take only', async () => {
    const r = room();
    await r.startTake();
    r.emit('onCaption', {
      takeId: 'take-1',
      words: [
        { text: 'i', startMs: 100, endMs: 200 },
        { text: 'paged', startMs: 200, endMs: 600 },
      ],
    });
    r.emit('onCaption', { takeId: 'old', words: [{ text: 'stale', startMs: 0, endMs: 1 }] });
    r.emit('onCaption', { takeId: 'take-1', words: [{ text: 'them', startMs: 700, endMs: 900 }] });
    expect(screen.getByTestId('captions').textContent).toBe('i paged them ');
  });

  it('a refused microphone says what to do and opens no take', async () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    const r = room({}, { micError: denied });
    await r.startTake();
    expect(screen.getByTestId('interview-message').textContent).toBe(
      'Microphone access was denied: allow it in the browser or system settings, then press Start again.',
    );
    expect(r.names()).not.toContain('startTake');
    // Start is offered again.
    expect(screen.getByTestId('start')).toBeTruthy();
  });
});

describe('microphoneMessage', () => {
  it.each([
    ['NotAllowedError', 'Microphone access was denied'],
    ['SecurityError', 'Microphone access was denied'],
    ['NotFoundError', 'No microphone was found'],
    ['OverconstrainedError', 'No microphone was found'],
    ['NotReadableError', 'The microphone is busy or failed to start'],
  ])('%s -> %s', (name, start) => {
    expect(microphoneMessage(Object.assign(new Error('x'), { name }))).toMatch(
      new RegExp(`^${start}.*press Start again\\.$`),
    );
  });
});

describe('live pause text and meter', () => {
  it.each([
    [{ silentMs: 0, kind: 'none' }, 'speaking'],
    [{ silentMs: 1449, kind: 'long' }, 'pause 1.4 s'],
    [{ silentMs: 2999, kind: 'stall' }, 'stall 2.9 s'],
  ] as const)('%j reads %s', (p, text) => {
    expect(livePauseText(p)).toBe(text);
  });

  it.each([
    [-120, 0],
    [-60, 0],
    [-30, 50],
    [0, 100],
    [6, 100],
  ])('%d dBFS fills %d%%', (db, percent) => {
    expect(meterPercent(db)).toBe(percent);
  });
});

describe('picking a scenario by keyboard', () => {
  it('the arrow keys move the selection; Start is offered for the selected one', () => {
    const app = createAppStore();
    const items = ['a', 'b', 'c'].map((id) => ({
      id,
      version: 1,
      title: `Scenario ${id}`,
      track: 'incident' as const,
      summary: '',
      slotSeconds: 600,
    }));
    app.setState({ scenarios: { status: 'ready', items, problems: [], selectedId: 'a' } });
    render(<InterviewRoom app={app} interview={createInterviewStore()} />);
    const options = screen.getAllByRole('option');
    fireEvent.keyDown(options[0]!, { key: 'ArrowDown' });
    fireEvent.keyDown(options[1]!, { key: 'ArrowDown' });
    expect(app.getState().scenarios.selectedId).toBe('c');
    expect(document.activeElement).toBe(options[2]);
    fireEvent.keyDown(options[2]!, { key: 'ArrowDown' });
    fireEvent.keyDown(options[2]!, { key: 'ArrowUp' });
    expect(app.getState().scenarios.selectedId).toBe('b');
    expect(screen.getByRole('heading', { level: 2, name: 'Scenario b' })).toBeTruthy();
  });
});
