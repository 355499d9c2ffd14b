import { ConfirmDelete } from '../components/ConfirmDelete';
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { TakeAction, UnfinishedTake } from '../../../core/sessions/take';
import { formatClock } from '../format';
import type { LibraryStore } from '../state/library';

const STATUS_TEXT: Record<UnfinishedTake['status'], string> = {
  recording: 'interrupted while recording',
  transcribing: 'stopped while transcribing',
  scoringFailed: 'scoring failed',
};

const ACTION_TEXT: Record<TakeAction, string> = {
  recover: 'Recover and score',
  transcribeAgain: 'Transcribe again',
  scoreAgain: 'Score again',
};

/**
 * Every take: saved ones to replay or delete (with confirmation), and those without a report
 * with what can be done next (recover, transcribe again, score again).
 */
export function LibraryRoom({ library }: { library: LibraryStore }) {
  const state = useStore(library);
  useEffect(() => {
    void library.getState().load();
  }, [library]);

  return (
    <section className="library" data-testid="library">
      <h2>Saved takes</h2>
      {state.error && (
        <p className="notice error" role="alert">
          {state.error}
        </p>
      )}
      {state.unfinished.length > 0 && (
        <ul className="unfinished">
          {state.unfinished.map((t) => (
            <li
              key={t.id}
              className="notice warning"
              data-testid="unfinished-take"
              data-take-id={t.id}
              data-status={t.status}
            >
              <span>
                {t.scenarioTitle} · {new Date(t.createdAt).toLocaleString()} ·{' '}
                {formatClock(t.durationMs / 1000)} recorded · {STATUS_TEXT[t.status]}
              </span>
              {t.message && <span className="muted"> {t.message}</span>}{' '}
              {t.actions.map((action) => (
                <button
                  key={action}
                  type="button"
                  className="primary"
                  data-testid={`take-${action}`}
                  disabled={state.busy !== undefined}
                  onClick={() => void library.getState().act(t.id, action)}
                >
                  {state.busy === t.id ? 'Working…' : ACTION_TEXT[action]}
                </button>
              ))}
            </li>
          ))}
        </ul>
      )}
      {state.status === 'ready' && state.sessions.length === 0 && (
        <p className="muted">No takes yet. Rehearse one in the Interview tab.</p>
      )}
      {state.sessions.length > 0 && (
        <table className="sessions">
          <thead>
            <tr>
              <th>Date</th>
              <th>Scenario</th>
              <th className="num">Length</th>
              <th className="num">Overall</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {state.sessions.map((s) => (
              <tr key={s.id} data-testid="session-row" data-session-id={s.id}>
                <td>{new Date(s.createdAt).toLocaleString()}</td>
                <td>{s.scenarioTitle}</td>
                <td className="num">{formatClock(s.durationMs / 1000)}</td>
                <td className="num">{s.overall}/100</td>
                <td className="actions">
                  <button
                    type="button"
                    className="secondary"
                    data-testid="open-session"
                    onClick={() => void library.getState().openSession(s.id)}
                  >
                    Replay
                  </button>
                  <ConfirmDelete
                    confirming={state.confirmingDelete === s.id}
                    confirmLabel="Delete for good"
                    testIds={{ ask: 'delete', confirm: 'confirm-delete', keep: 'cancel-delete' }}
                    onAsk={() => library.getState().askDelete(s.id)}
                    onConfirm={() => void library.getState().confirmDelete()}
                    onKeep={() => library.getState().askDelete(undefined)}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state.problems.length > 0 && (
        <div className="problems" role="alert">
          <h3>Takes that cannot be opened</h3>
          <ul>
            {state.problems.map((p) => (
              <li key={p.id} data-testid="session-problem">
                <code>{p.id}</code> {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
