import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { platform } from 'node:os';
import { modelNameFromFile } from '../../core/models/overview';
import type { HostInfo, SessionView } from '../../core/bridge/contract';
import { LIMITS, LimitError, sampleRateProblem } from '../../core/limits';
import { TAKE_SAMPLE_RATE } from '../../core/bridge/contract';
import type { Scenario } from '../../core/scenarios/schema';
import { summarizeScenario } from '../../core/scenarios/schema';
import type { SessionRecord, TakeEnd } from '../../core/sessions/record';
import type { Transcriber } from '../../core/transcription/types';
import { TranscriptionError } from '../../core/transcription/types';
import { transcriptFromWords } from '../../core/transcript';
import type { Transcript } from '../../core/transcript';
import {
  asrTempDir,
  ensurePrivateDir,
  isRealPathInside,
  promptsDir,
  removeStaleTempDirs,
  sessionsDir,
  userDataDir,
  withoutOutsidePaths,
} from '../../services/dataDir';
import { PipelineError } from '../../services/pipeline';
import { mediaUrl } from '../media/files';
import { defaultModelsDir } from '../../services/models/manager';
import { RecordingError, readTakeMeta, recoverTake } from '../../services/recording/recorder';
import {
  DEFAULT_SCENARIO_ID,
  ScenarioLibraryError,
  defaultScenarioDir,
  findScenario,
  loadScenarioDir,
} from '../../services/scenarios/library';
import {
  ScoringError,
  TRANSCRIPTION_FAILED,
  completeTake,
  scoreAnswer,
  transcriptionFailedWarning,
} from '../../services/sessions/complete';
import { LiveTake, TakeError } from '../../services/sessions/liveTake';
import type { RenderCue } from '../../services/sessions/liveTake';
import {
  SessionError,
  deleteSession,
  isSavedSession,
  listSessions,
  newSessionId,
  readSession,
  sessionFolder,
} from '../../services/sessions/store';
import type { TakePlan } from '../../services/sessions/takeFolder';
import {
  TAKE_FILES,
  TakeFolderError,
  listUnfinishedTakes,
  readTakePlan,
  setTakeStatus,
} from '../../services/sessions/takeFolder';
import { SpeechError, renderPrompt } from '../../services/speech/tts';
import { recordTakeSpeed } from '../../services/models/speed';
import { createTranscriber, parseEngineChoice } from '../../services/transcription';
import type { EmitEvent, Handlers } from './dispatcher';
import { UserFacingError } from './dispatcher';
import { createModelHost } from './modelHandlers';
import { writeSessionExport } from '../../services/export/session';

/** A live take that receives no audio for this long is ended cleanly (the page went away). */
export const TAKE_IDLE_MS = 5000;
/**
 * Before its first audio, a take waits this long after the opening: a busy machine can take
 * seconds to open the microphone, and a take ended then would be lost for nothing.
 */
export const TAKE_FIRST_AUDIO_MS = 30_000;

/** What a host tells its handlers about itself. */
export interface HostContext {
  kind: HostInfo['kind'];
  version: string;
  /** Pushes events to this host's renderer. */
  emit: EmitEvent;
  /** The scenario folder; default {@link defaultScenarioDir}. */
  scenarioDir?: string;
  /** Sessions and rendered prompts; default {@link userDataDir}. */
  dataDir?: string;
  /** The recogniser; default the best installed (`MOCK_INTERVIEWER_ENGINE` may force one). */
  createTranscriber?: () => Promise<Transcriber>;
  /** Where Whisper models are kept; default {@link defaultModelsDir}. */
  modelsDir?: string;
  /** The clock, for answers that carry a time. */
  now?: () => Date;
}

/** Errors whose message is written for the person using the app: it says what to do. */
const USER_ERRORS = [
  TakeError,
  TakeFolderError,
  RecordingError,
  ScoringError,
  SessionError,
  ScenarioLibraryError,
  SpeechError,
  TranscriptionError,
  PipelineError,
  LimitError,
];

/**
 * An error as the page may see it. Errors written for the person pass, with absolute paths
 * outside the data folder cut to their last part; any other error (a bug, a system error with
 * its path, "Invalid typed array length") is returned as it is, so the dispatcher logs it and
 * answers with a generic message that says to try again.
 */
function toUserError(error: unknown, dataDir: string): unknown {
  if (error instanceof UserFacingError) return error;
  if (USER_ERRORS.some((kind) => error instanceof kind)) {
    return new UserFacingError(withoutOutsidePaths((error as Error).message, dataDir));
  }
  return error;
}

