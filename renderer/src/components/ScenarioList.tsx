import type { ScenarioProblem, ScenarioSummary } from '../../../core/scenarios/schema';
import { formatClock, trackLabel } from '../format';

interface Props {
  items: ScenarioSummary[];
  problems: ScenarioProblem[];
  selectedId?: string;
  onSelect(id: string): void;
}

/** The scenarios the host loaded, and any files it could not load. */
export function ScenarioList({ items, problems, selectedId, onSelect }: Props) {
  return (
    <section className="scenarios" aria-labelledby="scenarios-heading">
      <h2 id="scenarios-heading">Scenarios</h2>
      {items.length === 0 && <p className="muted">No scenarios found.</p>}
      <ul className="scenario-list" role="listbox" aria-label="Scenarios">
        {items.map((s) => (
          <li
            key={s.id}
            role="option"
            aria-selected={s.id === selectedId}
            className={s.id === selectedId ? 'scenario selected' : 'scenario'}
            data-scenario-id={s.id}
            tabIndex={0}
            onClick={() => onSelect(s.id)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' || e.key === ' ') onSelect(s.id);
              if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                e.preventDefault();
                const sibling =
                  e.key === 'ArrowDown'
                    ? e.currentTarget.nextElementSibling
                    : e.currentTarget.previousElementSibling;
                if (sibling instanceof HTMLElement && sibling.dataset.scenarioId) {
                  sibling.focus();
                  onSelect(sibling.dataset.scenarioId);
                }
              }
            }}
          >
            <span className="scenario-title">{s.title}</span>
            <span className="scenario-meta">
              <span className={`track track-${s.track}`}>{trackLabel(s.track)}</span>
              <span className="slot">{formatClock(s.slotSeconds)}</span>
            </span>
            {s.summary && <span className="scenario-summary">{s.summary}</span>}
          </li>
        ))}
      </ul>
      {problems.length > 0 && (
        <div className="problems" role="alert">
          <h3>Scenario files that could not be loaded</h3>
          <ul>
            {problems.map((p, i) => (
              <li key={i}>
                <code>
                  {p.file}
                  {p.line !== undefined ? `:${p.line}` : ''}
                </code>{' '}
                {p.field && <code>{p.field}</code>} {p.message}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
