import { Group } from '@visx/group';
import { scaleLinear, scalePoint } from '@visx/scale';
import { Bar, LinePath } from '@visx/shape';
import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { formatSigned } from '../../../core/format/time';
import { VERDICT_FROM, panelVerdict } from '../../../core/report/summary';
import type { SessionSummary } from '../../../core/sessions/record';
import { formatShortDate, formatTakeDate } from '../report/dates';
import type { LibraryStore } from '../state/library';
import {
  attemptsOf,
  compareAttempts,
  criteriaOf,
  criterionTitle,
  latestScenario,
} from './progress';

const W = 720;
const H = 220;
const M = { top: 12, right: 16, bottom: 34, left: 40 };

/** The overall score (0-100) from which a bar raiser reads "at the bar" (2.5 of 4). */
const BAR_OVERALL = VERDICT_FROM.at * 25;

function xLabels(attempts: SessionSummary[]): string[] {
  const dates = attempts.map((s) => formatShortDate(s.createdAt));
  // Two attempts on one day are told apart by their order that day.
  return dates.map((d, i) => {
    const same = dates.filter((x) => x === d).length;
    if (same === 1) return d;
    return `${d} #${dates.slice(0, i + 1).filter((x) => x === d).length}`;
  });
}

/** The overall score over the attempts, against the bar, with dates on the x-axis. */
function OverallChart({ attempts }: { attempts: SessionSummary[] }) {
  const labels = xLabels(attempts);
  const x = scalePoint({
    domain: attempts.map((s) => s.id),
    range: [0, W - M.left - M.right],
    padding: attempts.length === 1 ? 1 : 0.3,
  });
  const y = scaleLinear({ domain: [0, 100], range: [H - M.top - M.bottom, 0] });
  const last = attempts[attempts.length - 1]!;
  const summary = `Overall score over ${attempts.length} attempts, from ${attempts[0]!.overall} on ${formatTakeDate(attempts[0]!.createdAt)} to ${last.overall} on ${formatTakeDate(last.createdAt)}.`;
  return (
    <svg
      className="chart overall-chart"
      viewBox={`0 0 ${W} ${H}`}
      role="img"
      aria-label={summary}
      data-testid="overall-chart"
    >
      <Group left={M.left} top={M.top}>
        {[0, 25, 50, 75, 100].map((v) => (
          <g key={v}>
            <line className="grid" x1={0} x2={W - M.left - M.right} y1={y(v)} y2={y(v)} />
            <text className="tick" x={-6} y={y(v) + 4} textAnchor="end">
              {v}
            </text>
          </g>
        ))}
        <Bar
          className="bar-zone"
          x={0}
          y={y(100)}
          width={W - M.left - M.right}
          height={y(BAR_OVERALL) - y(100)}
        />
        <text
          className="zone-label"
          x={W - M.left - M.right - 4}
          y={y(BAR_OVERALL) - 4}
          textAnchor="end"
        >
          at or above the bar
        </text>
        <LinePath
          className="overall-line"
          data={attempts}
          x={(s) => x(s.id) ?? 0}
          y={(s) => y(s.overall)}
        />
        {attempts.map((s, i) => (
          <g key={s.id} data-testid="overall-point" data-session-id={s.id} data-overall={s.overall}>
            <circle className="overall-dot" cx={x(s.id)} cy={y(s.overall)} r={4.5}>
              <title>
                {labels[i]}: {s.overall}/100, {panelVerdict(s.overall).label}
              </title>
            </circle>
            <text className="point-label" x={x(s.id)} y={y(s.overall) - 9} textAnchor="middle">
              {s.overall}
            </text>
          </g>
        ))}
        {attempts.map((a, i) => (
          <text
            key={a.id}
            className="tick"
            x={x(a.id)}
            y={H - M.top - M.bottom + 18}
            textAnchor="middle"
          >
            {labels[i]}
          </text>
        ))}
      </Group>
    </svg>
  );
}

const SW = 200;
const SH = 72;

