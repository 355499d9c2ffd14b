import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeWav16k } from '../../core/audio/decode16k';
import { encodeWav } from '../../core/audio/wav';
import { LIMITS } from '../../core/limits';
import { scoreTranscript } from '../../core/rubric';
import type { ScoreReport } from '../../core/rubric/types';
import type { Scenario } from '../../core/scenarios/schema';
import type { PromptEvent, SessionRecord, TakeEnd } from '../../core/sessions/record';
import { SESSION_FORMAT, SESSION_VERSION } from '../../core/sessions/record';
import type { Transcript, Word } from '../../core/transcript';
import { transcriptFromWords } from '../../core/transcript';
import {
  PipelineError,
  analyzeSamples,
  readRecordingSamples,
  scoreWithScenario,
} from '../pipeline';
import type { RecordingAnalysis } from '../pipeline';
import { withoutOutsidePaths } from '../dataDir';
import { sessionFolder, writeFileAtomic, writeSession } from './store';
import { TAKE_FILES, readTakePlan, setTakeStatus, writeTakePlan } from './takeFolder';
import { WAVEFORM_BUCKETS, waveformPeaks } from '../../core/audio/peaks';
import { detectSilences } from '../../core/timing/silence';
import type { SilenceSpan } from '../../core/timing/types';

const RATE = 16_000;

/** A prompt the interviewer spoke, with the WAV it was rendered to (when known). */
export interface SpokenPrompt extends PromptEvent {
  wavPath?: string;
}

/** Everything needed to turn a recorded take into a saved, scored session. */
export interface CompleteTakeInput {
  root: string;
  id: string;
  createdAt: string;
  scenario: Scenario;
  end: TakeEnd;
  /** The opening prompt (played before recording started) and everything said during the take. */
  prompts: SpokenPrompt[];
  words: Word[];
  engine: string;
  /** The model file the engine loaded, if it loads one. */
  model?: string | undefined;
  askedFollowUpIds: string[];
  warnings: string[];
  /** The take's silences, found while it was recorded; found from its audio when absent. */
  silences?: { durationMs: number; spans: SilenceSpan[] };
}

/** A rendered prompt's audio at 16 kHz, at most {@link LIMITS.maxPromptMs}; null when unusable. */
async function promptSamples(path: string | undefined): Promise<Float32Array | null> {
  if (!path) return null;
  try {
    // Only a regular file of a prompt's size: never a link, a pipe or a whole disk image.
    const info = await lstat(path);
    if (!info.isFile() || info.size > (LIMITS.maxPromptMs / 1000) * LIMITS.maxSampleRateHz * 8) {
      return null;
    }
    return decodeWav16k(await readFile(path)).subarray(0, (LIMITS.maxPromptMs * RATE) / 1000);
  } catch {
    return null;
  }
}

/**
 * The replay audio: the opening prompt, then the take with every later prompt mixed in at the
 * moment it was played. Returns the samples and where the take starts in them, ms. A prompt
 * placed outside the take (before it, or more than {@link LIMITS.promptLeadMs} after its end,
 * as only a damaged plan.json can say) is left out, so the replay is never longer than the take
 * plus one prompt.
 */
export async function buildReplay(
  take: Float32Array,
  prompts: SpokenPrompt[],
): Promise<{ samples: Float32Array; offsetMs: number }> {
  const opening = prompts.find((p) => p.kind === 'opening');
  const openingSamples = await promptSamples(opening?.wavPath);
  const offset = openingSamples?.length ?? 0;
  const latestMs = (take.length * 1000) / RATE + LIMITS.promptLeadMs;
  const later = await Promise.all(
    prompts
      .filter((p) => p.kind !== 'opening' && p.atMs >= 0 && p.atMs <= latestMs)
      .map(async (p) => ({
        at: Math.round((p.atMs * RATE) / 1000),
        samples: await promptSamples(p.wavPath),
      })),
  );
  const end = Math.max(
    offset + take.length,
    ...later.map((p) => offset + p.at + (p.samples?.length ?? 0)),
  );
  const out = new Float32Array(end);
  if (openingSamples) out.set(openingSamples, 0);
  out.set(take, offset);
  for (const p of later) {
    if (!p.samples) continue;
    const start = offset + p.at;
    for (let i = 0; i < p.samples.length; i++) {
      out[start + i] = Math.max(-1, Math.min(1, out[start + i]! + p.samples[i]!));
    }
  }
  return { samples: out, offsetMs: Math.round((offset * 1000) / RATE) };
}

/** How a take's warnings begin when its words could not be had: the audio is kept. */
export const TRANSCRIPTION_FAILED = 'transcription failed';

/**
 * The warning a take saved without words carries: the recogniser's message (any path outside
 * the data folder cut to its file name, so a model's folder is not shown) and that the audio is
 * kept.
 */
