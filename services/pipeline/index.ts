import { readFile } from 'node:fs/promises';
import { decodeWav16k } from '../../core/audio/decode16k';
import { WavError } from '../../core/audio/wav';
import { DEFAULT_SLOT_MS, scoreTranscript } from '../../core/rubric';
import type { ScoreReport } from '../../core/rubric';
import type { Scenario } from '../../core/scenarios/schema';
import type { TimingAnalysis } from '../../core/timing/analysis';
import { analyzeCandidateTiming, candidateWords } from '../../core/sessions/turns';
import type { InterviewerSpan } from '../../core/sessions/turns';
import type { FillerHit } from '../../core/timing/fillers';
import { detectSilences } from '../../core/timing/silence';
import type { SilenceDetection } from '../../core/timing/silence';
import type { Pause, PauseThresholds } from '../../core/timing/types';
import { transcriptFromWords } from '../../core/transcript';
import type { Transcript, Word } from '../../core/transcript';
import type { Transcriber, TranscriptionEngine } from '../../core/transcription/types';
import { TRANSCRIPTION_SAMPLE_RATE } from '../../core/transcription/types';
import { defaultModelsDir } from '../models/manager';
import { createTranscriber } from '../transcription';
import type { EngineChoice } from '../transcription';

/**
 * The one chain from a recording to a score, shared by the command line and the app hosts:
 * read the WAV, convert it to 16 kHz mono, find its silences, transcribe it, measure its timing,
 * and score the words against a scenario. Every step is a function from `core/` or
 * `services/transcription`; this module only wires them together.
 */

/**
 * Why a recording or transcript cannot be analysed or scored:
 * - `unreadable-file`: the file does not exist, is a folder, or cannot be read;
 * - `bad-audio`: not a WAV file, an unsupported encoding, a corrupt or truncated file, or no audio;
 * - `empty-transcript`: there are no words to score.
 */
export type PipelineErrorCode = 'unreadable-file' | 'bad-audio' | 'empty-transcript';

