import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, lstat, mkdir, mkdtemp, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { readWavInfo } from '../../core/audio/wav';
import { runTool } from '../process/runTool';
import { LIMITS } from '../../core/limits';

/**
 * The interviewer's voice: renders a prompt to a WAV file with a local speech engine, cached on
 * disk by content.
 *
 * - Linux: festival's `text2wave` (voice kal_diphone by default), falling back to `espeak-ng`.
 * - macOS and Windows: the `say` npm package's `export`, loaded on first use.
 *
 * The prompt text never becomes part of a command line, a shell string or Scheme code: it is
 * written to a file that the engine reads as plain text, and engines are spawned with an argument
 * array and no shell. The only Scheme festival evaluates is built from a validated voice name and
 * a number formatted here.
 */

/** The engines {@link renderPrompt} can drive. */
export type SpeechEngine = 'festival' | 'espeak-ng' | 'say';

/** What to say and how. */
export interface PromptRequest {
  /** The words to speak, as plain text (at most {@link MAX_PROMPT_CHARS} characters). */
  text: string;
  /**
   * A voice of the engine that renders: festival `kal_diphone`, espeak-ng `en-us`, a system voice
   * name for `say`. Omitted: the engine's default.
   */
  voice?: string;
  /** Speaking rate, 80-300 words a minute. Default {@link DEFAULT_WORDS_PER_MINUTE}. */
  wordsPerMinute?: number;
}

/** How a command ended. */
export interface CommandResult {
  /** Exit code, or null when killed by a signal or never started. */
  code: number | null;
  /** The signal that ended it, if any. */
  signal: NodeJS.Signals | null;
  /** The last part of its standard error. */
  stderr: string;
  /** Set when the command could not be started (e.g. ENOENT). */
  error?: Error;
}

/** Runs a program with an argument array (never a shell) and reports how it ended. */
export type CommandRunner = (
  command: string,
  args: readonly string[],
  options: { timeoutMs: number },
) => Promise<CommandResult>;

/** The subset of the `say` package used here. */
export interface SayModule {
  export(
    text: string,
    voice: string | null,
    speed: number | null,
    filename: string,
    callback: (error?: unknown) => void,
  ): void;
}

/** Where and how {@link renderPrompt} works. Only `cacheDir` is required. */
export interface RenderOptions {
  /** Folder for rendered prompts; created if missing. */
  cacheDir: string;
  /** Force an engine instead of choosing by platform and installed tools. */
  engine?: SpeechEngine;
  /** Spawns engines; tests pass one that counts calls. Default {@link spawnRunner}. */
  runner?: CommandRunner;
  /** The platform to choose an engine for. Default `process.platform`. */
  platform?: NodeJS.Platform;
  /** Finds an executable by name; default searches PATH. */
  findTool?: (name: string) => string | null;
  /** Loads the `say` package; default imports it dynamically. */
  loadSay?: () => Promise<SayModule>;
  /** Longest time one synthesis may run. Default 60000 ms. */
  timeoutMs?: number;
}

/** A rendered prompt. */
export interface RenderedPrompt {
  /** Absolute path of the cached WAV. */
  wavPath: string;
  /** Its length in integer ms, from the WAV header. */
  durationMs: number;
  engine: SpeechEngine;
  /** True when the file came from the cache and nothing was spawned. */
  cached: boolean;
}

/** A prompt that could not be rendered, with what to do about it. */
export class SpeechError extends Error {
  override readonly name = 'SpeechError';
}

/** The interviewer's default pace: unhurried, inside the comfortable 120-160 band. */
export const DEFAULT_WORDS_PER_MINUTE = 150;
/** Longest prompt accepted, in characters. */
export const MAX_PROMPT_CHARS = 5000;
/**
 * festival's kal_diphone speaks about 175 words a minute at Duration_Stretch 1 (measured: 75
 * words of incident narrative in 25.5 s); duration scales linearly with the stretch.
 */
export const FESTIVAL_BASE_WORDS_PER_MINUTE = 175;
/** The rate macOS `say` calls speed 1 (the `say` package multiplies it). */
const SAY_BASE_WORDS_PER_MINUTE = 175;
const MIN_WPM = 80;
const MAX_WPM = 300;
/** Bump when the rendering recipe changes so old cache entries are not reused. */
const RENDER_VERSION = 1;

