import { detectSilences } from '../../core/timing/silence';
import type { Word } from '../../core/transcript';
import type { AudioChunk, ChunkPolicy } from '../../core/transcription/chunking';
import { AudioChunker, CAPTION_CHUNK_POLICY } from '../../core/transcription/chunking';
import type { Transcriber, TranscriptionResult } from '../../core/transcription/types';
import {
  TRANSCRIPTION_SAMPLE_RATE,
  TranscriptionError,
  cancelledError,
} from '../../core/transcription/types';
import { segmentsFromWords } from '../../core/transcription/words';

/** Words of one transcribed piece, already on the take's timeline. */
export interface CaptionEvent {
  /** 0 for the first piece of the take, then 1, 2, ... */
  chunkIndex: number;
  /** Where the piece lies on the take's timeline, integer ms. */
  startMs: number;
  endMs: number;
  words: Word[];
  /** The piece's words joined by spaces. */
  text: string;
  /** Time the engine spent on this piece, ms. */
  transcribeMs: number;
}

/** Options of {@link StreamingTranscriber}. */
export interface StreamingTranscriberOptions {
  /** The engine every piece goes to. */
  transcriber: Transcriber;
  /** Where pieces are cut; default 5-8 s at pauses ({@link CAPTION_CHUNK_POLICY}). */
  policy?: ChunkPolicy;
  /** Where the stream's first sample lies on the take's timeline, ms. Default 0. */
  offsetMs?: number;
  /** Called once per piece, in order, as soon as it is transcribed. */
  onCaption?: (event: CaptionEvent) => void;
  /** Clock for `transcribeMs`; default `performance.now`. */
  now?: () => number;
}

/** What {@link StreamingTranscriber.finish} resolves with. */
export interface StreamingResult extends TranscriptionResult {
  /** Pieces the stream was cut into. */
  chunks: number;
}

/** A piece whose loudest 10 ms stays below this level (dBFS) and holds no speech is not sent. */
const QUIET_PIECE_DB = -35;

/** Level of the loudest 10 ms frame, dBFS (-120 for digital silence). */
function loudestFrameDb(samples: Float32Array): number {
  const frame = TRANSCRIPTION_SAMPLE_RATE / 100;
  let loudest = 0;
  for (let start = 0; start < samples.length; start += frame) {
    let sum = 0;
    const end = Math.min(samples.length, start + frame);
    for (let i = start; i < end; i++) sum += samples[i]! * samples[i]!;
    loudest = Math.max(loudest, sum / Math.max(1, end - start));
  }
  return loudest > 0 ? Math.max(-120, 10 * Math.log10(loudest)) : -120;
}

/**
 * Live captions: takes 16 kHz mono samples as they are recorded, cuts them at pauses (or every
 * 5-8 s) and transcribes each piece in the background, one at a time, emitting its words offset
 * to the take's timeline. When the candidate stops, `finish()` transcribes only the last piece
 * (everything before it is done or under way) and resolves with all the words. A piece that
 * fails makes `finish()` reject with that error, so the caller can fall back to transcribing
 * the whole recording; `cancel()` stops the engine and drops what is queued.
 */
export class StreamingTranscriber {
  private readonly chunker: AudioChunker;
  private readonly controller = new AbortController();
  private readonly words: Word[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: TranscriptionError | null = null;
  private chunkCount = 0;
  private finished = false;
  private pending = 0;

  constructor(private readonly options: StreamingTranscriberOptions) {
    this.chunker = new AudioChunker(
      TRANSCRIPTION_SAMPLE_RATE,
      options.policy ?? CAPTION_CHUNK_POLICY,
    );
  }

  /** Pieces cut but not yet transcribed. */
  get pendingChunks(): number {
    return this.pending;
  }

  /** Adds recorded samples (16 kHz mono); pieces they complete start transcribing. */
  push(samples: Float32Array): void {
    if (this.finished)
      throw new Error('push() after finish(): start a new StreamingTranscriber for a new take');
    for (const chunk of this.chunker.push(samples)) this.enqueue(chunk);
  }

  /** Resolves when every piece cut so far has been transcribed (or has failed). */
  whenIdle(): Promise<void> {
    return this.tail;
  }

  /** Ends the stream: transcribes the remaining audio and resolves with all words, in order. */
  async finish(): Promise<StreamingResult> {
    this.finished = true;
    const last = this.chunker.flush();
    if (last) this.enqueue(last);
    await this.tail;
    if (this.failure) throw this.failure;
    const words = [...this.words];
    const durationMs = Math.round(
      (this.chunker.receivedSamples * 1000) / TRANSCRIPTION_SAMPLE_RATE,
    );
    const result: StreamingResult = {
      engine: this.options.transcriber.engine,
      words,
      segments: segmentsFromWords(words),
      durationMs,
      chunks: this.chunkCount,
    };
    if (this.options.transcriber.model) result.model = this.options.transcriber.model;
    return result;
  }

  /** Stops the engine and drops queued pieces; `finish()` then rejects with `cancelled`. */
  cancel(): void {
    this.finished = true;
    if (!this.failure) this.failure = cancelledError(this.options.transcriber.engine);
    this.controller.abort();
  }

  private enqueue(chunk: AudioChunk): void {
    const chunkIndex = this.chunkCount++;
    this.pending++;
    const now = this.options.now ?? (() => performance.now());
    this.tail = this.tail.then(async () => {
      try {
        if (this.failure) return;
        const started = now();
        // A quiet piece with no speech in it (the pause after the answer) costs no engine run.
        const silent =
          loudestFrameDb(chunk.samples) < QUIET_PIECE_DB &&
          detectSilences(chunk.samples, TRANSCRIPTION_SAMPLE_RATE).speech.length === 0;
        const result = silent
          ? { words: [] }
          : await this.options.transcriber.transcribe(
              { samples: chunk.samples },
              {
                signal: this.controller.signal,
                offsetMs: (this.options.offsetMs ?? 0) + chunk.startMs,
                livePiece: true,
              },
            );
        if (this.failure) return;
        this.words.push(...result.words);
        this.options.onCaption?.({
          chunkIndex,
          startMs: (this.options.offsetMs ?? 0) + chunk.startMs,
          endMs: (this.options.offsetMs ?? 0) + chunk.endMs,
          words: result.words,
          text: result.words.map((w) => w.text).join(' '),
          transcribeMs: Math.round(now() - started),
        });
      } catch (error) {
        if (!this.failure) {
          this.failure =
            error instanceof TranscriptionError
              ? error
              : new TranscriptionError('crashed', String(error));
        }
      } finally {
        this.pending--;
      }
    });
  }
}
