import type { SessionRecord, SessionSummary } from '../../core/sessions/record';
import { SESSION_FORMAT } from '../../core/sessions/record';

/** A saved take with one of everything the replay room shows. */
export function sessionFixture(): SessionRecord {
  return {
    format: SESSION_FORMAT,
    version: 1,
    id: '20261123-090000-incident-abc123',
    createdAt: '2026-11-23T09:00:00.000Z',
    scenario: {
      id: 'incident',
      version: 1,
      title: 'Outage story',
      track: 'incident',
      slotSeconds: 600,
    },
    end: 'finished',
    audio: { take: 'take.wav', replay: 'replay.wav', replayOffsetMs: 4000, durationMs: 20000 },
    prompts: [
      { kind: 'opening', text: 'Tell me about an outage.', atMs: -4000, durationMs: 4000 },
      {
        kind: 'followUp',
        text: 'How long did it last?',
        atMs: 12000,
        durationMs: 2000,
        followUpId: 'f1',
      },
      { kind: 'warning', text: 'Five minutes left.', atMs: 300000, durationMs: 1000 },
    ],
    transcript: {
      engine: 'pocketsphinx',
      words: [
        { text: 'the', startMs: 500, endMs: 700 },
        { text: 'outage', startMs: 700, endMs: 1200 },
        { text: 'um', startMs: 2000, endMs: 2300 },
      ],
      text: 'the outage um',
    },
    timing: {
      durationMs: 20000,
      firstWordMs: 500,
      speechStartMs: 500,
      speechEndMs: 19000,
      pauses: [
        { startMs: 1200, endMs: 1500, kind: 'ordinary' },
        { startMs: 4000, endMs: 5500, kind: 'long' },
        { startMs: 8000, endMs: 11200, kind: 'stall' },
      ],
      fillers: [{ text: 'um', startMs: 2000, endMs: 2300 }],
      wordsPerMinute: 140,
      paceOverTime: [],
      overrunMs: 0,
      elapsedVsSlot: { elapsedMs: 19000, slotMs: 600000, ratio: 0.032 },
    },
    report: {
      overall: 55,
      criteria: [
        {
          id: 'structure',
          title: 'STAR-E structure',
          score: 2,
          weight: 1,
          counted: true,
          evidence: [
            { text: 'the outage', startMs: 500, endMs: 4000, label: 'Situation: 20% of the time' },
          ],
          missing: ['No Evaluation'],
        },
        {
          id: 'metrics',
          title: 'Numbers as anchors',
          score: 1,
          weight: 1,
          counted: true,
          evidence: [{ text: 'forty five minutes', startMs: 15000, endMs: 16000, label: 'MTTR' }],
          missing: [],
        },
      ],
      metrics: [
        {
          kind: 'recoveryTime',
          value: 2700,
          unit: 's',
          text: 'forty five minutes',
          startMs: 15000,
        },
      ],
      followUp: { id: 'f2', prompt: 'What did you change afterwards?', reason: 'followThrough' },
      coaching: [],
      redFlags: [],
      adjustments: [],
      clauses: [],
    },
    warnings: [],
  };
}

/** A library line with the given criterion scores. */
export function summaryFixture(
  id: string,
  createdAt: string,
  scenarioId: string,
  criteria: Record<string, number>,
): SessionSummary {
  return {
    id,
    createdAt,
    scenarioId,
    scenarioTitle: scenarioId,
    durationMs: 1000,
    overall: 50,
    criteria,
  };
}
