import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Cue } from '../../core/bridge/contract';
import { checkPromptTime, checkTakeLength } from '../../core/limits';
import { BUILT_IN_FOLLOW_UPS } from '../../core/rubric/followUp';
import type { FollowUp } from '../../core/rubric/types';
import type { CueKind, VoiceSpan } from '../../core/scenarios/timeline';
import { fixedCueStarts, placeCue, warningMarks } from '../../core/scenarios/timeline';
import type { Scenario } from '../../core/scenarios/schema';
import type { SessionRecord, TakeEnd } from '../../core/sessions/record';
import type { Transcriber } from '../../core/transcription/types';
import type { Word } from '../../core/transcript';
import { transcriptFromWords } from '../../core/transcript';
import { SilenceFrames, detectSilencesInFrames } from '../../core/timing/silence';
import { openTake } from '../recording/recorder';
import type { Take } from '../recording/recorder';
import { StreamingTranscriber } from '../transcription/stream';
import type { SpokenPrompt } from './complete';
import { completeTake, scoreAnswer, transcriptionFailedWarning } from './complete';
import type { TakePlan } from './takeFolder';
import { takeFolder, writeTakePlan } from './takeFolder';

/** The sample rate of every take. */
const RATE = 16_000;
/** Longest wait for captions still being transcribed before a follow-up is picked, ms. */
const FOLLOW_UP_WAIT_MS = 1000;

/** A prompt rendered to a WAV, with the address the page fetches it from. */
export interface RenderedCue {
  wavPath: string;
  url: string;
  durationMs: number;
}

/** Renders one thing the interviewer says in the scenario's voice (cached by the caller). */
export type RenderCue = (text: string) => Promise<RenderedCue>;

/** Settings of a {@link LiveTake}. */
export interface LiveTakeOptions {
  root: string;
  id: string;
  scenario: Scenario;
  transcriber: Transcriber;
  /** Renders prompts; the opening must already be rendered (see {@link LiveTake.open}). */
  render: RenderCue;
  /** Tells the renderer what to play and when. */
  emitCue: (cue: Cue) => void;
  onCaption: (words: Word[]) => void;
  /**
   * Called once a take is saved from its live transcription, with the engine time all its
   * pieces took and the length of the recording (ms): how fast the model runs here.
   */
  onEngineTime?: (engineMs: number, audioMs: number) => Promise<void>;
  now?: () => Date;
}

/** A problem with one call on a take, for the person recording; the take itself is kept. */
export class TakeError extends Error {
  override name = 'TakeError';
}

/** The texts of every follow-up the take may ask: the scenario's, then the panel's own. */
function followUpTexts(scenario: Scenario): string[] {
  const builtIn = Object.entries(BUILT_IN_FOLLOW_UPS)
    .filter(([id]) => (scenario.rubric.weights as Record<string, number | undefined>)[id])
    .map(([, text]) => text);
  return [...scenario.followUps.map((f) => f.ask), ...builtIn];
}

interface Scheduled {
  cue: Cue;
  wavPath: string;
  followUpId?: string;
  /** Set once the renderer said when it really started. */
  startedAtMs?: number;
}

/**
 * One take, owned by the host from the opening prompt to the saved report. The host renders
 * every prompt of the scenario before it is due, decides what the interviewer says when on the
 * take's own clock (the samples received: sample `n` is at `n / 16` ms), tells the renderer what
 * to play with `emitCue`, and records where each prompt really started. Audio chunks go to disk
 * at once (the recorder fsyncs at least every second) and into the live transcriber.
 */
export class LiveTake {
  private readonly take: Take;
  private readonly stream: StreamingTranscriber;
  private readonly plan: TakePlan;
  private readonly folder: string;
  private readonly heard: Word[] = [];
  /** Silence detection, run as the audio arrives; its result is what the report uses. */
  private readonly silences = new SilenceFrames(RATE);
  private readonly scheduled = new Map<string, Scheduled>();
  private readonly rendered = new Map<string, Promise<RenderedCue>>();
  private nextSeq = 0;
  private stopped: string | null = null;
  private ending: Promise<SessionRecord> | null = null;
  private fixedSent = false;
  /** Engine time of the live pieces so far, ms. */
  private engineMs = 0;
  /** Wall-clock ms of the last audio chunk (at first, the end of the opening), for the idle check. */
  lastAudioAt: number;
  /** Whether any audio has arrived: until it has, the page may still be opening the microphone. */
  heardAudio = false;

