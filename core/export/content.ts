import type { PromptEvent, SessionRecord } from '../sessions/record';
import type { PauseKind } from '../timing/types';
import { formatClockMs, formatSecondsMs } from '../format/time';
import { isUnreliableEngine, transcribedByLabel } from '../models/overview';

/**
 * What the Markdown and HTML exports both show, worked out once so the two say the same thing.
 * Times are integer ms on the take's timeline (0 = recording started, after the opening prompt),
 * the same clock the replay room shows.
 */

/** "m:ss" for a time in ms, e.g. 725000 -> "12:05"; negative times show as "0:00". */
export const formatMs = formatClockMs;

/** A length in ms as seconds with one decimal, e.g. 2750 -> "2.8 s". */
export const formatSeconds = formatSecondsMs;

const ISO_STAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * The recording time for people, e.g. "2026-11-23 09:05 UTC", read from an ISO 8601 `createdAt`
 * as written (no time-zone conversion). Text that is not ISO 8601 is returned unchanged.
 */
export function formatCreatedAt(createdAt: string): string {
  const m = ISO_STAMP.exec(createdAt.trim());
  if (!m) return createdAt;
  const zone = m[6] === undefined ? '' : m[6] === 'Z' ? ' UTC' : ` ${m[6]}`;
  return `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}${zone}`;
}

/**
 * Base name shared by every export of a take: `<scenario-id>-<YYYY-MM-DD-HHMM>`, the stamp read
 * from `createdAt` as written (ISO 8601 from the recorder is UTC). Lower-cased and reduced to
 * a-z, 0-9, `-` and `.`: every other run of characters becomes one `-`, and leading or trailing
 * `-`/`.` are dropped, so the name can never leave its folder or hide itself. An empty scenario id
 * becomes "session"; a `createdAt` that is not ISO 8601 gives the stamp "undated".
 */
export function exportBaseName(record: Pick<SessionRecord, 'scenario' | 'createdAt'>): string {
  const m = ISO_STAMP.exec(record.createdAt.trim());
  const stamp = m ? `${m[1]}-${m[2]}-${m[3]}-${m[4]}${m[5]}` : 'undated';
  const id =
    record.scenario.id
      .toLowerCase()
      .replace(/[^a-z0-9.-]+/g, '-')
      .replace(/-{2,}/g, '-')
      .replace(/\.{2,}/g, '.')
      .replace(/^[.-]+|[.-]+$/g, '') || 'session';
  return `${id}-${stamp}`;
}

/** A long pause or stall, for the delivery summary. */
export interface PauseNote {
  kind: Exclude<PauseKind, 'ordinary'>;
  startMs: number;
  durationMs: number;
}

/** How often one filler was said. */
export interface FillerCount {
  text: string;
  count: number;
}

/** One block of the annotated transcript, in time order. */
export type TranscriptBlock =
  | { kind: 'speech'; startMs: number | null; text: string }
  | { kind: 'pause'; pause: PauseNote }
  | { kind: 'prompt'; prompt: PromptEvent };

/** Long pauses and stalls of the take, in time order (ordinary pauses are left out). */
export function notablePauses(record: SessionRecord): PauseNote[] {
  return record.timing.pauses
    .filter((p): p is typeof p & { kind: PauseNote['kind'] } => p.kind !== 'ordinary')
    .map((p) => ({ kind: p.kind, startMs: p.startMs, durationMs: p.endMs - p.startMs }))
    .sort((a, b) => a.startMs - b.startMs);
}

/** Fillers counted by their canonical text, most frequent first (ties in order of first use). */
export function fillerCounts(record: SessionRecord): FillerCount[] {
  const counts = new Map<string, number>();
  for (const f of [...record.timing.fillers].sort((a, b) => a.startMs - b.startMs)) {
    counts.set(f.text, (counts.get(f.text) ?? 0) + 1);
  }
  return [...counts].map(([text, count]) => ({ text, count })).sort((a, b) => b.count - a.count);
}

/** "3 (um ×2, you know ×1)", or "none". */
export function fillerSummary(counts: FillerCount[]): string {
  const total = counts.reduce((sum, c) => sum + c.count, 0);
  if (total === 0) return 'none';
  return `${total} (${counts.map((c) => `${c.text} ×${c.count}`).join(', ')})`;
}

