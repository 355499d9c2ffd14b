import { isVerbForm } from '../language/grammar';
import type { FoundMetric, Quantity } from '../numbers/extract';
import type { AnswerReading, ClauseReading } from './reading';
import type { RoleReading } from './roles';
import type { AnalyzedText } from './text';
import { TIME_UNITS } from '../numbers/units';
import { evidenceOf } from './text';
import { isStoryTrack } from './criteria/context';
import type { Evidence, RedFlag, RedFlagCode, ScenarioTrack, ScoreAdjustment } from './types';

/**
 * What a listener hears that keywords miss: whether the answer is a story or design at all,
 * on topic, believable, in an order one can follow, owned, and answering what was asked.
 * Each finding is a red flag with its evidence, and the ones that make an answer worth less
 * than its keywords are multipliers on the overall score.
 */

/** Everything the integrity checks read. */
export interface IntegrityInput {
  text: AnalyzedText;
  reading: AnswerReading;
  roles: RoleReading;
  metrics: readonly FoundMetric[];
  quantities: readonly Quantity[];
  track: ScenarioTrack | undefined;
  /** Words a rehearsed answer should use, when the scenario says. */
  targetWords?: number;
}

/** What the checks found. */
export interface Integrity {
  redFlags: RedFlag[];
  adjustments: ScoreAdjustment[];
  /** The product of the adjustments' factors, 0..1. */
  factor: number;
}

/** Share of clauses that must be on topic by their own words, whatever their neighbours. */
const MIN_OWN_TOPIC_SHARE = 0.2;
/** Clauses either side of an on-topic clause that continue its topic. */
const TOPIC_REACH = 2;
/** Evidence quoted per red flag. */
const MAX_EVIDENCE = 3;
/** Clauses of at least this many tokens count as content. */
const CONTENT_TOKENS = 3;
/** Content clauses an answer needs before its shape (list, topic, denials) is judged. */
const MIN_CLAUSES = 4;
/** Event clauses an answer needs before it counts as a full story or design (at most). */
const FULL_EVENTS = 8;
/** Words of a rehearsed answer per event clause it should hold. */
const WORDS_PER_EVENT = 30;

function clamp01(x: number): number {
  return Math.max(0, Math.min(1, x));
}

function clauseEvidence(a: AnalyzedText, c: ClauseReading, label: string): Evidence {
  return evidenceOf(a, c.start, c.end, label);
}

/** Verbs and roles whose denial by the speaker is a missing owner: "I did not chair it". */
const OWNERSHIP_WORDS = new Set(
  (
    'chair chaired lead led own owned run ran write wrote involved part attend attended join ' +
    'joined responsible page paged roll rolled fix fixed there present'
  ).split(' '),
);

/**
 * Blame in so many words: fault pinned on someone ("their fault", "caused by a junior
 * developer"), disowning ("not on us", "their incident, not mine"), contempt ("careless",
 * "took forever", "never tests"), punishment ("got fired").
 */
const BLAME_WORDS = new RegExp(
  '\\b(?:' +
    [
      "(?:their|his|her|your|its|\\w+'s) fault",
      '(?:blamed?|blaming) (?:the|them|him|her|it on|on)',
      'incompetent|careless|sloppy|lazy|clueless|idiots?',
      '(?:their|his|her) (?:mistake|incident|outage|problem|mess)',
      'screwed up|messed up',
      '(?:got|was|were|be) fired|written up|disciplined|punished',
      'caused by (?:a|an|the|their|some|one) (?:\\w+ )?(?:developer|engineer|intern|contractor|person|guy|dba|team|vendor|provider)s?',
      '(?:not|never) (?:on us|on me|our (?:problem|fault|incident)|my (?:problem|fault|incident))',
      'not mine|people problem',
      'took forever|never tests?|(?:was|were) (?:too )?slow to',
      '(?:to|told|with) (?:his|her) manager',
      'why (?:he|she) (?:thought|did|didn|skipped|ignored)',
      '(?:which|what) (?:engineer|developer|person) (?:merged|pushed|shipped|wrote|broke|did)',
    ].join('|') +
    ')\\b',
);
const BLAMED_ACTS = new Set(
  'broke broken caused pushed deleted forgot ignored skipped missed dropped misconfigured'.split(
    ' ',
  ),
);

const REFUSAL =
  /\b(?:(?:not|never|wouldn't|won't|don't|refuse to) (?:\w+ ){0,3}(?:give up|giving up|give anything up|trade|trading|sacrific\w*|compromis\w*) (?:anything|any|on (?:anything|reliability|quality))|no trade ?offs?|(?:don't|do not) (?:need|have) to (?:give|trade|sacrifice)|without (?:giving up|any trade ?offs?|sacrificing|compromising) (?:anything|any)|nothing to (?:give up|trade))/;

