import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { waveformPeaks } from '../../../core/audio/peaks';
import { formatClockMs } from '../../../core/format/time';
import type { Marker } from './markers';
import type { Region } from './regions';
import type { Replay } from './useReplay';
import { BACK_STEP_MS } from './useReplay';

const BUCKETS = 900;

/**
 * The waveform's peaks: those the host stored with the take, or, for a take saved before peaks
 * were kept, worked out once from its audio.
 */
function useLevels(url: string, stored: readonly number[] | undefined): readonly number[] | null {
  const hasStored = stored !== undefined && stored.length > 0;
  const [decoded, setDecoded] = useState<readonly number[] | null>(null);
  useEffect(() => {
    if (hasStored) return;
    let cancelled = false;
    void (async () => {
      try {
        const bytes = await (await fetch(url)).arrayBuffer();
        const context = new OfflineAudioContext(1, 1, 16000);
        const audio = await context.decodeAudioData(bytes);
        if (!cancelled) setDecoded(waveformPeaks(audio.getChannelData(0), BUCKETS));
      } catch {
        if (!cancelled) setDecoded([]);
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [url, hasStored]);
  return hasStored ? stored : decoded;
}

/** Draws `levels` as mirrored bars in the colour of the canvas's CSS `color`. */
function drawLevels(canvas: HTMLCanvasElement | null, levels: readonly number[] | null): void {
  const g = canvas?.getContext('2d');
  if (!canvas || !g || !levels) return;
  const { width, height } = canvas;
  g.clearRect(0, 0, width, height);
  g.fillStyle = getComputedStyle(canvas).color;
  const mid = height / 2;
  const bar = width / Math.max(1, levels.length);
  for (let x = 0; x < levels.length; x++) {
    const h = Math.max(1, levels[x]! * mid * 0.92);
    g.fillRect(x * bar, mid - h, Math.max(1, bar - 1), h * 2);
  }
}

const MARKER_TESTIDS: Record<Marker['kind'], string> = {
  long: 'pause-marker',
  stall: 'pause-marker',
  filler: 'filler-marker',
  followUp: 'prompt-marker',
  warning: 'prompt-marker',
  slotEnd: 'prompt-marker',
};

/** Player icons as SVG paths on a 16x16 grid: every font draws them the same. */
const ICONS = {
  play: 'M4 2.5v11l9-5.5z',
  pause: 'M3.5 2.5h3v11h-3zM9.5 2.5h3v11h-3z',
  previous: 'M3 3h2v10H3zM14 3v10L6 8z',
  next: 'M11 3h2v10h-2zM2 3v10l8-5z',
} as const;

function Icon({ name }: { name: keyof typeof ICONS }) {
  return (
    <svg className="icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={ICONS[name]} />
    </svg>
  );
}

/**
 * The themed player: play and pause, back 5 s, previous and next marker, the clock, and the
 * waveform with the take's regions and a rail of markers. The markers are one stop in the tab
 * order (arrow keys move between them, Enter plays); a click anywhere on the waveform plays from
 * there. Nothing here moves the page.
 */
export function Player({
  replay,
  url,
  peaks,
  durationMs,
  offsetMs,
  regions,
  markers,
  active,
  onActive,
}: {
  replay: Replay;
  url: string;
  /** The waveform's peaks stored with the take (0..1 each); absent for older takes. */
  peaks?: readonly number[];
  durationMs: number;
  offsetMs: number;
  regions: Region[];
  markers: Marker[];
  /** The marker Tab reaches in the rail: the last one focused, played or jumped to. */
  active: number;
  onActive(index: number): void;
}) {
  const levels = useLevels(url, peaks);
  const base = useRef<HTMLCanvasElement>(null);
  const played = useRef<HTMLCanvasElement>(null);
  const rail = useRef<HTMLDivElement>(null);
  const totalMs = Math.max(1, durationMs + offsetMs);
  const { positionMs, playing } = replay;

  useEffect(() => {
    drawLevels(base.current, levels);
    drawLevels(played.current, levels);
  }, [levels]);

  const pct = (takeMs: number) =>
    `${Math.max(0, Math.min(100, ((takeMs + offsetMs) / totalMs) * 100)).toFixed(3)}%`;
  const moveTo = (i: number) => {
    const next = Math.max(0, Math.min(markers.length - 1, i));
    onActive(next);
    rail.current?.querySelectorAll<HTMLElement>('.wf-marker')[next]?.focus({ preventScroll: true });
  };
  const onRailKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = {
      ArrowRight: active + 1,
      ArrowDown: active + 1,
      ArrowLeft: active - 1,
      ArrowUp: active - 1,
      Home: 0,
      End: markers.length - 1,
    };
    if (!(e.key in keys)) return;
    e.preventDefault();
    e.stopPropagation();
    moveTo(keys[e.key]!);
  };

  return (
    <div className="player" data-testid="player" role="group" aria-label="Replay">
      <div className="player-controls">
        <button
          type="button"
          className="icon-button play"
          data-testid="play-pause"
          aria-label={playing ? 'Pause (Space)' : 'Play (Space)'}
          aria-keyshortcuts="Space K"
          onClick={replay.toggle}
        >
          <Icon name={playing ? 'pause' : 'play'} />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="back-5"
          aria-label="Back 5 seconds (J)"
          aria-keyshortcuts="J"
          onClick={() => replay.step(-BACK_STEP_MS)}
        >
          <span aria-hidden="true">−5 s</span>
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="previous-marker"
          aria-label="Previous marker (P)"
          aria-keyshortcuts="P"
          disabled={markers.length === 0}
          onClick={() => replay.jump(-1)}
        >
          <Icon name="previous" />
        </button>
        <button
          type="button"
          className="icon-button"
          data-testid="next-marker"
          aria-label="Next marker (N)"
          aria-keyshortcuts="N"
          disabled={markers.length === 0}
          onClick={() => replay.jump(1)}
        >
          <Icon name="next" />
        </button>
        <span className="player-clock" data-testid="player-clock" aria-live="off">
          {formatClockMs(Math.max(0, positionMs))} / {formatClockMs(durationMs)}
        </span>
      </div>
      <div className="player-track">
        <div
          className="marker-rail"
          ref={rail}
          role="toolbar"
          aria-label={`Markers: ${markers.length}. Arrow keys move, Enter plays.`}
          onKeyDown={onRailKey}
        >
          {markers.map((m, i) => (
            <button
              key={`${m.kind}-${m.startMs}-${i}`}
              type="button"
              className={`wf-marker marker-${m.kind}`}
              data-testid={MARKER_TESTIDS[m.kind]}
              data-kind={m.kind}
              data-start-ms={m.startMs}
              tabIndex={i === active ? 0 : -1}
              title={m.label}
              style={{ left: pct(m.startMs) }}
              onFocus={() => onActive(i)}
              onClick={() => {
                onActive(i);
                replay.seek(m.startMs);
              }}
            >
              <span className="sr-only">{m.label}</span>
            </button>
          ))}
        </div>
        <div
          className="waveform"
          data-testid="waveform"
          onClick={(e) => {
            const box = e.currentTarget.getBoundingClientRect();
            replay.seek(((e.clientX - box.left) / box.width) * totalMs - offsetMs);
          }}
        >
          <canvas ref={base} className="wf-base" width={BUCKETS * 2} height={112} />
          <canvas
            ref={played}
            className="wf-progress"
            width={BUCKETS * 2}
            height={112}
            style={{ clipPath: `inset(0 calc(100% - ${pct(positionMs)}) 0 0)` }}
          />
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
      </div>
    </div>
  );
}
