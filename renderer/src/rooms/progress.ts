import { CRITERION_IDS } from '../../../core/rubric/types';
import type { SessionSummary } from '../../../core/sessions/record';

/** One criterion's line on the progress chart: points in attempt order. */
export interface Series {
  id: string;
  points: Array<{ x: number; y: number; sessionId: string }>;
}

/**
 * Lines of the progress chart for one scenario (or all): oldest attempt first, x from 0 to
 * `width`, y from `height` (score 0) to 0 (score 4).
 */
export function progressSeries(
  sessions: SessionSummary[],
  scenarioId: string | undefined,
  width: number,
  height: number,
): Series[] {
  const attempts = sessions
    .filter((s) => !scenarioId || s.scenarioId === scenarioId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const step = attempts.length > 1 ? width / (attempts.length - 1) : 0;
  return CRITERION_IDS.map((id) => ({
    id,
    points: attempts.map((s, i) => ({
      x: Math.round(i * step * 10) / 10,
      y: Math.round((height - ((s.criteria[id] ?? 0) / 4) * height) * 10) / 10,
      sessionId: s.id,
    })),
  }));
}
