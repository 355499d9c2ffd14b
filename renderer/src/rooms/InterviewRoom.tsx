import { useEffect, useRef } from 'react';
import { useStore } from 'zustand';
import { ModelAdvice } from '../components/ModelAdvice';
import { ScenarioList } from '../components/ScenarioList';
import { formatClock } from '../format';
import type { LivePause } from '../audio/pauses';
import type { InterviewStore } from '../state/interview';
import type { AppStore } from '../store';

/** Calm while plenty of time is left, amber after the first warning, red after the last. */
export function countdownTone(
  passed: number,
  total: number,
  remainingMs: number,
): 'calm' | 'amber' | 'red' {
  if (remainingMs <= 0 || (total > 0 && passed >= total)) return 'red';
  if (passed > 0) return 'amber';
  return 'calm';
}

/** What the live pause indicator says: "speaking", "pause 1.4 s", "long pause 1.4 s", "stall 3.0 s". */
export function livePauseText(pause: LivePause): string {
  if (pause.kind === 'none') return 'speaking';
  if (pause.kind === 'long')
    return `long pause ${(Math.floor(pause.silentMs / 100) / 10).toFixed(1)} s`;
  const seconds = (Math.floor(pause.silentMs / 100) / 10).toFixed(1);
  return `${pause.kind === 'stall' ? 'stall' : 'pause'} ${seconds} s`;
}

/** The input meter's fill, 0..100, for a level from -60 dBFS (empty) to 0 dBFS (full). */
export function meterPercent(db: number): number {
  return Math.round(Math.max(0, Math.min(1, (db + 60) / 60)) * 100);
}