const DEFAULT_VOICES: Record<SpeechEngine, string | null> = {
  festival: 'kal_diphone',
  'espeak-ng': 'en-us',
  say: null,
};

/** Voice names each engine accepts; nothing that could open a quote, an option or a Scheme form. */
const VOICE_PATTERNS: Record<SpeechEngine, RegExp> = {
  festival: /^[a-z0-9_]{1,64}$/,
  'espeak-ng': /^[A-Za-z0-9_][A-Za-z0-9_+.-]{0,63}$/,
  say: /^[A-Za-z0-9_][A-Za-z0-9 _().-]{0,63}$/,
};

const INSTALL_HINT =
  'install festival with its kal_diphone voice (apt install festival festvox-kallpc16k) or espeak-ng (apt install espeak-ng)';

/** Duration_Stretch for festival to speak at `wordsPerMinute` (3 decimals). */
export function festivalDurationStretch(wordsPerMinute: number): number {
  return Math.round((FESTIVAL_BASE_WORDS_PER_MINUTE / wordsPerMinute) * 1000) / 1000;
}

/**
 * Arguments for `text2wave`: the text file, the output, then two evaluations built only from a
 * validated voice name and a formatted number.
 */
export function festivalArgs(
  textPath: string,
  outPath: string,
  voice: string,
  wordsPerMinute: number,
): string[] {
  const stretch = festivalDurationStretch(wordsPerMinute).toFixed(3);
  return [
    textPath,
    '-o',
    outPath,
    '-eval',
    `(voice_${voice})`,
    '-eval',
    `(Parameter.set 'Duration_Stretch ${stretch})`,
  ];
}

/** Arguments for `espeak-ng`: voice, rate in words a minute, output WAV, text read from a file. */
export function espeakArgs(
  textPath: string,
  outPath: string,
  voice: string,
  wordsPerMinute: number,
): string[] {
  return ['-v', voice, '-s', String(Math.round(wordsPerMinute)), '-w', outPath, '-f', textPath];
}

/** Finds an executable on PATH (no shell involved), or null. */
export function findOnPath(name: string): string | null {
  const extensions = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

/**
 * The engine for a platform: `say` on macOS and Windows; elsewhere festival when `text2wave` is
 * installed, else espeak-ng; null when none is.
 */
export function chooseEngine(
  platform: NodeJS.Platform,
  findTool: (name: string) => string | null,
): SpeechEngine | null {
  if (platform === 'darwin' || platform === 'win32') return 'say';
  if (findTool('text2wave')) return 'festival';
  if (findTool('espeak-ng')) return 'espeak-ng';
  return null;
}

/** Runs an engine with the app's one tool runner (no shell, killed at the timeout). */
export const spawnRunner: CommandRunner = async (command, args, { timeoutMs }) => {
  const { code, signal, stderr, error } = await runTool(command, args, { timeoutMs });
  return { code, signal, stderr, ...(error ? { error } : {}) };
};

/**
 * Loads the `say` package (a dependency, used on macOS and Windows). `name` is the module to
 * load; a variable specifier keeps bundlers and the typechecker from requiring the package.
 */
export async function importSay(name = 'say'): Promise<SayModule> {
  let loaded: { default?: SayModule } & Partial<SayModule>;
  try {
    loaded = (await import(name)) as { default?: SayModule } & Partial<SayModule>;
  } catch {
    throw new SpeechError(
      'speaking prompts on macOS and Windows needs the "say" package, which is not installed: run npm install say',
    );
  }
  const say = loaded.default ?? (loaded as SayModule);
  if (typeof say.export !== 'function') {
    throw new SpeechError(
      'the installed "say" package has no export function: update it (npm install say@latest)',
    );
  }
  return say;
}

function validate(request: PromptRequest, engine: SpeechEngine) {
  const text = request.text.trim();
  if (!text)
    throw new SpeechError('the prompt text is empty: give the interviewer something to say');
  if (text.length > MAX_PROMPT_CHARS) {
    throw new SpeechError(
      `the prompt is ${text.length} characters; split it into prompts of at most ${MAX_PROMPT_CHARS}`,
    );
  }
  const wordsPerMinute = request.wordsPerMinute ?? DEFAULT_WORDS_PER_MINUTE;
  if (!Number.isFinite(wordsPerMinute) || wordsPerMinute < MIN_WPM || wordsPerMinute > MAX_WPM) {
    throw new SpeechError(
      `wordsPerMinute must be between ${MIN_WPM} and ${MAX_WPM}, got ${wordsPerMinute}`,
    );
  }
  const voice = request.voice ?? DEFAULT_VOICES[engine];
  if (voice !== null && !VOICE_PATTERNS[engine].test(voice)) {
    throw new SpeechError(
      `"${voice}" is not a valid ${engine} voice name: use letters, digits and underscores (e.g. ${DEFAULT_VOICES[engine] ?? 'Samantha'})`,
    );
  }
  return { text, voice, wordsPerMinute: Math.round(wordsPerMinute) };
}

function describeFailure(engine: string, result: CommandResult): string {
  if (result.error) return `${engine} could not start: ${result.error.message}`;
  const how = result.signal ? `was stopped by ${result.signal}` : `exited with code ${result.code}`;
  return `${engine} ${how}${stderrDetail(result)}`;
}

async function wavDuration(path: string): Promise<number> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const head = new Uint8Array(Math.min(size, 65536));
    await handle.read(head, 0, head.length, 0);
    return readWavInfo(head, size).durationMs;
  } finally {
    await handle.close();
  }
}

