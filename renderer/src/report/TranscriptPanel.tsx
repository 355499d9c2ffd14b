import { memo, useEffect, useRef } from 'react';
import { formatClockMs, formatSecondsMs } from '../../../core/format/time';
import type { TranscriptItem } from '../../../core/report/transcript';
import { promptLabel } from '../../../core/export/content';
import type { Seek } from './ReportParts';

/** After the reader scrolls the panel, it does not follow the replay for this long, ms. */
const HANDS_OFF_MS = 4000;

function wordClass(item: Extract<TranscriptItem, { kind: 'word' }>): string {
  const { marks } = item;
  const names = ['word'];
  if (marks.metric) names.push('hl-metric');
  else if (marks.evidence) names.push('hl-evidence');
  if (marks.filler) names.push('hl-filler');
  return names.join(' ');
}

function wordTitle(item: Extract<TranscriptItem, { kind: 'word' }>): string | undefined {
  const { marks } = item;
  const parts = [
    marks.metric,
    marks.evidence &&
      `${marks.evidence.title}${marks.evidence.label ? `: ${marks.evidence.label}` : ''}`,
    marks.filler ? 'Filler' : undefined,
  ].filter(Boolean);
  return parts.length ? parts.join(' · ') : undefined;
}

/** The words and what sits between them; memoised so the playhead does not re-render them. */
const Items = memo(function Items({ items, seek }: { items: TranscriptItem[]; seek: Seek }) {
  return (
    <>
      {items.map((item, i) => {
        switch (item.kind) {
          case 'prompt':
            return (
              <p key={`q${i}`} className="t-prompt">
                <span className="t-icon" aria-hidden="true">
                  ◆
                </span>{' '}
                <strong>{promptLabel(item.prompt)}</strong>
                {item.prompt.atMs >= 0 && (
                  <span className="time"> {formatClockMs(item.prompt.atMs)}</span>
                )}
                : {item.prompt.text}
              </p>
            );
          case 'part':
            return (
              <span key={`s${i}`} className="t-part" data-testid="transcript-part">
                {item.part}
              </span>
            );
          case 'pause':
            return (
              <span
                key={`p${i}`}
                className={`t-pause t-${item.pause.kind}`}
                data-testid="transcript-pause"
                data-start-ms={item.pause.startMs}
                title={`${item.pause.kind === 'stall' ? 'Stall' : 'Long pause'} at ${formatClockMs(item.pause.startMs)}`}
                onClick={() => seek(item.pause.startMs)}
              >
                <span aria-hidden="true">{item.pause.kind === 'stall' ? '■' : '‖'}</span>{' '}
                {item.pause.kind === 'stall' ? 'stall' : 'pause'}{' '}
                {formatSecondsMs(item.pause.durationMs)}
              </span>
            );
          default:
            return (
              <span
                key={item.index}
                className={wordClass(item)}
                data-testid="word"
                data-index={item.index}
                title={wordTitle(item)}
                onClick={() => seek(item.startMs)}
              >
                {item.text}{' '}
              </span>
            );
        }
      })}
    </>
  );
});

/**
 * The transcript with evidence, metrics, fillers and pauses marked in place (colour plus an
 * underline style or an icon), the current word highlighted. Only this panel scrolls to keep the
 * current word in view, never the page, and not while the reader is scrolling it.
 */
export function TranscriptPanel({
  items,
  current,
  seek,
}: {
  items: TranscriptItem[];
  /** Index of the word being played, or -1. */
  current: number;
  seek: Seek;
}) {
  const panel = useRef<HTMLDivElement>(null);
  const handsOffUntil = useRef(0);

  useEffect(() => {
    const box = panel.current;
    if (!box) return;
    box.querySelector('.word.current')?.classList.remove('current');
    if (current < 0) return;
    const word = box.querySelector<HTMLElement>(`.word[data-index="${current}"]`);
    if (!word) return;
    word.classList.add('current');
    if (Date.now() < handsOffUntil.current) return;
    // The panel is the word's offset parent (position: relative), so this is inside the panel.
    const top = word.offsetTop;
    const bottom = top + word.offsetHeight;
    if (top < box.scrollTop || bottom > box.scrollTop + box.clientHeight) {
      box.scrollTop = Math.max(0, top - box.clientHeight / 3);
    }
  }, [current, items]);

  const handsOff = () => {
    handsOffUntil.current = Date.now() + HANDS_OFF_MS;
  };
  const hasWords = items.some((i) => i.kind === 'word');

  return (
    <section className="transcript-section" aria-labelledby="transcript-title">
      <div className="transcript-top">
        <h3 id="transcript-title">Transcript</h3>
        <ul className="t-legend" aria-label="Highlights">
          <li>
            <span className="word hl-evidence">evidence</span>
          </li>
          <li>
            <span className="word hl-metric">number</span>
          </li>
          <li>
            <span className="word hl-filler">filler</span>
          </li>
          <li>
            <span className="t-pause t-long">
              <span aria-hidden="true">‖</span> long pause
            </span>
          </li>
          <li>
            <span className="t-pause t-stall">
              <span aria-hidden="true">■</span> stall
            </span>
          </li>
        </ul>
      </div>
      <div
        className="transcript"
        ref={panel}
        data-testid="transcript"
        tabIndex={0}
        aria-label="Transcript; click a word to play from it"
        onWheel={handsOff}
        onTouchMove={handsOff}
        onKeyDown={handsOff}
      >
        {!hasWords && <p className="muted">No words were recognised.</p>}
        <Items items={items} seek={seek} />
      </div>
    </section>
  );
}
