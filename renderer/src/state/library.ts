import { create } from 'zustand';
import type { InterruptedTakeInfo, SessionView } from '../../../core/bridge/contract';
import type { SessionProblem, SessionSummary } from '../../../core/sessions/record';
import { callHost } from '../bridge';

/** The saved takes, interrupted takes, and the one open for replay. */
export interface LibraryState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  sessions: SessionSummary[];
  problems: SessionProblem[];
  interrupted: InterruptedTakeInfo[];
  /** The take waiting for "yes, delete". */
  confirmingDelete?: string;
  open?: SessionView;
  busy?: string;
  error?: string;
  load(): Promise<void>;
  openSession(id: string): Promise<void>;
  show(view: SessionView | undefined): void;
  askDelete(id: string | undefined): void;
  confirmDelete(): Promise<void>;
  recover(takeId: string): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Makes the library's store. */
export function createLibraryStore() {
  return create<LibraryState>()((set, get) => ({
    status: 'idle',
    sessions: [],
    problems: [],
    interrupted: [],
    async load() {
      set({ status: 'loading', error: undefined });
      try {
        const [list, interrupted] = await Promise.all([
          callHost('listSessions', {}),
          callHost('listInterruptedTakes', {}),
        ]);
        set({ status: 'ready', ...list, interrupted: interrupted.takes });
      } catch (error) {
        set({ status: 'error', error: message(error) });
      }
    },
    async openSession(id) {
      try {
        set({ open: await callHost('getSession', { id }), error: undefined });
      } catch (error) {
        set({ error: message(error) });
      }
    },
    show(view) {
      set({ open: view });
    },
    askDelete(id) {
      set({ confirmingDelete: id });
    },
    async confirmDelete() {
      const id = get().confirmingDelete;
      if (!id) return;
      set({ confirmingDelete: undefined });
      try {
        await callHost('deleteSession', { id });
        if (get().open?.record.id === id) set({ open: undefined });
        await get().load();
      } catch (error) {
        set({ error: message(error) });
      }
    },
    async recover(takeId) {
      set({ busy: takeId, error: undefined });
      try {
        const view = await callHost('recoverTake', { takeId });
        set({ open: view, busy: undefined });
        await get().load();
      } catch (error) {
        set({ busy: undefined, error: message(error) });
      }
    },
  }));
}

export type LibraryStore = ReturnType<typeof createLibraryStore>;
