import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FollowUp } from '../../core/rubric/types';
import type { Scenario } from '../../core/scenarios/schema';
import type { SessionRecord, TakeEnd } from '../../core/sessions/record';
import type { Transcriber } from '../../core/transcription/types';
import type { Word } from '../../core/transcript';
import { transcriptFromWords } from '../../core/transcript';
import { openTake } from '../recording/recorder';
import type { Take } from '../recording/recorder';
import { StreamingTranscriber } from '../transcription/stream';
import type { SpokenPrompt } from './complete';
import { completeTake, scoreAnswer } from './complete';
import { sessionFolder, writeFileAtomic } from './store';

/** The file that says which scenario a take belongs to and what the interviewer said in it. */
export const TAKE_PLAN_JSON = 'plan.json';

/** What plan.json holds, so an interrupted take can be scored after a crash. */
export interface TakePlan {
  id: string;
  createdAt: string;
  scenarioId: string;
  prompts: SpokenPrompt[];
  askedFollowUpIds: string[];
}

/** Reads a take's plan.json; throws when it is missing or damaged. */
export function readTakePlan(folder: string): TakePlan {
  return JSON.parse(readFileSync(join(folder, TAKE_PLAN_JSON), 'utf8')) as TakePlan;
}

/** Settings of a {@link LiveTake}. */
export interface LiveTakeOptions {
  root: string;
  id: string;
  scenario: Scenario;
  opening: SpokenPrompt;
  transcriber: Transcriber;
  onCaption: (words: Word[]) => void;
  now?: () => Date;
}

/** A problem with one call on a take, for the person recording; the take itself is kept. */
export class TakeError extends Error {
  override name = 'TakeError';
}

/**
 * One answer being recorded: 16-bit chunks from the renderer go to disk at once (the recorder
 * fsyncs at least every second) and into the live transcriber; `finish()` waits only for the
 * last caption piece, then analyses, scores and saves the take.
 */
export class LiveTake {
  private readonly take: Take;
  private readonly stream: StreamingTranscriber;
  private readonly plan: TakePlan;
  private readonly heard: Word[] = [];
  private nextSeq = 0;
  private stopped: string | null = null;
  private ending: Promise<SessionRecord> | null = null;

  constructor(private readonly options: LiveTakeOptions) {
    const folder = sessionFolder(options.root, options.id);
    mkdirSync(folder, { recursive: true });
    this.take = openTake(folder, { sampleRate: 16_000 });
    this.plan = {
      id: options.id,
      createdAt: (options.now ?? (() => new Date()))().toISOString(),
      scenarioId: options.scenario.id,
      prompts: [options.opening],
      askedFollowUpIds: [],
    };
    this.savePlan();
    this.stream = new StreamingTranscriber({
      transcriber: options.transcriber,
      onCaption: (event) => {
        this.heard.push(...event.words);
        options.onCaption(event.words);
      },
    });
  }

  get id(): string {
    return this.options.id;
  }

  /** Why recording stopped on its own (a disk error), or null while it is fine. */
  get stoppedReason(): string | null {
    return this.stopped;
  }

  private savePlan(): void {
    void writeFileAtomic(
      join(sessionFolder(this.options.root, this.options.id), TAKE_PLAN_JSON),
      JSON.stringify(this.plan),
    ).catch(() => {});
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
    const samples = new Int16Array(pcm.byteLength / 2);
    const view = new DataView(pcm.buffer, pcm.byteOffset, pcm.byteLength);
    for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
    try {
      this.take.append(samples);
    } catch (error) {
      this.stopped = (error as Error).message;
      throw new TakeError(this.stopped);
    }
    this.nextSeq++;
    const floats = new Float32Array(samples.length);
    for (let i = 0; i < samples.length; i++) floats[i] = samples[i]! / 32768;
    this.stream.push(floats);
    return this.receivedMs();
  }

  /** Audio written so far, ms. */
  receivedMs(): number {
    return Math.round((this.take.samplesWritten * 1000) / 16_000);
  }

  /** Records that the interviewer spoke during the take. */
  markPrompt(prompt: SpokenPrompt): void {
    this.plan.prompts.push(prompt);
    if (prompt.followUpId) this.plan.askedFollowUpIds.push(prompt.followUpId);
    this.savePlan();
  }

  /** The follow-up the rubric would ask now, from the words heard so far. */
  nextFollowUp(): FollowUp | null {
    return scoreAnswer(transcriptFromWords([...this.heard]), this.options.scenario, [
      ...this.plan.askedFollowUpIds,
    ]).followUp;
  }

  /**
   * Ends the take: closes the audio, waits for the last caption piece (or, if live
   * transcription failed, transcribes the whole take), then analyses, scores and saves.
   * A transcription failure still saves the take, with a warning on it.
   */
  finish(end: TakeEnd): Promise<SessionRecord> {
    this.ending ??= (async () => {
      if (this.stopped) this.take.abort(this.stopped);
      else this.take.close();
      const warnings: string[] = [];
      if (this.stopped) warnings.push(`recording stopped early: ${this.stopped}`);
      let words: Word[] = [];
      try {
        words = (await this.stream.finish()).words;
      } catch (liveError) {
        try {
          words = (await this.options.transcriber.transcribe({ wavPath: this.take.wavPath })).words;
        } catch (error) {
          warnings.push(
            `transcription failed (${(error as Error).message || (liveError as Error).message}); the audio is kept`,
          );
        }
      }
      return completeTake({
        root: this.options.root,
        id: this.options.id,
        createdAt: this.plan.createdAt,
        scenario: this.options.scenario,
        end,
        prompts: this.plan.prompts,
        words,
        engine: this.options.transcriber.engine,
        askedFollowUpIds: this.plan.askedFollowUpIds,
        warnings,
      });
    })();
    return this.ending;
  }

  /** Stops without scoring; the audio stays on disk. */
  abort(reason: string): void {
    this.stream.cancel();
    if (!this.ending) this.take.abort(reason);
    this.ending ??= Promise.reject(new TakeError('the take was stopped'));
    this.ending.catch(() => {});
  }
}
