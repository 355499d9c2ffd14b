import { memo } from 'react';
import type { ReactNode } from 'react';
import { formatClockMs } from '../../../core/format/time';
import type {
  CriterionView,
  PanelVerdict,
  RedFlag,
  ReportChange,
  VerdictBand,
} from '../../../core/report/summary';
import {
  VERDICT_FROM,
  dueMomentMs,
  gapMomentMs,
  metricPhrase,
  scoreWord,
} from '../../../core/report/summary';
import type { SessionRecord } from '../../../core/sessions/record';
import type { CoachingPoint, FollowUp, Metric } from '../../../core/rubric/types';

/** Plays the take from `startMs`. */
export type Seek = (startMs: number) => void;

/** A button that plays the take from a moment: ▶, the words, the time. */
export function PlayButton({
  startMs,
  seek,
  testId,
  className = 'play-quote',
  label,
  children,
  extra,
}: {
  startMs: number | undefined;
  seek: Seek;
  testId?: string;
  className?: string;
  /** What a screen reader hears, when the visible text is not enough. */
  label?: string;
  children: ReactNode;
  extra?: Record<string, string>;
}) {
  if (startMs === undefined) {
    return (
      <span className={`${className} untimed`} data-testid={testId} {...extra}>
        {children}
      </span>
    );
  }
  return (
    <button
      type="button"
      className={className}
      data-testid={testId}
      data-start-ms={startMs}
      aria-label={label}
      title={label ? `${label} (${formatClockMs(startMs)})` : `Play from ${formatClockMs(startMs)}`}
      onClick={() => seek(startMs)}
      {...extra}
    >
      <span className="play-icon" aria-hidden="true">
        ▶
      </span>
      <span className="play-text">{children}</span>
      <span className="time">{formatClockMs(startMs)}</span>
    </button>
  );
}

/** The verdict's bands on the 0-4 scale, lowest first, as core draws their edges. */
const BANDS: Array<{ band: VerdictBand; from: number; to: number; name: string }> = (
  [
    ['notYet', 'Not yet'],
    ['below', 'Below'],
    ['at', 'At bar'],
    ['above', 'Above'],
  ] as const
).map(([band, name], i, all) => {
  const next = all[i + 1];
  return { band, name, from: VERDICT_FROM[band], to: next ? VERDICT_FROM[next[0]] : 4 };
});

/** The overall score, what it means on the panel's 0-4 scale, and where it sits on that scale. */
function ScoreCardView({ verdict }: { verdict: PanelVerdict }) {
  const at = (v: number) => `${(v / 4) * 100}%`;
  return (
    <section className={`score-card band-${verdict.band}`} aria-label="Overall score">
      <div className="overall" data-testid="overall">
        <span className="overall-value">{verdict.overall}</span>
        <span className="overall-unit">/100</span>
      </div>
      <p className="verdict" data-testid="verdict">
        <strong className="verdict-label">{verdict.label}</strong>{' '}
        <span className="verdict-scale">
          {verdict.panelScore.toFixed(1)} of 4 on the panel’s scale
        </span>
      </p>
      <p className="verdict-meaning">{verdict.meaning}</p>
      <div
        className="scale"
        role="img"
        aria-label={`${verdict.panelScore.toFixed(1)} on a 0 to 4 scale: ${verdict.label}`}
      >
        {BANDS.map((b) => (
          <span
            key={b.name}
            className={`scale-band${b.band === verdict.band ? ' here' : ''}`}
            style={{ left: at(b.from), width: at(b.to - b.from) }}
          >
            {b.name}
          </span>
        ))}
        <span className="scale-mark" style={{ left: at(verdict.panelScore) }} />
      </div>
    </section>
  );
}

