import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { SessionView } from '../../../core/bridge/contract';
import { SESSION_EXPORT_FORMATS } from '../../../core/bridge/contract';
import { formatClockMs } from '../../../core/format/time';
import { deliveryDashboard } from '../../../core/report/delivery';
import {
  criteriaViews,
  panelVerdict,
  redFlags,
  scoreAdjustments,
  topChanges,
} from '../../../core/report/summary';
import { annotateTranscript } from '../../../core/report/transcript';
import { trackLabel } from '../format';
import { callHost } from '../bridge';
import { EngineNotice } from '../components/EngineNotice';
import { Player } from '../replay/Player';
import { buildMarkers } from '../replay/markers';
import { buildRegions, wordAt } from '../replay/regions';
import { useReplay, useReplayKeys } from '../replay/useReplay';
import { DeliveryCharts } from '../report/DeliveryCharts';
import {
  CriteriaSection,
  MetricsSection,
  NextQuestion,
  RedFlags,
  ScoreCard,
  TopChanges,
} from '../report/ReportParts';
import { TranscriptPanel } from '../report/TranscriptPanel';
import { formatTakeDate } from '../report/dates';

type ExportFormat = (typeof SESSION_EXPORT_FORMATS)[number];

const EXPORT_LABELS: Record<ExportFormat, string> = {
  html: 'HTML report',
  pdf: 'PDF',
  markdown: 'Markdown',
  srt: 'SRT',
  vtt: 'VTT',
  json: 'JSON',
};

const END_LABELS: Record<string, string> = {
  finished: 'finished by the candidate',
  slotEnd: 'ended by the slot: the interviewer cut in',
  stopped: 'recording stopped early',
  recovered: 'recovered after an interruption',
};

