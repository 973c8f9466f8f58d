/**
 * Offensive statements carried by their structure rather than by an evaluation
 * word after a group:
 *
 * - the kind of person: "you're the kind of tenant who ruins a street";
 * - blame: "people like you are the reason this estate has gone downhill";
 * - insulting comparison: "she's got the brains of a goldfish", "as much use as
 *   a chocolate teapot", "talking to you is like talking to a brick wall";
 * - sarcasm: praise as a name after a failure ("another form wrong, genius");
 * - exclusion of a group: "nobody wants your kind on this estate";
 * - a group pinned on a person, then prescribed: "Muslims like her should keep
 *   their prayers to themselves", "women like her only have kids to…";
 * - a generic member barred: "a woman shouldn't be running a housing team",
 *   "someone in a wheelchair has no business living on the third floor";
 * - dismissal by a characteristic: "he's a bloke, what does he know about…",
 *   "what else would I expect from someone your age";
 * - "nothing but trouble", "instead of demanding interpreters", "…adopting is
 *   just wrong", "Hindus and their smelly cooking", "them gypsies will nick…";
 * - identity denied: "trans women are men in dresses".
 *
 * Reports, quotations and counter-speech are filtered afterwards, finding by
 * finding, by `isReportedOrCountered`, as for every other offensive finding.
 */

import type { Finding } from '../policy.types.js';
import { AFINN_NEGATIVE } from './afinn-negative.js';
import { AFINN_POSITIVE } from './afinn-positive.js';
import { PhraseLexicon, RELATIVE_PRONOUNS, RoleMemo, anyIn, isNegation, sentenceSpan, type Token, type Tokens } from './clauses.js';
import { PRESCRIPTIVE_EXCEPTION_PHRASES, type Characteristic } from './offensive.lexicon.js';
import {
  LIKE_OBJECTS,
  namesThing,
  OWNERS as AGE_OWNERS,
  PERSON_HEADS,
  PERSON_SUBJECTS,
  PREDICATE_SUBJECTS,
  phrases,
  SECOND_PERSON,
  valuedPhrases,
} from './person.lexicon.js';

/** The group lexicon the patterns read (the structure detector's). */
export interface GroupLexicon {
  groups: PhraseLexicon<Characteristic>;
  adjectives: ReadonlySet<string>;
}

/** What makes a place or a group worse: the predicate of blame and of "the kind of … who". */
const DECLINE = phrases([
  'gone downhill',
  'going downhill',
  'gone to pot',
  'gone to the dogs',
  'going to the dogs',
  'ruins',
  'ruin',
  'ruined',
  'wrecks',
  'wreck',
  'wrecked',
  'drags down',
  'dragging down',
  'brings down',
  'bringing down',
  'lowers',
  'bad name',
  'a mess',
  'a tip',
  'a dump',
  'a shithole',
  'falling apart',
  'broken',
  'finished',
  'nothing but trouble',
  'sponging off',
  'scrounging off',
  'living off',
  'no good',
  'nobody wants',
  'no one wants',
]);

/** Comparisons that name a person stupid or useless. */
/**
 * Comparisons that name a person stupid or useless, keyed on their least common word (so that "the", "as" and
 * "like" start nothing), with the word that must come before it ('' for none).
 */
const COMPARISONS = valuedPhrases<string>([
  ['the', 'brains of a'],
  ['the', 'personality of a'],
  ['the', 'brain of a'],
  ['the', 'memory of a'],
  ['the', 'manners of a'],
  ['the', 'iq of a'],
  ['the', 'mental age of a'],
  ['the', 'sense of a'],
  ['the', 'intelligence of a'],
  ['the', 'attention span of a'],
  ['people', 'skills of a'],
  ['social', 'skills of a'],
  ['the', 'charm of a'],
  ['the', 'tact of a'],
  ['the', 'wit of a'],
  ['as', 'much use as'],
  ['as', 'useful as a'],
  ['like', 'talking to a brick wall'],
  ['like', 'talking to a wall'],
  ['', 'thick as'],
  ['', 'daft as a brush'],
  // a disability made a simile of dullness: "deaf as a post", "blind as a bat", "mad as a hatter"
  ['', 'deaf as a'],
  ['', 'blind as a'],
  ['', 'mad as a'],
  ['', 'dumb as'],
  ['', 'dense as'],
  ['two', 'brain cells'],
  ['one', 'brain cell'],
] as const);

/** Praise used as a name, which after a failure is sarcasm. */
const SARCASTIC_NAMES = new Set(['genius', 'einstein', 'sherlock', 'mastermind', 'brainbox', 'professor']);
const FAILURE = new Set([
  'wrong',
  'again',
  'another',
  'lost',
  'forgot',
  'forgotten',
  'missed',
  'failed',
  'broke',
  'broken',
  'late',
  'wrongly',
]);

/** Words on which a pattern can start, and the patterns (bits). */
const P_KIND = 1;
const P_REASON = 2;
const P_COMPARISON = 4;
const P_SARCASM = 8;
const P_WANT = 16;
const P_LIKE = 32;
const P_BARRED = 64;
const P_WHAT = 128;
const P_NOTHING_BUT = 256;
const P_INSTEAD = 512;
const P_WRONG = 1024;
const P_THEIR = 2048;
const P_WILL = 4096;
const P_TRANS = 8192;
const P_AGE = 16384;
const P_PREDICATE = 32768;
const P_ANOTHER = 65536;
const P_BECAUSE = 131072;
const P_TOO = 262144;
const P_PUNISHED = 524288;
const P_MIND_IDIOM = 1048576;
/** Punishment or confinement prescribed ("should be sectioned", "should be locked up"), keyed on its last word. */
const PUNITIVE_HEADS = new Set([
  'sectioned',
  'locked',
  'put',
  'deported',
  'sterilised',
  'institutionalised',
  'banned',
  'shot',
  'hanged',
  'gassed',
]);
const PUNITIVE = phrases([
  'sectioned',
  'locked up',
  'locked away',
  'put away',
  'put down',
  'put in a home',
  'put in an institution',
  'deported',
  'sterilised',
  'institutionalised',
  'banned',
  'shot',
  'hanged',
  'gassed',
]);
const PRESCRIBING = new Set(['should', 'needs', 'need', 'ought', 'wants', 'want', 'must']);
/** "she's mentally ill", "he's bipolar": a characteristic predicated of a person, up to two words on. */
function characterisedIn(tokens: readonly Token[], from: number, to: number, lex: GroupLexicon): { at: number; last: number } | null {
  for (let k = from; k <= to; k++) {
    if (!PREDICATE_SUBJECTS.has(tokens[k]!.w)) continue;
    for (let a = k + 1; a <= k + 3 && a <= to; a++) {
      const w = tokens[a]!.w;
      if (lex.adjectives.has(w) || (w === 'mentally' && tokens[a + 1]?.w === 'ill')) return { at: k, last: w === 'mentally' ? a + 1 : a };
      if (w !== 'a' && w !== 'bit' && w !== 'so' && w !== 'very' && w !== 'really' && w !== 'clearly' && w !== 'obviously') break;
    }
  }
  return null;
}
/** "too old to …", "too young to …": an age made a bar. */
const AGE_BARS = new Set(['old', 'young', 'ancient', 'senile']);
/** Bars that are insults in themselves: "too fat to", "too thick to". */
const BODY_BARS = new Set(['fat', 'thick', 'stupid', 'dumb', 'ugly', 'lazy', 'dim', 'gormless']);
/** What may stand between a person and "too old": "far", "way", "a bit". */
const DEGREE = new Set(['far', 'way', 'much', 'bit', 'a', 'just', 'simply', 'clearly', 'obviously', 'really', 'getting', 'now']);
/** A judgement picked up in the next clause: "…, it's ridiculous", "…, that's a joke". */
const JUDGING_OPENERS = new Set(["it's", 'its', "that's", 'thats', 'which', 'frankly', 'honestly']);