const CHANGE_WORDS = new Set(
  'from to down cut reduced reduce halved halve target goal average mean used now was were by under within budget before after quarter month improved'.split(
    ' ',
  ),
);

function inChange(a: AnalyzedText, m: FoundMetric): boolean {
  for (let w = Math.max(0, m.startWord - 4); w <= m.endWord + 2; w++) {
    if (w >= m.startWord && w <= m.endWord) continue;
    const n = a.norms[w] ?? '';
    if (CHANGE_WORDS.has(n)) return true;
  }
  return false;
}

function ratio(x: number, y: number): number {
  return Math.max(x, y) / Math.max(1e-9, Math.min(x, y));
}

/** Pairs of numbers that cannot both be true, with the words of each. */
function contradictions(input: IntegrityInput): [FoundMetric, FoundMetric][] {
  const { text, metrics } = input;
  const found: [FoundMetric, FoundMetric][] = [];
  const clauseOf = (m: FoundMetric) => input.reading.clauses.findIndex((c) => c.end >= m.startWord);
  const stated = metrics.filter((m) => !inChange(text, m));
  const of = (kind: string) => stated.filter((m) => m.metric.kind === kind);
  const recover = of('recoveryTime');
  for (let i = 0; i < recover.length; i++) {
    for (let j = i + 1; j < recover.length; j++) {
      const x = recover[i];
      const y = recover[j];
      if (x && y && clauseOf(x) !== clauseOf(y) && ratio(x.metric.value, y.metric.value) >= 3) {
        found.push([x, y]);
      }
    }
  }
  const longest = Math.max(0, ...recover.map((m) => m.metric.value));
  for (const kind of ['rollbackTime', 'detectionTime']) {
    for (const m of of(kind)) {
      const r = recover.find((x) => x.metric.value < m.metric.value / 1.5);
      if (r && longest > 0 && m.metric.value > longest * 1.5) found.push([m, r]);
    }
  }
  const users = of('affectedUsers');
  for (let i = 0; i < users.length; i++) {
    for (let j = i + 1; j < users.length; j++) {
      const x = users[i];
      const y = users[j];
      if (x && y && clauseOf(x) !== clauseOf(y) && ratio(x.metric.value, y.metric.value) >= 20) {
        found.push([x, y]);
      }
    }
  }
  return found;
}

/** Words that may stand between "to" and its figure: "to about 33". */
const HEDGES = new Set(['about', 'roughly', 'around', 'approximately', 'nearly', 'almost', 'just']);
/** Words after a change that call it an improvement, or a worsening, of a time. */
const BETTER = /\b(?:improv\w*|better|faster|quicker|cut|reduc\w*|saved?|shorter)\b/;
const WORSE = /\b(?:worse|slower|longer|increas\w*)\b/;
/** Words after a change within which its stated size ("which is 30 percent") is looked for. */
const CHANGE_REACH = 8;
/** Percentage points a stated change may be off the arithmetic before it contradicts it. */
const PERCENT_SLACK = 6;

/**
 * Changes whose own arithmetic is wrong: "from 48 to 40, which is the 30 percent cut" (that is
 * 17%), "from 20 minutes to 35, which is faster". A bare second figure takes the first one's
 * unit ("from 20 minutes to 35").
 */
function wrongChanges(input: IntegrityInput): [number, number][] {
  const { text, quantities } = input;
  const byStart = new Map(quantities.map((q) => [q.startWord, q]));
  const out: [number, number][] = [];
  quantities.forEach((x) => {
    if (text.norms[x.startWord - 1] !== 'from') return;
    let w = x.endWord + 1;
    if (text.norms[w] === 'down' || text.norms[w] === 'up') w++;
    if (text.norms[w] !== 'to') return;
    w++;
    while (HEDGES.has(text.norms[w] ?? '')) w++;
    const found = byStart.get(w);
    if (!found || (found.unit !== x.unit && found.unit !== 'none') || x.value <= 0) return;
    // "from 20 minutes to 35": the bare 35 is in minutes too.
    const unitSeconds = x.unit === 'time' ? (TIME_UNITS.get(text.norms[x.endWord] ?? '') ?? 1) : 1;
    const y = found.unit === 'none' ? { ...found, value: found.value * unitSeconds } : found;
    const after = text.norms.slice(y.endWord + 1, y.endWord + 1 + CHANGE_REACH).join(' ');
    const stated = quantities.find(
      (q) =>
        q.unit === 'percent' && q.startWord > y.endWord && q.startWord <= y.endWord + CHANGE_REACH,
    );
    if (stated) {
      const actual = (Math.abs(x.value - y.value) / x.value) * 100;
      if (Math.abs(actual - stated.value) > PERCENT_SLACK) out.push([x.startWord, stated.endWord]);
      return;
    }
    // Times improve by falling.
    if (x.unit !== 'time') return;
    if ((BETTER.test(after) && y.value > x.value) || (WORSE.test(after) && y.value < x.value)) {
      out.push([x.startWord, y.endWord]);
    }
  });
  return out;
}

