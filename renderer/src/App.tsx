import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { HostStatus } from './components/HostStatus';
import { InterviewRoom } from './rooms/InterviewRoom';
import { LibraryRoom } from './rooms/LibraryRoom';
import { ProgressRoom } from './rooms/ProgressRoom';
import { ReplayRoom } from './rooms/ReplayRoom';
import type { InterviewStore } from './state/interview';
import { createInterviewStore } from './state/interview';
import type { LibraryStore } from './state/library';
import { createLibraryStore } from './state/library';
import type { AppStore } from './store';

type Tab = 'interview' | 'library' | 'progress';
const TABS: Array<[Tab, string]> = [
  ['interview', 'Interview'],
  ['library', 'Library'],
  ['progress', 'Progress'],
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
  const { connect, loadScenarios } = store.getState();

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
          <p className="notice warning" data-testid="interrupted-banner">
            {interrupted.length === 1 ? 'A take was' : `${interrupted.length} takes were`}{' '}
            interrupted before it was scored.{' '}
            <button type="button" className="secondary" onClick={() => setTab('library')}>
              Recover in the library
            </button>
          </p>
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
        ) : (
          <ProgressRoom library={library} />
        )}
      </main>
    </div>
  );
}
