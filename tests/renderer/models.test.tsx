import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { BridgeApi, CallInput, SessionView } from '../../core/bridge/contract';
import type { ModelProgress, ModelsOverview } from '../../core/models/overview';
import { setBridge } from '../../renderer/src/bridge';
import { EngineNotice } from '../../renderer/src/components/EngineNotice';
import { ModelAdvice } from '../../renderer/src/components/ModelAdvice';
import { ModelsRoom } from '../../renderer/src/rooms/ModelsRoom';
import { App } from '../../renderer/src/App';
import { ModelsContext, createModelsStore } from '../../renderer/src/state/models';
import { createAppStore } from '../../renderer/src/store';
import { sessionFixture } from './fixtures';

function overview(overrides: Partial<ModelsOverview> = {}): ModelsOverview {
  return {
    folder: '/home/me/.local/share/mock-interviewer/models',
    installed: [],
    recommended: {
      name: 'tiny.en',
      sizeBytes: 77_704_715,
      description: 'English, fastest',
      partialBytes: 0,
      cost: {
        diskBytes: 77_704_715,
        freeDiskBytes: 412_300_000_000,
        memoryBytes: 273_000_000,
        totalMemoryBytes: 24_100_000_000,
        msPerAudioMinute: 6000,
        threads: 2,
        scaledFrom: null,
      },
    },
    download: null,
    next: { engine: 'pocketsphinx', model: null },
    whisperAvailable: true,
    pocketsphinxAvailable: true,
    ...overrides,
  };
}

/** An in-memory host for the model calls; `calls` records what the page asked. */
function fakeHost(start: ModelsOverview) {
  let current = start;
  let listener: ((p: ModelProgress) => void) | null = null;
  const calls: Array<[string, unknown]> = [];
  const record = <N extends string>(name: N, input: unknown) => calls.push([name, input]);
  const api = {
    getModels: async () => current,
    startModelDownload: async (input: CallInput<'startModelDownload'>) => {
      record('startModelDownload', input);
      return { ok: true as const };
    },
    cancelModelDownload: async () => {
      record('cancelModelDownload', {});
      return { ok: true as const };
    },
    deleteModel: async (input: CallInput<'deleteModel'>) => {
      record('deleteModel', input);
      current = { ...current, installed: current.installed.filter((m) => m.name !== input.name) };
      return current;
    },
    setDefaultModel: async (input: CallInput<'setDefaultModel'>) => {
      record('setDefaultModel', input);
      current = {
        ...current,
        installed: current.installed.map((m) => ({ ...m, isDefault: m.name === input.name })),
      };
      return current;
    },
    importModel: async (input: CallInput<'importModel'>) => {
      record('importModel', input);
      throw new Error(
        'holiday-photos holds no model: a faster-whisper (CTranslate2) folder has model.bin, config.json and tokenizer files.',
      );
    },
    retranscribeSession: async (input: CallInput<'retranscribeSession'>) => {
      record('retranscribeSession', input);
      const view: SessionView = {
        record: {
          ...sessionFixture(),
          transcript: {
            ...sessionFixture().transcript,
            engine: 'whisper',
            model: 'ggml-tiny.en.bin',
          },
        },
        replayUrl: '/media/sessions/x/replay.wav',
      };
      return view;
    },
    onModelProgress: (l: (p: ModelProgress) => void) => {
      listener = l;
      return () => (listener = null);
    },
  };
  setBridge(api as unknown as BridgeApi);
  return {
    api,
    calls,
    set(next: ModelsOverview) {
      current = next;
    },
    async push(progress: ModelProgress) {
      await act(async () => listener?.(progress));
    },
  };
}

function storeFor(host: ReturnType<typeof fakeHost>) {
  const store = createModelsStore({
    call: ((name: keyof typeof host.api, input: unknown) =>
      (host.api[name] as (i: unknown) => Promise<unknown>)(input)) as never,
    on: ((name: 'onModelProgress', l: (p: ModelProgress) => void) => host.api[name](l)) as never,
  });
  store.getState().listen();
  return store;
}

afterEach(() => {
  cleanup();
  setBridge(null);
});

const progress = (over: Partial<ModelProgress>): ModelProgress => ({
  name: 'tiny.en',
  phase: 'downloading',
  receivedBytes: 0,
  totalBytes: 77_704_715,
  resumedFromBytes: 0,
  ...over,
});