const VICES = phrases([
  'nick',
  'steal',
  'rob',
  'con',
  'rip you off',
  'rip off',
  'scam',
  'burgle',
  'mug',
  'fleece',
  'squeeze every penny',
  'take advantage',
  'sponge',
  'scrounge',
  'milk',
]);
/** What foretells a vice of a group: "them gypsies will nick…", "they'll rob you", "Poles always steal". */
const FORETELLING = new Set(['will', "they'll", 'theyll', 'always', "'ll"]);
const WRONGNESS = new Set(['wrong', 'unnatural', 'disgusting', 'sick', 'sinful', 'perverted', 'vile', 'abomination', 'sin', 'revolting']);
const ENTITLEMENT = new Set([
  'demanding',
  'moaning',
  'complaining',
  'expecting',
  'begging',
  'scrounging',
  'whinging',
  'whining',
  'sponging',
  'crying',
]);
/** Nouns for a person living off others, named a vice by "another …". */
const SPONGERS = new Set([
  'scrounger',
  'scroungers',
  'sponger',
  'freeloader',
  'leech',
  'parasite',
  'waster',
  'layabout',
  'chancer',
  'cheat',
]);
/** "cos they needed a woman": a quota given as the reason someone has a post. */
const WANTED = new Set(['needed', 'wanted']);
const POST_HELD = new Set(['the', 'a', 'an', 'got', 'been', 'made']);
/** "she's only the housing officer", "he only got the job": a person said to hold a post, before "because". */
function heldBy(tokens: readonly Token[], from: number, to: number): boolean {
  const w = tokens[from]!.w;
  if (!PREDICATE_SUBJECTS.has(w) && w !== 'he' && w !== 'she') return false;
  for (let k = from + 1; k < to && k <= from + 3; k++) if (tokens[k]!.w === 'only') return POST_HELD.has(tokens[k + 1]?.w ?? '');
  return false;
}
/** After "a woman shouldn't be …": the member of a group kept from a role. */
const BARRED_HEADS = new Set([
  'woman',
  'man',
  'girl',
  'bloke',
  'foreigner',
  'immigrant',
  'muslim',
  'pensioner',
  'disabled',
  'gay',
  'lesbian',
]);
const OPPOSITE: Record<string, ReadonlySet<string>> = {
  women: new Set(['men', 'man', 'blokes', 'lads', 'geezers', 'blokes', 'confused', 'deluded', 'mentally']),
  woman: new Set(['man', 'men', 'bloke', 'blokes', 'lad', 'geezer', 'bloke', 'fella', 'confused', 'deluded', 'mentally']),
  men: new Set(['women', 'woman', 'girls', 'confused', 'deluded', 'mentally']),
  man: new Set(['woman', 'women', 'girl', 'confused', 'deluded', 'mentally']),
  people: new Set(['confused', 'deluded', 'mentally', 'a', 'fad']),
};
/** Words between "trans women are" and the sex they are said to be: "just", "still", "a". */
const DENIAL_FILLERS = new Set(['just', 'really', 'still', 'only', 'a', 'an', 'basically', 'actually', 'always', 'nothing', 'but']);
/**
 * Idioms that mock a person's mind, said of them: "your mum's losing her marbles", "he's not all there", "she's got a
 * screw loose". Only after a person as subject (see mindIdiomSubject): "the paperwork's not all there" is about papers.
 */
const MIND_IDIOMS = phrases([
  'not all there',
  'losing her marbles',
  'losing his marbles',
  'losing their marbles',
  'lost her marbles',
  'lost his marbles',
  'lost their marbles',
  'got a screw loose',
  'a screw loose',
  'off her rocker',
  'off his rocker',
  'off their rocker',
  'away with the fairies',
  'not right in the head',
  'soft in the head',
]);
const MIND_IDIOM_STARTS = new Set(['not', 'losing', 'lost', 'got', 'a', 'off', 'away', 'soft']);
/** Relatives and others named by their relation, with "'s" for "is": "your brother's not all there". */
const RELATION_IS = new Set(
  "mum's dad's mam's nan's gran's grandad's brother's sister's son's daughter's husband's wife's partner's uncle's aunt's auntie's neighbour's fella's missus's".split(
    ' ',
  ),
);
/** What may follow the idiom and leave it the writer's verdict: "… is he", "… that one", "… bless him". */
const IDIOM_TAGS = new Set(['is', "isn't", 'isnt', 'does', "doesn't", 'that', 'mate', 'love', 'poor', 'lol', 'though', 'bless', 'if']);
/** "the other kids say he's not all there": someone else's words, a few words before the subject. */
const SAYING_BEFORE = new Set([
  'say',
  'says',
  'said',
  'saying',
  'reckon',
  'reckons',
  'think',
  'thinks',
  'claim',
  'claims',
  'call',
  'calls',
]);
function saidBefore(tokens: readonly Token[], subject: number): boolean {
  for (let k = subject - 1; k >= 0 && k >= subject - 3 && tokens[k]!.sentence === tokens[subject]!.sentence; k--)
    if (SAYING_BEFORE.has(tokens[k]!.w)) return true;
  return false;
}
const RELATIONS = new Set([...RELATION_IS].map((w) => w.slice(0, -2)).concat(['he', 'she']));
function mindIdiomSubject(tokens: readonly Token[], at: number): boolean {
  const w = tokens[at]?.w ?? '';
  if (PREDICATE_SUBJECTS.has(w) || RELATION_IS.has(w)) return true;
  // "he is not all there", "your dad is losing his marbles"
  return (w === 'is' || w === 'was') && (PREDICATE_SUBJECTS.has(tokens[at - 1]?.w ?? '') || RELATIONS.has(tokens[at - 1]?.w ?? ''));
}
/** Disability slurs said of a person as a predicate ("he's mental, there's no point…"). */
const PREDICATE_SLURS = new Set(['mental', 'psycho', 'schizo', 'retarded', 'spastic', 'loopy', 'doolally']);

