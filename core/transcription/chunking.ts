import { detectSilences } from '../timing/silence';
import { whisperThreads } from '../models/overview';

/**
 * Cutting audio into pieces a recogniser can take one at a time, at pauses where possible:
 * live captions transcribe each piece as soon as it is cut, and Whisper works on windows of at
 * most 30 s. A cut in the middle of a pause costs nothing; a cut in a word loses it, so a hard
 * cut happens only when a piece reaches its longest allowed length with no pause in it.
 */

/** Where and how pieces are cut. All lengths in ms. */
export interface ChunkPolicy {
  /** A piece is never cut shorter than this (except the last one). */
  minChunkMs: number;
  /** A piece is always cut by this length; at the longest pause before it when there is one. */
  maxChunkMs: number;
  /** A pause at least this long, after `minChunkMs`, is a cut point. */
  minCutSilenceMs: number;
  /**
   * The end of a phrase: a pause at least this long after `minPhraseMs` of audio is a cut point
   * even before `minChunkMs`, so the words before it are transcribed while the speaker is quiet
   * (and when they have finished, only silence is left). Unset: only `minChunkMs` cuts.
   */
  phraseEndSilenceMs?: number;
  /** Least audio before a phrase-end pause for it to cut. Default 800 ms. */
  minPhraseMs?: number;
}

/**
 * Live captions: pieces of 3-6 s cut at the first pause of 300 ms after 3 s, and earlier at the
 * end of a phrase (a pause of 600 ms), so a caption follows each phrase and the answer's last
 * words are being transcribed while the candidate reaches for the key that ends it.
 */
export const CAPTION_CHUNK_POLICY: ChunkPolicy = {
  minChunkMs: 3000,
  maxChunkMs: 6000,
  minCutSilenceMs: 300,
  phraseEndSilenceMs: 600,
  minPhraseMs: 800,
};

/**
 * The transcript of a live take: pieces of 8-15 s cut at a pause of 900 ms after at least 4 s
 * of speech, else at the first pause of 500 ms after 8 s. Whisper needs a sentence or two of
 * context: on real read speech (LibriVox, tiny.en) words from the 3-6 s caption pieces were 23%
 * wrong and words from these 2.8%, the same as one pass over the whole file.
 */
export const TRANSCRIPT_CHUNK_POLICY: ChunkPolicy = {
  minChunkMs: 8000,
  maxChunkMs: 15000,
  minCutSilenceMs: 500,
  phraseEndSilenceMs: 900,
  minPhraseMs: 4000,
};

/** Whisper windows: up to 28 s (the model hears 30 s at most), cut at a pause after 20 s. */
export const WHISPER_WINDOW_POLICY: ChunkPolicy = {
  minChunkMs: 20000,
  maxChunkMs: 28000,
  minCutSilenceMs: 300,
};

/** How Whisper decodes one live caption piece: see {@link whisperPieceSettings}. */
export interface WhisperPieceSettings {
  /** Encoder frames to run: 50 per second of audio; 1500 is the model's whole 30 s. */
  audioCtx: number;
  /** Most tokens one decode may produce. */
  maxTokens: number;
  /** CPU threads for the piece. */
  threads: number;
}

/** Encoder frames per second of audio (1500 frames hear 30 s). */
const ENCODER_FRAMES_PER_SECOND = 50;
/** Whisper's encoder always hears this many frames unless told otherwise. */
const FULL_AUDIO_CTX = 1500;
/** Fewest encoder frames a piece gets (8 s): shorter contexts made tiny.en repeat itself. */
const MIN_PIECE_AUDIO_CTX = 400;
/** Frames heard past the piece's end (2 s of the padding Whisper adds), so it sees the quiet. */
const PIECE_AUDIO_CTX_MARGIN = 100;
/** Tokens allowed per second of audio: fast speech makes about 4-5 including punctuation. */
const MAX_TOKENS_PER_SECOND = 8;

/**
 * Settings for one live caption piece of `durationMs`. Whisper's encoder hears 30 s whatever
 * the audio's length, so a 4 s piece would cost as much as 30 s; here the encoder runs over the
 * piece plus 2 s (at least 8 s: shorter contexts made tiny.en repeat the piece), which costs a
 * fifth to a quarter as much. Tokens are capped at 8 per second of audio plus 10, so a decode
 * that loops ends instead of running to the model's 224-token limit and its temperature retries.
 * One thread while the take records: on two cores shared with the recorder and the page,
 * whisper.cpp's second thread spends its time waiting for the first (see docs/benchmarks.md).
 * A piece decoded `afterRecording` has the machine to itself and gets every one of `cores` (at
 * most 4): on 2 quiet cores a 5.3 s piece took 200-245 ms instead of 340-460 ms.
 */
export function whisperPieceSettings(
  durationMs: number,
  { afterRecording = false, cores = 1 }: { afterRecording?: boolean; cores?: number } = {},
): WhisperPieceSettings {
  const frames = Math.ceil((Math.max(0, durationMs) * ENCODER_FRAMES_PER_SECOND) / 1000);
  return {
    audioCtx: Math.min(
      FULL_AUDIO_CTX,
      Math.max(MIN_PIECE_AUDIO_CTX, frames + PIECE_AUDIO_CTX_MARGIN),
    ),
    maxTokens: Math.ceil((Math.max(0, durationMs) * MAX_TOKENS_PER_SECOND) / 1000) + 10,
    threads: afterRecording ? whisperThreads(cores) : 1,
  };
}

