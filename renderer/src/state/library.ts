import { create } from 'zustand';
import type { InterruptedTakeInfo, SessionView } from '../../../core/bridge/contract';
import type { SessionProblem, SessionSummary } from '../../../core/sessions/record';
import type { TakeAction, UnfinishedTake } from '../../../core/sessions/take';
import { callHost } from '../bridge';

/** The saved takes, takes without a report, and the one open for replay. */
export interface LibraryState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  sessions: SessionSummary[];
  problems: SessionProblem[];
  /** Takes without a report (interrupted, stopped while transcribing, scoring failed). */
  unfinished: UnfinishedTake[];
  /** The interrupted recordings among them, for the banner outside the library. */
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
  /** Runs a take's next action (recover, transcribe again, score again) and opens the result. */
  act(id: string, action: TakeAction): Promise<void>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Makes the library's store. */
export function createLibraryStore() {
  return create<LibraryState>()((set, get) => ({
    status: 'idle',
    sessions: [],
    problems: [],
    unfinished: [],
    interrupted: [],
    async load() {
      set({ status: 'loading', error: undefined });
      try {
        const list = await callHost('listSessions', {});
        const interrupted = list.unfinished
          .filter((t) => t.status === 'recording')
          .map((t) => ({
            takeId: t.id,
            scenarioId: t.scenarioId,
            startedAt: t.createdAt,
            durationMs: t.durationMs,
          }));
        set({ status: 'ready', ...list, interrupted });
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
    recover(takeId) {
      return get().act(takeId, 'recover');
    },
    async act(id, action) {
      set({ busy: id, error: undefined });
      try {
        const view =
          action === 'recover'
            ? await callHost('recoverTake', { takeId: id })
            : await callHost('retranscribeSession', { id });
        set({ open: view, busy: undefined });
        await get().load();
      } catch (error) {
        set({ busy: undefined, error: message(error) });
        await get().load();
      }
    },
  }));
}

export type LibraryStore = ReturnType<typeof createLibraryStore>;