  /** The recogniser the take's captions and transcript come from. */
  get transcriber(): Transcriber {
    return this.options.transcriber;
  }

  private constructor(
    private readonly options: LiveTakeOptions,
    private readonly opening: RenderedCue,
  ) {
    this.folder = takeFolder(options.root, options.id);
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    this.take = openTake(this.folder, { sampleRate: RATE });
    // No audio comes while the opening plays: the idle clock starts at its end.
    this.lastAudioAt = Date.now() + opening.durationMs;
    const openingPrompt: SpokenPrompt = {
      kind: 'opening',
      text: options.scenario.prompt,
      atMs: -opening.durationMs,
      durationMs: opening.durationMs,
      wavPath: opening.wavPath,
    };
    this.plan = {
      id: options.id,
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
      scenarioId: options.scenario.id,
      status: 'recording',
      prompts: [openingPrompt],
      askedFollowUpIds: [],
    };
    this.savePlan();
    this.rendered.set(options.scenario.prompt, Promise.resolve(opening));
    this.stream = new StreamingTranscriber({
      transcriber: options.transcriber,
      onCaption: (event) => {
        this.heard.push(...event.words);
        options.onCaption(event.words);
      },
      onPiece: (event) => {
        this.engineMs += event.transcribeMs;
      },
    });
    // Everything else the interviewer may say is rendered now, in the order it can fall due.
    const { scenario } = options;
    for (const text of [
      ...warningMarks(scenario)
        .map((m) => m.say)
        .filter(Boolean),
      scenario.slotEnd.say,
      ...followUpTexts(scenario),
    ]) {
      this.renderOnce(text).catch(() => {});
    }
  }

  /**
   * Renders the scenario's opening prompt, then opens the take on disk. The renderer plays the
   * opening (see {@link LiveTake.openingCue}) and recording starts exactly at its end.
   */
  static async open(options: LiveTakeOptions): Promise<LiveTake> {
    const opening = await options.render(options.scenario.prompt);
    return new LiveTake(options, opening);
  }

  get id(): string {
    return this.options.id;
  }

  /** The opening prompt as a cue: it ends where the take's timeline starts. */
  get openingCue(): Cue {
    return {
      id: 'opening',
      kind: 'opening',
      text: this.options.scenario.prompt,
      url: this.opening.url,
      atMs: -this.opening.durationMs,
      durationMs: this.opening.durationMs,
    };
  }

  /** Why recording stopped on its own (a disk error), or null while it is fine. */
  get stoppedReason(): string | null {
    return this.stopped;
  }

  private renderOnce(text: string): Promise<RenderedCue> {
    let job = this.rendered.get(text);
    if (!job) {
      job = this.options.render(text);
      this.rendered.set(text, job);
      job.catch(() => this.rendered.delete(text));
    }
    return job;
  }

  private savePlan(): void {
    writeTakePlan(this.folder, this.plan).catch(() => {});
  }

  private schedule(
    id: string,
    kind: CueKind,
    text: string,
    rendered: RenderedCue,
    atMs: number,
    followUpId?: string,
  ): void {
    const cue: Cue = { id, kind, text, url: rendered.url, atMs, durationMs: rendered.durationMs };
    this.scheduled.set(id, {
      cue,
      wavPath: rendered.wavPath,
      ...(followUpId ? { followUpId } : {}),
    });
    this.options.emitCue(cue);
  }