function validate(policy: ChunkPolicy): void {
  const { minChunkMs, maxChunkMs, minCutSilenceMs } = policy;
  if (!(minChunkMs > 0) || !(maxChunkMs >= minChunkMs) || !(minCutSilenceMs >= 0)) {
    throw new RangeError(
      `chunk policy needs 0 < minChunkMs <= maxChunkMs and minCutSilenceMs >= 0, got ${JSON.stringify(policy)}`,
    );
  }
}

/**
 * Where to end the first piece of `samples` (mono, `sampleRate` Hz): a sample index, or `null`
 * when the audio is shorter than `minChunkMs`, or has no pause to cut at yet and is shorter than
 * `maxChunkMs`. The cut is the middle of the first pause of at least `minCutSilenceMs` whose
 * middle lies in `minChunkMs..maxChunkMs`; failing that, once `maxChunkMs` is reached, the
 * middle of the longest pause whose middle lies in `minChunkMs / 2..maxChunkMs`; failing that,
 * exactly `maxChunkMs`.
 */
export function findChunkCut(
  samples: Float32Array,
  sampleRate: number,
  policy: ChunkPolicy,
): number | null {
  validate(policy);
  const durationMs = (samples.length * 1000) / sampleRate;
  const phraseEnd = policy.phraseEndSilenceMs;
  const minPhraseMs = policy.minPhraseMs ?? 800;
  if (durationMs < (phraseEnd === undefined ? policy.minChunkMs : minPhraseMs + phraseEnd)) {
    return null;
  }
  const { silences } = detectSilences(samples, sampleRate);
  const toSample = (ms: number) => Math.min(samples.length, Math.round((ms * sampleRate) / 1000));
  if (phraseEnd !== undefined) {
    // Cut half-way into the pause: the rest of it starts the next piece.
    const end = silences.find(
      (s) =>
        s.startMs >= minPhraseMs &&
        s.endMs - s.startMs >= phraseEnd &&
        s.startMs + phraseEnd / 2 <= policy.maxChunkMs,
    );
    if (end) return toSample(end.startMs + phraseEnd / 2);
  }
  if (durationMs < policy.minChunkMs) return null;
  const middle = (s: { startMs: number; endMs: number }) => (s.startMs + s.endMs) / 2;
  const preferred = silences.find(
    (s) =>
      s.startMs > 0 &&
      s.endMs - s.startMs >= policy.minCutSilenceMs &&
      middle(s) >= policy.minChunkMs &&
      middle(s) <= policy.maxChunkMs,
  );
  if (preferred) return toSample(middle(preferred));
  if (durationMs < policy.maxChunkMs) return null;
  let best: { startMs: number; endMs: number } | null = null;
  for (const s of silences) {
    if (s.startMs <= 0 || middle(s) < policy.minChunkMs / 2 || middle(s) > policy.maxChunkMs)
      continue;
    if (!best || s.endMs - s.startMs > best.endMs - best.startMs) best = s;
  }
  return toSample(best ? middle(best) : policy.maxChunkMs);
}

/** One piece of audio cut by {@link AudioChunker}. */
export interface AudioChunk {
  /** Index of the piece's first sample in the whole stream. */
  startSample: number;
  samples: Float32Array;
  /** Start and end on the stream's timeline, integer ms. */
  startMs: number;
  endMs: number;
}

/** Cuts a whole clip into pieces with {@link findChunkCut}; the last piece takes the rest. */
export function splitIntoChunks(
  samples: Float32Array,
  sampleRate: number,
  policy: ChunkPolicy,
): AudioChunk[] {
  const chunker = new AudioChunker(sampleRate, policy);
  const chunks = chunker.push(samples);
  const last = chunker.flush();
  if (last) chunks.push(last);
  return chunks;
}

/**
 * Cuts a stream of samples into pieces as it arrives. `push` returns every piece completed by
 * the new samples (often none); `flush` returns what is left (or `null` when nothing is).
 * Pieces are contiguous and cover the stream exactly once.
 */
export class AudioChunker {
  private buffer = new Float32Array(0);
  private bufferStart = 0;

  constructor(
    readonly sampleRate: number,
    readonly policy: ChunkPolicy = CAPTION_CHUNK_POLICY,
  ) {
    validate(policy);
    if (!(sampleRate > 0)) throw new RangeError(`sample rate must be positive, got ${sampleRate}`);
  }

  /** Samples received so far, cut or not. */
  get receivedSamples(): number {
    return this.bufferStart + this.buffer.length;
  }

  /** Adds samples; returns the pieces they complete. */
  push(samples: Float32Array): AudioChunk[] {
    if (samples.length > 0) {
      const joined = new Float32Array(this.buffer.length + samples.length);
      joined.set(this.buffer, 0);
      joined.set(samples, this.buffer.length);
      this.buffer = joined;
    }
    const out: AudioChunk[] = [];
    for (;;) {
      const cut = findChunkCut(this.buffer, this.sampleRate, this.policy);
      if (cut === null || cut <= 0) break;
      out.push(this.take(cut));
    }
    return out;
  }

  /** Ends the stream: returns the remaining samples as the last piece, or `null`. */
  flush(): AudioChunk | null {
    if (this.buffer.length === 0) return null;
    return this.take(this.buffer.length);
  }

  private take(length: number): AudioChunk {
    const samples = this.buffer.slice(0, length);
    const startSample = this.bufferStart;
    this.buffer = this.buffer.slice(length);
    this.bufferStart += length;
    const toMs = (n: number) => Math.round((n * 1000) / this.sampleRate);
    return { startSample, samples, startMs: toMs(startSample), endMs: toMs(startSample + length) };
  }
}
