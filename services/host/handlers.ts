import { platform } from 'node:os';
import type { HostInfo } from '../../core/bridge/contract';
import { scoreTranscript } from '../../core/rubric';
import { summarizeScenario } from '../../core/scenarios/schema';
import { transcriptFromWords } from '../../core/transcript';
import type { Transcript } from '../../core/transcript';
import {
  DEFAULT_SCENARIO_ID,
  defaultScenarioDir,
  findScenario,
  loadScenarioDir,
} from '../scenarios/library';
import type { EmitEvent, Handlers } from './dispatcher';
import { UserFacingError } from './dispatcher';

/** What a host tells its handlers about itself. */
export interface HostContext {
  kind: HostInfo['kind'];
  version: string;
  /** The scenario folder; default {@link defaultScenarioDir}. */
  scenarioDir?: string;
  /** Pushes events to this host's renderer. */
  emit: EmitEvent;
  /** The clock, for answers that carry a time. */
  now?: () => Date;
}

/** The contract's calls, implemented with the Node-side services. Shared by both hosts. */
export function createHandlers(context: HostContext): Handlers {
  const now = context.now ?? (() => new Date());
  const loadLibrary = async () => {
    try {
      return await loadScenarioDir(context.scenarioDir ?? defaultScenarioDir());
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
  };
  const scenarioById = async (id: string) => {
    const library = await loadLibrary();
    try {
      return findScenario(library, id);
    } catch (error) {
      throw new UserFacingError((error as Error).message);
    }
  };

  return {
    ping: ({ message }) => ({ message, receivedAt: now().toISOString() }),
    hostInfo: () => ({ kind: context.kind, version: context.version, platform: platform() }),
    listScenarios: async () => {
      const library = await loadLibrary();
      return {
        scenarios: library.scenarios.map((s) => summarizeScenario(s.scenario)),
        problems: library.problems,
      };
    },
    getScenario: ({ id }) => scenarioById(id),
    scoreTranscript: async ({ scenarioId, text, words }) => {
      const scenario = await scenarioById(scenarioId ?? DEFAULT_SCENARIO_ID);
      const transcript: Transcript = words ? transcriptFromWords(words) : { text: text ?? '' };
      if (!transcript.text.trim()) {
        throw new UserFacingError('the transcript is empty; record or paste an answer first');
      }
      return scoreTranscript(transcript, {
        weights: scenario.rubric.weights,
        followUps: scenario.followUps,
        slotMs: scenario.slotSeconds * 1000,
        targetWords: scenario.rubric.targetWords,
      });
    },
  };
}
