/**
 * Offensive comments recognised by their structure rather than by phrase:
 *
 * - a reference to a group or to a person's protected characteristic
 *   ("pensioners", "Muslim neighbours", "women like you", "your lot");
 * - a generalising or prescriptive frame ("are all", "always", "shouldn't be
 *   allowed to", "typical …", "… like you");
 * - a negative evaluation ("thieves", "a burden", "on the fiddle").
 *
 * Insults addressed to a person ("you spineless little worm", "his mum is a fat
 * useless cow") are the same shape with a person in place of the group.
 *
 * Reports of abuse, quotations and counter-speech are decided clause by clause
 * (`isReportedOrCountered`): a reporting word suppresses only what follows it in
 * its own clause, or what it quotes.
 */
import { AFINN_NEGATIVE } from './afinn-negative.js';
import { AFINN_POSITIVE } from './afinn-positive.js';
import type { Finding } from '../policy.types.js';
import {
  anyIn,
  isNegation,
  negationWithin,
  PhraseLexicon,
  RELATIVE_PRONOUNS,
  RoleMemo,
  sentenceEnd,
  sentenceStart,
  tokensOf,
  type Token,
  type Tokens,
} from './clauses.js';
import {
  ABSTRACT_GROUP_NOUNS,
  GROUP_NOUNS,
  PRESCRIPTIVE_EXCEPTION_PHRASES,
  PRESCRIPTIVE_EXCEPTIONS,
  type Characteristic,
} from './offensive.lexicon.js';
import { disagreedAfter, endorsedAfter, endorsedBefore, endorsedWithin } from './offensive.endorsement.js';
import { answeredAgainst, deniedInAnswer, hostileSpeechActAt, startsHostileSpeechAct } from './offensive.speech-acts.js';
import {
  namesThing,
  OWNERS,
  PERSON_NOUNS,
  SAID,
  SECOND_PERSON,
  SELF,
  THEY_ANAPHORA as ANAPHORA,
  THIRD_PERSON,
  phrases,
  valuedPhrases,
  VOICED,
  words,
  WRITER_AS_SUBJECT,
} from './person.lexicon.js';

/** Adjectives naming a characteristic; before a person noun they make a group ("Roma families", "SNP lot"). */
export const GROUP_ADJECTIVES: Record<Exclude<Characteristic, 'person'>, readonly string[]> = {
  age: ['old', 'elderly', 'older', 'young', 'teenage', 'retired'],
  gender: ['non binary', 'female', 'male', 'trans', 'transgender'],
  race: ['black', 'white', 'asian', 'roma', 'gypsy', 'traveller', 'brown', 'mixed race', 'ethnic'],
  disability: [
    'depressed',
    'dyslexic',
    'schizophrenic',
    'bipolar',
    'adhd',
    'disabled',
    'autistic',
    'deaf',
    'blind',
    'mental',
    'handicapped',
    'special needs',
    'wheelchair',
    'mentally ill',
    'mentally disabled',
    'learning disabled',
    'visually impaired',
    'hearing impaired',
    'physically disabled',
  ],
  'sexual orientation': ['gay', 'lesbian', 'bisexual', 'queer', 'bent', 'homosexual', 'same sex'],
  'religious belief': [
    'muslim',
    'jewish',
    'christian',
    'catholic',
    'protestant',
    'hindu',
    'sikh',
    'buddhist',
    'religious',
    'mosque',
    'church',
  ],
  'political belief': [
    'tory',
    'labour',
    'reform',
    'conservative',
    'leftie',
    'lefty',
    'green',
    'snp',
    'lib dem',
    'green party',
    'labour party',
    'reform party',
    'tory party',
    'conservative party',
    'brexit',
    'remain',
    'trade union',
    'socialist',
    'communist',
    'woke',
  ],
  nationality: [
    'foreign',
    'immigrant',
    'migrant',
    'refugee',
    'polish',
    'romanian',
    'albanian',
    'somali',
    'nigerian',
    'pakistani',
    'indian',
    'chinese',
    'french',
    'scottish',
    'irish',
    'english',
    'welsh',
    'eastern european',
    'european',
    'african',
    'arab',
    'kurdish',
    'bulgarian',
    'lithuanian',
    'american',
    'spanish',
    'italian',
    'portuguese',
    'greek',
    'turkish',
    'russian',
    'ukrainian',
    'german',
    'dutch',
    'jamaican',
    'ghanaian',
    'bangladeshi',
    'afghan',
    'iraqi',
    'iranian',
    'syrian',
    'vietnamese',
    'filipino',
    'brazilian',
    'hungarian',
    'czech',
    'slovak',
    'latvian',
    'estonian',
    'sudanese',
    'eritrean',
    'ethiopian',
    'congolese',
    'zimbabwean',
    'kenyan',
    'moroccan',
    'algerian',
    'egyptian',
    'libyan',
    'yemeni',
    'nepalese',
    'tamil',
    'kosovan',
  ],
};

/** "your lot", "you people", "the likes of you": a group defined by the person addressed. */
const COLLECTIVES = [
  'them sort',
  'folk like that',
  'folk like you',
  'people like that',
  'that generation',
  'your generation',
  'his generation',
  'her generation',
  'kids your age',
  'people at your age',
  'people of that age',
  'your lot',
  'you lot',
  'ur lot',
  'yer lot',
  'them lot',
  'that lot',
  'this lot',
  'the lot of them',
  'the lot of you',
  'your sort',
  'ur sort',
  'your kind',
  'your type',
  'your people',
  'their sort',
  'their kind',
  'their type',
  'that sort',
  'you people',
  'his sort',
  'his kind',
  'his lot',
  'his type',
  'her sort',
  'her kind',
  'her lot',
  'her type',
  'that crowd',
  'your crowd',
  'people like that',
  'the lot of em',
  "they're all",
  'theyre all',
  'they are all',
  'those people',
  'these people',
  'people like you',
  'people like u',
  'people like them',
  'people like her',
  'people like him',
  'the likes of you',
  'the likes of them',
  'people round here',
  'people from round here',
];

/**
 * Organised crime pinned on a group by who runs it: "the Turks are the ones who run the protection rackets", "the
 * Somalis control the crack dens". The crime's name carries no negative word of its own, and a group is as
 * often its victim or its opponent ("groomed into county lines", "reported the brothel", "a session on county lines"),
 * so only running it judges.
 */
const ORGANISED_CRIMES = [
  'rackets',
  'protection rackets',
  'grooming gangs',
  'county lines',
  'cannabis factories',
  'cannabis farms',
  'brothels',
  'crack dens',
  'trafficking',
  'people smuggling',
  'drugs trade',
  'drug trade',
  'drug gangs',
  'drugs gangs',
];
const CRIME_RUNNERS = [
  'run',
  'runs',
  'running',
  'ran',
  'control',
  'controls',
  'controlling',
  'organise',
  'organises',
  'organize',
  'organizes',
];
const ORGANISED_CRIME_RUN = CRIME_RUNNERS.flatMap((v) =>
  ORGANISED_CRIMES.flatMap((c) => [`${v} the ${c}`, `${v} ${c}`, `${v} all the ${c}`]),
);
const CRIME_LAST_WORDS: ReadonlySet<string> = new Set(ORGANISED_CRIMES.map((c) => c.split(' ').at(-1)!));
const CRIME_RUNNER_WORDS: ReadonlySet<string> = new Set(CRIME_RUNNERS);
/**
 * What may follow the crime's name for the name to be the object itself: the clause's end, or a word that starts a
 * place, a time, a list or a relative clause. Any other word makes the name a modifier ("run the county lines
 * awareness evening", "ran the grooming gangs inquiry stall"), and the object is something else.
 */
const AFTER_CRIME = new Set(
  (
    'round around here there in on at across near from with and or but now nowadays these days today anyway too ' +
    'as well all everywhere who that which they them lot again mostly still back then'
  ).split(' '),
);

/** Who a relative clause's running is pinned on: "the ones who run …", "that lot who run …". */
const RUNNING_ONES = new Set(['ones', 'lot', 'group']);
/** Words that may stand between "it's" and "the" in a cleft: "it's always the …". */
const CLEFT_ADVERBS = new Set(['always', 'mostly', 'usually', 'just', 'only', 'all']);
/** What may come just before a cleft's "it's" in its clause: a conjunction or an aside, not a verb that reports it. */
const CLEFT_LEADS = new Set(['and', 'but', 'so', 'well', 'honestly', 'frankly', 'basically', 'yeah', 'cos', 'because', 'coz']);
/**
 * Is the relative pronoun at `rel` the end of a cleft, "it's (always) the <group> who …", said in the writer's own
 * voice: what the relative clause says is said of the group named between ("it's the Albanians who control the county
 * lines"). Not
 * when the cleft is what someone else says or assumes ("people assume it's the Albanians who …", "don't let anyone
 * tell you it's …", "the police say it's …"): a word other than a conjunction before its "it's" in the same clause.
 */
function cleftBefore(tokens: readonly Token[], rel: number): boolean {
  // "it's the Albanians who control the county lines? no it isn't": asked, not said.
  if (statementSentences?.[tokens[rel]!.sentence]?.question === true) return false;
  for (let k = rel - 2; k >= 0 && k >= rel - 4; k--) {
    if (tokens[k]!.w !== 'the' || tokens[k]!.clause !== tokens[rel]!.clause) continue;
    let o = k - 1;
    if (CLEFT_ADVERBS.has(tokens[o]?.w ?? '')) o--;
    const w = tokens[o]?.w ?? '';
    let start: number;
    if (w === "it's" || w === 'its') start = o;
    else if ((w === 'is' || w === 'was') && tokens[o - 1]?.w === 'it') start = o - 1;
    else return false;
    const lead = tokens[start - 1];
    return lead === undefined || lead.clause !== tokens[start]!.clause || CLEFT_LEADS.has(lead.w);
  }
  return false;
}
const CRIME_NAMES: ReadonlySet<string> = new Set(ORGANISED_CRIMES);
const PINNED_COPULAS = new Set(['are', 'is', 'were', 'was', "'re"]);
const PINNING_QUANTIFIERS = new Set('all always mostly usually basically mainly largely nearly almost practically'.split(' '));
const CRIME_PARTICIPLES = new Set(['run', 'controlled', 'organised', 'organized']);
/** Words that may stand between a crime's name and its copula: a place or a time ("the brothels round here are …"). */
const CRIME_SUBJECT_PLACE = new Set(
  'round around here there in this our the local town city area estate uk country nowadays these days now today'.split(' '),
);
/** Who a crime may be pinned on by "run by …" or "are all …": a people, a race or a faith (not an age: "the county lines runners are all kids" is a safeguarding fact). */
const PINNED_ON: ReadonlySet<Characteristic> = new Set<Characteristic>(['nationality', 'race', 'religious belief']);
/**
 * Organised crime pinned on a group named after it, as the agent of a passive or as what the crime's people all are:
 * "all the brothels are run by Romanians", "the drugs trade round here is controlled by Albanians", "the grooming gangs
 * are all Pakistani". The crime's name must be the clause's subject (not "the victims of the grooming gangs were all …"),
 * and a bare copula must be made general ("are all", "are mostly"): "the gang was Albanian" reports one. Returns where
 * the statement starts, or -1.
 */
function crimePinnedBefore(tokens: readonly Token[], i: number, groupLast: number, value: Characteristic): number {
  if (!PINNED_ON.has(value)) return -1;
  const clause = tokens[i]!.clause;
  const inClause = (k: number): boolean => k >= 0 && tokens[k]!.clause === clause;
  let k = i - 1;
  if (tokens[k]?.w === 'the') k--;
  let passive = false;
  if (tokens[k]?.w === 'by' && CRIME_PARTICIPLES.has(tokens[k - 1]?.w ?? '')) {
    passive = true;
    k -= 2;
  }
  let quantified = false;
  while (inClause(k) && PINNING_QUANTIFIERS.has(tokens[k]!.w)) {
    quantified = true;
    k--;
  }
  if (!inClause(k) || !PINNED_COPULAS.has(tokens[k]!.w) || !(passive || quantified)) return -1;
  // The subject: a crime's name, with at most a place or a time after it.
  let c = k - 1;
  while (inClause(c) && c >= k - 5 && !CRIME_LAST_WORDS.has(tokens[c]!.w)) {
    if (!CRIME_SUBJECT_PLACE.has(tokens[c]!.w)) return -1;
    c--;
  }
  if (!inClause(c) || !CRIME_LAST_WORDS.has(tokens[c]!.w)) return -1;
  let start = -1;
  if (CRIME_NAMES.has(tokens[c]!.w)) start = c;
  if (inClause(c - 1) && CRIME_NAMES.has(`${tokens[c - 1]!.w} ${tokens[c]!.w}`)) start = c - 1;
  if (start < 0) return -1;
  // Nothing before the name but a determiner: "victims of the grooming gangs are all …" is about the victims.
  let s = start;
  while (
    inClause(s - 1) &&
    (tokens[s - 1]!.w === 'the' ||
      tokens[s - 1]!.w === 'all' ||
      tokens[s - 1]!.w === 'these' ||
      tokens[s - 1]!.w === 'those' ||
      tokens[s - 1]!.w === 'most')
  )
    s--;
  if (inClause(s - 1) && !CLEFT_LEADS.has(tokens[s - 1]!.w)) return -1;
  // The trafficked as its victims, not its runners: "trafficking here is mostly Vietnamese kids".
  if (!passive && (tokens[start]!.w === 'trafficking' || tokens[start]!.w === 'smuggling')) return -1;
  // A people named as who a gang or its victims are ("run by the Romanian gang that got sentenced", "mostly Chinese
  // women who've been trafficked"), not the whole people.
  if (anyIn(tokens, i, groupLast + 2, PINNED_NOUNS) || anyIn(tokens, i, sentenceEnd(tokens, i), PINNED_CASE)) return -1;
  // A passive with no "all" or "mostly" generalises only in the present: "the brothels were run by Romanians" tells one case.
  if (passive && !quantified && tokens[k]!.w !== 'are' && tokens[k]!.w !== 'is' && tokens[k]!.w !== "'re") return -1;
  if (accountOrAsked(tokens, s, i)) return -1;
  return s;
}
/** Nouns just after the people's name that make it one gang or the victims: "the Romanian gang", "Vietnamese kids". */
const PINNED_NOUNS = new Set(
  'gang gangs group groups crime organised organized nationals kids children child women girls boys minors victims victim'.split(' '),
);
/** Words anywhere in the sentence that make it a case or its victims: "… who had been trafficked", "… that got sentenced". */
const PINNED_CASE = new Set('trafficked exploited forced groomed sentenced convicted jailed arrested charged safeguarding'.split(' '));

/**
 * Words that make a sentence an account of what someone else said, found or logged: "the police say …", "…, the
 * court heard", "according to his dad, …", "Caller: …", "…, said no clinician ever".
 */
const ACCOUNT_WORDS = new Set(
  'say says said saying told tells heard found according reported reports reporting claims claimed alleged allegedly caller callers court police review audit inquiry complaint complained logged'.split(
    ' ',
  ),
);
/**
 * Is the statement from token `from` to `last` someone else's, or asked: a question, a sentence with an account word,
 * a clause in quotation marks or after a label ("Dad: ADHD doesn't exist")?
 */
function accountOrAsked(tokens: readonly Token[], from: number, last: number): boolean {
  const sentence = tokens[from]!.sentence;
  if (statementSentences?.[sentence]?.question === true) return true;
  for (let k = from - 1; k >= 0 && tokens[k]!.sentence === sentence; k--) if (ACCOUNT_WORDS.has(tokens[k]!.w)) return true;
  for (let k = last + 1; k < tokens.length && tokens[k]!.sentence === sentence; k++) if (ACCOUNT_WORDS.has(tokens[k]!.w)) return true;
  // The characters before the clause's first word: a quotation mark or a label's colon.
  let c = tokens[from]!.start - 1;
  while (c >= 0 && statementText.charCodeAt(c) === 32) c--;
  const before = statementText[c] ?? '';
  return before === "'" || before === '"' || before === '‘' || before === '“' || (before === ':' && statementText[c - 1] !== ' ');
}

/**
 * The evaluations, where a crime run is one only when its name is the object (see AFTER_CRIME), and only when the
 * running is the subject's own: not "forced to run county lines", "recruited to run the brothels" (done to them), nor
 * "terrified of the gangs that run county lines" (someone else's), but "the ones who run the rackets".
 */
class EvaluationLexicon extends PhraseLexicon<true> {
  override match(tokens: readonly Token[], at: number): { value: true; last: number } | null {
    const m = super.match(tokens, at);
    if (m === null || !CRIME_RUNNER_WORDS.has(tokens[at]!.w) || !CRIME_LAST_WORDS.has(tokens[m.last]!.w)) return m;
    const before = tokens[at - 1]?.w ?? '';
    if (before === 'to' || (RELATIVE_PRONOUNS.has(before) && !RUNNING_ONES.has(tokens[at - 2]?.w ?? '') && !cleftBefore(tokens, at - 1)))
      return null;
    const next = tokens[m.last + 1];
    if (next === undefined || next.clause !== tokens[m.last]!.clause || AFTER_CRIME.has(next.w)) return m;
    return null;
  }
}

/**
 * Negative evaluations: what a hostile statement says the group is or does. Some
 * include a negation of their own ("can't be trusted", "not natural"); they are
 * matched before the negation check.
 */
const EVALUATIONS = [
  'cowboys',
  'drug dealers',
  'dealers',
  'dinosaurs',
  'drop dead',
  'scammers',
  'locusts',
  'a jungle',
  'jungle',
  'hippies',
  'unwashed',
  'child abuse',
  'a disease',
  'disease',
  'spread disease',
  'attention seekers',
  'a fad',
  'no hygiene',
  'zero clue',
  // A faculty denied a group: "women just don't have the backbone for it".
  "don't have the brains",
  "don't have the backbone",
  "don't have the bottle",
  "don't have the guts",
  "don't have the nous",
  "don't have the intelligence",
  "don't have the temperament",
  "don't have the spine",
  "don't have the common sense",
  "don't have the brain",
  'dont have the brains',
  'dont have the backbone',
  'dont have the bottle',
  'dont have the guts',
  'dont have the nous',
  'dont have the intelligence',
  'dont have the temperament',
  'dont have the spine',
  'dont have the common sense',
  'dont have the brain',
  "haven't got the brains",
  "haven't got the backbone",
  "haven't got the bottle",
  "haven't got the guts",
  "haven't got the nous",
  "haven't got the intelligence",
  "haven't got the temperament",
  "haven't got the spine",
  "haven't got the common sense",
  "haven't got the brain",
  'havent got the brains',
  'havent got the backbone',
  'havent got the bottle',
  'havent got the guts',
  'havent got the nous',
  'havent got the intelligence',
  'havent got the temperament',
  'havent got the spine',
  'havent got the common sense',
  'havent got the brain',
  'lack the brains',
  'lack the backbone',
  'lack the bottle',
  'lack the guts',
  'lack the nous',
  'lack the intelligence',
  'lack the temperament',
  'lack the spine',
  'lack the common sense',
  'lack the brain',
  "can't add up",
  'cant add up',
  'get off their backsides',
  'backsides',
  'cushy',
  'run the banks',
  'rob',
  'robbing',
  'finished',
  'parasites',
  'leeches',
  'apes',
  'monkeys',
  'cockroaches',
  'a plague',
  'savages',
  'animals',
  'vermin',
  'rats',
  // what they are
  'thieves',
  'thieving',
  'thief',
  'beggars',
  'liars',
  'lying',
  'lazy',
  'idle',
  'bone idle',
  'skivers',
  'skiving',
  'scroungers',
  'scrounging',
  'scrounge',
  'spongers',
  'sponging',
  'leeches',
  'parasites',
  'vermin',
  'rats',
  'cockroaches',
  'animals',
  'savages',
  'scum',
  'filth',
  'filthy',
  'dirty',
  'smelly',
  'stink',
  'disgusting',
  'vile',
  'sick in the head',
  'sick',
  'abomination',
  'an abomination',
  'unnatural',
  'not natural',
  'not real',
  "aren't real",
  'stupid',
  'thick',
  'dumb',
  'brainless',
  'brain dead',
  'clueless',
  'useless',
  'worthless',
  'pathetic',
  'hopeless',
  'incompetent',
  'ignorant',
  'backward',
  'inferior',
  'primitive',
  'evil',
  'violent',
  'dangerous',
  'criminals',
  'crooks',
  'crooked',
  'terrorists',
  'extremists',
  'rapists',
  'paedos',
  'paedophiles',
  'groomers',
  'perverts',
  'deviants',
  'degenerates',
  'freaks',
  'weirdos',
  'greedy',
  'tight fisted',
  'tight',
  'stingy',
  'arrogant',
  'snobs',
  'whingers',
  'whinging',
  'whingeing',
  'whinge',
  'moaners',
  'moaning',
  'emotional',
  'too emotional',
  'hysterical',
  'feral',
  'thugs',
  'yobs',
  'louts',
  'hooligans',
  'trouble',
  'causing trouble',
  'troublemakers',
  'the problem',
  'a problem',
  // blamed as a group: "young people are to blame for the vandalism"
  'to blame',
  'burden',
  'a burden',
  'drain',
  'a drain',
  'bigots',
  'racist',
  'racists',
  'morons',
  'idiots',
  'fools',
  'cheats',
  'cheating',
  'frauds',
  'fraudsters',
  'faking',
  'fakers',
  'on the fiddle',
  'up to no good',
  'bed blockers',
  'fiddling',
  'separatists',
  'brainwashed',
  'lunatics',
  'haters',
  'breed',
  'breeding',
  'a joke',
  'a waste of space',
  'a waste',
  'past it',
  'over the hill',
  'senile',
  'a menace',
  'spineless',
  'gutless',
  'cowards',
  'good for nothing',
  'layabouts',
  'tramps',
  'riff raff',
  'chavs',
  'own the place',
  'run the council',
  'run the country',
  'run everything',
  'control everything',
  'taking over',
  'take over',
  'ruining',
  'ruin',
  'wreck',
  // clannishness: "Asians only look after their own", "they stick to their own"
  'only look after their own',
  'only help their own',
  'only care about their own',
  'stick to their own',
  'only stick to their own',
  'only hire their own',
  'only employ their own',
  // blamed for a social problem: "immigrants caused the housing crisis", "boomers caused the housing crisis"
  ...['cause', 'caused', 'causing', 'causes'].flatMap((verb) =>
    ['', 'the ', 'all the ', 'most of the ', 'half the ', 'all this ', 'this '].flatMap((det) =>
      ['housing crisis', 'crisis', 'crime', 'problems', 'housing shortage', 'shortage', 'mess', 'chaos', 'antisocial behaviour'].map(
        (problem) => `${verb} ${det}${problem}`,
      ),
    ),
  ),
  'scares people',
  'scary',
  'jumping the queue',
  'queue jumpers',
  'handouts',
  'something for nothing',
  'no morals',
  'no shame',
  'no respect',
  "haven't got a clue",
  "haven't a clue",
  'havent a clue',
  'not a clue',
  'havent got a clue',
  'no clue',
  "can't be trusted",
  'cant be trusted',
  'never pay',
  'never work',
  'never working',
  'never listen',
  "don't understand",
  'dont understand',
  'ungrateful',
  'uneducated',
  'uncivilised',
  'parasitic',
  'useless lot',
  'a disgrace',
  'hate',
  'knuckle dragging',
  'nasty',
  'two faced',
  'sly',
  'sneaky',
  'dodgy',
  'shifty',
  'untrustworthy',
  'fat',
  'ugly',
  'get everything',
  'get everything handed',
  'want everything',
  'expect everything',
  'expect us to pay',
  'always complaining',
  'always moaning',
  'always crying',
  'crying',
  "can't drive",
  'cant drive',
  'all the same',
  'predators',
  'perverts',
  'hypocrites',
  'smug',
  'pigsty',
  'pigs',
  'robbers',
  'nightmare',
  'a nightmare',
  'wasters',
  'brats',
  'drugs',
  ...ORGANISED_CRIME_RUN,
  'extremists',
  'fiddlers',
  'kiddy fiddlers',
  'inbred',
  'weak',
  'weak as water',
  'stink',
  'snowflakes',
  'spiteful',
  'mentally ill',
  'made up',
  'fake',
  'an excuse',
  'a con',
  'a scam',
  'pickpockets',
  'beggars',
  'scumbags',
  'disgust',
  'disgust me',
  'owes them',
  'the world owes them',
  'drag everyone down',
  'drag everyone else down',
  'drag us down',
  'bleed the system',
  'bleed us dry',
  'bleeding the council dry',
  'bleeding us dry',
  'bleed',
  'bleeding',
  'come over here',
  'sponge off',
  'sponging off',
  'own half',
  'own all',
  'own everything',
  'control everything',
  'sleep their way',
  'a brain cell',
  'two brain cells',
  'no brain cells',
  'thick as',
  'rotting',
  'born to it',
  'subhuman',
  'a plague',
  'infest',
  'infesting',
  'swarming',
  'flooding',
  'invading',
  'invaders',
  'an invasion',
  'ruin everything',
  'ruined',
  'ruining everything',
  'wastes of space',
  'waste of space',
  'waste of oxygen',
  'bigoted',
  'loonies',
  'nutters',
  'psychos',
  'clowns',
  'donkeys',
  'not normal',
  'abnormal',
  'diseased',
  'unclean',
  'stinking',
  'menaces',
  "haven't got a brain cell",
  'havent got a brain cell',
  "haven't got a brain",
  'havent got a brain',
  'have no brain',
  'no brains',
  "can't do a day's graft",
  "cant do a day's graft",
  'cant do a days graft',
  "can't do a days graft",
  'ram it down our throats',
  'shove it down our throats',
  'two perverts',
  // terror, said of a whole faith or people
  'bombers',
  'bomb carriers',
  'suicide bombers',
  'jihadis',
  'jihadists',
  // essentialising: a failing said to be born in the group
  'in their blood',
  'in their genes',
  'in their dna',
  'in their nature',
  // a threat to others
  'creeps',
  'a danger',
  'a threat',
  // motives imputed to a whole group
  'in it for',
  // wrongs pinned on a whole group
  'wife beaters',
  'abusers',
  'bloodsuckers',
  'blood suckers',
  'jumped up',
  'madams',
  // quality said of a whole group ("women make terrible managers")
  'terrible',
  'awful',
  'rubbish',
  'appalling',
  // vices pinned on a whole group
  'drunk',
  'drunks',
  'drunkards',
  'alcoholics',
  'pissheads',
  'cheaters',
  'a liability',
  'liabilities',
  'workshy',
  'work shy',
  'freeloaders',
  'benefit cheats',
  'shoplifters',
  'druggies',
  'gangsters',
  'heartless',
  'selfish',
  'crybabies',
  'sluts',
  'slags',
  'nutcases',
  'getting everything',
  'getting everything handed',
  'handed everything',
  'given everything',
  'antisemites',
  'antisemitic',
  'spoilt',
  'spoiled',
  'spoilt rotten',
  'rude',
  'loud',
  'aggressive',
  'weird',
  'airheads',
  'traitors',
  'control the council',
  'control the councils',
  'control the media',
  'control the banks',
  'taking all the jobs',
  'taking our jobs',
  'take our jobs',
  'stealing our jobs',
  'steal our jobs',
  'nasty piece of work',
  'a nasty piece of work',
  'bullies',
  'noisy',
  'too soft',
  'a pain',
  'a pain in the neck',
  'nonsense',
  'attention seeking',
  'a sickness',
  'sickness',
  'an illness',
  // orientation as a disorder or a sin: "being gay is a mental illness", "homosexuality is a sin"
  'a mental illness',
  'a disease',
  'a disorder',
  'a sin',
  'sinful',
  'a perversion',
  'just a phase',
  'a phase',
  'thickos',
  'causing problems',
  'cause problems',
  'nothing but problems',
  // victims blamed for what is done to them: "Muslims bring it on themselves"
  'deserved it',
  'deserve it',
  'serves them right',
  'serve them right',
  'bring it on themselves',
  'brought it on themselves',
  'bring it on theirselves',
  'had it coming',
  'asking for it',
  // a reaction of disgust or fear the group is said to cause: "give me the creeps", "make me sick"
  'give me the creeps',
  'gives me the creeps',
  'give me the willies',
  'make me sick',
  'makes me sick',
  'make me feel sick',
  'turn my stomach',
  'turns my stomach',
  'make my skin crawl',
  'makes my skin crawl',
  // common stereotypes, written without an evaluative word
  'take all the houses',
  'get all the houses',
  'take all the council houses',
  'need fixing',
  'need curing',
  "don't want to work",
  'dont want to work',
  'carry knives',
  'all carry knives',
  'bring the area down',
  'bring the tone down',
  'lower the tone',
  // the neighbourhood said to suffer when a group moves in: "once the Asians move onto a street the house prices drop"
  'house prices drop',
  'house prices go down',
  'house prices fall',
  'the house prices drop',
  'the house prices go down',
  'the house prices fall',
  'the area goes downhill',
  'area goes downhill',
  // entitlement: "you pensioners think you're owed everything"
  "think you're owed everything",
  'think youre owed everything',
  "think they're owed everything",
  'think theyre owed everything',
  'think the world owes them',
  'think the world owes you',
  "aren't normal",
  'arent normal',
  'not normal',
  'grooming kids',
  'grooming children',
  'all on benefits',
  'should be put in homes',
  'should be in a home',
  'barely work a',
  'barely use a',
  "can't even work a",
  'cant even work a',
  "won't be short of",
  'wont be short of',
  'rolling in it',
  "don't wash",
  'dont wash',
  'never wash',
  'just better',
  'naturally better',
  'behind half the',
  'behind all the',
  'behind most of the',
  'cover everything up',
  'cover it all up',
  'cover things up',
  'plotting',
  'vandalise',
  'vandalize',
  'vandalising',
  'work cash in hand',
  'want to convert everyone',
  'want sharia law',
  'want sharia',
  'use it as an excuse',
  'stick to their own',
  "shouldn't have kids",
  'shouldnt have kids',
  "shouldn't be having kids",
  "shouldn't breed",
  'hurry up and die',
  'send all their money home',
  'sell drugs',
  'all sell drugs',
  'oppress women',
  'oppress their women',
  'nick everything',
  'nick anything',
  'milk it',
  'milking it',
  'live ten to a house',
  'live ten to a room',
  'need to toughen up',
  'need a good slap',
  'have too many kids',
  'have loads of kids',
  'had their turn',
  'get priority over us',
  'get priority over locals',
  'get houses before locals',
  'exaggerate everything',
  'could work if they wanted',
  'cook smelly food',
  'come here for benefits',
  'come over for benefits',
  'come over here for benefits',
  // the same motive with its article or its errand: "Romanians only come here for the benefits", "… to claim benefits"
  // (not "to claim asylum" or "… their settled status", which is what people are entitled to do)
  'come here for the benefits',
  'come over for the benefits',
  'come over here for the benefits',
  'come here for the handouts',
  'come over for the handouts',
  'come here to claim benefits',
  'come over to claim benefits',
  'come over here to claim benefits',
  'come here to scrounge',
  'come over to scrounge',
  'choose to be like that',
  'chose to be like that',
  "can't handle money",
  'cant handle money',
  'block up the nhs',
  'sheep',
  'money grabbing',
  'men in dresses',
  'blokes in dresses',
  'hormonal',
  'gold diggers',
  'going to hell',
  'fanatics',
  'drama queens',
  'doddery',
  'con artists',
  'bible bashers',
  'all vandals',
  'all in gangs',
  'all illegals',
  'illegals',
  'a security risk',
  'a cult',
  // pushiness pinned on a group: "lesbians are always so in your face"
  'in your face',
  'in ur face',
  'in our faces',
  // shoddy work: "they'll do a half job"
  'a half job',
  'half a job',
  'a botched job',
  'a bodge job',
  'a cowboy job',
  // got by deceit: "they'll have blagged a council house"
  'blagged',
  'blagging',
  'blag',
  // a whole age group written off: "they'll be dead before it opens"
  'dead before',
  'dead by then',
  // Failings of temper and manner pinned on a whole group ("women are so bossy", "Indians are so pushy"), which
  // AFINN-165 does not score. Left out: words as often clinical or neutral of a group ("paranoid", "sensitive",
  // "clingy", "difficult", "demanding"), said of things ("unreliable", "flaky"), or of one night's noise in a
  // report ("rowdy", "lairy"), or literally ("stuck up on the ninth floor", "thin skinned", "oversensitive to noise");
  // "touchy" and "entitled" are tempers (TEMPERS), which need a degree or habit word.
  'moody',
  // Scheming, clannishness and fanaticism pinned on a group ("they're a devious lot", "Poles are so clannish",
  // "religious people are all fanatical"); not "fanatic" on its own, said of hobbies ("a football fanatic"), nor
  // "controlling" or "manipulative", which safeguarding work says of abusers' behaviour ("men who are controlling
  // often isolate their partners").
  'devious',
  'clannish',
  'cliquey',
  'cliquy',
  'fanatical',
  'whingey',
  'whingy',
  'shady',
  'creepy',
  'creeps',
  'perverted',
  'promiscuous',
  'sleazy',
  'trouble makers',
  // stuck in a past age: "religious people are all stuck in the dark ages" (not "living in the past", which dementia
  // care says of the people it looks after)
  'stuck in the dark ages',
  'living in the dark ages',
  'still in the dark ages',
  'stuck in the stone age',
  'bossy',
  'pushy',
  'stroppy',
  'bitchy',
  'catty',
  'grumpy',
  'mouthy',
  'gobby',
  'lippy',
  'petty',
  'shrill',
  'mardy',
  'narky',
  'nosy',
  'nosey',
  'cliquey',
  'preachy',
  'uppity',
  'whiny',
  'bolshy',
  'bolshie',
  'snobby',
  'up themselves',
  'high maintenance',
  // an orientation or identity said to be chosen: "being gay is a lifestyle choice"
  'a lifestyle choice',
  'lifestyle choice',
  // intolerance pinned on a faith or a people: "Christians are so judgemental"
  'judgemental',
  'judgmental',
  'intolerant',
  'hypocritical',
  'narrow minded',
  'sanctimonious',
  'holier than thou',
  // an age group's lot made its fault: "boomers had it easy"
  'had it easy',
  'have it easy',
  'had it so easy',
  'have it so easy',
  // a condition made a vice: "depression is just laziness"
  'laziness',
  // children had for gain, as a noun phrase: "single mums on benefits, pumping out kids"
  'pumping out kids',
  'pumping out babies',
  'popping out kids',
  'popping out babies',
  'churning out kids',
  'churning out babies',
  // resentment of what a group is given: "asylum seekers in hotels at our expense"
  'at our expense',
  'on our taxes',
  'on the taxpayer',
  // a condition made a want of discipline: "kids with ADHD just need a good hiding"
  'need a good hiding',
  'just need discipline',
  'need a kick up the backside',
  // crimes and failings pinned on a people: "Albanians running a cannabis farm", "Italians, all mafia"
  'cannabis farm',
  'cannabis farms',
  'money laundering',
  'all mafia',
  'sending it all home',
  'send it all home',
  'no sense of humour',
];

