import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { HostStatus } from './components/HostStatus';
import { formatClock } from './format';
import { InterviewRoom } from './rooms/InterviewRoom';
import { LibraryRoom } from './rooms/LibraryRoom';
import { ModelsRoom } from './rooms/ModelsRoom';
import { ProgressRoom } from './rooms/ProgressRoom';
import { ReplayRoom } from './rooms/ReplayRoom';
import type { InterviewStore } from './state/interview';
import { createInterviewStore } from './state/interview';
import type { LibraryStore } from './state/library';
import { createLibraryStore } from './state/library';
import { useModelsStore } from './state/models';
import type { AppStore } from './store';

type Tab = 'interview' | 'library' | 'progress' | 'models';
const TABS: Array<[Tab, string]> = [
  ['interview', 'Interview'],
  ['library', 'Library'],
  ['progress', 'Progress'],
  ['models', 'Models'],
];

/** The app shell: header with the host's status, tabs, and the rooms. */
export function App({
  store,
  interview: givenInterview,
  library: givenLibrary,
}: {
  store: AppStore;
  interview?: InterviewStore;
  library?: LibraryStore;
}) {
  const [interview] = useState(() => givenInterview ?? createInterviewStore());
  const [library] = useState(() => givenLibrary ?? createLibraryStore());
  const [tab, setTab] = useState<Tab>('interview');
  const host = useStore(store, (s) => s.host);
  const scenarios = useStore(store, (s) => s.scenarios);
  const finished = useStore(interview, (s) => s.view);
  const open = useStore(library, (s) => s.open);
  const interrupted = useStore(library, (s) => s.interrupted);
  const busy = useStore(library, (s) => s.busy);
  const libraryError = useStore(library, (s) => s.error);
  const interviewMessage = useStore(interview, (s) => s.message);
  const { connect, loadScenarios } = store.getState();
  const models = useModelsStore();

  useEffect(() => {
    void models.getState().load();
    return models.getState().listen();
  }, [models]);

  useEffect(() => {
    void connect();
    void loadScenarios();
    void library.getState().load();
  }, [connect, loadScenarios, library]);

  // A finished take opens in the replay room.
  useEffect(() => {
    if (finished) library.getState().show(finished);
  }, [finished, library]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Mock Interviewer</h1>
        <nav className="tabs" aria-label="Rooms">
          {TABS.map(([id, label]) => (
            <button
              key={id}
              type="button"
              className={tab === id && !open ? 'tab active' : 'tab'}
              aria-current={tab === id && !open ? 'page' : undefined}
              data-testid={`tab-${id}`}
              onClick={() => {
                library.getState().show(undefined);
                setTab(id);
              }}
            >
              {label}
            </button>
          ))}
        </nav>
        <HostStatus host={host} />
      </header>
      <main>
        {interrupted.length > 0 && tab !== 'library' && !open && (
          <div className="notice warning" data-testid="interrupted-banner" role="status">
            {interrupted.length === 1
              ? 'A take was interrupted before it was scored; its audio is on disk.'
              : `${interrupted.length} takes were interrupted before they were scored; their audio is on disk.`}
            <ul className="interrupted-list">
              {interrupted.map((t) => (
                <li key={t.takeId}>
                  <span>
                    {t.scenarioId || 'Unknown scenario'} · {new Date(t.startedAt).toLocaleString()}{' '}
                    · {formatClock(t.durationMs / 1000)} recorded
                  </span>
                  <button
                    type="button"
                    className="primary"
                    data-testid="recover-take"
                    data-take-id={t.takeId}
                    disabled={busy !== undefined}
                    onClick={() => void library.getState().recover(t.takeId)}
                  >
                    {busy === t.takeId ? 'Recovering…' : 'Recover and score'}
                  </button>
                </li>
              ))}
            </ul>
            {libraryError && <p className="error">{libraryError}</p>}
          </div>
        )}
        {scenarios.status === 'error' && (
          <p className="error" role="alert">
            Could not load scenarios: {scenarios.error}
          </p>
        )}
        {scenarios.status === 'loading' && <p className="muted">Loading scenarios…</p>}
        {open ? (
          <ReplayRoom
            key={open.record.id}
            view={open}
            notice={finished?.record.id === open.record.id ? interviewMessage : undefined}
            onUpdated={(view) => library.getState().show(view)}
            onClose={() => {
              library.getState().show(undefined);
              interview.getState().reset();
              void library.getState().load();
            }}
          />
        ) : tab === 'interview' ? (
          <InterviewRoom app={store} interview={interview} />
        ) : tab === 'library' ? (
          <LibraryRoom library={library} />
        ) : tab === 'models' ? (
          <ModelsRoom models={models} />
        ) : (
          <ProgressRoom library={library} />
        )}
      </main>
    </div>
  );
}
