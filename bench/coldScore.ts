import { performance } from 'node:perf_hooks';
import { transcriptFromWords } from '../core/transcript';
import { scenarioScoreOptions, timedAnswer } from './transcripts';

/**
 * One cold scoring, in a fresh process started by the score benchmark: loads the rubric
 * modules, scores a `minutes`-long answer twice, and prints one JSON line
 * `{ importMs, firstMs, secondMs }` (module load, first call, second call).
 */
const minutes = Number(process.argv[2] ?? '10');
if (!(minutes > 0)) throw new Error(`usage: coldScore.ts MINUTES (a positive number)`);
const transcript = transcriptFromWords(timedAnswer(minutes).words);
const options = scenarioScoreOptions();

const importStarted = performance.now();
const { scoreTranscript } = await import('../core/rubric/score');
const importMs = performance.now() - importStarted;
const firstStarted = performance.now();
scoreTranscript(transcript, options);
const firstMs = performance.now() - firstStarted;
const secondStarted = performance.now();
scoreTranscript(transcript, options);
const secondMs = performance.now() - secondStarted;
process.stdout.write(`${JSON.stringify({ importMs, firstMs, secondMs })}\n`);
