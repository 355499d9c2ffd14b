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

/** Words that place a clause in the domain of operating software services. */
const DOMAIN = new Set(
  (
    'service services outage outages incident incidents alert alerts alerting alerted page pages ' +
    'paged paging pager oncall call latency error errors deploy deployed deploys deployment release ' +
    'rollback rollbacks roll rolled revert reverted slo slos sli slis budget database databases db ' +
    'cluster clusters node nodes server servers host hosts api apis request requests users user ' +
    'customers customer traffic metric metrics dashboard dashboards monitoring logs log cpu disk ' +
    'memory queue queues cache caches dns certificate cert certs config configuration kubernetes ' +
    'pod pods region regions failover replica replicas postmortem mortem runbook runbooks mttr mttd ' +
    'uptime availability downtime checkout pipeline prometheus grafana sev escalation escalate ' +
    'escalated timeout timeouts 5xx 500s balancer capacity autoscaler autoscaling canary flag ' +
    'reliability sre ops production prod storage network upstream dependency vendor ticket ' +
    'tickets engineer engineers automation toil mitigation mitigate mitigated recovery recovered ' +
    'detection detect detected diagnosis diagnose signal threshold thresholds burn p99 p95 ' +
    'percentile saturation throughput backlog consumer consumers replication write writes reads ' +
    'primary standby shard shards tracing trace traces instance instances fleet infra ' +
    'infrastructure health healthcheck restart restarted outage login auth payments payment ' +
    'gateway orders order cdn tls mtls ssl retries retry rate limit limits bug fix fixed patch ' +
    'hotfix commit change changes review retro team teams manager sla slas noise fatigue ' +
    'anomaly baseline observability telemetry otel statsd kafka redis postgres mysql aws gcp azure ' +
    'lambda container containers docker vm vms firewall vpn access internal tools helpdesk ' +
    'record records hosting provider cutover site website visitors migration migrate ttl app ' +
    'application applications system systems software code release rollout feature product ' +
    'platform cloud data backup backups quota permission permissions security key keys token ' +
    'tokens password session sessions browser mobile email job jobs cron batch script scripts ' +
    'query queries index table tables schema rule rules change changed deploying rolled ' +
    'broker brokers topic partition partitions etcd bgp routes routing route load balancers ' +
    'proxy ingress endpoint endpoints latencies spike spikes crash crashed crashes oom leak ' +
    'memory heap thread threads connection connections pool socket sockets port packets ' +
    'incident_commander mttr pages paging oncall outage degraded degradation availability ' +
    'uptime nines budget burn alertmanager pagerduty opsgenie datadog splunk elk loki ' +
    'synthetic probe probes checks check healthchecks latency sli slo'
  ).split(' '),
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
      onTopic: tokens.some((t) => DOMAIN.has(t)),
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
