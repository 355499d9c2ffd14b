import type { ClauseGrammar, SubjectKind } from '../language/grammar';
import { readClauseGrammar } from '../language/grammar';
import type { Clause } from './clauses';
import type { AnalyzedText } from './text';
import { HARD_FILLERS, withoutWords } from './text';

/**
 * How a clause counts towards the score: a claim of what happened (`fact`), a plan or
 * proposal (`proposal`), a denied claim (`negated`), a counterfactual wish (`counterfactual`),
 * an echo of the coaching template (`echo`), or a reflection said as a counterfactual
 * ("looking back I should have ...", `reflection`).
 */
export type ClaimStatus =
  'fact' | 'proposal' | 'negated' | 'counterfactual' | 'reflection' | 'echo';

/** One clause as the rubric reads it: its words, grammar and what it may earn. */
export interface ClauseReading extends Clause {
  /** Normalised tokens of the clause, hesitation sounds left out. */
  tokens: string[];
  /** Word index of each token. */
  tokenWord: number[];
  grammar: ClauseGrammar;
  status: ClaimStatus;
  /** True when the clause speaks about the domain (services, incidents, alerts, users...). */
  onTopic: boolean;
}

/** The answer read clause by clause, with the text each criterion may search. */
export interface AnswerReading {
  clauses: ClauseReading[];
  /** Facts only: what happened. Stories are judged on this. */
  facts: AnalyzedText;
  /** Facts, proposals and reflections: what designs, trade-offs and lessons are judged on. */
  claims: AnalyzedText;
}

/**
 * Words that place a clause in the domain of operating software services on their own
 * (outage, rollback, latency, SLO...).
 */
const DOMAIN = new Set(
  (
    '500s 5xx alert alerted alerting alertmanager alerts anomaly api apis applications auth ' +
    'automation autoscaler autoscaling availability aws azure backlog backup backups balancer ' +
    'balancers baseline bgp broker brokers burn cache caches canary capacity cdn cert ' +
    'certificate certs checkout cluster clusters config configuration consumer consumers ' +
    'container containers cpu crash crashed crashes cron cutover dashboard dashboards database ' +
    'databases datadog db degradation degraded dependency deploy deployed deploying deployment ' +
    'deploys detect detected detection diagnose diagnosis disk dns docker downtime elk endpoint ' +
    'endpoints error errors escalate escalated escalation etcd failover fatigue firewall flag ' +
    'fleet gateway gcp grafana healthcheck healthchecks heap helpdesk host hosts hotfix incident ' +
    'incident_commander incidents infra infrastructure ingress instance instances kafka ' +
    'kubernetes lambda latencies latency leak log login logs loki memory metric metrics migrate ' +
    'migration mitigate mitigated mitigation monitoring mortem mtls mttd mttr mysql network ' +
    'nines node nodes noise observability oncall oom ops opsgenie otel outage outages p95 p99 ' +
    'packets page paged pager pagerduty pages paging partition partitions payment payments ' +
    'percentile permission permissions pipeline pod pods postgres postmortem primary probe ' +
    'probes prod production prometheus proxy queries query queue queues quota rate recovered ' +
    'recovery redis region regions reliability replica replicas replication request requests ' +
    'restart restarted retries retro retry revert reverted roll rollback rollbacks rolled ' +
    'rollout routing runbook runbooks saturation schema server servers service services sev ' +
    'shard shards signal sla slas sli slis slo slos socket sockets spike spikes splunk sre ssl ' +
    'standby statsd storage synthetic telemetry threshold thresholds throughput timeout timeouts ' +
    'tls toil topic trace traces tracing traffic ttl upstream uptime vendor vm vms vpn website '
  )
    .trim()
    .split(' '),
);

/**
 * Words the domain shares with everyday life (budget, order, team, check, users, disk...): two
 * of them in a clause place it in the domain, one does not ("I owned the budget").
 */
const SHARED = new Set(
  (
    'access app application batch browser budget bug call change changed changes check checks ' +
    'cloud code commit connection connections customer customers data email engineer engineers ' +
    'feature fix fixed health hosting index internal job jobs key keys limit limits load manager ' +
    'mobile order orders password patch platform pool port product provider reads record records ' +
    'release review route routes rule rules script scripts security session sessions site ' +
    'software system systems table tables team teams thread threads ticket tickets token tokens ' +
    'tools user users visitors write writes '
  )
    .trim()
    .split(' '),
);

/** Markers that make a counterfactual a reflection: "looking back I should have ...". */
const REFLECTIVE = new Set(
  'looking back hindsight retrospect lesson lessons learned differently taught next time regret'.split(
    ' ',
  ),
);

const AGENTS: ReadonlySet<SubjectKind> = new Set(['i', 'we', 'team', 'someone', 'nobody']);

function tokensOf(a: AnalyzedText, c: Clause): { tokens: string[]; tokenWord: number[] } {
  const tokens: string[] = [];
  const tokenWord: number[] = [];
  for (let w = c.start; w <= c.end; w++) {
    const n = a.norms[w] ?? '';
    if (n === '' || HARD_FILLERS.has(n)) continue;
    if (!n.includes(' ')) {
      tokens.push(n);
      tokenWord.push(w);
      continue;
    }
    for (const t of n.split(' ')) {
      if (t === '') continue;
      tokens.push(t);
      tokenWord.push(w);
    }
  }
  return { tokens, tokenWord };
}