describe('the models room', () => {
  it('shows the recommended download with what it costs on this machine', async () => {
    const host = fakeHost(overview());
    const store = storeFor(host);
    await act(async () => {
      render(<ModelsRoom models={store} />);
    });
    expect(screen.getByTestId('next-engine').textContent).toBe(
      'No Whisper model is installed: takes are transcribed by pocketsphinx, which mishears much of what is said, so its words and scores are unreliable.',
    );
    expect(screen.getByTestId('no-models').textContent).toBe(
      'No Whisper model is installed in /home/me/.local/share/mock-interviewer/models.',
    );
    expect(
      [...screen.getByTestId('model-cost').querySelectorAll('li')].map((li) => li.textContent),
    ).toEqual([
      'Disk: 77.7 MB of 412.30 GB free',
      'Memory: about 273.0 MB while transcribing, of 24.10 GB',
      'Speed: roughly 6 s to transcribe a minute of answer on 2 cores (an estimate until a take is measured)',
    ]);
    expect(screen.getByTestId('model-start').textContent).toBe('Download tiny.en');
  });

  it('downloads with a progress bar, cancels, and offers to resume from what was kept', async () => {
    const host = fakeHost(overview());
    const store = storeFor(host);
    await act(async () => {
      render(<ModelsRoom models={store} />);
    });
    await act(async () => fireEvent.click(screen.getByTestId('model-start')));
    expect(host.calls).toEqual([['startModelDownload', { name: 'tiny.en' }]]);

    await host.push(progress({ receivedBytes: 38_852_358 }));
    const bar = screen.getByTestId('model-progress') as HTMLProgressElement;
    expect([bar.value, bar.max]).toEqual([38_852_358, 77_704_715]);
    expect(screen.getByTestId('model-progress-text').textContent).toBe('38.9 of 77.7 MB · 50%');

    await act(async () => fireEvent.click(screen.getByTestId('model-cancel')));
    expect(host.calls[1]).toEqual(['cancelModelDownload', {}]);
    host.set(overview({ recommended: { ...overview().recommended!, partialBytes: 38_852_358 } }));
    await host.push(
      progress({
        phase: 'cancelled',
        receivedBytes: 38_852_358,
        message:
          'The download of tiny.en was cancelled. 38.9 MB of 77.7 MB is kept; press Resume to go on.',
      }),
    );
    expect(screen.queryByTestId('model-progress')).toBeNull();
    expect(screen.getByTestId('model-download-outcome').textContent).toBe(
      'The download of tiny.en was cancelled. 38.9 MB of 77.7 MB is kept; press Resume to go on.',
    );
    expect(screen.getByTestId('model-start').textContent).toBe(
      'Resume download (38.9 of 77.7 MB · 50%)',
    );
  });

  it('shows a model as installed and in use once the download is verified', async () => {
    const host = fakeHost(overview());
    const store = storeFor(host);
    await act(async () => {
      render(<ModelsRoom models={store} />);
    });
    host.set(
      overview({
        installed: [
          {
            name: 'tiny.en',
            sizeBytes: 77_704_715,
            catalogued: true,
            isDefault: false,
            inUse: true,
            measured: null,
          },
        ],
        recommended: null,
        next: { engine: 'whisper', model: 'tiny.en' },
      }),
    );
    await host.push(progress({ phase: 'installed', receivedBytes: 77_704_715 }));
    expect(screen.getByTestId('model-installed').textContent).toBe(
      'tiny.en is installed and its SHA-256 checked.',
    );
    const row = screen.getByTestId('installed-model');
    expect(row.getAttribute('data-model')).toBe('tiny.en');
    expect(row.querySelector('[data-testid="in-use"]')?.textContent).toBe('in use');
    expect(screen.getByTestId('next-engine').textContent).toBe(
      'Takes are transcribed by Whisper (tiny.en).',
    );
  });

  it('chooses the default and deletes a model only after confirmation', async () => {
    const host = fakeHost(
      overview({
        installed: [
          {
            name: 'tiny.en',
            sizeBytes: 77_704_715,
            catalogued: true,
            isDefault: false,
            inUse: true,
            measured: null,
          },
          {
            name: 'mine',
            sizeBytes: 1_000_000,
            catalogued: false,
            isDefault: false,
            inUse: false,
            measured: { msPerAudioMinute: 9400, takes: 3 },
          },
        ],
        next: { engine: 'whisper', model: 'tiny.en' },
      }),
    );
    const store = storeFor(host);
    await act(async () => {
      render(<ModelsRoom models={store} />);
    });
    expect(screen.getAllByTestId('model-speed').map((cell) => cell.textContent)).toEqual([
      'not measured yet',
      '9 s per minute of answer (3 takes)',
    ]);
    await act(async () => fireEvent.click(screen.getAllByTestId('make-default')[1]!));
    expect(host.calls).toEqual([['setDefaultModel', { name: 'mine' }]]);
    expect(screen.getAllByTestId('installed-model')[1]!.textContent).toContain('default');

    fireEvent.click(screen.getAllByTestId('delete-model')[0]!);
    expect(host.calls).toHaveLength(1);
    await act(async () => fireEvent.click(screen.getByTestId('confirm-delete-model')));
    expect(host.calls[1]).toEqual(['deleteModel', { name: 'tiny.en' }]);
    expect(
      screen.getAllByTestId('installed-model').map((r) => r.getAttribute('data-model')),
    ).toEqual(['mine']);
  });

  it('imports from a path and shows why a folder was refused', async () => {
    const host = fakeHost(overview());
    const store = storeFor(host);
    await act(async () => {
      render(<ModelsRoom models={store} />);
    });
    fireEvent.change(screen.getByTestId('import-path'), {
      target: { value: ' /home/me/holiday-photos ' },
    });
    await act(async () => fireEvent.click(screen.getByTestId('import-model')));
    expect(host.calls).toEqual([['importModel', { path: '/home/me/holiday-photos' }]]);
    expect(screen.getByTestId('models-error').textContent).toBe(
      'holiday-photos holds no model: a faster-whisper (CTranslate2) folder has model.bin, config.json and tokenizer files.',
    );
    expect((screen.getByTestId('import-path') as HTMLInputElement).value).toBe(
      ' /home/me/holiday-photos ',
    );
  });
});

