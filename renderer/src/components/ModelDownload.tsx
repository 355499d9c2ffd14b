import { useStore } from 'zustand';
import type { MeasuredSpeed, ModelCost, ModelProgress } from '../../../core/models/overview';
import type { ModelsStore } from '../state/models';
import { isDownloading } from '../state/models';
import './models.css';

/** `77.7 MB`, `1.25 GB`. */
export function formatBytes(bytes: number): string {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** The cost lines of a model on this machine. */
export function costLines(cost: ModelCost): string[] {
  const seconds = Math.max(1, Math.round(cost.msPerAudioMinute / 1000));
  return [
    `Disk: ${formatBytes(cost.diskBytes)}` +
      (cost.freeDiskBytes === null ? '' : ` of ${formatBytes(cost.freeDiskBytes)} free`),
    `Memory: about ${formatBytes(cost.memoryBytes)} while transcribing, of ${formatBytes(cost.totalMemoryBytes)}`,
    cost.scaledFrom
      ? `Speed: about ${seconds} s of work per minute of answer, scaled from how ${cost.scaledFrom} ran in your takes here`
      : `Speed: roughly ${seconds} s to transcribe a minute of answer on ${cost.threads} ${cost.threads === 1 ? 'core' : 'cores'} (an estimate until a take is measured)`,
  ];
}

/** `9 s per minute of answer (3 takes)`, or that nothing is measured yet. */
export function measuredText(measured: MeasuredSpeed | null): string {
  if (!measured) return 'not measured yet';
  const seconds = Math.max(1, Math.round(measured.msPerAudioMinute / 1000));
  return `${seconds} s per minute of answer (${measured.takes} ${measured.takes === 1 ? 'take' : 'takes'})`;
}

/** `38.9 of 77.7 MB · 50%`. */
export function progressText(
  progress: Pick<ModelProgress, 'receivedBytes' | 'totalBytes'>,
): string {
  const percent =
    progress.totalBytes > 0 ? Math.floor((progress.receivedBytes / progress.totalBytes) * 100) : 0;
  return `${(progress.receivedBytes / 1e6).toFixed(1)} of ${formatBytes(progress.totalBytes)} · ${percent}%`;
}

/**
 * The recommended download: what it is, what it costs here, and one button that downloads it
 * (or resumes an unfinished download), then a progress bar with Cancel while it runs.
 */
export function ModelDownload({
  models,
  showCost = true,
}: {
  models: ModelsStore;
  /** The Models room shows the cost lines; the short offers elsewhere leave them out. */
  showCost?: boolean;
}) {
  const overview = useStore(models, (s) => s.overview);
  const progress = useStore(models, (s) => s.progress);
  const busy = useStore(models, (s) => s.busy);
  const recommended = overview?.recommended;
  const running = isDownloading(progress);
  const justInstalled = progress?.phase === 'installed' ? progress.name : undefined;
  const name = running ? progress!.name : (recommended?.name ?? justInstalled);
  if (!name) return null;
  if (!running && name === justInstalled) {
    return (
      <p className="model-installed" role="status" data-testid="model-installed">
        {name} is installed and its SHA-256 checked.
      </p>
    );
  }
  const partialBytes = recommended?.name === name ? recommended.partialBytes : 0;
  const ended = progress && progress.name === name && !running ? progress : undefined;

  return (
    <div className="model-download" data-testid="model-download" data-model={name}>
      <div className="model-download-head">
        <strong>{name}</strong>
        {recommended?.name === name && (
          <span className="muted">
            {' '}
            · {formatBytes(recommended.sizeBytes)} · {recommended.description}
          </span>
        )}
      </div>
      {showCost && recommended?.name === name && (
        <ul className="model-cost" data-testid="model-cost">
          {costLines(recommended.cost).map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
      {running ? (
        <div className="model-progress-row">
          <progress
            className="model-progress"
            data-testid="model-progress"
            data-phase={progress!.phase}
            data-received-bytes={progress!.receivedBytes}
            max={progress!.totalBytes}
            value={progress!.receivedBytes}
            aria-label={`Downloading ${name}`}
          />
          <span className="muted" data-testid="model-progress-text">
            {progress!.phase === 'verifying' ? 'Checking the SHA-256…' : progressText(progress!)}
          </span>
          <button
            type="button"
            className="secondary"
            data-testid="model-cancel"
            disabled={busy === 'cancel' || progress!.phase === 'verifying'}
            onClick={() => void models.getState().cancel()}
          >
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className="primary"
          data-testid="model-start"
          data-resume={partialBytes > 0 ? 'true' : 'false'}
          disabled={busy === 'download'}
          onClick={() => void models.getState().download(name)}
        >
          {partialBytes > 0
            ? `Resume download (${progressText({
                receivedBytes: partialBytes,
                totalBytes: recommended!.sizeBytes,
              })})`
            : `Download ${name}`}
        </button>
      )}
      {ended?.message && (
        <p
          className={ended.phase === 'failed' ? 'error' : 'muted'}
          role="status"
          data-testid="model-download-outcome"
          data-phase={ended.phase}
        >
          {ended.message}
        </p>
      )}
    </div>
  );
}