export function transcriptionFailedWarning(message: string, dataDir: string): string {
  return `${TRANSCRIPTION_FAILED} (${withoutOutsidePaths(message, dataDir)}); the audio is kept`;
}

/** Scores an answer that may have no words at all: a silent take still gets its report. */
export function scoreAnswer(
  input: Transcript | RecordingAnalysis,
  scenario: Scenario,
  askedFollowUpIds: string[],
): ScoreReport {
  try {
    return scoreWithScenario(input, scenario, { askedFollowUpIds });
  } catch (error) {
    if (!(error instanceof PipelineError) || error.code !== 'empty-transcript') throw error;
    return scoreTranscript(transcriptFromWords([]), {
      weights: scenario.rubric.weights,
      followUps: scenario.followUps,
      askedFollowUpIds,
      slotMs: scenario.slotSeconds * 1000,
      track: scenario.track,
    });
  }
}

/** Scoring a recorded take failed; the message says what to do, and the audio is kept. */
export class ScoringError extends Error {
  override name = 'ScoringError';
}

/** Why saving a report failed, for the candidate: no paths, and what to do next. */
function scoringFailure(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const why =
    code === 'ENOSPC' || code === 'EDQUOT'
      ? 'the disk is full; free some space'
      : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
        ? 'the data folder cannot be written; fix its permissions'
        : typeof code === 'string'
          ? `the report could not be written (${code})`
          : 'the take could not be analysed';
  return `Scoring failed: ${why}. The recording is kept: score it again from the library.`;
}

/** The spans of the take where the interviewer spoke (the opening is before the take). */
export function interviewerSpans(prompts: PromptEvent[]): { startMs: number; endMs: number }[] {
  return prompts
    .filter((p) => p.kind !== 'opening')
    .map((p) => ({ startMs: p.atMs, endMs: p.atMs + p.durationMs }));
}

/**
 * Analyses a recorded take (silences from its audio, merged with the words; the interviewer's
 * spans never count against the candidate), scores it against its scenario, writes replay.wav
 * and session.json, marks the take scored and returns the record. On a failure the take is
 * marked "scoring failed" and a {@link ScoringError} says what to do.
 */
export async function completeTake(input: CompleteTakeInput): Promise<SessionRecord> {
  const folder = sessionFolder(input.root, input.id);
  let record: SessionRecord;
  try {
    record = await scoreAndSave(folder, input);
  } catch (error) {
    const message = scoringFailure(error);
    await setTakeStatus(folder, 'scoringFailed', message).catch(() => {});
    throw new ScoringError(message);
  }
  await setTakeStatus(folder, 'scored').catch(() => {});
  return record;
}

async function scoreAndSave(folder: string, input: CompleteTakeInput): Promise<SessionRecord> {
  const samples = await readRecordingSamples(join(folder, TAKE_FILES.audio)).catch(
    () => new Float32Array(0),
  );
  const silences =
    input.silences && input.silences.durationMs === Math.round((samples.length * 1000) / RATE)
      ? input.silences
      : (() => {
          const found = detectSilences(samples, RATE);
          return { durationMs: found.durationMs, spans: found.silences };
        })();
  const analysis = analyzeSamples(samples, input.words, {
    slotMs: input.scenario.slotSeconds * 1000,
    interviewer: interviewerSpans(input.prompts),
    detection: { durationMs: silences.durationMs, silences: silences.spans },
  });
  const { timing } = analysis;
  const report = scoreAnswer(analysis, input.scenario, input.askedFollowUpIds);

  const replay = await buildReplay(samples, input.prompts);
  await writeFileAtomic(join(folder, TAKE_FILES.replay), encodeWav(replay.samples, RATE));
  // The silences and the waveform stay with the take: the library and the replay read them.
  const plan = (() => {
    try {
      return readTakePlan(folder);
    } catch {
      return null;
    }
  })();
  if (plan) {
    await writeTakePlan(folder, {
      ...plan,
      silences,
      peaks: waveformPeaks(replay.samples, WAVEFORM_BUCKETS),
    });
  }

  const record: SessionRecord = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    id: input.id,
    createdAt: input.createdAt,
    scenario: {
      id: input.scenario.id,
      version: input.scenario.version,
      title: input.scenario.title,
      track: input.scenario.track,
      slotSeconds: input.scenario.slotSeconds,
    },
    end: input.end,
    audio: {
      take: TAKE_FILES.audio,
      replay: TAKE_FILES.replay,
      replayOffsetMs: replay.offsetMs,
      durationMs: timing.durationMs,
    },
    prompts: input.prompts.map(({ wavPath: _wavPath, ...event }) => event),
    transcript: {
      engine: input.engine,
      model: input.model ?? null,
      words: analysis.words,
      text: transcriptFromWords(analysis.words).text,
    },
    timing,
    report,
    warnings: input.warnings,
  };
  await writeSession(input.root, record);
  return record;
}