describe('the app shell', () => {
  it('offers the download on the interview room before a take and has a Models tab', async () => {
    const host = fakeHost(overview());
    Object.assign(host.api, {
      ping: async () => ({ message: 'hello', receivedAt: '2026-01-01T00:00:00.000Z' }),
      hostInfo: async () => ({ kind: 'browser', version: '0.1.0', platform: 'linux' }),
      listScenarios: async () => ({ scenarios: [], problems: [] }),
      listSessions: async () => ({ sessions: [], problems: [] }),
      listInterruptedTakes: async () => ({ takes: [] }),
    });
    const store = storeFor(host);
    await act(async () => {
      render(
        <ModelsContext value={store}>
          <App store={createAppStore()} />
        </ModelsContext>,
      );
    });
    expect(
      screen.getByTestId('model-advice').querySelector('[data-testid="model-start"]')?.textContent,
    ).toBe('Download tiny.en');
    await act(async () => fireEvent.click(screen.getByTestId('tab-models')));
    expect(screen.getByTestId('models-room').querySelector('h2')?.textContent).toBe('Models');
  });
});

describe('before a take, with no Whisper model', () => {
  it('says so and downloads the recommended model in one click', async () => {
    const host = fakeHost(overview());
    const store = storeFor(host);
    await act(async () => {
      await store.getState().load();
      render(<ModelAdvice models={store} />);
    });
    expect(screen.getByTestId('model-advice').textContent).toContain(
      'You can start a take now; the next take after the download is transcribed by Whisper.',
    );
    await act(async () => fireEvent.click(screen.getByTestId('model-start')));
    expect(host.calls).toEqual([['startModelDownload', { name: 'tiny.en' }]]);
  });

  it('says takes cannot be transcribed where neither engine can run', async () => {
    const host = fakeHost(
      overview({
        next: { engine: 'none', model: null },
        whisperAvailable: false,
        pocketsphinxAvailable: false,
      }),
    );
    const store = storeFor(host);
    await act(async () => {
      await store.getState().load();
      render(<ModelAdvice models={store} />);
    });
    expect(screen.getByTestId('model-advice').textContent).toBe(
      'Whisper is not built for this platform and pocketsphinx is not installed, so takes cannot be transcribed.',
    );
  });

  it('says nothing once a Whisper model transcribes takes', async () => {
    const host = fakeHost(overview({ next: { engine: 'whisper', model: 'tiny.en' } }));
    const store = storeFor(host);
    await act(async () => {
      await store.getState().load();
      render(<ModelAdvice models={store} />);
    });
    expect(screen.queryByTestId('model-advice')).toBeNull();
  });
});

describe('the engine notice on a report', () => {
  it('names the engine and model of a Whisper take without a warning', () => {
    const host = fakeHost(overview());
    const record = sessionFixture();
    record.transcript = { ...record.transcript, engine: 'whisper', model: 'ggml-base.en.bin' };
    render(<EngineNotice record={record} models={storeFor(host)} />);
    expect(screen.getByTestId('engine-notice').textContent).toBe(
      'Transcribed by Whisper (base.en)',
    );
    expect(screen.getByTestId('engine-notice').getAttribute('data-unreliable')).toBeNull();
  });

  it('warns on a pocketsphinx take and offers a Whisper model', async () => {
    const host = fakeHost(overview());
    await act(async () => {
      render(<EngineNotice record={sessionFixture()} models={storeFor(host)} />);
    });
    const notice = screen.getByTestId('engine-notice');
    expect(notice.getAttribute('data-unreliable')).toBe('true');
    expect(notice.querySelector('p')?.textContent).toBe(
      "Transcribed by pocketsphinx: it mishears much of what is said, so this take's words, and the scores built on them, are unreliable.",
    );
    expect(screen.getByTestId('model-start').textContent).toBe('Download tiny.en');
  });

  it('transcribes a pocketsphinx take again with Whisper in one click once a model is in', async () => {
    const host = fakeHost(overview({ next: { engine: 'whisper', model: 'tiny.en' } }));
    const updated: SessionView[] = [];
    await act(async () => {
      render(
        <EngineNotice
          record={sessionFixture()}
          models={storeFor(host)}
          onUpdated={(v) => updated.push(v)}
        />,
      );
    });
    const button = screen.getByTestId('retranscribe-whisper');
    expect(button.textContent).toBe('Transcribe again with Whisper (tiny.en)');
    await act(async () => fireEvent.click(button));
    expect(host.calls).toEqual([['retranscribeSession', { id: sessionFixture().id }]]);
    expect(updated.map((v) => [v.record.transcript.engine, v.record.transcript.model])).toEqual([
      ['whisper', 'ggml-tiny.en.bin'],
    ]);
  });
});
