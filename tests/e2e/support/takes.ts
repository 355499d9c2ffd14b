import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionRecord } from '../../../core/sessions/record';
import { loadScenarioDir, findScenario } from '../../../services/scenarios/library';
import { completeTake } from '../../../services/sessions/complete';
import { sessionFolder } from '../../../services/sessions/store';
import { createPocketsphinxTranscriber } from '../../../services/transcription';
import { speechFixture } from '../../support/audioFixtures';

/** One take to put in the library: what is said, the gaps between, and when it was recorded. */
export interface TakeScript {
  id: string;
  createdAt: string;
  texts: string[];
  gapsMs: number[];
}

/**
 * Saves real takes in `dataDir` as the app does: each answer spoken by festival (with the gaps
 * asked for, so long pauses and stalls are real), the opening prompt spoken before it,
 * transcribed by pocketsphinx, analysed, scored against the scenario, and written with its
 * replay audio by the same `completeTake` the host uses.
 */
export async function seedTakes(
  dataDir: string,
  scenarioId: string,
  scripts: TakeScript[],
): Promise<SessionRecord[]> {
  const library = await loadScenarioDir();
  const scenario = findScenario(library, scenarioId);
  const opening = speechFixture({ texts: [scenario.prompt], gapsMs: [], edgeMs: 200 });
  if (!opening) throw new Error('festival and sox are needed to seed takes');
  const root = join(dataDir, 'sessions');
  const transcriber = createPocketsphinxTranscriber();
  const records: SessionRecord[] = [];
  try {
    for (const script of scripts) {
      const fixture = speechFixture({
        texts: script.texts,
        gapsMs: script.gapsMs,
        edgeMs: 1200,
        noiseDb: -60,
      });
      if (!fixture) throw new Error('festival and sox are needed to seed takes');
      const folder = sessionFolder(root, script.id);
      mkdirSync(folder, { recursive: true });
      copyFileSync(fixture.wavPath, join(folder, 'take.wav'));
      const { words } = await transcriber.transcribe({ wavPath: fixture.wavPath });
      const follow = fixture.gaps[0];
      records.push(
        await completeTake({
          root,
          id: script.id,
          createdAt: script.createdAt,
          scenario,
          end: 'finished',
          prompts: [
            {
              kind: 'opening',
              text: scenario.prompt,
              atMs: -opening.durationMs,
              durationMs: opening.durationMs,
              wavPath: opening.wavPath,
            },
            ...(follow
              ? [
                  {
                    kind: 'followUp' as const,
                    text: 'What was the time to recover?',
                    atMs: follow.startMs,
                    durationMs: 200,
                  },
                ]
              : []),
          ],
          words,
          engine: transcriber.engine,
          askedFollowUpIds: [],
          warnings: [],
        }),
      );
    }
  } finally {
    await transcriber.dispose();
  }
  return records;
}
