import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transcriber, TranscriptionResult } from '../../../core/transcription/types';
import { TranscriptionError } from '../../../core/transcription/types';
import { wordErrorRate } from '../../../core/transcription/wordErrorRate';
import { createPocketsphinxTranscriber } from '../../../services/transcription/pocketsphinx';
import type { CaptionEvent } from '../../../services/transcription/stream';
import { StreamingTranscriber } from '../../../services/transcription/stream';
import { createWhisperTranscriber } from '../../../services/transcription/whisper/whisperTranscriber';
import { LIBRIVOX_DIR, joinedLibrivoxTake, realTinyEnModel, requireFile } from './realSpeech';
import {
  INCIDENT_SENTENCE,
  PAGING_SENTENCE,
  joinWithPauses,
  pocketsphinx,
  speak,
  text2wave,
  wordRecall,
} from './speechClips';

const CHUNK = 1600; // 100 ms at 16 kHz

/** Feeds `samples` in 100 ms pieces, letting the engine catch up whenever a piece was cut. */
async function feed(stream: StreamingTranscriber, samples: Float32Array): Promise<void> {
  for (let at = 0; at < samples.length; at += CHUNK) {
    stream.push(samples.subarray(at, Math.min(samples.length, at + CHUNK)));
    if (stream.pendingChunks > 0) await stream.whenIdle();
  }
}

/** A stand-in engine that returns one word per piece at the piece's own offset. */
function oneWordPerPiece(fail?: number): Transcriber {
  let calls = 0;
  return {
    engine: 'pocketsphinx',
    dispose: async () => {},
    transcribe: async (audio, options = {}): Promise<TranscriptionResult> => {
      const index = calls++;
      if (index === fail) throw new TranscriptionError('crashed', 'piece failed');
      const samples = 'samples' in audio ? audio.samples : new Float32Array(0);
      const durationMs = Math.round((samples.length * 1000) / 16000);
      const start = options.offsetMs ?? 0;
      return {
        engine: 'pocketsphinx',
        words: [{ text: `w${index}`, startMs: start, endMs: start + durationMs }],
        segments: [],
        durationMs,
      };
    },
  };
}

function tone(ms: number): Float32Array {
  const n = Math.round((ms * 16000) / 1000);
  return Float32Array.from(
    { length: n },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / 16000) * (1 + 0.5 * Math.sin(i / 400)),
  );
}