/** Export buttons and where the last export was written, with a link that opens it. */
function ExportBar({ id }: { id: string }) {
  const [exported, setExported] = useState<{ path: string; url: string; fileName: string } | null>(
    null,
  );
  const [error, setError] = useState<string | null>(null);
  const exportAs = async (format: ExportFormat) => {
    setError(null);
    try {
      setExported(await callHost('exportSession', { id, format }));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  return (
    <section className="export-bar" aria-label="Export">
      <span className="muted">Export</span>
      {SESSION_EXPORT_FORMATS.map((f) => (
        <button key={f} type="button" className="secondary small" onClick={() => void exportAs(f)}>
          {EXPORT_LABELS[f]}
        </button>
      ))}
      {exported && (
        <p className="muted export-result" data-testid="export-result">
          Saved to <code>{exported.path}</code> ·{' '}
          <a href={exported.url} target="_blank" rel="noopener noreferrer">
            open
          </a>
        </p>
      )}
      {error && <p className="error">{error}</p>}
    </section>
  );
}

/** The report and replay of one saved take. */
export function ReplayRoom({
  view,
  notice,
  onClose,
  onUpdated,
}: {
  view: SessionView;
  /** Something to say about how the take ended, e.g. the microphone was unplugged. */
  notice?: string;
  onClose(): void;
  /** Receives the take after it was transcribed again. */
  onUpdated?(view: SessionView): void;
}) {
  const { record, replayUrl } = view;
  const heading = useRef<HTMLHeadingElement>(null);
  const [retry, setRetry] = useState<'idle' | 'running' | string>('idle');
  const [activeMarker, setActiveMarker] = useState(0);
  const regions = useMemo(() => buildRegions(record), [record]);
  const markers = useMemo(() => buildMarkers(record), [record]);
  const items = useMemo(() => annotateTranscript(record), [record]);
  const verdict = useMemo(() => panelVerdict(record.report.overall), [record]);
  const changes = useMemo(() => topChanges(record), [record]);
  const flags = useMemo(() => redFlags(record.report), [record]);
  const adjustments = useMemo(() => scoreAdjustments(record.report), [record]);
  const criteria = useMemo(() => criteriaViews(record.report), [record]);
  const dashboard = useMemo(() => deliveryDashboard(record), [record]);
  const [audio, replay] = useReplay(record.audio.replayOffsetMs, markers);
  const followJump = useCallback((i: number) => {
    if (i >= 0) setActiveMarker(i);
  }, []);
  useReplayKeys(replay, followJump);
  const current = wordAt(record.transcript.words, replay.positionMs);

  // A report opened from the library or after a take takes the focus, without scrolling.
  useEffect(() => heading.current?.focus({ preventScroll: true }), [record.id]);

  return (
    <section className="replay" data-testid="replay-room" aria-labelledby="report-title">
      <header className="replay-header">
        <div className="replay-title">
          <h2 id="report-title" ref={heading} tabIndex={-1}>
            {record.scenario.title}
          </h2>
          <p className="muted">
            {trackLabel(record.scenario.track)} · {formatTakeDate(record.createdAt)} ·{' '}
            {formatClockMs(record.audio.durationMs)} of a{' '}
            {formatClockMs(record.scenario.slotSeconds * 1000)} slot ·{' '}
            <span data-testid="take-end">{END_LABELS[record.end] ?? record.end}</span>
            {record.timing.overrunMs > 0 && (
              <strong className="overrun" data-testid="overrun">
                {' '}
                · Over the slot by {formatClockMs(record.timing.overrunMs)}
              </strong>
            )}
          </p>
        </div>
      </header>

      <Player
        replay={replay}
        url={replayUrl}
        peaks={view.peaks}
        durationMs={record.audio.durationMs}
        offsetMs={record.audio.replayOffsetMs}
        regions={regions}
        markers={markers}
        active={activeMarker}
        onActive={setActiveMarker}
      />
      <audio ref={audio} src={replayUrl} preload="auto" data-testid="replay-audio" />
      {/* After the player in the tab order, so the markers are a few presses from the title. */}
      <button type="button" className="secondary close-report" onClick={onClose}>
        Close
      </button>

      {/* Which engine transcribed the take, first in the report; after the player so its
          buttons do not stand between the title and the markers in the tab order. */}
      <EngineNotice record={record} onUpdated={onUpdated} />
      {notice && (
        <p className="notice warning" role="status" data-testid="take-notice">
          {notice}
        </p>
      )}
      {record.warnings.map((w) => (
        <p key={w} className="notice warning" role="status">
          {w}
        </p>
      ))}
      {record.warnings.some((w) => w.startsWith('transcription failed')) && (
        <p className="notice">
          <button
            type="button"
            className="primary"
            data-testid="retranscribe"
            disabled={retry === 'running'}
            onClick={() => {
              setRetry('running');
              callHost('retranscribeSession', { id: record.id }).then(
                (updated) => {
                  setRetry('idle');
                  onUpdated?.(updated);
                },
                (error: Error) => setRetry(error.message),
              );
            }}
          >
            {retry === 'running' ? 'Transcribing…' : 'Transcribe again'}
          </button>
          {retry !== 'idle' && retry !== 'running' && <span className="error"> {retry}</span>}
        </p>
      )}

      <RedFlags flags={flags} seek={replay.seek} />
      <div className="report-top" data-testid="report-top">
        <div className="report-score">
          <ScoreCard verdict={verdict} />
          {adjustments.length > 0 && (
            <ul className="adjustments" data-testid="adjustments">
              {adjustments.map((a, i) => (
                <li key={i}>
                  Score ×{a.factor.toFixed(2)}: {a.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
        <TopChanges changes={changes} seek={replay.seek} />
        <NextQuestion followUp={record.report.followUp} />
      </div>
      <DeliveryCharts d={dashboard} />

      <div className="report-body">
        <CriteriaSection
          counted={criteria.counted}
          notCounted={criteria.notCounted}
          seek={replay.seek}
          record={record}
          coaching={record.report.coaching}
        />
        <div className="report-side">
          <MetricsSection metrics={record.report.metrics} seek={replay.seek} />
          <TranscriptPanel items={items} current={current} seek={replay.seek} />
        </div>
      </div>
      <ExportBar id={record.id} />
    </section>
  );
}
