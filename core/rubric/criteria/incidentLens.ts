import type { Hit } from '../text';
import { cue, evidenceOf, findAll } from '../text';
import type { Evidence } from '../types';
import type { Judgement, ScoringContext } from './context';
import { clauseAround, gapList } from './context';

const PROBLEM = cue(
  "(?:could not|couldn't|unable to|cannot|can't) \\w+",
  '(?:were|was) (?:seeing|getting|hitting) (?:\\w+ )?(?:errors|timeouts|500s|5xx|failures)',
  '(?:error rate|latency|p\\d\\d) (?:had )?(?:spiked|jumped|climbed|went up|hit|was at)',
  'success rate (?:had )?(?:dropped|fell|was down)',
  'the (?:problem|issue|impact|symptom) (?:was|is)',
  'customer facing|user facing',
  '(?:users|customers|shoppers|players|merchants) (?:were|saw|got|could not|started)',
  'timing out|timeouts|(?:5xx|500) errors|failing requests|(?:lot of|spike in|wave of|flood of) errors',
);

const PROCESS = cue(
  'declared (?:a |an )?(?:sev|incident|severity|major)',
  'sev ?\\d|severity \\d|p[0-4] incident',
  'incident (?:channel|bridge|room|call|commander|process|response|ticket)',
  'war room',
  'status ?page',
  '(?:followed|opened|pulled up|used|ran) (?:the |our )?(?:runbook|playbook)',
  'escalation (?:policy|path)',
  'triag\\w*',
  'opened (?:a |an )?(?:incident|ticket|bridge)',
);

const PEOPLE = cue(
  '(?:paged|called|pulled in|brought in|looped in|escalated to|woke up|notified|updated|informed|coordinated with|handed over to|assigned|got) (?:the |our |a |an )?(?:\\w+ )?(?:team|teams|on ?call|engineer|engineers|sre|sres|dba|lead|manager|commander|support|customers|stakeholders|vendor|owners?|comms)',
  'incident commander',
  'comms lead',
  'customer support',
  'stakeholders',
  'status updates?',
);

const FIX = cue(
  'roll(?:ed|ing)?(?: (?:it|that|this|the \\w+))? back',
  'rollback',
  'revert\\w*',
  'restart\\w*',
  'fail(?:ed|ing)? over',
  'rebooted',
  'patched',
  'hot ?fix\\w*',
  'scaled (?:up|out)',
  'drain(?:ed|ing)',
  'flipped',
  'disabled',
  'bumped',
  'deployed (?:a |the )?fix',
  'fixed (?:it|the)',
  'killed',
  'purged',
  'cleared the',
);

const LENSES = [
  {
    name: 'Problem',
    code: 'no-problem',
    pattern: PROBLEM,
    absent:
      'No problem statement before the fix: say who was hurt and how (shoppers who could not check out, requests failing).',
  },
  {
    name: 'Process',
    code: 'no-process',
    pattern: PROCESS,
    absent:
      'No process before the fix: say how you ran the incident (severity, incident channel, runbook).',
  },
  {
    name: 'People',
    code: 'no-people',
    pattern: PEOPLE,
    absent: 'No people before the fix: say who you pulled in and who you kept informed.',
  },
] as const;

/**
 * The incident lens: problem, process and people stated before the technical fix (the first
 * roll back, restart, failover or patch). Each lens before the fix is a point, all three give 4;
 * lenses told only after the fix add one point in all.
 */
export function judgeIncidentLens(ctx: ScoringContext): Judgement {
  const { text } = ctx;
  const fix: Hit | undefined = findAll(text, FIX)[0];
  const fixWord = fix ? fix.start : Infinity;
  const evidence: Evidence[] = [];
  const gaps = gapList();
  let before = 0;
  let after = 0;
  for (const lens of LENSES) {
    const hits = findAll(text, lens.pattern);
    const first = hits[0];
    if (!first) {
      gaps.add(lens.code, lens.absent);
      continue;
    }
    const clause = clauseAround(ctx, first.start);
    if (first.start < fixWord) {
      before++;
      evidence.push(evidenceOf(text, clause.start, clause.end, lens.name));
    } else {
      after++;
      evidence.push(evidenceOf(text, clause.start, clause.end, `${lens.name} (after the fix)`));
      gaps.add(
        'lens-after-fix',
        `${lens.name} came only after the fix: state problem, process and people before the technical fix.`,
      );
    }
  }
  if (fix) {
    const clause = clauseAround(ctx, fix.start);
    evidence.push(evidenceOf(text, clause.start, clause.end, 'technical fix'));
  }
  const base = before === 3 ? 4 : before;
  const score = Math.min(before === 3 ? 4 : 3, base + (after > 0 ? 1 : 0));
  return { score, evidence, missing: gaps.missing, gaps: gaps.gaps };
}