/** The contract's calls, implemented with the Node-side services. Shared by both hosts. */
export function createHandlers(context: HostContext): Handlers {
  const now = context.now ?? (() => new Date());
  const dataDir = context.dataDir ?? userDataDir();
  const sessions = sessionsDir(dataDir);
  const prompts = promptsDir(dataDir);
  const asUserError = (error: unknown) => toUserError(error, dataDir);
  try {
    // The data folder is the user's alone; audio a killed host left for the recogniser goes.
    ensurePrivateDir(dataDir);
    removeStaleTempDirs(dataDir);
  } catch {
    // A data folder that cannot be made says so on the first call that writes to it.
  }
  const liveTakes = new Map<string, LiveTake>();
  let idleCheck: ReturnType<typeof setInterval> | null = null;
  let transcriber: Promise<Transcriber> | null = null;
  /** Takes and jobs using each recogniser now. */
  const users = new Map<Transcriber, number>();
  /** Recognisers a model change replaced: each is ended (its model unloaded) once unused. */
  const retired = new Set<Transcriber>();
  const endRetired = () => {
    for (const engine of retired) {
      if (users.has(engine)) continue;
      retired.delete(engine);
      void engine.dispose().catch(() => undefined);
    }
  };
  const hold = (engine: Transcriber) => users.set(engine, (users.get(engine) ?? 0) + 1);
  const release = (engine: Transcriber) => {
    const left = (users.get(engine) ?? 1) - 1;
    if (left > 0) users.set(engine, left);
    else users.delete(engine);
    endRetired();
  };
  const modelsDir = context.modelsDir ?? defaultModelsDir();
  // A model downloaded, deleted or chosen: the next take loads the recogniser afresh, and the
  // one before goes when the takes using it are done.
  const models = createModelHost({
    dataDir,
    modelsDir,
    emit: context.emit,
    onModelsChanged: () => {
      const replaced = transcriber;
      transcriber = null;
      void replaced?.then(
        (engine) => {
          retired.add(engine);
          endRetired();
        },
        () => undefined,
      );
    },
  });

  const getTranscriber = () => {
    transcriber ??= (
      context.createTranscriber ??
      (async () =>
        createTranscriber({
          engine: parseEngineChoice(process.env.MOCK_INTERVIEWER_ENGINE),
          modelsDir,
          tempDir: asrTempDir(dataDir),
          modelPath: await models.modelForNextTake(),
        }))
    )();
    transcriber.catch(() => (transcriber = null));
    return transcriber.catch((error: unknown) => {
      throw asUserError(error);
    });
  };

  const loadLibrary = async () => {
    try {
      return await loadScenarioDir(context.scenarioDir ?? defaultScenarioDir());
    } catch (error) {
      throw asUserError(error);
    }
  };
  const scenarioById = async (id: string): Promise<Scenario> => {
    const library = await loadLibrary();
    try {
      return findScenario(library, id);
    } catch (error) {
      throw asUserError(error);
    }
  };
  const liveTake = (takeId: string) => {
    const take = liveTakes.get(takeId);
    if (!take) throw new UserFacingError(`no take "${takeId}" is recording; start a new take`);
    return take;
  };
  /**
   * A take whose page stopped sending audio (the window or tab closed, the connection dropped)
   * is ended cleanly after {@link TAKE_IDLE_MS}: its file closed, its transcriber stopped; the
   * library offers to recover it.
   */
  const watchLiveTakes = () => {
    idleCheck ??= setInterval(() => {
      for (const [id, take] of liveTakes) {
        const limitMs = take.heardAudio ? TAKE_IDLE_MS : TAKE_FIRST_AUDIO_MS;
        if (Date.now() - take.lastAudioAt < limitMs) continue;
        liveTakes.delete(id);
        void take
          .interrupt(
            'The recording stopped when the page closed or lost its connection; recover it to score what was said.',
          )
          .finally(() => release(take.transcriber));
      }
      if (liveTakes.size === 0 && idleCheck) {
        clearInterval(idleCheck);
        idleCheck = null;
      }
    }, 1000);
    idleCheck.unref?.();
  };
  const scenarioTitles = async () => {
    const library = await loadLibrary().catch(() => null);
    const titles = new Map(library?.scenarios.map((s) => [s.scenario.id, s.scenario.title]));
    return (id: string) => titles.get(id);
  };
  const view = (record: SessionRecord): SessionView => {
    const folder = sessionFolder(sessions, record.id);
    let peaks: number[] = [];
    try {
      peaks = readTakePlan(folder).peaks ?? [];
    } catch {
      // A take saved before peaks were kept: the replay works them out itself.
    }
    return { record, replayUrl: mediaUrl(dataDir, join(folder, record.audio.replay)), peaks };
  };

  /**
   * Transcribes a take's audio as a whole, then analyses, scores and saves it. The take's
   * plan.json (scenario, prompts, follow-ups asked) wins over `fallback` when it is readable;
   * a failed transcription still saves the take, with a warning.
   */
  const transcribeAndSave = async (
    id: string,
    fallback: Pick<TakePlan, 'createdAt' | 'scenarioId' | 'prompts'> & {
      end: TakeEnd;
      warnings: string[];
    },
  ): Promise<SessionRecord> => {
    const folder = sessionFolder(sessions, id);
    let plan: Pick<TakePlan, 'createdAt' | 'scenarioId' | 'prompts' | 'askedFollowUpIds'>;
    try {
      plan = readTakePlan(folder);
      await setTakeStatus(folder, 'transcribing');
    } catch {
      plan = { ...fallback, askedFollowUpIds: [] };
    }
    const scenario = await scenarioById(plan.scenarioId || DEFAULT_SCENARIO_ID);
    const engine = await getTranscriber();
    const warnings = [...fallback.warnings];
    let words: SessionRecord['transcript']['words'] = [];
    hold(engine);
    try {
      words = (await engine.transcribe({ wavPath: join(folder, TAKE_FILES.audio) })).words;
    } catch (error) {
      warnings.push(transcriptionFailedWarning((error as Error).message, dataDir));
    } finally {
      release(engine);
    }
    // plan.json is a file on disk: a prompt's audio is mixed into the replay only when it is a
    // rendered prompt of this data folder, never a WAV a damaged plan points at elsewhere.
    const spoken = plan.prompts.map(({ wavPath, ...prompt }) =>
      wavPath && isRealPathInside(prompts, wavPath) ? { ...prompt, wavPath } : prompt,
    );
    return completeTake({
      root: sessions,
      id,
      createdAt: plan.createdAt,
      scenario,
      end: fallback.end,
      prompts: spoken,
      words,
      engine: engine.engine,
      model: engine.model,
      askedFollowUpIds: plan.askedFollowUpIds,
      warnings,
    });
  };

  return {
    ...models.handlers,
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
      return scoreAnswer(transcript, scenario, []);
    },

    startTake: async ({ scenarioId }) => {
      if (liveTakes.size >= LIMITS.maxLiveTakes) {
        throw new UserFacingError(
          `${LIMITS.maxLiveTakes} takes are already recording (the live take limit); finish one before starting another`,
        );
      }
      const scenario = await scenarioById(scenarioId);
      const engine = await getTranscriber();
      const takeId = newSessionId(scenario.id, now());
      const render: RenderCue = async (text) => {
        try {
          const rendered = await renderPrompt(
            {
              text,
              ...(scenario.interviewer.voice !== 'default'
                ? { voice: scenario.interviewer.voice }
                : {}),
              wordsPerMinute: scenario.interviewer.wordsPerMinute,
            },
            { cacheDir: prompts },
          );
          return {
            wavPath: rendered.wavPath,
            url: mediaUrl(dataDir, rendered.wavPath),
            durationMs: rendered.durationMs,
          };
        } catch (error) {
          throw asUserError(error);
        }
      };
      const take = await LiveTake.open({
        root: sessions,
        id: takeId,
        scenario,
        transcriber: engine,
        now,
        render,
        emitCue: (cue) => context.emit('onCue', { takeId, cue }),
        onCaption: (words) => context.emit('onCaption', { takeId, words }),
        // How fast the model ran, for the Models room.
        onEngineTime: async (engineMs, audioMs) => {
          if (engine.engine !== 'whisper' || !engine.model) return;
          await recordTakeSpeed(dataDir, modelNameFromFile(engine.model), engineMs, audioMs);
        },
      });
      liveTakes.set(takeId, take);
      hold(engine);
      watchLiveTakes();
      return { takeId, sampleRate: TAKE_SAMPLE_RATE, opening: take.openingCue };
    },
    appendAudio: ({ takeId, seq, pcm }) => {
      const take = liveTake(takeId);
      try {
        return { receivedMs: take.append(seq, pcm) };
      } catch (error) {
        if (take.stoppedReason)
          context.emit('onTakeStopped', { takeId, message: take.stoppedReason });
        throw asUserError(error);
      }
    },
    promptStarted: ({ takeId, cueId, atMs }) => {
      try {
        liveTake(takeId).promptStarted(cueId, atMs);
      } catch (error) {
        throw asUserError(error);
      }
      return { ok: true };
    },
    endTurn: async ({ takeId }) => {
      try {
        return { followUp: await liveTake(takeId).endTurn() };
      } catch (error) {
        throw asUserError(error);
      }
    },
    finishTake: async ({ takeId, end }) => {
      const take = liveTake(takeId);
      try {
        return view(await take.finish(end));
      } catch (error) {
        throw asUserError(error);
      } finally {
        liveTakes.delete(takeId);
        release(take.transcriber);
      }
    },
    cancelTake: async ({ takeId }) => {
      const take = liveTake(takeId);
      liveTakes.delete(takeId);
      await take.cancel().finally(() => release(take.transcriber));
      try {
        await deleteSession(sessions, takeId);
      } catch {
        // Marked cancelled, it is never listed; the folder goes with the next clean-up.
      }
      return { ok: true };
    },

    recoverTake: async ({ takeId }) => {
      const folder = sessionFolder(sessions, takeId);
      if (liveTakes.has(takeId)) {
        throw new UserFacingError(`the take "${takeId}" is still recording; finish it first`);
      }
      if (isSavedSession(sessions, takeId)) {
        throw new UserFacingError(
          `the take "${takeId}" was saved already; open it from the library`,
        );
      }
      // Only a real take folder of this data folder: a link planted there is never followed.
      if (
        !isRealPathInside(sessions, join(folder, TAKE_FILES.recording)) ||
        !existsSync(join(folder, TAKE_FILES.recording))
      ) {
        throw new UserFacingError(`no interrupted take "${takeId}"`);
      }
      if (
        existsSync(join(folder, TAKE_FILES.audio)) &&
        !isRealPathInside(sessions, join(folder, TAKE_FILES.audio))
      ) {
        throw new UserFacingError(`no interrupted take "${takeId}"`);
      }
      try {
        const rateProblem = sampleRateProblem(readTakeMeta(folder).sampleRate);
        if (rateProblem) {
          throw new UserFacingError(`the take "${takeId}" cannot be recovered: ${rateProblem}`);
        }
        const recovered = recoverTake(folder, { now });
        return view(
          await transcribeAndSave(takeId, {
            createdAt: now().toISOString(),
            scenarioId: DEFAULT_SCENARIO_ID,
            end: 'recovered',
            prompts: [],
            warnings: [`recovered after an interruption: ${recovered.durationMs} ms of audio kept`],
          }),
        );
      } catch (error) {
        throw asUserError(error);
      }
    },
    retranscribeSession: async ({ id }) => {
      if (liveTakes.has(id)) {
        throw new UserFacingError('this take is still recording; finish it first');
      }
      try {
        // A take whose scoring failed has no record yet: its plan says what the record would.
        const record = await readSession(sessions, id).catch(() => null);
        const plan = record ? null : readTakePlan(sessionFolder(sessions, id));
        return view(
          await transcribeAndSave(id, {
            createdAt: record?.createdAt ?? plan!.createdAt,
            scenarioId: record?.scenario.id ?? plan!.scenarioId,
            end: record?.end ?? plan!.end ?? 'finished',
            prompts: record?.prompts ?? plan!.prompts,
            warnings: (record?.warnings ?? []).filter((w) => !w.startsWith(TRANSCRIPTION_FAILED)),
          }),
        );
      } catch (error) {
        throw asUserError(error);
      }
    },
    listSessions: async () => {
      const [saved, titleOf] = await Promise.all([listSessions(sessions), scenarioTitles()]);
      const unfinished = await listUnfinishedTakes(sessions, new Set(liveTakes.keys()), titleOf);
      return { ...saved, unfinished };
    },
    getSession: async ({ id }) => {
      try {
        return view(await readSession(sessions, id));
      } catch (error) {
        throw asUserError(error);
      }
    },
    deleteSession: async ({ id }) => {
      if (liveTakes.has(id))
        throw new UserFacingError('this take is still recording; finish it first');
      try {
        await deleteSession(sessions, id);
      } catch (error) {
        throw asUserError(error);
      }
      return { ok: true };
    },
    exportSession: async ({ id, format }) => {
      let record: SessionRecord;
      try {
        record = await readSession(sessions, id);
      } catch (error) {
        throw asUserError(error);
      }
      const { path, fileName } = await writeSessionExport(
        sessionFolder(sessions, id),
        record,
        format,
      );
      return { path, url: mediaUrl(dataDir, path), fileName };
    },
  };
}
