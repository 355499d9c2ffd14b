import { formatClockMs, formatSecondsMs } from '../../../core/format/time';
import type { SessionRecord } from '../../../core/sessions/record';

/** A moment the keyboard and the marker rail can jump to, in take ms. */
export interface Marker {
  kind: 'long' | 'stall' | 'filler' | 'followUp' | 'warning' | 'slotEnd';
  startMs: number;
  endMs: number;
  /** What a screen reader and the tooltip say, e.g. "Stall 3.1 s at 0:42". */
  label: string;
}

const PROMPT_NAMES: Record<string, string> = {
  followUp: 'Follow-up',
  warning: 'Time warning',
  slotEnd: 'Cut-in',
};

/**
 * The replay's markers in time order: long pauses and stalls, fillers, and what the interviewer
 * said during the take (follow-ups, time warnings, the cut-in). Ordinary pauses and the opening
 * prompt are not markers.
 */
export function buildMarkers(record: Pick<SessionRecord, 'timing' | 'prompts'>): Marker[] {
  const markers: Marker[] = [];
  for (const p of record.timing.pauses) {
    if (p.kind !== 'long' && p.kind !== 'stall') continue;
    const name = p.kind === 'stall' ? 'Stall' : 'Long pause';
    markers.push({
      kind: p.kind,
      startMs: p.startMs,
      endMs: p.endMs,
      label: `${name} ${formatSecondsMs(p.endMs - p.startMs)} at ${formatClockMs(p.startMs)}`,
    });
  }
  for (const f of record.timing.fillers) {
    markers.push({
      kind: 'filler',
      startMs: f.startMs,
      endMs: f.endMs,
      label: `Filler “${f.text}” at ${formatClockMs(f.startMs)}`,
    });
  }
  for (const p of record.prompts) {
    const name = PROMPT_NAMES[p.kind];
    if (!name) continue;
    markers.push({
      kind: p.kind as Marker['kind'],
      startMs: p.atMs,
      endMs: p.atMs + p.durationMs,
      label: `${name}: “${p.text}” at ${formatClockMs(p.atMs)}`,
    });
  }
  return markers.sort((a, b) => a.startMs - b.startMs || a.kind.localeCompare(b.kind));
}

/** Markers closer than this to the playhead count as "here": next/previous skip past them. */
const SAME_MOMENT_MS = 250;

/** Index of the first marker after `positionMs`, or -1 when none is left. */
export function nextMarker(markers: readonly Marker[], positionMs: number): number {
  return markers.findIndex((m) => m.startMs > positionMs + SAME_MOMENT_MS);
}

/** Index of the last marker before `positionMs`, or -1 before the first. */
export function previousMarker(markers: readonly Marker[], positionMs: number): number {
  for (let i = markers.length - 1; i >= 0; i--) {
    if (markers[i]!.startMs < positionMs - SAME_MOMENT_MS) return i;
  }
  return -1;
}
