import { memo } from 'react';
import { Group } from '@visx/group';
import { scaleLinear } from '@visx/scale';
import { Bar, Line, LinePath } from '@visx/shape';
import type { ReactNode } from 'react';
import { formatClockMs, formatSecondsMs } from '../../../core/format/time';
import type { DeliveryDashboard } from '../../../core/report/delivery';
import { fillerSentence, paceSentence } from '../../../core/report/delivery';

const W = 220;
const H = 48;

/** One tile of the dashboard: a title, the figure in words, a small chart, a verdict. */
function Tile({
  title,
  figure,
  tone,
  verdict,
  label,
  testId,
  children,
}: {
  title: string;
  figure: ReactNode;
  tone: 'good' | 'warn' | 'bad' | 'neutral';
  verdict: string;
  label: string;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className={`tile tone-${tone}`} data-testid={testId}>
      <div className="tile-head">
        <span className="tile-title">{title}</span>
        <span className="tile-figure">{figure}</span>
      </div>
      <svg className="tile-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={label}>
        {children}
      </svg>
      <p className="tile-verdict">
        <span className="tone-icon" aria-hidden="true">
          {tone === 'good' ? '✓' : tone === 'neutral' ? '•' : '!'}
        </span>{' '}
        {verdict}
      </p>
    </div>
  );
}

/** Pace over the answer against the comfortable band (a line), or a bullet when too short. */
function PaceChart({ d }: { d: DeliveryDashboard }) {
  const lo = 60;
  const hi = 220;
  const points = d.paceOverTime;
  const y = scaleLinear({ domain: [lo, hi], range: [H - 12, 4], clamp: true });
  if (points.length >= 2) {
    const x = scaleLinear({
      domain: [points[0]!.startMs, points[points.length - 1]!.startMs],
      range: [4, W - 4],
    });
    return (
      <>
        <Bar
          className="band"
          x={0}
          width={W}
          y={y(d.paceBand.max)}
          height={y(d.paceBand.min) - y(d.paceBand.max)}
        />
        <text className="axis-note" x={W - 2} y={y(d.paceBand.max) - 2} textAnchor="end">
          {d.paceBand.min}-{d.paceBand.max}
        </text>
        <LinePath
          className="pace-line"
          data={points}
          x={(p) => x(p.startMs)}
          y={(p) => y(p.wordsPerMinute)}
        />
        {points.map((p) => (
          <circle
            key={p.startMs}
            className="pace-dot"
            cx={x(p.startMs)}
            cy={y(p.wordsPerMinute)}
            r={2.5}
          />
        ))}
      </>
    );
  }
  const x = scaleLinear({ domain: [lo, hi], range: [4, W - 4], clamp: true });
  return (
    <Group top={6}>
      <Bar className="track" x={4} width={W - 8} y={8} height={12} rx={3} />
      <Bar
        className="band"
        x={x(d.paceBand.min)}
        width={x(d.paceBand.max) - x(d.paceBand.min)}
        y={8}
        height={12}
      />
      {d.wordsPerMinute !== null && (
        <Line
          className="value-mark"
          from={{ x: x(d.wordsPerMinute), y: 2 }}
          to={{ x: x(d.wordsPerMinute), y: 26 }}
        />
      )}
    </Group>
  );
}

/** Fillers a minute on a 0-6 scale with its fluent, noticeable and hesitant zones. */
function FillerChart({ d }: { d: DeliveryDashboard }) {
  const x = scaleLinear({ domain: [0, 6], range: [4, W - 4], clamp: true });
  const value = d.fillersPerMinute ?? 0;
  return (
    <Group top={6}>
      <Bar className="zone zone-good" x={x(0)} width={x(d.fluentUpTo) - x(0)} y={8} height={12} />
      <Bar
        className="zone zone-warn"
        x={x(d.fluentUpTo)}
        width={x(d.hesitantFrom) - x(d.fluentUpTo)}
        y={8}
        height={12}
      />
      <Bar
        className="zone zone-bad"
        x={x(d.hesitantFrom)}
        width={x(6) - x(d.hesitantFrom)}
        y={8}
        height={12}
      />
      {[0, d.fluentUpTo, d.hesitantFrom, 6].map((t) => (
        <text key={t} className="axis-note" x={x(t)} y={36} textAnchor="middle">
          {t === 6 ? '6+' : t}
        </text>
      ))}
      {d.fillersPerMinute !== null && (
        <Line className="value-mark" from={{ x: x(value), y: 2 }} to={{ x: x(value), y: 26 }} />
      )}
    </Group>
  );
}

/** Where the long pauses and stalls fell across the answer. */
function PauseChart({ d }: { d: DeliveryDashboard }) {
  const start = d.speechStartMs ?? 0;
  const end = Math.max(start + 1, d.speechEndMs ?? start + 1);
  const x = scaleLinear({ domain: [start, end], range: [4, W - 4], clamp: true });
  return (
    <Group top={2}>
      <Line className="axis-line" from={{ x: 4, y: 30 }} to={{ x: W - 4, y: 30 }} />
      {d.longPauses.map((p) => (
        <Bar
          key={`l${p.startMs}`}
          className="pause-long"
          x={x(p.startMs)}
          width={Math.max(3, x(p.startMs + p.durationMs) - x(p.startMs))}
          y={14}
          height={16}
        />
      ))}
      {d.stalls.map((p) => (
        <g key={`s${p.startMs}`}>
          <Bar
            className="pause-stall"
            x={x(p.startMs)}
            width={Math.max(4, x(p.startMs + p.durationMs) - x(p.startMs))}
            y={4}
            height={26}
          />
          <text className="stall-glyph" x={x(p.startMs) + 2} y={2} textAnchor="middle">
            ■
          </text>
        </g>
      ))}
      <text className="axis-note" x={4} y={42}>
        {formatClockMs(start)}
      </text>
      <text className="axis-note" x={W - 4} y={42} textAnchor="end">
        {formatClockMs(end)}
      </text>
    </Group>
  );
}

