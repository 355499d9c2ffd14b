/**
 * Closed word classes of spoken English and a compact verb lexicon, enough to find a clause's
 * subject, its verb, its negation and its mood without a tagger. Every entry is lower case and
 * normalised the way `normalizeWord` writes words (straight apostrophes).
 */

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(/\s+/).filter((w) => w.length > 0));
}

/** Personal pronouns that can be a clause's subject, by the person they name. */
export const SUBJECT_PRONOUNS: ReadonlyMap<string, 'i' | 'we' | 'they' | 'other'> = new Map([
  ['i', 'i'],
  ["i'm", 'i'],
  ["i've", 'i'],
  ["i'd", 'i'],
  ["i'll", 'i'],
  ['we', 'we'],
  ["we're", 'we'],
  ["we've", 'we'],
  ["we'd", 'we'],
  ["we'll", 'we'],
  ['they', 'they'],
  ["they're", 'they'],
  ["they've", 'they'],
  ["they'd", 'they'],
  ["they'll", 'they'],
  ['he', 'they'],
  ['she', 'they'],
  ["he'd", 'they'],
  ["she'd", 'they'],
  ['you', 'other'],
  ["you'd", 'other'],
  ['it', 'other'],
  ["it's", 'other'],
  ['that', 'other'],
  ["that's", 'other'],
  ['this', 'other'],
  ['there', 'other'],
  ["there's", 'other'],
  ['which', 'other'],
  ['who', 'other'],
  ['everything', 'other'],
  ['everyone', 'other'],
  ['things', 'other'],
]);

/** Words that negate the whole subject: "nobody wrote a runbook". */
export const NEGATIVE_SUBJECTS = set('nobody noone none neither');

/** Negating words and contractions: "not", "never", "didn't", "wasn't". */
export const NEGATORS = set(
  "not never no nor n't didn't don't doesn't wasn't weren't isn't aren't haven't hasn't hadn't " +
    "won't wouldn't couldn't shouldn't can't cannot mustn't didnt dont doesnt wasnt werent isnt " +
    'arent havent hasnt hadnt wont wouldnt couldnt shouldnt cant',
);

/** Words after "no" that make it a measured outcome rather than a denial: "no more pages". */
export const NO_OUTCOME_AFTER = set('more longer repeat repeats further new');

/** Modal verbs, contracted forms included. */
export const MODALS = set(
  "would could should might may must will shall can 'd 'll wouldn't couldn't shouldn't won't " +
    "can't cannot i'd we'd you'd they'd he'd she'd it'd i'll we'll you'll they'll it'll " +
    "would've could've should've might've must've woulda coulda shoulda",
);

/** Contractions that already hold "have" after a modal: "would've". */
export const MODAL_HAVE = set("would've could've should've might've must've woulda coulda shoulda");

/** Auxiliaries and the copula in every form (modals apart). */
export const AUXILIARIES = set(
  "am is are was were be been being have has had having do does did i'm we're they're you're " +
    "he's she's it's that's there's i've we've they've you've didn't don't doesn't wasn't " +
    "weren't isn't aren't haven't hasn't hadn't didnt dont doesnt wasnt werent isnt arent " +
    'havent hasnt hadnt',
);

/** Words that open a clause without carrying its meaning: "so", "and then", "well". */
export const DISCOURSE = set(
  'so and then but also well okay ok right now yeah yes basically actually honestly first ' +
    'second third next finally eventually afterwards meanwhile anyway because since after ' +
    'before when once while as just really even still again though although however plus',
);

/** Prepositions, which never start a subject noun phrase. */
export const PREPOSITIONS = set(
  'at in on by for with from to into onto of about over under after before during within ' +
    'without across through throughout per via against between among around toward towards ' +
    'since until upon off out up down than like',
);

/** Determiners and possessives that open a noun phrase. */
export const DETERMINERS = set(
  'the a an our my their his her its this that these those each every some any another one ' +
    'two both all no which what whose',
);

/** Subordinators that make a clause depend on another: "if", "when", "because". */
export const CONDITIONALS = set('if unless whenever');

/** Past tenses that do not end in -ed. */
export const IRREGULAR_PAST = set(
  'was were had did went came saw took made got found thought told said brought caught ' +
    'built wrote ran began led kept left felt knew put set cut shut split spent sent lost ' +
    'held gave heard became broke chose drove fell hit hid meant met paid read rode rose ' +
    'sat sold shook sought stood stuck struck swung taught threw understood woke won withdrew ' +
    'forgot froze grew hung laid lit overran overrode rebuilt rewrote undid upheld oversaw ' +
    'spun fought bought dug fed fled flew let quit shot slid slept spoke stole swept tore',
);

/**
 * Verbs in base form that speakers use for events, in incidents and designs alike. Their
 * -s, -ed and -ing forms are recognised by `isVerbForm`.
 */
export const VERB_BASES = set(
  'page roll revert restart declare chair lead run write own drive decide call open notice ' +
    'check pull fail escalate coordinate scale drain ship deploy fix disable enable flip trace ' +
    'find bisect start add build propose present facilitate file update push take look ' +
    'investigate figure mitigate isolate identify diagnose kill reboot triage communicate ' +
    'notify post increase reduce lower raise change move switch block throttle cordon pick ' +
    'choose confirm test automate revise tighten remove migrate patch apply spot catch dig ' +
    'handle set kick restore measure track instrument alert fire trigger scrape export ' +
    'aggregate collect store route group dedupe deduplicate suppress inhibit escalate ' +
    'review ask need want try get make give keep let see say tell think know learn teach ' +
    'hold show help use send stay burn drop rise jump climb spike fall go come wake ' +
    'recover resolve stabilise stabilize affect impact break hit cost save lose spend wait ' +
    'cause require gate slow speed cut halve double split shard shed purge flush clear ' +
    'serve handle process return time retry queue replay replicate promote demote ' +
    'rebalance provision plan agree argue blame complain miss skip attend join own wrote ' +
    'lead sit compare correlate graph chart watch monitor page sample compute calculate ' +
    'define state expose emit report record log ticket assign reopen close merge reject ' +
    'accept trade adopt introduce replace retire rewrite refactor tune configure hand pass ' +
    'work help mean seem feel become begin end finish stop pause resume continue happen ' +
    'spread grow shrink exceed breach violate miss meet reach land cover own',
);

/** Words ending in -ed or -ing that are not verbs. */
export const NOT_VERBS = set(
  'need speed feed seed red bed shed hundred thing nothing something anything everything ' +
    'morning evening during ceiling string ring king spring wing bring sing ping ' +
    'building meeting warning setting logging pipeline paging tracing monitoring alerting ' +
    'timing thing ongoing upcoming incoming outgoing ending heading wedding',
);

/** Counterfactual markers that on their own turn a clause into a wish: "I wish", "ideally". */
export const WISH_WORDS = set('wish ideally hopefully');

/** Words that start a contrast and end a negation's scope: "but", "instead". */
export const CONTRAST = set('but instead rather though although yet');
