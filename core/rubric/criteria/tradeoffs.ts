import type { Hit } from '../text';
import { cue, evidenceOf, findAll } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clauseAround, gapList } from './context';

/** Words that name a trade-off: "rather than", "at the cost of". */
export const TRADE = cue(
  'trade ?offs?',
  'rather than',
  'instead of',
  'at the (?:cost|expense) of',
  'the (?:downside|cost|price) (?:is|was|would be)',
  'in exchange',
  'give up|gave up|giving up',
  'which adds|would add|adds',
  'more expensive',
  'on the other hand',
  // In plain words: what a choice costs and whether it is worth it.
  "what (?:it|this|that) costs(?: (?:me|us))?|what (?:i'm|i am|we're|we are) giving up",
  "(?:that's|it's|that is|it is) worth it",
  "i(?:'m| am) (?:fine|ok|okay|happy) with (?:that|it)",
  'the price (?:is|was)',
);

/** A first-person proposal: "I would tighten". */
export const PROPOSAL = cue(
  "i(?:'d| would) (?:\\w+ )?(?:tighten|add|lower|raise|increase|reduce|trade|accept|give up|spend|move|invest|cut|slow|require|gate|keep|choose|pick)",
);

/** The panel's decision-making view: what was chosen, against what. */
const DECISION = cue(
  'i (?:decided|chose|picked|opted|went with|made the call|weighed|considered)',
  'we (?:decided|chose)',
  'the (?:options|choice|alternatives?) (?:was|were)',
  'rather than',
  'instead of',
);

const COST = cue(
  'adds?|adding|would add|added',
  'costs?|costing',
  'slows?|slower|longer|delays?',
  'extra',
  'more expensive',
);

const BENEFIT = cue(
  'improv\\w*',
  'reduc\\w*',
  'cuts?|cutting',
  'lowers?',
  'halv\\w*',
  'saves?|saving',
  'fewer|less',
  'brings? down',
  "to not page|so (?:we|i) (?:do not|don't) page|quieter",
);

const VAGUE = cue(
  'figure (?:it|that|them) out later',
  'figure out (?:the )?\\w+(?: \\w+)? later',
  'deal with (?:it|that) later',
  'worry about (?:it|that) later',
  'it depends',
  "we'?ll see",
  'play it by ear',
);

/** Words after a cost or benefit word within which its number must fall. */
const AMOUNT_WINDOW = 8;
/** Words around a trade-off within which its cost and benefit are looked for. */
const TRADE_WINDOW = 20;

function near(a: Hit, anchors: readonly Hit[]): boolean {
  return anchors.some((b) => Math.abs(b.start - a.start) <= TRADE_WINDOW);
}

/** The first cost or benefit word near a trade-off with a number right after it, to that number. */
function quantified(
  ctx: ScoringContext,
  hits: readonly Hit[],
  anchors: readonly Hit[],
): { start: number; end: number } | undefined {
  for (const h of hits) {
    if (!near(h, anchors)) continue;
    const q = ctx.quantities.find(
      (x) => x.startWord > h.end && x.startWord <= h.end + AMOUNT_WINDOW,
    );
    if (q) return { start: h.start, end: q.endWord };
  }
  return undefined;
}

/**
 * Trade-off transparency, in the shape "I would tighten X, which adds Y minutes to Z, but
 * improves reliability by A%". One point for naming a trade-off, one for a cost in numbers,
 * one for a gain in numbers, one for a first-person proposal or decision weighed against an
 * alternative. Vague deferrals ("we'd figure it out later") score nothing.
 */
export function judgeTradeoffs(ctx: ScoringContext): Judgement {
  const { text } = ctx;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  const vague = findAll(text, VAGUE);
  // A trade-off named only to be deferred ("figure out the trade-offs later") earns nothing.
  const vagueClauses = new Set(vague.map((v) => ctx.story.wordClause[v.start]));
  const concrete = (h: Hit) => !vagueClauses.has(ctx.story.wordClause[h.start]);
  const trades = findAll(text, TRADE).filter(concrete);
  const proposals = findAll(text, PROPOSAL).filter(concrete);
  const decisions = findAll(text, DECISION).filter(concrete);
  const anchors = [...trades, ...proposals];
  const quoted = new Set<number>();
  for (const v of vague) {
    const clause = clauseAround(ctx, v.start);
    if (quoted.has(clause.start)) continue;
    quoted.add(clause.start);
    const e = evidenceOf(text, clause.start, clause.end, 'vague, scores nothing');
    evidence.push(e);
    gaps.add(
      'vague-tradeoff',
      `Vague: "${e.text}" scores nothing; name the cost in minutes, money or risk.`,
    );
  }
  if (anchors.length === 0) {
    gaps.add(
      'no-tradeoff',
      'No trade-off: name what a reliability choice of yours costs and what it buys, both in numbers.',
    );
    return { score: 0, evidence, missing: gaps.missing, gaps: gaps.gaps };
  }
  let score = 1;
  const first = trades[0] ?? proposals[0];
  if (first) {
    const clause = clauseAround(ctx, first.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'trade-off'));
  }
  const cost = quantified(ctx, findAll(text, COST), anchors);
  if (cost) {
    score++;
    evidence.push(evidenceOf(text, cost.start, cost.end, 'cost in numbers'));
  } else {
    gaps.add(
      'cost-not-quantified',
      'The cost is not in numbers: say how many minutes, dollars or deploys it costs.',
    );
  }
  const benefit = quantified(ctx, findAll(text, BENEFIT), anchors);
  if (benefit) {
    score++;
    evidence.push(evidenceOf(text, benefit.start, benefit.end, 'gain in numbers'));
  } else {
    gaps.add(
      'gain-not-quantified',
      'The gain is not in numbers: say by how much it improves reliability ("by 30%").',
    );
  }
  const decided = proposals[0] ?? decisions.find((d) => near(d, anchors));
  if (decided) {
    score++;
    const clause = clauseAround(ctx, decided.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'decision'));
  } else {
    gaps.add('no-decision', 'Say what you decided and what you weighed it against.');
  }
  return { score: Math.min(4, score), evidence, missing: gaps.missing, gaps: gaps.gaps };
}
