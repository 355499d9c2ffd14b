import type { Transcript } from '../transcript';
import { STORY_PARTS } from '../scenarios/schema';
import type { StoryPart } from '../scenarios/schema';
import type { Clause } from './clauses';
import { splitClauses } from './clauses';
import type { AnalyzedText, Hit } from './text';
import { analyzeText, cue, findAll, wordsText } from './text';

/**
 * One contiguous stretch of the answer told as one STAR-E part. Word indices are
 * `startWord` (first word) to `endWord` (one past the last word); times are set when the
 * transcript is timed. A part may come back later in the answer as a second segment.
 */
export interface StorySegment {
  part: StoryPart;
  text: string;
  startWord: number;
  endWord: number;
  startMs?: number;
  endMs?: number;
}

/** Display names of the story parts. */
export const PART_NAMES: Readonly<Record<StoryPart, string>> = {
  situation: 'Situation',
  task: 'Task',
  action: 'Action',
  result: 'Result',
  evaluation: 'Evaluation',
};

/** Cues that set the scene: when, where, the service and its scale. */
export const SITUATION = cue(
  '(?:last|this|that|one) (?:year|month|week|night|morning|evening|weekend|quarter|spring|summer|fall|autumn|winter|holiday season|january|february|march|april|may|june|july|august|september|october|november|december|monday|tuesday|wednesday|thursday|friday|saturday|sunday)',
  'back in (?:\\d{4}|early|late|the (?:spring|summer|fall|autumn|winter)|january|february|march|april|may|june|july|august|september|october|november|december)',
  '(?:a few|a couple of|\\w+) (?:months|years|weeks) ago',
  'at (?:my|our) (?:previous|last|current|old|former) (?:job|company|employer|team|role)',
  'we (?:run|ran|had|have|operate|operated|were running|serve|served|own|owned)',
  'our (?:\\w+ )?(?:service|platform|system|api|cluster|database|site|stack|checkout|fleet|product)',
  '(?:serves|handles|serving|handling|processes|processing) (?:about |around |roughly |over )?\\S+',
  'the (?:context|background|setup|situation)',
  'black friday|cyber monday|peak (?:traffic|season|hours?)',
  'during (?:a|the|peak|our)',
  'there (?:was|were)',
  '(?:started|began) (?:to )?(?:fail|failing|time|timing|throw|throwing|return|returning|error|erroring|drop|dropping)',
  'at \\d+(?::\\d+)? ?(?:am|pm)?',
  '(?:paged|woke) me',
  '(?:got|was) paged',
  'the (?:\\w+ )?alert (?:fired|went off)',
);

/** Cues for the speaker's responsibility. */
export const TASK = cue(
  'my (?:job|role|task|responsibility|goal|priority) (?:was|is)',
  'i was (?:responsible|the incident commander|incident commander|the on call|on call|the primary|primary on call|the ic|asked to|tasked)',
  'i (?:had|needed|wanted) to',
  '(?:the|our) (?:goal|task|priority|objective|job) (?:was|is)',
  'we (?:had|needed) to',
  'i owned',
  'i took ownership',
  'it was (?:my|on me)',
);

/** Cues for incident actions. */
export const ACTION = cue(
  'i (?:quickly |immediately |then |also |first |just |personally |finally |eventually |manually )?(?:paged|rolled|reverted|restarted|checked|looked|opened|pulled|ran|started|declared|drained|failed|scaled|disabled|flipped|deployed|pushed|shipped|killed|bisected|traced|isolated|found|noticed|dug|increased|decreased|raised|lowered|removed|switched|moved|blocked|throttled|turned|applied|patched|called|escalated|coordinated|posted|kicked|triggered|promoted|cordoned|rebooted|confirmed|compared|correlated|grabbed|queried|diffed|tried|decided|chose|picked|made the call|spun up|bumped|paused|stopped|split|routed|shed|cleared|purged|flushed)',
  'we (?:rolled|reverted|restarted|failed over|drained|scaled|disabled|deployed|patched|mitigated|pushed|shipped|flipped)',
  '(?:first|then|next) (?:i|we)',
  'roll(?:ed|ing)?(?: (?:it|that|this|the \\w+))? back',
  'revert\\w*',
  'fail(?:ed|ing)? over',
  'mitigat\\w+',
  'hot ?fix',
  'looked into|figured out|dug into|investigat\\w+|traced it',
);