/** Habits as often a fair account of one household as a slur on a group: "the family complain all the time about the bins". */
const NEUTRAL_HABITS = new Set(['take', 'taking', 'complain', 'complaining', 'expect', 'expecting', 'cry', 'crying']);
/** After a habit, what makes it one of the whole group: "too much", "all the time", "everywhere they go". */
const EXCESS_TAILS = phrases(['too much', 'all the time', 'everywhere they go', 'wherever they go', 'every chance they get']);
/** The last token of an excess tail straight after `last` (one object word may come between: "leave a mess everywhere …"), or -1. */
function excessAfter(tokens: readonly Token[], last: number): number {
  for (let k = last + 1; k <= last + 2 && k < tokens.length && tokens[k]!.clause === tokens[last]!.clause; k++) {
    const m = EXCESS_TAILS.match(tokens, k);
    if (m) return m.last;
  }
  return -1;
}

/** Habits attributed to a whole group: bad only with "always", "just", "constantly" ("they always complain"). */
const HABITS = [
  'jump the queue',
  'trying it on',
  'try it on',
  'jump the housing queue',
  'jumping the queue',
  'get the cushy jobs',
  'moan about everything',
  'pay for nothing',
  'get everything free',
  'cry',
  'crying',
  'complain',
  'complaining',
  'moan',
  'moaning',
  'lie',
  'lying',
  'steal',
  'stealing',
  'whinge',
  'whinging',
  'whine',
  'whining',
  'scrounge',
  'scrounging',
  'sponge',
  'sponging',
  'breed',
  'breeding',
  'cause trouble',
  'causing trouble',
  // profiting from others: "Jews always find a way to make money out of other people's misery"
  'make money out of',
  'make money off',
  'profit from',
  'profit off',
  'cash in on',
  // children had for gain: "they keep popping out kids", "churning out babies"
  'popping out',
  'pop out',
  'churning out',
  'churn out',
  'having babies',
  'having kids',
  // emotions pinned on a whole gender: "she'll just get emotional"
  'get emotional',
  'get hysterical',
  'overreact',
  'kick off',
  'kicking off',
  'expect',
  'expecting',
  'want handouts',
  'want everything',
  'want something for nothing',
  'take advantage',
  'taking advantage',
  'play the victim',
  'play the race card',
  'play the system',
  'milk the system',
  'milking the system',
  'take',
  'taking',
  'get everything',
  'get it all',
  'drink',
  'drinking',
  'fight',
  'fighting',
  'shout',
  'shouting',
  'stink',
  'smell',
  // crimes pinned on a whole group ("always the ones dealing")
  'dealing',
  'nicking',
  'robbing',
  'mugging',
  'shoplifting',
  'fly tipping',
  'begging',
  'cheating',
  'some drama',
  'drama',
  'park wherever they',
  'do whatever they',
  'do what they like',
  'do as they please',
  'please themselves',
  "don't wash",
  'dont wash',
  'slow everyone down',
  'slow things down',
  'slow us down',
  'slow the crew down',
  'slow the team down',
  'hold everyone back',
  'vandalise',
  // clannishness: "Muslims all stick together"
  'stick together',
  'stick to their own',
  // mess left behind: "gypsies leave a mess everywhere they go"
  'leave a mess',
  'leave their mess',
  'leave rubbish',
  'leave their rubbish',
];
/**
 * Habits that are themselves a reproach ("moan", "scrounge", "jump the queue"): said of a group straight after it,
 * they generalise without "always". Neutral habits ("drink", "take", "complain") still need a quantifier.
 */
const PEJORATIVE_HABITS = phrases([
  'overreact',
  'nag',
  'nagging',
  'exaggerate',
  'moan',
  'moaning',
  'whinge',
  'whinging',
  'whine',
  'whining',
  'scrounge',
  'scrounging',
  'sponge',
  'sponging',
  'jump the queue',
  'jump the housing queue',
  'jumping the queue',
  'play the victim',
  'play the race card',
  'play the system',
  'milk the system',
  'milking the system',
  'want something for nothing',
  'want handouts',
  'want special treatment',
  'expect special treatment',
  'get special treatment',
  'cause trouble',
  'causing trouble',
  // shunning the rest of the community: "the Kurdish families want nothing to do with the rest of us" (not a household
  // shunning one person or body: "they want nothing to do with the landlord after what happened")
  'want nothing to do with us',
  'want nothing to do with the rest of us',
  'want nothing to do with anyone',
  'want nothing to do with anyone else',
  'want nothing to do with anybody',
  'want nothing to do with outsiders',
  'want nothing to do with locals',
  'want nothing to do with the locals',
  'wants nothing to do with us',
  'wants nothing to do with the rest of us',
  'wants nothing to do with anyone',
]);
/** Words that may open a clause before the group is picked up again ("bet they're …", "so they're …"). */
const RESUMING = new Set(['bet', 'and', 'so', 'cos', 'coz', 'because', 'probably', 'course', 'obviously', 'reckon']);
/** Duties a whole group is said to fail: bad only after "never" ("your lot never pay"). */
const DUTIES = [
  'pay',
  'work',
  'listen',
  'learn',
  'integrate',
  'fit in',
  'bother',
  'turn up',
  'wash',
  'say thank',
  'say thanks',
  'pull their weight',
  'contribute',
  'speak english',
  'learn english',
  'shut up',
  'stop',
  'change',
  'grow up',
  // "blokes like him never lift a finger", "has never done an honest day's graft"
  'lift a finger',
  "done an honest day's",
  "do an honest day's",
  "done a day's",
  "do a day's",
  'hold down a job',
];

/** After a list of evaluations, a tail that makes them a generalisation: "thieving scum, every last one". */
const GENERALISING_TAILS = [
  'the whole race',
  'the whole lot of them',
  'the whole lot of em',
  'the lot of them',
  'the lot of em',
  'every last one',
  'the pair of them',
  'the pair of em',
  'both of them',
  'every one of them',
  'every single one',
  'all of them',
  'all of em',
  'the whole lot',
  'each and every one',
  'the whole tribe',
];
/** Evaluations strong enough to make a slur of any group noun they are stuck on. */
const STRONG_EVALUATIONS = new Set([
  'filthy',
  'dirty',
  'thieving',
  'lazy',
  'stupid',
  'disgusting',
  'vile',
  'useless',
  'worthless',
  'inbred',
  'scrounging',
  'smelly',
  'stinking',
  'feral',
  'backward',
  'primitive',
  'subhuman',
  'scummy',
  'sponging',
  'parasitic',
  'degenerate',
  'evil',
  'savage',
]);
/** Nouns an evaluation can be stuck on directly: "filthy people", "dirty religion", "useless lot". */
const EVALUABLE_NOUNS = new Set([
  'people',
  'folk',
  'lot',
  'sort',
  'kind',
  'race',
  'religion',
  'culture',
  'breed',
  'tribe',
  'mob',
  'crowd',
  'bunch',
  'creatures',
]);

/** Modals that bar: after a group ("… shouldn't be allowed to") and before letting it ("shouldn't let them foster"). */
const MODAL_BARS = ["shouldn't", 'shouldnt', 'should not', 'should never', "mustn't", 'must not'];
/** After a group: "shouldn't be allowed to…", "don't belong here". */
const PRESCRIPTIVE = [
  ...MODAL_BARS,
  "don't belong",
  'dont belong',
  // a share of what everyone gets denied to the whole group: "gay couples don't deserve a family home"
  "don't deserve",
  'dont deserve',
  'do not deserve',
  // exclusion: "black people are not welcome here", "foreigners aren't wanted on this estate"
  'not welcome',
  "aren't welcome",
  'arent welcome',
  "isn't welcome",
  'isnt welcome',
  'unwelcome',
  'not wanted',
  "aren't wanted",
  'arent wanted',
  'should be in a home',
  'do not belong',
  'have no place',
  'has no place',
  'have no right',
  'have no business',
  'has no business',
  'should be banned',
  'should be locked up',
  'should be kept out',
  'should be kept away',
  'should be sent back',
  'should be deported',
  'should be sacked',
  'should be put down',
  'should be hanged',
  'should be shot',
  'should be at home',
  'should stay at home',
  'should stay in the kitchen',
  'should go back',
  'should go home',
  'should know their place',
  'need to go back',
  // "that lot can get back on a boat to Ghana"
  'back on a boat',
  'back on the boat',
  'back on a dinghy',
  'back in a dinghy',
  'go back where they came from',
  'go back to where they came from',
  'should all go back',
  'should be kicked out',
  'should be thrown out',
  'want locking up',
  'need locking up',
  'should be sterilised',
  'belong in the kitchen',
  'belong at home',
  'belong in a zoo',
  'belong in a home',
  'belong in homes',
  'belong in a care home',
  'belong in care homes',
  'belong in an institution',
  'belong in institutions',
  'belong in an asylum',
  'should be banned from',
  'should be ashamed',
  'need sending back',
  'want sending back',
  // kept out of sight: "should stay indoors", "should be kept away from"
  'should stay indoors',
  'should stay inside',
  'should stay in',
  'should stay away',
  'should stay out',
  'should stay at home',
  'should keep away',
  'should keep out',
  'should be kept in',
  'should be kept indoors',
  'should be kept inside',
  // "foreigners should speak proper English": a language demanded of a whole group (not "should speak English at the
  // appointment if they can")
  'should speak proper english',
  'should all speak english',
];

const COPULAS = new Set([
  'make',
  'makes',
  'would',
  'spread',
  'think',
  'reckon',
  'believe',
  'have',
  'has',
  'got',
  'are',
  'is',
  'r',
  "'re",
  "they're",
  'theyre',
  'were',
  'was',
  'be',
  'all',
  'always',
  'never',
  'just',
  'like',
  'only',
]);
/** Words that may stand between a group and its evaluation: the copulas and quantifiers above, and intensifiers. */
const FRAME_WORDS = new Set([
  ...COPULAS,
  'being',
  'so',
  'such',
  'too',
  'really',
  'very',
  'basically',
  'nothing',
  'but',
  'a',
  'an',
  'the',
  'total',
  'complete',
  'utter',
  'bloody',
  'proper',
  'right',
  'absolute',
  'little',
  'lot',
  'of',
  'them',
  'bunch',
  'load',
  'pack',
  'you',
  'yours',
  'u',
  'him',
  'her',
  'that',
  'this',
  'these',
  'those',
  'round',
  'here',
  'around',
  'nowadays',
  'these days',
  'anyway',
  'mostly',
  'half',
  'most',
  'ever',
  'even',
  'tbh',
  'honestly',
  'obviously',
  'clearly',
  'literally',
  'and',
  'or',
  'every',
  'one',
  'single',
  'same',
  'lazy',
  'fat',
  'ugly',
  'old',
  'stupid',
  'dirty',
  'filthy',
  'thick',
  'useless',
  'they',
  'their',
  'own',
  'usual',
  'typical',
]);

/** Insult nouns: the name-calling itself. */
/** Insults that also name things ("the fence is a liability"): insults only when said to the person. */
const ALSO_THINGS = ['nightmare', 'melt', 'weapon', 'lunatic', 'plank', 'donkey', 'pest', 'nuisance', 'liability', 'dinosaur'];
const INSULT_NOUNS = [
  // British name-calling: "you're a right wally", "you absolute toerag"
  'wally',
  'tosser',
  'toerag',
  'twit',
  'berk',
  'layabout',
  'waster',
  'dosser',
  'lout',
  'pleb',
  'chav',
  'deadbeat',
  'dirtbag',
  'goon',
  'battleaxe',
  // said to the person only (below): "the fence is a liability", "the pigeons are a pest"
  ...ALSO_THINGS,
  'piece of work',
  'weasel',
  'lump',
  'slag',
  'witch',
  'liar',
  'cow',
  'toad',
  'rat',
  'snake',
  'scrounger',
  'sponger',
  'leech',
  'tramp',
  'skank',
  'slapper',
  'thug',
  'yob',
  'pervert',
  'creep',
  'sheep shagger',
  'idiot',
  'idiots',
  'moron',
  'morons',
  'imbecile',
  'cretin',
  'halfwit',
  'clown',
  'muppet',
  'numpty',
  'pillock',
  'plonker',
  'prat',
  'div',
  'dimwit',
  'nitwit',
  'buffoon',
  'loser',
  'scumbag',
  'scum',
  'lowlife',
  'low life',
  'worm',
  'rat',
  'pig',
  'cow',
  'dog',
  'animal',
  'parasite',
  'parasites',
  'leech',
  'vermin',
  'waste of space',
  'waste of oxygen',
  'waste of skin',
  // Scots spellings: "yer a waste o space", "a right knobheid", "a pure radge".
  'waste o space',
  'waste ae space',
  'knobheid',
  'radge',
  'excuse for a',
  'excuse of a',
  'freak',
  'weirdo',
  'tart',
  'slapper',
  'bimbo',
  'jobsworth',
  'bigot',
  'hypocrite',
  'snake',
  'failure',
  'disgrace',
  'joke',
  'embarrassment',
  'fool',
  'dunce',
  'dimwit',
  'simpleton',
  'nonce',
  'thicko',
  'dumbo',
  'witch',
  'hag',
  'bitch',
  'queer',
  'wimp',
  'drip',
  'git',
  'tosspot',
  'bellend',
  'gobshite',
  'cowbag',
  'wazzock',
  'eejit',
  'bampot',
  'bat',
  'old bat',
  'brat',
  'spoilt brat',
  'spoiled brat',
  'trout',
  'old trout',
  'dope',
  'numbskull',
  'knobhead',
  // Without "head": "you absolute knob", "what a plank", "ya bawheid".
  'knob',
  'plank',
  'melt',
  'bawheid',
  'dickhead',
  'airhead',
  'walloper',
  'dafty',
  'bawbag',
  'clot',
  'oaf',
  'slob',
  'sponger',
  'wastrel',
  'lowlifes',
  'degenerate',
  'retard',
  'spaz',
  'troll',
  'cockroach',
  'rodent',
  // The eighth round's complaint handlers: "Get a life, you miserable sod", "you're a bitter, twisted troublemaker".
  'sod',
  'crank',
  'troublemaker',
  'chancer',
  'bully',
  'scrote',
  'scrotes',
  'timewaster',
  'con artist',
  'busybody',
  'nutter',
  'nutcase',
  'saddo',
  'whinger',
  'freeloader',
  'skiver',
  'dolt',
  'dullard',
  'ignoramus',
];
/** A thing can be a "joke" or a "disgrace"; a person named so by a third party is not always insulted. */
const INSULT_NOUNS_SECOND_PERSON_ONLY = new Set([
  ...ALSO_THINGS,
  'joke',
  'disgrace',
  'embarrassment',
  'failure',
  'snake',
  'hypocrite',
  'animal',
  'dog',
  'pig',
  'rat',
]);
/** Insulting adjectives, predicated of the person addressed ("you're useless"). */
const INSULT_ADJECTIVES = new Set([
  // character and wits judged: "you're so lazy", "you are unhinged" (not "sad", "rude" or "slow", which describe
  // a feeling or a behaviour as often as they insult)
  'lazy',
  'idle',
  'feckless',
  'selfish',
  'greedy',
  'evil',
  'crooked',
  'corrupt',
  'spiteful',
  'vindictive',
  'inept',
  'deranged',
  'unhinged',
  'demented',
  'dim',
  'dozy',
  'dopey',
  'moronic',
  'idiotic',
  'daft',
  'barmy',
  'laughable',
  'obnoxious',
  'insufferable',
  'horrible',
  'nasty',
  'useless',
  'pathetic',
  'incompetent',
  'worthless',
  'clueless',
  'brainless',
  'thick',
  'stupid',
  'dumb',
  'spineless',
  'disgusting',
  'vile',
  'hopeless',
  'ignorant',
  'retarded',
  'braindead',
  'gormless',
  'dense',
  'repulsive',
  'ugly',
  'fat',
  'senile',
  'filthy',
  'scruffy',
  'illiterate',
  'slovenly',
  'feral',
]);
/** Words that may sit between "you're a" and the insult noun. */
const INSULT_FILLERS = new Set([
  'a',
  'an',
  'the',
  'such',
  'total',
  'complete',
  'utter',
  'absolute',
  'proper',
  'right',
  'bloody',
  'little',
  'big',
  'fat',
  'old',
  'stupid',
  'silly',
  'useless',
  'pathetic',
  'incompetent',
  'thick',
  'spineless',
  'lazy',
  'ignorant',
  'brain',
  'dead',
  'most',
  'worthless',
  'dumb',
  'arrogant',
  'miserable',
  'ugly',
  'nasty',
  'horrible',
  'clueless',
  'brainless',
  'are',
  'r',
  'is',
  'really',
  'just',
  'nothing',
  'but',
  'of',
  'what',
  'sad',
  'jumped',
  'up',
  'two',
  'faced',
  'lying',
  'are',
  'gormless',
  'an',
]);

const REPORT_CUES = new Set([
  'reported',
  'report',
  'reporting',
  'reports',
  'called',
  'calling',
  'calls',
  'call',
  'shouted',
  'shouting',
  'shouts',
  'shout',
  'yelled',
  'yelling',
  'screamed',
  'screaming',
  'said',
  'says',
  'saying',
  'told',
  'telling',
  'wrote',
  'written',
  'writing',
  'texted',
  'sprayed',
  'spray',
  'painted',
  'graffiti',
  'scrawled',
  'slogans',
  'abuse',
  'abusive',
  'abused',
  'quote',
  'quotes',
  'quoted',
  'words',
  'accused',
  'heard',
  // "He claims Labour supporters are all …": someone else's claim, passed on.
  'claims',
  'claimed',
  'claiming',
  'reckons',
  'reckoned',
  'insists',
  'insisted',
  'complaint',
  'logged',
  'log',
  'incident',
  'evidence',
  'statement',
  'chanted',
  'chanting',
  'posted',
  'messaged',
  'muttered',
  'mutters',
  'name',
  'names',
  'described',
  'describing',
  'referred',
  'branded',
  'labelled',
  // "the survey asked whether older people feel like a burden": an indirect question, not a claim.
  'asked',
  'whether',
  // "Posting '…' on the estate page isn't on", "tells the neighbours she's 'mental'", "please don't refer to him
  // as '…'", "you can hear her say '…'", "the text reads '…'".
  'posting',
  'tells',
  'refer',
  'refers',
  'referring',
  'hear',
  'reads',
  // "Ms Quigley forwarded a text from her landlord: '…'".
  'forwarded',
]);
/** Verbs before "nothing to do with" that make it shunning, not a denial: "they want nothing to do with the rest of us". */
const SHUNNING = new Set(['want', 'wants', 'wanted', 'wanting']);
const REFUSERS = new Set(['i', 'we', "i'd", "we'd", 'id', 'really', 'just']);
/**
 * A counter cue at `k`: "that's a myth", "their faith has nothing to do with it". Not "they want nothing to do with
 * the rest of us", which is part of the slur on the group, not a stand against it.
 */
function counterAt(tokens: readonly Token[], k: number, lex: StructureLexicons): boolean {
  if (!lex.counter.match(tokens, k)) return false;
  // "I want nothing to do with the rumours about the Romanian family": the writer's own refusal still counters.
  return !(tokens[k]!.w === 'nothing' && SHUNNING.has(tokens[k - 1]?.w ?? '') && !REFUSERS.has(tokens[k - 2]?.w ?? ''));
}
const COUNTER_CUES = [
  // "I'd gently disagree that older people are a drain", "saying travellers leave every site a mess is unfair",
  // "please don't call them 'bed blockers'", "tell that to the 89 and 91 year olds", "that's not council policy".
  'disagree that',
  "that's unfair",
  'thats unfair',
  "don't call",
  'dont call',
  "shouldn't call",
  "shouldn't talk about",
  'shouldnt talk about',
  'tell that to',
  'not council policy',
  'not our policy',
  // "Not every young person is a troublemaker", "not all Muslims are …"
  'not every',
  'not all',
  'not true',
  "isn't true",
  'isnt true',
  'untrue',
  "don't say",
  'dont say',
  'do not say',
  'stop saying',
  'myth',
  'stereotype',
  'stereotypes',
  'not acceptable',
  "isn't acceptable",
  'isnt acceptable',
  'unacceptable',
  "don't tolerate",
  'dont tolerate',
  "won't tolerate",
  'will not tolerate',
  'do not tolerate',
  'hate incident',
  'hate crime',
  'nothing to do with',
  "it's wrong",
  'is wrong',
  'not ok',
  "isn't ok",
  'not okay',
  'no place for',
  'not how we talk',
  'wrong to say',
  'unfair to say',
  'out of order to say',
  'out of order saying',
  'not on to say',
  // the words named for what they are: "it's racist to say Black lads are all in gangs"
  'racist to say',
  'sexist to say',
  'homophobic to say',
  'transphobic to say',
  'ageist to say',
  'bigoted to say',
  'offensive to say',
  'prejudiced to say',
  'racist to suggest',
  'offensive to suggest',
  'a lie that',
  'not fair to say',
  "doesn't mean",
  'does not mean',
  // distancing from a claim: "we don't accept the idea that travellers are criminals"
  'the idea that',
  'the notion that',
  'the claim that',
  'the assumption that',
  // a rebuttal that points back at the claim: "some people say pensioners are a burden but that's rubbish"
  "that's rubbish",
  'thats rubbish',
  "that's nonsense",
  'thats nonsense',
  'which is rubbish',
  'which is nonsense',
  "that's not right",
  "that's simply not",
  // "… the Polish lads are all drunks, it's rubbish", "… all beggars, which is a stereotype"
  "it's rubbish",
  'its rubbish',
  "it's nonsense",
  'its nonsense',
  "that's not true",
  "which isn't true",
  'which is not true',
  "that's a myth",
  'which is a myth',
  "that's a stereotype",
  'which is a stereotype',
  "that's prejudice",
  'which is prejudice',
  "that's racist",
  'which is racist',
  // the writer's dislike of the words, not of the group: "I hate it when people say old folk are a burden"
  'hate it when people say',
  'hate it when people call',
  'hate it when folk say',
  'hate when people say',
  'hate people saying',
  'hate hearing people say',
  'sick of people saying',
  'sick of hearing',
  'fed up of people saying',
  'fed up with people saying',
  'fed up of hearing',
  'tired of people saying',
  'tired of hearing',
];

