import { scoreTranscript } from '../../../core/rubric';
import type { ScoreOptions } from '../../../core/rubric';
import type { CriterionId, CriterionScore } from '../../../core/rubric/types';
import type { Transcript, Word } from '../../../core/transcript';

/**
 * Sample answers shared by the rubric tests and, as plain text files under
 * tests/fixtures/transcripts/, by the command line tests.
 */

/** A rehearsed incident story that lands every signal, written with punctuation. */
export const STRONG_INCIDENT = `Last November, during Black Friday week, I was the on-call SRE for our checkout service, which handles about 3,000 requests a second at peak. At 2:14 am the burn-rate alert paged me: the checkout success rate had dropped from 99.95% to 88%. My job was to restore checkout and keep the incident under control. First, I declared a SEV-1 and opened the incident channel, and I paged the payments on-call and our incident commander. The problem was clear from the dashboard: 12,450 shoppers could not complete checkout, because the payment gateway client was timing out. I picked the checkout success rate as the signal because it is exactly what customers feel, rather than CPU, which looked normal. I checked the deploy log and saw a config change to the connection pool 20 minutes earlier. I rolled back that change in 4 minutes, which cut the error rate from 12% to 0.3%. Because the error rate was still above our threshold, I drained the two bad nodes rather than move the region, since moving would have added 15 minutes of cold caches. Checkout was fully restored after 45 minutes of outage; MTTD was 3 minutes. We estimate about $40k in lost orders. Looking back, the lesson was that config changes skipped the canary. I chaired the blameless post-mortem with the payments and platform teams, I wrote the new runbook for pool exhaustion, and we revised the checkout SLO to 99.9% with an error budget policy. I would tighten the canary stage, which adds 10 minutes to every config deploy, but it improves change-failure reliability by about 30%. Since then, repeat incidents of this type dropped from 4 a quarter to zero.`;

/** The same outage told weakly, as a speech engine writes it: lower case, no punctuation. */
export const WEAK_INCIDENT = `so um we had this outage on the checkout service a while back it was like a really busy day and um there were a lot of errors and customers were kind of unhappy you know so the team looked into it and uh we figured out it was a config change so we rolled it back pretty quickly and things came back eventually someone from the platform team wrote up the post mortem i wasn't really part of that but i think they added some monitoring and we would probably figure out the trade offs later`;

/** An alerting design answer that states the SLO first and tiers its alerts. */
export const ALERTING_DESIGN = `I'd start from the SLO. Checkout is held to 99.9% availability over 30 days, which gives an error budget of about 43 minutes a month. The indicator is the ratio of successful checkout requests to all checkout requests, measured at the load balancer, because that is what shoppers feel. For the pipeline, each node exports counters that Prometheus scrapes every 15 seconds, and recording rules aggregate them per region, so the alerting path has about 30 seconds of latency end to end. Then the alert rules, in two tiers. A fast-burn alert pages the on-call when the success rate stays below 99% for 2 minutes. A slow-burn alert opens a ticket when the budget burns at twice the sustainable rate over 6 hours. If the success rate stays below 95% for 10 minutes, it escalates to the secondary on-call and the incident commander and starts the automated runbook that drains unhealthy nodes. Instead of one static threshold, I'd use a dynamic baseline per hour of week for the latency alerts, so Black Friday traffic does not page us. To cut alert fatigue, Alertmanager deduplicates and groups alerts by service, and we review alert precision every month, aiming for at least 80% of pages being actionable. Any page that burns more than 5% of the error budget triggers a blameless post-mortem. At scale, going from 200 to 20,000 nodes, I'd shard the metrics by region, add tracing for the slow paths, and alert on brand-new instances that never report.`;

/**
 * Writes an answer the way a speech engine does: lower case, sentence punctuation removed.
 * Digits, decimal points, "%" and "$" stay, as engines print them.
 */
export function asSpeechEngineText(text: string): string {
  return text
    .toLowerCase()
    .replace(/[.,;:!?](?=\s|$)/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** How to lay words out in time. */
export interface TimingPlan {
  /** Steady speaking rate. */
  wordsPerMinute: number;
  /** Silence before the first word, ms. */
  firstWordMs?: number;
  /** Extra silence (ms) inserted before the word at each index. */
  pausesBefore?: Record<number, number>;
}

/**
 * Gives every word of `text` integer start and end times at a steady rate: each word takes
 * 80% of its slot and the remaining 20% is the gap to the next word.
 */
export function timedWords(text: string, plan: TimingPlan): Word[] {
  const slotMs = 60000 / plan.wordsPerMinute;
  let t = plan.firstWordMs ?? 0;
  return text
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w, i) => {
      t += plan.pausesBefore?.[i] ?? 0;
      const startMs = Math.round(t);
      const endMs = Math.round(t + slotMs * 0.8);
      t += slotMs;
      return { text: w, startMs, endMs };
    });
}

/** Equal weights for every criterion except delivery. */
export const EQUAL_WEIGHTS: Partial<Record<CriterionId, number>> = {
  structure: 1,
  incidentLens: 1,
  metrics: 1,
  ownership: 1,
  tradeoffs: 1,
  followThrough: 1,
  sloFirst: 1,
};

/** Scores an answer and returns one criterion. */
export function criterionOf(
  answer: string | Transcript,
  id: CriterionId,
  options: Partial<ScoreOptions> = {},
): CriterionScore {
  const transcript = typeof answer === 'string' ? { text: answer } : answer;
  const report = scoreTranscript(transcript, { weights: EQUAL_WEIGHTS, ...options });
  const found = report.criteria.find((c) => c.id === id);
  if (!found) throw new Error(`criterion ${id} missing from the report`);
  return found;
}

/** Every criterion's score, keyed by id. */
export function scoresOf(answer: string | Transcript): Record<CriterionId, number> {
  const transcript = typeof answer === 'string' ? { text: answer } : answer;
  const report = scoreTranscript(transcript, { weights: EQUAL_WEIGHTS });
  return Object.fromEntries(report.criteria.map((c) => [c.id, c.score])) as Record<
    CriterionId,
    number
  >;
}
