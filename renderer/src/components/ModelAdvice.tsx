import { useStore } from 'zustand';
import type { ModelsOverview } from '../../../core/models/overview';
import type { ModelsStore } from '../state/models';
import { useModelsStore } from '../state/models';
import { ModelDownload } from './ModelDownload';
import './models.css';

/** One line: what the next take will be transcribed with. */
export function NextEngineLine({
  overview,
  bare = false,
}: {
  overview: ModelsOverview;
  /** Without a box of its own, inside another notice. */
  bare?: boolean;
}) {
  const { next } = overview;
  return (
    <p
      className={next.engine === 'whisper' || bare ? 'muted' : 'notice warning'}
      data-testid="next-engine"
      data-engine={next.engine}
      data-model={next.model ?? ''}
    >
      {next.engine === 'whisper'
        ? `Takes are transcribed by Whisper (${next.model}).`
        : next.engine === 'pocketsphinx'
          ? 'No Whisper model is installed: takes are transcribed by pocketsphinx, which mishears much of what is said, so its words and scores are unreliable.'
          : overview.whisperAvailable
            ? 'No speech recogniser is installed: download a Whisper model to transcribe takes.'
            : 'Whisper is not built for this platform and pocketsphinx is not installed, so takes cannot be transcribed.'}
    </p>
  );
}

/**
 * Shown before a take when no Whisper model would transcribe it: says so, and offers the
 * recommended download in one click. Takes can still start where pocketsphinx stands in.
 */
export function ModelAdvice({ models: given }: { models?: ModelsStore }) {
  const fromContext = useModelsStore();
  const models = given ?? fromContext;
  const overview = useStore(models, (s) => s.overview);
  if (!overview || overview.next.engine === 'whisper') return null;
  return (
    <div className="notice warning engine-notice" data-testid="model-advice">
      <NextEngineLine overview={overview} bare />
      {overview.whisperAvailable && <ModelDownload models={models} showCost={false} />}
      {overview.next.engine === 'pocketsphinx' && overview.whisperAvailable && (
        <p className="muted">
          You can start a take now; the next take after the download is transcribed by Whisper.
        </p>
      )}
    </div>
  );
}
