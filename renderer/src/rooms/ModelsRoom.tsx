import { ConfirmDelete } from '../components/ConfirmDelete';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { ModelDownload, formatBytes, measuredText } from '../components/ModelDownload';
import { NextEngineLine } from '../components/ModelAdvice';
import type { ModelsStore } from '../state/models';
import '../components/models.css';

/**
 * The Whisper models: which transcribes the next take, those installed (choose the default,
 * delete), the recommended download with its cost here, and importing a model from this machine.
 */
export function ModelsRoom({ models }: { models: ModelsStore }) {
  const state = useStore(models);
  const [path, setPath] = useState('');
  const [name, setName] = useState('');

  useEffect(() => {
    void models.getState().load();
  }, [models]);

  const overview = state.overview;
  if (!overview) {
    return (
      <section className="models-room" data-testid="models-room" aria-label="Models">
        <h2>Models</h2>
        {state.status === 'error' ? (
          <p className="error" role="alert">
            Could not list the models: {state.error}
          </p>
        ) : (
          <p className="muted">Looking at the models folder…</p>
        )}
      </section>
    );
  }

  return (
    <section className="models-room" data-testid="models-room" aria-label="Models">
      <h2>Models</h2>
      <NextEngineLine overview={overview} />
      {state.error && (
        <p className="error" role="alert" data-testid="models-error">
          {state.error}
        </p>
      )}

      <section aria-label="Installed models">
        <h3>Installed</h3>
        {overview.installed.length === 0 ? (
          <p className="muted" data-testid="no-models">
            No Whisper model is installed in {overview.folder}.
          </p>
        ) : (
          <>
            <p className="muted">Kept in {overview.folder}.</p>
            <table className="models-table">
              <thead>
                <tr>
                  <th>Model</th>
                  <th>Size</th>
                  <th title="Engine time a minute of answer took in your recent takes on this machine">
                    Speed here
                  </th>
                  <th>Use</th>
                  <th aria-label="Actions" />
                </tr>
              </thead>
              <tbody>
                {overview.installed.map((m) => (
                  <tr key={m.name} data-testid="installed-model" data-model={m.name}>
                    <td>
                      {m.name}
                      {!m.catalogued && <span className="muted"> · imported</span>}
                    </td>
                    <td>{formatBytes(m.sizeBytes)}</td>
                    <td className={m.measured ? undefined : 'muted'} data-testid="model-speed">
                      {measuredText(m.measured)}
                    </td>
                    <td>
                      {m.inUse && (
                        <span className="model-badge" data-testid="in-use">
                          in use
                        </span>
                      )}{' '}
                      {m.isDefault && <span className="muted">default</span>}
                    </td>
                    <td>
                      <div className="model-actions">
                        {m.isDefault ? (
                          <button
                            type="button"
                            className="secondary"
                            disabled={state.busy !== undefined}
                            onClick={() => void models.getState().setDefault(null)}
                          >
                            Use the best installed
                          </button>
                        ) : (
                          <button
                            type="button"
                            className="secondary"
                            data-testid="make-default"
                            disabled={state.busy !== undefined}
                            onClick={() => void models.getState().setDefault(m.name)}
                          >
                            Make default
                          </button>
                        )}
                        <ConfirmDelete
                          confirming={state.confirmingDelete === m.name}
                          confirmLabel={`Delete ${formatBytes(m.sizeBytes)}`}
                          testIds={{ ask: 'delete-model', confirm: 'confirm-delete-model' }}
                          disabled={state.busy !== undefined}
                          onAsk={() => models.getState().askDelete(m.name)}
                          onConfirm={() => void models.getState().confirmDelete()}
                          onKeep={() => models.getState().askDelete(undefined)}
                        />
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>

      <section aria-label="Recommended download">
        <h3>Recommended for this machine</h3>
        {overview.recommended || state.progress ? (
          <ModelDownload models={models} />
        ) : (
          <p className="muted">The recommended model is installed.</p>
        )}
      </section>

      <section aria-label="Import a model">
        <h3>Import</h3>
        <p className="muted">
          A whisper.cpp ggml file (<code>ggml-*.bin</code>) or a faster-whisper model folder already
          on this computer; a faster-whisper folder is converted for whisper.cpp.
        </p>
        <form
          className="model-import"
          onSubmit={(e) => {
            e.preventDefault();
            void models
              .getState()
              .importFrom(path, name.trim() || undefined)
              .then((ok) => {
                if (ok) {
                  setPath('');
                  setName('');
                }
              });
          }}
        >
          <input
            type="text"
            data-testid="import-path"
            aria-label="Full path of the model file or folder"
            placeholder="/home/me/models/faster-whisper-base.en"
            value={path}
            onChange={(e) => setPath(e.target.value)}
          />
          <input
            type="text"
            data-testid="import-name"
            aria-label="Name to give it (optional)"
            placeholder="name (optional)"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
          <button
            type="submit"
            className="secondary"
            data-testid="import-model"
            disabled={!path.trim() || state.busy !== undefined}
          >
            {state.busy === 'import' ? 'Importing…' : 'Import'}
          </button>
        </form>
      </section>
    </section>
  );
}