/**
 * Runs every integrity check on a read answer. Story tracks (incident, post-mortem, ownership,
 * or no track) are also checked for order; the trade-off track for a refusal to trade.
 */
export function checkIntegrity(input: IntegrityInput): Integrity {
  const { text, reading, roles, track } = input;
  const redFlags: RedFlag[] = [];
  const adjustments: ScoreAdjustment[] = [];
  const adjust = (code: RedFlagCode, factor: number, reason: string) => {
    adjustments.push({ code, factor: Math.round(factor * 100) / 100, reason });
  };
  const flag = (code: RedFlagCode, message: string, evidence: Evidence[]) => {
    redFlags.push({ code, message, evidence: evidence.slice(0, MAX_EVIDENCE) });
  };
  const content = reading.clauses.filter((c) => c.tokens.length >= CONTENT_TOKENS);
  const storyTrack = isStoryTrack(track);
  // A sentence or two is judged thin, not as a list, a denial or off topic.
  const judgeable = content.length >= MIN_CLAUSES;
  const fullEvents = Math.max(
    4,
    Math.min(FULL_EVENTS, (input.targetWords ?? FULL_EVENTS * WORDS_PER_EVENT) / WORDS_PER_EVENT),
  );

  // Off topic: few clauses speak about running software at all. A clause next to one that
  // does, or is two away, continues its topic ("the disk filled up ... it started again").
  const topical = content.filter((_, i) =>
    content.slice(Math.max(0, i - TOPIC_REACH), i + TOPIC_REACH + 1).some((c) => c.onTopic),
  );
  const topicShare = content.length > 0 ? topical.length / content.length : 0;
  // ...but a single clause that happens to use two shared words does not carry an answer.
  const ownShare =
    content.length > 0 ? content.filter((c) => c.onTopic).length / content.length : 0;
  const share = ownShare < MIN_OWN_TOPIC_SHARE ? ownShare : topicShare;
  if (judgeable && share < 0.4) {
    flag('off-topic', 'Most of the answer is not about the question: nothing to score there.', [
      ...content
        .filter((c) => !c.onTopic)
        .slice(0, MAX_EVIDENCE)
        .map((c) => clauseEvidence(text, c, 'off topic')),
    ]);
    adjust('off-topic', clamp01((share - 0.15) / 0.25), 'The answer is mostly off topic.');
  }

  // A list: words and numbers with no events between them.
  const events = content.filter(
    (c) =>
      c.grammar.isEvent &&
      (c.status === 'fact' || c.status === 'proposal') &&
      // A long clause with one verb and a pile of nouns is a list, not an event.
      (c.tokens.length < 16 || c.tokens.filter(isVerbForm).length / c.tokens.length >= 0.1),
  );
  const eventShare = content.length > 0 ? events.length / content.length : 0;
  const listLike = eventShare < 0.55;
  if (judgeable && listLike) {
    flag(
      storyTrack ? 'keyword-list' : 'buzzword-list',
      storyTrack
        ? 'A list of rubric words and numbers, not a story: say what happened, in order.'
        : 'A list of design words, not a design: say what is measured, what pages whom, and when.',
      content
        .filter((c) => !c.grammar.isEvent)
        .slice(0, MAX_EVIDENCE)
        .map((c) => clauseEvidence(text, c, 'no event')),
    );
    adjust(
      storyTrack ? 'keyword-list' : 'buzzword-list',
      clamp01((eventShare - 0.3) / 0.25),
      'Few clauses tell an event.',
    );
  }
  const substance = Math.min(1, events.length / fullEvents);
  if (substance < 1) {
    adjust(
      'thin',
      0.25 + 0.75 * substance,
      `Only ${events.length} clauses tell an event or a design step.`,
    );
  }

  // Hypotheticals and denials.
  const counterfactual = reading.clauses.filter((c) => c.status === 'counterfactual');
  const proposals = reading.clauses.filter((c) => c.status === 'proposal');
  const facts = reading.clauses.filter((c) => c.status === 'fact' && c.grammar.isEvent);
  if (judgeable && storyTrack && counterfactual.length + proposals.length > facts.length) {
    flag(
      'hypothetical',
      'Told as what would have happened, not what did: tell an outage you owned.',
      [...counterfactual, ...proposals]
        .slice(0, MAX_EVIDENCE)
        .map((c) => clauseEvidence(text, c, 'hypothetical')),
    );
    adjust('hypothetical', 0.3, 'Most of the story is hypothetical.');
  }
  const negated = reading.clauses.filter((c) => c.status === 'negated');
  const ownNegated = negated.filter((c) => {
    const scope = c.grammar.negationScope;
    if (c.grammar.subject !== 'i' || c.grammar.mood !== 'fact' || !scope) return false;
    return c.tokens.slice(scope[0], scope[1] + 1).some((t) => OWNERSHIP_WORDS.has(t));
  });
  if (ownNegated.length > 0) {
    flag(
      'negated-ownership',
      'You say what you did not do: a panel hears a missing owner. Say what you did.',
      ownNegated.slice(0, MAX_EVIDENCE).map((c) => clauseEvidence(text, c, 'negated')),
    );
  }
  const claimed = reading.clauses.filter((c) => c.grammar.isEvent && c.status !== 'echo');
  if (judgeable && negated.length / Math.max(1, claimed.length) > 0.3) {
    adjust('negated', 0.3, 'Most claims are denied.');
  }

  // Template echoes.
  const echoes = reading.clauses.filter((c) => c.status === 'echo');
  if (echoes.length > 0) {
    // A memorised template is heard as a performance: the rest of the answer loses trust too.
    adjust('template-echo', 0.4, 'A memorised template was recited.');
    flag(
      'template-echo',
      'A memorised template with words the rest of the answer never uses: it earns nothing.',
      echoes.slice(0, MAX_EVIDENCE).map((c) => clauseEvidence(text, c, 'template')),
    );
  }

  // Numbers that cannot all be true.
  // Recovery times only contradict each other in one incident's story; a design or a
  // trade-off compares many times on purpose.
  const contradicted = storyTrack ? contradictions(input) : [];
  const wrong = wrongChanges(input);
  if (contradicted.length > 0 || wrong.length > 0) {
    flag(
      'contradictory-numbers',
      'These numbers cannot all be true: a panel stops trusting the rest.',
      [
        ...contradicted.flatMap(([x, y]) => [
          evidenceOf(text, x.startWord, x.endWord, 'contradicts'),
          evidenceOf(text, y.startWord, y.endWord, 'contradicts'),
        ]),
        ...wrong.map(([from, to]) => evidenceOf(text, from, to, 'arithmetic does not add up')),
      ],
    );
    adjust('contradictory-numbers', 0.25, 'Numbers contradict each other.');
  }

  // Order.
  if (roles.coherence < 1) {
    if (roles.coherence < 0.6) {
      flag('incoherent-order', 'The story jumps back and forth: a listener cannot follow it.', []);
    }
    adjust('incoherent-order', 0.15 + 0.85 * roles.coherence, 'The order is hard to follow.');
  }

  // Blame.
  const blaming = reading.clauses.filter((c) => {
    const words = c.tokens.join(' ');
    if (BLAME_WORDS.test(words) && c.status !== 'negated') return true;
    const others =
      c.grammar.subject === 'team' ||
      c.grammar.subject === 'someone' ||
      c.grammar.subject === 'they';
    return others && BLAMED_ACTS.has(c.tokens[c.grammar.verbAt] ?? '') && c.status === 'fact';
  });
  if (blaming.length >= 2 || blaming.some((c) => BLAME_WORDS.test(c.tokens.join(' ')))) {
    flag(
      'blame',
      'Blames others: a panel hears no ownership. Say what you did and what the system lacked.',
      blaming.slice(0, MAX_EVIDENCE).map((c) => clauseEvidence(text, c, 'blame')),
    );
    adjust('blame', 0.3, 'The answer blames others.');
  }

  // A refusal to trade anything.
  if (track === 'tradeoff') {
    const refusals = reading.clauses.filter((c) => REFUSAL.test(c.tokens.join(' ')));
    if (refusals.length > 0) {
      flag(
        'refusal',
        'Refuses to give anything up: the question asks what you would trade.',
        refusals.slice(0, MAX_EVIDENCE).map((c) => clauseEvidence(text, c, 'refusal')),
      );
      adjust('refusal', 0.3, 'Refuses to name a cost.');
    }
  }
  const factor = adjustments.reduce((f, a) => f * a.factor, 1);
  return { redFlags, adjustments, factor };
}
