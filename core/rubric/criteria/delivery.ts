import { STORY_PARTS } from '../../scenarios/schema';
import { speakingRate } from '../../timing/analysis';
import type { StoryPart } from '../../scenarios/schema';
import type { Pause } from '../../timing/types';
import { PART_NAMES } from '../segment';
import type { AnalyzedText } from '../text';
import { wordsText } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clampScore, gapList } from './context';
import { formatClockMs, formatSecondsMs } from '../../format/time';

/** Comfortable speaking rate, words a minute. */
export const COMFORTABLE_WPM = { min: 120, max: 160 } as const;
/** Fillers a minute from which an answer sounds hesitant. */
export const HESITANT_FILLERS_PER_MINUTE = 4;
/** Fillers a minute above which a note is made without losing a point. */
export const NOTED_FILLERS_PER_MINUTE = 2;
/** Stalls that cost a point. */
export const STALLS_FOR_PENALTY = 2;
/** Long pauses a minute that cost a point. */
export const LONG_PAUSES_PER_MINUTE = 4;
/** Time to first word (ms) that costs a point. */
export const SLOW_FIRST_WORD_MS = 5000;
/** Speech needed (ms) before a speaking rate is worth judging. */
export const MIN_RATE_SPAN_MS = 10000;
/** Share over a target word count that earns a note. */
export const TARGET_WORDS_SLACK = 1.25;

