import {
  AUXILIARIES,
  CONDITIONALS,
  CONTRAST,
  DETERMINERS,
  DISCOURSE,
  IRREGULAR_PAST,
  MODALS,
  MODAL_HAVE,
  NEGATIVE_SUBJECTS,
  NEGATORS,
  NOT_VERBS,
  NO_OUTCOME_AFTER,
  PREPOSITIONS,
  SUBJECT_PRONOUNS,
  VERB_BASES,
  WISH_WORDS,
} from './lexicon';

/**
 * Who a clause is about: the speaker ("i"), the speaker's group ("we"), a named or unnamed
 * team ("team": "the payments team", "my team"), another person ("someone": "my manager",
 * "somebody"), third persons ("they"), a denied subject ("nobody"), a thing or event ("thing":
 * "the error rate", "it"), or no subject at all ("none": a list of words).
 */
export type SubjectKind = 'i' | 'we' | 'they' | 'team' | 'someone' | 'nobody' | 'thing' | 'none';

/**
 * How a clause stands to what happened: a statement of fact; a counterfactual ("I would have
 * rolled back", "I should have", "if I had"), which reports nothing that happened; a prospective
 * plan or proposal ("I would tighten", "we will add"); or a condition ("if the rate stays low").
 */
export type Mood = 'fact' | 'counterfactual' | 'prospective' | 'conditional';

/** What the grammar of one clause says. Token indices are into the clause's own tokens. */
export interface ClauseGrammar {
  subject: SubjectKind;
  /** Index of the subject's head token, or -1 (none found, or inherited). */
  subjectAt: number;
  /** True when the subject was carried over from the clause before: "and rolled it back". */
  subjectInherited: boolean;
  /** Index of the first finite verb, or -1 when the clause has none. */
  verbAt: number;
  /** True when the clause tells an event or state: a subject with a finite verb. */
  isEvent: boolean;
  /** True when the clause's claim is denied ("I did not", "nobody wrote", "we never"). */
  negated: boolean;
  /** Token range [from, to] the negation covers, or null. */
  negationScope: [number, number] | null;
  mood: Mood;
}

const TEAM_HEADS = new Set(['team', 'teams', 'squad', 'org', 'department', 'vendor', 'folks']);
const SOMEONE = new Set([
  'someone',
  'somebody',
  'manager',
  'lead',
  'boss',
  'colleague',
  'teammate',
  'dba',
  'engineer',
  'developer',
  'developers',
  'engineers',
  'commander',
]);
const ADVERB_SKIP = new Set([
  'just',
  'then',
  'also',
  'quickly',
  'immediately',
  'finally',
  'first',
  'actually',
  'really',
  'basically',
  'personally',
  'eventually',
  'manually',
  'still',
  'never',
  'not',
  'even',
  'already',
  'probably',
  'definitely',
  'only',
  'always',
]);
const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million zero'.split(
    ' ',
  ),
);

function isNumberWord(word: string): boolean {
  return NUMBER_WORDS.has(word);
}

const CLOCK = /^\d{1,2}(?::\d\d)?(?:am|pm)?$/;

function stemIsVerb(word: string): boolean {
  if (VERB_BASES.has(word)) return true;
  const candidates: string[] = [];
  if (word.endsWith('ied')) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('ies')) candidates.push(`${word.slice(0, -3)}y`);
  if (word.endsWith('ed')) candidates.push(word.slice(0, -2), word.slice(0, -1), word.slice(0, -3));
  if (word.endsWith('es')) candidates.push(word.slice(0, -2), word.slice(0, -1));
  if (word.endsWith('s')) candidates.push(word.slice(0, -1));
  if (word.endsWith('ing'))
    candidates.push(word.slice(0, -3), `${word.slice(0, -3)}e`, word.slice(0, -4));
  return candidates.some((c) => VERB_BASES.has(c));
}

/** True when a word can be a verb form: an auxiliary, a modal, a past tense, a known verb. */
export function isVerbForm(word: string): boolean {
  if (word === '' || NOT_VERBS.has(word)) return false;
  if (AUXILIARIES.has(word) || MODALS.has(word) || IRREGULAR_PAST.has(word)) return true;
  if (stemIsVerb(word)) return true;
  return word.length > 4 && word.endsWith('ed');
}

/** True when a word, right after a subject, is a finite verb (not a base form noun). */
function isFinite(word: string, afterPronoun: boolean): boolean {
  if (word === '' || NOT_VERBS.has(word)) return false;
  if (AUXILIARIES.has(word) || MODALS.has(word) || IRREGULAR_PAST.has(word)) return true;
  if (word.length > 3 && word.endsWith('ed')) return true;
  if (!stemIsVerb(word)) return false;
  // "we page the on-call" (a pronoun then a base form) is finite; "the alert pages" needs -s.
  if (afterPronoun) return !word.endsWith('ing');
  return word.endsWith('s') && !word.endsWith('ss');
}

