import { z } from 'zod';

/**
 * What the app knows about Whisper models, as the host tells the renderer: the models on disk,
 * which one transcribes the next take, the download it recommends for this machine with what it
 * costs, and a download in progress. Also the one place that turns an engine and model into the
 * words a report shows, and the recommendation rule.
 */

/** A model name as the catalogue and the models folder spell it: `tiny.en`, `my-model_2`. */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** A model name, validated. */
export const modelNameSchema = z
  .string()
  .max(100)
  .regex(MODEL_NAME_PATTERN, 'a model name: letters, digits, dots, dashes, underscores');

/** One model installed in the models folder. */
export interface InstalledModel {
  /** `tiny.en` for a catalogue model, the file's own name for an imported one. */
  name: string;
  /** Size on disk, bytes. */
  sizeBytes: number;
  /** True for a model from the catalogue, false for an imported file. */
  catalogued: boolean;
  /** True when the user chose it as the default. */
  isDefault: boolean;
  /** True when the next take will be transcribed with it. */
  inUse: boolean;
  /** How fast it has run on this machine in the user's takes; null before a take of 20 s or more. */
  measured: MeasuredSpeed | null;
}

/** A model's speed as measured on this machine. */
export interface MeasuredSpeed {
  /** Engine time a minute of answer took (captions and transcript), median of recent takes, ms. */
  msPerAudioMinute: number;
  /** Takes the median is taken over. */
  takes: number;
}

/** What a model costs on this machine. */
export interface ModelCost {
  /** Disk the model takes, bytes. */
  diskBytes: number;
  /** Free disk where models are kept, bytes; null when it could not be read. */
  freeDiskBytes: number | null;
  /** Memory whisper.cpp needs while it runs, bytes (rough). */
  memoryBytes: number;
  /** Memory this machine has, bytes. */
  totalMemoryBytes: number;
  /** Time to transcribe one minute of answer on this machine, ms (see `scaledFrom`). */
  msPerAudioMinute: number;
  /** Cores the estimate assumes whisper.cpp uses. */
  threads: number;
  /**
   * The installed model whose speed measured here the figure is scaled from (by the two sizes'
   * compute), or null when it is the planning estimate for this machine's cores.
   */
  scaledFrom: string | null;
}

/** The model the app suggests downloading, with its cost here. */
export interface RecommendedModel {
  name: string;
  /** Download size, bytes. */
  sizeBytes: number;
  description: string;
  /** Bytes of an earlier, unfinished download that the next start resumes from (0 when none). */
  partialBytes: number;
  cost: ModelCost;
}

/** Where a model download stands. */
export type DownloadPhase = 'downloading' | 'verifying' | 'installed' | 'failed' | 'cancelled';

/** Progress of the one model download the host runs at a time. Payload of `onModelProgress`. */
export const modelProgressSchema = z
  .object({
    name: z.string(),
    phase: z.enum(['downloading', 'verifying', 'installed', 'failed', 'cancelled']),
    /** Bytes in the file so far, resumed bytes included. */
    receivedBytes: z.number().int().nonnegative(),
    totalBytes: z.number().int().nonnegative(),
    /** Bytes this run resumed from (0 for a fresh start). */
    resumedFromBytes: z.number().int().nonnegative(),
    /** For `failed` and `cancelled`: what happened and what to do. */
    message: z.string().optional(),
  })
  .strict();

/** Progress of a model download. */
export type ModelProgress = z.infer<typeof modelProgressSchema>;

/** The speech recogniser a take is (or would be) transcribed with. */
export interface TranscriptionChoice {
  engine: 'whisper' | 'pocketsphinx' | 'none';
  /** The Whisper model's name, e.g. `tiny.en`; null for other engines. */
  model: string | null;
}

/** Everything the Models room shows. */
export interface ModelsOverview {
  /** The folder models are kept in. */
  folder: string;
  installed: InstalledModel[];
  /** Null when every recommendable model is installed. */
  recommended: RecommendedModel | null;
  /** The download running now or the last one's outcome; null when none this run. */
  download: ModelProgress | null;
  /** What the next take will be transcribed with. */
  next: TranscriptionChoice;
  /** False where the whisper.cpp binding is not built for this platform. */
  whisperAvailable: boolean;
  /** True when pocketsphinx is installed and can stand in for Whisper. */
  pocketsphinxAvailable: boolean;
}

/** `ggml-tiny.en.bin` → `tiny.en`; other names are returned as they are. */
export function modelNameFromFile(file: string): string {
  return file.replace(/^ggml-/, '').replace(/\.bin$/, '');
}

/** How a report names who transcribed a take: `Whisper (tiny.en)`, `pocketsphinx`. */
export function transcribedByLabel(transcript: { engine: string; model?: string | null }): string {
  if (transcript.engine === 'whisper') {
    return transcript.model
      ? `Whisper (${modelNameFromFile(transcript.model)})`
      : 'Whisper (model not recorded)';
  }
  return transcript.engine;
}

