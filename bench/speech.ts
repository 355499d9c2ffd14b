import { readFileSync } from 'node:fs';
import { parseWav } from '../core/audio/wav';
import type { SpeechFixture } from '../tests/support/audioFixtures';
import { speechFixture } from '../tests/support/audioFixtures';
import { findTool } from '../tests/support/systemTools';
import { defaultModelsDir, resolveModelPath } from '../services/models/manager';
import { whisperEngineAvailable } from '../services/transcription';

/** The installed tiny.en model when the whisper.cpp binding loads here, else null. */
export async function tinyEnModelPath(): Promise<string | null> {
  return whisperEngineAvailable() ? resolveModelPath(defaultModelsDir(), 'tiny.en') : null;
}

/**
 * Real speech for the audio benchmarks: festival's voice reading incident sentences, trimmed and
 * joined with sox around gaps of known length over faint pink noise (tests/support/audioFixtures),
 * cached in the OS temp folder, so only the first run pays for the synthesis.
 */

/** Sentences without inner punctuation, so the voice adds no pauses of its own. */
export const BENCH_SENTENCES = [
  'the checkout service started failing at nine fifteen',
  'I paged the engineer on call',
  'I rolled back the deploy at once',
  'error rates dropped within two minutes',
  'we lost about twelve thousand requests',
  'afterwards I chaired the blameless review',
  'the burn rate alert fired before any customer complained',
  'I declared a severity one incident and opened a channel',
  'the connection pool was exhausted on two nodes',
  'we drained those nodes instead of moving the region',
  'recovery took forty five minutes from the first page',
  'the canary stage now covers every config change',
  'I wrote the runbook for pool exhaustion myself',
  'our error budget for the quarter was nearly gone',
];

/** Why speech cannot be made here, or null when festival and sox are installed. */
export function speechToolsMissing(): string | null {
  if (!findTool('sox')) return 'sox is not installed (apt-get install sox)';
  if (!findTool('text2wave')) return 'festival is not installed (apt-get install festival)';
  return null;
}

/** Builds (or reuses) a fixture; throws when the tools are missing (check first). */
export function buildFixture(texts: string[], gapsMs: number[], noiseDb: number): SpeechFixture {
  const fixture = speechFixture({ texts, gapsMs, noiseDb, edgeMs: 500 });
  if (!fixture) throw new Error(speechToolsMissing() ?? 'speech fixture could not be built');
  return fixture;
}

/** 16 kHz mono samples of a fixture's noisy recording. */
export function fixtureSamples(fixture: SpeechFixture): Float32Array {
  const wav = parseWav(new Uint8Array(readFileSync(fixture.wavPath)));
  if (wav.sampleRate !== 16000) throw new Error(`${fixture.wavPath} is not 16 kHz`);
  return wav.samples;
}

/** Gaps of the long answer: mostly ordinary pauses, some long ones and one stall. */
const ANSWER_GAPS_MS = [400, 700, 300, 1200, 500, 800, 350, 2600, 600, 450, 900, 1500, 550];

/** A fixture of all {@link BENCH_SENTENCES} (about 50 s) that {@link answerAudio} loops. */
export function answerFixture(): SpeechFixture {
  return buildFixture(BENCH_SENTENCES, ANSWER_GAPS_MS, -55);
}

/**
 * Real speech `minutes` long at 16 kHz: the answer fixture repeated end to end (its 0.5 s edges
 * give a 1 s pause at every join) and cut to length.
 */
export function answerAudio(minutes: number): Float32Array {
  const once = fixtureSamples(answerFixture());
  const total = Math.round(minutes * 60 * 16000);
  const out = new Float32Array(total);
  for (let at = 0; at < total; at += once.length) {
    out.set(once.subarray(0, Math.min(once.length, total - at)), at);
  }
  return out;
}