export interface StructureLexicons {
  groups: PhraseLexicon<Characteristic>;
  evaluations: PhraseLexicon<true>;
  habits: PhraseLexicon<true>;
  duties: PhraseLexicon<true>;
  prescriptive: PhraseLexicon<true>;
  insultNouns: PhraseLexicon<string>;
  counter: PhraseLexicon<true>;
  tails: PhraseLexicon<true>;
  /** Multi-word evaluations strong enough to make a slur of a group noun after them ("brain dead", "bone idle"). */
  strongPhrases: PhraseLexicon<true>;
  /** Which of the checks below a word can start (R_* bits). */
  roles: RoleMemo;
  /** One-word adjectives of race, nationality, religion, orientation, gender and disability ("Black", "Irish"). */
  adjectives: ReadonlySet<string>;
}
const R_GROUP = 1;
const R_TYPICAL = 2;
const R_TAIL = 4;
const R_STRONG = 8;
const R_SECOND = 16;
const R_WHAT = 32;
const R_THIRD = 64;
const R_DEHUMANISING = 128;
const R_INSULT_NOUN = 256;
const R_NOMINAL = 512;
const R_SPEECH_ACT = 1024;
/** Words that may close a denial of a condition ("real", "made") or open a keep-away ("around", "near"). */
const R_DENIAL = 2048;
const R_AROUND = 4096;
const R_CHARACTERISED = 8192;
const R_AGE_LIMIT = 16384;
/** A praise word that may be measured against a group ("well spoken for a …"). */
const R_PRAISE = 32768;
/** An insult adjective, which may stand as a sentence of its own ("Pathetic."). */
const R_ALONE = 65536;
/** "your", "her", "his", "their": an owner before a partner word put in scare quotes. */
const R_OWNER = 131072;
/** "blame" or "why": the writer siding with someone's prejudice ("can't say I blame them", "I can see why"). */
const R_SIDING = 262144;
/** The first word of a sneer that pins something on a group ("what a surprise", "funny how"). */
const R_SNEER = 524288;
/** An orientation or identity word that can end a recruitment trope or a sneer ("turn the kids gay", "that's so gay"). */
const R_ORIENTATION = 1048576;
/** A precaution against theft ("lock", "hide", "watch"), read as a slur when a group is named just before. */
const R_PRECAUTION = 2097152;
/** A preference or bar the writer states ("I'd rather", "I wouldn't want"), read after a disclaimer ("nothing against … but"). */
const R_PREFERENCE = 4194304;
/** "two": "two mums? That poor kid." */
const R_TWO = 8388608;
/** A state put in scare quotes after "they're" or "are": "they're 'married', apparently". */
const R_STATE_OPENER = 16777216;

/**
 * Adjectives of nationality, faith and ethnicity that English also uses as plural nouns ("Irish are thick",
 * "Chinese have no…"). Colours, ages and party names are left out: "white are the bins", "Labour are wrong"
 * are not about a people.
 */
const NOMINAL_ADJECTIVES = new Set(
  [...GROUP_ADJECTIVES.nationality, ...GROUP_ADJECTIVES['religious belief'], 'roma', 'gypsy', 'traveller', 'asian'].filter(
    (a) => !a.includes(' ') && !['religious', 'mosque', 'church', 'foreign', 'european', 'english', 'american'].includes(a),
  ),
);
/** What makes such an adjective a noun: a verb or quantifier straight after it. */
const NOMINAL_NEXT = new Set([
  'are',
  'were',
  'r',
  'all',
  'always',
  'never',
  'just',
  "can't",
  'cant',
  "don't",
  'dont',
  'have',
  "won't",
  'wont',
  'should',
  "shouldn't",
  'shouldnt',
]);
/** Determiners that make the adjective describe a noun to come, or a single person ("a Polish", "my Irish"). */
const NOMINAL_BLOCKERS = new Set(['a', 'an', 'my', 'his', 'her', 'our', 'their', 'your', 'is', 'am', "i'm", 'im', "he's", "she's"]);

/** Comparisons that deny a group its humanity: offensive wherever the group is named in the sentence. */
const DEHUMANISING = new Set([
  'savages',
  'animals',
  'vermin',
  'rats',
  'cockroaches',
  'locusts',
  'parasites',
  'leeches',
  'apes',
  'monkeys',
  'subhuman',
  'plague',
  'swarm',
  'swarms',
  'infestation',
  'jungle',
  'filth',
  'scum',
  'disease',
  'cancer',
  // what pests do, said of people: "these refugees leech off the system", "travellers invade every field"
  'leech',
  'leeching',
  'invade',
  'invading',
  'invaders',
  'invasion',
  'overrun',
  'infest',
  'infesting',
  'infested',
]);

/** The index of a group named in the same sentence as token `i` (before or after it), or -1. */
function groupInSentence(tokens: readonly Token[], i: number, lex: StructureLexicons): number {
  const sentence = tokens[i]!.sentence;
  for (let k = sentenceStart(tokens, i); k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    if (k === i) continue;
    if (lex.roles.of(tokens[k]!) & R_GROUP) {
      const g = lex.groups.match(tokens, k);
      if (g && !(g.last === k && WEAK_SINGULARS.has(tokens[k]!.w))) return k;
    }
  }
  return -1;
}

/** A negated copula just before token `i`, after a subject in its clause: "pronouns aren't …", "it's not …". */
function copulaDeniedBefore(tokens: readonly Token[], i: number): boolean {
  const clause = tokens[i]!.clause;
  const prev = tokens[i - 1];
  if (!prev || prev.clause !== clause) return false;
  if (NEGATED_COPULAS.has(prev.w)) return tokens[i - 2]?.clause === clause;
  if (prev.w !== 'not') return false;
  const copula = tokens[i - 2];
  if (!copula || copula.clause !== clause) return false;
  // "it's not …", "they're not …": the subject is in the word.
  if (SUBJECT_COPULAS.has(copula.w)) return true;
  return BE_FORMS.has(copula.w) && tokens[i - 3]?.clause === clause;
}
const NEGATED_COPULAS = new Set(["aren't", 'arent', "isn't", 'isnt', "wasn't", 'wasnt', "weren't", 'werent']);
const BE_FORMS = new Set(['are', 'is', 'was', 'were']);
const SUBJECT_COPULAS = new Set(["it's", 'its', "they're", 'theyre', "that's", 'thats']);

/** "not animals", "aren't vermin": a dehumanising word denied. */
function negatedBefore(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - 3 && tokens[k]!.clause === tokens[i]!.clause; k--) if (isNegation(tokens[k]!.w)) return true;
  return false;
}

/**
 * Where a "… is a [describing words] <insult>" statement starts, for an insult noun at `i`: the copula
 * and article must come just before the describing words, and the subject is the clause's start.
 * Returns -1 when the noun is not predicated of anyone ("a joke of a form", "the insult was a slur").
 */
function copulaBefore(tokens: readonly Token[], i: number, lex: StructureLexicons): number {
  const value = lex.insultNouns.match(tokens, i)?.value;
  if (!value || INSULT_NOUNS_SECOND_PERSON_ONLY.has(value)) return -1;
  const clause = tokens[i]!.clause;
  let k = i - 1;
  // One describing word of any kind may stand before the noun ("is a racist idiot").
  let unknown = 0;
  while (
    k >= 0 &&
    k >= i - 5 &&
    tokens[k]!.clause === clause &&
    (INSULT_FILLERS.has(tokens[k]!.w) || INSULT_ADJECTIVES.has(tokens[k]!.w) || (k === i - 1 && ++unknown === 1))
  ) {
    if (tokens[k]!.w === 'a' || tokens[k]!.w === 'an') break;
    k--;
  }
  if (k < 1 || (tokens[k]!.w !== 'a' && tokens[k]!.w !== 'an')) return -1;
  const verb = tokens[k - 1]!;
  if (verb.clause !== clause || !COPULA_IS.has(verb.w)) return -1;
  if (k - 2 >= 0 && isNegation(tokens[k - 2]!.w)) return -1;
  // "Sorry, I was an idiot and sent the wrong form": the writer's own failing, said of nobody else.
  if (k - 2 >= 0 && SELF.has(tokens[k - 2]!.w)) return -1;
  let start = k - 2;
  while (start > 0 && tokens[start - 1]!.clause === clause && k - start < 8) start--;
  return start < 0 ? -1 : start;
}

function singular(w: string): string | null {
  if (w.endsWith('ies') && w.length > 5) return `${w.slice(0, -3)}y`;
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 4) return w.slice(0, -1);
  return null;
}

/** Build the lexicons once per pack (the pack may add group nouns). */
export function buildStructureLexicons(extraGroups: readonly string[]): StructureLexicons {
  const groups = new PhraseLexicon<Characteristic>();
  for (const [characteristic, nouns] of Object.entries(ABSTRACT_GROUP_NOUNS) as Array<[Characteristic, readonly string[]]>) {
    for (const n of nouns) groups.add(n, characteristic);
  }
  for (const [characteristic, nouns] of Object.entries(GROUP_NOUNS) as Array<[Characteristic, readonly string[]]>) {
    for (const n of nouns) {
      groups.add(n, characteristic);
      const words = n.split(' ');
      const tail = words[words.length - 1]!;
      // "lib dems", "single mums": in a phrase even a short plural has its singular ("a Lib Dem").
      const last =
        singular(tail) ?? (words.length > 1 && tail.length === 4 && tail.endsWith('s') && !tail.endsWith('ss') ? tail.slice(0, -1) : null);
      if (last) groups.add([...words.slice(0, -1), last].join(' '), characteristic);
      // "lefties" is "lefty" and "leftie", "commies" "commie": both singular spellings are in use.
      if (words.length === 1 && tail.endsWith('ies') && tail.length > 5) groups.add(tail.slice(0, -1), characteristic);
    }
  }
  // "anyone who votes Labour", "people who voted Reform": a group named by how it votes.
  for (const h of RELATIVE_HEADS)
    for (const v of VOTING) for (const p of GROUP_ADJECTIVES['political belief']) groups.add(`${h} who ${v} ${p}`, 'political belief');
  for (const [characteristic, adjectives] of Object.entries(GROUP_ADJECTIVES) as Array<[Characteristic, readonly string[]]>) {
    for (const a of adjectives) for (const p of PERSON_NOUNS) groups.add(`${a} ${p}`, characteristic);
  }
  // "people with learning difficulties", "kids with ADHD", "anyone with a mental illness": a group by its condition.
  for (const h of CONDITION_HEADS)
    for (const c of CONDITIONS) {
      groups.add(`${h} with ${c}`, 'disability');
      if (!c.endsWith('s') || c.endsWith('ss')) groups.add(`${h} with a ${c}`, 'disability');
    }
  // "dementia patients", "autism sufferers": the condition before a noun for those who have it.
  for (const c of CONDITIONS) if (!c.includes(' ')) for (const h of CONDITION_NOUNS) groups.add(`${c} ${h}`, 'disability');
  for (const c of COLLECTIVES) groups.add(c, 'person');
  for (const g of extraGroups) groups.add(g, 'person');
  const evaluations = new EvaluationLexicon();
  for (const e of EVALUATIONS) {
    const words = e.replace(/-/g, ' ').split(' ');
    evaluations.add(words.join(' '), true);
    // "a boomer dinosaur", "that parasite": a plural evaluation said of one person is the same evaluation.
    const last = singular(words[words.length - 1]!);
    if (last && words.length === 1) evaluations.add(last, true);
  }
  const habits = phrases(HABITS);
  const duties = phrases(DUTIES);
  // "should all be deported", "should all go back": the quantifier after the modal.
  const prescriptive = phrases([
    ...PRESCRIPTIVE,
    ...PRESCRIPTIVE.filter((p) => p.startsWith('should ')).map((p) => p.replace(/^should /, 'should all ')),
  ]);
  const insultNouns = valuedPhrases(INSULT_NOUNS.map((n) => [n, n] as const));
  const counter = phrases(COUNTER_CUES);
  const tails = phrases(GENERALISING_TAILS);
  const strongPhrases = phrases(STRONG_EVALUATION_PHRASES);
  const roles = new RoleMemo(
    (w) =>
      (groups.has(w) ? R_GROUP : 0) |
      (DENIAL_ENDS.has(w) ? R_DENIAL : 0) |
      (KEEP_AWAY_PREPOSITIONS.has(w) ? R_AROUND : 0) |
      (CHARACTERISED_SUBJECTS.has(w) ? R_CHARACTERISED : 0) |
      (strongPhrases.has(w) ? R_STRONG : 0) |
      (w === 'typical' ? R_TYPICAL : 0) |
      (w === 'over' || w === 'under' ? R_AGE_LIMIT : 0) |
      (tails.has(w) ? R_TAIL : 0) |
      (STRONG_EVALUATIONS.has(w) ? R_STRONG : 0) |
      (SECOND_PERSON.has(w) || w === 'your' ? R_SECOND : 0) |
      (w === 'what' ? R_WHAT : 0) |
      (THIRD_PERSON.has(w) ? R_THIRD : 0) |
      (DEHUMANISING.has(w) ? R_DEHUMANISING : 0) |
      (insultNouns.has(w) ? R_INSULT_NOUN : 0) |
      (NOMINAL_ADJECTIVES.has(w) ? R_NOMINAL : 0) |
      (startsHostileSpeechAct(w) ? R_SPEECH_ACT : 0) |
      (MEASURED_PRAISE.has(w) ? R_PRAISE : 0) |
      (INSULT_ADJECTIVES.has(w) || PLURAL_VERDICTS.has(w) ? R_ALONE : 0) |
      (OWNERS.has(w) ? R_OWNER : 0) |
      (w === 'blame' || w === 'why' ? R_SIDING : 0) |
      (SNEERS.has(w) ? R_SNEER : 0) |
      (ORIENTATION_WORDS.has(w) ? R_ORIENTATION : 0) |
      (PRECAUTIONS.has(w) ? R_PRECAUTION : 0) |
      (PREFERENCES.has(w) ? R_PREFERENCE : 0) |
      (w === 'two' ? R_TWO : 0) |
      (STATE_OPENERS.has(w) ? R_STATE_OPENER : 0),
  );
  const adjectives = new Set(
    Object.entries(GROUP_ADJECTIVES)
      .filter(([characteristic]) => characteristic !== 'age')
      .flatMap(([, list]) => list)
      .filter((a) => !a.includes(' ')),
  );
  return { groups, evaluations, habits, duties, prescriptive, insultNouns, counter, tails, strongPhrases, roles, adjectives };
}

/** Heads of "anyone over 65", "people under 25". */
const KNOWING = new Set(['know', 'knows', 'remember', 'imagine']);
/** "… are like" within three words of the group ("women her age are like"): the index of "like", or -1. */
function areLikeAfter(tokens: readonly Token[], last: number): number {
  for (let k = last + 1; k <= last + 3 && k + 1 < tokens.length && tokens[k]!.clause === tokens[last]!.clause; k++)
    if (ARE_LIKE.has(tokens[k]!.w) && tokens[k + 1]!.w === 'like') return k + 1;
  return -1;
}
/** "so you can imagine" within four words of the group, in its sentence: the index of "imagine", or -1. */
function imagineAfter(tokens: readonly Token[], last: number): number {
  for (let k = last + 1; k <= last + 5 && k + 3 < tokens.length && tokens[k]!.sentence === tokens[last]!.sentence; k++)
    if (tokens[k]!.w === 'so' && tokens[k + 1]!.w === 'you' && tokens[k + 2]!.w === 'can' && tokens[k + 3]!.w === 'imagine') return k + 3;
  return -1;
}
const ARE_LIKE = new Set(['are', 'r', 'is', 'get']);
/** Nouns after a group that make it a modifier of a place or a service ("the travellers site", "a pensioners club"). */
const GROUP_SERVICES = new Set([
  'site',
  'sites',
  'pitch',
  'pitches',
  'centre',
  'center',
  'forum',
  'group',
  'groups',
  'service',
  'services',
  'team',
  'officer',
  'network',
  'association',
  'charity',
  'project',
  'club',
  'lunch',
  'lunches',
  'hub',
  'unit',
  'ward',
  'scheme',
  // Things named after a people, not the people: "the French drain is blocked", "a Dutch barn", "Scotch eggs".
  'drain',
  'drains',
  'door',
  'doors',
  'window',
  'windows',
  'polish',
  'barn',
  'oven',
  'roll',
  'cheese',
  'delight',
  'lantern',
  'lanterns',
  'takeaway',
  'restaurant',
  'stew',
  'egg',
  'eggs',
  'bonnet',
  'cakes',
  'dresser',
  'breakfast',
  'mustard',
  'shepherd',
  'knotweed',
]);
/**
 * Roles and bodies named after young people, not young people: "the youth worker said the lads were mocking him", "a
 * youth justice officer". Only after "youth": "Polish workers" and "Muslim leaders" are people of a group.
 */
const YOUTH_ROLES = new Set([
  'worker',
  'workers',
  'work',
  'leader',
  'leaders',
  'justice',
  'offending',
  'council',
  'councillor',
  'parliament',
  'mayor',
  'provision',
  'panel',
  'zone',
  'support',
  'hostel',
  'court',
  'coordinator',
  'engagement',
  'mentor',
  'mentors',
  'ambassador',
  'ambassadors',
  'advocate',
  'advocates',
]);
/** Does the group ending at `last` name a place, a service or a role for it ("the travellers site", "the youth worker")? */
function namesAService(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1]?.w ?? '';
  return (
    GROUP_SERVICES.has(next) ||
    (tokens[last]!.w === 'youth' && YOUTH_ROLES.has(next)) ||
    (CONDITION_WORDS.has(tokens[last]!.w) &&
      SERVICE_NAMED_AFTER.has(tokens[last - 1]?.w ?? '') &&
      (CONDITION_SERVICES.has(next) || (next === 'support' && SUPPORT_ROLES.has(tokens[last + 2]?.w ?? ''))))
  );
}
/** "our autism support worker", "the ADHD support group": who gives the support (not "depression support is for …"). */
const SUPPORT_ROLES = new Set(['worker', 'workers', 'team', 'group', 'groups', 'service', 'officer', 'assistant', 'line']);
/**
 * What a condition names the care of: "the waiting list for autism assessments", "the ADHD pathway". Only after a
 * determiner or preposition that makes it the service's name: "ADHD assessment clinics are for lazy parents" still
 * speaks of the people. Not diagnosis, medication or support: "ADHD diagnosis is a scam for benefits", "depression
 * medication is for weak people" judge the people who have them.
 */
const CONDITION_SERVICES = new Set(
  'assessment assessments referral referrals pathway pathways clinic clinics screening waiting'.split(' '),
);
const SERVICE_NAMED_AFTER = new Set(['the', 'an', 'a', 'for', 'of', 'on', 'his', 'her', 'my', 'your', 'our', 'their']);
/**
 * Whose a condition is, when it is one person's: "the depression", "her anxiety", "his ADHD" (not "their" or "our",
 * which are as often a group's: "their ADHD is terrible, keep them away from our kids").
 */
const ONES_OWN = new Set(['the', 'her', 'his', 'my', 'your', 'ur']);
const BEEN = new Set(['is', 'was', 'been', "'s", "it's", "he's", "she's"]);
const DEGREES = new Set(['really', 'so', 'very', 'quite', 'pretty', 'that', 'particularly', 'extra']);
/** How bad a condition is at a time: "bad", "worse", "rough". */
const SEVERITY = new Set(['bad', 'worse', 'worst', 'awful', 'terrible', 'severe', 'rough', 'horrendous', 'dreadful', 'better', 'grim']);
/**
 * "I know the depression has been bad this month", "her anxiety has been awful lately": how bad one person's condition is,
 * not a judgement of people who have it.
 */
function conditionSeverity(tokens: readonly Token[], i: number, last: number): boolean {
  // "Jo's depression is bad again": one person's by name, as by "her".
  const owner = tokens[i - 1]?.w ?? '';
  if (last !== i || !CONDITION_WORDS.has(tokens[i]!.w) || !(ONES_OWN.has(owner) || (owner.endsWith("'s") && owner.length > 2)))
    return false;
  let k = i + 1;
  if (tokens[k]?.w === 'has' || tokens[k]?.w === 'had' || tokens[k]?.w === 'have') k++;
  if (!BEEN.has(tokens[k]?.w ?? '')) return false;
  k++;
  if (DEGREES.has(tokens[k]?.w ?? '')) k++;
  return SEVERITY.has(tokens[k]?.w ?? '') && tokens[k]!.clause === tokens[i]!.clause;
}
const AGE_LIMIT_HEADS = new Set(['anyone', 'anybody', 'people', 'folk', 'those', 'everyone', 'everybody']);
/** Heads of "… with <condition>" groups. */
const CONDITION_HEADS = ['people', 'folk', 'folks', 'kids', 'children', 'adults', 'anyone', 'anybody', 'tenants', 'those', 'someone'];
const CONDITION_NOUNS = ['patients', 'sufferers', 'cases', 'patient', 'sufferer'];
/** Conditions and impairments that name a group after "people with". */
const CONDITIONS = [
  'learning difficulties',
  'learning disabilities',
  'learning difficulty',
  'learning disability',
  'disabilities',
  'disability',
  'mental health problems',
  'mental health issues',
  'mental health conditions',
  'mental illness',
  'mental illnesses',
  'special needs',
  'autism',
  'adhd',
  'dementia',
  'alzheimers',
  'schizophrenia',
  'bipolar',
  'epilepsy',
  'down syndrome',
  'downs syndrome',
  "down's syndrome",
  'downs',
  'cerebral palsy',
  'ms',
  'tourettes',
  'ocd',
  'depression',
  'anxiety',
  'hearing loss',
  'sight loss',
  'impairments',
  'an impairment',
  'brain damage',
];

/** Group words that are also ordinary singular nouns: only a group when plural or in a frame like "typical …". */
const WEAK_SINGULARS = new Set([
  'man',
  'woman',
  'girl',
  'lad',
  'kid',
  'mum',
  'dad',
  'mother',
  'father',
  'lady',
  'teen',
  'youth',
  'green',
  'leaver',
]);

/** The `ordinary` set of the statement being read, for the checks deep in evaluationAfter (one message at a time). */
let judgedOrdinary: Set<number> | undefined;
/**
 * The sentences of the message being read, likewise (a cleft asked as a question is not said). Set by
 * detectHostileStatements, which offensive.ts calls before anything else here reads the same text's tokens.
 */
let statementSentences: Tokens['sentences'] | undefined;
/** The text of the message being read, likewise (a denial in quotation marks is someone else's). */
let statementText = '';

/** What befalls someone after "likely to": "get a reply", "wait longer", "miss out", "face delays". */
const OUTCOMES = new Set(['get', 'receive', 'wait', 'miss', 'face', 'lose', 'experience', 'suffer', 'struggle', 'need']);

/** What `detectHostileStatements` found, in two parts that the caller weighs at different times. */
export interface HostileStatements {
  /** Statements about a group or a person. */
  found: Finding[];
  /**
   * Findings read from the message around a group rather than from a statement about it: a partner in scare quotes,
   * a sneer ("what a surprise"), siding with a prejudice ("can't say I blame them"). The caller adds them after the
   * learned backstop has had its turn.
   */
  deferred: Finding[];
}

/**
 * Hostile statements about a group or a person in `text`: generalisations,
 * prescriptions, "typical X" and insults addressed to someone. Spans run from
 * the group (or person) to the end of the evaluation.
 *
 * `ordinary`, when given, collects the sentences the rules read and judged ordinary: a group and an evaluation with
 * the statement negated ("pensioners don't moan"), a blame frame turned to praise. The learned backstop (learned.ts)
 * does not overrule them.
 */