function isReflective(tokens: readonly string[]): boolean {
  return tokens.some((t) => REFLECTIVE.has(t));
}

/** Fixed words of the coaching template, in order; a clause echoing most of them is an echo. */
const TEMPLATE_SKELETONS: readonly (readonly string[])[] = [
  [
    'i',
    'would',
    'tighten',
    'which',
    'adds',
    'minutes',
    'to',
    'but',
    'improves',
    'reliability',
    'by',
  ],
  ["i'd", 'tighten', 'which', 'adds', 'minutes', 'to', 'but', 'improves', 'reliability', 'by'],
];

const STOP = new Set(
  'the a an of to in on for and but or by with at is was it that this which would i we my our adds add improves reliability tighten minutes minute percent x y z'.split(
    ' ',
  ),
);

/**
 * Reads every clause: grammar (see `readClauseGrammar`), what it may earn, whether it is on
 * topic, and two searchable versions of the answer. A clause earns nothing when its claim is
 * denied by someone acting ("I did not roll back", "nobody wrote a runbook"), when it is a
 * counterfactual wish ("I would have paged") unless it reflects on a lesson, or when it echoes
 * the coaching template with words the rest of the answer never uses. Proposals ("I would
 * tighten the canary") count as claims but not as facts.
 */
export function readAnswer(a: AnalyzedText, clauses: readonly Clause[]): AnswerReading {
  const readings: ClauseReading[] = [];
  let previous: ClauseGrammar | undefined;
  for (const c of clauses) {
    const { tokens, tokenWord } = tokensOf(a, c);
    const grammar = readClauseGrammar(tokens, previous);
    previous = grammar;
    let status: ClaimStatus = 'fact';
    if (grammar.negated && AGENTS.has(grammar.subject)) status = 'negated';
    else if (grammar.mood === 'counterfactual') {
      status =
        isReflective(tokens) || isReflective(readings.at(-1)?.tokens ?? [])
          ? 'reflection'
          : 'counterfactual';
    } else if (grammar.mood === 'prospective') status = 'proposal';
    readings.push({
      start: c.start,
      end: c.end,
      tokens,
      tokenWord,
      grammar,
      status,
      onTopic: tokens.some((t) => DOMAIN.has(t)) || tokens.filter((t) => SHARED.has(t)).length >= 2,
    });
  }
  markEchoes(readings);

  const hiddenFacts = new Uint8Array(a.words.length);
  const hiddenClaims = new Uint8Array(a.words.length);
  for (const r of readings) {
    const fact = r.status === 'fact';
    const claim = fact || r.status === 'proposal' || r.status === 'reflection';
    if (!fact) hiddenFacts.fill(1, r.start, r.end + 1);
    if (!claim) hiddenClaims.fill(1, r.start, r.end + 1);
  }
  return {
    clauses: readings,
    facts: withoutWords(a, hiddenFacts),
    claims: withoutWords(a, hiddenClaims),
  };
}

/** Words of a template-shaped sentence that, found elsewhere in the answer, make it the candidate's own. */
const MIN_ANCHORS = 2;
/** Clauses a template echo may span. */
const ECHO_WINDOW = 4;

/**
 * Marks runs of clauses that say most of a template's fixed words in order (speech has no
 * sentence marks to lean on) when at most half of their other words appear anywhere else in
 * the answer: a memorised shape, not the candidate's own story.
 */
function markEchoes(readings: ClauseReading[]): void {
  // How often each token is said in the whole answer, so "said elsewhere" is a subtraction.
  let total: Map<string, number> | null = null;
  for (let i = 0; i < readings.length; i++) {
    for (const skeleton of TEMPLATE_SKELETONS) {
      let k = 0;
      let first = -1;
      let last = i;
      for (let j = i; j < Math.min(readings.length, i + ECHO_WINDOW) && k < skeleton.length; j++) {
        for (const t of readings[j]?.tokens ?? []) {
          if (t === skeleton[k]) {
            if (first < 0) first = j;
            k++;
            last = j;
          }
        }
      }
      // The echo starts where the template does, at its first fixed word.
      if (k / skeleton.length < 0.75 || first !== i) continue;
      const span = readings.slice(i, last + 1);
      if (total === null) {
        total = new Map();
        for (const r of readings) for (const t of r.tokens) total.set(t, (total.get(t) ?? 0) + 1);
      }
      const inSpan = new Map<string, number>();
      for (const r of span) for (const t of r.tokens) inSpan.set(t, (inSpan.get(t) ?? 0) + 1);
      const counts = total;
      const content = span
        .flatMap((r) => r.tokens)
        .filter((t) => !STOP.has(t) && !/^\d/.test(t) && t.length > 2 && !skeleton.includes(t));
      const anchored = content.filter((t) => (counts.get(t) ?? 0) > (inSpan.get(t) ?? 0)).length;
      if (anchored >= MIN_ANCHORS || (content.length > 0 && anchored / content.length >= 0.4)) {
        continue;
      }
      for (const r of span) r.status = 'echo';
      i = last;
      break;
    }
  }
}
