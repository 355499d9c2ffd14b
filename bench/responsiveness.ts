import { performance } from 'node:perf_hooks';
import {
  createPocketsphinxTranscriber,
  findPocketsphinx,
} from '../services/transcription/pocketsphinx';
import { StreamingTranscriber } from '../services/transcription/stream';
import { createWhisperTranscriber } from '../services/transcription/whisper/whisperTranscriber';
import type { Transcriber } from '../core/transcription/types';
import { answerFixture, fixtureSamples, speechToolsMissing, tinyEnModelPath } from './speech';
import type { Benchmark, BenchOutcome, Check } from './stats';
import { fmt, median, percentile, skipped, timed } from './stats';

/**
 * How quickly the engines answer the person waiting: a cancelled transcription stops (the
 * process is killed) within its target, and live captions leave less to do after the last
 * sample than transcribing the whole answer would. These figures were assertions in unit tests,
 * where a loaded machine made them fail for no fault of the code.
 */

/** ms from abort() on the first progress report to the job's rejection. */
async function cancelLatency(engine: Transcriber, samples: Float32Array): Promise<number> {
  const controller = new AbortController();
  let abortedAt = 0;
  try {
    await engine.transcribe(
      { samples },
      {
        signal: controller.signal,
        onProgress: () => {
          if (abortedAt) return;
          abortedAt = performance.now();
          controller.abort();
        },
      },
    );
  } catch {
    // Cancelled, as asked.
  }
  return abortedAt ? performance.now() - abortedAt : Number.NaN;
}

/** Feeds the answer in 100 ms pieces, then times finish(); also times one whole-clip run. */
async function finishVersusWhole(
  engine: Transcriber,
  samples: Float32Array,
): Promise<{ finishMs: number; wholeMs: number }> {
  const wholeMs = (await timed(() => engine.transcribe({ samples }))).ms;
  const stream = new StreamingTranscriber({ transcriber: engine });
  for (let at = 0; at < samples.length; at += 1600) {
    stream.push(samples.subarray(at, at + 1600));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  await stream.whenIdle();
  const finishMs = (await timed(() => stream.finish())).ms;
  return { finishMs, wholeMs };
}

export const responsivenessBenchmark: Benchmark = {
  name: 'responsiveness',
  title: 'Cancelling and finishing transcription',
  async run(options): Promise<BenchOutcome> {
    const missing = speechToolsMissing();
    if (missing) return skipped(missing);
    if (!findPocketsphinx()) return skipped('pocketsphinx is not installed');
    const samples = fixtureSamples(answerFixture());
    const runs = options.quick ? 2 : 5;
    const pocketsphinx = createPocketsphinxTranscriber();
    const cancels: number[] = [];
    const finishes: number[] = [];
    const wholes: number[] = [];
    for (let i = 0; i < runs; i++) {
      options.log(`responsiveness: pocketsphinx run ${i + 1}/${runs}`);
      cancels.push(await cancelLatency(pocketsphinx, samples));
      const { finishMs, wholeMs } = await finishVersusWhole(pocketsphinx, samples);
      finishes.push(finishMs);
      wholes.push(wholeMs);
    }
    const checks: Check[] = [
      {
        metric: 'pocketsphinx stops after cancel',
        unit: 'ms',
        median: median(cancels),
        p95: percentile(cancels, 95),
        target: '< 500 ms p95',
        pass: percentile(cancels, 95) < 500,
      },
      {
        metric: 'live captions: finish() after the last sample, share of a whole-clip run',
        unit: '%',
        median: (median(finishes) / median(wholes)) * 100,
        p95: null,
        target: '< 100% (finishing waits only for the last piece)',
        pass: median(finishes) < median(wholes),
      },
    ];
    const notes = [
      `whole clip ${fmt(median(wholes), 0)} ms median; finish() ${fmt(median(finishes), 0)} ms median.`,
    ];
    const modelPath = await tinyEnModelPath();
    if (modelPath) {
      const whisper = createWhisperTranscriber({ modelPath });
      try {
        const stops: number[] = [];
        for (let i = 0; i < runs; i++) {
          options.log(`responsiveness: whisper cancel ${i + 1}/${runs}`);
          stops.push(await cancelLatency(whisper, samples));
        }
        checks.push({
          metric: 'whisper worker stops after cancel',
          unit: 'ms',
          median: median(stops),
          p95: percentile(stops, 95),
          target: '< 1000 ms p95',
          pass: percentile(stops, 95) < 1000,
        });
      } finally {
        await whisper.dispose();
      }
    } else {
      notes.push('skipped: whisper cancel (no binding or no tiny.en model installed)');
    }
    return { tables: [], checks, notes };
  },
};