/** Picks a scenario and runs the take: prompt, countdown, captions, pauses, follow-ups. */
export function InterviewRoom({ app, interview }: { app: AppStore; interview: InterviewStore }) {
  const scenarios = useStore(app, (s) => s.scenarios);
  const state = useStore(interview);
  const captions = useRef<HTMLDivElement>(null);
  const picking = state.phase === 'idle' || state.phase === 'error' || state.phase === 'done';

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      if (target && ['INPUT', 'TEXTAREA', 'SELECT', 'BUTTON', 'A'].includes(target.tagName)) {
        return;
      }
      const { phase, start, endTurn, finish, askCancel, confirmingCancel } = interview.getState();
      if (
        (e.key === ' ' || e.key === 'Enter') &&
        (phase === 'idle' || phase === 'error' || phase === 'done')
      ) {
        const id = app.getState().scenarios.selectedId;
        if (id && !e.repeat) {
          e.preventDefault();
          void start(id);
        }
      } else if ((e.key === 'n' || e.key === 'N') && phase === 'recording') {
        void endTurn();
      } else if (e.key === 'Escape' && confirmingCancel) {
        askCancel(false);
      } else if (e.key === 'Escape' && phase === 'prompt') {
        // Before the answer, Esc offers to discard the take (a mistaken start).
        askCancel(true);
      } else if (e.key === 'Escape' && phase === 'recording') {
        void finish('finished');
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [app, interview]);

  useEffect(() => {
    captions.current?.scrollTo?.({ top: captions.current.scrollHeight });
  }, [state.captions.length]);

  if (picking) {
    const selected = scenarios.items.find((s) => s.id === scenarios.selectedId);
    return (
      <div className="interview-pick">
        <ModelAdvice />
        {state.message && (
          <p
            className={state.phase === 'error' ? 'notice error' : 'notice'}
            role="alert"
            data-testid="interview-message"
          >
            {state.message}
          </p>
        )}
        {selected && (
          <div className="start-panel">
            <div>
              <h2 className="start-title">{selected.title}</h2>
              <p className="muted">
                {formatClock(selected.slotSeconds)} slot · press <kbd>Space</kbd> to start: the
                interviewer asks, then the microphone records. <kbd>N</kbd> ends a part of the
                answer, <kbd>Esc</kbd> finishes.
              </p>
            </div>
            <button
              type="button"
              className="primary"
              data-testid="start"
              onClick={() => void interview.getState().start(selected.id)}
            >
              Start
            </button>
          </div>
        )}
        {scenarios.status === 'ready' && (
          <ScenarioList
            items={scenarios.items}
            problems={scenarios.problems}
            selectedId={scenarios.selectedId}
            onSelect={app.getState().selectScenario}
          />
        )}
      </div>
    );
  }

  const slotMs = (state.scenario?.slotSeconds ?? 0) * 1000;
  const remainingMs = slotMs - state.elapsedMs;
  const tone = countdownTone(state.passedWarnings.length, state.marks.length, remainingMs);
  const recording = state.phase === 'recording' || state.phase === 'slotEnd';
  return (
    <div className="interview-room" data-testid="interview-room" data-phase={state.phase}>
      <div className="room-top">
        <h2>{state.scenario?.title ?? 'Preparing…'}</h2>
        <div
          className={`countdown countdown-${tone}`}
          data-testid="countdown"
          data-tone={tone}
          data-elapsed-ms={state.elapsedMs}
        >
          {formatClock(Math.ceil(Math.max(0, remainingMs) / 1000))}
        </div>
      </div>
      {state.slotEnded ? (
        <p className="notice error" data-testid="slot-end" role="status">
          {state.slotEnded === 'cutIn'
            ? 'Time: the interviewer cut in.'
            : 'Time: the slot is over and the take ends.'}
        </p>
      ) : (
        state.passedWarnings.length > 0 && (
          <p className="notice warning" data-testid="warning-banner" role="status">
            {state.passedWarnings[state.passedWarnings.length - 1]}
          </p>
        )
      )}
      {state.speaking && (
        <p className="interviewer" data-testid="interviewer-speaking">
          <span className="muted">Interviewer: </span>
          {state.speaking.text}
        </p>
      )}
      <div className="live-row">
        <span className={`rec ${recording ? 'on' : ''}`} data-testid="rec-status" role="status">
          {recording ? 'Recording' : state.phase === 'scoring' ? 'Scoring…' : 'Listen'}
        </span>
        {recording && (
          <span className="meter" aria-hidden="true">
            <span className="meter-fill" style={{ width: `${meterPercent(state.levelDb)}%` }} />
          </span>
        )}
        {recording && (
          <span
            className={`live-pause live-pause-${state.pause.kind}`}
            data-testid="live-pause"
            data-kind={state.pause.kind}
          >
            {livePauseText(state.pause)}
          </span>
        )}
      </div>
      <div className="captions" ref={captions} data-testid="captions" aria-live="polite">
        {state.captions.length === 0 ? (
          <span className="muted">Live captions appear here as you speak.</span>
        ) : (
          state.captions.map((w, i) => <span key={i}>{w.text} </span>)
        )}
      </div>
      {state.message && (
        <p className="notice warning" role="alert">
          {state.message}
        </p>
      )}
      {state.phase === 'scoring' && (
        <p className="scoring" data-testid="scoring">
          Scoring… transcribing the end of the answer and checking it against the rubric.
        </p>
      )}
      {state.confirmingCancel && (
        <div className="notice warning" data-testid="confirm-cancel" role="alertdialog">
          Discard this take? Nothing of it is kept.{' '}
          <button
            type="button"
            className="danger"
            data-testid="confirm-discard"
            onClick={() => void interview.getState().cancel()}
          >
            Discard take
          </button>{' '}
          <button
            type="button"
            className="secondary"
            data-testid="keep-take"
            onClick={() => interview.getState().askCancel(false)}
          >
            Keep going
          </button>
        </div>
      )}
      <div className="room-actions">
        <button
          type="button"
          className="secondary"
          data-testid="cancel-take"
          disabled={!['prompt', 'recording', 'slotEnd'].includes(state.phase) || !state.takeId}
          onClick={() => interview.getState().askCancel(true)}
        >
          Cancel
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="end-turn"
          disabled={state.phase !== 'recording' || !!state.speaking}
          onClick={() => void interview.getState().endTurn()}
        >
          Done with this part <kbd>N</kbd>
        </button>
        <button
          type="button"
          className="primary"
          data-testid="finish"
          disabled={state.phase !== 'recording'}
          onClick={() => void interview.getState().finish('finished')}
        >
          Finish <kbd>Esc</kbd>
        </button>
      </div>
    </div>
  );
}
