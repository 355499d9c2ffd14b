import { create } from 'zustand';
import type { HostInfo } from '../../core/bridge/contract';
import type { ScenarioProblem, ScenarioSummary } from '../../core/scenarios/schema';
import { callHost } from './bridge';

/** The scenario selected when the app opens: the 10-minute incident story. */
export const DEFAULT_SCENARIO_ID = 'incident-minute-by-minute';

type Status = 'idle' | 'loading' | 'ready' | 'error';

/** The connection to the host, proved by a round trip. */
export interface HostSlice {
  host: { status: Status; info?: HostInfo; roundTripMs?: number; error?: string };
  connect(): Promise<void>;
}

/** The scenario library as the host loaded it. */
export interface ScenarioSlice {
  scenarios: {
    status: Status;
    items: ScenarioSummary[];
    problems: ScenarioProblem[];
    selectedId?: string;
    error?: string;
  };
  loadScenarios(): Promise<void>;
  selectScenario(id: string): void;
}

export type AppState = HostSlice & ScenarioSlice;

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Makes a store; the app uses one, tests make their own. */
export function createAppStore(clock: () => number = () => performance.now()) {
  return create<AppState>()((set, get) => ({
    host: { status: 'idle' },
    async connect() {
      set({ host: { status: 'loading' } });
      try {
        const started = clock();
        await callHost('ping', { message: 'hello' });
        const roundTripMs = Math.round(clock() - started);
        const info = await callHost('hostInfo', {});
        set({ host: { status: 'ready', info, roundTripMs } });
      } catch (error) {
        set({ host: { status: 'error', error: message(error) } });
      }
    },

    scenarios: { status: 'idle', items: [], problems: [] },
    async loadScenarios() {
      set({ scenarios: { ...get().scenarios, status: 'loading', error: undefined } });
      try {
        const listing = await callHost('listScenarios', {});
        const selectedId =
          get().scenarios.selectedId ??
          (listing.scenarios.find((s) => s.id === DEFAULT_SCENARIO_ID) ?? listing.scenarios[0])?.id;
        set({
          scenarios: {
            status: 'ready',
            items: listing.scenarios,
            problems: listing.problems,
            selectedId,
          },
        });
      } catch (error) {
        set({ scenarios: { ...get().scenarios, status: 'error', error: message(error) } });
      }
    },
    selectScenario(id) {
      set({ scenarios: { ...get().scenarios, selectedId: id } });
    },
  }));
}

export type AppStore = ReturnType<typeof createAppStore>;