/** One criterion over the attempts, on its own 0-4 axis, so equal lines never hide each other. */
function CriterionSmall({ id, attempts }: { id: string; attempts: SessionSummary[] }) {
  const x = scalePoint({
    domain: attempts.map((s) => s.id),
    range: [20, SW - 8],
    padding: attempts.length === 1 ? 1 : 0,
  });
  const y = scaleLinear({ domain: [0, 4], range: [SH - 8, 8] });
  const scores = attempts.map((s) => s.criteria[id] ?? 0);
  const first = scores[0]!;
  const last = scores[scores.length - 1]!;
  const delta = last - first;
  return (
    <figure className="small-multiple" data-testid="series" data-criterion={id}>
      <figcaption>
        <span className="sm-title">{criterionTitle(id)}</span>
        <span className="sm-value">
          {last}/4
          {attempts.length > 1 && (
            <span className={delta > 0 ? 'up' : delta < 0 ? 'down' : 'flat'}>
              {' '}
              {delta > 0 ? '▲' : delta < 0 ? '▼' : '■'} {formatSigned(delta)}
            </span>
          )}
        </span>
      </figcaption>
      <svg
        viewBox={`0 0 ${SW} ${SH}`}
        role="img"
        aria-label={`${criterionTitle(id)}: ${scores.join(', ')} of 4 over the attempts`}
      >
        {[0, 2, 4].map((v) => (
          <g key={v}>
            <line className="grid" x1={12} x2={SW} y1={y(v)} y2={y(v)} />
            <text className="sm-tick" x={0} y={y(v) + 3}>
              {v}
            </text>
          </g>
        ))}
        <LinePath
          className="sm-line"
          data={attempts}
          x={(s) => x(s.id) ?? 0}
          y={(s) => y(s.criteria[id] ?? 0)}
        />
        {attempts.map((s) => (
          <circle
            key={s.id}
            className="sm-dot"
            cx={x(s.id)}
            cy={y(s.criteria[id] ?? 0)}
            r={3}
            data-testid="chart-point"
            data-session-id={s.id}
            data-score={s.criteria[id] ?? 0}
          >
            <title>
              {formatTakeDate(s.createdAt)}: {s.criteria[id] ?? 0}/4
            </title>
          </circle>
        ))}
      </svg>
    </figure>
  );
}

/** The overall score over time, per-criterion small multiples, and two attempts compared. */
export function ProgressRoom({ library }: { library: LibraryStore }) {
  const sessions = useStore(library, (s) => s.sessions);
  const [picked, setPicked] = useState<string | null>(null);
  const [pair, setPair] = useState<[string, string]>(['', '']);
  useEffect(() => {
    void library.getState().load();
  }, [library]);

  const scenarios = [...new Map(sessions.map((s) => [s.scenarioId, s.scenarioTitle])).entries()];
  // Per scenario by default: the one practised most recently.
  const scenarioId = picked ?? latestScenario(sessions);
  const attempts = attemptsOf(sessions, scenarioId);
  const criteria = criteriaOf(attempts);
  const [a, b] = pair.map((id) => attempts.find((s) => s.id === id));
  const compared = a && b && a.id !== b.id ? compareAttempts(a, b) : null;

  return (
    <section className="progress" data-testid="progress">
      <div className="progress-head">
        <h2>Progress</h2>
        <label>
          Scenario{' '}
          <select
            value={scenarioId}
            data-testid="progress-scenario"
            onChange={(e) => {
              setPicked(e.target.value);
              setPair(['', '']);
            }}
          >
            {scenarios.map(([id, title]) => (
              <option key={id} value={id}>
                {title}
              </option>
            ))}
            <option value="">All scenarios</option>
          </select>
        </label>
      </div>
      {attempts.length === 0 ? (
        <p className="muted">No attempts yet: finish a take and it shows here.</p>
      ) : (
        <>
          <h3>Overall score</h3>
          <OverallChart attempts={attempts} />
          <h3>Each criterion (0-4)</h3>
          <div className="small-multiples">
            {criteria.map((id) => (
              <CriterionSmall key={id} id={id} attempts={attempts} />
            ))}
          </div>
          <h3>Compare two attempts</h3>
          <div className="compare-pick">
            {[0, 1].map((i) => (
              <label key={i}>
                <span className="sr-only">{i === 0 ? 'First attempt' : 'Second attempt'}</span>
                <select
                  value={pair[i]}
                  data-testid={`compare-${i}`}
                  onChange={(e) =>
                    setPair(i === 0 ? [e.target.value, pair[1]] : [pair[0], e.target.value])
                  }
                >
                  <option value="">Pick an attempt</option>
                  {attempts.map((s) => (
                    <option key={s.id} value={s.id}>
                      {formatTakeDate(s.createdAt)} · {s.overall}/100
                    </option>
                  ))}
                </select>
              </label>
            ))}
          </div>
          {compared && (
            <table className="compare" data-testid="compare">
              <caption className="muted">Change is the newer attempt minus the older one.</caption>
              <thead>
                <tr>
                  <th scope="col">Criterion</th>
                  <th scope="col">Older · {formatTakeDate(compared.older.createdAt)}</th>
                  <th scope="col">Newer · {formatTakeDate(compared.newer.createdAt)}</th>
                  <th scope="col">Change</th>
                </tr>
              </thead>
              <tbody>
                {[...compared.rows, compared.overall].map((r) => (
                  <tr key={r.id} className={r.id === 'overall' ? 'overall-row' : undefined}>
                    <td>{r.title}</td>
                    <td className="num">{r.id === 'overall' ? r.older : `${r.older}/4`}</td>
                    <td className="num">{r.id === 'overall' ? r.newer : `${r.newer}/4`}</td>
                    <td className={`num ${r.delta > 0 ? 'up' : r.delta < 0 ? 'down' : 'flat'}`}>
                      <span aria-hidden="true">{r.delta > 0 ? '▲' : r.delta < 0 ? '▼' : '■'}</span>{' '}
                      {formatSigned(r.delta)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
