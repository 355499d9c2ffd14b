import { z } from 'zod';
import { CRITERION_IDS } from '../rubric/types';

const criterionId = z.enum(CRITERION_IDS);

/** The parts of a STAR-E story, in their expected order. */
export const STORY_PARTS = ['situation', 'task', 'action', 'result', 'evaluation'] as const;

/** A spoken and visual time warning during the slot. Exactly one of the two marks is given. */
export const warningSchema = z
  .object({
    /** Fire when this many seconds of the slot remain. */
    secondsRemaining: z.number().int().positive().optional(),
    /** Fire when this many seconds of the slot have elapsed. */
    secondsElapsed: z.number().int().positive().optional(),
    /** What the interviewer says; empty for a visual-only warning. */
    say: z.string().max(500).default(''),
  })
  .strict()
  .refine((w) => (w.secondsRemaining === undefined) !== (w.secondsElapsed === undefined), {
    message: 'give exactly one of secondsRemaining or secondsElapsed',
  });

/** When a follow-up is asked. All given conditions must hold. */
export const followUpWhenSchema = z
  .object({
    /** Asked when this rubric criterion scores below `below` (default 2) so far. */
    missing: criterionId.optional(),
    below: z.number().int().min(1).max(4).default(2),
    /** Asked only after this many seconds of the slot have elapsed. */
    afterSeconds: z.number().int().nonnegative().optional(),
    /** Asked only once the answer has reached this story part. */
    afterPart: z.enum(STORY_PARTS).optional(),
  })
  .strict();

/** One follow-up question. */
export const followUpSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    ask: z.string().min(1).max(1000),
    when: followUpWhenSchema.default({ below: 2 }),
  })
  .strict();

/** A whole interview scenario, as authored in scenarios/*.yaml. */
export const scenarioSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'use lower-case letters, digits and dashes'),
    /** Bumped by authors when prompts or rubric change; saved with each take. */
    version: z.number().int().positive().default(1),
    title: z.string().min(1).max(200),
    track: z.enum(['incident', 'design', 'tradeoff', 'postmortem', 'ownership']),
    summary: z.string().max(1000).default(''),
    slotSeconds: z.number().int().min(30).max(3600).default(600),
    interviewer: z
      .object({
        voice: z.string().max(100).default('default'),
        wordsPerMinute: z.number().int().min(80).max(300).default(165),
      })
      .strict()
      .default({ voice: 'default', wordsPerMinute: 165 }),
    warnings: z.array(warningSchema).max(20).default([]),
    slotEnd: z
      .object({
        action: z.enum(['cutIn', 'end']).default('cutIn'),
        say: z.string().max(500).default("Let's stop there; we're out of time for this story."),
      })
      .strict()
      .default({ action: 'cutIn', say: "Let's stop there; we're out of time for this story." }),
    /** A turn ends after this much silence; 0 means only the key ends it. */
    turnEndSilenceSeconds: z.number().min(0).max(60).default(0),
    prompt: z.string().min(1).max(2000),
    followUps: z.array(followUpSchema).max(50).default([]),
    rubric: z
      .object({
        /** Relative weights; a criterion left out weighs 0 but still appears in reports. */
        weights: z.partialRecord(criterionId, z.number().min(0).max(10)),
        /** Rough words a rehearsed answer should use, for pacing advice. */
        targetWords: z.number().int().positive().optional(),
      })
      .strict(),
  })
  .strict();

/** A validated scenario. */
export type Scenario = z.infer<typeof scenarioSchema>;
/** A follow-up as authored. */
export type FollowUpSpec = z.infer<typeof followUpSchema>;
/** A time warning as authored. */
export type WarningSpec = z.infer<typeof warningSchema>;
/** One of situation, task, action, result, evaluation. */
export type StoryPart = (typeof STORY_PARTS)[number];

/** What the scenario list shows. */
export interface ScenarioSummary {
  id: string;
  version: number;
  title: string;
  track: Scenario['track'];
  summary: string;
  slotSeconds: number;
}

/** A scenario file that failed to load: which file, which field, which line. */
export interface ScenarioProblem {
  file: string;
  /** Dotted path of the offending field, e.g. "followUps.2.when.missing"; "" for the whole file. */
  field: string;
  /** 1-based line in the file, when known. */
  line?: number;
  message: string;
}

/** Picks the list view of a scenario. */
export function summarizeScenario(s: Scenario): ScenarioSummary {
  return {
    id: s.id,
    version: s.version,
    title: s.title,
    track: s.track,
    summary: s.summary,
    slotSeconds: s.slotSeconds,
  };
}