/** Words after "not" that make it deny an adjunct, not the clause: "not by a disk alert". */
const ADJUNCT_AFTER_NOT = new Set([
  'by',
  'just',
  'only',
  'because',
  'from',
  'for',
  'through',
  'via',
  'to',
  'about',
]);

function isNegator(tokens: readonly string[], i: number): boolean {
  const w = tokens[i] ?? '';
  if (w === 'not' && ADJUNCT_AFTER_NOT.has(tokens[i + 1] ?? '')) return false;
  if (w === 'no') return !NO_OUTCOME_AFTER.has(tokens[i + 1] ?? '');
  return NEGATORS.has(w) || w.endsWith("n't");
}

interface Subject {
  kind: SubjectKind;
  at: number;
  /** Index after the subject's noun phrase. */
  next: number;
}

function findSubject(tokens: readonly string[]): Subject | null {
  let i = 0;
  // Discourse openers and a clock time ("so at 2:14 am") come before the subject.
  while (i < tokens.length) {
    const w = tokens[i] ?? '';
    if (DISCOURSE.has(w) && !SUBJECT_PRONOUNS.has(w)) i++;
    else if (w === 'at' && CLOCK.test(tokens[i + 1] ?? '')) {
      i += 2;
      if (tokens[i] === 'am' || tokens[i] === 'pm') i++;
    } else break;
  }
  for (let j = i; j < tokens.length && j < i + 8; j++) {
    const w = tokens[j] ?? '';
    if (NEGATIVE_SUBJECTS.has(w) || (w === 'no' && tokens[j + 1] === 'one')) {
      return { kind: 'nobody', at: j, next: w === 'no' ? j + 2 : j + 1 };
    }
    const pronoun = SUBJECT_PRONOUNS.get(w);
    if (pronoun !== undefined) {
      if (pronoun !== 'other') return { kind: pronoun, at: j, next: j + 1 };
      // "that" and "this" are subjects only when a verb follows ("that was the fix").
      if ((w === 'that' || w === 'this') && !isVerbForm(tokens[j + 1] ?? '')) continue;
      return { kind: 'thing', at: j, next: j + 1 };
    }
    if (DETERMINERS.has(w) || (!PREPOSITIONS.has(w) && !isVerbForm(w))) {
      // A noun phrase: up to four words, the last one its head.
      let k = j;
      while (k < tokens.length && k < j + 5) {
        const t = tokens[k] ?? '';
        if (TEAM_HEADS.has(t)) return { kind: 'team', at: k, next: k + 1 };
        if (SOMEONE.has(t)) return { kind: 'someone', at: k, next: k + 1 };
        if (k > j && (isVerbForm(t) || PREPOSITIONS.has(t))) break;
        k++;
      }
      if (k > j && k < tokens.length && isVerbForm(tokens[k] ?? '') && !PREPOSITIONS.has(w)) {
        return { kind: 'thing', at: k - 1, next: k };
      }
      return null;
    }
    if (isVerbForm(w) || PREPOSITIONS.has(w)) return null;
  }
  return null;
}

const PERSONAL = new Set(['i', 'we', 'they', 'he', 'she', 'you']);