/** A recording or transcript the pipeline cannot use; the message is one line saying what to do. */
export class PipelineError extends Error {
  override readonly name = 'PipelineError';
  constructor(
    readonly code: PipelineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The conversion every WAV error message suggests when it has no advice of its own. */
export const WAV_CONVERT_HINT =
  'give a 16-bit PCM WAV file (convert one with `sox INPUT -b 16 -c 1 -r 16000 OUTPUT.wav`)';

/** A pause with its length, integer ms. */
export interface TimedPause extends Pause {
  /** `endMs - startMs`. */
  durationMs: number;
}

/** Options of {@link analyzeRecording}. */
export interface AnalyzeRecordingOptions {
  /** Whether to run speech recognition; `false` measures silences and pauses only. */
  transcribe: boolean;
  /** Which recogniser (default `auto`: whisper when a model is installed, else pocketsphinx). */
  engine?: EngineChoice;
  /** A ggml model file or name, for whisper. */
  modelPath?: string;
  /** Folder of downloaded models; default {@link defaultModelsDir}. */
  modelsDir?: string;
  /** A recogniser to reuse (kept warm by the caller, not disposed here); overrides `engine`. */
  transcriber?: Transcriber;
  /** Pause classification; the domain defaults (200 ms / 1 s / 2.5 s) when omitted. */
  thresholds?: PauseThresholds;
  /** The answer's slot, ms, for the overrun figures; default 600000 (ten minutes). */
  slotMs?: number;
  /** Cancels the transcription; the promise rejects with a `cancelled` TranscriptionError. */
  signal?: AbortSignal;
  /** Transcription progress, 0..1. */
  onProgress?: (fraction: number) => void;
}

/** What {@link analyzeRecording} measured. Times are integer ms from the start of the file. */
export interface RecordingAnalysis {
  /** Length of the audio. */
  durationMs: number;
  /** Time to the first speech; null when nothing was said. */
  firstWordMs: number | null;
  /** Silences inside the answer (between its first and last speech), classified. */
  pauses: TimedPause[];
  /** Recognised words in time order; empty when not transcribed. */
  words: Word[];
  /** Fillers found in the words. */
  fillers: FillerHit[];
  /** Words (fillers excluded) per minute of answer; null without words. */
  wordsPerMinute: number | null;
  /** The recogniser that produced `words`, when one ran. */
  engine?: TranscriptionEngine;
  /** The recogniser's model file, for engines that load one. */
  model?: string;
  /** The full timing analysis (pace over time, slot use), for callers that show more. */
  timing: TimingAnalysis;
}

async function readRecording(wavPath: string): Promise<Uint8Array> {
  try {
    return await readFile(wavPath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file; check the path'
        : code === 'EISDIR'
          ? 'it is a folder; give a WAV file'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied; check the file permissions'
            : `${code ?? String(error)}; check that the file exists and is readable`;
    throw new PipelineError('unreadable-file', `cannot read ${wavPath}: ${why}`);
  }
}

/**
 * Reads a WAV file into 16 kHz mono samples, the rate of every silence and speech step.
 * Throws a {@link PipelineError}: `unreadable-file` for a missing or unreadable path, `bad-audio`
 * for a file that is not a WAV, is truncated or corrupt, uses an unsupported encoding, or holds
 * no audio.
 */
export async function readRecordingSamples(wavPath: string): Promise<Float32Array> {
  const bytes = await readRecording(wavPath);
  let samples: Float32Array;
  try {
    samples = decodeWav16k(bytes);
  } catch (error) {
    if (!(error instanceof WavError)) throw error;
    const advice = /convert/.test(error.message) ? '' : `; ${WAV_CONVERT_HINT}`;
    throw new PipelineError('bad-audio', `cannot use ${wavPath}: ${error.message}${advice}`);
  }
  if (samples.length === 0) {
    throw new PipelineError(
      'bad-audio',
      `cannot use ${wavPath}: the WAV file holds no audio; record again or give another file`,
    );
  }
  return samples;
}

/**
 * Times an answer from its 16 kHz samples and its words (possibly none): silences from the
 * audio, merged with the words into pauses, time to first word, fillers and rate. Where the
 * interviewer spoke (`interviewer`, on the same timeline) nothing counts against the candidate
 * (see `core/sessions/turns`), and the words returned are the candidate's. `detection` skips
 * finding the silences again when they were found while the samples were recorded.
 */
export function analyzeSamples(
  samples: Float32Array,
  words: Word[],
  options: {
    slotMs: number;
    thresholds?: PauseThresholds;
    interviewer?: InterviewerSpan[];
    /** The samples' silences when already found (while they were recorded). */
    detection?: Pick<SilenceDetection, 'silences' | 'durationMs'>;
  },
): RecordingAnalysis {
  const detection = options.detection ?? detectSilences(samples, TRANSCRIPTION_SAMPLE_RATE);
  const interviewer = options.interviewer ?? [];
  const timing = analyzeCandidateTiming(
    {
      durationMs: detection.durationMs,
      silences: detection.silences,
      words,
      slotMs: options.slotMs,
      ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    },
    interviewer,
  );
  return {
    durationMs: timing.durationMs,
    firstWordMs: timing.firstWordMs,
    pauses: timing.pauses.map((p) => ({ ...p, durationMs: p.endMs - p.startMs })),
    words: candidateWords(words, interviewer),
    fillers: timing.fillers,
    wordsPerMinute: timing.wordsPerMinute,
    timing,
  };
}

/**
 * Analyses one recorded answer: reads the WAV (any rate, any channel count, mixed down and
 * resampled to 16 kHz), detects its silences, transcribes it unless `transcribe` is false, and
 * measures pauses, time to first word, fillers and rate with `analyzeTiming` (pauses come from the
 * audio; words, when present, place the start and end of the answer). Throws a
 * {@link PipelineError} for an unusable file and a `TranscriptionError` when recognition fails.
 */
export async function analyzeRecording(
  wavPath: string,
  options: AnalyzeRecordingOptions,
): Promise<RecordingAnalysis> {
  const samples = await readRecordingSamples(wavPath);

  let words: Word[] = [];
  let engine: TranscriptionEngine | undefined;
  let model: string | undefined;
  if (options.transcribe) {
    const transcriber =
      options.transcriber ??
      (await createTranscriber({
        engine: options.engine ?? 'auto',
        modelsDir: options.modelsDir ?? defaultModelsDir(),
        ...(options.modelPath ? { modelPath: options.modelPath } : {}),
      }));
    try {
      const result = await transcriber.transcribe(
        { samples },
        {
          ...(options.signal ? { signal: options.signal } : {}),
          ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        },
      );
      words = result.words;
      engine = result.engine;
      model = result.model;
    } finally {
      if (!options.transcriber) await transcriber.dispose();
    }
  }

  const analysis = analyzeSamples(samples, words, {
    slotMs: options.slotMs ?? DEFAULT_SLOT_MS,
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
  });
  if (engine) analysis.engine = engine;
  if (model) analysis.model = model;
  return analysis;
}

/** Options of {@link scoreWithScenario} beyond what the scenario gives. */
export interface ScoreWithScenarioOptions {
  /** Follow-up ids already asked in this take; they are not chosen again. */
  askedFollowUpIds?: string[];
  /** Pause thresholds, as given to {@link analyzeRecording}. */
  thresholds?: PauseThresholds;
}

function isAnalysis(input: Transcript | RecordingAnalysis): input is RecordingAnalysis {
  return 'pauses' in input && 'durationMs' in input && Array.isArray(input.words);
}

/**
 * Scores a transcript, or an analysed recording, against a scenario: its rubric weights,
 * follow-ups, slot (`slotSeconds`), target word count and track (what the prompt asks). For a
 * recording the audio's pauses and time to first word are used; for timed words without audio the rubric reads pauses from the
 * word gaps; plain text skips delivery. Throws a {@link PipelineError} `empty-transcript` when
 * there are no words.
 */
export function scoreWithScenario(
  input: Transcript | RecordingAnalysis,
  scenario: Scenario,
  options: ScoreWithScenarioOptions = {},
): ScoreReport {
  const transcript = isAnalysis(input) ? transcriptFromWords(input.words) : input;
  if (transcript.text.trim() === '' && (transcript.words?.length ?? 0) === 0) {
    throw new PipelineError(
      'empty-transcript',
      'the answer has no words to score; record or paste an answer first',
    );
  }
  return scoreTranscript(transcript, {
    weights: scenario.rubric.weights,
    followUps: scenario.followUps,
    slotMs: scenario.slotSeconds * 1000,
    track: scenario.track,
    ...(scenario.rubric.targetWords !== undefined
      ? { targetWords: scenario.rubric.targetWords }
      : {}),
    ...(options.askedFollowUpIds ? { askedFollowUpIds: options.askedFollowUpIds } : {}),
    ...(options.thresholds ? { thresholds: options.thresholds } : {}),
    ...(isAnalysis(input)
      ? {
          pauses: input.pauses.map(({ startMs, endMs, kind }) => ({ startMs, endMs, kind })),
          ...(input.firstWordMs !== null ? { firstWordMs: input.firstWordMs } : {}),
        }
      : {}),
  });
}
