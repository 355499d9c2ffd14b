import { RUNBOOK, REPEAT, SLO_REVISED } from './criteria/followThrough';
import { SIGNAL } from './criteria/metrics';
import { PROPOSAL, TRADE } from './criteria/tradeoffs';
import type { ClauseReading } from './reading';
import { ACTION, EVALUATION_REFLECTIVE, RESULT, SITUATION, TASK } from './segment';
import type { AnalyzedText, Hit } from './text';
import { cue, findAll } from './text';

/** What a clause does in the story, as a listener follows it. */
export const CLAUSE_ROLES = [
  'situation',
  'task',
  'signal',
  'action',
  'tradeoff',
  'result',
  'evaluation',
  'followThrough',
] as const;

/** One clause role. */
export type ClauseRole = (typeof CLAUSE_ROLES)[number];

/**
 * Where each role sits in a story told in order; roles on the same step may alternate freely
 * (a signal and the action it triggered, a lesson and the change it led to).
 */
const STEP: Readonly<Record<ClauseRole, number>> = {
  situation: 0,
  task: 1,
  signal: 2,
  action: 2,
  tradeoff: 2,
  result: 3,
  evaluation: 4,
  followThrough: 4,
};

const FOLLOW_THROUGH_EXTRA = cue(
  'post ?mortems?',
  'action items?',
  'blameless',
  '(?:review|retro\\w*) (?:with|was)',
);

const SIGNAL_EXTRA = cue(
  'the (?:first )?(?:alert|page) (?:fired|came|went off)',
  '(?:paged|woke) me',
  'got paged',
  '(?:graph|dashboard|alert) (?:showed|said)',
);

/** Cost of moving forward one step; each further step skipped adds the second figure. */
const FORWARD_COST = 0.5;
const SKIP_COST = 0.3;
/** Cost of going back a step, and of each further step back. */
const BACK_COST = 1.4;
const BACK_STEP_COST = 0.6;
const ORDINALS: Readonly<Record<string, number>> = { first: 1, second: 2, third: 3, fourth: 4 };

/** "Third, ..." told before "First, ...": list markers at clause starts out of order. */
function ordinalInversions(clauses: readonly ClauseReading[]): number {
  const seen: number[] = [];
  for (const c of clauses) {
    const lead = c.tokens[0] === 'and' ? c.tokens[1] : c.tokens[0];
    const n = ORDINALS[lead ?? ''];
    if (n !== undefined && c.tokens.length > 3) seen.push(n);
  }
  let inversions = 0;
  for (let i = 1; i < seen.length; i++) if ((seen[i] ?? 0) < (seen[i - 1] ?? 0)) inversions++;
  return inversions;
}
/** Coherence left by one sign of disorder: a listener who cannot place one piece loses the thread. */
const ONE_SLIP_COHERENCE = 0.05;
/** Out-of-order times a story told in order may still show (a flashback). */
const FREE_INVERSIONS = 1;

/** Cost of switching roles on the same step. */
const SIDE_COST = 0.2;

function transition(from: ClauseRole, to: ClauseRole): number {
  if (from === to) return 0;
  const d = STEP[to] - STEP[from];
  if (d === 0) return SIDE_COST;
  if (d > 0) return FORWARD_COST + SKIP_COST * (d - 1);
  return BACK_COST + BACK_STEP_COST * (-d - 1);
}

/** The decoded story: a role per clause and how well the order can be followed. */
export interface RoleReading {
  roles: ClauseRole[];
  /** Clauses whose own words point at a role (the rest take their role from the flow). */
  cued: boolean[];
  /** Places the story jumps back two steps or more (a lesson before the outage, a fix before the cause). */
  backJumps: number;
  /** Clock times told out of order ("at 2:33" ... "at 2:14"). */
  clockInversions: number;
  /** List markers told out of order ("third" before "first"). */
  ordinalInversions: number;
  /**
   * References a listener cannot resolve because what they point at comes later or never:
   * "him" before any person is named, "those 12 minutes" before any 12, an answer that opens
   * with "then" or "that".
   */
  danglingReferences: number;
  /** Scene-setting told after a closing ("since then ...", later "one Tuesday morning ..."). */
  closingsBeforeOpenings: number;
  /**
   * 0 (cannot be followed) .. 1 (in order): 1 with no sign of disorder, 0.05 with one, 0 with
   * more. Signs: clock times and list markers out of order beyond the one a story in order may
   * show (a flashback), references to what was not said yet, scenes set after the closing.
   */
  coherence: number;
}

