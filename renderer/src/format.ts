/** "10:00" for 600 s, "1:05" for 65 s. */
export function formatClock(totalSeconds: number): string {
  const s = Math.max(0, Math.round(totalSeconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
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
