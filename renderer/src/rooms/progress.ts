import { CRITERION_TITLES } from '../../../core/rubric/score';
import { CRITERION_IDS } from '../../../core/rubric/types';
import type { SessionSummary } from '../../../core/sessions/record';

/** The attempts of one scenario (or all when `scenarioId` is empty), oldest first. */
export function attemptsOf(sessions: SessionSummary[], scenarioId: string): SessionSummary[] {
  return sessions
    .filter((s) => !scenarioId || s.scenarioId === scenarioId)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/** The scenario whose latest attempt is the newest, or '' when there is none. */
export function latestScenario(sessions: SessionSummary[]): string {
  let latest: SessionSummary | undefined;
  for (const s of sessions) if (!latest || s.createdAt > latest.createdAt) latest = s;
  return latest?.scenarioId ?? '';
}

/** The criteria any of `attempts` scored, in rubric order (unknown ids after, as found). */
export function criteriaOf(attempts: SessionSummary[]): string[] {
  const found = new Set(attempts.flatMap((s) => Object.keys(s.criteria)));
  const known = CRITERION_IDS.filter((id) => found.has(id));
  return [
    ...known,
    ...[...found].filter((id) => !(CRITERION_IDS as readonly string[]).includes(id)),
  ];
}

/** A criterion's title, or its id when the rubric does not know it. */
export function criterionTitle(id: string): string {
  return (CRITERION_TITLES as Partial<Record<string, string>>)[id] ?? id;
}

/** One row of a comparison: the older and newer value and newer minus older. */
export interface CompareRow {
  id: string;
  title: string;
  older: number;
  newer: number;
  delta: number;
}

/**
 * Two attempts compared in time order whatever order they were picked in: `older` and `newer`
 * by `createdAt`, and for each criterion either scored and for the overall score, newer minus
 * older. A criterion one of them did not score counts 0 there.
 */
export function compareAttempts(
  a: SessionSummary,
  b: SessionSummary,
): { older: SessionSummary; newer: SessionSummary; rows: CompareRow[]; overall: CompareRow } {
  const [older, newer] = a.createdAt <= b.createdAt ? [a, b] : [b, a];
  const rows = criteriaOf([older, newer]).map((id) => {
    const o = older.criteria[id] ?? 0;
    const n = newer.criteria[id] ?? 0;
    return { id, title: criterionTitle(id), older: o, newer: n, delta: n - o };
  });
  return {
    older,
    newer,
    rows,
    overall: {
      id: 'overall',
      title: 'Overall',
      older: older.overall,
      newer: newer.overall,
      delta: newer.overall - older.overall,
    },
  };
}