function emissions(
  a: AnalyzedText,
  clauses: readonly ClauseReading[],
  wordClause: Int32Array,
): number[][] {
  const table: number[][] = clauses.map(() => CLAUSE_ROLES.map(() => 0));
  const add = (hits: readonly Hit[], role: ClauseRole) => {
    const r = CLAUSE_ROLES.indexOf(role);
    for (const h of hits) {
      const row = table[wordClause[h.start] ?? 0];
      if (row) row[r] = Math.min(3, (row[r] ?? 0) + 1);
    }
  };
  add(findAll(a, SITUATION), 'situation');
  add(findAll(a, TASK), 'task');
  add([...findAll(a, SIGNAL), ...findAll(a, SIGNAL_EXTRA)], 'signal');
  add(findAll(a, ACTION), 'action');
  add([...findAll(a, TRADE), ...findAll(a, PROPOSAL)], 'tradeoff');
  add(findAll(a, RESULT), 'result');
  add(findAll(a, EVALUATION_REFLECTIVE), 'evaluation');
  add(
    [
      ...findAll(a, SLO_REVISED),
      ...findAll(a, RUNBOOK),
      ...findAll(a, REPEAT),
      ...findAll(a, FOLLOW_THROUGH_EXTRA),
    ],
    'followThrough',
  );
  clauses.forEach((c, i) => {
    const row = table[i];
    if (!row) return;
    // A first-person past event with no cue of its own is most likely something done.
    if (!row.some((v) => v > 0) && c.grammar.isEvent && c.status === 'fact') {
      if (c.grammar.subject === 'i' || c.grammar.subject === 'we') row[3] = 0.5;
    }
    if (c.status === 'reflection') row[6] = Math.max(row[6] ?? 0, 1);
    if (c.status === 'proposal') row[4] = Math.max(row[4] ?? 0, 0.5);
  });
  return table;
}

const CLOCK = /^(\d{1,2}):(\d\d)$/;

function clockInversions(clauses: readonly ClauseReading[]): number {
  const minutes: number[] = [];
  for (const c of clauses) {
    for (const t of c.tokens) {
      const m = CLOCK.exec(t);
      if (m) minutes.push(Number(m[1]) * 60 + Number(m[2]));
    }
  }
  let inversions = 0;
  for (let i = 1; i < minutes.length; i++) {
    const before = minutes[i - 1] ?? 0;
    const now = minutes[i] ?? 0;
    // Past midnight or noon the clock restarts; a jump back of over six hours is that, not disorder.
    if (now < before && before - now < 360) inversions++;
  }
  return inversions;
}

/**
 * Decodes each clause's role over the whole answer (a Viterbi path): a clause's own cues pull
 * it towards a role, moving forward through the story costs little, staying costs nothing and
 * going back costs a lot, so a story told in order needs little evidence per step while a
 * jump back needs strong evidence. Clauses without cues take the role of the flow around
 * them. `coherence` falls with each clock time or list marker told out of order, each
 * reference to what was not said yet and each scene set after a closing, beyond the first.
 */
export function decodeRoles(
  a: AnalyzedText,
  clauses: readonly ClauseReading[],
  wordClause: Int32Array,
): RoleReading {
  const n = clauses.length;
  if (n === 0) {
    return {
      roles: [],
      cued: [],
      backJumps: 0,
      clockInversions: 0,
      ordinalInversions: 0,
      danglingReferences: 0,
      closingsBeforeOpenings: 0,
      coherence: 1,
    };
  }
  const table = emissions(a, clauses, wordClause);
  const k = CLAUSE_ROLES.length;
  const score: Float64Array[] = [];
  const from: Int8Array[] = [];
  const first = new Float64Array(k);
  for (let r = 0; r < k; r++) {
    first[r] = (table[0]?.[r] ?? 0) - STEP[CLAUSE_ROLES[r] ?? 'situation'] * 0.3;
  }
  score.push(first);
  from.push(new Int8Array(k).fill(-1));
  for (let c = 1; c < n; c++) {
    const row = new Float64Array(k);
    const back = new Int8Array(k);
    const prev = score[c - 1] ?? first;
    for (let r = 0; r < k; r++) {
      let best = -Infinity;
      let arg = r;
      for (let q = 0; q < k; q++) {
        const s =
          (prev[q] ?? -Infinity) -
          transition(CLAUSE_ROLES[q] ?? 'situation', CLAUSE_ROLES[r] ?? 'situation');
        if (s > best || (s === best && q === r)) {
          best = s;
          arg = q;
        }
      }
      row[r] = best + (table[c]?.[r] ?? 0);
      back[r] = arg;
    }
    score.push(row);
    from.push(back);
  }
  const last = score[n - 1] ?? first;
  let end = 0;
  for (let r = 1; r < k; r++) if ((last[r] ?? 0) > (last[end] ?? 0)) end = r;
  const path = new Array<number>(n).fill(0);
  path[n - 1] = end;
  for (let c = n - 1; c > 0; c--) path[c - 1] = from[c]?.[path[c] ?? 0] ?? 0;
  const roles = path.map((r) => CLAUSE_ROLES[r] ?? 'situation');
  const cued = table.map((row) => row.some((v) => v >= 1));
  let backJumps = 0;
  for (let c = 1; c < n; c++) {
    const d = STEP[roles[c] ?? 'situation'] - STEP[roles[c - 1] ?? 'situation'];
    if (d <= -2) backJumps++;
  }
  const inversions = clockInversions(clauses);
  const ordinals = ordinalInversions(clauses);
  const dangling = danglingReferences(clauses);
  const lateFirst = closingsBeforeOpenings(a, clauses);
  // One clock time or list marker out of order may be a flashback; a reference to what was
  // never said, or a scene set after the closing, is not.
  const disorder = Math.max(0, inversions + ordinals - FREE_INVERSIONS) + dangling + lateFirst;
  return {
    roles,
    cued,
    backJumps,
    clockInversions: inversions,
    ordinalInversions: ordinals,
    danglingReferences: dangling,
    closingsBeforeOpenings: lateFirst,
    coherence: disorder === 0 ? 1 : disorder === 1 ? ONE_SLIP_COHERENCE : 0,
  };
}