function roleOf(w: string): number {
  let r = 0;
  if (w === 'kind' || w === 'sort' || w === 'type') r |= P_KIND;
  if (w === 'reason' || w === 'problem' || w === 'why') r |= P_REASON;
  if (COMPARISONS.has(w)) r |= P_COMPARISON;
  if (SARCASTIC_NAMES.has(w)) r |= P_SARCASM;
  if (w === 'wants' || w === 'want') r |= P_WANT;
  if (w === 'like') r |= P_LIKE;
  if (w === 'business' || w === "shouldn't" || w === 'shouldnt') r |= P_BARRED;
  if (w === 'what') r |= P_WHAT;
  if (w === 'nothing') r |= P_NOTHING_BUT;
  if (w === 'instead') r |= P_INSTEAD;
  if (WRONGNESS.has(w)) r |= P_WRONG;
  if (w === 'their') r |= P_THEIR;
  if (VICES.has(w)) r |= P_WILL;
  if (w === 'trans' || w === 'transgender') r |= P_TRANS;
  if (w === 'age') r |= P_AGE;
  if (PREDICATE_SLURS.has(w)) r |= P_PREDICATE;
  if (w === 'another') r |= P_ANOTHER;
  if (w === 'because' || w === 'cos' || w === 'coz') r |= P_BECAUSE;
  if (w === 'wrong') r |= P_REASON;
  if (w === 'too') r |= P_TOO;
  if (PUNITIVE_HEADS.has(w)) r |= P_PUNISHED;
  if (MIND_IDIOM_STARTS.has(w)) r |= P_MIND_IDIOM;
  return r;
}
const ROLES = new RoleMemo(roleOf);

function isBad(tokens: readonly Token[], k: number): number {
  const d = DECLINE.match(tokens, k);
  if (d) return d.last;
  const w = tokens[k]!.w;
  // Done to them, not said of them: "victims", "abused".
  if (AFINN_NEGATIVE.has(w) && !w.endsWith('ed')) return k;
  return -1;
}

/** The index of a bad predicate in tokens [from, to], or -1. */
function badIn(tokens: readonly Token[], from: number, to: number): number {
  for (let k = from; k <= to && k < tokens.length; k++) {
    const b = isBad(tokens, k);
    if (b >= 0) return b;
  }
  return -1;
}

/**
 * The first group named in tokens [from, to]: its first and last index, or null. Besides the lexicon's groups, a
 * group defined by a person: "folk like him", "tenants like them".
 */
function groupIn(tokens: readonly Token[], from: number, to: number, lex: GroupLexicon): { at: number; last: number } | null {
  for (let k = from; k <= to; k++) {
    const g = lex.groups.match(tokens, k);
    if (g && g.last <= to) return { at: k, last: g.last };
    if (k + 2 <= to && PERSON_HEADS.has(tokens[k]!.w) && tokens[k + 1]!.w === 'like' && LIKE_OBJECTS.has(tokens[k + 2]!.w))
      return { at: k, last: k + 2 };
  }
  return null;
}

/**
 * After "because" at `i`: the characteristic an outcome is put down to ("… only got the flat because she's Black"),
 * with "only" between `from` and `i`. Returns the characteristic's index, or -1.
 */
function attributedAt(tokens: readonly Token[], from: number, i: number, lex: GroupLexicon): number {
  const subj = tokens[i + 1]?.w ?? '';
  let k = i + 2;
  if (subj === 'they' && WANTED.has(tokens[k]?.w ?? '') && heldBy(tokens, from, i)) {
    // "she's only the housing officer cos they needed a woman on the team": a quota given as the reason.
    k++;
  } else if (subj === 'he' || subj === 'she' || subj === 'they') {
    if (!COPULA_ARE.has(tokens[k]?.w ?? '')) return -1;
    k++;
  } else if (!PREDICATE_SUBJECTS.has(subj)) return -1;
  if (tokens[k]?.w === 'a' || tokens[k]?.w === 'an') k++;
  const characteristic =
    tokens[k] && (lex.adjectives.has(tokens[k]!.w) || lex.groups.match(tokens, k) !== null || BARRED_HEADS.has(tokens[k]!.w));
  let only = false;
  for (let b = from; b < i; b++) if (tokens[b]!.w === 'only') only = true;
  return characteristic && only ? k : -1;
}

function negatedNear(tokens: readonly Token[], i: number, n: number): boolean {
  // "Deaf or not, she's thick as…": a negation in an earlier clause does not reach this one.
  for (let k = i - 1; k >= 0 && k >= i - n && tokens[k]!.clause === tokens[i]!.clause; k--) if (isNegation(tokens[k]!.w)) return true;
  return false;
}

function personIn(tokens: readonly Token[], from: number, to: number): boolean {
  return personAt(tokens, from, to) >= 0;
}
/** The last person word (the subject the statement is about) in tokens [from, to], or -1. */
function personAt(tokens: readonly Token[], from: number, to: number): number {
  for (let k = to; k >= from; k--) if (PERSON_SUBJECTS.has(tokens[k]!.w)) return k;
  return -1;
}

/** Hostile statements found by clause structure (see the file comment). */
/** The bounds of the sentence last read, kept per text (`sentences` is a new array for each text). */
let bounds: { sentences: unknown; sentence: number; from: number; to: number } = { sentences: null, sentence: -1, from: 0, to: 0 };

function pushFinding(out: Finding[], tokens: readonly Token[], from: number, to: number, rule: string): void {
  out.push({ type: 'OFFENSIVE', start: tokens[from]!.start, end: tokens[to]!.end, rule: `offensive.${rule}`, confidence: 0.8 });
}

/** Is `w` a word one of these patterns can start on? Read once per word into the caller's role memo. */
export function startsHostileSpeechAct(w: string): boolean {
  return roleOf(w) !== 0;
}

