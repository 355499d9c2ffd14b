import { useEffect, useState } from 'react';
import { useStore } from 'zustand';
import { CRITERION_TITLES } from '../../../core/rubric/score';
import { CRITERION_IDS } from '../../../core/rubric/types';
import type { LibraryStore } from '../state/library';
import { progressSeries } from './progress';

const WIDTH = 640;
const HEIGHT = 200;

/** Scores per criterion over attempts, and two attempts side by side. */
export function ProgressRoom({ library }: { library: LibraryStore }) {
  const sessions = useStore(library, (s) => s.sessions);
  const [scenarioId, setScenarioId] = useState<string>('');
  const [pair, setPair] = useState<[string, string]>(['', '']);
  useEffect(() => {
    void library.getState().load();
  }, [library]);

  const scenarios = [...new Map(sessions.map((s) => [s.scenarioId, s.scenarioTitle])).entries()];
  const series = progressSeries(sessions, scenarioId || undefined, WIDTH, HEIGHT);
  const ofScenario = sessions.filter((s) => !scenarioId || s.scenarioId === scenarioId);
  const [a, b] = pair.map((id) => sessions.find((s) => s.id === id));

  return (
    <section className="progress" data-testid="progress">
      <h2>Progress</h2>
      <label>
        Scenario{' '}
        <select
          value={scenarioId}
          data-testid="progress-scenario"
          onChange={(e) => setScenarioId(e.target.value)}
        >
          <option value="">All scenarios</option>
          {scenarios.map(([id, title]) => (
            <option key={id} value={id}>
              {title}
            </option>
          ))}
        </select>
      </label>
      {ofScenario.length === 0 ? (
        <p className="muted">No attempts yet.</p>
      ) : (
        <svg
          className="chart"
          viewBox={`-28 -10 ${WIDTH + 40} ${HEIGHT + 34}`}
          data-testid="progress-chart"
          role="img"
          aria-label="Scores over attempts"
        >
          {[0, 1, 2, 3, 4].map((n) => (
            <g key={n}>
              <line
                className="grid"
                x1={0}
                x2={WIDTH}
                y1={HEIGHT - (n / 4) * HEIGHT}
                y2={HEIGHT - (n / 4) * HEIGHT}
              />
              <text x={-14} y={HEIGHT - (n / 4) * HEIGHT + 4}>
                {n}
              </text>
            </g>
          ))}
          {(series[0]?.points ?? []).map((p, i) => (
            <text key={p.sessionId} x={p.x} y={HEIGHT + 18} textAnchor="middle">
              #{i + 1}
            </text>
          ))}
          {series.map((s) => (
            <g
              key={s.id}
              className={`series series-${s.id}`}
              data-testid="series"
              data-criterion={s.id}
            >
              <polyline points={s.points.map((p) => `${p.x},${p.y}`).join(' ')} />
              {s.points.map((p) => (
                <circle
                  key={p.sessionId}
                  cx={p.x}
                  cy={p.y}
                  r={3}
                  data-testid="chart-point"
                  data-session-id={p.sessionId}
                >
                  <title>{CRITERION_TITLES[s.id as keyof typeof CRITERION_TITLES]}</title>
                </circle>
              ))}
            </g>
          ))}
        </svg>
      )}
      <div className="legend">
        {CRITERION_IDS.map((id) => (
          <span key={id} className={`legend-item series-${id}`}>
            ■ {CRITERION_TITLES[id]}
          </span>
        ))}
      </div>
      <h3>Compare two attempts</h3>
      <div className="compare-pick">
        {[0, 1].map((i) => (
          <select
            key={i}
            value={pair[i]}
            data-testid={`compare-${i}`}
            onChange={(e) =>
              setPair(i === 0 ? [e.target.value, pair[1]] : [pair[0], e.target.value])
            }
          >
            <option value="">Pick an attempt</option>
            {ofScenario.map((s) => (
              <option key={s.id} value={s.id}>
                {new Date(s.createdAt).toLocaleString()} · {s.overall}/100
              </option>
            ))}
          </select>
        ))}
      </div>
      {a && b && (
        <table className="compare" data-testid="compare">
          <thead>
            <tr>
              <th>Criterion</th>
              <th>{new Date(a.createdAt).toLocaleString()}</th>
              <th>{new Date(b.createdAt).toLocaleString()}</th>
              <th>Change</th>
            </tr>
          </thead>
          <tbody>
            {CRITERION_IDS.map((id) => {
              const delta = (b.criteria[id] ?? 0) - (a.criteria[id] ?? 0);
              return (
                <tr key={id}>
                  <td>{CRITERION_TITLES[id]}</td>
                  <td className="num">{a.criteria[id] ?? 0}/4</td>
                  <td className="num">{b.criteria[id] ?? 0}/4</td>
                  <td className={delta > 0 ? 'num up' : delta < 0 ? 'num down' : 'num'}>
                    {delta > 0 ? `+${delta}` : delta}
                  </td>
                </tr>
              );
            })}
            <tr>
              <td>Overall</td>
              <td className="num">{a.overall}</td>
              <td className="num">{b.overall}</td>
              <td className="num">{b.overall - a.overall}</td>
            </tr>
          </tbody>
        </table>
      )}
    </section>
  );
}
