/**
 * Every bound the app puts on what a page, a file or another local process may send it, in one
 * place. Hosts, the recorder, the WAV reader, the scenario library and the speech engine read
 * their limits from here, and docs/security.md lists them. A refusal is a {@link LimitError}
 * whose message names the limit and says what to do.
 */

/** The bounds, by name. Sizes in bytes, times in integer ms, rates in Hz. */
export const LIMITS = {
  /** Largest WebSocket message the browser host accepts: a few seconds of audio with room. */
  maxMessageBytes: 8 * 1024 * 1024,
  /** Lowest sample rate a WAV file or a resampler may use (telephone audio). */
  minSampleRateHz: 8_000,
  /** Highest sample rate a WAV file or a resampler may use (studio audio). */
  maxSampleRateHz: 192_000,
  /** Longest take the host records: 1 hour; audio past it is refused and the take kept. */
  maxTakeMs: 60 * 60 * 1000,
  /**
   * Largest recording `analyze` and `score` read: an hour of 48 kHz 16-bit mono is 345 MB, and
   * the file is decoded in memory.
   */
  maxRecordingFileBytes: 512 * 1024 * 1024,
  /** Largest transcript file `score --text` reads. */
  maxTranscriptFileBytes: 16 * 1024 * 1024,
  /** Longest prompt the interviewer may say inside a take (its `durationMs`): 10 minutes. */
  maxPromptMs: 10 * 60 * 1000,
  /**
   * How far past the audio received so far a prompt may be marked: the page's clock runs a
   * little ahead of the audio chunks still on their way.
   */
  promptLeadMs: 30_000,
  /** Prompts rendered to speech at the same time (each runs an engine process). */
  maxConcurrentRenders: 4,
  /** Prompts waiting for a free speech engine; one more is refused. */
  maxQueuedRenders: 64,
  /** Takes recording at the same time in one host. */
  maxLiveTakes: 2,
  /** HTTP connections open at the same time to the browser host (pages, assets, media). */
  maxHttpConnections: 128,
  /** WebSocket connections open at the same time to the browser host. */
  maxBridgeConnections: 16,
  /** Largest session.json read: an hour's transcript with its analysis is a few MB. */
  maxSessionFileBytes: 32 * 1024 * 1024,
  /** Largest scenario file read. */
  maxScenarioFileBytes: 256 * 1024,
  /** Most problems reported for one scenario file; the rest are counted. */
  maxScenarioProblems: 50,
} as const;

/** The name of one bound in {@link LIMITS}. */
export type LimitName = keyof typeof LIMITS;

/** A refusal because a value is past one of {@link LIMITS}; `limit` names which. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
  constructor(
    readonly limit: LimitName,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Why a sample rate (Hz) cannot be used, or null when it is inside
 * {@link LIMITS.minSampleRateHz}..{@link LIMITS.maxSampleRateHz} and a whole number.
 */
export function sampleRateProblem(rateHz: number): string | null {
  if (
    Number.isInteger(rateHz) &&
    rateHz >= LIMITS.minSampleRateHz &&
    rateHz <= LIMITS.maxSampleRateHz
  ) {
    return null;
  }
  return `a sample rate of ${rateHz} Hz is outside the accepted ${LIMITS.minSampleRateHz}-${LIMITS.maxSampleRateHz} Hz (sample rate limit); convert the audio to 16 kHz or 48 kHz`;
}

/**
 * Refuses a take time past {@link LIMITS.maxTakeMs}: `durationMs` is how long the take is so
 * far, integer ms. Throws a {@link LimitError} saying to finish the take.
 */
export function checkTakeLength(durationMs: number): void {
  if (durationMs > LIMITS.maxTakeMs) {
    throw new LimitError(
      'maxTakeMs',
      `the take reached the longest take allowed (${LIMITS.maxTakeMs / 60_000} minutes); finish it and start a new one`,
    );
  }
}

/**
 * Refuses a prompt marked outside its take: `atMs` must lie between 0 and the audio received
 * so far plus {@link LIMITS.promptLeadMs}, and `durationMs` must be at most
 * {@link LIMITS.maxPromptMs}. `receivedMs` is the take's length so far, integer ms.
 */
export function checkPromptTime(atMs: number, durationMs: number, receivedMs: number): void {
  const latestMs = receivedMs + LIMITS.promptLeadMs;
  if (!Number.isInteger(atMs) || atMs < 0 || atMs > latestMs) {
    throw new LimitError(
      'promptLeadMs',
      `a prompt at ${atMs} ms is outside the take (it has ${receivedMs} ms of audio; prompts may be marked up to ${LIMITS.promptLeadMs} ms past it); mark prompts on the take's own clock`,
    );
  }
  if (!Number.isInteger(durationMs) || durationMs < 0 || durationMs > LIMITS.maxPromptMs) {
    throw new LimitError(
      'maxPromptMs',
      `a prompt of ${durationMs} ms is longer than the longest prompt allowed (${LIMITS.maxPromptMs / 60_000} minutes); split it into shorter prompts`,
    );
  }
}