export function detectHostileStatements(text: string, lex: StructureLexicons, ordinary?: Set<number>): HostileStatements {
  judgedOrdinary = ordinary;
  const { tokens, sentences } = tokensOf(text);
  statementSentences = sentences;
  statementText = text;
  const out: Finding[] = [];
  const deferred: Finding[] = [];
  // Statements by clause structure (offensive.speech-acts.ts), read in this same pass.
  const acts: Finding[] = [];
  let actsUntil = -1;
  const n = tokens.length;
  for (let i = 0; i < n; i++) {
    const t = tokens[i]!;
    // "people in wheelchairs are less likely to get a reply": a likelihood of what happens to them, a disadvantage
    // reported; the sentence is read as ordinary (and the learned backstop defers to it).
    if (t.w === 'likely' && tokens[i + 1]?.w === 'to' && OUTCOMES.has(tokens[i + 2]?.w ?? '')) ordinary?.add(t.sentence);
    const role = lex.roles.of(t);
    if (role === 0) continue;
    if (role & R_PRAISE) backhandedPraise(tokens, i, lex, out);
    if (role & (R_INSULT_NOUN | R_ALONE) && !(PLURAL_VERDICTS.has(t.w) && verdictAlone(text, tokens, sentences, i, lex, out)))
      insultAlone(tokens, sentences, i, lex, out);
    if (role & R_OWNER) scareQuoted(text, tokens, i, deferred);
    if (role & R_SIDING) sidingWith(tokens, i, lex, deferred);
    if (role & R_SNEER) sneerAt(tokens, i, lex, deferred);
    if (role & R_PRECAUTION) precautionAt(tokens, i, lex, deferred);
    if (role & R_PREFERENCE) disclaimedPreference(tokens, i, lex, deferred);
    if (role & R_TWO) twoParentsPitied(tokens, i, deferred);
    if (role & R_STATE_OPENER) scareQuotedState(text, tokens, sentences, i, deferred);
    if (role & R_ORIENTATION) {
      const turned = turnedInto(tokens, i, sentences);
      const sneer = turned === null ? sneeredAsGay(tokens, i) : null;
      if (turned !== null || sneer !== null) {
        out.push(finding(tokens, turned ?? sneer!, i, turned !== null ? 'offensive.recruitment' : 'offensive.sneer', 0.8));
        continue;
      }
      // "your lad says he's gay, hopefully he'll grow out of it": who someone is said to be passing. Denied ("he won't
      // grow out of it", "it's not a phase"), the sentence is read and found ordinary.
      const passing = passingAfter(tokens, i);
      if (passing !== null && passing.negated) ordinary?.add(t.sentence);
      else if (passing !== null && sentences[t.sentence]?.question !== true) {
        out.push(finding(tokens, passing.from, passing.last, 'offensive.orientation-denied', 0.8));
        i = passing.last;
        continue;
      }
    }
    if (role & R_SPEECH_ACT && i > actsUntil) actsUntil = hostileSpeechActAt(tokens, sentences, i, lex, acts, ordinary);
    // 0. One person characterised, then picked up by "he" or "she" in a later clause: "he's Irish so he'll have
    // drunk the rent money", "your lad's schizophrenic, he should be locked up". The characteristic is the
    // reason given for what is said of them.
    if (role & R_CHARACTERISED) {
      const adjective = characterisedAt(tokens, i, lex);
      if (adjective >= 0 && tokens[adjective + 1]?.clause !== tokens[adjective]!.clause) {
        const hit =
          evaluationAfter(tokens, adjective + 1, lex, true, null, SINGULAR_RESUMERS, true) ??
          prescriptionAfter(tokens, adjective + 1, lex, SINGULAR_RESUMERS);
        if (hit !== null && hit.from > adjective + 1 && !negatedBetween(tokens, adjective + 1, hit.from)) {
          out.push(finding(tokens, i, hit.last, 'offensive.group-generalisation', 0.8));
          i = hit.last;
          continue;
        }
      }
    }
    // 1. A group reference, then a frame and an evaluation or a prescription.
    let group = role & R_GROUP ? lex.groups.match(tokens, i) : null;
    // "the travellers site", "the Muslim women's group": the group names a place or a service for it.
    if (group && namesAService(tokens, group.last) && tokens[group.last + 1]!.clause === t.clause) group = null;
    if (group && conditionSeverity(tokens, i, group.last)) group = null;
    // "Female tenant says the repairs operative was intimidating": the group is who speaks, and what follows is theirs.
    if (group && SAYING_THAT.has(tokens[group.last + 1]?.w ?? '')) group = null;
    // "his comments about Romanians are unacceptable": the group is what words were about, not the subject.
    if (group && wordsAbout(tokens, i)) group = null;
    // "anyone over 65", "people under 25": an age group by a number.
    if (
      (!group || group.last === i) &&
      AGE_LIMIT_HEADS.has(t.w) &&
      (tokens[i + 1]?.w === 'over' || tokens[i + 1]?.w === 'under') &&
      /^\d{2}s?$/.test(tokens[i + 2]?.w ?? '')
    )
      group = { value: 'age' as Characteristic, last: i + 2 };
    // "the over 70s", "the under 25s", "…, over 55s just …": the age group by a plural number, read from "over".
    else if (
      !group &&
      role & R_AGE_LIMIT &&
      (i === 0 || tokens[i - 1]!.w === 'the' || tokens[i - 1]!.clause !== t.clause) &&
      /^\d{2}s$/.test(tokens[i + 1]?.w ?? '')
    )
      group = { value: 'age' as Characteristic, last: i + 1 };
    // "Irish are thick as mince": an adjective of a people used as its plural noun.
    if (
      !group &&
      role & R_NOMINAL &&
      NOMINAL_NEXT.has(tokens[i + 1]?.w ?? '') &&
      tokens[i + 1]!.sentence === t.sentence &&
      !NOMINAL_BLOCKERS.has(tokens[i - 1]?.w ?? '')
    )
      group = { value: 'nationality' as Characteristic, last: i };
    if (group && !(group.last === i && WEAK_SINGULARS.has(t.w) && tokens[i - 1]?.w !== 'typical')) {
      // "these so called disabled people", "so-called refugees": the group's claim to be what it is denied (not
      // of beliefs: "the so-called Islamic State" names an organisation).
      if (
        tokens[i - 1]?.w === 'called' &&
        tokens[i - 2]?.w === 'so' &&
        group.value !== 'religious belief' &&
        group.value !== 'political belief' &&
        group.value !== 'person' &&
        !negatedBefore(tokens, i - 2)
      ) {
        out.push(finding(tokens, i - 2, group.last, 'offensive.group-denied', 0.8));
        i = group.last;
        continue;
      }
      // "we shouldn't be letting homosexuals foster": the group is the one kept from doing something.
      const barredFrom = group.value === 'age' ? -1 : barredBefore(tokens, i, group.last);
      if (barredFrom >= 0) {
        out.push(finding(tokens, barredFrom, Math.min(group.last + 1, clauseEndAt(tokens, group.last)), 'offensive.group-exclusion', 0.8));
        i = group.last;
        continue;
      }
      // "all the brothels are run by Romanians", "the grooming gangs are all Pakistani".
      const pinned = crimePinnedBefore(tokens, i, group.last, group.value);
      if (pinned >= 0) {
        out.push(finding(tokens, pinned, group.last, 'offensive.group-generalisation', 0.8));
        i = group.last;
        continue;
      }
      // "Immigrants get blamed for everything and treated like criminals": the group the target of what others say or
      // do. Read, and found ordinary (the learned backstop defers), unless the writer sides with it ("… and rightly so").
      // When the writer sides with it, what the group is called is read as said of it: "gays get called perverts, if
      // the cap fits".
      const targeted = targetedAfter(tokens, group.last + 1);
      const endorsed = targeted >= 0 && endorsedLater(tokens, group.last + 1, lex);
      if (targeted >= 0 && !endorsed) {
        ordinary?.add(t.sentence);
        i = group.last;
        continue;
      }
      let hit =
        (endorsed ? evaluationAfter(tokens, targeted + 1, lex, group.value !== 'person', group.value) : null) ??
        evaluationAfter(tokens, group.last + 1, lex, group.value !== 'person', group.value);
      // "Homosexuality was a crime until 1967": history, dated.
      if (hit !== null && (datedAfter(tokens, hit.last) || incidentAt(tokens, group.last, hit))) {
        ordinary?.add(t.sentence);
        hit = null;
      }
      if (hit !== null && negatedBetween(tokens, group.last + 1, hit.from)) {
        ordinary?.add(t.sentence);
        hit = null;
      }
      // "Pronouns aren't snowflake nonsense": the group's word describing the evaluation's noun, both denied by a copula
      // after a subject. Not "No Muslim vermin in this street" (an order), nor a question ("Aren't Roma filth …?").
      if (hit !== null && hit.from === group.last + 1 && copulaDeniedBefore(tokens, i) && sentences[t.sentence]?.question !== true) {
        ordinary?.add(t.sentence);
        hit = null;
      }
      // "Cuts to support for disabled people caused the problems": the group after a preposition is not the subject.
      if (
        hit !== null &&
        CAUSING.has(tokens[hit.from]!.w) &&
        GROUP_PREPOSITIONS.has(tokens[tokens[i - 1]?.w === 'the' ? i - 2 : i - 1]?.w ?? '')
      )
        hit = null;
      hit ??= prescriptionAfter(tokens, group.last + 1, lex);
      if (hit !== null) {
        out.push(finding(tokens, i, hit.last, 'offensive.group-generalisation', 0.85));
        i = hit.last;
        continue;
      }
      // "it'll be the Roma family leaving the rubbish out, it's what they do": a wrong put down to the group's nature.
      const nature = group.value === 'person' ? -1 : whatTheyDoAfter(tokens, group.last, lex);
      if (nature >= 0) {
        out.push(finding(tokens, i, nature, 'offensive.typical-group', 0.8));
        i = nature;
        continue;
      }
      // "Traveller families never keep the bins tidy", "Asian families always have a grandparent at home": a habit
      // pinned on a whole group by "always" or "never", whatever the habit. Not what the council's rules give a group
      // ("disabled tenants always get a ground-floor flat"), nor a question.
      const habit = habitPinnedAt(tokens, group.last);
      if (habit >= 0 && group.value !== 'age' && !negatedBefore(tokens, i) && sentences[t.sentence]?.question !== true) {
        out.push(finding(tokens, i, habit, 'offensive.group-generalisation', 0.8));
        i = habit;
        continue;
      }
      // "all these Albanians do is grow weed": a whole group reduced to one activity.
      if (reducedTo(tokens, i, group.last)) {
        out.push(finding(tokens, i, clauseEndAt(tokens, group.last + 1), 'offensive.group-generalisation', 0.8));
        i = group.last;
        continue;
      }
      // "religious nutters like you": a group named by an evaluation ("nutters", "scroungers") is itself one.
      if (group.last > i && lex.evaluations.match(tokens, group.last)?.last === group.last && !negatedBefore(tokens, i)) {
        out.push(finding(tokens, i, group.last, 'offensive.group-generalisation', 0.8));
        i = group.last;
        continue;
      }
      // "you know what women her age are like": the group's nature taken as known.
      // "you know what you ladies are like": the group addressed.
      const w = tokens[i - 1]?.w === 'you' || tokens[i - 1]?.w === 'u' ? i - 2 : i - 1;
      const like = tokens[w]?.w === 'what' && KNOWING.has(tokens[w - 1]?.w ?? '') ? areLikeAfter(tokens, group.last) : -1;
      if (like >= 0) {
        out.push(finding(tokens, w - 1, like, 'offensive.typical-group', 0.8));
        i = like;
        continue;
      }
      // "it's a black family up there so you can imagine what the music's like": the rest left to the group.
      const imagined = imagineAfter(tokens, group.last);
      if (imagined >= 0) {
        out.push(finding(tokens, i, imagined, 'offensive.typical-group', 0.8));
        i = imagined;
        continue;
      }
      // An attribution that explains by the group alone: "what do you expect from a Nigerian", "that's Labour
      // voters for you".
      if (
        attributedTo(tokens, i, group.last) &&
        !namesThing(tokens, group.last) &&
        !(sentences[t.sentence]?.question === true && answeredAgainst(tokens, t.sentence))
      ) {
        out.push(finding(tokens, Math.max(0, i - 2), group.last, 'offensive.typical-group', 0.8));
        i = group.last;
        continue;
      }
      // "typical teenager", "typical of your lot"
      if (
        (tokens[i - 1]?.w === 'typical' || (tokens[i - 1]?.w === 'of' && tokens[i - 2]?.w === 'typical')) &&
        !namesThing(tokens, group.last) &&
        !typicalOfWriter(tokens, group.last)
      ) {
        const from = tokens[i - 1]!.w === 'typical' ? i - 1 : i - 2;
        out.push(finding(tokens, from, group.last, 'offensive.typical-group', 0.8));
        i = group.last;
        continue;
      }
    }
    // "typical trade union leftie": typical, up to three words, then a group.
    if (role & R_TYPICAL) {
      for (let k = i + 1; k <= i + 3 && k < n && tokens[k]!.clause === t.clause; k++) {
        const g = lex.groups.match(tokens, k);
        if (g && (namesThing(tokens, g.last) || (k === i + 1 && typicalOfWriter(tokens, g.last)))) break;
        if (g) {
          out.push(finding(tokens, i, g.last, 'offensive.typical-group', 0.8));
          i = g.last;
          break;
        }
      }
      continue;
    }
    // 2. An evaluation stuck on a group noun: "filthy people", "dirty religion".
    // "only a brain-dead leftie would…": a strong evaluation of more than one word.
    const strong = role & R_STRONG ? (STRONG_EVALUATIONS.has(t.w) ? i : (lex.strongPhrases.match(tokens, i)?.last ?? -1)) : -1;
    if (
      strong >= 0 &&
      strong + 1 < n &&
      tokens[strong + 1]!.sentence === t.sentence &&
      (EVALUABLE_NOUNS.has(tokens[strong + 1]!.w) || lex.groups.match(tokens, strong + 1) !== null)
    ) {
      out.push(finding(tokens, i, strong + 1, 'offensive.group-generalisation', 0.8));
      i = strong + 1;
      continue;
    }
    // 2f. A condition or an identity denied: "ADHD is not even a real condition", "depression is made up", "asexual
    // isn't a thing".
    if (role & R_DENIAL) {
      const from = conditionDenied(tokens, i, lex);
      if (from >= 0) {
        out.push(finding(tokens, from, clauseEndAt(tokens, i), 'offensive.condition-denied', 0.8));
        continue;
      }
    }
    // 2g. A group kept away from children: "don't put a gay couple next door, it's not right around kids".
    if (role & R_AROUND) {
      const from = keptFromChildren(tokens, i, lex);
      if (from >= 0) {
        out.push(finding(tokens, from, i + 1, 'offensive.group-exclusion', 0.8));
        i += 1;
        continue;
      }
    }
    // 2b. Evaluations made general by a tail: "thieving scum, every last one", "beggars and pickpockets, the whole race".
    const tail = role & R_TAIL ? lex.tails.match(tokens, i) : null;
    if (tail) {
      for (let k = i - 1; k >= 0 && k >= i - 8 && tokens[k]!.sentence === t.sentence; k--) {
        const e = lex.evaluations.match(tokens, k);
        if (e && e.last < i) {
          let from = k;
          // Take in the whole list of evaluations before it.
          for (let b = k - 1; b >= 0 && b >= k - 4 && tokens[b]!.sentence === t.sentence; b--)
            if (lex.evaluations.match(tokens, b)) from = b;
          out.push(finding(tokens, from, tail.last, 'offensive.group-generalisation', 0.8));
          break;
        }
      }
      if (out.length > 0 && out[out.length - 1]!.end === tokens[tail.last]!.end) {
        i = tail.last;
        continue;
      }
    }

    // 2c. A dehumanising comparison in a sentence about a group: "now it's a jungle full of savages".
    if (role & R_DEHUMANISING && !negatedBefore(tokens, i)) {
      const g = groupInSentence(tokens, i, lex);
      if (g >= 0) {
        out.push(finding(tokens, Math.min(g, i), Math.max(g, i), 'offensive.dehumanising', 0.8));
        continue;
      }
    }
    // 2e. Name-calling as a noun phrase: "stupid cow at the council has lost my forms", "useless prat never rang".
    if (role & R_INSULT_NOUN && i > 0 && NAME_CALLING_ADJECTIVES.has(tokens[i - 1]!.w) && tokens[i - 1]!.clause === t.clause) {
      const noun = lex.insultNouns.match(tokens, i);
      if (noun && !INSULT_NOUNS_SECOND_PERSON_ONLY.has(noun.value) && !negatedBefore(tokens, i - 1)) {
        out.push(finding(tokens, i - 1, noun.last, 'offensive.insult', 0.8));
        i = noun.last;
        continue;
      }
    }
    // 2d. Anyone named an insult: "Bethan from the benefits team is an ugly old witch".
    if (role & R_INSULT_NOUN) {
      const from = copulaBefore(tokens, i, lex);
      if (from >= 0) {
        out.push(finding(tokens, from, i, 'offensive.insult', 0.8));
        continue;
      }
    }
    // 3. Insults addressed to the person: "you spineless little worm", "you're useless", "ur a brain dead idiot".
    // "your a disgrace": "your" before an article is "you're" misspelt, not a possessive.
    if (role & R_SECOND && (t.w !== 'your' || tokens[i + 1]?.w === 'a' || tokens[i + 1]?.w === 'an')) {
      const insult = insultAfter(tokens, i + 1, lex, true);
      // "Asking for help doesn't make you a failure", "I do not think you are a liar": the insult denied, read no further.
      if (insult !== null && insultDeniedBefore(tokens, i)) {
        i = insult;
        continue;
      }
      if (insult !== null) {
        out.push(finding(tokens, i, insult, 'offensive.insult', 0.85));
        i = insult;
        continue;
      }
    }
    // "what an idiot", "what kind of idiot loses a passport"
    const kindOf = role & R_WHAT && KINDS.has(tokens[i + 1]?.w ?? '') && tokens[i + 2]?.w === 'of' ? i + 2 : -1;
    if (role & R_WHAT && (tokens[i + 1]?.w === 'a' || tokens[i + 1]?.w === 'an' || kindOf > 0)) {
      const insult = insultAfter(tokens, kindOf > 0 ? kindOf + 1 : i + 1, lex, true);
      if (insult !== null) {
        out.push(finding(tokens, i, insult, 'offensive.insult', 0.8));
        i = insult;
        continue;
      }
    }
    // 4. A third person named an insult: "his mum is a fat useless cow", "she was a right silly tart".
    if (role & R_THIRD) {
      let k = i + 1;
      const contracted = t.w.endsWith("'s") || t.w === 'hes' || t.w === 'shes' || t.w.endsWith("'re");
      if (!contracted) {
        // "the woman you sent last time was a fat useless cow": up to four words before the verb.
        while (k < i + 5 && k < tokens.length && tokens[k]!.clause === t.clause && !COPULA_IS.has(tokens[k]!.w)) k++;
        if (!COPULA_IS.has(tokens[k]?.w ?? '') || tokens[k]!.clause !== t.clause) continue;
        k++;
      }
      // "he's thick", "she's proper gormless": a dullness named of a third person, not "he's useless at forms".
      if (contracted) {
        let a = k;
        while (a < k + 3 && (INTENSIFIERS.has(tokens[a]?.w ?? '') || DULL_DEGREE.has(tokens[a]?.w ?? ''))) a++;
        if (
          DULL_PREDICATES.has(tokens[a]?.w ?? '') &&
          tokens[a]!.sentence === t.sentence &&
          !isNegation(tokens[i - 1]?.w ?? '') &&
          (tokens[a + 1] === undefined || tokens[a + 1]!.clause !== tokens[a]!.clause || DULL_TAILS.has(tokens[a + 1]!.w))
        ) {
          out.push(finding(tokens, i, a, 'offensive.insult', 0.8));
          i = a;
          continue;
        }
      }
      const art = tokens[k]?.w;
      if (art !== 'a' && art !== 'an' && art !== 'such' && art !== 'the') continue;
      const insult = insultAfter(tokens, k, lex, false);
      if (insult !== null && tokens[insult]!.sentence === t.sentence) {
        out.push(finding(tokens, i, insult, 'offensive.insult', 0.8));
        i = insult;
      }
    }
  }
  return { found: acts.length === 0 ? out : out.concat(acts), deferred };
}

/**
 * A sentence that is only an insult: "Idiot.", "Absolute moron.", "Do you ever stop whinging? Pathetic." A noun for a
 * person, or after a sentence to the person addressed an adjective; not after the writer's own sentence ("I left the
 * form on the bus. Idiot."), and not a word that may judge a thing ("Disgrace."). `k` is the candidate word.
 */
function insultAlone(tokens: readonly Token[], sentences: Tokens['sentences'], k: number, lex: StructureLexicons, out: Finding[]): void {
  const last = tokens[k]!;
  if (tokens[k + 1] && tokens[k + 1]!.sentence === last.sentence) return;
  let i = k;
  while (i > 0 && tokens[i - 1]!.sentence === last.sentence) {
    if (!INTENSIFIERS.has(tokens[i - 1]!.w)) return;
    i--;
  }
  if (sentences[last.sentence]?.question) return;
  const noun = lex.insultNouns.match(tokens, k);
  const prevSentence = i > 0 ? tokens[i - 1]!.sentence : -1;
  let addressed = false;
  for (let b = i - 1; b >= 0 && tokens[b]!.sentence === prevSentence; b--) {
    if (WRITER_AS_SUBJECT.has(tokens[b]!.w) || tokens[b]!.w === 'my') return;
    if (SECOND_PERSON.has(tokens[b]!.w) || tokens[b]!.w === 'your') addressed = true;
  }
  if ((noun && noun.last === k && !INSULT_NOUNS_SECOND_PERSON_ONLY.has(noun.value)) || (addressed && INSULT_ADJECTIVES.has(last.w)))
    out.push(finding(tokens, i, k, 'offensive.insult', 0.8));
}
/**
 * "Muslims at the allotment dancing round the shed again. Nutters.", "Travellers on the rec again. Absolute animals.": a
 * plural verdict, as a sentence of its own, on the group that opens the sentence before. The group must open it (after
 * a determiner at most): in "Scammers again, targeting pensioners. Criminals." and "Someone attacked the Muslim family
 * again. Animals." the verdict is on whoever does the harm. Returns whether it found one.
 */
function verdictAlone(
  text: string,
  tokens: readonly Token[],
  sentences: Tokens['sentences'],
  k: number,
  lex: StructureLexicons,
  out: Finding[],
): boolean {
  const last = tokens[k]!;
  if (tokens[k + 1] && tokens[k + 1]!.sentence === last.sentence) return false;
  let i = k;
  while (i > 0 && tokens[i - 1]!.sentence === last.sentence) {
    if (!INTENSIFIERS.has(tokens[i - 1]!.w) && !VERDICT_INTENSIFIERS.has(tokens[i - 1]!.w)) return false;
    i--;
  }
  if (i === 0 || sentences[last.sentence]?.question) return false;
  const prevSentence = tokens[i - 1]!.sentence;
  if (sentences[prevSentence]?.question) return false;
  let opens = sentenceStart(tokens, i - 1);
  while (opens < i - 1 && OPENING_DETERMINERS.has(tokens[opens]!.w)) opens++;
  const g = lex.groups.match(tokens, opens);
  if (!g || NOT_A_GROUP.has(g.value) || wordsAbout(tokens, opens) || namesAService(tokens, g.last)) return false;
  // Only a group doing something, or just there: "Travellers on the rec again", "Muslims … dancing round the shed
  // again". Not a group something was done to, or that waits, or whose things are named ("Pensioners targeted by
  // scammers again", "Muslim graves vandalised again", "… had a brick through the window", "… still waiting for the
  // ramp", "Asylum seekers' hotel …"): the verdict is on whoever harmed or failed them.
  for (let j = g.last + 1; j < i; j++) {
    const w = tokens[j]!.w;
    if (HARMED.has(w) || (w.length > 4 && w.endsWith('ed'))) return false;
  }
  if (text[tokens[g.last]!.end] === "'" || text[tokens[g.last]!.end] === '’') return false;
  out.push(finding(tokens, opens, k, 'offensive.group-generalisation', 0.8));
  return true;
}
const HARMED = new Set([
  'had',
  'has',
  'have',
  'got',
  'get',
  'gets',
  'getting',
  'was',
  'were',
  'been',
  'being',
  'is',
  'are',
  'waiting',
  'still',
  'from',
  'thrown',
  'stolen',
  'taken',
  'beaten',
  'broken',
  'hit',
  'shot',
  'bitten',
  'torn',
  'graves',
  'homes',
  'home',
  'house',
  'houses',
  'hotel',
  'cars',
  'car',
  'windows',
  'by',
  'targeted',
  'attacked',
  'abused',
  'robbed',
  'scammed',
  'conned',
  'harassed',
  'bullied',
  'assaulted',
  'mugged',
  'burgled',
  'threatened',
  'victims',
  'victim',
  'picked',
  'spat',
  'shouted',
]);
const VERDICT_INTENSIFIERS = new Set(['absolute', 'total', 'complete', 'utter', 'proper', 'right', 'bunch', 'of', 'a', 'load', 'lot']);
const OPENING_DETERMINERS = new Set(['the', 'those', 'these', 'them', 'that', 'this', 'our', 'your', 'some', 'more', 'another']);
/** Plural verdicts that, as a sentence of their own, judge the group just named. */
const PLURAL_VERDICTS = new Set([
  'thieves',
  'criminals',
  'beggars',
  'liars',
  'cheats',
  'terrorists',
  'extremists',
  'nutters',
  'animals',
  'savages',
  'loonies',
  'lunatics',
  'nutcases',
  'headcases',
  'weirdos',
  'freaks',
  'scroungers',
  'spongers',
  'wasters',
  'layabouts',
  'lowlifes',
  'degenerates',
  'perverts',
  'thugs',
  'crooks',
  'barbarians',
  'heathens',
  'fanatics',
  'parasites',
  'leeches',
  'vermin',
  'scum',
  'idiots',
  'morons',
  'muppets',
  'clowns',
]);

/**
 * A sneer that pins what is told on a group named around it: "Gypsies and travellers applying for hardship money
 * again, what a surprise", "The Ukrainian families have moved into the flats. Funny how they've all got new iPhones",
 * "Asian drivers, that explains it". The group is in the sneer's sentence, or in the one before when the sneer opens
 * its own. ("No wonder" is not one: "Tory and Labour voters alike are using the food bank, no wonder it's full".)
 */
function sneerAt(tokens: readonly Token[], i: number, lex: StructureLexicons, out: Finding[]): void {
  // "… a leaflet that explains it": only a clause of its own. Tested first: most sneers start on a common word ("of",
  // "that", "what", "no"), which is seldom the first of its clause.
  if (i > 0 && tokens[i - 1]!.clause === tokens[i]!.clause) return;
  const hit = SNEERS.match(tokens, i);
  if (!hit) return;
  // "Men grieve too, of course they do": granting the group a feeling others have, not a sneer at it. ("Asylum seekers
  // want free phones too, of course they do" and "… claimed the hardship fund too, of course they did" are sneers.)
  if (tokens[i]!.w === 'of' && tokens[hit.last]!.w === 'do' && includedToo(tokens, i - 1) && feltBefore(tokens, i - 1)) return;
  const opens = sentenceStart(tokens, i);
  const end = sentenceEnd(tokens, i);
  // The sentence before: "… haggling over the fee. No surprises there." The sneer opens its sentence and either
  // stands as a clause of its own or picks the group up ("… Funny how they've all got new iPhones"; not "Funny how
  // quickly the week went").
  const closes = tokens[hit.last + 1] === undefined || tokens[hit.last + 1]!.clause !== tokens[hit.last]!.clause;
  const closing = CLOSING_SNEERS.match(tokens, i) !== null;
  // A closing sneer ends its sentence: "…, here we go, I'll book one now" and "…, say no more, done" are on it.
  // (A next token in another sentence is in another clause too, so this also requires the sneer to close its clause.)
  if (closing && tokens[hit.last + 1]?.sentence === tokens[hit.last]!.sentence) return;
  // A closing sneer reads only its own sentence: "… paid the rent on time. Say no more, they're great tenants" is praise.
  const from = !closing && i - opens <= 3 && (closes || anyIn(tokens, hit.last + 1, end, ANAPHORA)) ? sentenceStart(tokens, i, 1) : opens;
  let g = namedGroupIn(tokens, from, i - 1, lex, NOT_A_GROUP);
  if (g) {
    out.push(finding(tokens, g.k, Math.max(clauseEndAt(tokens, hit.last), hit.last), 'offensive.sneer', 0.8));
    return;
  }
  g = closing ? null : namedGroupIn(tokens, hit.last + 1, end, lex, NOT_A_GROUP);
  if (g) out.push(finding(tokens, i, Math.max(clauseEndAt(tokens, hit.last), g.last), 'offensive.sneer', 0.8));
}
const WRITER_SUBJECTS = new Set(['i', "i've", "i'm", "i'd", "i'll", 'ive', 'im']);
const OTHERS = new Set(['he', 'she', 'they', 'him', 'her', 'them', "he's", "she's", "they're", 'his', 'their']);
/**
 * "Typical bloke, I forgot to attach the form", "typical mum, I've left my glasses at home": the writer's joke about
 * themself, when the next clause is the writer's own doing and names nobody else. Only a singular word ("typical
 * man, he never listens" and "typical women, I've no time for them" are about others).
 */
function typicalOfWriter(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1];
  if (!next || next.sentence !== tokens[last]!.sentence || next.clause === tokens[last]!.clause) return false;
  if (!WEAK_SINGULARS.has(tokens[last]!.w) && tokens[last]!.w !== 'bloke') return false;
  if (!WRITER_SUBJECTS.has(next.w)) return false;
  // The writer's own slip: "I forgot", "I've left my glasses", "I always lose my keys" (not "I got a grunt and a shrug").
  let v = last + 2;
  while (v < last + 4 && SLIP_ADVERBS.has(tokens[v]?.w ?? '')) v++;
  if (!SLIPS.has(tokens[v]?.w ?? '') || tokens[v]!.sentence !== next.sentence) return false;
  for (let k = last + 2; k < tokens.length && tokens[k]!.sentence === next.sentence; k++) if (OTHERS.has(tokens[k]!.w)) return false;
  return true;
}
const SLIP_ADVERBS = new Set(['have', 'just', 'always', 'completely', 'totally', 'only', 'even', 'went', 'and']);
const SLIPS = new Set([
  'forgot',
  'forget',
  'forgotten',
  'left',
  'lost',
  'lose',
  'missed',
  'dropped',
  'misread',
  'mixed',
  'mislaid',
  'locked',
  'broke',
  'deleted',
  'overslept',
  'burnt',
  'burned',
]);
/** What anyone feels or needs, granted to a group: "men grieve too", "dads matter as well", "pensioners get lonely too". */
const FEELINGS = new Set([
  'grieve',
  'grieves',
  'matter',
  'matters',
  'hurt',
  'hurts',
  'feel',
  'feels',
  'care',
  'cares',
  'love',
  'loves',
  'worry',
  'worries',
  'struggle',
  'struggles',
  'suffer',
  'suffers',
  'cry',
  'cries',
  'lonely',
  'count',
  'counts',
  'mourn',
  'mourns',
]);
/** A feeling in the clause that ends at `k` ("… too"). */
function feltBefore(tokens: readonly Token[], k: number): boolean {
  for (let j = k; j >= 0 && tokens[j]!.clause === tokens[k]!.clause; j--) if (FEELINGS.has(tokens[j]!.w)) return true;
  return false;
}
/** "… too", "… as well", "… also" ending at token `k`, just before "of course they do". */
function includedToo(tokens: readonly Token[], k: number): boolean {
  const w = tokens[k]?.w ?? '';
  return w === 'too' || w === 'also' || (w === 'well' && tokens[k - 1]?.w === 'as');
}
const PRECAUTIONS = new Set(['lock', 'hide', 'watch', 'guard', 'padlock', 'chain', 'count', 'nail']);
/** What is kept from thieves: "lock the sheds", "hide the lawnmower", "watch your wallet", "count the spoons". */
const POSSESSIONS = new Set([
  'shed',
  'sheds',
  'tools',
  'lawnmower',
  'mower',
  'bike',
  'bikes',
  'wallet',
  'wallets',
  'purse',
  'purses',
  'handbag',
  'handbags',
  'valuables',
  'spoons',
  'silver',
  'copper',
  'cables',
  'car',
  'cars',
  'van',
  'garage',
]);
/**
 * "The Romanian family have moved in at 12, better lock the sheds", "Irish travellers on the field again, hide the
 * lawnmower": a precaution against theft, given as an order of its own right after a group is named, casts the group as
 * thieves. The precaution opens its clause (or follows "better"/"best"), names a possession within four words, and the
 * group is named earlier in its sentence or, when it opens a sentence, in the one before. Not "please lock the sheds, there
 * have been break-ins", and not denied ("no need to lock the shed").
 */
function precautionAt(tokens: readonly Token[], i: number, lex: StructureLexicons, out: Finding[]): void {
  const before = tokens[i - 1];
  const opensClause = before === undefined || before.clause !== tokens[i]!.clause;
  const advised =
    before !== undefined &&
    (before.w === 'better' || before.w === 'best') &&
    (tokens[i - 2] === undefined || tokens[i - 2]!.clause !== before.clause);
  if (!opensClause && !advised) return;
  let object = -1;
  for (let k = i + 1; k <= i + 4 && k < tokens.length && tokens[k]!.clause === tokens[i]!.clause; k++)
    if (POSSESSIONS.has(tokens[k]!.w)) {
      object = k;
      break;
    }
  if (object < 0) return;
  const opens = sentenceStart(tokens, i);
  const from = i - opens <= 1 ? sentenceStart(tokens, i, 1) : opens;
  const g = namedGroupIn(tokens, from, i - 1, lex, NOT_A_GROUP_SIDED);
  if (!g) return;
  // "Disabled drivers, lock your car in the blue badge bays": the group addressed, warned for its own sake.
  if (g.k === opens && tokens[g.last + 1]?.clause !== tokens[g.last]!.clause && tokens[g.last + 1]?.sentence === tokens[g.last]!.sentence)
    return;
  // "The Muslim family at 4 had their shed broken into, lock the sheds", "… lock your cars, there have been thefts": the
  // group robbed, or theft by others, and the precaution for all.
  if (!anyIn(tokens, g.k, sentenceEnd(tokens, i), ROBBED)) out.push(finding(tokens, g.k, object, 'offensive.insinuation', 0.8));
}
const ROBBED = new Set([
  'stolen',
  'broken',
  'burgled',
  'robbed',
  'nicked',
  'taken',
  'theft',
  'thefts',
  'burglary',
  'burglaries',
  'targeted',
  'victim',
  'victims',
]);
const PREFERENCES = new Set(['rather', 'prefer', 'want', 'draw']);
/** What opens a statement of prejudice by denying it: "I've nothing against Muslims but …", "I'm not racist but …". */
const DISCLAIMERS = phrases([
  'nothing against',
  'no problem with',
  'no offence to',
  'no disrespect to',
  "don't mind",
  'dont mind',
  'not racist',
  'not a racist',
  'not homophobic',
  'not sexist',
  'not prejudiced',
  'not a bigot',
  'not being funny',
]);
const FIRST_PERSON_PREFERRERS = new Set(['i', "i'd", 'id', 'we', "we'd", 'personally']);
/**
 * "I've got nothing against Muslims but I wouldn't want one living next door", "I'm not racist but I'd prefer a British
 * builder": the writer's own preference or bar, in a clause opened by "but" after a disclaimer in the same sentence, with
 * a group named in the sentence. Not "I've nothing against the Polish family, but the noise has to stop" (no preference
 * of the writer's), nor "… but the panel isn't sitting until May".
 */