/** A personal pronoun later in the clause, after a fronted phrase ("at 2:14 in the morning i got paged"). */
function laterPronoun(tokens: readonly string[]): Subject | null {
  for (let j = 0; j < tokens.length - 1; j++) {
    const w = tokens[j] ?? '';
    const kind = SUBJECT_PRONOUNS.get(w);
    if (kind === undefined || kind === 'other' || !PERSONAL.has(w.replace(/'.*$/, ''))) continue;
    const next = tokens[j + 1] ?? '';
    if (/'/.test(w) || isVerbForm(next) || ADVERB_SKIP.has(next))
      return { kind, at: j, next: j + 1 };
  }
  return null;
}

function firstContent(tokens: readonly string[]): number {
  let i = 0;
  while (i < tokens.length && DISCOURSE.has(tokens[i] ?? '')) i++;
  return i;
}

function moodOf(tokens: readonly string[], verbAt: number, subjectAt: number): Mood {
  // Only the clause's own verb sets its mood: "I drained the nodes since moving would have
  // added 15 minutes" is a fact with a counterfactual aside.
  const last = verbAt < 0 ? tokens.length - 1 : Math.min(tokens.length - 1, verbAt + 1);
  for (let i = 0; i <= last; i++) {
    const w = tokens[i] ?? '';
    if (MODAL_HAVE.has(w)) return 'counterfactual';
    if (WISH_WORDS.has(w) && w === 'wish' && i > 0) return 'counterfactual';
    if (MODALS.has(w) && w !== 'can' && w !== 'will' && w !== "'ll") {
      let k = i + 1;
      while (ADVERB_SKIP.has(tokens[k] ?? '') || NEGATORS.has(tokens[k] ?? '')) k++;
      const next = tokens[k] ?? '';
      if (next === 'have' || next === 'of' || next === "'ve") return 'counterfactual';
    }
    // "if I had paged them", "had I known": a past condition that did not happen.
    if (
      CONDITIONALS.has(w) &&
      SUBJECT_PRONOUNS.has(tokens[i + 1] ?? '') &&
      tokens[i + 2] === 'had' &&
      isVerbForm(tokens[i + 3] ?? '')
    ) {
      return 'counterfactual';
    }
  }
  const start = firstContent(tokens);
  if (CONDITIONALS.has(tokens[start] ?? '')) return 'conditional';
  const verb = tokens[verbAt] ?? '';
  if (verbAt >= 0 && subjectAt < verbAt) {
    if (/^(?:would|should|will|shall|might|may|'d|'ll)$/.test(verb)) return 'prospective';
    // "we could add a canary" proposes; "users could not log in" reports what happened.
    if (verb === 'could' && !NEGATORS.has(tokens[verbAt + 1] ?? '')) return 'prospective';
    if (/'(?:d|ll)$/.test(tokens[subjectAt] ?? '')) return 'prospective';
    if (verb === 'going' && tokens[verbAt + 1] === 'to') return 'prospective';
  }
  if (/'(?:d|ll)$/.test(tokens[subjectAt] ?? '') && !tokens.includes('had')) return 'prospective';
  return 'fact';
}

/**
 * Reads one clause's grammar from its normalised tokens (lower case, one word each): the
 * subject and its kind, the first finite verb, whether the clause is an event (a subject with a
 * finite verb, or a verb continuing the subject of `previous`), negation and its scope, and the
 * mood. Negation covers from the negating word to the next contrast ("but", "instead") or the
 * clause's end; "no more", "no longer" and "no repeat" are measured outcomes, not denials.
 * Works on unpunctuated, lower-case speech; an empty clause has subject "none".
 */
export function readClauseGrammar(
  tokens: readonly string[],
  previous?: Pick<ClauseGrammar, 'subject' | 'isEvent'>,
): ClauseGrammar {
  let subject = findSubject(tokens) ?? laterPronoun(tokens);
  let inherited = false;
  let verbAt = -1;
  if (subject) {
    const pronoun = SUBJECT_PRONOUNS.has(tokens[subject.at] ?? '');
    const countLed =
      /^[\d$€£]/.test(tokens[firstContent(tokens)] ?? '') ||
      isNumberWord(tokens[firstContent(tokens)] ?? '');
    // A contracted subject carries its auxiliary: "i'd", "we've", "it's".
    if (/'(?:d|ll|ve|m|re|s)$/.test(tokens[subject.at] ?? '')) verbAt = subject.at;
    for (let k = subject.next; verbAt < 0 && k < tokens.length && k < subject.next + 5; k++) {
      const w = tokens[k] ?? '';
      if (ADVERB_SKIP.has(w)) continue;
      if (isFinite(w, pronoun || subject.kind !== 'thing')) {
        // "twelve thousand users affected": a participle after a bare count is no verb.
        if (!(w.endsWith('ed') && subject.kind === 'thing' && !pronoun && countLed)) verbAt = k;
        else break;
      } else if (subject.kind === 'thing' && !pronoun && !PREPOSITIONS.has(w)) continue;
      else break;
    }
  }
  if (verbAt < 0 && previous && previous.isEvent && previous.subject !== 'none') {
    // Ellipsis: "and rolled it back", "then drained the nodes".
    const at = firstContent(tokens);
    const w = tokens[at] ?? '';
    if (at > 0 && (IRREGULAR_PAST.has(w) || (w.endsWith('ed') && isVerbForm(w)))) {
      subject = { kind: previous.subject, at: -1, next: at };
      inherited = true;
      verbAt = at;
    }
  }
  const kind: SubjectKind = subject ? subject.kind : 'none';
  const isEvent = subject !== null && verbAt >= 0;

  let negated = false;
  let negationScope: [number, number] | null = null;
  const negFrom =
    kind === 'nobody' && subject
      ? subject.at
      : tokens.findIndex(
          (_, i) =>
            isNegator(tokens, i) &&
            // Only a negation on the clause's own verb denies it, not one in a "because" clause.
            verbAt >= 0 &&
            i > (subject?.at ?? -1) &&
            i <= verbAt + 2,
        );
  if (negFrom >= 0 && (isEvent || kind === 'nobody')) {
    let to = tokens.length - 1;
    for (let k = negFrom + 1; k < tokens.length; k++) {
      if (CONTRAST.has(tokens[k] ?? '')) {
        to = k - 1;
        break;
      }
    }
    negated = true;
    negationScope = [negFrom, to];
  }
  return {
    subject: kind,
    subjectAt: inherited ? -1 : (subject?.at ?? -1),
    subjectInherited: inherited,
    verbAt,
    isEvent,
    negated,
    negationScope,
    mood: moodOf(tokens, verbAt, subject?.at ?? -1),
  };
}
