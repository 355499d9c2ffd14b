import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import type { SessionView } from '../../../core/bridge/contract';
import { isUnreliableEngine, transcribedByLabel } from '../../../core/models/overview';
import type { SessionRecord } from '../../../core/sessions/record';
import { callHost } from '../bridge';
import type { ModelsStore } from '../state/models';
import { useModelsStore } from '../state/models';
import { ModelDownload } from './ModelDownload';
import './models.css';

/**
 * Says which engine and model transcribed a take. For a take pocketsphinx transcribed, warns
 * that its words and scores are unreliable and offers, in one click each, a Whisper model and
 * transcribing the take again with it.
 */
export function EngineNotice({
  record,
  onUpdated,
  models: given,
}: {
  record: SessionRecord;
  /** Receives the take after it was transcribed again. */
  onUpdated?(view: SessionView): void;
  models?: ModelsStore;
}) {
  const fromContext = useModelsStore();
  const models = given ?? fromContext;
  const overview = useStore(models, (s) => s.overview);
  const status = useStore(models, (s) => s.status);
  const [retry, setRetry] = useState<'idle' | 'running' | { error: string }>('idle');
  const unreliable = isUnreliableEngine(record.transcript.engine);

  useEffect(() => {
    if (unreliable && status === 'idle') void models.getState().load();
  }, [models, status, unreliable]);

  const label = transcribedByLabel(record.transcript);
  const line = (
    <span
      data-testid="transcribed-by"
      data-engine={record.transcript.engine}
      data-model={record.transcript.model ?? ''}
    >
      Transcribed by {label}
    </span>
  );
  if (!unreliable) {
    return (
      <p className="muted engine-notice" data-testid="engine-notice">
        {line}
      </p>
    );
  }

  const whisperModel = overview?.next.engine === 'whisper' ? overview.next.model : null;
  return (
    <div
      className="notice warning engine-notice"
      role="status"
      data-testid="engine-notice"
      data-unreliable="true"
    >
      <p>
        {line}: it mishears much of what is said, so this take&apos;s words, and the scores built on
        them, are unreliable.
      </p>
      <div className="engine-notice-actions">
        {whisperModel ? (
          <button
            type="button"
            className="primary"
            data-testid="retranscribe-whisper"
            disabled={retry === 'running'}
            onClick={() => {
              setRetry('running');
              callHost('retranscribeSession', { id: record.id }).then(
                (view) => {
                  setRetry('idle');
                  onUpdated?.(view);
                },
                (error: Error) => setRetry({ error: error.message }),
              );
            }}
          >
            {retry === 'running'
              ? `Transcribing with Whisper (${whisperModel})…`
              : `Transcribe again with Whisper (${whisperModel})`}
          </button>
        ) : overview?.whisperAvailable ? (
          <>
            <span>Get a Whisper model, then transcribe this take again with it:</span>
            <ModelDownload models={models} showCost={false} />
          </>
        ) : null}
        {typeof retry === 'object' && (
          <span className="error" role="alert">
            {retry.error}
          </span>
        )}
      </div>
    </div>
  );
}