const AFFIRMATIONS = new Set([
  'yes',
  'yeah',
  'yep',
  'yup',
  'obviously',
  'course',
  'definitely',
  'absolutely',
  'totally',
  'clearly',
  'every',
]);
/** Does the sentence after the one ending at token `last` open by saying yes ("Yes, obviously", "Course she is")? */
function affirmedAfter(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1];
  if (!next) return false;
  return AFFIRMATIONS.has(next.w) || (next.w === 'of' && tokens[last + 2]?.w === 'course');
}
/** "the kind of tenant who ruins a street", "a special kind of stupid": the span of the statement at `i` ("kind"), or null. */
function kindOfPersonAt(tokens: readonly Token[], i: number, from: number, to: number): { from: number; last: number } | null {
  const prev = tokens[i - 1]?.w ?? '';
  if (prev === 'special' || prev === 'certain' || prev === 'rare') {
    const next = tokens[i + 2];
    if (next && (AFINN_NEGATIVE.has(next.w) || next.w === 'stupid' || next.w === 'thick' || next.w === 'useless'))
      return { from: Math.max(from, i - 3), last: i + 2 };
  }
  if (personIn(tokens, Math.max(from, i - 4), i - 1) && !negatedNear(tokens, i, 4)) {
    for (let k = i + 2; k <= Math.min(to, i + 5); k++) {
      if (RELATIVE_PRONOUNS.has(tokens[k]!.w)) {
        const bad = badIn(tokens, k + 1, Math.min(to, k + 6));
        return bad >= 0 ? { from: Math.max(from, i - 4), last: bad } : null;
      }
    }
  }
  return null;
}

/**
 * The hostile statement (see the file comment) that token `i` starts, pushed onto `out`; returns the last token
 * it took in (or `i`). Called from the structure detector's own pass, for the words `startsHostileSpeechAct` names,
 * so that these patterns cost no pass of their own.
 */