const inFlight = new Map<string, Promise<RenderedPrompt>>();

let rendering = 0;
const waitingForEngine: (() => void)[] = [];

/** Prompts being synthesized now or waiting for a free engine. */
export function pendingRenders(): number {
  return rendering + waitingForEngine.length;
}

/**
 * Waits for one of the {@link LIMITS.maxConcurrentRenders} engine slots and returns the function
 * that frees it. Refuses with a {@link SpeechError} when {@link LIMITS.maxQueuedRenders} are
 * already waiting, so a page cannot start engine processes or queue work without bound.
 */
async function engineSlot(): Promise<() => void> {
  if (rendering < LIMITS.maxConcurrentRenders) {
    rendering++;
  } else {
    if (waitingForEngine.length >= LIMITS.maxQueuedRenders) {
      throw new SpeechError(
        `${pendingRenders()} prompts are already being rendered or waiting (the concurrent render limit); wait for them to finish and try again`,
      );
    }
    // The slot is handed over by the render that frees it: `rendering` stays the same.
    await new Promise<void>((resolve) => waitingForEngine.push(resolve));
  }
  let freed = false;
  return () => {
    if (freed) return;
    freed = true;
    const next = waitingForEngine.shift();
    if (next) next();
    else rendering--;
  };
}

/**
 * Renders `request` to a WAV in `options.cacheDir` and returns its path and length. The file is
 * named by the SHA-256 of text, voice, rate and engine; an existing file is returned without
 * spawning anything, and concurrent calls for the same prompt share one synthesis. A new file is
 * written under a temporary name and renamed into place only once it reads back as a valid WAV
 * with audio, so a crash never leaves a half-written prompt in the cache.
 * Throws {@link SpeechError} with a remedy when the request is invalid or no engine works.
 */