/** Cues for how it ended. */
export const RESULT = cue(
  '(?:as a|the) result',
  'recovered|restored|back to normal|back up|resolved|stabili[sz]ed|came back',
  '(?:error rate|errors|latency|success rate) (?:dropped|went down|fell|returned|recovered)',
  'in total|all in all|in the end',
  'the (?:outage|incident|impact|downtime) (?:lasted|was|affected|cost)',
  '(?:mttr|mttd|downtime|time to recover\\w*|time to detect\\w*) (?:was|of)',
  'total (?:impact|downtime)',
  '(?:lost|cost) (?:us )?(?:about |around |roughly )?',
  'by the time',
  'in lost',
);

/** Evaluation cues that show reflection or a systemic change; they make the part present. */
export const EVALUATION_REFLECTIVE = cue(
  'looking back',
  'in (?:hind ?sight|retrospect)',
  '(?:i|we) learned',
  'lessons?',
  'takeaway',
  "(?:what )?i(?:'d| would) do differently",
  'since then',
  'going forward',
  '(?:we|i) (?:changed|added|built|introduced|automated|revised|updated|tightened|wrote|created) (?:the|our|a|an|new)',
  'to (?:prevent|avoid) (?:this|it|a repeat|recurrence|that)',
  "never happened again|hasn't happened again|repeat incidents?|recurrence",
  'runbooks?',
  'systemic|safeguards?|guardrails?',
  '(?:revised|new|updated|tighter) slos?',
  'error budget',
  'reliability model',
);

/** Evaluation cues that only mention the review; they help placing, not presence. */
const EVALUATION_MENTION = cue(
  'post ?mortems?',
  'retro(?:spective)?s?',
  'action items?',
  'blameless',
);

/** What one clause says about each part: counts of cue matches, capped at 3. */
type Emission = [number, number, number, number, number];

const START_COST: Emission = [0, 0.6, 1.0, 1.4, 1.8];
const STEP_COST = 0.6;
const SKIP_COST = 0.4;
const BACK_COST = 1.6;

function transitionCost(from: number, to: number): number {
  if (to === from) return 0;
  if (to > from) return STEP_COST + SKIP_COST * (to - from - 1);
  return BACK_COST;
}

/** The full reading of the answer's story: clauses, the part of each, and the cues found. */
export interface StoryReading {
  clauses: Clause[];
  /** Part index (0 situation .. 4 evaluation) of each clause. */
  clausePart: number[];
  /** Clause index of each word. */
  wordClause: Int32Array;
  segments: StorySegment[];
  /** Cue matches per part, in reading order (evaluation: reflective cues only). */
  cues: Record<StoryPart, readonly Hit[]>;
  /** True when the part is told: it has a segment with a cue of its own (see `readStory`). */
  present: Record<StoryPart, boolean>;
  /** Places where the story went back to an earlier part: `from` came before `to`. */
  backSteps: { from: StoryPart; to: StoryPart; clause: number }[];
}

function emissionsFor(
  clauses: readonly Clause[],
  wordClause: Int32Array,
  hitsByPart: readonly (readonly Hit[])[],
): Emission[] {
  const emissions: Emission[] = clauses.map(() => [0, 0, 0, 0, 0]);
  hitsByPart.forEach((hits, part) => {
    for (const h of hits) {
      const e = emissions[wordClause[h.start] ?? 0];
      if (e) e[part] = Math.min(3, (e[part] ?? 0) + 1);
    }
  });
  return emissions;
}

/** Most likely part per clause: cues pull, moving forward costs a little, going back a lot. */
function bestPath(emissions: readonly Emission[]): number[] {
  const n = emissions.length;
  if (n === 0) return [];
  const parts = STORY_PARTS.length;
  const score: number[][] = [];
  const from: number[][] = [];
  const first = emissions[0] ?? [0, 0, 0, 0, 0];
  score.push(first.map((e, p) => e - (START_COST[p] ?? 0)));
  from.push(new Array<number>(parts).fill(-1));
  for (let c = 1; c < n; c++) {
    const e = emissions[c] ?? [0, 0, 0, 0, 0];
    const prev = score[c - 1] ?? [];
    const row: number[] = [];
    const back: number[] = [];
    for (let p = 0; p < parts; p++) {
      let best = -Infinity;
      let arg = p;
      for (let q = 0; q < parts; q++) {
        const s = (prev[q] ?? -Infinity) - transitionCost(q, p);
        if (s > best || (s === best && q === p)) {
          best = s;
          arg = q;
        }
      }
      row.push(best + (e[p] ?? 0));
      back.push(arg);
    }
    score.push(row);
    from.push(back);
  }
  const last = score[n - 1] ?? [];
  let end = 0;
  for (let p = 1; p < parts; p++) if ((last[p] ?? -Infinity) > (last[end] ?? -Infinity)) end = p;
  const path = new Array<number>(n).fill(0);
  path[n - 1] = end;
  for (let c = n - 1; c > 0; c--) path[c - 1] = from[c]?.[path[c] ?? 0] ?? 0;
  return path;
}

