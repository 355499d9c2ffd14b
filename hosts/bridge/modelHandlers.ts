import { existsSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { basename, dirname, isAbsolute } from 'node:path';
import type { MachineInfo, ModelProgress, ModelsOverview } from '../../core/models/overview';
import { modelCost, modelNameFromFile, recommendModel } from '../../core/models/overview';
import {
  ModelError,
  deleteModel,
  downloadModel,
  freeDiskBytes,
  importModel,
  listModels,
  resolveModelPath,
} from '../../services/models/manager';
import type { ModelListing } from '../../services/models/manager';
import { findModelEntry } from '../../services/models/catalogue';
import { readModelSettings, writeModelSettings } from '../../services/models/settings';
import { readMeasuredSpeeds } from '../../services/models/speed';
import type { ModelSource } from '../../services/models/source';
import { ModelSourceError, modelSource } from '../../services/models/source';
import { findPocketsphinx } from '../../services/transcription/pocketsphinx';
import { parseEngineChoice, whisperEngineAvailable } from '../../services/transcription';
import type { EmitEvent, Handlers } from './dispatcher';
import { UserFacingError } from './dispatcher';

/** The contract's model calls. */
export type ModelCallName =
  | 'getModels'
  | 'startModelDownload'
  | 'cancelModelDownload'
  | 'deleteModel'
  | 'setDefaultModel'
  | 'importModel';

/** What the model calls need from their host. */
export interface ModelHostOptions {
  /** The data folder, where the default-model setting is kept. */
  dataDir: string;
  /** Where models are kept. */
  modelsDir: string;
  emit: EmitEvent;
  /** Called after the installed models or the default change: the next take must reload. */
  onModelsChanged(): void;
  /** `MOCK_INTERVIEWER_*` settings; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Cores and memory; default this machine's. */
  machine?: () => Pick<MachineInfo, 'cores' | 'totalMemoryBytes'>;
  /** Engines present; default: looked up on this machine. */
  whisperAvailable?: () => boolean;
  pocketsphinxAvailable?: () => boolean;
  /** Monotonic clock for spacing progress events, ms. */
  now?: () => number;
  /** Least time between two `downloading` progress events, ms (default 200). */
  progressIntervalMs?: number;
  /** Receives failures that are not the user's to fix; default: the host's standard error. */
  onInternalError?: (error: unknown) => void;
}

/** The model calls, and what the rest of the host asks of them. */
export interface ModelHost {
  handlers: Pick<Handlers, ModelCallName>;
  /** The chosen default model's file when it is installed; undefined means "the best installed". */
  modelForNextTake(): Promise<string | undefined>;
  /** The running download, if any, finished or cancelled (tests and shutdown). */
  idle(): Promise<void>;
}

const megabytes = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function sizeOfPart(rows: ModelListing[], name: string): number {
  return rows.find((r) => r.name === name)?.partialBytes ?? 0;
}

/** The nearest existing folder at or above `dir`, to ask its disk for free space. */
function existingFolder(dir: string): string {
  let at = dir;
  while (!existsSync(at) && dirname(at) !== at) at = dirname(at);
  return at;
}

/**
 * Implements the model calls: the overview, one download at a time with throttled progress
 * events, cancel (the part is kept, so a new start resumes), delete, the default model, import.
 * Failures reach the user as a message that says what happened and what to do, never with a
 * path outside the folders the user chose.
 */
export function createModelHost(options: ModelHostOptions): ModelHost {
  const env = options.env ?? process.env;
  const now = options.now ?? (() => performance.now());
  const intervalMs = options.progressIntervalMs ?? 200;
  const machine =
    options.machine ?? (() => ({ cores: availableParallelism(), totalMemoryBytes: totalmem() }));
  const whisperAvailable = options.whisperAvailable ?? whisperEngineAvailable;
  const pocketsphinxAvailable = options.pocketsphinxAvailable ?? (() => !!findPocketsphinx());
  const { dataDir, modelsDir } = options;
  const onInternalError =
    options.onInternalError ?? ((error: unknown) => console.error('model download failed:', error));
  let running: { name: string; abort: AbortController; done: Promise<void> } | null = null;
  let last: ModelProgress | null = null;

  const source = (): ModelSource => {
    try {
      return modelSource(env);
    } catch (error) {
      if (error instanceof ModelSourceError) throw new UserFacingError(error.message);
      throw error;
    }
  };

  /** A model error's message with paths the user did not choose to see made short. */
  const shown = (message: string, given?: string) => {
    let text = message;
    if (given) text = text.split(given).join(basename(given));
    return text.split(modelsDir).join('the models folder');
  };

  const defaultModelPath = async (rows: ModelListing[]): Promise<string | undefined> => {
    const { defaultModel } = await readModelSettings(dataDir);
    return rows.find((r) => r.installed && r.name === defaultModel)?.path;
  };

  const overview = async (): Promise<ModelsOverview> => {
    const { catalogue } = source();
    const rows = await listModels(modelsDir, catalogue);
    const installedRows = rows.filter((r) => r.installed);
    const { defaultModel } = await readModelSettings(dataDir);
    const measured = await readMeasuredSpeeds(dataDir);
    let engine: ReturnType<typeof parseEngineChoice>;
    try {
      engine = parseEngineChoice(env.MOCK_INTERVIEWER_ENGINE || undefined);
    } catch {
      throw new UserFacingError(
        'MOCK_INTERVIEWER_ENGINE must be whisper, pocketsphinx or auto; unset it or fix it.',
      );
    }
    const whisper = whisperAvailable();
    const pocketsphinx = pocketsphinxAvailable();
    const modelPath =
      engine === 'pocketsphinx'
        ? null
        : ((await defaultModelPath(rows)) ?? (await resolveModelPath(modelsDir)));
    const next: ModelsOverview['next'] =
      modelPath && (whisper || engine === 'whisper')
        ? { engine: 'whisper', model: modelNameFromFile(basename(modelPath)) }
        : pocketsphinx && engine !== 'whisper'
          ? { engine: 'pocketsphinx', model: null }
          : { engine: 'none', model: null };
    const here: MachineInfo = {
      ...machine(),
      freeDiskBytes: await freeDiskBytes(existingFolder(modelsDir)),
    };
    const english = catalogue.filter((e) => e.name.endsWith('.en'));
    const choice = recommendModel(english.length > 0 ? english : catalogue, here);
    const recommendedRow = choice && rows.find((r) => r.name === choice.name);
    return {
      folder: modelsDir,
      installed: installedRows.map((r) => ({
        name: r.name,
        sizeBytes: r.sizeBytes,
        catalogued: r.catalogued,
        isDefault: r.name === defaultModel,
        inUse: next.engine === 'whisper' && r.path === modelPath,
        measured: measured.get(r.name) ?? null,
      })),
      recommended:
        choice && !recommendedRow?.installed
          ? {
              name: choice.name,
              sizeBytes: choice.sizeBytes,
              description: choice.description,
              partialBytes: sizeOfPart(rows, choice.name),
              cost: modelCost(
                choice.name,
                choice.sizeBytes,
                here,
                new Map(
                  [...measured].filter(([name]) => installedRows.some((r) => r.name === name)),
                ),
              ),
            }
          : null,
      download: last,
      next,
      whisperAvailable: whisper,
      pocketsphinxAvailable: pocketsphinx,
    };
  };

  const report = (progress: ModelProgress) => {
    last = progress;
    options.emit('onModelProgress', progress);
  };

  /** What the user reads when a download stops, from its error code and what is left on disk. */
  const stoppedMessage = async (name: string, error: ModelError, totalBytes: number) => {
    const kept = sizeOfPart(await listModels(modelsDir, source().catalogue), name);
    const keptText =
      kept > 0
        ? `${megabytes(kept)} of ${megabytes(totalBytes)} is kept; press Resume to go on.`
        : 'Nothing was kept; press Download to start again.';
    switch (error.code) {
      case 'cancelled':
        return `The download of ${name} was cancelled. ${keptText}`;
      case 'network':
        return `The download of ${name} stopped before it was complete, so it was not installed. ${keptText} Check the connection if it stops again.`;
      case 'checksum':
        return `The downloaded ${name} is not the published file (its size or SHA-256 differs), so it was deleted and not installed. Press Download to try again; if it fails again, the server is sending a different file.`;
      default:
        return shown(error.message);
    }
  };

  const runDownload = async (
    name: string,
    totalBytes: number,
    catalogue: ModelSource['catalogue'],
    baseUrl: string,
    abort: AbortController,
  ) => {
    let lastEmitMs = -Infinity;
    let resumedFromBytes = 0;
    let receivedBytes = 0;
    try {
      const result = await downloadModel(name, modelsDir, {
        catalogue,
        baseUrl,
        signal: abort.signal,
        onProgress: (p) => {
          resumedFromBytes = p.resumedFromBytes;
          receivedBytes = p.receivedBytes;
          const complete = p.receivedBytes >= p.totalBytes;
          if (!complete && now() - lastEmitMs < intervalMs) return;
          lastEmitMs = now();
          report({
            name,
            phase: complete ? 'verifying' : 'downloading',
            receivedBytes: p.receivedBytes,
            totalBytes: p.totalBytes,
            resumedFromBytes: p.resumedFromBytes,
          });
        },
      });
      report({
        name,
        phase: 'installed',
        receivedBytes: result.sizeBytes,
        totalBytes,
        resumedFromBytes: result.resumedFromBytes,
      });
      options.onModelsChanged();
    } catch (error) {
      const failed = error instanceof ModelError;
      if (!failed) onInternalError(error);
      report({
        name,
        phase: failed && error.code === 'cancelled' ? 'cancelled' : 'failed',
        receivedBytes,
        totalBytes,
        resumedFromBytes,
        message: failed
          ? await stoppedMessage(name, error, totalBytes).catch(() => error.message)
          : `The download of ${name} failed inside the host and was not installed; press Download to try again.`,
      });
    }
  };

  const userError = (error: unknown, given?: string) => {
    if (error instanceof UserFacingError) return error;
    if (error instanceof ModelError) return new UserFacingError(shown(error.message, given));
    return error;
  };

  const handlers: ModelHost['handlers'] = {
    getModels: () => overview(),
    startModelDownload: async ({ name }) => {
      if (running) {
        throw new UserFacingError(
          `${running.name} is downloading; wait for it or cancel it before starting another.`,
        );
      }
      const { catalogue, baseUrl } = source();
      const entry = findModelEntry(name, catalogue);
      if (!entry) {
        throw new UserFacingError(
          `There is no model called "${name}" to download. Known models: ${catalogue.map((e) => e.name).join(', ')}.`,
        );
      }
      const rows = await listModels(modelsDir, catalogue);
      if (rows.find((r) => r.name === name)?.installed) {
        throw new UserFacingError(`${name} is already installed.`);
      }
      const abort = new AbortController();
      const partialBytes = sizeOfPart(rows, name);
      report({
        name,
        phase: 'downloading',
        receivedBytes: partialBytes,
        totalBytes: entry.sizeBytes,
        resumedFromBytes: partialBytes,
      });
      const done = runDownload(name, entry.sizeBytes, catalogue, baseUrl, abort).finally(() => {
        running = null;
      });
      running = { name, abort, done };
      return { ok: true };
    },
    cancelModelDownload: () => {
      if (!running) throw new UserFacingError('No model is downloading.');
      running.abort.abort();
      return { ok: true };
    },
    deleteModel: async ({ name }) => {
      if (running?.name === name) {
        throw new UserFacingError(`${name} is downloading; cancel the download first.`);
      }
      try {
        await deleteModel(name, modelsDir, source().catalogue);
      } catch (error) {
        throw userError(error);
      }
      const settings = await readModelSettings(dataDir);
      if (settings.defaultModel === name) await writeModelSettings(dataDir, { defaultModel: null });
      options.onModelsChanged();
      return overview();
    },
    setDefaultModel: async ({ name }) => {
      if (name !== null) {
        const rows = await listModels(modelsDir, source().catalogue);
        if (!rows.some((r) => r.installed && r.name === name)) {
          throw new UserFacingError(
            `There is no installed model called "${name}"; download or import it first.`,
          );
        }
      }
      await writeModelSettings(dataDir, { defaultModel: name });
      options.onModelsChanged();
      return overview();
    },
    importModel: async ({ path, name }) => {
      if (name && findModelEntry(name, source().catalogue)) {
        throw new UserFacingError(
          `"${name}" is the name of a model the app downloads; give the imported model another name.`,
        );
      }
      if (!isAbsolute(path)) {
        throw new UserFacingError(
          'Give the full path of the model file or folder, starting from the top of the disk.',
        );
      }
      try {
        await importModel(path, modelsDir, name ? { name } : {});
      } catch (error) {
        throw userError(error, path);
      }
      options.onModelsChanged();
      return overview();
    },
  };

  return {
    handlers,
    modelForNextTake: async () => defaultModelPath(await listModels(modelsDir, source().catalogue)),
    idle: async () => {
      await running?.done;
    },
  };
}