/** Red flags, shown above everything else when the rubric reports any. */
function RedFlagsView({ flags, seek }: { flags: RedFlag[]; seek: Seek }) {
  if (flags.length === 0) return null;
  return (
    <section className="red-flags" role="alert" data-testid="red-flags" aria-label="Red flags">
      <h3>
        <span aria-hidden="true">⚑</span> {flags.length === 1 ? 'A red flag' : 'Red flags'} a panel
        would hold against this answer
      </h3>
      <ul>
        {flags.map((f, i) => (
          <li key={i} data-testid="red-flag" data-code={f.code}>
            <strong className="flag-message">{f.message}</strong>
            {f.quote && (
              <PlayButton startMs={f.startMs} seek={seek}>
                “{f.quote}”
              </PlayButton>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The two or three changes that would move the score most, each on the candidate's words. */
function TopChangesView({ changes, seek }: { changes: ReportChange[]; seek: Seek }) {
  return (
    <section className="top-changes" aria-labelledby="top-changes-title">
      <h3 id="top-changes-title">What would move your score most</h3>
      {changes.length === 0 && (
        <p className="muted">Every counted criterion is at 4 of 4: keep the answer as it is.</p>
      )}
      <ol>
        {changes.map((c) => (
          <li key={c.criterion} data-testid="top-change" data-criterion={c.criterion}>
            <div className="change-head">
              <span className="change-title">{c.title}</span>
              <span className="gain" title="Points the overall score gains at 4 of 4">
                up to +{c.gainPoints}
              </span>
            </div>
            {c.quote ? (
              <PlayButton
                startMs={c.quote.startMs}
                seek={seek}
                testId="change-quote"
                label={`Play “${c.quote.text}”`}
              >
                You said “{c.quote.text}”
              </PlayButton>
            ) : (
              <PlayButton
                startMs={c.playMs}
                seek={seek}
                testId="change-quote"
                label="Play where it was due"
              >
                Not heard: play where it was due
              </PlayButton>
            )}
            <p className="change-advice" title={c.advice}>
              {c.advice}
            </p>
            {c.example && (
              <p className="change-example" title={c.example}>
                <span className="muted">Try:</span> “{c.example}”
              </p>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The follow-up the panel would ask next. */
function NextQuestionView({ followUp }: { followUp: FollowUp | null }) {
  return (
    <section className="next-question" aria-labelledby="next-question-title">
      <h3 id="next-question-title">The panel would ask next</h3>
      <p className="follow-up" data-testid="next-follow-up">
        {followUp?.prompt ?? 'Nothing: the answer covered the rubric.'}
      </p>
      {followUp?.reason && (
        <p className="muted small" title={followUp.reason}>
          Why: {followUp.reason}
        </p>
      )}
    </section>
  );
}

function Pips({ score }: { score: number }) {
  return (
    <span className="pips" aria-hidden="true">
      {[1, 2, 3, 4].map((n) => (
        <span key={n} className={n <= score ? 'pip on' : 'pip'} />
      ))}
    </span>
  );
}

function CriterionCard({
  c,
  seek,
  record,
  coaching,
}: {
  c: CriterionView;
  seek: Seek;
  /** The take, for where each gap is heard. */
  record: Pick<SessionRecord, 'timing' | 'scenario'>;
  coaching: CoachingPoint[];
}) {
  const due = dueMomentMs(c.evidence, record.timing.speechEndMs);
  return (
    <li className={`criterion score-${Math.round(c.score)}`} data-criterion={c.id}>
      <div className="criterion-head">
        <span className="criterion-title">{c.title}</span>
        {c.weight > 0 && <span className="share">counts {c.sharePct}%</span>}
        <Pips score={c.score} />
        <span className="score" aria-label={`${c.score} of 4, ${scoreWord(c.score)}`}>
          {c.score}/4 <span className="score-word">{scoreWord(c.score)}</span>
        </span>
      </div>
      {(c.evidence.length > 0 || c.missing.length > 0) && (
        <ul className="evidence-list">
          {c.evidence.map((e, i) => (
            <li key={i}>
              <PlayButton startMs={e.startMs} seek={seek} testId="evidence">
                “{e.text}”{e.label && <span className="evidence-label"> {e.label}</span>}
              </PlayButton>
            </li>
          ))}
          {c.missing.map((m, i) => (
            <li key={`m${i}`} className="missing-item" data-gap={c.gaps[i]}>
              <PlayButton
                startMs={gapMomentMs(c.gaps[i], record) ?? due}
                seek={seek}
                testId="missing"
                className="play-quote missing"
                label={`Not heard: ${m}. Play where it was due.`}
              >
                <span className="missing-tag">Not heard</span> {m}
              </PlayButton>
            </li>
          ))}
        </ul>
      )}
      {coaching.map((p, i) => (
        <div key={`c${i}`} className="coaching-point" data-testid="coaching">
          <p>{p.advice}</p>
          <p className="change-example-full">
            <span className="muted">Try:</span> “{p.example}”
          </p>
        </div>
      ))}
    </li>
  );
}

/** The criteria the scenario counts, each with its evidence once; the others apart, neutral. */
function CriteriaSectionView({
  counted,
  notCounted,
  seek,
  record,
  coaching,
}: {
  counted: CriterionView[];
  notCounted: CriterionView[];
  seek: Seek;
  /** The take, for where each gap is heard. */
  record: Pick<SessionRecord, 'timing' | 'scenario'>;
  /** Coaching points, each shown under its criterion. */
  coaching: CoachingPoint[];
}) {
  const card = (c: CriterionView) => (
    <CriterionCard
      key={c.id}
      c={c}
      seek={seek}
      record={record}
      coaching={coaching.filter((p) => p.criterion === c.id)}
    />
  );
  return (
    <section className="criteria-section" aria-labelledby="criteria-title">
      <h3 id="criteria-title">What the panel scored</h3>
      <ul className="criteria">{counted.map(card)}</ul>
      {notCounted.length > 0 && (
        <details className="not-counted" data-testid="not-counted">
          <summary>
            Not counted for this scenario ({notCounted.length}):{' '}
            {notCounted.map((c) => c.title).join(', ')}
          </summary>
          <ul className="criteria">{notCounted.map(card)}</ul>
        </details>
      )}
    </section>
  );
}

/** The incident numbers said, in words, each playing from where it was said. */
function MetricsSectionView({ metrics, seek }: { metrics: Metric[]; seek: Seek }) {
  return (
    <section className="metrics-section" aria-labelledby="metrics-title">
      <h3 id="metrics-title">Numbers you said</h3>
      {metrics.length === 0 ? (
        <p className="muted">No incident numbers were said.</p>
      ) : (
        <ul className="metrics">
          {metrics.map((m, i) => {
            const { label, value } = metricPhrase(m);
            return (
              <li key={i}>
                <PlayButton
                  startMs={m.startMs}
                  seek={seek}
                  testId="metric"
                  className="play-quote metric"
                  extra={{ 'data-kind': m.kind, 'data-value': String(m.value) }}
                >
                  <strong>
                    {label}: {value}
                  </strong>{' '}
                  <span className="muted">“{m.text}”</span>
                </PlayButton>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/** {@link RedFlagsView}, drawn again only when its props change (not on every playhead move). */
export const RedFlags = memo(RedFlagsView);

/** {@link TopChangesView}, drawn again only when its props change (not on every playhead move). */
export const TopChanges = memo(TopChangesView);

/** {@link NextQuestionView}, drawn again only when its props change (not on every playhead move). */
export const NextQuestion = memo(NextQuestionView);

/** {@link CriteriaSectionView}, drawn again only when its props change (not on every playhead move). */
export const CriteriaSection = memo(CriteriaSectionView);

/** {@link MetricsSectionView}, drawn again only when its props change (not on every playhead move). */
export const MetricsSection = memo(MetricsSectionView);

/** {@link ScoreCardView}, drawn again only when its props change (not on every playhead move). */
export const ScoreCard = memo(ScoreCardView);