/** Words a Situation needs to count as told when none of its cues matched. */
const SITUATION_MIN_WORDS = 8;

/**
 * Reads the STAR-E story in an analysed answer. Each clause is scored against cue lists for
 * the five parts, and the most likely sequence of parts is chosen so that a story told in
 * order needs little evidence per step while going back to an earlier part needs strong
 * evidence. A part is present when a segment of it holds one of its own cues (Evaluation
 * needs reflection or a systemic change, not only the word "post-mortem"); an opening
 * Situation of 8 words or more counts without a cue.
 */
export function readStory(a: AnalyzedText, given?: readonly Clause[]): StoryReading {
  const clauses = given ? [...given] : splitClauses(a);
  const wordClause = new Int32Array(a.words.length);
  clauses.forEach((c, index) => wordClause.fill(index, c.start, c.end + 1));
  const situation = findAll(a, SITUATION);
  const task = findAll(a, TASK);
  const action = findAll(a, ACTION);
  const result = findAll(a, RESULT);
  const reflective = findAll(a, EVALUATION_REFLECTIVE);
  const mention = findAll(a, EVALUATION_MENTION);
  const emissions = emissionsFor(clauses, wordClause, [
    situation,
    task,
    action,
    result,
    [...reflective, ...mention],
  ]);
  const own = emissionsFor(clauses, wordClause, [situation, task, action, result, reflective]);
  const clausePart = bestPath(emissions);

  const segments: StorySegment[] = [];
  const present: Record<StoryPart, boolean> = {
    situation: false,
    task: false,
    action: false,
    result: false,
    evaluation: false,
  };
  const backSteps: StoryReading['backSteps'] = [];
  let c = 0;
  while (c < clauses.length) {
    const part = clausePart[c] ?? 0;
    let d = c;
    let cues = 0;
    while (d < clauses.length && clausePart[d] === part) {
      cues += own[d]?.[part] ?? 0;
      d++;
    }
    const startWord = clauses[c]?.start ?? 0;
    const endWord = (clauses[d - 1]?.end ?? startWord) + 1;
    const name = STORY_PARTS[part] ?? 'situation';
    const segment: StorySegment = {
      part: name,
      text: wordsText(a, startWord, endWord - 1),
      startWord,
      endWord,
    };
    const first = a.words[startWord];
    const last = a.words[endWord - 1];
    if (a.timed && first?.startMs !== undefined && last?.endMs !== undefined) {
      segment.startMs = first.startMs;
      segment.endMs = last.endMs;
    }
    if (
      cues > 0 ||
      (name === 'situation' && segments.length === 0 && endWord - startWord >= SITUATION_MIN_WORDS)
    ) {
      present[name] = true;
    }
    const previous = segments[segments.length - 1];
    if (previous && STORY_PARTS.indexOf(previous.part) > part) {
      backSteps.push({ from: previous.part, to: name, clause: c });
    }
    segments.push(segment);
    c = d;
  }
  // A part told in so many words is told, wherever the decoded path placed its clause: speech
  // without punctuation merges clauses, and a merged clause takes only one part.
  STORY_PARTS.forEach((part, p) => {
    if (own.some((e) => (e[p] ?? 0) > 0)) present[part] = true;
  });
  return {
    clauses,
    clausePart,
    wordClause,
    segments,
    cues: { situation, task, action, result, evaluation: reflective },
    present,
    backSteps,
  };
}

/**
 * Splits an answer into its STAR-E parts (Situation, Task, Action, Result, Evaluation), in
 * the order they were told, each with its words, word indices and, for timed words, start and
 * end in ms. Works without punctuation or capitals. Every word falls in one segment; an empty
 * answer gives none. Throws on malformed timed words (see `analyzeText`).
 */
export function segmentStory(transcript: Transcript): StorySegment[] {
  return readStory(analyzeText(transcript)).segments;
}
