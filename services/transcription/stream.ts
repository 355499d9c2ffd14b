import { detectSilences } from '../../core/timing/silence';
import type { Word } from '../../core/transcript';
import type { AudioChunk, ChunkPolicy } from '../../core/transcription/chunking';
import {
  AudioChunker,
  CAPTION_CHUNK_POLICY,
  TRANSCRIPT_CHUNK_POLICY,
} from '../../core/transcription/chunking';
import type { Transcriber, TranscriptionResult } from '../../core/transcription/types';
import {
  TRANSCRIPTION_SAMPLE_RATE,
  TranscriptionError,
  cancelledError,
} from '../../core/transcription/types';
import { segmentsFromWords } from '../../core/transcription/words';

/** Words of one transcribed caption piece, already on the take's timeline. */
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

/** One engine run of the stream: a caption piece or a transcript piece. */
export interface PieceEvent {
  kind: 'caption' | 'transcript';
  /** Where the piece lies on the take's timeline, integer ms. */
  startMs: number;
  endMs: number;
  /** Time the engine spent on it, ms (0 for a quiet piece that was not sent). */
  transcribeMs: number;
  /** Words it held. */
  words: number;
}

/** Options of {@link StreamingTranscriber}. */
export interface StreamingTranscriberOptions {
  /** The engine every piece goes to. */
  transcriber: Transcriber;
  /** Where caption pieces are cut; default {@link CAPTION_CHUNK_POLICY} (3-6 s, phrase ends). */
  policy?: ChunkPolicy;
  /**
   * Where transcript pieces are cut, or `null` to build the transcript from the caption pieces.
   * Default {@link TRANSCRIPT_CHUNK_POLICY} (8-15 s) for whisper, `null` for other engines.
   */
  transcriptPolicy?: ChunkPolicy | null;
  /** Where the stream's first sample lies on the take's timeline, ms. Default 0. */
  offsetMs?: number;
  /** Called once per caption piece, in order, as soon as it is transcribed. */
  onCaption?: (event: CaptionEvent) => void;
  /** Called after every engine run, caption or transcript (measurements). */
  onPiece?: (event: PieceEvent) => void;
  /** Clock for `transcribeMs`; default `performance.now`. */
  now?: () => number;
}

/** What {@link StreamingTranscriber.finish} resolves with. */
export interface StreamingResult extends TranscriptionResult {
  /** Caption pieces the stream was cut into. */
  chunks: number;
  /** Transcript pieces whose words the result holds (the rest come from caption pieces). */
  transcriptPieces: number;
}

/** A piece whose loudest 10 ms stays below this level (dBFS) and holds no speech is not sent. */
const QUIET_PIECE_DB = -35;

/**
 * After the last sample, audio the transcript pieces have not reached is transcribed as one
 * piece when it is at most this long: Whisper's encoder runs over at least 8 s for any live
 * piece (`whisperPieceSettings`), so up to 8 s costs what the last caption piece would.
 */
const TAIL_AS_ONE_PIECE_MS = 8000;

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

interface Job {
  kind: PieceEvent['kind'];
  chunk: AudioChunk;
  /** Caption pieces: 0, 1, 2, ... in order. */
  index: number;
}

/**
 * Live captions and the take's transcript while the candidate speaks. Takes 16 kHz mono
 * samples as they are recorded and cuts them twice: into caption pieces at phrase ends (3-6 s),
 * whose words are emitted as soon as each is transcribed, and, for Whisper, into transcript
 * pieces of 8-15 s, which give Whisper the context it needs to get the words right. One engine
 * (one worker with the model loaded) takes them one at a time, caption pieces first. When the
 * candidate stops, `finish()` transcribes what the transcript pieces have not reached as one
 * piece when it is at most 8 s, else only the last caption piece (dropping transcript pieces
 * not yet started), and resolves with the transcript pieces' words followed by the caption
 * words after them: only the last phrase is left to transcribe, not the take. A piece that
 * fails makes `finish()` reject with that error, so the caller can transcribe the whole
 * recording instead; `cancel()` stops the engine and drops what is queued.
 */
export class StreamingTranscriber {
  private readonly captionChunker: AudioChunker;
  private readonly transcriptChunker: AudioChunker | null;
  private readonly controller = new AbortController();
  private readonly captionWords: Word[] = [];
  private readonly transcriptWords: Word[] = [];
  /** End of the audio the transcript pieces cover, ms of the stream. */
  private coveredMs = 0;
  private transcriptCount = 0;
  private readonly captionQueue: Job[] = [];
  private readonly transcriptQueue: Job[] = [];
  private running = false;
  private idleWaiters: (() => void)[] = [];
  private failure: TranscriptionError | null = null;
  private chunkCount = 0;
  private finished = false;