/**
 * The transcript as blocks: the interviewer's prompts where they were said, the candidate's
 * words in paragraphs, and each long pause or stall where it broke the speech. A paragraph starts
 * after every prompt and every long pause or stall. Without timed words the transcript text is one
 * paragraph with no time; with neither, there is no speech block.
 */
export function transcriptBlocks(record: SessionRecord): TranscriptBlock[] {
  type Mark = { atMs: number; order: number; block: TranscriptBlock };
  const marks: Mark[] = [
    ...record.prompts.map((prompt) => ({
      atMs: prompt.atMs,
      order: 0,
      block: { kind: 'prompt', prompt } as const,
    })),
    ...notablePauses(record).map((pause) => ({
      atMs: pause.startMs,
      order: 1,
      block: { kind: 'pause', pause } as const,
    })),
  ].sort((a, b) => a.atMs - b.atMs || a.order - b.order);
  const words = [...record.transcript.words]
    .filter((w) => w.text.trim() !== '')
    .sort((a, b) => a.startMs - b.startMs);
  if (words.length === 0) {
    const text = record.transcript.text.trim();
    const speech: TranscriptBlock[] = text ? [{ kind: 'speech', startMs: null, text }] : [];
    const leading = marks.filter((m) => m.block.kind === 'prompt' && m.atMs <= 0);
    const rest = marks.filter((m) => !leading.includes(m));
    return [...leading.map((m) => m.block), ...speech, ...rest.map((m) => m.block)];
  }
  const blocks: TranscriptBlock[] = [];
  let paragraph: string[] = [];
  let paragraphStartMs = 0;
  const flush = () => {
    if (paragraph.length > 0) {
      blocks.push({ kind: 'speech', startMs: paragraphStartMs, text: paragraph.join(' ') });
    }
    paragraph = [];
  };
  let next = 0;
  for (const word of words) {
    while (next < marks.length && marks[next]!.atMs <= word.startMs) {
      flush();
      blocks.push(marks[next]!.block);
      next += 1;
    }
    if (paragraph.length === 0) paragraphStartMs = word.startMs;
    paragraph.push(word.text.replace(/\s+/g, ' ').trim());
  }
  flush();
  for (; next < marks.length; next += 1) blocks.push(marks[next]!.block);
  return blocks;
}

/** What a prompt event is called in the transcript. */
export function promptLabel(prompt: PromptEvent): string {
  switch (prompt.kind) {
    case 'opening':
      return 'Interviewer';
    case 'followUp':
      return 'Interviewer, follow-up';
    case 'warning':
      return 'Interviewer, time warning';
    case 'slotEnd':
      return 'Interviewer, end of slot';
    default:
      return 'Interviewer';
  }
}

/** "3:05 of a 10:00 slot, 0:12 over", describing how the answer sat in its slot. */
export function slotSummary(record: SessionRecord): string {
  const slot = formatMs(record.scenario.slotSeconds * 1000);
  const over = record.timing.overrunMs > 0 ? `, ${formatMs(record.timing.overrunMs)} over` : '';
  return `${formatMs(record.audio.durationMs)} of a ${slot} slot${over}`;
}

/** "1.4 s", or "nothing said" when the take has no speech. */
export function firstWordSummary(record: SessionRecord): string {
  const ms = record.timing.firstWordMs;
  return ms === null ? 'nothing said' : formatSeconds(ms);
}

/**
 * Who transcribed the take, e.g. "Whisper (tiny.en)"; for an engine whose words cannot be
 * trusted, with that said: "pocketsphinx: its words, and so the scores, are unreliable".
 */
export function transcribedBySummary(record: SessionRecord): string {
  const label = transcribedByLabel(record.transcript);
  return isUnreliableEngine(record.transcript.engine)
    ? `${label}: its words, and so the scores, are unreliable`
    : label;
}

/** How the take ended, for people. */
export function endSummary(record: SessionRecord): string {
  switch (record.end) {
    case 'finished':
      return 'finished';
    case 'slotEnd':
      return 'cut off at the end of the slot';
    case 'stopped':
      return 'stopped early';
    case 'recovered':
      return 'recovered after the app closed';
    default:
      return String(record.end);
  }
}