export function hostileSpeechActAt(
  tokens: readonly Token[],
  sentences: Tokens['sentences'],
  i: number,
  lex: GroupLexicon,
  out: Finding[],
  ordinary?: Set<number>,
): number {
  const role = ROLES.of(tokens[i]!);
  if (role === 0) return i;
  const t = tokens[i]!;
  if (bounds.sentences !== sentences || bounds.sentence !== t.sentence)
    bounds = { sentences, sentence: t.sentence, ...sentenceSpan(tokens, i) };
  const { from, to } = bounds;
  const question = sentences[t.sentence]?.question === true;
  const w = t.w;

  // "you're the kind of tenant who ruins a street", "you really are a special kind of stupid". Asked, it is no
  // statement ("Are you the kind of person who struggles with forms? We can help."). Asked of someone else and not
  // answered yes ("is he the sort of neighbour who wrecks a close?"), the learned backstop defers to it too; asked of
  // the reader, or answered yes ("Is she the kind of tenant who wrecks a flat? Obviously."), the backstop reads it.
  if (role & P_KIND && tokens[i + 1]?.w === 'of') {
    const kind = kindOfPersonAt(tokens, i, from, to);
    if (kind && !question) pushFinding(out, tokens, kind.from, kind.last, 'kind-of-person');
    else if (kind && !anyIn(tokens, from, i, SECOND_PERSON) && !affirmedAfter(tokens, to)) ordinary?.add(t.sentence);
    return i;
  }
  // "people like you are the reason this estate has gone downhill", "Poles are the problem round here"
  // "the lesbian couple in 6 are exactly what's wrong with this estate"
  if (
    role & P_REASON &&
    w === 'wrong' &&
    (tokens[i - 1]?.w === "what's" || tokens[i - 1]?.w === 'whats' || (tokens[i - 1]?.w === 'is' && tokens[i - 2]?.w === 'what'))
  ) {
    const what = tokens[i - 1]!.w === 'is' ? i - 2 : i - 1;
    let k = what - 1;
    while (k > from && (tokens[k]!.w === 'exactly' || tokens[k]!.w === 'just' || tokens[k]!.w === 'precisely')) k--;
    const g = COPULA_ARE.has(tokens[k]?.w ?? '') ? groupIn(tokens, from, k - 1, lex) : null;
    if (g && !question && !negatedNear(tokens, what, 3)) {
      pushFinding(out, tokens, g.at, clauseEnd(tokens, i), 'blame');
      return clauseEnd(tokens, i);
    }
  }
  // "Another Pole who can't be bothered to learn English": one more of a group, and what they all do.
  if (role & P_ANOTHER) {
    const g = lex.groups.match(tokens, i + 1) ?? (lex.adjectives.has(tokens[i + 1]?.w ?? '') ? { last: i + 1 } : null);
    const rel = g ? tokens[g.last + 1] : undefined;
    // "another benefit scrounger in a wheelchair", "another Polish freeloader": one more of a group, named a vice.
    if (!g && !question) {
      const end = clauseEnd(tokens, i);
      let bad = -1;
      for (let k = i + 1; k <= i + 3 && k <= end; k++) if (isBad(tokens, k) >= 0 || SPONGERS.has(tokens[k]!.w)) bad = k;
      let mark = bad >= 0 ? (groupIn(tokens, i + 1, end, lex) ?? disabilityIn(tokens, i + 1, end)) : null;
      if (bad >= 0 && !mark && lex.adjectives.has(tokens[i + 1]?.w ?? '')) mark = { at: i + 1, last: i + 1 };
      if (mark) {
        pushFinding(out, tokens, i, Math.max(bad, mark.last), 'group-generalisation');
        return Math.max(bad, mark.last);
      }
    }
    if (g && rel && RELATIVE_PRONOUNS.has(rel.w) && !question) {
      const end = clauseEnd(tokens, g.last + 1);
      for (let k = g.last + 2; k <= end; k++)
        if (isNegation(tokens[k]!.w) || isBad(tokens, k) >= 0) {
          pushFinding(out, tokens, i, end, 'group-generalisation');
          return end;
        }
    }
    return i;
  }
  // "I bet she only got the flat because she's Black": what a person has put down to their characteristic. Asked
  // ("is it true she only got the flat because she's disabled?"), the sentence is read as ordinary: the writer is
  // checking a claim, and the learned backstop defers to that.
  if (role & P_BECAUSE) {
    const k = attributedAt(tokens, from, i, lex);
    if (k >= 0 && question) ordinary?.add(t.sentence);
    else if (k >= 0) {
      pushFinding(out, tokens, from, Math.min(to, k), 'attribution');
      return Math.min(to, k);
    }
    if (!question) return i;
  }
  // "folk like him are why the waiting list is so long": "why" straight after the group's verb.
  const isWhy = w === 'why' && COPULA_ARE.has(tokens[i - 1]?.w ?? '');
  if (role & P_REASON && w !== 'wrong' && (isWhy || tokens[i - 1]?.w === 'the' || tokens[i - 1]?.w === 'whole')) {
    const g = groupIn(tokens, from, i - 1, lex);
    if (g && !question && !negatedNear(tokens, i, 4)) {
      // Blame, unless what follows is praise ("people like you are the reason I love this job").
      const bad = badIn(tokens, i + 1, to);
      const praised = anyIn(tokens, i + 1, to, PRAISE);
      // Praise after the frame: the sentence was read and found ordinary, and the learned backstop defers to that.
      if (praised && bad < 0 && w !== 'problem') ordinary?.add(t.sentence);
      if (w === 'problem' || bad >= 0 || (isWhy && !praised)) {
        pushFinding(out, tokens, g.at, w === 'problem' ? i : bad >= 0 ? Math.max(i, bad) : clauseEnd(tokens, i), 'blame');
        i = to;
        return i;
      }
    }
  }
  // "she's got the brains of a goldfish", "about as much use as a chocolate teapot", "thick as mince"
  if (role & P_COMPARISON) {
    let c = COMPARISONS.match(tokens, i);
    if (c && c.value !== '' && tokens[i - 1]?.w !== c.value) c = null;
    const lead = c && c.value !== '' ? i - 1 : i;
    const subject = c ? personAt(tokens, Math.max(from, lead - 8), lead - 1) : -1;
    if (c && subject >= 0 && !question && !negatedNear(tokens, lead, 3)) {
      // The span starts at the person, so that a report before it ("she told me he had …") covers it.
      const end = Math.min(to, c.last + 3);
      pushFinding(out, tokens, subject, end, 'insult-comparison');
      i = end;
      return i;
    }
  }
  // "oh well done, another form filled in wrong, genius"
  if (role & P_SARCASM) {
    const alone = tokens[i - 1]?.clause !== t.clause || tokens[i - 1]?.w === 'one' || tokens[i - 1]?.w === 'done';
    // "she's a genius with the paperwork", "an Einstein at maths": the name as praise of a skill, read as ordinary.
    if (
      (tokens[i - 1]?.w === 'a' || tokens[i - 1]?.w === 'an') &&
      (tokens[i + 1]?.w === 'with' || tokens[i + 1]?.w === 'at') &&
      tokens[i + 1]!.clause === t.clause
    )
      ordinary?.add(t.sentence);
    if (alone && (tokens[i + 1] === undefined || tokens[i + 1]!.clause !== t.clause)) {
      for (let k = from; k < i; k++)
        if (FAILURE.has(tokens[k]!.w)) {
          pushFinding(out, tokens, from, i, 'sarcasm');
          break;
        }
    }
    return i;
  }
  // "nobody wants your kind on this estate", "we don't want people like you round here"
  if (role & P_WANT) {
    // "nobody wants your kind", "nobody on this street wants…", "we don't want…": a refusal up to four words before.
    let refused = false;
    for (let k = i - 1; k >= from && k >= i - 4 && tokens[k]!.clause === t.clause; k--) {
      const x = tokens[k]!.w;
      if (x === 'nobody' || x === 'no-one' || (x === 'one' && tokens[k - 1]?.w === 'no') || isNegation(x)) refused = true;
    }
    const g = refused ? lex.groups.match(tokens, i + 1) : null;
    if (g && !question && !sparedFrom(tokens, g.last)) {
      pushFinding(out, tokens, Math.max(from, i - 2), clauseEnd(tokens, g.last), 'exclusion');
      i = g.last;
    }
    return i;
  }
  // "Muslims like her should keep their prayers to themselves", "women like her only have kids to get a house"
  if (role & P_LIKE) {
    const pron = tokens[i + 1]?.w ?? '';
    if ((pron === 'her' || pron === 'him' || pron === 'them' || pron === 'you' || pron === 'that') && i > from) {
      let g: { at: number; last: number } | null = null;
      for (let k = Math.max(from, i - 3); k < i; k++) {
        const m = lex.groups.match(tokens, k);
        if (m && m.last === i - 1) {
          g = { at: k, last: m.last };
          break;
        }
      }
      const next = tokens[i + 2]?.w ?? '';
      const after = tokens[i + 3]?.w ?? '';
      const prescribed =
        next === 'only' ||
        next === 'never' ||
        next === "shouldn't" ||
        next === 'shouldnt' ||
        next === "can't" ||
        next === 'cant' ||
        (next === 'should' &&
          (after === 'keep' || after === 'stay' || after === 'go' || after === 'learn' || after === 'know' || after === 'be'));
      // "Sikhs like him think the rules don't apply to them": a negation or a bad word in the claim made of them.
      const claimEnd = clauseEnd(tokens, i + 2);
      let claimed = prescribed;
      for (let k = i + 2; k <= claimEnd && !claimed; k++)
        claimed = isNegation(tokens[k]!.w) || isBad(tokens, k) >= 0 || tokens[k]!.w === 'always';
      // "Communists like him shouldn't be barred from the board": what should not be done to them protects them.
      const protective = after === 'be' && PRESCRIPTIVE_EXCEPTION_PHRASES.includes(`be ${tokens[i + 4]?.w ?? ''}`);
      if (g && claimed && !protective && !anyIn(tokens, i + 2, claimEnd, PRAISE) && tokens[g.at]!.w !== 'people' && !question) {
        pushFinding(out, tokens, g.at, clauseEnd(tokens, i + 2), 'targeted-generalisation');
        i = clauseEnd(tokens, i + 2);
      }
    }
    return i;
  }
  // "a woman shouldn't be running a housing team", "someone in a wheelchair has no business living upstairs"
  if (role & P_BARRED && !question) {
    if (
      w === 'business' &&
      tokens[i - 1]?.w === 'no' &&
      /ing$/.test(tokens[i + 1]?.w ?? '') &&
      // "blind people have no business being left out of the consultation": a protection, not a bar.
      !(tokens[i + 1]!.w === 'being' && PRESCRIPTIVE_EXCEPTION_PHRASES.includes(`be ${tokens[i + 2]?.w ?? ''}`))
    ) {
      const g =
        groupIn(tokens, from, i - 2, lex) ??
        disabilityIn(tokens, from, i - 2) ??
        memberIn(tokens, from, i - 2) ??
        ageIn(tokens, from, i - 2);
      if (g) {
        pushFinding(out, tokens, g.at, clauseEnd(tokens, i + 1), 'barred');
        i = clauseEnd(tokens, i + 1);
      }
    } else if (w !== 'business' && tokens[i + 1]?.w === 'be' && /ing$/.test(tokens[i + 2]?.w ?? '')) {
      const head = tokens[i - 1]?.w ?? '';
      const art = tokens[i - 2]?.w ?? '';
      if (BARRED_HEADS.has(head) && (art === 'a' || art === 'an' || art === 'no')) {
        pushFinding(out, tokens, i - 2, clauseEnd(tokens, i + 2), 'barred');
        i = clauseEnd(tokens, i + 2);
      }
    }
    return i;
  }
  // "he's a bloke, what does he know about babies", "what else would I expect from someone your age"
  if (role & P_WHAT) {
    const a = tokens[i + 1]?.w ?? '';
    const b = tokens[i + 2]?.w ?? '';
    let knows = (a === 'does' || a === 'would') && (b === 'he' || b === 'she' || b === 'they') && tokens[i + 3]?.w === 'know';
    // "what does a kid that age know about bills", "what would a bloke know", "what does someone that age know": a
    // member of a group as the subject.
    if (!knows && (a === 'does' || a === 'would' || a === 'do') && (b === 'a' || b === 'an' || b === 'some' || SOMEONE.has(b)))
      for (let k = i + 3; k <= i + 6 && k <= to && tokens[k]!.clause === t.clause; k++) if (tokens[k]!.w === 'know') knows = true;
    // "what would a deaf person know about the alarm if it only beeps?": a real question about access.
    if (knows) for (let k = i + 4; k <= to; k++) if (OPEN_CONDITIONS.has(tokens[k]!.w)) knows = false;
    let expects = false;
    for (let k = i + 1; k <= i + 4 && k <= to; k++) if (tokens[k]!.w === 'expect') expects = true;
    // "what would a kid that age enjoy at the holiday club": a member of a group asked about, not dismissed; read
    // and found ordinary, and the learned backstop defers to that.
    if (!knows && !expects && (a === 'does' || a === 'would' || a === 'do') && (b === 'a' || b === 'an' || b === 'some'))
      ordinary?.add(t.sentence);
    if (knows || expects) {
      const g = groupIn(tokens, from, to, lex) ?? ageIn(tokens, from, to) ?? memberIn(tokens, from, to, lex);
      // "what do you expect from the Corbynista motion?" asks about a thing; "What do you expect from a woman in
      // charge? Well, repair times are down 30 %, so quite a lot actually" answers itself against the stereotype.
      if (
        g &&
        !(expects && groupAfterFromOnly(tokens, i, g.at)) &&
        !(expects && (namesThing(tokens, g.last) || (question && answeredAgainst(tokens, t.sentence))))
      ) {
        pushFinding(out, tokens, Math.min(g.at, i), Math.max(clauseEnd(tokens, i + 3), g.last), 'dismissal');
        i = to;
      }
    }
    return i;
  }
  // "the young ones in the tower block are nothing but trouble"
  if (role & P_NOTHING_BUT && tokens[i + 1]?.w === 'but' && tokens[i + 2]) {
    // "nothing but trouble", not "they've been nothing but kind to us".
    const noun = tokens[i + 2]!.w === 'a' ? i + 3 : i + 2;
    const g =
      tokens[noun] && tokens[noun].sentence === t.sentence && (TROUBLE.has(tokens[noun].w) || !PRAISE.has(tokens[noun].w))
        ? groupIn(tokens, from, i - 1, lex)
        : null;
    if (g && !question) {
      pushFinding(out, tokens, g.at, Math.min(to, i + 3), 'group-generalisation');
      i = Math.min(to, i + 3);
    }
    return i;
  }
  // "deaf people should learn to lip read instead of demanding interpreters"
  if (role & P_INSTEAD && tokens[i + 1]?.w === 'of' && ENTITLEMENT.has(tokens[i + 2]?.w ?? '')) {
    const g = groupIn(tokens, from, i - 1, lex);
    if (g && !question) {
      pushFinding(out, tokens, g.at, clauseEnd(tokens, i + 2), 'group-generalisation');
      i = clauseEnd(tokens, i + 2);
    }
    return i;
  }
  // "gay couples adopting is just wrong"
  if (role & P_WRONG) {
    let k = i - 1;
    while (
      k > from &&
      (tokens[k]!.w === 'just' || tokens[k]!.w === 'plain' || tokens[k]!.w === 'so' || tokens[k]!.w === 'an' || tokens[k]!.w === 'a')
    )
      k--;
    const cop = tokens[k]?.w ?? '';
    // A gerund with its object before the copula ("two men adopting a baby is …"), the group before the gerund.
    let gerund = -1;
    for (let b = k - 1; b >= Math.max(from, k - 4); b--) if (/ing$/.test(tokens[b]!.w) && tokens[b]!.w.length > 4) gerund = b;
    if ((cop === 'is' || cop === 'are') && gerund > from && !question && !negatedNear(tokens, i, 3)) {
      const g = groupIn(tokens, Math.max(from, gerund - 4), gerund - 1, lex);
      if (g && g.last === gerund - 1) pushFinding(out, tokens, g.at, i, 'group-generalisation');
    }
    return i;
  }
  // "Hindus and their smelly cooking"
  if (role & P_THEIR && tokens[i - 1]?.w === 'and' && i >= 2) {
    let g: { at: number; last: number } | null = null;
    for (let k = Math.max(from, i - 4); k < i - 1; k++) {
      const m = lex.groups.match(tokens, k);
      if (m && m.last === i - 2) g = { at: k, last: m.last };
    }
    const bad = g ? badIn(tokens, i + 1, Math.min(to, i + 2)) : -1;
    const smelly = g && (tokens[i + 1]?.w === 'smelly' || tokens[i + 1]?.w === 'stinking' || tokens[i + 1]?.w === 'filthy');
    if (g && (bad >= 0 || smelly) && !question) pushFinding(out, tokens, g.at, smelly ? i + 2 : bad, 'group-generalisation');
    return i;
  }
  // "them gypsies will nick the lead off the roof", "Jewish landlords will squeeze every penny out of you"
  if (role & P_WILL && FORETELLING.has(tokens[i - 1]?.w ?? '') && i > from) {
    const v = VICES.match(tokens, i);
    if (v && !question && !negatedNear(tokens, i, 2)) {
      const will = i - 1;
      const g = tokens[will]!.w === "they'll" ? groupIn(tokens, from, will - 1, lex) : groupBefore(tokens, will, lex);
      if (g) {
        pushFinding(out, tokens, g.at, clauseEnd(tokens, v.last), 'group-generalisation');
        i = clauseEnd(tokens, v.last);
      }
    }
    return i;
  }
  // "trans women are men in dresses"
  if (role & P_TRANS) {
    const noun = tokens[i + 1]?.w ?? '';
    const opposite = OPPOSITE[noun];
    // "the trans woman on the second floor is a bloke in a dress": a place or a name may come before the verb.
    let k = i + 2;
    while (k <= i + 7 && tokens[k] && tokens[k]!.clause === t.clause && tokens[k]!.w !== 'are' && tokens[k]!.w !== 'is') k++;
    if (tokens[k]?.clause === t.clause && (tokens[k]?.w === 'are' || tokens[k]?.w === 'is')) k++;
    else return i;
    while (tokens[k] && DENIAL_FILLERS.has(tokens[k]!.w)) k++;
    if (opposite && tokens[k] && opposite.has(tokens[k]!.w) && !question && !negatedNear(tokens, k, 3)) {
      pushFinding(out, tokens, i, clauseEnd(tokens, k), 'identity-denied');
      i = clauseEnd(tokens, k);
    }
    return i;
  }
  // "at her age she should be in a home", "at your age you shouldn't be living alone"
  if (role & P_AGE && AGE_OWNERS.has(tokens[i - 1]?.w ?? '') && tokens[i - 2]?.w === 'at' && !question) {
    for (let k = i + 1; k <= to; k++) {
      const x = tokens[k]!.w;
      const home = x === 'home' && tokens[k - 1]?.w === 'a' && tokens[k - 2]?.w === 'in';
      if (home || x === "shouldn't" || x === 'shouldnt' || (x === 'business' && tokens[k - 1]?.w === 'no') || x === 'past') {
        pushFinding(out, tokens, i - 2, clauseEnd(tokens, k), 'age-prescription');
        i = clauseEnd(tokens, k);
        break;
      }
    }
    return i;
  }
  // "she's far too old to be looking after a toddler, it's ridiculous": an age made a bar, and judged.
  if (
    role & P_TOO &&
    (AGE_BARS.has(tokens[i + 1]?.w ?? '') || BODY_BARS.has(tokens[i + 1]?.w ?? '')) &&
    tokens[i + 2]?.w === 'to' &&
    !question
  ) {
    let k = i - 1;
    while (k > from && DEGREE.has(tokens[k]!.w)) k--;
    const subject = tokens[k] && (PREDICATE_SUBJECTS.has(tokens[k]!.w) || tokens[k]!.w === 'is' || tokens[k]!.w === 'are') ? k : -1;
    if (subject >= 0 && !negatedNear(tokens, i, 3)) {
      const end = clauseEnd(tokens, i);
      // "she's too fat to be a carer", "you're too thick to…": the bar is itself the insult.
      let bad = BODY_BARS.has(tokens[i + 1]!.w) ? i + 1 : badIn(tokens, i + 3, end);
      const next = end + 1 <= to ? tokens[end + 1] : undefined;
      if (bad < 0 && next && JUDGING_OPENERS.has(next.w)) bad = badIn(tokens, end + 1, clauseEnd(tokens, end + 1));
      if (bad >= 0) {
        pushFinding(out, tokens, subject, bad, 'age-prescription');
        return bad;
      }
    }
    return i;
  }
  // "she's mentally ill and should be locked up", "he's bipolar, he should be sectioned": a person's characteristic,
  // then confinement or punishment prescribed.
  if (role & P_PUNISHED && !question) {
    let k = i - 1;
    if (tokens[k]?.w === 'be' || tokens[k]?.w === 'get') k--;
    // "needs to be put in a home", "ought to be locked up"
    if (tokens[k]?.w === 'to') k--;
    const prescribed = PRESCRIBING.has(tokens[k]?.w ?? '');
    const p = PUNITIVE.match(tokens, i);
    if (prescribed && p && !negatedNear(tokens, k, 2)) {
      const c = characterisedIn(tokens, from, k - 1, lex);
      if (c) {
        pushFinding(out, tokens, c.at, p.last, 'group-generalisation');
        return p.last;
      }
      // "he should be locked up for what he did to the door": punishment for a deed, not for what someone is; the
      // sentence was read and found ordinary, and the learned backstop defers to that.
      if (tokens[p.last + 1]?.w === 'for') ordinary?.add(t.sentence);
    }
    return i;
  }
  // "your mum's losing her marbles, no point asking what she wants", "your brother's not all there"
  if (role & P_MIND_IDIOM && !question && mindIdiomSubject(tokens, i - 1)) {
    const idiom = MIND_IDIOMS.match(tokens, i);
    // Ending its clause, or with a tag after it ("… is he", "… that one"): not "she's not all there yet, the bus is
    // late", "not all there on the system", "a screw loose on his wheelchair footplate"; and not what others say.
    const next = idiom ? tokens[idiom.last + 1] : undefined;
    const ends = next === undefined || next.clause !== tokens[idiom!.last]!.clause || IDIOM_TAGS.has(next.w);
    if (idiom && ends && !saidBefore(tokens, i - 1)) {
      pushFinding(out, tokens, i - 1, idiom.last, 'insult');
      return idiom.last;
    }
  }
  // "he's mental, there's no point talking to him"
  if (role & P_PREDICATE && PREDICATE_SUBJECTS.has(tokens[i - 1]?.w ?? '') && !question) {
    const next = tokens[i + 1];
    if (!next || next.clause !== t.clause) pushFinding(out, tokens, i - 1, i, 'insult');
  }
  return i;
}