describe('StreamingTranscriber', () => {
  it('cuts at pauses and emits each piece on the take timeline, in order', async () => {
    const captions: CaptionEvent[] = [];
    const stream = new StreamingTranscriber({
      transcriber: oneWordPerPiece(),
      offsetMs: 1000,
      policy: { minChunkMs: 5000, maxChunkMs: 8000, minCutSilenceMs: 300 },
      onCaption: (c) => captions.push(c),
    });
    const audio = joinWithPauses([tone(6000), tone(6000), tone(2000)], 1000);
    await feed(stream, audio);
    const result = await stream.finish();
    expect(result.chunks).toBe(3);
    expect(captions.map((c) => [c.chunkIndex, c.text])).toEqual([
      [0, 'w0'],
      [1, 'w1'],
      [2, 'w2'],
    ]);
    expect(captions[0]?.startMs).toBe(1000);
    expect(captions[1]?.startMs).toBe(captions[0]?.endMs);
    expect(captions[2]?.endMs).toBe(1000 + 16000);
    expect(result.words.map((w) => w.text)).toEqual(['w0', 'w1', 'w2']);
    expect(result.durationMs).toBe(16000);
  });

  it('sends no silent piece to the engine: the quiet after the answer costs nothing', async () => {
    let engineCalls = 0;
    const counting = oneWordPerPiece();
    const stream = new StreamingTranscriber({
      transcriber: {
        ...counting,
        transcribe: (audio, options) => {
          engineCalls++;
          return counting.transcribe(audio, options);
        },
      },
    });
    // A phrase, its end, then eight seconds of quiet before the candidate ends the take.
    await feed(stream, joinWithPauses([tone(2000), new Float32Array(8 * 16000)], 0));
    const result = await stream.finish();
    expect(engineCalls).toBe(1);
    expect(result.words.map((w) => w.text)).toEqual(['w0']);
    expect(result.chunks).toBeGreaterThan(1);
  });

  it('asks the engine to decode each piece as a live piece, the last after the recording', async () => {
    const asked: [boolean | undefined, boolean | undefined][] = [];
    const counting = oneWordPerPiece();
    const stream = new StreamingTranscriber({
      transcriber: {
        ...counting,
        transcribe: (audio, options) => {
          asked.push([options?.livePiece, options?.afterRecording]);
          return counting.transcribe(audio, options);
        },
      },
    });
    await feed(stream, joinWithPauses([tone(2000), tone(2000)], 1000));
    await stream.finish();
    expect(asked).toEqual([
      [true, undefined],
      [true, true],
    ]);
  });

  it('builds the transcript from transcript pieces and ends with the short tail as one piece', async () => {
    const named: Transcriber = {
      engine: 'whisper',
      dispose: async () => {},
      transcribe: async (audio, options = {}) => {
        const samples = 'samples' in audio ? audio.samples : new Float32Array(0);
        const start = options.offsetMs ?? 0;
        const durationMs = Math.round((samples.length * 1000) / 16000);
        return {
          engine: 'whisper',
          words: [{ text: `at${start}`, startMs: start, endMs: start + durationMs }],
          segments: [],
          durationMs,
        };
      },
    };
    const captions: string[] = [];
    const stream = new StreamingTranscriber({
      transcriber: named,
      policy: { minChunkMs: 2000, maxChunkMs: 6000, minCutSilenceMs: 300 },
      transcriptPolicy: { minChunkMs: 8000, maxChunkMs: 15000, minCutSilenceMs: 500 },
      onCaption: (c) => captions.push(c.text),
    });
    await feed(stream, joinWithPauses([tone(5000), tone(5000), tone(2000)], 1000));
    const result = await stream.finish();
    // Pieces are cut in the middle of a pause as soon as it is long enough: captions at 0 and
    // 5.3 s; one transcript piece 0-10.25 s, then the 3.75 s tail as one piece, not a caption.
    expect(captions).toEqual(['at0', 'at5308']);
    expect(result.words.map((w) => w.text)).toEqual(['at0', 'at10250']);
    expect(result.transcriptPieces).toBe(2);
  });

  it('prepares the engine once, when the stream opens', () => {
    let prepared = 0;
    const stream = new StreamingTranscriber({
      transcriber: { ...oneWordPerPiece(), prepare: async () => void prepared++ },
    });
    expect(prepared).toBe(1);
    stream.cancel();
  });

  it('rejects finish() with the error of a piece that failed', async () => {
    const stream = new StreamingTranscriber({
      transcriber: oneWordPerPiece(1),
      policy: { minChunkMs: 5000, maxChunkMs: 8000, minCutSilenceMs: 300 },
    });
    await feed(stream, joinWithPauses([tone(6000), tone(6000), tone(2000)], 1000));
    await expect(stream.finish()).rejects.toMatchObject({
      code: 'crashed',
      message: 'piece failed',
    });
  });

  it('rejects finish() with cancelled after cancel()', async () => {
    const stream = new StreamingTranscriber({ transcriber: oneWordPerPiece() });
    stream.push(tone(3000));
    stream.cancel();
    await expect(stream.finish()).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('refuses samples after finish()', async () => {
    const stream = new StreamingTranscriber({ transcriber: oneWordPerPiece() });
    await stream.finish();
    expect(() => stream.push(tone(100))).toThrow(/after finish/);
  });
});

describe.skipIf(!pocketsphinx || !text2wave)(
  'StreamingTranscriber with pocketsphinx on festival speech',
  () => {
    let dir: string;
    let take: Float32Array;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'stream-test-'));
      const incident = speak(INCIDENT_SENTENCE, dir, 'incident');
      const paging = speak(PAGING_SENTENCE, dir, 'paging');
      // Two sentences (about 10.6 s): three caption pieces, the last one left for finish().
      // Every pocketsphinx run costs its own CPU (half a second to load the model, then about
      // a quarter of the audio's length); a shorter take keeps the test's share small when the
      // test run's other files keep both cores busy.
      take = joinWithPauses([paging, incident], 1000);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('fed in 100 ms pieces, ends with the words of a whole-file run and waits only for the last piece', async () => {
      const engine = createPocketsphinxTranscriber();
      const whole = await engine.transcribe({ samples: take });

      const captions: CaptionEvent[] = [];
      const stream = new StreamingTranscriber({
        transcriber: engine,
        onCaption: (c) => captions.push(c),
      });
      await feed(stream, take);
      // Everything cut so far is transcribed: finish() is left with the last piece only (how
      // long that takes against a whole-file run is measured in bench/responsiveness.ts).
      expect(stream.pendingChunks).toBe(0);
      const transcribedBefore = captions.length;
      const streamed = await stream.finish();

      expect(streamed.chunks).toBeGreaterThanOrEqual(2);
      const heard = streamed.words.map((w) => w.text);
      // Pieces are cut in pauses, so no word is split; the few differences come from the
      // recogniser's language model seeing less context per piece ("rolled" / "roll").
      expect(
        wordRecall(
          whole.words.map((w) => w.text),
          heard,
        ),
      ).toBeGreaterThanOrEqual(0.8);
      expect(
        wordRecall(
          heard,
          whole.words.map((w) => w.text),
        ),
      ).toBeGreaterThanOrEqual(0.8);
      expect(Math.abs(heard.length - whole.words.length)).toBeLessThanOrEqual(3);
      const starts = streamed.words.map((w) => w.startMs);
      expect([...starts].sort((a, b) => a - b)).toEqual(starts);
      expect(streamed.words[streamed.words.length - 1]?.endMs).toBeLessThanOrEqual(
        streamed.durationMs,
      );
      expect(captions.length - transcribedBefore).toBeLessThanOrEqual(1);
    });
  },
);

