import type { SessionRecord } from '../../../core/sessions/record';
import { SESSION_FORMAT, SESSION_VERSION } from '../../../core/sessions/record';
import type { Word } from '../../../core/transcript';

/**
 * A saved incident-story take, written out by hand with numbers that agree with each other:
 * 36 words from 1.2 s to 17.2 s (35 without the "Um"), so 35 * 60000 / 16000 = 131.3 words per
 * minute; a long pause 4.7-6.0 s, a stall 9.6-12.6 s and an ordinary pause 15.3-15.6 s; fillers
 * "um" and "you know"; eight criteria whose weighted mean (18 / 9 = 2 of 4) is 50/100.
 */

const w = (text: string, startMs: number, endMs: number): Word => ({ text, startMs, endMs });

/** The take's words, on the take's clock (0 = end of the opening prompt). */
export const FIXTURE_WORDS: Word[] = [
  w('Um', 1200, 1500),
  w('at', 1600, 1750),
  w('nine', 1750, 2000),
  w('fifteen', 2000, 2400),
  w('our', 2450, 2600),
  w('checkout', 2600, 3100),
  w('API', 3100, 3500),
  w('started', 3550, 3900),
  w('returning', 3900, 4300),
  w('errors.', 4300, 4700),
  // long pause 4700-6000
  w('I', 6000, 6100),
  w('paged', 6100, 6400),
  w('the', 6400, 6500),
  w('database', 6500, 7000),
  w('team', 7000, 7300),
  w('and', 7300, 7450),
  w('rolled', 7450, 7800),
  w('back', 7800, 8100),
  w('the', 8100, 8200),
  w('deploy', 8200, 8600),
  w('within', 8600, 8900),
  w('twelve', 8900, 9200),
  w('minutes', 9200, 9600),
  // stall 9600-12600
  w('you', 12600, 12750),
  w('know', 12750, 13000),
  w('forty', 13000, 13300),
  w('thousand', 13300, 13700),
  w('users', 13700, 14100),
  w('saw', 14100, 14300),
  w('failed', 14300, 14700),
  w('payments.', 14700, 15300),
  // ordinary pause 15300-15600
  w('We', 15600, 15800),
  w('added', 15800, 16100),
  w('a', 16100, 16200),
  w('canary', 16200, 16700),
  w('stage.', 16700, 17200),
];

/** A fresh copy of the fixture record, safe to modify in a test. */
export function fixtureRecord(): SessionRecord {
  const words = FIXTURE_WORDS.map((word) => ({ ...word }));
  return {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    id: '20260314-184207-incident-minute-by-minute',
    createdAt: '2026-03-14T18:42:07.512Z',
    scenario: {
      id: 'incident-minute-by-minute',
      version: 2,
      title: 'Reconstruct an outage, minute by minute',
      track: 'incident',
      slotSeconds: 600,
    },
    end: 'finished',
    audio: { take: 'take.wav', replay: 'replay.wav', replayOffsetMs: 6400, durationMs: 21000 },
    prompts: [
      {
        kind: 'opening',
        text: 'Walk me through an outage you owned, minute by minute.',
        atMs: -6400,
        durationMs: 6100,
      },
      {
        kind: 'followUp',
        text: 'What was the time to recover?',
        atMs: 17500,
        durationMs: 2400,
        followUpId: 'mttr',
      },
    ],
    transcript: {
      engine: 'whisper-base.en',
      words,
      text: words.map((word) => word.text).join(' '),
    },
    timing: {
      durationMs: 21000,
      firstWordMs: 1200,
      speechStartMs: 1200,
      speechEndMs: 17200,
      pauses: [
        { startMs: 4700, endMs: 6000, kind: 'long' },
        { startMs: 9600, endMs: 12600, kind: 'stall' },
        { startMs: 15300, endMs: 15600, kind: 'ordinary' },
      ],
      fillers: [
        { text: 'um', startMs: 1200, endMs: 1500 },
        { text: 'you know', startMs: 12600, endMs: 13000 },
      ],
      wordsPerMinute: 131.3,
      paceOverTime: [{ startMs: 1200, endMs: 17200, wordsPerMinute: 131.3 }],
      overrunMs: 0,
      elapsedVsSlot: { elapsedMs: 17200, slotMs: 600000, ratio: 0.029 },
    },
    report: {
      overall: 50,
      criteria: [
        {
          id: 'structure',
          title: 'STAR-E structure',
          score: 2,
          weight: 2,
          evidence: [
            {
              text: 'at nine fifteen our checkout API started returning errors.',
              startMs: 1600,
              endMs: 4700,
              label: 'Situation',
            },
            {
              text: 'I paged the database team and rolled back the deploy',
              startMs: 6000,
              endMs: 8600,
              label: 'Action',
            },
          ],
          missing: ['Evaluation: tie the fix back to the reliability model'],
        },
        {
          id: 'incidentLens',
          title: 'Incident lens: problem, process, people',
          score: 1,
          weight: 1,
          evidence: [],
          missing: ['The process and the people before the fix'],
        },
        {
          id: 'metrics',
          title: 'Numbers as anchors',
          score: 3,
          weight: 2,
          evidence: [
            { text: 'within twelve minutes', startMs: 8600, endMs: 9600, label: 'rollback time' },
            { text: 'forty thousand users', startMs: 13000, endMs: 14100, label: 'users affected' },
          ],
          missing: ['Time to recover (MTTR) with a figure and unit'],
        },
        {
          id: 'ownership',
          title: 'Ownership',
          score: 3,
          weight: 1,
          evidence: [{ text: 'I paged', startMs: 6000, endMs: 6400, label: 'first person' }],
          missing: [],
        },
        {
          id: 'tradeoffs',
          title: 'Trade-off transparency',
          score: 0,
          weight: 1,
          evidence: [],
          missing: ['The cost of the canary stage in minutes or money'],
        },
        {
          id: 'followThrough',
          title: 'Follow-through',
          score: 2,
          weight: 1,
          evidence: [{ text: 'We added a canary stage.', startMs: 15600, endMs: 17200 }],
          missing: ['A post-mortem, a runbook or a revised SLO'],
        },
        {
          id: 'sloFirst',
          title: 'SLO-first design',
          score: 0,
          weight: 0,
          evidence: [],
          missing: [],
        },
        {
          id: 'delivery',
          title: 'Delivery',
          score: 2,
          weight: 1,
          evidence: [{ text: 'stall of 3.0 s', startMs: 9600, endMs: 12600, label: 'stall' }],
          missing: [],
        },
      ],
      metrics: [
        {
          kind: 'rollbackTime',
          value: 720,
          unit: 's',
          text: 'twelve minutes',
          startMs: 8900,
          endMs: 9600,
        },
        {
          kind: 'affectedUsers',
          value: 40000,
          unit: 'users',
          text: 'forty thousand users',
          startMs: 13000,
          endMs: 14100,
        },
      ],
      followUp: {
        id: 'mttr',
        prompt: 'What was the time to recover, start to finish?',
        criterion: 'metrics',
        reason: 'No recovery time was given.',
      },
      coaching: [
        {
          criterion: 'tradeoffs',
          quote: { text: 'We added a canary stage.', startMs: 15600, endMs: 17200 },
          advice: 'Name what the canary costs and what it buys.',
          example:
            'I added a canary stage, which adds 15 minutes to every deploy, but stops a bad build before it reaches 99% of shoppers.',
        },
      ],
    },
    warnings: [],
  };
}