  /** Sends the spoken warnings and the cut-in, placed on the slot; once, when audio first flows. */
  private async sendFixedCues(): Promise<void> {
    const { scenario } = this.options;
    const spoken = warningMarks(scenario).filter((m) => m.say);
    // A prompt that cannot be rendered is left out; the countdown still shows its warning.
    const [cutIn, ...warnings] = await Promise.all(
      [scenario.slotEnd.say, ...spoken.map((m) => m.say)].map((text) =>
        this.renderOnce(text).catch(() => null),
      ),
    );
    if (this.ending) return;
    const starts = fixedCueStarts(
      spoken,
      warnings.map((w) => w?.durationMs ?? 0),
      scenario.slotSeconds * 1000,
    );
    spoken.forEach((mark, i) => {
      const rendered = warnings[i];
      if (rendered) this.schedule(`warning-${i}`, 'warning', mark.say, rendered, starts[i]!);
    });
    if (cutIn) {
      this.schedule('slotEnd', 'slotEnd', scenario.slotEnd.say, cutIn, starts[starts.length - 1]!);
    }
  }

  /**
   * Appends one chunk of signed 16-bit little-endian samples. Chunks must arrive in `seq` order;
   * a repeated seq is ignored (a retried call), a gap is refused. Returns the audio length so far.
   */
  append(seq: number, pcm: Uint8Array): number {
    if (this.stopped) throw new TakeError(this.stopped);
    if (this.ending) throw new TakeError('the take has ended; start a new one');
    if (seq < this.nextSeq) return this.receivedMs();
    if (seq > this.nextSeq) {
      throw new TakeError(
        `audio chunk ${this.nextSeq} never arrived (got ${seq}); the take keeps what it has`,
      );
    }
    // The one conversion: the bytes go to disk as they came, the floats to the live analysis.
    const floats = new Float32Array(pcm.byteLength / 2);
    const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    for (let i = 0; i < floats.length; i++) floats[i] = view.getInt16(i * 2, true) / 32768;
    checkTakeLength(Math.round(((this.take.samplesWritten + floats.length) * 1000) / RATE));
    try {
      this.take.append(pcm);
    } catch (error) {
      this.stopped = (error as Error).message;
      throw new TakeError(this.stopped);
    }
    this.nextSeq++;
    this.lastAudioAt = Date.now();
    this.heardAudio = true;
    if (!this.fixedSent) {
      this.fixedSent = true;
      this.sendFixedCues().catch(() => {});
    }
    this.stream.push(floats);
    this.silences.push(floats);
    return this.receivedMs();
  }

  /** Audio written so far, ms of the take's timeline. */
  receivedMs(): number {
    return Math.round((this.take.samplesWritten * 1000) / RATE);
  }

  /** The spans the interviewer's voice holds or will hold, as scheduled or as really started. */
  private voiceSpans(): VoiceSpan[] {
    return [...this.scheduled.values()].map((s) => ({
      atMs: s.startedAtMs ?? s.cue.atMs,
      durationMs: s.cue.durationMs,
    }));
  }

  /**
   * Records where a cue really started on the take's timeline, as the renderer measured it from
   * the samples it captured. A cut-in stops whatever the interviewer was still saying.
   */
  promptStarted(cueId: string, atMs: number): void {
    const entry = this.scheduled.get(cueId);
    if (!entry) throw new TakeError(`the interviewer was never asked to say "${cueId}"`);
    if (entry.startedAtMs !== undefined) return;
    checkPromptTime(atMs, entry.cue.durationMs, this.receivedMs());
    const startedAtMs = atMs;
    entry.startedAtMs = startedAtMs;
    if (entry.cue.kind === 'slotEnd') {
      for (const p of this.plan.prompts) {
        if (p.kind !== 'opening' && p.atMs < startedAtMs && p.atMs + p.durationMs > startedAtMs) {
          p.durationMs = startedAtMs - p.atMs;
        }
      }
    }
    this.plan.prompts.push({
      kind: entry.cue.kind,
      text: entry.cue.text,
      atMs: startedAtMs,
      durationMs: entry.cue.durationMs,
      wavPath: entry.wavPath,
      ...(entry.followUpId ? { followUpId: entry.followUpId } : {}),
    });
    this.savePlan();
  }