/** Time used of the slot, with the slot's end marked and any overrun beyond it. */
function SlotChart({ d }: { d: DeliveryDashboard }) {
  const max = Math.max(d.slotMs, d.elapsedMs) * 1.0001;
  const x = scaleLinear({ domain: [0, max], range: [4, W - 4], clamp: true });
  return (
    <Group top={6}>
      <Bar className="track" x={4} width={x(d.slotMs) - 4} y={8} height={12} rx={3} />
      <Bar
        className="slot-used"
        x={4}
        width={Math.max(0, x(Math.min(d.elapsedMs, d.slotMs)) - 4)}
        y={8}
        height={12}
        rx={3}
      />
      {d.elapsedMs > d.slotMs && (
        <Bar
          className="slot-over"
          x={x(d.slotMs)}
          width={x(d.elapsedMs) - x(d.slotMs)}
          y={8}
          height={12}
        />
      )}
      <Line className="value-mark" from={{ x: x(d.slotMs), y: 2 }} to={{ x: x(d.slotMs), y: 26 }} />
      <text className="axis-note" x={x(d.slotMs)} y={38} textAnchor="end">
        slot {formatClockMs(d.slotMs)}
      </text>
    </Group>
  );
}

/** The delivery dashboard: pace, fillers a minute, long pauses and stalls, time used. */
function DeliveryChartsView({ d }: { d: DeliveryDashboard }) {
  const paceTone =
    d.paceVerdict === 'comfortable' ? 'good' : d.paceVerdict === 'unknown' ? 'neutral' : 'warn';
  const fillerTone =
    d.fillerVerdict === 'fluent'
      ? 'good'
      : d.fillerVerdict === 'noticeable'
        ? 'warn'
        : d.fillerVerdict === 'hesitant'
          ? 'bad'
          : 'neutral';
  const longest = [...d.longPauses, ...d.stalls].reduce((m, p) => Math.max(m, p.durationMs), 0);
  const pauseTone = d.stalls.length >= 2 ? 'bad' : d.stalls.length === 1 ? 'warn' : 'good';
  const ratio = d.slotMs > 0 ? d.elapsedMs / d.slotMs : 0;
  const slotTone = d.overrunMs > 0 ? 'bad' : ratio < 0.3 ? 'warn' : 'good';
  const pauseCounts = `${d.longPauses.length} long · ${d.stalls.length} ${d.stalls.length === 1 ? 'stall' : 'stalls'}`;
  return (
    <section className="dashboard" aria-label="Delivery" data-testid="delivery-dashboard">
      <Tile
        testId="tile-pace"
        title="Pace"
        figure={
          d.wordsPerMinute === null ? (
            '—'
          ) : (
            <>
              {Math.round(d.wordsPerMinute)} <small>wpm</small>
            </>
          )
        }
        tone={paceTone}
        verdict={paceSentence(d)}
        label={`Pace over the answer against the ${d.paceBand.min}-${d.paceBand.max} words a minute band. ${paceSentence(d)}`}
      >
        <PaceChart d={d} />
      </Tile>
      <Tile
        testId="tile-fillers"
        title="Fillers"
        figure={
          d.fillersPerMinute === null ? (
            '—'
          ) : (
            <>
              {d.fillersPerMinute.toFixed(1)} <small>a min</small>
            </>
          )
        }
        tone={fillerTone}
        verdict={fillerSentence(d)}
        label={`Fillers a minute: ${fillerSentence(d)} ${d.fillerCount} in all.`}
      >
        <FillerChart d={d} />
      </Tile>
      <Tile
        testId="tile-pauses"
        title="Long pauses"
        figure={pauseCounts}
        tone={pauseTone}
        verdict={
          longest > 0
            ? `Longest ${formatSecondsMs(longest)}; over 1 s is long, over 2.5 s a stall.`
            : 'No pause over 1 s.'
        }
        label={`${pauseCounts} across the answer.`}
      >
        <PauseChart d={d} />
      </Tile>
      <Tile
        testId="tile-slot"
        title="Time used"
        figure={
          <>
            {formatClockMs(d.elapsedMs)} <small>of {formatClockMs(d.slotMs)}</small>
          </>
        }
        tone={slotTone}
        verdict={
          d.overrunMs > 0
            ? `Over the slot by ${formatClockMs(d.overrunMs)}.`
            : ratio < 0.3
              ? `${Math.round(ratio * 100)}% of the slot: a full story uses most of it.`
              : `${Math.round(ratio * 100)}% of the slot.`
        }
        label={`Time used: ${formatClockMs(d.elapsedMs)} of a ${formatClockMs(d.slotMs)} slot.`}
      >
        <SlotChart d={d} />
      </Tile>
    </section>
  );
}

/** {@link DeliveryChartsView}, drawn again only when its props change (not on every playhead move). */
export const DeliveryCharts = memo(DeliveryChartsView);