  constructor(private readonly options: StreamingTranscriberOptions) {
    this.captionChunker = new AudioChunker(
      TRANSCRIPTION_SAMPLE_RATE,
      options.policy ?? CAPTION_CHUNK_POLICY,
    );
    const transcriptPolicy =
      options.transcriptPolicy === undefined
        ? options.transcriber.engine === 'whisper'
          ? TRANSCRIPT_CHUNK_POLICY
          : null
        : options.transcriptPolicy;
    this.transcriptChunker = transcriptPolicy
      ? new AudioChunker(TRANSCRIPTION_SAMPLE_RATE, transcriptPolicy)
      : null;
    // The model loads while the candidate starts talking, not when the first piece is cut.
    options.transcriber.prepare?.().catch(() => {});
  }

  /** Pieces cut but not yet transcribed, caption and transcript. */
  get pendingChunks(): number {
    return this.captionQueue.length + this.transcriptQueue.length + (this.running ? 1 : 0);
  }

  /** Adds recorded samples (16 kHz mono); pieces they complete start transcribing. */
  push(samples: Float32Array): void {
    if (this.finished)
      throw new Error('push() after finish(): start a new StreamingTranscriber for a new take');
    for (const chunk of this.captionChunker.push(samples)) {
      this.captionQueue.push({ kind: 'caption', chunk, index: this.chunkCount++ });
    }
    for (const chunk of this.transcriptChunker?.push(samples) ?? []) {
      this.transcriptQueue.push({ kind: 'transcript', chunk, index: 0 });
    }
    this.pump();
  }

  /** Resolves when every piece cut so far has been transcribed (or has failed). */
  whenIdle(): Promise<void> {
    if (!this.running && this.pendingChunks === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Ends the stream: transcribes the last caption piece and resolves with all words, in order. */
  async finish(): Promise<StreamingResult> {
    this.finished = true;
    const tail = this.transcriptQueue.length === 0 ? this.transcriptChunker?.flush() : null;
    if (tail && tail.endMs - tail.startMs <= TAIL_AS_ONE_PIECE_MS) {
      // What the transcript pieces have not reached is short: one piece costs no more than the
      // last caption piece would, and Whisper hears the whole last phrase at once.
      this.captionQueue.length = 0;
      this.captionChunker.flush();
      this.transcriptQueue.push({ kind: 'transcript', chunk: tail, index: 0 });
    } else {
      // The caption pieces cover what the transcript pieces have not reached.
      this.transcriptQueue.length = 0;
      const last = this.captionChunker.flush();
      if (last) this.captionQueue.push({ kind: 'caption', chunk: last, index: this.chunkCount++ });
    }
    this.pump();
    await this.whenIdle();
    if (this.failure) throw this.failure;
    const offsetMs = this.options.offsetMs ?? 0;
    const words = [
      ...this.transcriptWords,
      ...this.captionWords.filter((w) => w.startMs >= offsetMs + this.coveredMs),
    ];
    const durationMs = Math.round(
      (this.captionChunker.receivedSamples * 1000) / TRANSCRIPTION_SAMPLE_RATE,
    );
    const result: StreamingResult = {
      engine: this.options.transcriber.engine,
      words,
      segments: segmentsFromWords(words),
      durationMs,
      chunks: this.chunkCount,
      transcriptPieces: this.transcriptCount,
    };
    if (this.options.transcriber.model) result.model = this.options.transcriber.model;
    return result;
  }

  /** Stops the engine and drops queued pieces; `finish()` then rejects with `cancelled`. */
  cancel(): void {
    this.finished = true;
    if (!this.failure) this.failure = cancelledError(this.options.transcriber.engine);
    this.captionQueue.length = 0;
    this.transcriptQueue.length = 0;
    this.controller.abort();
  }

  /** Starts the next piece, caption pieces first, when the engine is free. */
  private pump(): void {
    if (this.running) return;
    const job = this.captionQueue.shift() ?? this.transcriptQueue.shift();
    if (!job) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.running = true;
    void this.run(job).finally(() => {
      this.running = false;
      this.pump();
    });
  }

  private async run({ kind, chunk, index }: Job): Promise<void> {
    if (this.failure) return;
    const now = this.options.now ?? (() => performance.now());
    const offsetMs = this.options.offsetMs ?? 0;
    try {
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
              offsetMs: offsetMs + chunk.startMs,
              livePiece: true,
              // After finish() nothing else of the take runs: the last pieces get every core.
              ...(this.finished ? { afterRecording: true } : {}),
            },
          );
      if (this.failure) return;
      const transcribeMs = Math.round(now() - started);
      const span = { startMs: offsetMs + chunk.startMs, endMs: offsetMs + chunk.endMs };
      if (kind === 'transcript') {
        this.transcriptWords.push(...result.words);
        this.coveredMs = chunk.endMs;
        this.transcriptCount++;
      } else {
        this.captionWords.push(...result.words);
        this.options.onCaption?.({
          chunkIndex: index,
          ...span,
          words: result.words,
          text: result.words.map((w) => w.text).join(' '),
          transcribeMs,
        });
      }
      this.options.onPiece?.({ kind, ...span, transcribeMs, words: result.words.length });
    } catch (error) {
      if (!this.failure) {
        this.failure =
          error instanceof TranscriptionError
            ? error
            : new TranscriptionError('crashed', String(error));
      }
    }
  }
}