const COPULA_ARE = new Set(['are', 'is', "they're", "'re", 'were', 'was']);
/** Praise: what turns a blame frame round ("…are why I love this job", "nothing but kind"). */
const PRAISE = new Set([
  'love',
  'loved',
  'great',
  'proud',
  'special',
  'thankful',
  'grateful',
  'worthwhile',
  'better',
  'best',
  'happy',
  'enjoy',
  'good',
  'kind',
  'lovely',
  'helpful',
  'friendly',
  'nice',
  'polite',
  'supportive',
  'welcoming',
  'brilliant',
  'wonderful',
  'amazing',
  'fantastic',
  'generous',
  'welcome',
  'thank',
  'thanks',
]);
const TROUBLE = new Set(['trouble', 'hassle', 'grief', 'problems', 'nuisance', 'drain', 'burden', 'bother', 'scum', 'parasites', 'thugs']);
const DISABILITY_MARKS = new Set(['wheelchair', 'wheelchairs', 'crutches', 'autistic', 'blind', 'deaf', 'disabled']);
function disabilityIn(tokens: readonly Token[], from: number, to: number): { at: number; last: number } | null {
  for (let k = from; k <= to; k++) if (DISABILITY_MARKS.has(tokens[k]!.w)) return { at: k, last: k };
  return null;
}
/** "a man", "she's a woman": one member of a group named by an article and a head noun. */
function memberIn(tokens: readonly Token[], from: number, to: number, lex?: GroupLexicon): { at: number; last: number } | null {
  for (let k = from + 1; k <= to; k++) {
    const art = tokens[k - 1]!.w;
    if ((art === 'a' || art === 'an') && BARRED_HEADS.has(tokens[k]!.w)) return { at: k - 1, last: k };
    // "he's Irish", "she's Muslim": a characteristic said of a person.
    if (lex && PREDICATE_SUBJECTS.has(art) && lex.adjectives.has(tokens[k]!.w)) return { at: k - 1, last: k };
  }
  return null;
}
/** "someone your age", "at his age": a person's age as the reason given. */
function ageIn(tokens: readonly Token[], from: number, to: number): { at: number; last: number } | null {
  for (let k = from + 1; k <= to; k++) {
    if (tokens[k]!.w === 'age' && (AGE_OWNERS.has(tokens[k - 1]!.w) || tokens[k - 1]!.w === 'that')) return { at: k - 1, last: k };
    // "a 78 year old", "an 80-year-old": a person named by their age alone.
    if (tokens[k]!.w === 'old' && tokens[k - 1]!.w === 'year' && k >= 2 && /^\d{2,3}$/.test(tokens[k - 2]!.w))
      return { at: k - 2, last: k };
  }
  return null;
}
/** "what did you expect from the new bin service" names no group; one named only in a different clause before "what" does not count. */
function groupAfterFromOnly(tokens: readonly Token[], what: number, groupAt: number): boolean {
  return groupAt < what && tokens[groupAt]!.clause === tokens[what]!.clause;
}
/** A group ending just before token `i` ("them gypsies will…"), within three words. */
function groupBefore(tokens: readonly Token[], i: number, lex: GroupLexicon): { at: number; last: number } | null {
  for (let k = Math.max(0, i - 4); k < i; k++) {
    if (tokens[k]!.sentence !== tokens[i]!.sentence) continue;
    const m = lex.groups.match(tokens, k);
    if (m && m.last === i - 1) return { at: k, last: m.last };
  }
  return null;
}
function clauseEnd(tokens: readonly Token[], at: number): number {
  let k = Math.min(at, tokens.length - 1);
  while (k + 1 < tokens.length && tokens[k + 1]!.clause === tokens[k]!.clause) k++;
  return k;
}

