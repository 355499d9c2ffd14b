import { formatClockMs } from '../../core/format/time';

/**
 * "10:00" for 600 s, "1:05" for 65 s: the core clock ({@link formatClockMs}), so a length reads
 * the same in the library, the report and the exports (59.6 s is "0:59" everywhere).
 */
export function formatClock(totalSeconds: number): string {
  return formatClockMs(totalSeconds * 1000);
}

const TRACK_LABELS: Record<string, string> = {
  incident: 'Incident story',
  design: 'Design',
  tradeoff: 'Trade-off probe',
  postmortem: 'Post-mortem',
  ownership: 'Ownership',
};

/** The human label of a scenario track. */
export function trackLabel(track: string): string {
  return TRACK_LABELS[track] ?? track;
}
