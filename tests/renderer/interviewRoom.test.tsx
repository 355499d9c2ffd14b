import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Cue, EventName, EventPayload } from '../../core/bridge/contract';
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

/** A cue as the host sends it: every prompt lasts {@link PROMPT_MS}. */
const cue = (id: string, kind: Cue['kind'], text: string, atMs: number): Cue => ({
  id,
  kind,
  text,
  url: `/media/prompts/${text}.wav`,
  atMs,
  durationMs: PROMPT_MS,
});

/**
 * The interview room on a fake host and a fake audio clock, driven by fake timers: the take's
 * clock is Date.now from the end of the opening prompt, and the ticker is a real setInterval,
 * both under vitest's control. The host's decisions (the cues) are sent with `emit`.
 */
function room(overrides: Partial<Scenario> = {}, options: { micError?: unknown } = {}) {
  const scenario = { ...lightning, ...overrides } as Scenario;
  const calls: Array<[string, Record<string, unknown>]> = [];
  const played: Array<[string, number]> = [];
  const listeners = new Map<string, Listener>();
  let mic: CaptureHandlers | null = null;
  let micStops = 0;
  let takeStart = Number.POSITIVE_INFINITY;
  const nowMs = () => Date.now() - takeStart;
  const emit = (name: string, payload: unknown) => act(() => listeners.get(name)?.(payload));
  const deps: InterviewDeps = {
    call: (async (name: string, input: Record<string, unknown>) => {
      calls.push([name, input]);
      switch (name) {
        case 'getScenario':
          return scenario;
        case 'startTake':
          return {
            takeId: 'take-1',
            sampleRate: 16000,
            opening: cue('opening', 'opening', 'Go.', -PROMPT_MS),
          };
        case 'endTurn':
          // The host places the follow-up at the audio it has, a moment behind the page.
          emit('onCue', {
            takeId: 'take-1',
            cue: { ...cue('followUp-learned', 'followUp', 'What did you change?', nowMs() - 200) },
          });
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
        playOpening: async (url) => {
          played.push([url, -PROMPT_MS]);
          takeStart = Date.now() + PROMPT_MS;
          await new Promise((resolve) => setTimeout(resolve, PROMPT_MS));
        },
        play: async (url, atMs) => {
          const startedAtMs = Math.max(atMs, nowMs());
          played.push([url, startedAtMs]);
          const ended = new Promise<void>((resolve) =>
            setTimeout(resolve, startedAtMs + PROMPT_MS - nowMs()),
          );
          return {
            startedAtMs,
            ended,
            stop: () => {},
          };
        },
        nowMs,
        stop: async () => {
          micStops++;
        },
      };
    },
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
    started: () => calls.filter(([n]) => n === 'promptStarted').map(([, i]) => i),
    mic: () => mic!,
    micStops: () => micStops,
    emit<E extends EventName>(name: E, payload: EventPayload<E>) {
      emit(name, payload);
    },
    /** The host's fixed cues for the lightning slot, as it sends them when audio flows. */
    sendSlotCues() {
      this.emit('onCue', {
        takeId: 'take-1',
        cue: cue('warning-0', 'warning', 'Thirty seconds left.', 30_000),
      });
      this.emit('onCue', {
        takeId: 'take-1',
        cue: cue('warning-1', 'warning', 'Ten seconds.', 50_000),
      });
      this.emit('onCue', { takeId: 'take-1', cue: cue('slotEnd', 'slotEnd', 'Time.', 60_000) });
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
const phase = () => screen.getByTestId('interview-room').getAttribute('data-phase');

beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }));
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the interview room', () => {
  it('Space opens the take, plays the opening the host rendered, then records from its end', async () => {
    const r = room();
    fireEvent.keyDown(window, { key: ' ' });
    await r.advance(0);
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe('Interviewer: Go.');
    expect(r.calls.find(([n]) => n === 'startTake')![1]).toEqual({ scenarioId: 'lightning' });
    expect(phase()).toBe('prompt');

    await r.advance(PROMPT_MS);
    expect(phase()).toBe('recording');
    expect(r.played).toEqual([['/media/prompts/Go..wav', -PROMPT_MS]]);
    expect(countdown().textContent).toBe('1:00');
    expect(screen.queryByTestId('interviewer-speaking')).toBeNull();
  });

  it('plays each warning where the host placed it, as the countdown turns amber and then red', async () => {
    const r = room();
    await r.startTake();
    r.sendSlotCues();
    await r.advance(0);
    expect(r.played.slice(1)).toEqual([
      ['/media/prompts/Thirty seconds left..wav', 30_000],
      ['/media/prompts/Ten seconds..wav', 50_000],
      ['/media/prompts/Time..wav', 60_000],
    ]);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['1:00', 'calm']);

    await r.advance(29_960);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['0:31', 'calm']);
    expect(screen.queryByTestId('warning-banner')).toBeNull();
    expect(r.started()).toEqual([]);

    await r.advance(40);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['0:30', 'amber']);
    expect(screen.getByTestId('warning-banner').textContent).toBe('0:30 left');
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe(
      'Interviewer: Thirty seconds left.',
    );
    expect(r.started()).toEqual([{ takeId: 'take-1', cueId: 'warning-0', atMs: 30_000 }]);

    await r.advance(19_960);
    expect(countdown().dataset.tone).toBe('amber');
    await r.advance(40);
    expect([countdown().textContent, countdown().dataset.tone]).toEqual(['0:10', 'red']);
    expect(screen.getByTestId('warning-banner').textContent).toBe('0:10 left');
  });

  it('at the end of the slot the interviewer cuts in, then the take is scored as slotEnd', async () => {
    const r = room();
    await r.startTake();
    r.sendSlotCues();
    await r.advance(60_000);
    expect(countdown().textContent).toBe('0:00');
    expect(screen.getByTestId('slot-end').textContent).toBe('Time: the interviewer cut in.');
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe('Interviewer: Time.');
    expect(r.names()).not.toContain('finishTake');
    expect(r.started().map((i) => [i.cueId, i.atMs])).toEqual([
      ['warning-0', 30_000],
      ['warning-1', 50_000],
      ['slotEnd', 60_000],
    ]);

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

  it('shows the live pause from the input level with the report thresholds: pause, long pause, stall, then speech', async () => {
    const r = room();
    await r.startTake();
    const feed = (db: number, atMs: number) => act(() => r.mic().onLevel!(db, atMs));
    feed(-20, 100);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['speaking', 'none']);
    feed(-58, 600);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['pause 0.5 s', 'ordinary']);
    feed(-58, 1500);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['long pause 1.4 s', 'long']);
    expect(pause().className).toBe('live-pause live-pause-long');
    feed(-58, 2700);
    expect([pause().textContent, pause().dataset.kind]).toEqual(['stall 2.6 s', 'stall']);
    expect(pause().className).toBe('live-pause live-pause-stall');
    feed(-22, 2800);
    expect(pause().dataset.kind).toBe('none');
  });

  it('N ends a part: the host picks the follow-up and the room plays it, reporting where it started', async () => {
    const r = room();
    await r.startTake();
    await r.advance(5_000);
    act(() => r.mic().onLevel!(-20, 4_900));
    fireEvent.keyDown(window, { key: 'n' });
    await r.advance(40);
    expect(r.calls.find(([n]) => n === 'endTurn')![1]).toEqual({ takeId: 'take-1' });
    expect(screen.getByTestId('interviewer-speaking').textContent).toBe(
      'Interviewer: What did you change?',
    );
    // Sent for 4800 ms, it starts at once: where it really began is what the host records.
    expect(r.started()).toEqual([{ takeId: 'take-1', cueId: 'followUp-learned', atMs: 5_000 }]);
    // While the interviewer speaks the pause indicator is silent, and another N asks nothing.
    act(() => r.mic().onLevel!(-58, 5_900));
    expect(pause().dataset.kind).toBe('none');
    fireEvent.keyDown(window, { key: 'N' });
    await r.advance(PROMPT_MS);
    expect(r.names().filter((n) => n === 'endTurn')).toHaveLength(1);
    expect(phase()).toBe('recording');
  });

  it('a silence of turnEndSilenceSeconds ends the part on its own', async () => {
    const r = room({ turnEndSilenceSeconds: 2 });
    await r.startTake();
    act(() => r.mic().onLevel!(-20, 0));
    act(() => r.mic().onLevel!(-58, 1_900));
    await r.advance(200);
    expect(r.names()).not.toContain('endTurn');
    act(() => r.mic().onLevel!(-58, 2_000));
    await r.advance(200);
    expect(r.names().filter((n) => n === 'endTurn')).toHaveLength(1);
    // The same silence does not ask again.
    act(() => r.mic().onLevel!(-58, 5_000));
    await r.advance(2_000);
    expect(r.names().filter((n) => n === 'endTurn')).toHaveLength(1);
  });

  it('Escape during the question offers to discard the take; confirming deletes it', async () => {
    const r = room();
    fireEvent.keyDown(window, { key: ' ' });
    await r.advance(0);
    expect(phase()).toBe('prompt');
    fireEvent.keyDown(window, { key: 'Escape' });
    expect(screen.getByTestId('confirm-cancel').textContent).toMatch(/^Discard this take\?/);
    expect(r.names()).not.toContain('cancelTake');
    fireEvent.click(screen.getByTestId('confirm-discard'));
    await r.advance(PROMPT_MS);
    expect(r.calls.find(([n]) => n === 'cancelTake')![1]).toEqual({ takeId: 'take-1' });
    expect(r.names()).not.toContain('finishTake');
    expect(r.micStops()).toBe(1);
    expect(screen.getByTestId('interview-message').textContent).toBe('The take was discarded.');
  });

  it('Cancel during the answer asks first; Keep going carries on recording', async () => {
    const r = room();
    await r.startTake();
    fireEvent.click(screen.getByTestId('cancel-take'));
    fireEvent.click(screen.getByTestId('keep-take'));
    expect(screen.queryByTestId('confirm-cancel')).toBeNull();
    expect(phase()).toBe('recording');
    fireEvent.click(screen.getByTestId('cancel-take'));
    fireEvent.click(screen.getByTestId('confirm-discard'));
    await r.advance(0);
    expect(r.names().filter((n) => n === 'cancelTake')).toHaveLength(1);
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
    [{ silentMs: 449, kind: 'ordinary' }, 'pause 0.4 s'],
    [{ silentMs: 1449, kind: 'long' }, 'long pause 1.4 s'],
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