/** "someone that age": the one whose view "what does … know" dismisses, by the age named after. */
const SOMEONE = new Set(['someone', 'somebody', 'anyone', 'anybody']);
/** Words that answer a rhetorical question against its stereotype: "quite a lot actually", "same as any other". */
const ANSWERED_AGAINST = new Set(['actually', 'same', 'plenty', 'lot', 'loads', 'proud', 'brilliant', 'better', 'more']);

/**
 * Does the sentence after a question answer it against the stereotype the question invites? It must carry a word of
 * that answer or an AFINN-165 positive word, and no AFINN-165 negative one ("…? Chaos." and "…? Nothing, as usual."
 * stay dismissals).
 */
export function answeredAgainst(tokens: readonly Token[], sentence: number): boolean {
  let k = 0;
  while (k < tokens.length && tokens[k]!.sentence <= sentence) k++;
  if (tokens[k]?.sentence === sentence + 1 && deniedFromExperience(tokens, k)) return true;
  let against = false;
  for (; k < tokens.length && tokens[k]!.sentence === sentence + 1; k++) {
    const w = tokens[k]!.w;
    if (AFINN_NEGATIVE.has(w) || isNegation(w)) return false;
    if (ANSWERED_AGAINST.has(w) || AFINN_POSITIVE.has(w)) against = true;
  }
  return against;
}