function disclaimedPreference(tokens: readonly Token[], i: number, lex: StructureLexicons, out: Finding[]): void {
  const w = tokens[i]!.w;
  const clause = tokens[i]!.clause;
  // "I'd rather", "I'd prefer", "I wouldn't want", "I don't want", "I draw the line".
  let subject = i - 1;
  if (w === 'want') {
    if (!isNegation(tokens[subject]?.w ?? '')) return;
    subject--;
  } else if (w === 'draw') {
    if (tokens[i + 1]?.w !== 'the' || tokens[i + 2]?.w !== 'line') return;
  } else if (w === 'rather' && tokens[subject]?.w === 'would') subject--;
  if (!FIRST_PERSON_PREFERRERS.has(tokens[subject]?.w ?? '') || tokens[subject]!.clause !== clause) return;
  // The clause opens with "but" (at most two words before the subject).
  let but = -1;
  for (let k = subject - 1; k >= 0 && k >= subject - 2 && tokens[k]!.sentence === tokens[i]!.sentence; k--)
    if (tokens[k]!.w === 'but') but = k;
  if (but < 0) return;
  const opens = sentenceStart(tokens, i);
  let disclaimer = -1;
  for (let k = opens; k < but && disclaimer < 0; k++) if (DISCLAIMERS.match(tokens, k)) disclaimer = k;
  if (disclaimer < 0) return;
  // The preference is about the group: named again after it, or picked up ("I wouldn't want one living next door"); not
  // "I don't mind Muslims but I'd rather you sent the form by email".
  const end = clauseEndAt(tokens, i);
  if (namedGroupIn(tokens, i + 1, end, lex, NOT_A_GROUP) === null && !anyIn(tokens, i + 1, end, PREFERRED_PICKUPS)) return;
  if (namedGroupIn(tokens, opens, sentenceEnd(tokens, i), lex, NOT_A_GROUP))
    out.push(finding(tokens, disclaimer, end, 'offensive.disclaimed', 0.8));
}

const PREFERRED_PICKUPS = new Set(['one', 'them', 'they', 'their', 'those', 'any']);

const TWO_PARENTS = new Set(['mums', 'dads', 'mothers', 'fathers']);
/** Pity for a child said of its two same-sex parents: "two mums? That poor kid", "two dads adopting, God help that child". */
const PITY = phrases(['poor kid', 'poor child', 'poor boy', 'poor girl', 'poor thing', 'poor little', 'god help']);
/**
 * "Two mums? That poor kid.", "Two dads adopting, God help that child": two parents of one sex, then pity for the
 * child in the same sentence or the next. Not "two mums from the school came to the meeting" (no pity).
 */
function twoParentsPitied(tokens: readonly Token[], i: number, out: Finding[]): void {
  if (!TWO_PARENTS.has(tokens[i + 1]?.w ?? '')) return;
  const sentence = tokens[i]!.sentence;
  // Within six words: "two dads and both forgot to accept the school place 😂 That poor kid" pities the child for something else.
  for (let k = i + 2; k < tokens.length && k <= i + 6 && tokens[k]!.sentence <= sentence + 1; k++) {
    const p = PITY.match(tokens, k);
    if (p) {
      out.push(finding(tokens, i, p.last, 'offensive.sneer', 0.8));
      return;
    }
  }
}

// Not "are": "you are 'a couple' if you live together" is Universal Credit's own wording.
const STATE_OPENERS = new Set(["they're", 'theyre']);
const QUOTED_STATES = new Set(['married', 'couple', 'wife', 'husband', 'wives', 'husbands']);
/** "They're 'married', apparently", "they are 'a couple'": a relationship in scare quotes after what states it. */
function scareQuotedState(text: string, tokens: readonly Token[], sentences: Tokens['sentences'], i: number, out: Finding[]): void {
  // "Are 'married' couples allowed?": asked, not said.
  if (sentences[tokens[i]!.sentence]?.question) return;
  const k = tokens[i + 1]?.w === 'a' ? i + 2 : i + 1;
  const word = tokens[k];
  if (!word || !QUOTED_STATES.has(word.w) || word.clause !== tokens[i]!.clause) return;
  if (scareQuotedFrom(text, tokens, i + 1, k)) out.push(finding(tokens, i, k, 'offensive.scare-quotes', 0.8));
}

/** Group words that name no group for a sneer: "person". */
const NOT_A_GROUP = new Set(['person']);
/** …, nor for siding: an age ("the older registrar … I don't blame him"). */
const NOT_A_GROUP_SIDED = new Set(['person', 'age']);

/**
 * The first group named from token `from` to `to` (both included) whose value is not one of `except`: not words
 * about a group ("the word 'gypsy'") and not a group naming a service ("the Traveller liaison team").
 */
function namedGroupIn(
  tokens: readonly Token[],
  from: number,
  to: number,
  lex: StructureLexicons,
  except: ReadonlySet<string>,
): { k: number; last: number } | null {
  for (let k = Math.max(from, 0); k <= to && k < tokens.length; k++) {
    const g = lex.groups.match(tokens, k);
    if (!g || except.has(g.value) || wordsAbout(tokens, k)) continue;
    if (namesAService(tokens, g.last)) continue;
    return { k, last: g.last };
  }
  return null;
}
/**
 * "Pakistani taxi driver, you know what that means", "he says he's non-binary, whatever that means": a dismissal as a
 * clause of its own, with the group named earlier in the same sentence.
 */
const CLOSING_SNEER_PHRASES = [
  // Not "here we go" alone: "Ramadan starts tomorrow for our Muslim residents, here we go!" is as often eager.
  'here we go again',
  'you know what that means',
  'say no more',
  'need i say more',
  'enough said',
  'nuff said',
  'go figure',
  'big surprise',
  'whatever that means',
  'whatever that is',
  'whatever next',
  'give me strength',
  'what is the world coming to',
  "what's the world coming to",
  'the mind boggles',
  'god help us',
];
const SNEERS = phrases([
  'what a surprise',
  'no surprise there',
  'no surprises there',
  'of course they do',
  'of course they did',
  'of course they would',
  'of course they are',
  'as per usual',
  'that explains it',
  'explains a lot',
  'surprise surprise',
  'funny how',
  'funny that',
  'shock horror',
  "who'd have thought",
  ...CLOSING_SNEER_PHRASES,
]);
/** Sneers read only as a clause of their own after the group: "here we go: the Somali family's viewing is at 2" opens an account. */
const CLOSING_SNEERS = phrases(CLOSING_SNEER_PHRASES);

/**
 * The writer siding with someone's prejudice against a group named just before: "Neighbours won't be thrilled [about
 * a Black family], can't say I blame them", "the matching team prefer straight couples for babies, and I can see
 * why", "the older registrar won't do same-sex ones and frankly I don't blame him". `i` is "blame" or "why". Not
 * sympathy with the citizen ("I don't blame you", "I can see why you think it's unfair"), and not denied ("I can't
 * see why they'd object").
 */
function sidingWith(tokens: readonly Token[], i: number, lex: StructureLexicons, out: Finding[]): void {
  const t = tokens[i]!;
  let opens: number;
  if (t.w === 'blame') {
    if (!SIDED_WITH.has(tokens[i + 1]?.w ?? '')) return;
    const who = tokens[i - 2]?.w === 'who' && tokens[i - 1]?.w === 'can';
    if (!who && !negationWithin(tokens, i, 4, 'clause')) return;
    opens = who ? i - 2 : i - 1;
  } else {
    if (tokens[i - 1]?.w !== 'see' || tokens[i - 2]?.w !== 'can' || tokens[i - 3]?.w !== 'i') return;
    if (negationWithin(tokens, i - 1, 3, 'clause')) return;
    const next = tokens[i + 1];
    if (next && next.sentence === t.sentence && CITIZEN_AFTER_WHY.has(next.w)) return;
    opens = i - 3;
  }
  // The group: in this sentence before the verdict, or in the one before it.
  const g = namedGroupIn(tokens, sentenceStart(tokens, i, 1), opens - 1, lex, NOT_A_GROUP_SIDED);
  if (g) out.push(finding(tokens, g.k, clauseEndAt(tokens, i + 1), 'offensive.siding', 0.8));
}
/** Whom the writer does not blame: the person who holds the view ("him", "her", "them"), not the citizen. */
const SIDED_WITH = new Set(['him', 'her', 'them']);
/** "I can see why you think …", "… why your mum was upset": the citizen's view or feeling, not a prejudice. */
const CITIZEN_AFTER_WHY = new Set(['you', 'your', "you're", "you'd", 'u']);

/**
 * A partner or an identity put in scare quotes after its owner: "Her 'girlfriend' came along", "your 'friend' can come
 * too, nudge nudge", "his 'husband'". The quotes deny the relationship or the identity. Not a label on a form ("your
 * 'partner' field"), and the report and counter-speech checks still apply to it.
 */
function scareQuoted(text: string, tokens: readonly Token[], i: number, out: Finding[]): void {
  const k = tokens[i + 1]?.w === 'new' ? i + 2 : i + 1;
  const word = tokens[k];
  if (!word || !SCARE_QUOTABLE.has(word.w) || word.sentence !== tokens[i]!.sentence) return;
  if (scareQuotedFrom(text, tokens, k, k)) out.push(finding(tokens, i, k, 'offensive.scare-quotes', 0.8));
}
/** Are tokens `first` to `last` in quotes of their own, and not a label on a form ("your 'partner' field")? */
function scareQuotedFrom(text: string, tokens: readonly Token[], first: number, last: number): boolean {
  return (
    OPENING_QUOTES.includes(text[tokens[first]!.start - 1] ?? '') &&
    CLOSING_QUOTES.includes(text[tokens[last]!.end] ?? '') &&
    !FORM_PARTS.has(tokens[last + 1]?.w ?? '')
  );
}
const OPENING_QUOTES = `'‘"“`;
const CLOSING_QUOTES = `'’"”`;
const SCARE_QUOTABLE = new Set([
  'wife',
  'husband',
  'girlfriend',
  'boyfriend',
  'partner',
  'friend',
  'roommate',
  'flatmate',
  'housemate',
  'spouse',
  'fiance',
  'fiancee',
  'fiancé',
  'fiancée',
  'daughter',
  'son',
  'marriage',
  'wedding',
]);
/** What a quoted word labels on a form: "the 'partner' field", "your 'spouse' section". */
const FORM_PARTS = new Set(['field', 'box', 'section', 'column', 'option', 'question', 'tab', 'details', 'page', 'line']);

/**
 * Praise measured against a group: "He's very well spoken for a Black guy", "she's quite clever for a woman". The
 * praise word (`p`) stands straight before "for a"; a group that is not an age follows ("very fit for a pensioner" is
 * an everyday compliment on age).
 */
function backhandedPraise(tokens: readonly Token[], p: number, lex: StructureLexicons, out: Finding[]): void {
  const i = p + 1;
  if (tokens[i]?.w !== 'for' || tokens[i].clause !== tokens[p]!.clause) return;
  const article = tokens[i + 1]?.w;
  if (article !== 'a' && article !== 'an') return;
  const group = lex.groups.match(tokens, i + 2);
  if (!group || group.value === 'age' || group.value === 'person') return;
  if (negationWithin(tokens, p, 4, 'clause')) return;
  let from = p;
  while (from > 0 && tokens[from - 1]!.clause === tokens[i].clause && from > p - 4) from--;
  const last = PERSON_HEADS_INSULTABLE.has(tokens[group.last + 1]?.w ?? '') ? group.last + 1 : group.last;
  out.push(finding(tokens, from, last, 'offensive.backhanded-praise', 0.8));
}
/** Praise that can be measured against a group ("well spoken", "clever"); not the praise that turns a blame round. */
const MEASURED_PRAISE = new Set([
  'spoken',
  'articulate',
  'eloquent',
  'clever',
  'bright',
  'smart',
  'intelligent',
  'polite',
  'clean',
  'tidy',
  'pretty',
  'attractive',
  'normal',
  'sensible',
  'educated',
  'honest',
  'trustworthy',
  'reliable',
  'civilised',
  'civilized',
  'respectable',
  'presentable',
  'punctual',
  'hardworking',
  'capable',
  'competent',
]);

/** "… until 1967", "… before 1990", "… in the 1980s": what is said is dated history. */
function datedAfter(tokens: readonly Token[], last: number): boolean {
  const w = tokens[last + 1]?.w;
  if (w !== 'until' && w !== 'till' && w !== 'before' && w !== 'in') return false;
  const year = tokens[last + 2]?.w === 'the' ? tokens[last + 3]?.w : tokens[last + 2]?.w;
  return year !== undefined && /^1[89]\d\ds?$|^20[0-2]\ds?$/.test(year);
}

/** Where the cause of a plight ends, for evaluationAfter: "angry with everyone and thugs". */
const CAUSE_ENDS = new Set(['and', 'but', 'or', 'so']);
/** What "intolerant" or "judgemental" straight after is not a fault: "lactose intolerant", "non-judgemental". */
const INTOLERANCE_FOR = new Set(['lactose', 'gluten', 'dairy', 'wheat', 'food', 'non', 'exercise', 'heat', 'cold']);
/** Behaviour an incident report gives, and what dates it to one occasion. */
const INCIDENT_BEHAVIOURS = new Set(['noisy', 'loud', 'rude', 'aggressive', 'drunk', 'abusive', 'shouting', 'fighting']);
const ONE_OCCASION = phrases([
  'last night',
  'last week',
  'at the weekend',
  'over the weekend',
  'yesterday',
  'this morning',
  'this afternoon',
  'this evening',
  'tonight',
  'earlier today',
  'on saturday',
  'on sunday',
  'on friday',
  'on the day',
]);
/**
 * "Young people at the youth club were noisy last night": behaviour on one occasion, in the past, reported; not a trait
 * of the group. Not with "again" or a habit word ("the Romanians at 4 were drunk again last night").
 */
function incidentAt(tokens: readonly Token[], groupLast: number, hit: { from: number; last: number }): boolean {
  if (hit.from !== hit.last || !INCIDENT_BEHAVIOURS.has(tokens[hit.last]!.w)) return false;
  let past = false;
  let located = false;
  for (let k = groupLast + 1; k < hit.from; k++) {
    const w = tokens[k]!.w;
    if (w === 'was' || w === 'were') past = true;
    else if (!past && LOCATING.has(w)) located = true;
    if (w === 'so' || w === 'too') return false;
  }
  // People somewhere ("at the youth club", "at number 4"), not a whole group ("Muslims were abusive yesterday").
  if (!past || !located) return false;
  // No habit or sneer anywhere in the sentence: "…, as usual", "…, typical", "they always are".
  const sentence = tokens[hit.last]!.sentence;
  for (let k = groupLast + 1; k < tokens.length && tokens[k]!.sentence === sentence; k++)
    if (HABIT_MARKS.has(tokens[k]!.w) || HABIT_QUANTIFIERS.has(tokens[k]!.w)) return false;
  for (let k = hit.last + 1; k <= hit.last + 3 && k < tokens.length && tokens[k]!.sentence === sentence; k++)
    if (ONE_OCCASION.match(tokens, k)) return true;
  return false;
}
const LOCATING = new Set(['at', 'in', 'on', 'from', 'next', 'opposite', 'upstairs', 'downstairs']);
const HABIT_MARKS = new Set(['again', 'usual', 'typical', 'always', 'ever', 'typically', 'course']);

/** Is the group at `i` the object of "about" after a noun for words ("comments about", "jokes about the …")? */
function wordsAbout(tokens: readonly Token[], i: number): boolean {
  const p = DETERMINERS_BEFORE_GROUP.has(tokens[i - 1]?.w ?? '') ? i - 2 : i - 1;
  return ABOUT.has(tokens[p]?.w ?? '') && WORDS_NOUNS.has(tokens[p - 1]?.w ?? '');
}
const DETERMINERS_BEFORE_GROUP = new Set(['the', 'those', 'these', 'all']);
const ABOUT = new Set(['about', 'towards', 'toward', 'against', 'regarding', 'on']);
const WORDS_NOUNS = new Set([
  'comment',
  'comments',
  'remark',
  'remarks',
  'view',
  'views',
  'joke',
  'jokes',
  'words',
  'language',
  'attitude',
  'attitudes',
  'post',
  'posts',
  'message',
  'messages',
  'assumptions',
  'stereotypes',
  'opinions',
  'rant',
  'slurs',
  'abuse',
]);

/** Heads of a group named by a relative clause ("anyone who votes Labour"). */
const RELATIVE_HEADS = ['anyone', 'anybody', 'people', 'those', 'everyone', 'everybody', 'folk', 'someone'];
const VOTING = ['vote', 'votes', 'voted', 'voting', 'support', 'supports'];
/** Evaluations of more than one word that make a slur of the group noun after them. */
const STRONG_EVALUATION_PHRASES = ['brain dead', 'pig ignorant', 'bone idle', 'knuckle dragging', 'mouth breathing', 'good for nothing'];

/** "real" in "not a real condition", "made" in "made up", "thing" in "isn't a thing", "exist" in "doesn't exist". */
const DENIAL_ENDS = new Set(['real', 'made', 'thing', 'exist']);
/** Words that may stand between a condition and its bare denial: "autism just isn't real", "ADHD doesn't even exist". */
const DENIAL_ADVERBS = new Set(['just', 'really', 'even', 'actually', 'simply', 'honestly']);
/**
 * Is the bare denial at `i` ("real" after "isn't", "exist" after "doesn't") said of a condition or an identity named as
 * its subject, right before the negated verb: "autism isn't real", "ADHD doesn't even exist", "non-binary isn't real".
 * Only as the subject, since the words are common with another one ("the autism support they promised doesn't exist",
 * "the waiting list for an ADHD assessment isn't real progress").
 */
function bareDenialOfCondition(tokens: readonly Token[], i: number, lex: StructureLexicons): boolean {
  // The denial ends its clause: "isn't real" / "doesn't exist", not "isn't real progress", "doesn't exist in this borough's offer".
  const next = tokens[i + 1];
  if (next !== undefined && next.clause === tokens[i]!.clause && !DENIAL_TAIL.has(next.w)) return false;
  let k = i - 1;
  while (k >= 0 && DENIAL_ADVERBS.has(tokens[k]!.w)) k--;
  const verb = tokens[k]?.w ?? '';
  if (tokens[i]!.w === 'real') {
    // "isn't real", "is not real", "aren't real", "is not even real".
    if (verb === 'not') k--;
    else if (!BARE_DENIED_COPULAS.has(verb)) return false;
    else {
      k--;
      while (k >= 0 && DENIAL_ADVERBS.has(tokens[k]!.w)) k--;
      return subjectCondition(tokens, k, i, lex);
    }
    while (k >= 0 && DENIAL_ADVERBS.has(tokens[k]!.w)) k--;
    if (!COPULAS.has(tokens[k]?.w ?? '')) return false;
  } else {
    // "doesn't exist", "does not exist", "don't exist".
    if (verb === 'not') k--;
    else if (verb !== "doesn't" && verb !== 'doesnt' && verb !== "don't" && verb !== 'dont') return false;
    else {
      k--;
      while (k >= 0 && DENIAL_ADVERBS.has(tokens[k]!.w)) k--;
      return subjectCondition(tokens, k, i, lex);
    }
    if (tokens[k]?.w !== 'does' && tokens[k]?.w !== 'do') return false;
  }
  k--;
  while (k >= 0 && DENIAL_ADVERBS.has(tokens[k]!.w)) k--;
  return subjectCondition(tokens, k, i, lex);
}
/** Negated copulas a bare "real" may follow: "isn't real", "aren't real". */
const BARE_DENIED_COPULAS = new Set(["isn't", 'isnt', "aren't", 'arent', "ain't", 'aint', "wasn't", 'wasnt']);
/** What may follow a bare denial in its clause: "isn't real at all", "doesn't exist really". */
const DENIAL_TAIL = new Set(['at', 'really', 'anyway', 'though', 'tbh', 'lol', 'mate']);
/** Is the token at `k` (in the denial's clause) a condition or an identity that starts its clause, or follows "the"? */
function subjectCondition(tokens: readonly Token[], k: number, i: number, lex: StructureLexicons): boolean {
  const t = tokens[k];
  if (t === undefined || t.clause !== tokens[i]!.clause) return false;
  if (!(CONDITION_WORDS.has(t.w) || IDENTITY_WORDS.has(t.w) || lex.groups.match(tokens, k)?.value === 'disability')) return false;
  // "binary isn't real, gender is a spectrum": only "non-binary" names an identity.
  if (t.w === 'binary' && tokens[k - 1]?.w !== 'non') return false;
  const before = tokens[k - 1];
  if (before === undefined || before.clause !== t.clause || SUBJECT_LEADS.has(before.w)) return true;
  // "his ADHD isn't real", "Sam's autism doesn't exist": one person's condition denied, by a possessive that starts the clause.
  const owner =
    before.w === 'his' || before.w === 'her' || before.w === 'their' || before.w === 'your' || before.w === 'ur' || before.w.endsWith("'s");
  const lead = tokens[k - 2];
  return owner && (lead === undefined || lead.clause !== t.clause || SUBJECT_LEADS.has(lead.w));
}
/** Words a denied condition's clause may start with before it: "and autism isn't real", "honestly ADHD doesn't exist". */
const SUBJECT_LEADS = new Set(['and', 'but', 'so', 'honestly', 'frankly', 'basically', 'tbh', 'like', 'cos', 'because', 'non']);
/** What a condition is denied as: "not a real illness". */
const DENIED_AS = new Set(['condition', 'illness', 'disability', 'disease', 'disorder', 'thing', 'diagnosis']);
/** The conditions one-word: "ADHD", "autism", "dyslexia". */
const CONDITION_WORDS = new Set([
  'adhd',
  'autism',
  'autistic',
  'dyslexia',
  'dyslexic',
  'depression',
  'anxiety',
  'ptsd',
  'ocd',
  'bipolar',
  'schizophrenia',
  'fibromyalgia',
  'cfs',
  'dementia',
  'asd',
]);
/** Orientations and gender identities, denied as conditions are: "asexual isn't a thing", "non-binary is made up". */
const IDENTITY_WORDS = new Set([
  'asexual',
  'pansexual',
  'bisexual',
  'demisexual',
  'nonbinary',
  // "non-binary" is two tokens; "binary" alone is rare in council messages otherwise.
  'binary',
  'enby',
  'genderfluid',
  'transgender',
  'intersex',
  'pronouns',
]);
/**
 * A condition or an identity denied: "real" after a negation ("not even a real condition", "isn't a real disability") or "made"
 * before "up" ("ADHD is made up"), in a sentence that names a condition or a group by one. Returns where the
 * statement starts, or -1.
 */
function conditionDenied(tokens: readonly Token[], i: number, lex: StructureLexicons): number {
  const from = conditionDeniedFrom(tokens, i, lex);
  // "Autism isn't real? Tell that to the parents on our waiting list", "'ADHD doesn't exist' - Mr Smith", "according to his
  // dad, Sam's autism isn't real", "ADHD is not a real condition, said no clinician ever": asked, quoted or reported.
  return from >= 0 && accountOrAsked(tokens, from, i) ? -1 : from;
}
function conditionDeniedFrom(tokens: readonly Token[], i: number, lex: StructureLexicons): number {
  const w = tokens[i]!.w;
  if ((w === 'real' || w === 'exist') && bareDenialOfCondition(tokens, i, lex)) {
    let from = i;
    while (from > 0 && tokens[from - 1]!.clause === tokens[i]!.clause) from--;
    return from;
  }
  if (w === 'exist') return -1;
  if (w === 'real') {
    if (!DENIED_AS.has(tokens[i + 1]?.w ?? '') || tokens[i + 1]!.clause !== tokens[i]!.clause) return -1;
    if (!negationWithin(tokens, i, 4, 'sentence')) return -1;
  } else if (w === 'thing') {
    // "Asexual isn't a thing": the whole clause is the denial ("… isn't a thing we record" is not).
    if (tokens[i - 1]?.w !== 'a' || !negationWithin(tokens, i, 4, 'clause')) return -1;
    if (tokens[i + 1] && tokens[i + 1]!.clause === tokens[i]!.clause) return -1;
  } else if (
    tokens[i + 1]?.w !== 'up' ||
    tokens[i + 2]?.w === 'of' ||
    (!COPULAS.has(tokens[i - 1]?.w ?? '') && !(tokens[i - 1]?.w === 'just' && COPULAS.has(tokens[i - 2]?.w ?? '')))
  )
    return -1;
  // "it's not a real problem, the boiler's fine": only with a condition named in the sentence.
  const sentence = tokens[i]!.sentence;
  const start = sentenceStart(tokens, i);
  for (let k = start; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    if (k === i) continue;
    if (CONDITION_WORDS.has(tokens[k]!.w) || IDENTITY_WORDS.has(tokens[k]!.w) || lex.groups.match(tokens, k)?.value === 'disability') {
      let from = i;
      while (from > start && tokens[from - 1]!.clause === tokens[i]!.clause) from--;
      return from;
    }
  }
  return -1;
}

/** "around kids", "near children": where a group is said to be unfit to be. */
const KEEP_AWAY_PREPOSITIONS = new Set(['around', 'near', 'round']);
const CHILDREN = new Set(['kids', 'children', 'kiddies', 'youngsters', 'schoolkids']);
/** Judgements that make a group unfit to be near children: "it's not right", "they shouldn't be". */
const UNFIT = phrases([
  'not right',
  "isn't right",
  'not safe',
  "isn't safe",
  "shouldn't be",
  'should not be',
  'not allowed',
  "aren't safe",
  'not appropriate',
]);
/**
 * "…, it's not right around kids", "they shouldn't be near children": a group (not an age) in the sentence
 * judged unfit to be near children. Returns where the judgement starts, or -1.
 */
function keptFromChildren(tokens: readonly Token[], i: number, lex: StructureLexicons): number {
  if (!CHILDREN.has(tokens[i + 1]?.w ?? '')) return -1;
  let from = -1;
  for (let k = i - 1; k >= 0 && k >= i - 4 && tokens[k]!.clause === tokens[i]!.clause; k--) {
    const u = UNFIT.match(tokens, k);
    if (u && u.last < i) from = k;
  }
  if (from < 0) return -1;
  const g = groupInSentence(tokens, from, lex);
  if (g < 0 || lex.groups.match(tokens, g)?.value === 'age') return -1;
  return Math.min(g, from);
}

/** What may open the clause before its subject: "but", "hopefully", "I'm sure". */
const PASSING_OPENERS = new Set([
  'but',
  'and',
  'so',
  'hopefully',
  'probably',
  'honestly',
  'surely',
  'i',
  "i'm",
  'im',
  'sure',
  'think',
  'reckon',
  'bet',
]);
const PASSING_SUBJECTS = new Set([
  "it's",
  'its',
  'it',
  'he',
  "he'll",
  'hell',
  'she',
  "she'll",
  'shell',
  'they',
  "they'll",
  'this',
  "that's",
  'thats',
  "he's",
  "she's",
]);
/** What is said to pass: "grow out of it", "(just) a phase". */
const PASSING = phrases(['grow out of it', 'grows out of it', 'growing out of it', 'grow out of that', 'a phase', 'a passing phase']);
/**
 * "… gay, hopefully he'll grow out of it", "… a lesbian but it's probably just a phase": later in the sentence, what
 * is said to pass; from the start of its clause (so that "says he's gay" before it is not read as a report of it).
 */
function passingAfter(tokens: readonly Token[], i: number): { from: number; last: number; negated: boolean } | null {
  const sentence = tokens[i]!.sentence;
  for (let k = i + 1; k < tokens.length && k <= i + 14 && tokens[k]!.sentence === sentence; k++) {
    const m = PASSING.match(tokens, k);
    if (!m) continue;
    let from = k;
    while (from > i + 1 && tokens[from - 1]!.clause === tokens[k]!.clause) from--;
    // Said of the person or of "it" (who they are), not of something else: "the night terrors are probably just a
    // phase", "which is a phase of the wider refurbishment".
    let subject = from;
    while (subject < k && PASSING_OPENERS.has(tokens[subject]!.w)) subject++;
    if (!PASSING_SUBJECTS.has(tokens[subject]!.w) || tokens[m.last + 1]?.w === 'of') return null;
    return { from, last: m.last, negated: negationWithin(tokens, k, 3, 'clause') };
  }
  return null;
}
const ORIENTATION_WORDS = new Set(['gay', 'trans', 'lesbian', 'queer', 'homosexual', 'bi']);
/** What may follow the word and still leave it ending the statement: "that's so gay lol". */
const AFTER_QUIP = new Set(['lol', 'haha', 'tbh', 'mate', 'innit', 'but']);
function endsStatement(tokens: readonly Token[], i: number): boolean {
  const next = tokens[i + 1];
  return next === undefined || next.clause !== tokens[i]!.clause || AFTER_QUIP.has(next.w);
}
const TURNING = new Set(['turn', 'turns', 'turning', 'make', 'makes', 'making']);
const TURNED = new Set([
  ...CHILDREN,
  'boys',
  'girls',
  'lads',
  'them',
  'him',
  'her',
  'you',
  'us',
  'everyone',
  'teenagers',
  'pupils',
  'son',
  'daughter',
]);
/**
 * "the youth group will turn the kids gay", "it's making our boys trans": an orientation or identity said to be
 * caught from others, a recruitment trope. The one turned is a child or a pronoun, within four words of the verb in
 * the clause, and the word ends the statement. Not when denied ("being around gay people doesn't make you gay").
 * Returns where the verb is, or null.
 */