/**
 * True when a take's words came from an engine whose words, and so its scores, cannot be
 * trusted: pocketsphinx mishears ordinary interview speech (about a third of the words on clean
 * synthetic answers).
 */
export function isUnreliableEngine(engine: string): boolean {
  return engine === 'pocketsphinx';
}

/**
 * Rough running costs of the catalogue's sizes. Memory is whisper.cpp's published figure.
 * `msPerAudioMinuteOneThread` is a planning figure for the time one core takes to transcribe a
 * minute of speech: about 0.2 of real time for tiny, growing with each size's compute (about
 * 2x for base, 3x more for small). It ranks sizes for the recommendation and gives the user an
 * order of magnitude; the measured real-time factors are in `npm run bench`'s results.
 */
export const MODEL_SIZE_COSTS: Readonly<
  Record<'tiny' | 'base' | 'small', { memoryBytes: number; msPerAudioMinuteOneThread: number }>
> = {
  tiny: { memoryBytes: 273_000_000, msPerAudioMinuteOneThread: 12_000 },
  base: { memoryBytes: 388_000_000, msPerAudioMinuteOneThread: 26_000 },
  small: { memoryBytes: 852_000_000, msPerAudioMinuteOneThread: 80_000 },
};

/** The size class of a model name (`base.en` → `base`), or null for a name outside the catalogue's sizes. */
export function modelSizeClass(name: string): keyof typeof MODEL_SIZE_COSTS | null {
  const size = name.split('.')[0];
  return size === 'tiny' || size === 'base' || size === 'small' ? size : null;
}

/** This machine, as far as the estimate needs it. */
export interface MachineInfo {
  cores: number;
  totalMemoryBytes: number;
  /** Free disk where models are kept, bytes; null when unknown. */
  freeDiskBytes: number | null;
}

/** Threads the app gives whisper.cpp: every core up to four (more gains little). */
export function whisperThreads(cores: number): number {
  return Math.max(1, Math.min(4, Math.floor(cores)));
}

/**
 * What model `name` of `sizeBytes` costs on `machine`; unknown sizes are costed as small. With
 * `measured` speeds of installed models, the time is scaled from the measured model of the
 * nearest size (a measurement on this machine beats a planning figure); else it is the estimate.
 */
export function modelCost(
  name: string,
  sizeBytes: number,
  machine: MachineInfo,
  measured: ReadonlyMap<string, MeasuredSpeed> = new Map(),
): ModelCost {
  const size = modelSizeClass(name) ?? 'small';
  const costs = MODEL_SIZE_COSTS[size];
  const threads = whisperThreads(machine.cores);
  const order = Object.keys(MODEL_SIZE_COSTS);
  const basis = [...measured]
    .map(([from, speed]) => ({ from, speed, size: modelSizeClass(from) }))
    .filter((m): m is typeof m & { size: keyof typeof MODEL_SIZE_COSTS } => m.size !== null)
    .sort(
      (a, b) =>
        Math.abs(order.indexOf(a.size) - order.indexOf(size)) -
          Math.abs(order.indexOf(b.size) - order.indexOf(size)) || b.speed.takes - a.speed.takes,
    )[0];
  return {
    diskBytes: sizeBytes,
    freeDiskBytes: machine.freeDiskBytes,
    memoryBytes: costs.memoryBytes,
    totalMemoryBytes: machine.totalMemoryBytes,
    msPerAudioMinute: basis
      ? Math.round(
          (basis.speed.msPerAudioMinute * costs.msPerAudioMinuteOneThread) /
            MODEL_SIZE_COSTS[basis.size].msPerAudioMinuteOneThread,
        )
      : Math.round(costs.msPerAudioMinuteOneThread / threads),
    threads,
    scaledFrom: basis?.from ?? null,
  };
}

/**
 * Largest share of a minute a model may take to transcribe a minute of speech and still be
 * recommended: live captions must keep up while the candidate speaks, on cores shared with the
 * recording and the interviewer's voice, and the report must follow the answer closely.
 */
export const MAX_RECOMMENDED_REAL_TIME_FACTOR = 0.2;

/**
 * The model to suggest on `machine` among English `candidates` (smallest first): the largest
 * whose rough speed stays under {@link MAX_RECOMMENDED_REAL_TIME_FACTOR} of real time, needs at
 * most a quarter of the machine's memory and fits on its disk; the smallest when none does.
 * Undefined for an empty list.
 */
export function recommendModel<T extends { name: string; sizeBytes: number }>(
  candidates: readonly T[],
  machine: MachineInfo,
): T | undefined {
  const fits = candidates.filter((c) => {
    const cost = modelCost(c.name, c.sizeBytes, machine);
    return (
      cost.msPerAudioMinute <= MAX_RECOMMENDED_REAL_TIME_FACTOR * 60_000 &&
      cost.memoryBytes <= machine.totalMemoryBytes / 4 &&
      (machine.freeDiskBytes === null || c.sizeBytes < machine.freeDiskBytes)
    );
  });
  return fits[fits.length - 1] ?? candidates[0];
}
