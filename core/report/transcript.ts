import type { PauseNote } from '../export/content';
import { notablePauses } from '../export/content';
import type { CriterionId } from '../rubric/types';
import { CRITERION_TITLES } from '../rubric/score';
import type { PromptEvent, SessionRecord } from '../sessions/record';
import { metricPhrase } from './summary';

/** What one word of the transcript is highlighted as. */
export interface WordMarks {
  /** The criterion whose evidence the word is part of, and that evidence's label. */
  evidence?: { criterion: CriterionId; title: string; label?: string };
  /** The metric the word is part of, in words ("Recovery time: 45 min"). */
  metric?: string;
  /** True for a filler word (um, uh, you know...). */
  filler: boolean;
}

/** One item of the annotated transcript, in time order. */
export type TranscriptItem =
  | {
      kind: 'word';
      /** Index into `record.transcript.words`. */
      index: number;
      text: string;
      startMs: number;
      endMs: number;
      marks: WordMarks;
    }
  | { kind: 'pause'; pause: PauseNote }
  | { kind: 'prompt'; prompt: PromptEvent }
  | { kind: 'part'; part: string; startMs: number };

const STORY_PARTS = ['Situation', 'Task', 'Action', 'Result', 'Evaluation'];

/** What each clause role is called in the transcript. */
const ROLE_NAMES: Readonly<Record<string, string>> = {
  situation: 'Situation',
  task: 'Task',
  signal: 'Signal',
  action: 'Action',
  tradeoff: 'Trade-off',
  result: 'Result',
  evaluation: 'Evaluation',
  followThrough: 'Follow-through',
};

/**
 * Where the story's parts start, as the rubric read them: from its clause roles when the report
 * has them (a label where the role changes), else from the structure evidence (older takes).
 */
function storyParts(
  record: Pick<SessionRecord, 'transcript' | 'report'>,
): Array<{ part: string; startMs: number }> {
  const clauses = (record.report as { clauses?: unknown }).clauses;
  const parts: Array<{ part: string; startMs: number }> = [];
  if (Array.isArray(clauses) && clauses.length > 0) {
    let previous: string | undefined;
    for (const c of clauses as Array<Record<string, unknown>>) {
      const role = typeof c.role === 'string' ? c.role : undefined;
      const startMs =
        typeof c.startMs === 'number'
          ? c.startMs
          : typeof c.startWord === 'number'
            ? record.transcript.words[c.startWord]?.startMs
            : undefined;
      if (!role || role === previous || startMs === undefined) continue;
      previous = role;
      parts.push({ part: ROLE_NAMES[role] ?? role, startMs });
    }
    return parts;
  }
  for (const e of record.report.criteria.find((c) => c.id === 'structure')?.evidence ?? []) {
    const part = e.label?.split(':')[0] ?? '';
    if (e.startMs === undefined || !STORY_PARTS.includes(part)) continue;
    if (!parts.some((p) => p.part === part && p.startMs === e.startMs)) {
      parts.push({ part, startMs: e.startMs });
    }
  }
  return parts;
}
/** Evidence spanning more words than this is a stretch (a story part, the whole answer), not a quote. */
const MAX_QUOTE_WORDS = 40;

function overlaps(w: { startMs: number; endMs: number }, startMs: number, endMs: number): boolean {
  return w.startMs < endMs && w.endMs > startMs;
}

/**
 * The transcript with what the report found marked in place: each word carries the evidence,
 * metric or filler it belongs to; the interviewer's prompts, the story's parts (where the
 * rubric's clause roles change, or where the structure evidence places them in older takes),
 * and long pauses and stalls sit between the words where they happened. Delivery evidence (which spans the whole answer) marks nothing; the fillers and
 * pauses stand for it. Word indexes are those of `record.transcript.words`, which is in time order.
 */
export function annotateTranscript(
  record: Pick<SessionRecord, 'transcript' | 'timing' | 'report' | 'prompts'>,
): TranscriptItem[] {
  const words = record.transcript.words;
  const marks: WordMarks[] = words.map(() => ({ filler: false }));
  const wordsIn = (startMs: number, endMs: number) => {
    const found: number[] = [];
    words.forEach((w, i) => {
      if (overlaps(w, startMs, endMs)) found.push(i);
    });
    return found;
  };
  const parts = storyParts(record);

  for (const c of record.report.criteria) {
    if (c.id === 'delivery') continue;
    const title = (CRITERION_TITLES as Partial<Record<string, string>>)[c.id] ?? c.title;
    for (const e of c.evidence) {
      if (e.startMs === undefined) continue;
      // The structure's part evidence marks where parts start (see storyParts), not words.
      if (c.id === 'structure' && STORY_PARTS.includes(e.label?.split(':')[0] ?? '')) continue;
      const inside = wordsIn(e.startMs, e.endMs ?? e.startMs + 1);
      if (inside.length > MAX_QUOTE_WORDS) continue;
      for (const i of inside) {
        marks[i]!.evidence ??= { criterion: c.id, title, label: e.label };
      }
    }
  }
  for (const m of record.report.metrics) {
    if (m.startMs === undefined) continue;
    const { label, value } = metricPhrase(m);
    for (const i of wordsIn(m.startMs, m.endMs ?? m.startMs + 1)) {
      marks[i]!.metric = `${label}: ${value}`;
    }
  }
  for (const f of record.timing.fillers) {
    for (const i of wordsIn(f.startMs, Math.max(f.endMs, f.startMs + 1))) marks[i]!.filler = true;
  }

  type Between = { atMs: number; order: number; item: TranscriptItem };
  const between: Between[] = [
    ...record.prompts.map((prompt) => ({
      atMs: prompt.atMs,
      order: 0,
      item: { kind: 'prompt', prompt } as const,
    })),
    ...parts.map((p) => ({
      atMs: p.startMs,
      order: 1,
      item: { kind: 'part', part: p.part, startMs: p.startMs } as const,
    })),
    ...notablePauses(record as SessionRecord).map((pause) => ({
      atMs: pause.startMs,
      order: 2,
      item: { kind: 'pause', pause } as const,
    })),
  ].sort((a, b) => a.atMs - b.atMs || a.order - b.order);

  const items: TranscriptItem[] = [];
  let next = 0;
  words.forEach((w, index) => {
    // A pause starts where the word before it ended, so it goes before the next word's start.
    while (next < between.length && between[next]!.atMs <= w.startMs) {
      items.push(between[next]!.item);
      next += 1;
    }
    items.push({
      kind: 'word',
      index,
      text: w.text,
      startMs: w.startMs,
      endMs: w.endMs,
      marks: marks[index]!,
    });
  });
  for (; next < between.length; next += 1) items.push(between[next]!.item);
  return items;
}