/** Words that name a person a later "he" or "her" can point back at. */
const PERSON_WORDS: ReadonlySet<string> = new Set(
  (
    'engineer engineers developer developers manager lead colleague colleagues teammate dba ' +
    'intern contractor someone somebody person guy owner vp director ceo cto founder customer ' +
    'he she'
  ).split(' '),
);
const THIRD_PERSON = new Set(['he', 'him', 'his', 'she', 'her']);
/** Openers of a condition an "if not" or "otherwise" can answer ("whether" anywhere does too). */
const CONDITIONS = new Set(['if', 'unless', 'when']);
/** Openers that point back at something said before; an answer cannot start with them. */
const POINTS_BACK = new Set([
  'then',
  'that',
  'those',
  'these',
  'it',
  'also',
  'again',
  'afterwards',
  'he',
  'she',
]);

/**
 * Counts references that point at nothing said so far: a third-person pronoun before any
 * person is named, "those"/"these" with a number not yet said, an "if not" or "otherwise" with
 * no condition just before it, and an answer whose first clause opens by pointing back.
 */
function danglingReferences(clauses: readonly ClauseReading[]): number {
  let count = 0;
  let person = false;
  const said = new Set<string>();
  clauses.forEach((c, index) => {
    const tokens = c.tokens;
    const lead = tokens[0] === 'and' || tokens[0] === 'so' ? tokens[1] : tokens[0];
    if (index === 0 && POINTS_BACK.has(lead ?? '') && tokens.length > 3) count++;
    // "If not, ...", "otherwise ...": the answer to a condition that must come just before.
    const answersCondition =
      (tokens[0] === 'if' && (tokens[1] === 'not' || tokens[1] === 'so')) ||
      tokens[0] === 'otherwise';
    const posed = clauses
      .slice(Math.max(0, index - 2), index)
      .some((p) => CONDITIONS.has(p.tokens[0] ?? '') || p.tokens.includes('whether'));
    if (answersCondition && !posed) count++;
    tokens.forEach((t, i) => {
      if (THIRD_PERSON.has(t) && !person) {
        count++;
        person = true;
      }
      if (PERSON_WORDS.has(t)) person = true;
      // The first clause may point at the question itself ("I wrote half those checks").
      if ((t === 'those' || t === 'these') && index > 0 && i + 1 < tokens.length) {
        const next = tokens[i + 1] ?? '';
        // Only a figure is checked: "those 12 minutes" before any 12 was said. A noun may
        // name what the speaker means without having said it ("those counts").
        if (/^\d/.test(next) && !said.has(next)) count++;
      }
    });
    for (const t of tokens) if (/^\d/.test(t)) said.add(t);
  });
  return count;
}

/** Scene-setting that opens a story: when, where, and who the speaker was. */
const OPENING = cue(
  '(?:last|one|on a) (?:year|month|week|night|morning|evening|weekend|quarter|spring|summer|fall|autumn|winter|monday|tuesday|wednesday|thursday|friday|saturday|sunday)',
  '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday) (?:morning|afternoon|evening|night)',
  'back in',
  '(?:a few|a couple of|\\w+) (?:months|years|weeks) ago',
  'at (?:my|our) (?:previous|last|old|former) (?:job|company|employer)',
  "i'll talk about|i want to talk about|the (?:incident|outage|story) i(?:'ll| will| want to)? (?:tell|talk|describe)",
);
/** Closings that only make sense once the story is told. */
const CLOSING = cue(
  'looking back',
  'in (?:hind ?sight|retrospect)',
  'since then',
  'going forward',
  '(?:the|my|one) (?:lesson|takeaway)',
  '(?:i|we) learned',
);

/** Scene-setting clauses told after a closing clause. */
function closingsBeforeOpenings(a: AnalyzedText, clauses: readonly ClauseReading[]): number {
  const closings = findAll(a, CLOSING);
  const first = closings[0];
  if (!first) return 0;
  const openings = new Set<number>();
  for (const h of findAll(a, OPENING)) {
    if (h.start > first.end) {
      const clause = clauses.findIndex((c) => c.end >= h.start);
      openings.add(clause);
    }
  }
  return openings.size;
}
