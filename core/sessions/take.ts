/**
 * Where a take stands, from the first sample to the saved report. The state is data, saved in
 * the take's folder at every change, so the library can list every take that still needs
 * something and say what can be done with it.
 */

/**
 * The states of a take:
 * - `recording`: audio is being written (or was, when the app or the page stopped mid-answer);
 * - `transcribing`: the recording ended and the words are being found and scored;
 * - `scored`: the report is saved (session.json);
 * - `scoringFailed`: the audio is kept but transcription, analysis or saving the report failed;
 * - `cancelled`: the candidate discarded the take; it is never listed.
 */
export const TAKE_STATUSES = [
  'recording',
  'transcribing',
  'scored',
  'scoringFailed',
  'cancelled',
] as const;

/** One of {@link TAKE_STATUSES}. */
export type TakeStatus = (typeof TAKE_STATUSES)[number];

/**
 * What the library offers for a take that is not live:
 * - `recover`: repair the audio of an interrupted recording, then transcribe and score it;
 * - `transcribeAgain`: transcribe the saved audio again and score it;
 * - `scoreAgain`: run transcription, analysis and scoring again after a failure.
 */
export type TakeAction = 'recover' | 'transcribeAgain' | 'scoreAgain';

/**
 * The next actions for a take in `status` that is not being recorded right now. An interrupted
 * recording can be recovered; a take stopped while transcribing, or a scored one, can be
 * transcribed again; a failed scoring can be scored again; a cancelled take offers nothing.
 */
export function takeActions(status: TakeStatus): TakeAction[] {
  switch (status) {
    case 'recording':
      return ['recover'];
    case 'transcribing':
    case 'scored':
      return ['transcribeAgain'];
    case 'scoringFailed':
      return ['scoreAgain'];
    case 'cancelled':
      return [];
  }
}

/** A take the library lists because it has no report yet: what it is and what can be done. */
export interface UnfinishedTake {
  id: string;
  /** ISO 8601 time the take was started. */
  createdAt: string;
  scenarioId: string;
  /** The scenario's title when it is still in the library, else its id. */
  scenarioTitle: string;
  status: Exclude<TakeStatus, 'scored' | 'cancelled'>;
  /** Audio on disk, integer ms. */
  durationMs: number;
  /** Why scoring failed or the recording stopped, worded for the candidate. */
  message?: string;
  actions: TakeAction[];
}
