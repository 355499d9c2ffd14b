import type { SessionRecord } from '../../../core/sessions/record';

/** A coloured stretch or moment on the replay timeline, in take ms. */
export interface Region {
  kind: 'pause' | 'stall' | 'filler' | 'warning' | 'prompt' | 'part';
  startMs: number;
  endMs: number;
  label: string;
}

const STORY_PARTS = ['Situation', 'Task', 'Action', 'Result', 'Evaluation'];

/**
 * The regions drawn over the waveform: long pauses and stalls, fillers, the interviewer's
 * prompts and warnings, and the STAR-E parts where the structure evidence places them.
 */
export function buildRegions(record: SessionRecord): Region[] {
  const regions: Region[] = [];
  for (const p of record.timing.pauses) {
    if (p.kind === 'ordinary') continue;
    const seconds = ((p.endMs - p.startMs) / 1000).toFixed(1);
    regions.push({
      kind: p.kind === 'stall' ? 'stall' : 'pause',
      startMs: p.startMs,
      endMs: p.endMs,
      label: `${p.kind === 'stall' ? 'Stall' : 'Long pause'} ${seconds} s`,
    });
  }
  for (const f of record.timing.fillers) {
    regions.push({
      kind: 'filler',
      startMs: f.startMs,
      endMs: f.endMs,
      label: `Filler "${f.text}"`,
    });
  }
  for (const p of record.prompts) {
    if (p.kind === 'opening') continue;
    regions.push({
      kind: p.kind === 'warning' || p.kind === 'slotEnd' ? 'warning' : 'prompt',
      startMs: p.atMs,
      endMs: p.atMs + p.durationMs,
      label: p.kind === 'followUp' ? `Follow-up: ${p.text}` : p.text,
    });
  }
  const structure = record.report.criteria.find((c) => c.id === 'structure');
  for (const e of structure?.evidence ?? []) {
    const part = e.label?.split(':')[0] ?? '';
    if (e.startMs === undefined || !STORY_PARTS.includes(part)) continue;
    regions.push({
      kind: 'part',
      startMs: e.startMs,
      endMs: e.endMs ?? e.startMs,
      label: e.label!,
    });
  }
  return regions.sort((a, b) => a.startMs - b.startMs || a.kind.localeCompare(b.kind));
}

/** Index of the word being spoken at `ms`, or -1 before the first and in gaps. */
export function wordAt(
  words: ReadonlyArray<{ startMs: number; endMs: number }>,
  ms: number,
): number {
  let lo = 0;
  let hi = words.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = words[mid]!;
    if (ms < w.startMs) hi = mid - 1;
    else if (ms >= w.endMs) lo = mid + 1;
    else return mid;
  }
  return -1;
}
