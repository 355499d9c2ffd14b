import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { SessionView } from '../../../core/bridge/contract';
import { EXPORT_FORMATS } from '../../../core/bridge/contract';
import { CRITERION_TITLES } from '../../../core/rubric/score';
import { callHost } from '../bridge';
import { EngineNotice } from '../components/EngineNotice';
import { formatClock } from '../format';
import type { Region } from '../replay/regions';
import { buildRegions, missingMomentMs, peaks, wordAt } from '../replay/regions';

const seconds = (ms: number) => formatClock(ms / 1000);

const EXPORT_LABELS: Record<(typeof EXPORT_FORMATS)[number], string> = {
  html: 'HTML report',
  markdown: 'Markdown',
  srt: 'SRT',
  vtt: 'VTT',
  json: 'JSON',
};

const PROMPT_LABELS: Record<string, string> = {
  opening: 'Opening',
  followUp: 'Follow-up',
  warning: 'Time warning',
  slotEnd: 'Cut-in',
};

const END_LABELS: Record<string, string> = {
  finished: 'finished by the candidate',
  slotEnd: 'ended by the slot: the interviewer cut in',
  stopped: 'recording stopped early',
  recovered: 'recovered after an interruption',
};

/** Draws the take's waveform with its regions; a click seeks there. */
function Waveform({
  url,
  durationMs,
  offsetMs,
  regions,
  positionMs,
  onSeek,
}: {
  url: string;
  durationMs: number;
  offsetMs: number;
  regions: Region[];
  positionMs: number;
  onSeek(takeMs: number): void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [levels, setLevels] = useState<Float32Array | null>(null);
  const totalMs = durationMs + offsetMs;

  useEffect(() => {
    let cancelled = false;
    void (async () => {
      try {
        const bytes = await (await fetch(url)).arrayBuffer();
        const context = new OfflineAudioContext(1, 1, 16000);
        const audio = await context.decodeAudioData(bytes);
        if (!cancelled) setLevels(peaks(audio.getChannelData(0), 1200));
      } catch {
        if (!cancelled) setLevels(new Float32Array(0));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [url]);

  useEffect(() => {
    const c = canvas.current;
    const g = c?.getContext('2d');
    if (!c || !g || !levels) return;
    const { width, height } = c;
    g.clearRect(0, 0, width, height);
    g.fillStyle = '#2b6f9e';
    const mid = height / 2;
    for (let x = 0; x < levels.length; x++) {
      const h = Math.max(1, levels[x]! * mid * 0.95);
      g.fillRect((x / levels.length) * width, mid - h, Math.max(1, width / levels.length), h * 2);
    }
  }, [levels]);

  const pct = (takeMs: number) =>
    `${(((takeMs + offsetMs) / Math.max(1, totalMs)) * 100).toFixed(3)}%`;
  return (
    <div
      className="waveform"
      data-testid="waveform"
      onClick={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        onSeek(((e.clientX - box.left) / box.width) * totalMs - offsetMs);
      }}
    >
      <canvas ref={canvas} width={1200} height={120} />
      {offsetMs > 0 && (
        <span
          className="region region-interviewer"
          style={{ left: 0, width: pct(0) }}
          title="Opening prompt"
        />
      )}
      {regions.map((r, i) => (
        <span
          key={i}
          className={`region region-${r.kind}`}
          data-testid="region"
          data-kind={r.kind}
          data-start-ms={r.startMs}
          style={{
            left: pct(r.startMs),
            width: `max(2px, calc(${pct(r.endMs)} - ${pct(r.startMs)}))`,
          }}
          title={r.label}
        />
      ))}
      <span className="playhead" style={{ left: pct(positionMs) }} />
    </div>
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
  const audio = useRef<HTMLAudioElement>(null);
  const transcript = useRef<HTMLDivElement>(null);
  const [positionMs, setPositionMs] = useState(-record.audio.replayOffsetMs);
  const [exported, setExported] = useState<{ path: string; url: string; fileName: string } | null>(
    null,
  );
  const [exportError, setExportError] = useState<string | null>(null);
  const [retry, setRetry] = useState<'idle' | 'running' | string>('idle');
  const regions = useMemo(() => buildRegions(record), [record]);
  const words = record.transcript.words;
  const current = wordAt(words, positionMs);
  const longPauses = record.timing.pauses.filter((p) => p.kind !== 'ordinary');
  const asked = record.prompts.filter((p) => p.kind !== 'opening');

  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    let frame = 0;
    const update = () => {
      setPositionMs(Math.round(el.currentTime * 1000) - record.audio.replayOffsetMs);
      if (!el.paused) frame = requestAnimationFrame(update);
    };
    const start = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(update);
    };
    el.addEventListener('play', start);
    el.addEventListener('timeupdate', update);
    el.addEventListener('seeked', update);
    return () => {
      cancelAnimationFrame(frame);
      el.removeEventListener('play', start);
      el.removeEventListener('timeupdate', update);
      el.removeEventListener('seeked', update);
    };
  }, [record.audio.replayOffsetMs]);

  // Keyboard: Space plays or pauses, the arrow keys step 5 s back or forward.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      const el = audio.current;
      const target = e.target;
      if (!el || e.ctrlKey || e.metaKey || e.altKey) return;
      if (
        target instanceof Element &&
        target.closest('button, a, input, select, textarea, audio, [role="button"]')
      ) {
        return;
      }
      if (e.key === ' ') {
        e.preventDefault();
        if (el.paused) void el.play().catch(() => {});
        else el.pause();
      } else if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
        e.preventDefault();
        const step = e.key === 'ArrowLeft' ? -5 : 5;
        el.currentTime = Math.max(0, el.currentTime + step);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    const el = transcript.current?.querySelector<HTMLElement>('.word.current');
    el?.scrollIntoView?.({ block: 'nearest' });
  }, [current]);

  /** Seeks the replay to a take time and plays. */
  const seek = (takeMs: number) => {
    const el = audio.current;
    if (!el) return;
    el.currentTime = Math.max(0, (takeMs + record.audio.replayOffsetMs) / 1000);
    setPositionMs(Math.round(takeMs));
    void el.play().catch(() => {});
  };
  /** Props that make a marker seek to `ms` on click, Enter or Space. */
  const seekable = (ms: number | undefined) =>
    ms === undefined
      ? {}
      : {
          role: 'button',
          tabIndex: 0,
          'data-start-ms': ms,
          title: `Play from ${seconds(ms)}`,
          onClick: () => seek(ms),
          onKeyDown: (e: KeyboardEvent<HTMLElement>) => {
            if (e.key !== 'Enter' && e.key !== ' ') return;
            e.preventDefault();
            e.stopPropagation();
            seek(ms);
          },
        };

  const exportAs = async (format: (typeof EXPORT_FORMATS)[number]) => {
    setExportError(null);
    try {
      setExported(await callHost('exportSession', { id: record.id, format }));
    } catch (error) {
      setExportError((error as Error).message);
    }
  };

  return (
    <section className="replay" data-testid="replay-room" aria-label="Report and replay">
      <header className="replay-header">
        <div>
          <h2>{record.scenario.title}</h2>
          <p className="muted">
            {new Date(record.createdAt).toLocaleString()} · {seconds(record.audio.durationMs)} of a{' '}
            {formatClock(record.scenario.slotSeconds)} slot ·{' '}
            <span data-testid="take-end">{END_LABELS[record.end] ?? record.end}</span>
            {record.timing.overrunMs > 0 && (
              <strong className="overrun" data-testid="overrun">
                {' '}
                · Over the slot by {seconds(record.timing.overrunMs)}
              </strong>
            )}
          </p>
        </div>
        <div className="overall" data-testid="overall">
          <span className="overall-value">{record.report.overall}</span>
          <span className="muted">/100</span>
        </div>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </header>
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

      <audio ref={audio} src={replayUrl} controls preload="auto" data-testid="replay-audio" />
      <Waveform
        url={replayUrl}
        durationMs={record.audio.durationMs}
        offsetMs={record.audio.replayOffsetMs}
        regions={regions}
        positionMs={positionMs}
        onSeek={seek}
      />
      <div className="legend muted">
        <span className="key key-pause" /> long pause <span className="key key-stall" /> stall{' '}
        <span className="key key-filler" /> filler <span className="key key-prompt" /> interviewer{' '}
        <span className="key key-warning" /> time warning <span className="key key-part" /> STAR-E
        part
      </div>

      <div className="replay-grid">
        <div>
          <h3>Criteria</h3>
          <ul className="criteria">
            {record.report.criteria.map((c) => (
              <li key={c.id} className="criterion" data-criterion={c.id}>
                <div className="criterion-head">
                  <span>{CRITERION_TITLES[c.id] ?? c.title}</span>
                  <span className="score-bar" aria-label={`${c.score} of 4`}>
                    {[1, 2, 3, 4].map((n) => (
                      <span key={n} className={n <= c.score ? 'pip on' : 'pip'} />
                    ))}
                  </span>
                  <span className="score">{c.score}/4</span>
                </div>
                <ul className="evidence-list">
                  {c.evidence.map((e, i) => (
                    <li
                      key={i}
                      className="evidence"
                      data-testid="evidence"
                      {...seekable(e.startMs)}
                    >
                      “{e.text}”
                      {e.startMs !== undefined && (
                        <span className="time"> {seconds(e.startMs)}</span>
                      )}
                      {e.label && <span className="muted"> · {e.label}</span>}
                    </li>
                  ))}
                  {c.missing.map((m, i) => (
                    <li
                      key={`m${i}`}
                      className="missing"
                      data-testid="missing"
                      {...seekable(missingMomentMs(c.evidence, record.timing.speechEndMs))}
                    >
                      {m}
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3>Metrics found</h3>
          {record.report.metrics.length === 0 && (
            <p className="muted">No incident numbers were said.</p>
          )}
          <ul className="metrics">
            {record.report.metrics.map((m, i) => (
              <li key={i} data-testid="metric" {...seekable(m.startMs)}>
                <strong>{m.kind}</strong> {m.value} {m.unit} · “{m.text}”
                {m.startMs !== undefined && <span className="time"> {seconds(m.startMs)}</span>}
              </li>
            ))}
          </ul>
          <h3>Pauses and fillers</h3>
          <ul className="markers">
            {longPauses.map((p, i) => (
              <li
                key={`p${i}`}
                className={`marker marker-${p.kind}`}
                data-testid="pause-marker"
                {...seekable(p.startMs)}
              >
                {p.kind === 'stall' ? 'Stall' : 'Long pause'}{' '}
                {((p.endMs - p.startMs) / 1000).toFixed(1)} s at {seconds(p.startMs)}
              </li>
            ))}
            {record.timing.fillers.map((f, i) => (
              <li
                key={`f${i}`}
                className="marker marker-filler"
                data-testid="filler-marker"
                {...seekable(f.startMs)}
              >
                “{f.text}” at {seconds(f.startMs)}
              </li>
            ))}
            {longPauses.length === 0 && record.timing.fillers.length === 0 && (
              <li className="muted">No long pauses or fillers.</li>
            )}
          </ul>
          {asked.length > 0 && (
            <>
              <h3>The interviewer during the take</h3>
              <ul className="markers">
                {asked.map((p, i) => (
                  <li
                    key={`q${i}`}
                    className={`marker prompt-marker prompt-${p.kind}`}
                    data-testid="prompt-marker"
                    {...seekable(p.atMs)}
                  >
                    {PROMPT_LABELS[p.kind]}: “{p.text}” at {seconds(p.atMs)}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p className="muted">
            First word after{' '}
            {record.timing.firstWordMs === null
              ? '—'
              : `${(record.timing.firstWordMs / 1000).toFixed(1)} s`}{' '}
            · {record.timing.wordsPerMinute ?? '—'} words a minute
          </p>
          <h3>Coaching</h3>
          <ul className="coaching">
            {record.report.coaching.map((p, i) => (
              <li key={i} data-testid="coaching">
                <span className="quote" {...seekable(p.quote.startMs)}>
                  “{p.quote.text}”
                </span>
                <p>{p.advice}</p>
                <p className="example">Try: “{p.example}”</p>
              </li>
            ))}
          </ul>
          <h3>The panel would ask next</h3>
          <p className="follow-up" data-testid="next-follow-up">
            {record.report.followUp?.prompt ?? 'Nothing: the answer covered the rubric.'}
          </p>
          <h3>Export</h3>
          <div className="exports">
            {EXPORT_FORMATS.map((f) => (
              <button key={f} type="button" className="secondary" onClick={() => void exportAs(f)}>
                {EXPORT_LABELS[f]}
              </button>
            ))}
          </div>
          {exported && (
            <p className="muted" data-testid="export-result">
              Saved to <code>{exported.path}</code> ·{' '}
              <a href={exported.url} download={exported.fileName}>
                open
              </a>
            </p>
          )}
          {exportError && <p className="error">{exportError}</p>}
        </div>
      </div>

      <h3>Transcript</h3>
      <div className="transcript" ref={transcript} data-testid="transcript">
        {words.length === 0 && <p className="muted">No words were recognised.</p>}
        {words.map((w, i) => (
          <span
            key={i}
            className={i === current ? 'word current' : 'word'}
            data-testid="word"
            onClick={() => seek(w.startMs)}
          >
            {w.text}{' '}
          </span>
        ))}
      </div>
    </section>
  );
}