const tinyEn = realTinyEnModel();
const librivox = requireFile(
  join(LIBRIVOX_DIR, 'fileids'),
  'apt-get install pocketsphinx-testdata',
);

describe.skipIf(!tinyEn || !librivox)(
  'StreamingTranscriber with Whisper tiny.en on real speech',
  () => {
    it("keeps one worker with the model loaded for every piece, captions in Whisper's own capitals and punctuation, and leaves only the last piece for finish()", async () => {
      const take = joinedLibrivoxTake();
      const workers: number[] = [];
      const engine = createWhisperTranscriber({
        modelPath: tinyEn ?? '',
        threads: 2,
        onWorkerStart: (pid) => workers.push(pid),
      });
      const captions: CaptionEvent[] = [];
      const stream = new StreamingTranscriber({
        transcriber: engine,
        onCaption: (c) => captions.push(c),
      });
      try {
        await feed(stream, take.samples);
        const transcribedBefore = captions.length;
        const result = await stream.finish();

        expect(workers).toHaveLength(1);
        expect(result.chunks).toBeGreaterThanOrEqual(6);
        // Everything but the last piece was transcribed while the audio came in.
        expect(captions.length - transcribedBefore).toBeLessThanOrEqual(1);
        const heard = result.words.map((w) => w.text).join(' ');
        expect(result.transcriptPieces).toBeGreaterThanOrEqual(2);
        expect(wordErrorRate(take.reference, heard).rate).toBeLessThanOrEqual(0.15);
        expect(heard).toMatch(/[A-Z]/);
        expect(heard).toMatch(/[.,?!]/);
        const starts = result.words.map((w) => w.startMs);
        expect([...starts].sort((a, b) => a - b)).toEqual(starts);
        console.info(
          `whisper stream: ${result.chunks} caption and ${result.transcriptPieces} transcript pieces, WER ${wordErrorRate(take.reference, heard).rate.toFixed(3)}, ` +
            `engine ms per piece ${captions.map((c) => c.transcribeMs).join(' ')}`,
        );
      } finally {
        await engine.dispose();
      }
    }, 300_000);
  },
);