function turnedInto(tokens: readonly Token[], i: number, sentences: Tokens['sentences']): number | null {
  // The one turned stands straight before the word ("turn the kids gay", not "making her confident being gay").
  if (!endsStatement(tokens, i) || !TURNED.has(tokens[i - 1]?.w ?? '')) return null;
  // "Does going to Pride make you gay?": asked, not said.
  if (sentences[tokens[i]!.sentence]?.question) return null;
  for (let k = i - 2; k >= 0 && k >= i - 4 && tokens[k]!.clause === tokens[i]!.clause; k--) {
    if (!TURNING.has(tokens[k]!.w)) continue;
    if (negationWithin(tokens, k, 3, 'clause') || worryReported(tokens, k)) return null;
    return k;
  }
  return null;
}
const WORRYING = new Set([
  'worried',
  'worries',
  'think',
  'thinks',
  'afraid',
  'scared',
  'concerned',
  'fears',
  'believes',
  'claims',
  'reckons',
]);
const OWN_WORRY = new Set(['i', "i'm", 'im', 'bit', 'a', 'we', "we're"]);
/**
 * "Dad is worried the drama club will make his son gay", "some parents think …": another's worry, reported earlier in
 * the sentence. The writer's own ("bit worried it'll turn the kids gay", "I think …") is not.
 */
function worryReported(tokens: readonly Token[], k: number): boolean {
  for (let b = k - 1; b >= 0 && b >= k - 10 && tokens[b]!.sentence === tokens[k]!.sentence; b--) {
    if (!WORRYING.has(tokens[b]!.w)) continue;
    let s = b - 1;
    if (BE_FORMS.has(tokens[s]?.w ?? '') || tokens[s]?.w === 'am') s--;
    return !(s < 0 || tokens[s]!.sentence !== tokens[b]!.sentence || OWN_WORRY.has(tokens[s]!.w));
  }
  return false;
}
const GAY_DEGREES = new Set(['so', 'well', 'proper', 'dead', 'totally', 'too', 'bit']);
const SNEER_SUBJECTS = new Set(["it's", 'its', "that's", 'thats']);
const THING_PRONOUNS = new Set(['this', 'that', 'it']);
/**
 * "that's so gay", "it's a bit gay but you'll live", "this is well gay": "gay" as a sneer at a thing, after a degree
 * word, with a thing (not a person) as the subject, ending the statement. Returns where the subject is, or null.
 */
function sneeredAsGay(tokens: readonly Token[], i: number): number | null {
  if (tokens[i]!.w !== 'gay' || !endsStatement(tokens, i)) return null;
  let k = i - 1;
  const degree = tokens[k]?.w ?? '';
  if (!GAY_DEGREES.has(degree)) return null;
  if (degree === 'bit') {
    if (tokens[k - 1]?.w !== 'a') return null;
    k--;
  }
  let s = k - 1;
  const subject = tokens[s]?.w ?? '';
  if (subject === 'is' || subject === 'was') {
    if (!THING_PRONOUNS.has(tokens[s - 1]?.w ?? '')) return null;
    s--;
  } else if (!SNEER_SUBJECTS.has(subject)) return null;
  // Adjacent words, so only a sentence break can part them ("that's so gay" starts a clause at "so").
  if (tokens[s]!.sentence !== tokens[i]!.sentence) return null;
  // "It's really gay, you'll love it": the word as praise of a place, by what follows.
  for (let k = i + 1; k < tokens.length && tokens[k]!.sentence === tokens[i]!.sentence; k++)
    if (AFINN_POSITIVE.has(tokens[k]!.w)) return null;
  return s;
}

/** "letting", "allow": a group as the one kept from doing something, after a prescribing negation. */
const LETTING = new Set(['let', 'letting', 'allow', 'allowing', 'permit']);
const NEAR = KEEP_AWAY_PREPOSITIONS;
const BARRING = phrases([
  ...MODAL_BARS,
  'never',
  "don't",
  'dont',
  'stop',
  // "I wouldn't let a Muslim near my kids": the writer's own bar.
  "wouldn't",
  'wouldnt',
  'would never',
]);
/**
 * What a group is barred from ("letting homosexuals foster", "allow Muslims to adopt", "let them in"): a short
 * list, since most of what a group is "not let" do protects it ("shouldn't let disabled tenants pay for ramps").
 */
const BARRED_FROM = new Set([
  'foster',
  'adopt',
  'teach',
  'marry',
  'vote',
  'in',
  'into',
  'near',
  'run',
  'raise',
  'breed',
  'settle',
  'work',
  'come',
  'have',
  'look',
]);
/**
 * "we shouldn't be letting homosexuals foster", "should never allow Muslims to adopt": the group let do
 * something, under a barring negation. Returns where the negation starts, or -1.
 */
function barredBefore(tokens: readonly Token[], i: number, last: number): number {
  let k = i - 1;
  // "letting gay couples foster", "allow these migrants in"
  while (k >= 0 && k >= i - 2 && (DEMONSTRATIVES.has(tokens[k]!.w) || tokens[k]!.w === 'any' || tokens[k]!.w === 'a')) k--;
  // "I don't want the queer couple near the school": wanting them kept away.
  const wanting = tokens[k]?.w === 'want' || tokens[k]?.w === 'wanting';
  if (k < 0 || !(LETTING.has(tokens[k]!.w) || wanting) || tokens[k]!.clause !== tokens[i]!.clause) return -1;
  let at = tokens[last + 1]?.w === 'to' ? last + 2 : last + 1;
  // "let the lesbian teacher near the girls": one word naming the person between the group and "near".
  const gap = at === last + 1 && !BARRED_FROM.has(tokens[at]?.w ?? '') && NEAR.has(tokens[last + 2]?.w ?? '');
  if (gap) at = last + 2;
  const barred = tokens[at]?.w ?? '';
  if (tokens[at]?.clause !== tokens[i]!.clause) return -1;
  // Kept from children, the only bar the newer forms (wanting, a word between, "around") read: "don't let the blind
  // gentleman near the open manhole" is care.
  const fromChildren = NEAR.has(barred) && childrenAfter(tokens, at);
  const newer = wanting || gap || barred === 'around' || barred === 'round';
  if (newer ? !fromChildren : !BARRED_FROM.has(barred)) return -1;
  for (let b = k - 1; b >= 0 && b >= k - 3 && tokens[b]!.clause === tokens[k]!.clause; b--) {
    const m = BARRING.match(tokens, b);
    if (!m || m.last >= k) continue;
    // "I wouldn't let a Muslim near my kids": the writer's own bar. ("The landlord wouldn't let Muslims in" reports
    // someone else's.)
    if (WOULD_NOT.has(tokens[b]!.w) && !(FIRST_PERSON_BARRERS.has(tokens[b - 1]?.w ?? '') && fromChildren)) return -1;
    return b;
  }
  return -1;
}
const WOULD_NOT = new Set(["wouldn't", 'wouldnt', 'would']);
const FIRST_PERSON_BARRERS = new Set(['i', 'we']);
/** Those a group is kept from: children, or where they are ("near my kids", "near the girls", "near the school"). */
const KEPT_FROM = new Set([...CHILDREN, 'girls', 'boys', 'school', 'schools', 'playground', 'nursery', 'daughter', 'son', 'grandkids']);
function childrenAfter(tokens: readonly Token[], at: number): boolean {
  for (let k = at + 1; k <= at + 3 && k < tokens.length && tokens[k]!.clause === tokens[at]!.clause; k++)
    if (KEPT_FROM.has(tokens[k]!.w)) return true;
  return false;
}

/** "he's Irish", "your lad's schizophrenic": one person given a characteristic. */
const CHARACTERISED_SUBJECTS = new Set([
  "he's",
  'hes',
  "she's",
  'shes',
  "lad's",
  "son's",
  "daughter's",
  "husband's",
  "wife's",
  "partner's",
  "boyfriend's",
  "girlfriend's",
  "dad's",
  "mum's",
  "neighbour's",
  "tenant's",
]);
const STRICT_STOPS = new Set(['with', 'by', 'from', 'about', 'of', 'at', 'in', 'on', 'for', 'when', 'if']);
/** "he", "she" and their contractions: what picks up one person characterised before. */
const SINGULAR_RESUMERS = new Set(["he'll", "she'll", 'he', 'she', "he's", "she's", 'hes', 'shes', "he'd", "she'd"]);
/**
 * The index of the characteristic in "he's Irish", "your lad's schizophrenic", "she's a Muslim" (an adjective of race,
 * nationality, religion, orientation, gender or disability straight after, or after "a"/"an"), or -1.
 */
function characterisedAt(tokens: readonly Token[], i: number, lex: StructureLexicons): number {
  let k = i + 1;
  if (tokens[k]?.w === 'a' || tokens[k]?.w === 'an') k++;
  const w = tokens[k]?.w;
  if (w === undefined || tokens[k]!.clause !== tokens[i]!.clause || !lex.adjectives.has(w)) return -1;
  // "she's black and white", "he's deaf in one ear": only the characteristic, ending its clause or before "so".
  const next = tokens[k + 1];
  return next === undefined || next.clause !== tokens[k]!.clause || next.w === 'so' ? k : -1;
}

const THATS = new Set(["that's", 'thats']);
const DEMONSTRATIVES = new Set(['these', 'those', 'the', 'them']);
/** "all (these) <group> (ever) do is …", "all <group> are good for is …". */
function reducedTo(tokens: readonly Token[], i: number, last: number): boolean {
  let b = i - 1;
  if (DEMONSTRATIVES.has(tokens[b]?.w ?? '')) b--;
  if (tokens[b]?.w !== 'all') return false;
  let k = last + 1;
  if (tokens[k]?.w === 'ever') k++;
  const w = tokens[k]?.w;
  if (w === 'do' || w === 'does') return tokens[k + 1]?.w === 'is';
  return (w === 'are' || w === 'is') && tokens[k + 1]?.w === 'good' && tokens[k + 2]?.w === 'for';
}
function attributedTo(tokens: readonly Token[], i: number, last: number): boolean {
  const back = tokens[i - 1]?.w === 'a' || tokens[i - 1]?.w === 'an' ? i - 2 : i - 1;
  if (tokens[back]?.w === 'from' && tokens[back - 1]?.w === 'expect') return true;
  return (
    THATS.has(tokens[i - 1]?.w ?? '') &&
    tokens[last + 1]?.w === 'for' &&
    tokens[last + 2]?.w === 'you' &&
    (tokens[last + 3] === undefined || tokens[last + 3]!.clause !== tokens[last + 2]!.clause)
  );
}

function finding(tokens: readonly Token[], from: number, to: number, rule: string, confidence: number): Finding {
  return { type: 'OFFENSIVE', start: tokens[from]!.start, end: tokens[to]!.end, rule, confidence };
}

/**
 * An evaluation a few words after a group, in the same sentence. Straight after the group ("Jews run the
 * council") it stands alone; further on, a frame word must come first ("you lot at the council are
 * worthless"), so "disabled people find the form useless" is not read as one. A new clause ends the search
 * unless it picks the group up again ("…, they're all thieving scum").
 */
function evaluationAfter(
  tokens: readonly Token[],
  from: number,
  lex: StructureLexicons,
  characteristic = false,
  groupCharacteristic: Characteristic | null = null,
  resumers: ReadonlySet<string> = ANAPHORA,
  /** Only the listed evaluations, habits and failings: not a judgement known by its form or sentiment, nor a skill denied. */
  strict = false,
): { from: number; last: number } | null {
  let sentence = tokens[from - 1]!.sentence;
  let clause = tokens[from - 1]!.clause;
  let crossed = false;
  let others = 0;
  let framed = false;
  /** The relative pronoun of a cleft ("it's the X who …"), or -1. */
  let cleft = -1;
  /** The last quantifier seen: "always" makes a habit of a verb, "never" a failing. */
  let habitual = false;
  let never = -1;
  /** Clauses passed over, and whether the current one is being passed over. */
  let skipped = 0;
  let passing = false;
  for (let k = from; k < tokens.length && k < from + (skipped > 0 ? 24 : 12); k++) {
    const t = tokens[k]!;
    if (t.sentence !== sentence) {
      // "Polish builders again? they'll do a half job": a sentence that ends within two words of the group, and a
      // next one that starts by picking it up.
      if (crossed || skipped > 0 || k > from + 2 || !resumers.has(t.w)) return null;
      crossed = true;
      sentence = t.sentence;
      clause = t.clause;
      others = 0;
      habitual = false;
      never = -1;
      framed = true;
      continue;
    }
    if (t.clause !== clause) {
      // An appositive evaluation straight after the group: "the old biddies downstairs, senile and spiteful".
      const appositive = skipped === 0 ? lex.evaluations.match(tokens, k) : null;
      // Not a contrast after a denial: "Muslims don't run grooming gangs, criminals do".
      if (appositive && !contrastAfterDenial(tokens, from, k, appositive.last)) return { from: k, last: appositive.last };
      clause = t.clause;
      // "…, bet they're up to no good", "…, and they're all on benefits": the group picked up after one word.
      // "…, no wonder the bins stink": a consequence drawn from what the group does is said of the group.
      const consequence = t.w === 'no' && tokens[k + 1]?.w === 'wonder' && tokens[k + 1]!.clause === clause;
      const resumed =
        consequence || resumers.has(t.w) || (RESUMING.has(t.w) && resumers.has(tokens[k + 1]?.w ?? '') && tokens[k + 1]!.clause === clause);
      // "Italians, Spanish, all the same": a list of groups goes on; what follows the list is said of them all.
      if (!resumed && skipped === 0 && (lex.groups.match(tokens, k) !== null || NOMINAL_ADJECTIVES.has(t.w))) {
        let e = k;
        while (e + 1 < tokens.length && tokens[e + 1]!.clause === clause) e++;
        if (e <= k + 2) {
          k = e;
          continue;
        }
      }
      if (!resumed) {
        // One clause in between may be passed over when a later one picks the group up again ("…are Chinese so
        // expect the smell, they have no hygiene"); it is not itself read as about the group.
        if (++skipped > 1) return null;
        passing = true;
        continue;
      }
      passing = false;
      others = 0;
      habitual = false;
      never = -1;
      framed = true;
      continue;
    }
    if (passing) continue;
    // "The older residents were worried about the scam calls": what follows a plight and its preposition is what they
    // suffer from, not what they are.
    // "Roma families are always blamed for the fly tipping": what they are blamed for is said of them by others.
    if (
      ((PLIGHT.has(t.w) && DONE_BY.has(tokens[k + 1]?.w ?? '')) || (BLAMED.has(t.w) && tokens[k + 1]?.w === 'for')) &&
      !temperAsTrait(tokens, k)
    ) {
      // The cause is passed over to the next "and", "but" or the clause's end; what follows is still read ("Black lads
      // are angry with everyone and thugs").
      while (k + 1 < tokens.length && tokens[k + 1]!.clause === clause && !CAUSE_ENDS.has(tokens[k + 1]!.w)) k++;
      continue;
    }
    // Strict: what follows a preposition is said of something else ("he gets upset with loud noises").
    if (strict && STRICT_STOPS.has(t.w)) return null;
    let e =
      lex.evaluations.match(tokens, k) ??
      (framed && !strict ? (negativeByForm(tokens, k) ?? negativeBySentiment(tokens, k) ?? negativeSuperlative(tokens, k, lex)) : null);
    // "the group is made up of three sessions": what a thing consists of, not a lie.
    if (e && tokens[e.last]!.w === 'up' && tokens[e.last + 1]?.w === 'of') e = null;
    // "young mums are all the same as anyone else on the list": equal to others, not all alike.
    // "the Tory lot are all the same party as the leader": the same as a noun, an equality too.
    if (
      e &&
      tokens[e.last]!.w === 'same' &&
      (tokens[e.last + 1]?.w === 'as' || (tokens[e.last + 2]?.w === 'as' && tokens[e.last + 1]!.clause === tokens[e.last]!.clause))
    )
      e = null;
    // "Many Asian people are lactose intolerant", "our Muslim chaplain is very non-judgemental": a condition, a praise.
    if (e && e.last === k && INTOLERANCE_FOR.has(tokens[k - 1]?.w ?? '')) e = null;
    // "religious people are thick on the ground at the food bank": many of them, an idiom.
    if (e && tokens[e.last]!.w === 'thick' && tokens[e.last + 1]?.w === 'on' && tokens[e.last + 3]?.w === 'ground') e = null;
    // "young people don't want to work in care, the pay is too low": work of one kind, not work at all.
    if (
      e &&
      tokens[e.last]!.w === 'work' &&
      tokens[e.last + 1]?.clause === tokens[e.last]!.clause &&
      STRICT_STOPS.has(tokens[e.last + 1]!.w)
    )
      e = null;
    // "Muslims don't run the grooming gangs": a crime's running denied of the group, read and found ordinary.
    // Not "don't just run the county lines, they …": more is said.
    if (
      e &&
      CRIME_RUNNER_WORDS.has(t.w) &&
      negatedBetween(tokens, from, k) &&
      tokens[k - 1]!.w !== 'just' &&
      tokens[k - 1]!.w !== 'only' &&
      plainDenial(tokens, from, e.last)
    ) {
      judgedOrdinary?.add(t.sentence);
      return null;
    }
    // "women in that office can't add up", "girls there haven't got a brain": an evaluation that brings its own verb.
    if (e && (k === from || framed || (cleft >= 0 && k <= cleft + 2) || (e.last > k && VERBAL_STARTS.has(t.w))))
      return { from: k, last: e.last };
    // "that Pakistani bloke at 4 stinks of curry": a verb that is itself the judgement, after a place.
    if (k <= from + 4 && STINKS.has(t.w) && !negatedBetween(tokens, from, k)) return { from: k, last: k };
    // "Muslims smell", "Poles smell of cabbage": "smell" as the judgement, not "can't smell the gas".
    if (
      k <= from + 2 &&
      (t.w === 'smell' || t.w === 'smells') &&
      (tokens[k + 1] === undefined || tokens[k + 1]!.clause !== t.clause || SMELL_TAILS.has(tokens[k + 1]!.w)) &&
      !negatedBetween(tokens, from, k)
    )
      return { from: k, last: tokens[k + 1]?.clause === t.clause ? k + 1 : k };
    if (habitual) {
      const h = lex.habits.match(tokens, k);
      if (h) return { from: k, last: h.last };
    } else if (k <= from + 2) {
      // "Eastern Europeans drink too much", "gypsies leave a mess everywhere they go": a habit made one by its excess
      // or its reach, straight after the group.
      // Not of an age ("young people drink too much at the weekend, so …" opens a health campaign), nor of one household
      // ("the Polish lads at 12 fight all the time" is an account of neighbours).
      const h =
        NEUTRAL_HABITS.has(t.w) || groupCharacteristic === 'age' || anyIn(tokens, from, k - 1, LOCATING)
          ? null
          : lex.habits.match(tokens, k);
      const excess = h ? excessAfter(tokens, h.last) : -1;
      if (excess >= 0 && !negatedBetween(tokens, from, k)) return { from: k, last: excess };
    }
    if (characteristic && (habitual || k <= from + 2)) {
      // "pensioners round here moan about everything": a habit that is itself a reproach needs no "always" when
      // said of a group by its characteristic (not of "people round here", who may moan about anything).
      let h = PEJORATIVE_HABITS.match(tokens, k);
      // Shunning everyone, not some ("… nothing to do with anyone who supported the closure", "… anyone in uniform").
      if (h && tokens[h.last - 3]?.w === 'to' && tokens[h.last - 2]?.w === 'do' && !shunsEveryone(tokens, h.last)) h = null;
      if (h && !negatedBetween(tokens, from, k)) return { from: k, last: h.last };
      // "pensioners don't moan": read, and found ordinary.
      if (h) judgedOrdinary?.add(t.sentence);
    }
    // "women can't read a map", "Asians can't drive": a skill denied to a whole group (not of age or disability,
    // where it is often simply so: "blind people can't read the letters").
    if (
      characteristic &&
      !strict &&
      k <= from + 2 &&
      CANNOT.has(t.w) &&
      SKILLS.has(tokens[k + 1]?.w ?? '') &&
      tokens[k + 1]!.clause === t.clause &&
      groupCharacteristic !== 'age' &&
      groupCharacteristic !== 'disability'
    )
      return { from: k, last: clauseEndAt(tokens, k + 1) };
    // "Girls aren't cut out for the plumbing apprenticeship", "dads aren't built for nappies": fitness for a role denied
    // to a whole group, on the same terms as a skill.
    if (
      characteristic &&
      !strict &&
      k <= from + 2 &&
      NOT_BE.has(t.w) &&
      groupCharacteristic !== 'age' &&
      groupCharacteristic !== 'disability'
    ) {
      const fit = fitFor(tokens, k + 1);
      if (fit >= 0) return { from: k, last: clauseEndAt(tokens, fit) };
    }
    // "Jews run the landlords round here", "Muslims control the council": power over institutions pinned on a group.
    if (characteristic && k <= from + 2 && CONTROL_VERBS.has(t.w) && !negatedBetween(tokens, from, k)) {
      let o = k + 1;
      if (CONTROL_DETERMINERS.has(tokens[o]?.w ?? '')) o++;
      const what = tokens[o];
      if (what && what.clause === t.clause && (INSTITUTIONS.has(what.w) || INSTITUTIONS.has(tokens[k + 1]!.w))) return { from: k, last: o };
    }
    if (never >= 0) {
      const d = lex.duties.match(tokens, k);
      // "your lot never pay": the "never" is the statement, not a negation of it.
      if (d) return { from: never, last: d.last };
    }
    // "they keep popping out kids": a habit by its repetition, straight after "keep" (which, unlike "always",
    // opens no wider search: "the lads keep shouting that I'm a …" reports what they shout).
    if ((t.w === 'keep' || t.w === 'keeps') && tokens[k + 1]?.clause === t.clause) {
      const h = KEPT_UP.match(tokens, k + 1);
      if (h) return { from: k, last: h.last };
    }
    if (HABIT_QUANTIFIERS.has(t.w)) habitual = true;
    if (t.w === 'never' || ((t.w === "don't" || t.w === 'dont' || t.w === "won't" || t.w === 'wont') && tokens[k + 1]?.w === 'ever'))
      never = k;
    // "Somalis don't work", "your lot won't integrate": a duty denied of the whole group (not "don't pay", which
    // is as often an exemption: "pensioners don't pay for the bus").
    if (NOT_DOING.has(t.w) && k <= from + 1) {
      const d = lex.duties.match(tokens, k + 1);
      if (d && !DUTIES_ALSO_EXEMPTIONS.has(tokens[k + 1]!.w)) return { from: k, last: d.last };
    }
    if (COPULAS.has(t.w) || t.w === 'never') framed = true;
    // "men who work in care are all creeps": a relative clause naming the group more narrowly is part of it.
    if ((t.w === 'who' || t.w === 'that') && k === from) {
      // "it's (always) the Albanians who run the rackets": in a cleft the relative clause is what is said of the group,
      // for a listed evaluation that starts it ("… who suffer most in the cold", "… who face the worst discrimination" are
      // what it suffers; "… who report the drug dealers", "… who fight the drugs gangs" act against what is named).
      if (cleftBefore(tokens, k)) cleft = k;
      else others -= 4;
      continue;
    }
    if (!FRAME_WORDS.has(t.w) && !isNegation(t.w)) {
      others++;
      if (others > (habitual ? 6 : 4)) return null;
    }
  }
  return null;
}
/**
 * A negative evaluation known by its form rather than listed: an adjective in "-less" that denies a quality
 * ("hopeless", "gormless", "spineless"), said of a group after a copula. Words in "-less" that describe a
 * circumstance or praise ("homeless", "selfless", "tireless") are not evaluations of a person.
 */
const NOT_NEGATIVE_LESS = new Set([
  'less',
  'unless',
  'regardless',
  'nevertheless',
  'nonetheless',
  'homeless',
  'stateless',
  'childless',
  'penniless',
  'jobless',
  'landless',
  'harmless',
  'selfless',
  'tireless',
  'fearless',
  'flawless',
  'spotless',
  'priceless',
  'timeless',
  'endless',
  'countless',
  'painless',
  'wireless',
  'cordless',
  'restless',
  'doubtless',
  'helpless',
  'defenceless',
  'defenseless',
  'powerless',
  'voiceless',
  'motherless',
  'fatherless',
  'parentless',
  'sleepless',
  'breathless',
  'speechless',
  'limitless',
  'boundless',
  'seamless',
  'paperless',
  'cashless',
  'contactless',
  'bless',
  'motionless',
  'weightless',
  'nameless',
  'faceless',
  'blameless',
  'guiltless',
  'peerless',
  'ageless',
  'wordless',
]);
const LESS_MIN_LENGTH = 7;
/**
 * Negative-sentiment words that describe what people suffer, feel or go through rather than judge them: "the
 * kids on the estate are bored", "older people are lonely", "tenants are worried about the damp".
 */
const PLIGHT = new Set(
  (
    'bored flu sick ill illness lonely alone sad afraid scared frightened worried worry worries anxious anxiety ' +
    'hurt injured vulnerable poor victim victims abused struggling struggle suffering stressed tired exhausted ' +
    'depressed upset unhappy disappointed confused grieving grief mourn mourning dead died dying homeless pain ' +
    'ache problems crisis lost missing helpless desperate fear crying cry killed harassed bullied discriminated ' +
    'excluded racism hate hated prejudice discrimination war risk danger wrong wrongly angry mad frustrated ' +
    'annoyed complain complaint complaints fighting alarmed concerned stuck trapped denied refused rejected lack ' +
    'needy damaged unsafe threatened abandoned neglected ignored evicted unemployed delayed late hungry cold ' +
    'poverty debt sorry attacked targeted limited overwhelmed isolated fragile frail weary distressed shocked ' +
    'afflicted disabled blind deaf accident accidents allergic arrested jailed fined charged accused doubt ' +
    'misunderstood disability disabilities condition conditions'
  ).split(' '),
);
function negativeByForm(tokens: readonly Token[], k: number): { last: number } | null {
  const w = tokens[k]!.w;
  return w.length >= LESS_MIN_LENGTH && w.endsWith('less') && !NOT_NEGATIVE_LESS.has(w) ? { last: k } : null;
}
/** A judgement by its sentiment, said of a group after a frame: "pensioners are greedy" (AFINN-165, -2 or lower). */
/**
 * "the laziest", "the dirtiest", "the rudest": a superlative after "the" whose base word is an evaluation or an
 * AFINN-165 negative word (lazy, dirty, rude, nasty, stupid). English forms them by rule, so the base is found by
 * undoing it: -iest to -y, a doubled consonant ("smuggest"), -st after e ("rudest"), -est.
 */
function negativeSuperlative(tokens: readonly Token[], k: number, lex: StructureLexicons): { last: number } | null {
  const w = tokens[k]!.w;
  if (tokens[k - 1]?.w !== 'the' || w.length < 6 || !w.endsWith('est')) return null;
  const stem = w.slice(0, -3);
  const bases = w.endsWith('iest')
    ? [`${w.slice(0, -4)}y`]
    : [stem, `${stem}e`, stem.length > 3 && stem.at(-1) === stem.at(-2) ? stem.slice(0, -1) : ''];
  for (const base of bases) {
    if (base === '' || PLIGHT.has(base)) continue;
    if (AFINN_NEGATIVE.has(base) || lex.evaluations.match([{ ...tokens[k]!, w: base, id: -1 }], 0)?.last === 0) return { last: k };
  }
  return null;
}

/**
 * States a group may be in ("angry", "needy") or a right it has ("entitled"): a trait only when made a habit ("always
 * angry", "forever needy"), or, for "entitled", a degree ("so entitled").
 */
const TEMPERS = new Set(['angry', 'mad', 'needy', 'touchy', 'entitled']);
const TEMPER_HABITS = new Set(['always', 'forever', 'constantly']);
const ENTITLED_DEGREES = new Set(['so', 'too', 'very', 'really', 'totally', 'completely']);
/** What a temper can be about and still be a trait: "always angry about something". */
const ANY_CAUSE = new Set(['everything', 'something', 'anything', 'nothing']);
/**
 * "lesbians are always so angry", "gay couples are always so needy", "trans people are so entitled": a temper as a
 * trait, by a habit word in the two words before (a degree word for "entitled") and no particular cause after. "Muslim
 * residents are so angry, the mosque was vandalised" is a reaction to something, and stays one of what a group
 * suffers; "disabled people are entitled to it" is a right.
 */
function temperAsTrait(tokens: readonly Token[], k: number): boolean {
  const w = tokens[k]!.w;
  if (!TEMPERS.has(w)) return false;
  const clause = tokens[k]!.clause;
  const before = (set: ReadonlySet<string>): boolean =>
    (set.has(tokens[k - 1]?.w ?? '') && tokens[k - 1]!.clause === clause) ||
    (set.has(tokens[k - 2]?.w ?? '') && tokens[k - 2]!.clause === clause);
  const degree = ENTITLED_DEGREES.has(tokens[k - 1]?.w ?? '');
  // "so entitled", "so touchy": the degree makes a trait of these two; "so angry" is as often a reaction to something.
  if (!(w === 'entitled' ? degree : before(TEMPER_HABITS) || (w === 'touchy' && degree))) return false;
  // "so touchy about that kind of comment": touchiness is itself the trait, whatever it is about (a group "so angry about
  // the vandalism" is reacting to something).
  if (w === 'touchy') return true;
  const next = tokens[k + 1];
  if (next === undefined || next.clause !== clause) return true;
  if (next.w === 'all' && tokens[k + 2]?.w === 'the' && tokens[k + 3]?.w === 'time') return true;
  return (next.w === 'about' || next.w === 'at' || next.w === 'over') && ANY_CAUSE.has(tokens[k + 2]?.w ?? '');
}