export async function renderPrompt(
  request: PromptRequest,
  options: RenderOptions,
): Promise<RenderedPrompt> {
  const platform = options.platform ?? process.platform;
  const findTool = options.findTool ?? findOnPath;
  const engine = options.engine ?? chooseEngine(platform, findTool);
  if (!engine) throw new SpeechError(`no speech engine found: ${INSTALL_HINT}`);
  const { text, voice, wordsPerMinute } = validate(request, engine);

  const key = createHash('sha256')
    .update(JSON.stringify({ v: RENDER_VERSION, text, voice, wordsPerMinute, engine }))
    .digest('hex');
  const wavPath = join(options.cacheDir, `${key}.wav`);

  const pending = inFlight.get(wavPath);
  if (pending) return pending;
  const job = (async (): Promise<RenderedPrompt> => {
    await mkdir(options.cacheDir, { recursive: true, mode: 0o700 });
    // Only a regular file counts as cached: a link planted in the cache is replaced, never read.
    const cachedFile = await lstat(wavPath).catch(() => null);
    if (cachedFile && !cachedFile.isFile()) await rm(wavPath, { force: true });
    else if (cachedFile) {
      try {
        return { wavPath, durationMs: await wavDuration(wavPath), engine, cached: true };
      } catch {
        await rm(wavPath, { force: true });
      }
    }
    const release = await engineSlot();
    const work = await mkdtemp(join(options.cacheDir, '.render-')).catch((error: unknown) => {
      release();
      throw error;
    });
    const partPath = join(options.cacheDir, `.${key}.${randomBytes(4).toString('hex')}.part.wav`);
    try {
      await synthesize(engine, { text, voice, wordsPerMinute }, work, partPath, options, findTool);
      let durationMs: number;
      try {
        durationMs = await wavDuration(partPath);
      } catch (error) {
        throw new SpeechError(
          `${engine} wrote no readable audio: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      if (durationMs <= 0)
        throw new SpeechError(`${engine} produced an empty recording for the prompt`);
      await chmod(partPath, 0o600);
      await rename(partPath, wavPath);
      return { wavPath, durationMs, engine, cached: false };
    } finally {
      release();
      await rm(work, { recursive: true, force: true });
      await rm(partPath, { force: true });
    }
  })();
  inFlight.set(wavPath, job);
  try {
    return await job;
  } finally {
    inFlight.delete(wavPath);
  }
}

async function synthesize(
  engine: SpeechEngine,
  request: { text: string; voice: string | null; wordsPerMinute: number },
  work: string,
  outPath: string,
  options: RenderOptions,
  findTool: (name: string) => string | null,
): Promise<void> {
  const runner = options.runner ?? spawnRunner;
  const timeoutMs = options.timeoutMs ?? 60_000;
  // The ".txt" name keeps festival in plain text mode (it picks modes by file extension).
  const textPath = join(work, 'prompt.txt');
  await writeFile(textPath, `${request.text}\n`, { encoding: 'utf8', mode: 0o600 });

  if (engine === 'say') {
    if (outPath.includes("'")) {
      throw new SpeechError(
        `the cache folder ${options.cacheDir} contains a quote; choose a folder without one`,
      );
    }
    const say = await (options.loadSay ?? importSay)();
    // A leading dash would read as an option to macOS `say`; a space in front is not spoken.
    const spoken = request.text.startsWith('-') ? ` ${request.text}` : request.text;
    await new Promise<void>((resolve, reject) => {
      say.export(
        spoken,
        request.voice,
        request.wordsPerMinute / SAY_BASE_WORDS_PER_MINUTE,
        outPath,
        (error) => {
          if (error) {
            reject(
              new SpeechError(
                `the system voice failed: ${error instanceof Error ? error.message : String(error)}`,
              ),
            );
          } else resolve();
        },
      );
    });
    return;
  }

  const tool = engine === 'festival' ? 'text2wave' : 'espeak-ng';
  const command = findTool(tool);
  if (!command) throw new SpeechError(`${tool} is not installed: ${INSTALL_HINT}`);
  const voice = request.voice ?? DEFAULT_VOICES[engine] ?? '';
  const args =
    engine === 'festival'
      ? festivalArgs(textPath, outPath, voice, request.wordsPerMinute)
      : espeakArgs(textPath, outPath, voice, request.wordsPerMinute);
  const result = await runner(command, args, { timeoutMs });
  // festival exits 0 after a Scheme error (an unknown voice), so a missing file is a failure too.
  const written = result.code === 0 ? await stat(outPath).catch(() => null) : null;
  if (!written || written.size === 0) {
    const hint =
      engine === 'festival'
        ? `; check that the voice "${voice}" is installed (apt install festvox-kallpc16k for kal_diphone)`
        : `; check that the voice "${voice}" exists (espeak-ng --voices)`;
    const what =
      result.code === 0
        ? `${tool} wrote no audio${stderrDetail(result)}`
        : describeFailure(tool, result);
    throw new SpeechError(what + hint);
  }
}

function stderrDetail(result: CommandResult): string {
  const detail = result.stderr.trim().split('\n').slice(-3).join(' | ');
  return detail ? `: ${detail}` : '';
}