/** Index of the last word starting at or before `ms`, or -1. */
function wordBefore(a: AnalyzedText, ms: number): number {
  let lo = 0;
  let hi = a.words.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((a.words[mid]?.startMs ?? 0) <= ms) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function partOfWord(ctx: ScoringContext, word: number): StoryPart {
  const clause = ctx.story.wordClause[word] ?? 0;
  return STORY_PARTS[ctx.story.clausePart[clause] ?? 0] ?? 'situation';
}

function pauseEvidence(ctx: ScoringContext, p: Pause, word: number): Evidence {
  const before = wordsText(ctx.text, Math.max(0, word - 2), word);
  const kind = p.kind === 'stall' ? 'stall' : 'long pause';
  return {
    text: `${formatSecondsMs(p.endMs - p.startMs)} silence after "${before}"`,
    startMs: p.startMs,
    endMs: p.endMs,
    label: `${kind} in ${PART_NAMES[partOfWord(ctx, word)]}`,
  };
}

function describeParts(parts: readonly StoryPart[]): string {
  const counts = new Map<StoryPart, number>();
  for (const p of parts) counts.set(p, (counts.get(p) ?? 0) + 1);
  return STORY_PARTS.filter((p) => counts.has(p))
    .map((p) => `${counts.get(p) ?? 0} in the ${PART_NAMES[p]}`)
    .join(', ');
}

/**
 * Delivery, from timed words only (plain text scores 0 and says a recording is needed).
 * Starts at 4 and loses a point each for: a speaking rate outside 120-160 words a minute
 * (judged on 10 s of speech or more), 4 or more fillers a minute, 2 or more stalls or 4 or more
 * long pauses a minute, a first word later than 5 s, finishing after the slot. Notes without
 * penalty: more than 2 fillers a minute, more words than 125% of the target. Fillers and long
 * pauses are counted per minute of speech, and an answer under a minute counts as one minute so
 * a short take is not judged on a handful of words.
 */
export function judgeDelivery(ctx: ScoringContext): Judgement {
  const { text } = ctx;
  const first = text.words[0];
  const last = text.words[text.words.length - 1];
  if (!text.timed || !first || !last || first.startMs === undefined || last.endMs === undefined) {
    return {
      score: 0,
      evidence: [],
      missing: [
        'Delivery needs a recording: plain text has no timing for pace, pauses, fillers a minute or the slot.',
      ],
      gaps: ['no-timing'],
    };
  }
  const evidence: Evidence[] = [];
  const gaps = gapList();
  let score = 4;
  const spanMs = Math.max(1, last.endMs - first.startMs);
  const minutes = spanMs / 60000;
  const wordCount = text.norms.filter((n) => n !== '').length;

  if (spanMs >= MIN_RATE_SPAN_MS) {
    const wpm = speakingRate(text.words, spanMs) ?? 0;
    evidence.push({
      text: `${wpm} words a minute`,
      startMs: first.startMs,
      endMs: last.endMs,
      label: 'speaking rate',
    });
    if (wpm < COMFORTABLE_WPM.min || wpm > COMFORTABLE_WPM.max) {
      score--;
      gaps.add(
        'speaking-rate',
        `Speaking rate ${wpm} words a minute: aim for ${COMFORTABLE_WPM.min}-${COMFORTABLE_WPM.max}.`,
      );
    }
  }

  const fillerCount = ctx.fillers.length;
  const fillersPerMinute = fillerCount / Math.max(minutes, 1);
  for (const f of ctx.fillers.slice(0, 5)) {
    const w0 = text.words[f.start];
    const w1 = text.words[f.end];
    evidence.push({
      text: wordsText(text, f.start, f.end),
      startMs: w0?.startMs,
      endMs: w1?.endMs,
      label: 'filler',
    });
  }
  if (fillersPerMinute >= HESITANT_FILLERS_PER_MINUTE) score--;
  if (fillersPerMinute > NOTED_FILLERS_PER_MINUTE) {
    const kinds = [...new Set(ctx.fillers.map((f) => f.text))].slice(0, 4).join(', ');
    gaps.add(
      'fillers',
      `${fillersPerMinute.toFixed(1)} fillers a minute (${kinds}): about 1 a minute sounds fluent, 4 or more hesitant; pause silently instead.`,
    );
  }

  const pauses = [...ctx.pauses].sort((x, y) => x.startMs - y.startMs);
  const stalls: StoryPart[] = [];
  const longs: StoryPart[] = [];
  for (const p of pauses) {
    if (p.kind === 'ordinary') continue;
    const word = Math.max(0, wordBefore(text, p.startMs));
    (p.kind === 'stall' ? stalls : longs).push(partOfWord(ctx, word));
    if (
      evidence.filter((e) => e.label?.includes('pause') || e.label?.includes('stall')).length < 6
    ) {
      evidence.push(pauseEvidence(ctx, p, word));
    }
  }
  const longsPerMinute = longs.length / Math.max(minutes, 1);
  if (stalls.length >= STALLS_FOR_PENALTY || longsPerMinute >= LONG_PAUSES_PER_MINUTE) score--;
  if (stalls.length > 0) {
    gaps.add(
      'stalls',
      `${stalls.length} ${stalls.length === 1 ? 'stall' : 'stalls'} of ${formatSecondsMs(ctx.thresholds.stallMs)} or more (${describeParts(stalls)}): bridge with a plan ("three things happened") instead of silence.`,
    );
  }
  if (longsPerMinute >= LONG_PAUSES_PER_MINUTE) {
    gaps.add(
      'long-pauses',
      `${longs.length} long pauses (${describeParts(longs)}), ${longsPerMinute.toFixed(1)} a minute: rehearse the steps so they come without searching.`,
    );
  }

  const firstWordMs = ctx.firstWordMs ?? first.startMs;
  evidence.push({
    text: `first word after ${formatSecondsMs(firstWordMs)}`,
    startMs: first.startMs,
    endMs: first.endMs,
    label: 'time to first word',
  });
  if (firstWordMs > SLOW_FIRST_WORD_MS) {
    score--;
    gaps.add(
      'slow-start',
      `First word after ${formatSecondsMs(firstWordMs)}: start within 3 s, even with a framing sentence.`,
    );
  }

  evidence.push({
    text: `finished at ${formatClockMs(last.endMs)} of a ${formatClockMs(ctx.slotMs)} slot`,
    startMs: last.startMs,
    endMs: last.endMs,
    label: 'slot',
  });
  if (last.endMs > ctx.slotMs) {
    score--;
    gaps.add(
      'overran-slot',
      `Ran ${formatSecondsMs(last.endMs - ctx.slotMs)} past the ${formatClockMs(ctx.slotMs)} slot.`,
    );
  }

  if (ctx.targetWords !== undefined && wordCount > ctx.targetWords * TARGET_WORDS_SLACK) {
    gaps.add(
      'over-target-words',
      `Used ${wordCount} words against a target of ${ctx.targetWords}: cut to the signals the panel scores.`,
    );
  }
  return { score: clampScore(score), evidence, missing: gaps.missing, gaps: gaps.gaps };
}