const DETERMINERS_BEFORE_OBJECT = new Set(['the', 'a', 'an', 'their', 'our']);
/** Verbs of an ordinary activity whose object names a thing: "run the stall", "light the fire", "host the vigil". */
const ACTIVITY_VERBS = new Set(
  (
    'run runs ran running light lights lit lighting host hosts hosted hosting hold holds held holding organise ' +
    'organises organised organising organize organizes organized organizing sell sells sold selling staff staffs ' +
    'staffed staffing man mans manned manning manage manages managed managing tend tends tended tending'
  ).split(' '),
);
/**
 * The AFINN-165 negative words that an ordinary activity is done to or for, by name: "light the fire", "run the stall",
 * "run the crisis line", "man the emergency food bank", "run the grief group", "the war memorial". Listed rather than
 * any negative word after such a verb, since "the ones who organise the riots" or "run the smuggling" still judge.
 */
const ACTIVITY_OBJECTS = new Set([
  'fire',
  'stall',
  'emergency',
  'crisis',
  'alarm',
  'grief',
  'mourning',
  'debt',
  'pain',
  'war',
  'hunger',
  'homeless',
  'lonely',
]);
function negativeBySentiment(tokens: readonly Token[], k: number): { last: number } | null {
  const w = tokens[k]!.w;
  if (temperAsTrait(tokens, k)) return { last: k };
  // "pensioners round here are homeless more often than you think": what a group suffers, read and judged ordinary.
  if (PLIGHT.has(w) && AFINN_NEGATIVE.has(w)) judgedOrdinary?.add(tokens[k]!.sentence);
  if (!AFINN_NEGATIVE.has(w) || PLIGHT.has(w)) return null;
  // Done to the group, not said of it: "migrants are exploited by landlords", "pensioners are terrified".
  // Done to the group, with who or what does it: "terrified of scams", "failed by the system". Read and found
  // ordinary, and the learned backstop defers to that. A bare participle ("they're twisted") is left to it.
  if (w.endsWith('ed')) {
    if (DONE_BY.has(tokens[k + 1]?.w ?? '')) judgedOrdinary?.add(tokens[k]!.sentence);
    return null;
  }
  // "Sikhs are the group who run the stall", "Hindu families are the ones who light the fire at Diwali": the object of an
  // ordinary activity (running, lighting, hosting, selling), named after its determiner, is a thing, not a judgement.
  // Only the objects listed: not "the ones who organise the riots", nor after a verb that pins a harm on the group ("the
  // ones who cause the trouble", "who leave the mess").
  if (DETERMINERS_BEFORE_OBJECT.has(tokens[k - 1]?.w ?? '') && ACTIVITY_VERBS.has(tokens[k - 2]?.w ?? '') && ACTIVITY_OBJECTS.has(w))
    return null;
  // "the disabled tenant's scooter was stolen", "he got beaten up": an irregular participle after a passive, done to them.
  if (DONE_PARTICIPLES.has(w) && PASSIVE_AUXILIARIES.has(tokens[k - 1]?.w ?? '')) return null;
  // "the Indian family next door are complaining about the smell": something being done now, with what it is about,
  // not a trait ("they're always complaining" keeps its quantifier between and is one).
  if (w.endsWith('ing') && PROGRESSIVE_BE.has(tokens[k - 1]?.w ?? '') && ACT_OBJECT.has(tokens[k + 1]?.w ?? '')) return null;
  if (
    SUFFERED.has(tokens[k - 1]?.w ?? '') ||
    // "victims of domestic abuse", "facing racial harassment": one describing word between.
    (SUFFERED.has(tokens[k - 2]?.w ?? '') && tokens[k - 2]!.clause === tokens[k]!.clause && DESCRIBED_SUFFERING.has(tokens[k - 1]!.w)) ||
    // "refugee families are often placed in the worst private rentals", "left with the worst flats": where the group
    // is put, by someone else; the judgement is of the place.
    (tokens[k - 1]?.w === 'the' && PUT_IN.has(tokens[k - 2]?.w ?? '') && PUT.has(tokens[k - 3]?.w ?? ''))
  ) {
    judgedOrdinary?.add(tokens[k]!.sentence);
    return null;
  }
  return { last: k };
}
const PUT_IN = new Set(['in', 'into', 'with', 'to', 'on']);
/** AFINN-165's negative irregular participles (not "rotten", "sullen", which are said of someone). */
const DONE_PARTICIPLES = new Set(['taken', 'beaten', 'stolen', 'stricken', 'heartbroken']);
const PASSIVE_AUXILIARIES = new Set(['was', 'were', 'been', 'being', 'got', 'get', 'gets', 'getting']);
const PROGRESSIVE_BE = new Set(['are', 'is', 'were', 'was', "they're", 'theyre', "he's", "she's"]);
/** What follows an act being done now: "complaining about the smell" (not "to": "refusing to integrate" is intent). */
const ACT_OBJECT = new Set(['about']);
const DONE_BY = new Set(['by', 'of', 'from', 'at', 'about', 'with']);
/** Blame laid on a group by others, for what follows "for": "blamed for the fly tipping", "accused of …" is a plight already. */
const BLAMED = new Set(
  'blamed scapegoated accused targeted criticised criticized demonised demonized vilified stereotyped judged punished'.split(' '),
);
const PUT = new Set(['placed', 'housed', 'put', 'left', 'stuck', 'moved', 'sent', 'given', 'offered', 'allocated', 'dumped']);
/** Words before what a group suffers or faces: "victims of hate", "facing abuse", "at risk from scams". */
const SUFFERED = new Set([
  'of',
  'from',
  'facing',
  'face',
  'suffer',
  'suffering',
  'experiencing',
  'experience',
  'against',
  'about',
  'by',
  'with',
  'to',
]);
/** What kind of harm a group suffers: "domestic abuse", "racial harassment", "online hate". */
const DESCRIBED_SUFFERING = new Set([
  'domestic',
  'racial',
  'racist',
  'sexual',
  'online',
  'verbal',
  'physical',
  'financial',
  'homophobic',
  'transphobic',
  'religious',
  'elder',
  'emotional',
]);
/** The verbs of the "kept out of sight" prescriptions, and the adverbials that make them safety advice. */
const KEPT_IN = new Set(['stay', 'keep', 'kept']);
const SAFETY_ADVERBIALS = new Set([
  'during',
  'until',
  'till',
  'if',
  'when',
  'while',
  'whilst',
  'today',
  'tonight',
  'tomorrow',
  'this',
  'in',
  'on',
  'for',
  'and',
  'unless',
]);
// Refusal, not inability: "refugees can't work until their claim is decided" is a rule, not a slur.
const NOT_DOING = new Set(["don't", 'dont', "won't", 'wont']);
const DUTIES_ALSO_EXEMPTIONS = new Set(['pay', 'stop', 'change', 'bother']);
const VERBAL_STARTS = new Set([
  'give',
  'gives',
  'make',
  'makes',
  'turn',
  'turns',
  "can't",
  'cant',
  'cannot',
  "haven't",
  'havent',
  "hasn't",
  'hasnt',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  'have',
  'has',
  'never',
  'always',
]);
const SMELL_TAILS = new Set(['of', 'bad', 'funny', 'awful', 'horrible', 'rank', 'like', 'disgusting']);
const STINKS = new Set(['stinks', 'stink', 'reeks', 'reek', 'stank', 'stinking']);
const CANNOT = new Set(["can't", 'cant', 'cannot']);
const NOT_BE = new Set(["aren't", 'arent', "isn't", 'isnt', 'not']);
/** "cut out for", "built for", "made for", "suited to" after a denial (an adverb between: "really", "naturally"); the last word's index, or -1. */
function fitFor(tokens: readonly Token[], at: number): number {
  let k = at;
  if (FIT_ADVERBS.has(tokens[k]?.w ?? '')) k++;
  const w = tokens[k]?.w ?? '';
  const next = tokens[k + 1]?.w ?? '';
  if (w === 'cut' && next === 'out' && tokens[k + 2]?.w === 'for') return k + 2;
  if ((w === 'built' || w === 'made') && next === 'for') return k + 1;
  if (w === 'suited' && (next === 'to' || next === 'for')) return k + 1;
  return -1;
}
const FIT_ADVERBS = new Set(['really', 'naturally', 'just', 'exactly', 'biologically']);
/** Everyday skills a prejudice denies to a whole group ("can't drive", "can't read a map", "can't cook"). */
const SKILLS = new Set([
  'read',
  'drive',
  'park',
  'reverse',
  'spell',
  'count',
  'cook',
  'think',
  'parent',
  'manage',
  'budget',
  'add',
  'lead',
  'reason',
  'swim',
  'dance',
  'queue',
  'raise',
  'handle',
  'fix',
]);
function clauseEndAt(tokens: readonly Token[], at: number): number {
  let k = at;
  while (k + 1 < tokens.length && tokens[k + 1]!.clause === tokens[at]!.clause && k < at + 6) k++;
  return k;
}
const CONTROL_VERBS = new Set(['run', 'runs', 'control', 'controls', 'own', 'owns', 'rule']);
const CONTROL_DETERMINERS = new Set(['the', 'all', 'half', 'most', 'our', 'this', 'every']);
/** What a group is said to have taken over in a conspiracy claim (not "run the lunch club", "own the corner shop"). */
const INSTITUTIONS = new Set([
  'council',
  'councils',
  'media',
  'banks',
  'government',
  'country',
  'landlords',
  'housing',
  'town',
  'police',
  'courts',
  'world',
  'everything',
  'system',
  'press',
  'papers',
  'nhs',
  'money',
  'area',
  'streets',
  'schools',
]);
/** Habits that are a reproach when kept up ("keep popping out kids"); not "keep shouting", a neighbour's complaint. */
const KEPT_UP = phrases(['popping out', 'pop out', 'churning out', 'churn out', 'having babies', 'having kids', 'breeding']);
const HABIT_QUANTIFIERS = new Set(['always', 'just', 'constantly', 'forever', 'all', 'only', 'ever', 'continually']);

/** After a group: "always"/"never" and a verb that is not an entitlement; the habit's last token, or -1. */
function habitPinnedAt(tokens: readonly Token[], groupLast: number): number {
  let k = groupLast + 1;
  if (tokens[k]?.w === 'all') k++;
  const q = tokens[k];
  if (!q || q.clause !== tokens[groupLast]!.clause || (q.w !== 'always' && q.w !== 'never')) return -1;
  const verb = tokens[k + 1];
  if (!verb || verb.clause !== q.clause || ENTITLEMENTS.has(verb.w)) return -1;
  let last = k + 1;
  while (last + 1 < tokens.length && tokens[last + 1]!.clause === q.clause && last < k + 6) last++;
  return last;
}
const ENTITLEMENTS = new Set([
  'get',
  'got',
  'receive',
  'qualify',
  'count',
  'come',
  'go',
  'have',
  'had',
  'need',
  'needed',
  'welcome',
  'welcomed',
  'been',
  'be',
  'pay',
  'miss',
  'suffer',
  'struggle',
  'face',
  'feel',
  'felt',
  'ask',
]);
function prescriptionAfter(
  tokens: readonly Token[],
  from: number,
  lex: StructureLexicons,
  resumers: ReadonlySet<string> = ANAPHORA,
): { from: number; last: number } | null {
  const sentence = tokens[from - 1]!.sentence;
  for (let k = from; k < tokens.length && k < from + 10; k++) {
    if (tokens[k]!.sentence !== sentence) return null;
    // Past a clause break only when the group is picked up again: "Afghans before our own, they should go back".
    // Or when the new clause opens on the prescription itself, its subject left out: "the old dear at 5 is away with
    // the fairies, shouldn't be allowed to live alone".
    if (
      tokens[k]!.clause !== tokens[from - 1]!.clause &&
      tokens[k]!.clause !== tokens[k - 1]!.clause &&
      !resumers.has(tokens[k]!.w) &&
      !(lex.prescriptive.match(tokens, k) && tokens[k - 1]!.sentence === sentence)
    )
      return null;
    const p = lex.prescriptive.match(tokens, k);
    if (p) {
      const next = tokens[p.last + 1]?.w;
      // What should not happen to the group, or need not, protects it; the sentence is judged, for the backstop too.
      const protective =
        (next && PRESCRIPTIVE_EXCEPTIONS.has(next)) ||
        PRESCRIPTIVE_EXCEPTION_PHRASES.includes(next === 'being' ? `be ${tokens[p.last + 2]?.w}` : `${next} ${tokens[p.last + 2]?.w}`);
      if (protective) {
        judgedOrdinary?.add(sentence);
        return null;
      }
      // "older people should stay indoors during the heatwave": keeping safe for a while is advice, not exclusion.
      if ((KEPT_IN.has(tokens[k + 1]?.w ?? '') || KEPT_IN.has(tokens[k + 2]?.w ?? '')) && next && SAFETY_ADVERBIALS.has(next)) return null;
      // The prescription reaches to the end of its clause: "shouldn't be managing housing".
      let last = p.last;
      while (last + 1 < tokens.length && tokens[last + 1]!.clause === tokens[p.last]!.clause && last < p.last + 6) last++;
      return { from: k, last };
    }
  }
  return null;
}

/**
 * Is the statement between a group and its evaluation negated ("are not faking it", "aren't all the same")?
 * A "not" counts only after a verb: "a normal home, not two perverts" contrasts, it does not negate.
 */
/** Words before a group that turn its denial round: "it's not like Albanians don't …", "yeah right, …". */
const DENIAL_TURNED = new Set(['like', 'right', 'sure', 'saying', 'course']);
/**
 * Is the denial of a crime's running, from `from` (after the group) to `last`, all the message says of the group: its
 * sentence ends there or with a contrast ("…, criminals do"), nothing before the group turns it round ("it's not like
 * …", "yeah right, …"), and the next sentence does not pick the group up ("… They just cover for them")?
 */
function plainDenial(tokens: readonly Token[], from: number, last: number): boolean {
  const sentence = tokens[from]!.sentence;
  for (let k = from - 1; k >= 0 && tokens[k]!.sentence === sentence; k--)
    if (DENIAL_TURNED.has(tokens[k]!.w) || isNegation(tokens[k]!.w)) return false;
  let k = last + 1;
  if (k < tokens.length && tokens[k]!.sentence === sentence) {
    // Only a contrast may follow: a short clause ending in an auxiliary ("…, criminals do", "…, British gangs do").
    const end = sentenceEnd(tokens, k);
    if (tokens[k]!.clause === tokens[last]!.clause || end - k > 3 || !CONTRAST_AUXILIARIES.has(tokens[end]!.w)) return false;
    k = end + 1;
  }
  return k >= tokens.length || !ANAPHORA.has(tokens[k]!.w);
}
/** Auxiliaries that stand for the denied verb in a contrast: "…, criminals do", "…, the gangs are". */
const CONTRAST_AUXILIARIES = new Set(['do', 'does', 'did', 'are', 'is', 'were', 'was', 'will', 'can']);
/**
 * Is the evaluation from `at` to `last` the other side of a contrast with a denial before it: "X don't run the
 * gangs, criminals do"? An auxiliary ends its clause in place of the verb denied.
 */
function contrastAfterDenial(tokens: readonly Token[], from: number, at: number, last: number): boolean {
  const aux = tokens[last + 1];
  if (aux === undefined || aux.clause !== tokens[last]!.clause || !CONTRAST_AUXILIARIES.has(aux.w)) return false;
  if (tokens[last + 2] !== undefined && tokens[last + 2]!.clause === aux.clause) return false;
  for (let k = from; k < at; k++) if (isNegation(tokens[k]!.w)) return true;
  return false;
}
/** Things done for others, which "it's what they do" praises: "organised the clean-up", "turned up early". */
const KIND_ACTS = new Set([
  'organised',
  'organized',
  'brought',
  'helped',
  'cooked',
  'volunteered',
  'donated',
  'welcomed',
  'cleaned',
  'early',
  'fed',
  'shared',
  'looked',
  'checked',
  'raised',
  'collected',
]);
/** After "nothing to do with anyone": only everyone ("… anyone else", the clause's end), not "anyone who …". */
function shunsEveryone(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1];
  return (
    next === undefined ||
    next.clause !== tokens[last]!.clause ||
    next.w === 'else' ||
    next.w === 'round' ||
    next.w === 'around' ||
    next.w === 'here' ||
    next.w === 'lot'
  );
}
/** Where a wrong is put down to what a group is: "things that go missing, a nuisance or a mess": read by sentiment too. */
const WRONGS = new Set([
  'rubbish',
  'mess',
  'litter',
  'nicking',
  'nicked',
  'stealing',
  'fly',
  'tipping',
  'noise',
  'fighting',
  'scrounging',
  'begging',
]);
/**
 * "The Roma leave their rubbish out, it's what they do", "nicking stuff again, that's what they're like": a wrong the
 * group is said to do, then put down to its nature by "it's what they do" / "that's what they're like" later in the
 * sentence. Not "Polish families are so welcoming, it's what they do" (nothing wrong said), nor "it's not what they do".
 * The last token of that tail, or -1.
 */
function whatTheyDoAfter(tokens: readonly Token[], last: number, lex: StructureLexicons): number {
  const sentence = tokens[last]!.sentence;
  let wrong = false;
  for (let k = last + 1; k < last + 24 && k + 3 < tokens.length && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    // Kindness said of them is no wrong ("brought round food when Mum was ill, that's what they're like").
    if (AFINN_POSITIVE.has(w) || KIND_ACTS.has(w)) return -1;
    if ((WRONGS.has(w) && !(w === 'litter' && tokens[k + 1]?.w.startsWith('pick'))) || lex.evaluations.match(tokens, k) !== null)
      wrong = true;
    if (!wrong || tokens[k + 1]!.w !== 'what' || tokens[k + 3]!.sentence !== sentence) continue;
    if (w !== "it's" && w !== 'its' && w !== "that's" && w !== 'thats') continue;
    const they = tokens[k + 2]!.w;
    const verb = tokens[k + 3]!.w;
    if (they === 'they' && verb === 'do') return k + 3;
    if ((they === "they're" || they === 'theyre') && verb === 'like') return k + 3;
    if (they === 'they' && verb === 'are' && tokens[k + 4]?.w === 'like') return k + 4;
  }
  return -1;
}
const CAUSING = new Set(['cause', 'caused', 'causing', 'causes']);
const GROUP_PREPOSITIONS = new Set(['for', 'to', 'of', 'with', 'about', 'against', 'towards', 'from', 'on']);
/** The passive's auxiliaries before what a group suffers: "get blamed", "are being accused", "have been smeared". */
const TARGET_AUXILIARIES = new Set([...PASSIVE_AUXILIARIES, 'are', 'is', 'be']);
/** Words that may stand in the passive before its participle: "are always being", "have unfairly been", "keep getting". */
const PASSIVE_FILLERS = new Set([
  ...TARGET_AUXILIARIES,
  'have',
  'has',
  'had',
  'keep',
  'always',
  'still',
  'constantly',
  'often',
  'so',
  'too',
  'regularly',
  'routinely',
  'unfairly',
  'wrongly',
  'automatically',
  'all',
  'just',
  'forever',
  'continually',
  'repeatedly',
  'frequently',
  'sometimes',
  'usually',
  'really',
]);
/**
 * What others say of or do to a group, in the passive: the group is its target, and what follows ("blamed for
 * everything", "smeared as a danger", "treated like criminals", "called scroungers") is theirs, not the writer's. Not
 * "seen as", "known as" or "considered", which as often pass a view on as report one.
 */
const TARGETED_PARTICIPLES = new Set([
  'blamed',
  'scapegoated',
  'smeared',
  'stereotyped',
  'accused',
  'labelled',
  'labeled',
  'branded',
  'painted',
  'portrayed',
  'depicted',
  'caricatured',
  'demonised',
  'demonized',
  'vilified',
  'maligned',
  'slandered',
  'mocked',
  'ridiculed',
  'insulted',
  'abused',
  'harassed',
  'targeted',
  'bullied',
  'discriminated',
  'stigmatised',
  'stigmatized',
  'patronised',
  'patronized',
  'called',
  'treated',
  'pigeonholed',
  'typecast',
  'tarred',
  'profiled',
  'misrepresented',
  'misgendered',
  'othered',
  'scapegoat',
]);
/**
 * Where the participle is, when a group whose reference ends before `at` is the target of a passive (else -1): "immigrants get blamed for everything",
 * "gay men are constantly smeared as …", "Muslims are always being accused of …", "travellers have been called …"? An
 * auxiliary of the passive is needed, and nothing else between but adverbs: "should be treated like criminals" (a
 * modal) and "deserve to be blamed" are prescriptions, read as such.
 */
function targetedAfter(tokens: readonly Token[], at: number): number {
  const clause = tokens[at - 1]?.clause;
  let passive = false;
  for (let k = at; k < at + 6 && k < tokens.length && tokens[k]!.clause === clause; k++) {
    const w = tokens[k]!.w;
    if (passive && TARGETED_PARTICIPLES.has(w)) return w !== 'treated' || treatedBadly(tokens, k) ? k : -1;
    if (!PASSIVE_FILLERS.has(w)) return -1;
    if (TARGET_AUXILIARIES.has(w)) passive = true;
  }
  return -1;
}
/** How a group is treated that is itself a wrong: "treated badly", "treated differently". */
const BADLY = new Set([
  'badly',
  'unfairly',
  'worse',
  'appallingly',
  'terribly',
  'horribly',
  'differently',
  'disgracefully',
  'shamefully',
  'unequally',
]);
/** What a group is treated like that is a wrong done to it: "like criminals", "as second-class citizens". */
const TREATED_AS_WRONG = new Set([
  'dirt',
  'animals',
  'criminals',
  'second',
  'suspects',
  'lepers',
  'outsiders',
  'scum',
  'rubbish',
  'vermin',
  'terrorists',
  'cattle',
  'slaves',
  'strangers',
  'aliens',
  'idiots',
  'nothing',
]);
/**
 * "treated like criminals", "treated badly": a wrong done to the group. Not "treated like royalty compared to people born
 * here", which begrudges it what it gets.
 */
function treatedBadly(tokens: readonly Token[], k: number): boolean {
  const next = tokens[k + 1];
  if (next === undefined || next.clause !== tokens[k]!.clause) return false;
  if (BADLY.has(next.w)) return true;
  if (next.w !== 'like' && next.w !== 'as') return false;
  for (let j = k + 2; j <= k + 4 && j < tokens.length && tokens[j]!.clause === next.clause; j++)
    if (TREATED_AS_WRONG.has(tokens[j]!.w)) return true;
  return false;
}
const MOST = new Set(['most', 'many', 'half', 'lots', 'loads', 'all']);
const OFTEN = new Set(['usually', 'mostly', 'often', 'probably', 'generally', 'always', 'normally', 'all']);
/** "… they usually did it", "… and most of them are": the verb that owns the claim, at its clause's end. */
const OWNED_VERBS = new Set(['are', 'do', 'did', 'were', 'is']);
/** Words after which "they are" / "they're" at a clause's end sides with what was said: "… because they are". */
const SIDING_OPENERS = new Set(['because', 'cos', 'coz', 'cause', 'and', 'but', 'which', 'as', 'since']);
/**
 * Does the writer side with what a group is blamed or called in the rest of the sentence from `from`: "…, and
 * rightly so", "… for a reason", "… with good reason", "no wonder", "… because they are", "which is true", "fair
 * enough", "they deserve it"? Then the passive reports a view the writer holds.
 */
function endorsedLater(tokens: readonly Token[], from: number, lex: StructureLexicons): boolean {
  const sentence = tokens[from - 1]!.sentence;
  for (let k = from; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    const prev = tokens[k - 1]?.w ?? '';
    if (w === 'rightly' || w === 'deservedly' || w === 'justifiably' || w === 'deserve' || w === 'deserves' || w === 'deserved')
      return true;
    if (w === 'reason' && (prev === 'a' || prev === 'good' || prev === 'without')) return true;
    if (w === 'wonder' && prev === 'no') return true;
    if (w === 'enough' && prev === 'fair') return true;
    // "… and quite right too", "you can see why", "I can't say I disagree"
    if (w === 'right' && (prev === 'quite' || prev === 'and')) return true;
    if (w === 'why' && prev === 'see') return true;
    if (w === 'disagree' && (isNegation(tokens[k - 3]?.w ?? '') || isNegation(tokens[k - 2]?.w ?? ''))) return true;
    // "… and most of them are", "… to be fair they usually did it": the claim owned in a clause of the writer's.
    if ((w === 'them' && prev === 'of' && MOST.has(tokens[k - 2]?.w ?? '')) || w === 'they') {
      let j = k + 1;
      while (OFTEN.has(tokens[j]?.w ?? '')) j++;
      const verb = tokens[j];
      if (verb !== undefined && verb.clause === tokens[k]!.clause && OWNED_VERBS.has(verb.w)) {
        const after = tokens[verb.w === 'did' && tokens[j + 1]?.w === 'it' ? j + 2 : j + 1];
        if (after === undefined || after.clause !== verb.clause) return true;
      }
    }
    // "if the cap fits", "no smoke without fire"
    if (w === 'fits' && (prev === 'cap' || prev === 'shoe')) return true;
    if (w === 'fire' && prev === 'without' && tokens[k - 2]?.w === 'smoke') return true;
    if (w === 'true' && !isNegation(prev) && prev !== 'not' && !isNegation(tokens[k - 2]?.w ?? '')) return true;
    if (
      (w === "they're" || w === 'theyre' || (w === 'are' && prev === 'they')) &&
      SIDING_OPENERS.has(w === 'are' ? (tokens[k - 2]?.w ?? '') : prev)
    ) {
      const next = tokens[k + 1];
      if (next === undefined || next.clause !== tokens[k]!.clause || next.w === 'though' || next.w === 'tbh' || next.w === 'really')
        return true;
      // "… because they are thieves": the label said again as the writer's own (not "… because they are Muslim").
      if (AFINN_NEGATIVE.has(next.w) || lex.evaluations.match(tokens, k + 1) !== null) return true;
    }
  }
  return false;
}
function negatedBetween(tokens: readonly Token[], from: number, to: number): boolean {
  const clause = tokens[to]!.clause;
  for (let k = from; k < to; k++) {
    // A negation in an earlier clause belongs to that clause: "old people can't cope with it, they're hopeless".
    if (tokens[k]!.clause !== clause) continue;
    const w = tokens[k]!.w;
    if (w === 'not' || w === 'no') {
      // "they are no doubt illegals": "no doubt" affirms.
      if (w === 'no' && tokens[k + 1]?.w === 'doubt') continue;
      if (AUXILIARIES.has(tokens[k - 1]?.w ?? '')) return true;
    } else if (isNegation(w)) return true;
  }
  return false;
}
const AUXILIARIES = new Set([
  'are',
  'is',
  'were',
  'was',
  'be',
  'do',
  'does',
  'did',
  'can',
  'will',
  'should',
  'would',
  'could',
  "'re",
  "they're",
  'theyre',
  'have',
  'has',
  'may',
  'might',
  'must',
]);

/** The index of an insult noun (or, addressing the person, an insulting adjective) a few words on, or null. */
/** Verbs that, denied before "you", deny the insult after it: "doesn't make you a failure", "don't think you're lazy". */
const DENIABLE_OF_YOU = new Set(['make', 'makes', 'made', 'mean', 'means', 'think', 'thinks', 'believe', 'believes']);
/**
 * "Asking for help doesn't make you a failure", "nobody thinks you're a scrounger", "I don't think you're lazy": the
 * insult after `you` (token `y`) denied by the writer. Not "that makes you a liar", nor "don't you think you're a
 * fool" (a question that asserts it).
 */
