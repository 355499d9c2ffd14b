import { createContext, useContext } from 'react';
import { create } from 'zustand';
import type { ModelProgress, ModelsOverview } from '../../../core/models/overview';
import { callHost, onHostEvent } from '../bridge';

/** The Whisper models as the host reports them, and the user's actions on them. */
export interface ModelsState {
  status: 'idle' | 'loading' | 'ready' | 'error';
  overview?: ModelsOverview;
  /** The latest download progress (live, from `onModelProgress`). */
  progress?: ModelProgress;
  /** An action waiting for the host: `delete:tiny.en`, `default`, `import`, `download`. */
  busy?: string;
  /** The model waiting for "yes, delete". */
  confirmingDelete?: string;
  /** The last action's failure, said so the user can act on it. */
  error?: string;
  load(): Promise<void>;
  /** Starts (or resumes) downloading `name`. */
  download(name: string): Promise<void>;
  cancel(): Promise<void>;
  askDelete(name: string | undefined): void;
  confirmDelete(): Promise<void>;
  setDefault(name: string | null): Promise<void>;
  importFrom(path: string, name?: string): Promise<boolean>;
  /** Follows the host's download events; returns the unsubscribe function. */
  listen(): () => void;
}

/** What the store needs from the host; tests pass fakes. */
export interface ModelsDeps {
  call: typeof callHost;
  on: typeof onHostEvent;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** True while a download is moving (not finished, failed or cancelled). */
export function isDownloading(progress: ModelProgress | undefined | null): boolean {
  return progress?.phase === 'downloading' || progress?.phase === 'verifying';
}

/** Makes the models store. */
export function createModelsStore(deps: ModelsDeps = { call: callHost, on: onHostEvent }) {
  return create<ModelsState>()((set, get) => {
    /** Runs one host action; its answer (a fresh overview) replaces the shown one. */
    const act = async (busy: string, run: () => Promise<ModelsOverview | null>) => {
      set({ busy, error: undefined });
      try {
        const overview = await run();
        set({ busy: undefined, ...(overview ? { overview, status: 'ready' as const } : {}) });
        return true;
      } catch (error) {
        set({ busy: undefined, error: message(error) });
        return false;
      }
    };
    return {
      status: 'idle',
      async load() {
        if (get().status !== 'ready') set({ status: 'loading' });
        try {
          const overview = await deps.call('getModels', {});
          set({
            status: 'ready',
            overview,
            progress: get().progress ?? overview.download ?? undefined,
          });
        } catch (error) {
          set({ status: 'error', error: message(error) });
        }
      },
      async download(name) {
        await act('download', async () => {
          await deps.call('startModelDownload', { name });
          return null;
        });
      },
      async cancel() {
        await act('cancel', async () => {
          await deps.call('cancelModelDownload', {});
          return null;
        });
      },
      askDelete(name) {
        set({ confirmingDelete: name });
      },
      async confirmDelete() {
        const name = get().confirmingDelete;
        if (!name) return;
        set({ confirmingDelete: undefined });
        await act(`delete:${name}`, () => deps.call('deleteModel', { name }));
      },
      async setDefault(name) {
        await act('default', () => deps.call('setDefaultModel', { name }));
      },
      importFrom(path, name) {
        return act('import', () =>
          deps.call('importModel', { path: path.trim(), ...(name ? { name } : {}) }),
        );
      },
      listen() {
        return deps.on('onModelProgress', (progress) => {
          set({ progress });
          if (!isDownloading(progress)) void get().load();
        });
      },
    };
  });
}

export type ModelsStore = ReturnType<typeof createModelsStore>;

let shared: ModelsStore | null = null;

/** The app's models store, made on first use (the shell and every room share it). */
export function appModelsStore(): ModelsStore {
  shared ??= createModelsStore();
  return shared;
}

/** Lets a tree use its own models store (tests); without a provider the app's store is used. */
export const ModelsContext = createContext<ModelsStore | null>(null);

/** The models store of the surrounding tree. */
export function useModelsStore(): ModelsStore {
  return useContext(ModelsContext) ?? appModelsStore();
}