  /**
   * The candidate ended a part of the answer: picks the follow-up the rubric would ask from the
   * words heard so far (waiting up to {@link FOLLOW_UP_WAIT_MS} for a piece still being
   * transcribed) and schedules it at the first moment the interviewer's voice is free and
   * the question ends before the cut-in. Returns null (and says nothing) when none fits.
   */
  async endTurn(): Promise<FollowUp | null> {
    if (this.ending || this.stopped) return null;
    // The piece being transcribed may hold what the answer lacked; it gets a moment to land.
    await Promise.race([
      this.stream.whenIdle(),
      new Promise((resolve) => setTimeout(resolve, FOLLOW_UP_WAIT_MS).unref?.()),
    ]);
    if (this.ending || this.stopped) return null;
    const followUp = scoreAnswer(
      transcriptFromWords([...this.heard]),
      this.options.scenario,
      this.plan.askedFollowUpIds,
    ).followUp;
    if (!followUp) return null;
    const rendered = await this.renderOnce(followUp.prompt);
    const atMs = placeCue(
      this.voiceSpans(),
      this.receivedMs(),
      rendered.durationMs,
      this.options.scenario.slotSeconds * 1000,
    );
    if (atMs === null || this.ending) return null;
    this.plan.askedFollowUpIds.push(followUp.id);
    this.schedule(
      `followUp-${followUp.id}`,
      'followUp',
      followUp.prompt,
      rendered,
      atMs,
      followUp.id,
    );
    this.savePlan();
    return followUp;
  }

  /**
   * Ends the take: closes the audio, waits for the last caption piece (or, if live
   * transcription failed, transcribes the whole take), then analyses, scores and saves. The
   * take's state goes recording, transcribing, then scored or, when saving fails (a full disk
   * writing the replay), scoring failed: the audio stays and the library can score it again.
   */
  finish(end: TakeEnd): Promise<SessionRecord> {
    this.ending ??= (async () => {
      if (this.stopped) this.take.abort(this.stopped);
      else this.take.close();
      this.plan.status = 'transcribing';
      this.plan.end = end;
      await writeTakePlan(this.folder, this.plan).catch(() => {});
      const warnings: string[] = [];
      if (this.stopped) warnings.push(`recording stopped early: ${this.stopped}`);
      let words: Word[] = [];
      let live = false;
      try {
        words = (await this.stream.finish()).words;
        live = true;
      } catch (liveError) {
        try {
          words = (await this.options.transcriber.transcribe({ wavPath: this.take.wavPath })).words;
        } catch (error) {
          warnings.push(
            transcriptionFailedWarning(
              (error as Error).message || (liveError as Error).message,
              dirname(this.options.root),
            ),
          );
        }
      }
      const record = await completeTake({
        root: this.options.root,
        id: this.options.id,
        createdAt: this.plan.createdAt,
        scenario: this.options.scenario,
        end,
        prompts: this.plan.prompts,
        words,
        engine: this.options.transcriber.engine,
        model: this.options.transcriber.model,
        askedFollowUpIds: this.plan.askedFollowUpIds,
        warnings,
        silences: (() => {
          const found = detectSilencesInFrames(this.silences);
          return { durationMs: found.durationMs, spans: found.silences };
        })(),
      });
      // A measurement that cannot be kept costs the report nothing.
      if (live)
        await this.options.onEngineTime?.(this.engineMs, record.audio.durationMs).catch(() => {});
      return record;
    })();
    return this.ending;
  }

  /**
   * Ends a take nobody is feeding any more (the page or the window closed, the connection
   * dropped): the audio file is closed and the transcriber stopped; the take stays "recording"
   * with a message, and the library offers to recover it.
   */
  async interrupt(message: string): Promise<void> {
    if (this.ending) return;
    this.stream.cancel();
    this.ending = Promise.reject(new TakeError('the take was interrupted'));
    this.ending.catch(() => {});
    try {
      this.take.close();
    } catch {
      // The recorder already kept what it could; recovery repairs the rest.
    }
    this.plan.message = message;
    await writeTakePlan(this.folder, this.plan).catch(() => {});
  }

  /** Stops recording without scoring and marks the take cancelled; the caller deletes it. */
  async cancel(): Promise<void> {
    this.stream.cancel();
    if (!this.ending) {
      try {
        this.take.abort('cancelled');
      } catch {
        // Nothing to keep: the take is being discarded.
      }
    }
    this.ending ??= Promise.reject(new TakeError('the take was cancelled'));
    this.ending.catch(() => {});
    this.plan.status = 'cancelled';
    await writeTakePlan(this.folder, this.plan).catch(() => {});
  }
}