/**
 * An answer that opens by denying the question from the writer's own knowledge: "Not the ones I work with", "Not in
 * my experience", "Not round here", "Not from what I've seen". ("Not really, they're a nightmare" is no such answer.)
 */
const DENIED_FROM_EXPERIENCE = phrases([
  'not the ones',
  'not in my experience',
  'not round here',
  'not around here',
  'not from what',
  'not the ones i',
  'not any that',
  'not any i',
  'not the families i',
  'not the people i',
  'not the tenants i',
]);
/**
 * Is sentence `sentence` answered, in the next, by a denial from the writer's own knowledge? Not a question that asks
 * whether they ever do right ("Do immigrants ever pay any tax? Not the ones I deal with" agrees with it).
 */
export function deniedInAnswer(tokens: readonly Token[], sentence: number): boolean {
  let k = 0;
  while (k < tokens.length && tokens[k]!.sentence < sentence) k++;
  for (; k < tokens.length && tokens[k]!.sentence === sentence; k++) if (tokens[k]!.w === 'ever' || tokens[k]!.w === 'any') return false;
  return tokens[k]?.sentence === sentence + 1 && deniedFromExperience(tokens, k);
}
/**
 * The denial opens the answer, and what follows it to the message's end says nothing against the group: no AFINN-165
 * negative word, no "they're", no others singled out ("Not round here, they're worse", "Not the ones I know, the ones I
 * know are bone idle", "Not the ones I work with. The rest are, mind", "… only the ones at the mosque").
 */
function deniedFromExperience(tokens: readonly Token[], k: number): boolean {
  const hit = DENIED_FROM_EXPERIENCE.match(tokens, k);
  if (!hit) return false;
  for (let j = hit.last + 1; j < tokens.length; j++) if (AFINN_NEGATIVE.has(tokens[j]!.w) || NOT_A_DENIAL.has(tokens[j]!.w)) return false;
  return true;
}
const NOT_A_DENIAL = new Set([
  "they're",
  'theyre',
  'they',
  'are',
  'ours',
  'rest',
  'only',
  'worse',
  'even',
  'mind',
  'though',
  'but',
  'ones',
]);

/** A condition after "what would … know" makes it a question about access, not a dismissal. */
const OPEN_CONDITIONS = new Set(['if', 'unless', 'without', 'until']);

/** What a group is wanted spared, not kept out of: "I don't want the gay couple to wait any longer", "… to have to pay". */
// Not "feel" or "think": "I don't want gay couples to feel welcome here", "… to think they can use the ladies".
const SPARED = new Set(['wait', 'worry', 'struggle', 'miss', 'lose', 'suffer', 'pay', 'panic']);
function sparedFrom(tokens: readonly Token[], last: number): boolean {
  // One word may name the people after the group word ("the gay couple").
  const to = tokens[last + 1]?.w === 'to' ? last + 1 : tokens[last + 2]?.w === 'to' ? last + 2 : -1;
  if (to < 0) return false;
  const verb = tokens[to + 1]?.w ?? '';
  return SPARED.has(verb) || (verb === 'have' && tokens[to + 2]?.w === 'to');
}
