import type { TimingAnalysis, TimingInput } from '../timing/analysis';
import { analyzeTiming, dropWordsInsideSilences, normalizeSpans } from '../timing/analysis';
import type { SilenceSpan } from '../timing/types';
import type { Word } from '../transcript';

/**
 * The candidate's timing in a take where the interviewer also speaks. The take's timeline keeps
 * one clock for both voices; the interviewer's spans are never counted against the candidate:
 * - words heard mostly inside them are the interviewer's voice reaching the microphone, not the
 *   candidate's, and are left out;
 * - sound inside them is not the candidate's speech, so it cannot start the answer (time to first
 *   word), end it (overrun), or fill the rate's minutes;
 * - a silence that touches them is turn-taking (listening, then thinking about the question),
 *   not a pause or a stall.
 */

/** A span of the take where the interviewer speaks, integer ms. */
export interface InterviewerSpan {
  startMs: number;
  endMs: number;
}

/** Words of the candidate: those not at least half inside an interviewer span. */
export function candidateWords<W extends Word>(words: W[], interviewer: InterviewerSpan[]): W[] {
  return interviewer.length === 0 ? words : dropWordsInsideSilences(words, interviewer, 0.5);
}

function overlapMs(a: SilenceSpan, spans: SilenceSpan[]): number {
  let total = 0;
  for (const s of spans)
    total += Math.max(0, Math.min(a.endMs, s.endMs) - Math.max(a.startMs, s.startMs));
  return total;
}

/**
 * {@link analyzeTiming} of the candidate alone (see the module comment). With no interviewer
 * spans it is `analyzeTiming(input)` unchanged. The speaking rate is over the time the
 * candidate held the floor: the interviewer's time between the first and last speech is
 * taken out of its minutes.
 */
export function analyzeCandidateTiming(
  input: TimingInput,
  interviewer: InterviewerSpan[],
): TimingAnalysis {
  const voice = normalizeSpans(interviewer, input.durationMs);
  if (voice.length === 0) return analyzeTiming(input);
  const analysis = analyzeTiming({
    ...input,
    silences: normalizeSpans([...input.silences, ...voice], input.durationMs),
    ...(input.words ? { words: candidateWords(input.words, voice) } : {}),
  });
  const touches = (p: SilenceSpan) =>
    voice.some((v) => v.startMs <= p.endMs && v.endMs >= p.startMs);
  const pauses = analysis.pauses.filter((p) => !touches(p));
  let { wordsPerMinute } = analysis;
  const { speechStartMs, speechEndMs } = analysis;
  if (wordsPerMinute !== null && speechStartMs !== null && speechEndMs !== null) {
    const spanMs = speechEndMs - speechStartMs;
    const held = spanMs - overlapMs({ startMs: speechStartMs, endMs: speechEndMs }, voice);
    if (held > 0) wordsPerMinute = Math.round(((wordsPerMinute * spanMs) / held) * 10) / 10;
  }
  return { ...analysis, pauses, wordsPerMinute };
}
