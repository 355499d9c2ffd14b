import { useEffect } from 'react';
import { useStore } from 'zustand';
import { HostStatus } from './components/HostStatus';
import { ScenarioList } from './components/ScenarioList';
import type { AppStore } from './store';

/** The app shell: header with the host's status, and the scenario library. */
export function App({ store }: { store: AppStore }) {
  const host = useStore(store, (s) => s.host);
  const scenarios = useStore(store, (s) => s.scenarios);
  const { connect, loadScenarios, selectScenario } = store.getState();

  useEffect(() => {
    void connect();
    void loadScenarios();
  }, [connect, loadScenarios]);

  return (
    <div className="app">
      <header className="app-header">
        <h1>Mock Interviewer</h1>
        <HostStatus host={host} />
      </header>
      <main>
        {scenarios.status === 'error' && (
          <p className="error" role="alert">
            Could not load scenarios: {scenarios.error}
          </p>
        )}
        {scenarios.status === 'loading' && <p className="muted">Loading scenarios…</p>}
        {scenarios.status === 'ready' && (
          <ScenarioList
            items={scenarios.items}
            problems={scenarios.problems}
            selectedId={scenarios.selectedId}
            onSelect={selectScenario}
          />
        )}
      </main>
    </div>
  );
}