function insultDeniedBefore(tokens: readonly Token[], y: number): boolean {
  // "… think you are a liar": the verb is before "you".
  if ((tokens[y]?.w === 'are' || tokens[y]?.w === 'r') && (tokens[y - 1]?.w === 'you' || tokens[y - 1]?.w === 'u')) y--;
  const verb = tokens[y - 1];
  if (!verb || !DENIABLE_OF_YOU.has(verb.w)) return false;
  // Only in the verb's clause ("I'm not joking, that makes you a liar" is not denied), and not asked with the verb
  // first ("Doesn't that make you a hypocrite?", "Does that not make you a liar?").
  let opens = y - 1;
  while (opens > 0 && tokens[opens - 1]!.clause === verb.clause) opens--;
  if (QUESTION_OPENERS.has(tokens[opens]!.w)) return false;
  for (let k = y - 2; k >= opens && k >= y - 4; k--) {
    const w = tokens[k]!.w;
    if (w === 'you' || w === 'u') return false;
    // ("Not that it makes you any less of an idiot", "It not only makes you a liar but a thief" deny nothing.)
    if (w === 'not' && (tokens[k + 1]?.w === 'that' || tokens[k + 1]?.w === 'only')) return false;
    if (isNegation(w) || w === 'nobody' || w === 'noone' || w === 'no-one' || (w === 'one' && tokens[k - 1]?.w === 'no')) {
      // The sentence is the writer's reassurance: the learned backstop, which reads the insult's words alone, defers.
      judgedOrdinary?.add(verb.sentence);
      return true;
    }
  }
  return false;
}
const QUESTION_OPENERS = new Set([
  'does',
  "doesn't",
  'doesnt',
  'did',
  "didn't",
  'didnt',
  'would',
  "wouldn't",
  'wouldnt',
  'do',
  "don't",
  'dont',
  'will',
  "won't",
  'is',
  "isn't",
  'can',
  "can't",
]);
function insultAfter(tokens: readonly Token[], from: number, lex: StructureLexicons, secondPerson: boolean): number | null {
  const sentence = tokens[from - 1]!.sentence;
  const prev = tokens[from - 1]!.w;
  // "you're useless", "ur pathetic", "you are so thick": an adjective is an insult only after a verb.
  // "are you actually thick?": the question puts the verb first.
  let predicated =
    prev === "you're" ||
    prev === 'youre' ||
    prev === 'ur' ||
    prev === 'yer' ||
    prev === "ye're" ||
    ((prev === 'you' || prev === 'u') && (tokens[from - 2]?.w === 'are' || tokens[from - 2]?.w === 'r'));
  let onlyIntensifiers = true;
  const vocative = secondPerson && !predicated && (prev === 'you' || prev === 'u');
  let article = false;
  let judged = false;
  let unknown = 0;
  for (let k = from; k < tokens.length && k < from + 7; k++) {
    const t = tokens[k]!;
    if (t.sentence !== sentence || isNegation(t.w)) return null;
    const noun = lex.insultNouns.match(tokens, k);
    if (noun && (secondPerson || !INSULT_NOUNS_SECOND_PERSON_ONLY.has(noun.value))) {
      // "a joke of a form" is about the form.
      // Said to the person ("you're an absolute joke of a housing officer") it is about them.
      if (tokens[noun.last + 1]?.w === 'of' && noun.value === 'joke' && !(secondPerson && predicated)) {
        judgedOrdinary?.add(t.sentence);
        return null;
      }
      // "what a nightmare of a day", "a pig of a job": the noun qualifies a thing; not "an idiot of a man".
      if (
        tokens[noun.last + 1]?.w === 'of' &&
        (tokens[noun.last + 2]?.w === 'a' || tokens[noun.last + 2]?.w === 'an') &&
        !PERSON_HEADS_INSULTABLE.has(tokens[noun.last + 3]?.w ?? '') &&
        !(secondPerson && (predicated || prev === 'you' || prev === 'u'))
      ) {
        judgedOrdinary?.add(t.sentence);
        return null;
      }
      // "a queer sort of fella": the word describes a kind, it names nobody.
      if (KINDS.has(tokens[noun.last + 1]?.w ?? '') && tokens[noun.last + 2]?.w === 'of') {
        judgedOrdinary?.add(t.sentence);
        return null;
      }
      return noun.last;
    }
    if (secondPerson && predicated && onlyIntensifiers && (INSULT_ADJECTIVES.has(t.w) || negativeByForm(tokens, k))) return k;
    // "ur dumber than u look", "you're more useless than the last one": an insult as a comparison.
    if (
      secondPerson &&
      predicated &&
      onlyIntensifiers &&
      (COMPARATIVE_INSULTS.has(t.w) || (t.w === 'more' && INSULT_ADJECTIVES.has(tokens[k + 1]?.w ?? ''))) &&
      tokens[t.w === 'more' ? k + 2 : k + 1]?.w === 'than'
    )
      return t.w === 'more' ? k + 1 : k;
    // "a nasty, bitter old woman": a plain noun for a person, made an insult by the judgements before it.
    if (article && judged && PERSON_HEADS_INSULTABLE.has(t.w)) return k;
    // ("the poorest resident" is a plight in the superlative.)
    if (
      article &&
      (INSULT_ADJECTIVES.has(t.w) ||
        (AFINN_NEGATIVE.has(t.w) && !PLIGHT.has(t.w) && !PLIGHT.has(t.w.replace(/est$/, '')) && !t.w.endsWith('ed')))
    )
      judged = true;
    // "you're the laziest tenant on the estate": a superlative of a judgement.
    if (article && negativeSuperlative(tokens, k, lex)) judged = true;
    if (k === from && (t.w === 'are' || t.w === 'r')) {
      predicated = true;
      continue;
    }
    // "so", "really", "absolutely" may come before the adjective or the noun.
    if (INTENSIFIERS.has(t.w)) continue;
    // "you're a grown woman acting like a spoilt brat": behaviour likened to an insult.
    if (secondPerson && LIKENING.has(t.w) && tokens[k + 1]?.w === 'like') {
      const noun = tokens[k + 2]?.w === 'a' || tokens[k + 2]?.w === 'an' ? k + 3 : -1;
      const m = noun > 0 ? (lex.insultNouns.match(tokens, noun) ?? lex.insultNouns.match(tokens, noun + 1)) : null;
      if (m && !INSULT_NOUNS_SECOND_PERSON_ONLY.has(m.value)) return m.last;
    }
    onlyIntensifiers = false;
    if (t.w === 'a' || t.w === 'an' || t.w === 'the') article = true;
    // "the thickest, most pathetic excuse for a caseworker", "a bone idle parasite": after an article, a few
    // describing words of any kind may come before the noun.
    // "you illiterate clown", "you scruffy layabout": said to the person, one describing word straight before the noun.
    if (
      !INSULT_FILLERS.has(t.w) &&
      !INSULT_ADJECTIVES.has(t.w) &&
      !t.w.endsWith('est') &&
      !(article && ++unknown <= 2) &&
      !(vocative && k === from && lex.insultNouns.match(tokens, k + 1) !== null)
    )
      return null;
  }
  return null;
}
const COPULA_IS = new Set(['is', 'was', 'are', 'were']);
/** Comparatives of insult adjectives, an insult before "than" ("ur dumber than u look"). */
const COMPARATIVE_INSULTS = new Set([
  'dumber',
  'thicker',
  'stupider',
  'uglier',
  'fatter',
  'nastier',
  'denser',
  'dafter',
  'lazier',
  'dimmer',
]);
/** Adjectives that make name-calling of an insult noun straight after them ("stupid cow", "useless prat"). */
const NAME_CALLING_ADJECTIVES = new Set([
  'stupid',
  'thick',
  'useless',
  'lazy',
  'fat',
  'ugly',
  'dozy',
  'silly',
  'pathetic',
  'miserable',
  'nasty',
  'dirty',
  'filthy',
  'lying',
  'thieving',
  'brainless',
  'gormless',
  'worthless',
  'incompetent',
  'arrogant',
  'bloody',
  'fucking',
  'effing',
]);
/** Plain nouns for a person that judgements before them make an insult ("a bitter old woman", "a nasty little man"). */
const PERSON_HEADS_INSULTABLE = new Set([
  'woman',
  'man',
  'bloke',
  'lady',
  'person',
  'fella',
  'individual',
  'creature',
  'girl',
  'boy',
  'lad',
  // "the most useless tenant I've dealt with", "the laziest caseworker": a role judged as one
  'tenant',
  'resident',
  'claimant',
  'neighbour',
  'caseworker',
  'officer',
  'worker',
  'colleague',
  'applicant',
  'customer',
  // "the worst dad I've ever come across": a parent judged as one
  'dad',
  'mum',
  'mother',
  'father',
  'parent',
  // "you're the most useless volunteer we've ever had": any role judged as one
  'volunteer',
  'client',
  'carer',
  'caller',
  'complainant',
  'landlord',
  'husband',
  'wife',
  'son',
  'daughter',
  'guy',
  'patient',
]);
/** Dullness or worthlessness named of a third person ("he's thick", "she's brain dead"), ending its clause or joined on. */
const DULL_PREDICATES = new Set([
  'thick',
  'stupid',
  'dumb',
  'brainless',
  'gormless',
  'braindead',
  'dense',
  'retarded',
  'worthless',
  'pathetic',
  'dim',
  'simple',
  'thicker',
]);
const DULL_TAILS = new Set(['and', 'with', 'as', 'too', 'mate', 'lol', 'tbh', "isn't", 'isnt', "ain't", 'aint', 'innit']);
const DULL_DEGREE = new Set(['a', 'bit', 'proper', 'right', 'dead', 'pretty', 'well', 'that', 'plain']);
const KINDS = new Set(['kind', 'sort', 'type']);
const LIKENING = new Set(['acting', 'behaving', 'carrying']);
const INTENSIFIERS = new Set([
  'so',
  'really',
  'just',
  'absolutely',
  'totally',
  'completely',
  'utterly',
  'bloody',
  'truly',
  'such',
  'honestly',
  'genuinely',
  'literally',
  'seriously',
  'actually',
]);

/**
 * Is the finding at `start` a report of abuse, a quotation or counter-speech?
 * A reporting word ("called", "said", "reported") or a counter-speech phrase
 * ("it's not true that", "don't say") earlier in the same clause covers it;
 * so does a quotation when the message reports anything.
 */
/**
 * "…, so I'm not sure we can treat it as a hate incident", "…, I doubt it's a hate crime": the writer denying, within
 * the clause before "hate", that the words are hate. Not "there's no doubt that's a hate incident", nor "we can't treat
 * it as anything other than a hate incident".
 */
function hateDenied(tokens: readonly Token[], k: number): boolean {
  for (let b = k - 1; b >= 0 && b >= k - 8 && tokens[b]!.clause === tokens[k]!.clause; b--) {
    const w = tokens[b]!.w;
    if (w === 'other') return false;
    if (w === 'unsure' || w === 'hardly' || (w === 'sure' && isNegation(tokens[b - 1]?.w ?? ''))) return true;
    const before = tokens[b - 1]?.w ?? '';
    // "I doubt" (not "no doubt"); "I don't think".
    if (w === 'doubt' && !isNegation(before)) return true;
    if (w === 'think' && isNegation(before)) return true;
    if (HATE_CLASSING.has(w) && CANNOT.has(before)) return true;
  }
  return false;
}
const HATE_CLASSING = new Set(['treat', 'count', 'call', 'class', 'record', 'log']);
export function isReportedOrCountered(text: string, start: number, end: number, lex: StructureLexicons): boolean {
  const all = tokensOf(text);
  const { tokens } = all;
  let at = tokens.findIndex((t) => t.end > start);
  if (at < 0) at = tokens.length;
  // "Ron said the Polish lads are thieves and he's right": a report the writer then endorses is the writer's own.
  if (endorsedAfter(all, end) || endorsedBefore(tokens, at)) return false;
  // "Cllr Hughes may think pensioners just moan, but I don't agree": another's thought, disagreed with.
  if (disagreedAfter(tokens, at, end)) return true;
  // "Are young people all trouble, like the letter said? Not the ones I work with": a question the writer answers
  // against its stereotype, from what they know.
  const asked = tokens[at]?.sentence;
  if (asked !== undefined && all.sentences[asked]?.question === true && deniedInAnswer(tokens, asked)) return true;
  const clause = tokens[at]?.clause ?? -1;
  const sentence = tokens[at]?.sentence ?? -1;
  for (let k = at - 1; k >= 0 && tokens[k]!.sentence === sentence; k--) {
    const t = tokens[k]!;
    // A reporting word covers what it reports: the next few words of its clause ("called the kid a mong"),
    // not an insult of the writer's own further on ("… yesterday you mong").
    // "I said women like you are why…": what the writer says they said is their own statement, not a report.
    // "I'm calling him a retard because he is one": the writer's own name-calling, whatever the tense.
    if (
      t.clause === clause &&
      at - k <= REPORT_REACH &&
      REPORT_CUES.has(t.w) &&
      !(OWN_SPEECH.has(t.w) && tokens[k - 1]?.w === 'i') &&
      // (Not "I was called a dirty Paki": named by someone else, in the passive.)
      !(NAMING.has(t.w) && firstPersonBefore(tokens, k) && !(t.w === 'called' && PASSIVE_BEFORE.has(tokens[k - 1]?.w ?? '')))
    )
      return true;
    // "Mr Hart says a neighbour spat at him and his husband and said their marriage was 'fake'": a sentence that
    // opens by saying whose account it is is that account, to its end.
    // (Not "re what u said about being a single dad, …": what was said about names a topic, not the words.)
    // (Not past a clause of the writer's own stance: "Your lad says he's gay, hopefully he'll grow out of it".)
    if (
      ACCOUNT_OPENERS.has(t.w) &&
      !FIRST_PERSON_SUBJECTS.has(tokens[k - 1]?.w ?? '') &&
      tokens[k + 1]?.w !== 'about' &&
      !writersStanceAt(tokens, at, k)
    ) {
      const opens = sentenceStart(tokens, k);
      if (k > opens && k <= opens + 3) return true;
    }
    // "Ron said in the van that the Polish lads are all on the fiddle": the whole "that" clause is what was said.
    if (
      at - k <= REPORT_REACH * 2 &&
      SAYING_THAT.has(t.w) &&
      !FIRST_PERSON_SUBJECTS.has(tokens[k - 1]?.w ?? '') &&
      // Not the writer's own, in the progressive or after "keep": "I'm texting you that …", "I keep telling you that …".
      !WRITER_BEFORE_SAYING.has(tokens[k - 1]?.w ?? '') &&
      !(tokens[k - 1]?.w === 'keep' && FIRST_PERSON_SUBJECTS.has(tokens[k - 2]?.w ?? '')) &&
      // Words sent, only with their sender named before them: not "Texting you that you're a waste of space".
      !(SENT.has(t.w) && (tokens[k - 1]?.sentence !== t.sentence || tokens[k - 1]!.w === 'be')) &&
      tokens.slice(k + 1, at).some((x) => x.w === 'that')
    )
      return true;
    // "Your neighbour's view that Romanians are all beggars is prejudice", "I disagree with the comment that …": the
    // words are a view held or voiced by someone, named as such; not the writer's own ("my view is that …").
    if (
      at - k <= 12 &&
      VIEW_NOUNS.has(t.w) &&
      tokens[k + 1]?.w === 'that' &&
      !OWN_VIEW.has(tokens[k - 1]?.w ?? '') &&
      !ownViewHeld(tokens, k)
    )
      return true;
    if (counterAt(tokens, k, lex)) return true;
    // "I'd never say disabled tenants are a burden", "nobody is saying…": the writer refuses the words.
    if (t.clause === clause && at - k <= REPORT_REACH && SAYING.has(t.w) && negationWithin(tokens, k, 2, 'sentence')) return true;
    // "I don't think it's fair to say…", "it isn't right to call…": a judgement on the words, negated.
    if (NEGATABLE_COUNTER.match(tokens, k) && negationWithin(tokens, k, 5, 'sentence')) return true;
  }
  // A finding that takes in its own opening (the learned head's whole sentence, an insult run back to its subject):
  // "She told you being gay is a choice, which it isn't", "Your neighbour told the PCSO you were a complete idiot",
  // "nobody here thinks someone your age shouldn't be living alone". What follows a reporting verb, or a thought
  // denied, near the finding's start is someone else's words, as it is before the finding.
  if (reportOpensWithin(tokens, at, end)) return true;
  if (namedByOthers(tokens, at, end, lex)) return true;
  // Counter-speech after the words, in the same sentence: "calling anyone a 'retard' isn't acceptable".
  for (let k = at; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    // "…, so I'm not sure we can treat it as a hate incident": the writer denying that the words are hate is no
    // stand against them.
    if (tokens[k]!.start >= end && counterAt(tokens, k, lex) && !(tokens[k]!.w === 'hate' && hateDenied(tokens, k))) return true;
  }
  // Quoted words are judged by where their quotation opens: a finding may run on past the closing mark ("'your sort
  // shouldn't be allowed to adopt' is deeply upsetting").
  if (insideQuotes(text, start, start)) {
    // "Your neighbour's message ('women like you shouldn't have kids') has been attached to the ASB case": the
    // quotation is what a message, post or note said, named as such.
    return (
      tokens.some((t, k) => REPORT_CUES.has(t.w) || (QUOTE_CARRIERS.has(t.w) && !OWN_CARRIER.has(tokens[k - 1]?.w ?? ''))) ||
      COUNTER_IN_TEXT.test(text)
    );
  }
  // A finding may also start before the quotation it holds ("you wrote that the man opposite is 'a senile old git
  // who…'", "I'm going to call this out: 'she's only upset because…'"): the quoted words are judged where they open,
  // when they are words someone said (three or more), not a scare-quoted label ("their 'culture'").
  const opens = quotationOpenIn(text, start, end);
  if (opens >= 0) return isReportedOrCountered(text, opens, end, lex);
  return false;
}

/** Things that carry someone's words, naming a quotation as theirs: "her message ('…')", "the note said". */
const OWN_CARRIER = new Set(['my', 'our']);
const QUOTE_CARRIERS = new Set([
  'message',
  "message's",
  'messages',
  'text',
  'texts',
  'post',
  'posts',
  'comment',
  'comments',
  'note',
  'email',
  'voicemail',
  'graffiti',
  'letter',
  'screenshot',
  'screenshots',
]);
/** Adverbs of the writer's own stance that open a clause: "hopefully he'll …", "but it's probably …". */
const WRITER_STANCE = new Set(['hopefully', 'probably', 'surely', 'obviously', 'clearly', 'frankly']);
/**
 * Is the clause starting at token `at` the writer's, after an account opened at `opener`: it opens (within its first
 * three words) with the writer's stance, or a "but" between turns from the account to the writer ("Your son says he's
 * gay but he's 15, it's just a phase")?
 */
function writersStanceAt(tokens: readonly Token[], at: number, opener: number): boolean {
  const clause = tokens[at]?.clause;
  if (clause === undefined || tokens[at - 1]?.clause === clause) return false;
  for (let k = at; k < at + 3 && tokens[k]?.clause === clause; k++) if (WRITER_STANCE.has(tokens[k]!.w)) return true;
  for (let k = opener + 1; k <= at; k++) if (tokens[k]!.w === 'but' && tokens[k - 1]!.clause !== tokens[k]!.clause) return true;
  return false;
}
/** Where a quotation of three or more words opens inside [start, end), or -1. */
function quotationOpenIn(text: string, start: number, end: number): number {
  const span = text.slice(start, end);
  const m = /(?:^|[\s(:])(['"“‘])(?=[A-Za-z])/.exec(span);
  if (!m) return -1;
  const at = start + m.index + m[0].length;
  const close = m[1] === '“' ? '”' : m[1] === '‘' ? '’' : m[1]!;
  // The quoted words up to the closing mark (or the end of the text): an apostrophe inside a word does not close.
  let stop = at;
  while (stop < text.length) {
    const c = text[stop]!;
    if (c === close && !(close === "'" && /[a-z]/i.test(text[stop + 1] ?? '') && /[a-z]/i.test(text[stop - 1] ?? ''))) break;
    stop++;
  }
  const words = text.slice(at, stop).trim().split(/\s+/).length;
  // One word is enough after a verb of calling or shouting: "kids have been shouting 'psycho' at Mr Lane".
  const called = /\b(?:shout\w*|call\w*|yell\w*|scream\w*|chant\w*|named|branded|labelled)\s*$/i.test(
    text.slice(Math.max(0, at - 24), at - 1),
  );
  return (words >= 3 || called) && insideQuotes(text, at, at) ? at : -1;
}
const NEGATABLE_COUNTER = phrases([
  'fair to say',
  'right to say',
  'ok to say',
  'okay to say',
  'true that',
  'true to say',
  'acceptable to say',
  'fair to call',
  'right to call',
  'fair to assume',
  // "I don't agree though that the Muslim lads are the problem", "I won't accept that…".
  'agree that',
  'agree though that',
  'accept that',
]);
const REPORT_REACH = 5;
/** Verbs of sending words: "your ex keeps texting you that …" (a report only with the sender named before). */
const SENT = new Set(['texting', 'texted', 'texts', 'messaging', 'messaged', 'messages', 'emailing', 'emailed', 'posting']);
/** Verbs whose "that" clause is someone's words: "Ron said in the van that …", "she claims that …". */
const SAYING_THAT = words(SAID, VOICED, [
  'commented',
  'suggested',
  'implied',
  'argued',
  'stated',
  'shouted',
  'alleged',
  'alleges',
  'reported',
  // "your ex keeps texting you that you're a useless mother": words sent, told back
  ...SENT,
]);
/** "X says …", "X reported …" at the start of a sentence: whose account follows. */
const ACCOUNT_OPENERS = new Set([
  'says',
  'said',
  'reports',
  'reported',
  'alleges',
  'alleged',
  'claims',
  'claimed',
  'complained',
  'complains',
]);
function reportOpensWithin(tokens: readonly Token[], at: number, end: number): boolean {
  const sentence = tokens[at]?.sentence;
  // "She told you being gay is a choice and honestly I'm inclined to agree with her": endorsed inside the finding.
  if (endorsedWithin(tokens, at, end)) return false;
  for (let k = at; k < tokens.length && k <= at + 6 && tokens[k]!.end < end && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    const prev = tokens[k - 1]?.w ?? '';
    // Two words or more must follow in the finding: the words reported.
    if (!(tokens[k + 2] && tokens[k + 2]!.end <= end)) return false;
    // Not the writer's own wish or insinuation: "should've told him his lot …", "I'm sure your imam told you …".
    if (
      (w === 'told' || w === 'tells') &&
      k > at &&
      !FIRST_PERSON_SUBJECTS.has(prev) &&
      !WISHED.has(prev) &&
      prev !== 'you' &&
      prev !== 'u' &&
      !insinuatedBefore(tokens, k)
    )
      return true;
    // Name-calling by others, told: "the kids have been calling him a retard on the way to school", "the voice note has
    // her calling you 'unhinged'". Not "so called", "wants to be called", "I'll be calling her Miss", nor the writer's own.
    if (
      (w === 'calling' || w === 'called') &&
      OBJECTS_CALLED.has(tokens[k + 1]!.w) &&
      ((w === 'calling' && (prev === 'her' || prev === 'him' || prev === 'them')) ||
        ((tokens[k + 2]!.w === 'a' || tokens[k + 2]!.w === 'an') && !firstPersonBefore(tokens, k)))
    )
      return true;
    if (
      (w === 'thinks' || w === 'believes' || w === 'says') &&
      k > at &&
      (prev === 'nobody' || prev === 'no-one' || DENIERS_BEFORE.has(prev))
    )
      return true;
  }
  return false;
}
/**
 * "Travellers get called thieves all the time", "Muslims are always being branded terrorists": the group that opens the
 * finding named, in the passive, by others. Not when the writer gives the name a ground: "… for a reason", "… because
 * they are". Only a group's name opens it, so a person's own name is not read so ("insisting on being called Danielle").
 */
function namedByOthers(tokens: readonly Token[], at: number, end: number, lex: StructureLexicons): boolean {
  const group = lex.groups.match(tokens, at);
  if (!group) return false;
  for (let k = group.last + 1; k <= group.last + 4 && tokens[k + 1] && tokens[k + 1]!.end <= end; k++) {
    const w = tokens[k]!.w;
    if (tokens[k]!.sentence !== tokens[at]!.sentence) return false;
    if ((w === 'called' || w === 'branded' || w === 'labelled') && NAMED_BY_OTHERS.has(tokens[k - 1]!.w))
      return !groundGivenAfter(tokens, k);
  }
  return false;
}
/** The name given a ground by the writer, after it in its sentence: "they get called that for a reason". */
const NAME_EARNED = phrases([
  'for a reason',
  'for good reason',
  'with good reason',
  'and rightly so',
  'no smoke without fire',
  'and they are',
  "and they're",
  'which they are',
  'which is true',
  "and it's true",
]);
/**
 * After the name at `k`, in its sentence: a phrase of NAME_EARNED, or a ground given ("because", "cause", "cos", "bc" …)
 * with "they" after it ("… cause they are thieves").
 */
const GROUNDS = new Set(['because', 'cause', 'cos', 'coz', 'cuz', 'bc', 'as', 'since']);
const GROUNDED = new Set(['they', 'them', "they're", 'theyre']);
function groundGivenAfter(tokens: readonly Token[], k: number): boolean {
  for (let a = k + 1; a < tokens.length && tokens[a]!.sentence === tokens[k]!.sentence; a++) {
    if (NAME_EARNED.match(tokens, a)) return true;
    if (GROUNDS.has(tokens[a]!.w) && GROUNDED.has(tokens[a + 1]?.w ?? '')) return true;
  }
  return false;
}
/** Before "called" in the passive, the name given by others: "get called", "are always being called". */
const NAMED_BY_OTHERS = new Set(['get', 'gets', 'got', 'getting', 'being', 'been', 'constantly', 'always']);
const WISHED = new Set(["should've", 'shouldve', "could've", "would've", "i'd", "i'll", 'should', 'could', 'would', 'must']);
/** "I'm sure …", "I bet …", "no doubt …" before the reporting verb: the writer's own guess about what was said. */
function insinuatedBefore(tokens: readonly Token[], k: number): boolean {
  for (let b = k - 1; b >= 1 && b >= k - 5 && tokens[b]!.sentence === tokens[k]!.sentence; b--) {
    const pair = `${tokens[b - 1]!.w} ${tokens[b]!.w}`;
    if (pair === "i'm sure" || pair === 'im sure' || pair === 'i bet' || pair === 'no doubt' || pair === 'bet they' || pair === 'bet he')
      return true;
  }
  return false;
}
/** "I'm calling him …", "we called her …": the writer's own naming, in the three words before. */
function firstPersonBefore(tokens: readonly Token[], k: number): boolean {
  for (let b = k - 1; b >= 0 && b >= k - 3 && tokens[b]!.sentence === tokens[k]!.sentence; b--)
    if (WRITER_AS_SUBJECT.has(tokens[b]!.w)) return true;
  return false;
}
const NAMING = new Set(['call', 'calling', 'called']);
const PASSIVE_BEFORE = new Set(['was', 'were', 'been', 'being', 'get', 'got', 'getting', 'be', 'am', "i'm", 'im', 'are', "we're"]);
const OBJECTS_CALLED = new Set(['you', 'u', 'your', 'him', 'her', 'them', 'me', 'us']);
/** "nobody here thinks": a place word between the denier and the verb. */
const DENIERS_BEFORE = new Set(['here']);
/** Nouns for something said or believed, which a "that" clause then states: "the view that …", "the claim that …". */
const VIEW_NOUNS = new Set([
  'view',
  'comment',
  'comments',
  'claim',
  'claims',
  'belief',
  'notion',
  'assumption',
  'suggestion',
  'myth',
  'stereotype',
  'idea',
  'opinion',
  'remark',
  'accusation',
  'allegation',
  'rumour',
  'rumours',
  'impression',
  'complaint',
]);
/** Whose view it is, when it is the writer's: "my view that …", "our view that …". */
const OWN_VIEW = new Set(['my', 'our']);
/** "I'm of the view that …", "I take the view that …", "we hold the view that …". */
function ownViewHeld(tokens: readonly Token[], k: number): boolean {
  let b = k - 1;
  if (tokens[b]?.w === 'the' || tokens[b]?.w === 'a') b--;
  const verb = tokens[b]?.w ?? '';
  if (!VIEW_HOLDING.has(verb)) return false;
  const subject = tokens[b - 1]?.w ?? '';
  return WRITER_AS_SUBJECT.has(subject) || subject === 'firmly';
}
const VIEW_HOLDING = new Set(['take', 'hold', 'share', 'have', 'of', 'took', 'held', 'shared']);
const FIRST_PERSON_SUBJECTS = new Set(['i', 'we', "i've", "we've", 'ive', 'weve']);
const WRITER_BEFORE_SAYING = new Set(["i'm", 'im', "we're", 'am']);
const SAYING = new Set(['say', 'said', 'saying', 'suggest', 'suggesting', 'suggested', 'claim', 'claiming', 'claimed', 'think', 'believe']);
const OWN_SPEECH = new Set(['said', 'say', 'told', 'tell', 'wrote', 'texted', 'messaged', 'shouted', 'yelled']);
/** Words around a quotation that make it a record of someone else's words (a report, a complaint, a log). */
const COUNTER_IN_TEXT =
  /hate (?:crime|incident)|evidence|record|logged|reported|comment|the line|letter|e-?mail|voicemail|voice ?note|transcrib|chant|upsetting|unacceptable|trope|hateful|offensive|isn'?t on\b|not on\b|out of order|can'?t agree|cannot agree|not (?:going to )?agree|not something (?:i|we) (?:can |could )?agree|don'?t agree|(?:call|calling) (?:this|that|it) out|breaks? the (?:group )?rules|removed|for (?:my|the|our) (?:notes|file|records?)|bundle|respondent|complainant|screenshot|isn'?t a reason|harass/i;

/** Is [start, end) inside a pair of quotation marks ("…", “…”, or '…' that is not an apostrophe)? */
function insideQuotes(text: string, start: number, end: number): boolean {
  const before = text.slice(0, start);
  const after = text.slice(end);
  for (const [open, close] of [
    ['"', '"'],
    ['“', '”'],
    ['‘', '’'],
  ] as const) {
    const o = before.lastIndexOf(open);
    if (o >= 0 && (open !== close || countOf(before, open) % 2 === 1) && after.includes(close)) return true;
  }
  // Straight single quotes: an opening one after a space or start, a closing one before a non-letter.
  // Apostrophes inside words ("shouldn't", "she's") are neither.
  const o = before.search(/(?:^|[\s(:])'(?:[^']|\B'|'(?=[a-z]))*$/i);
  if (o >= 0 && /^(?:[^']|'(?=[a-z]))*'(?![a-z])/i.test(after)) return true;
  return false;
}

function countOf(s: string, ch: string): number {
  let c = 0;
  for (const x of s) if (x === ch) c++;
  return c;
}
