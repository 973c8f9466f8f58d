/**
 * Words for persons, shared by the offensive and binding detectors: pronouns by
 * person with their contractions and text spellings ("she's", "shes", "ur"),
 * person nouns, and the helpers that build word sets and phrase lexicons.
 *
 * The sets each detector reads are composed here from the same pieces, so a
 * spelling added to a piece reaches every detector that reads it.
 */

import { PhraseLexicon, type Token } from './clauses.js';

/** A word set made of the given lists. */
export function words(...lists: ReadonlyArray<readonly string[]>): Set<string> {
  const out = new Set<string>();
  for (const list of lists) for (const w of list) out.add(w);
  return out;
}

/** A phrase lexicon in which each phrase maps to `true`. */
export function phrases(list: Iterable<string>): PhraseLexicon<true> {
  const lex = new PhraseLexicon<true>();
  for (const p of list) lex.add(p, true);
  return lex;
}

/** A phrase lexicon from [value, phrase] pairs (the first value given for a phrase stands). */
export function valuedPhrases<V>(pairs: Iterable<readonly [V, string]>): PhraseLexicon<V> {
  const lex = new PhraseLexicon<V>();
  for (const [value, p] of pairs) lex.add(p, value);
  return lex;
}

// Verbs that hand over someone else's words, piece by piece.
/** Saying, by anyone: "the warden said …", "she reckons …", "he insisted …". */
export const SAID = ['said', 'says', 'told', 'tells', 'claims', 'claimed', 'reckons', 'reckoned', 'insists', 'insisted'] as const;
/** Saying with a tone or in a place of its own: "he moaned that …", "she posted …". */
export const VOICED = ['posted', 'muttered', 'moaned', 'ranted', 'complained'] as const;

/**
 * Parties outside the council whose own decisions a message may tell back ("the landlord will return it", "DWP said
 * …", "Turn2us have awarded you £300", "the National Lottery Community Fund has approved your bid"). The binding detectors add their own: courts' people where a decision is read, services that speak for
 * themselves where words are relayed.
 */
export const OUTSIDE_PARTIES = [
  'agent',
  'agents',
  'association',
  'bank',
  'company',
  'court',
  'dwp',
  'employer',
  'hmrc',
  'insurer',
  'insurers',
  'jobcentre',
  'landlord',
  'landlords',
  'ombudsman',
  'solicitor',
  'solicitors',
  'supplier',
  'tribunal',
  'charity',
  'charities',
  'lottery',
  'foundation',
  'turn2us',
  'buttle',
] as const;

// Pronouns, piece by piece.
/** The person addressed, as subject or object: "you", and "u" in texts. */
export const YOU = ['you', 'u'] as const;
/** "you're" as written in texts, and in Scots ("ye're"); "ur" stands for both "you're" and "your". */
export const YOU_ARE = ["you're", 'youre', "ye're"] as const;
export const UR = ['ur'] as const;
/** Dialect and text spellings of "you": "ya", "ye", "yer". */
export const YOU_DIALECT = ['ya', 'ye', 'yer'] as const;
export const HE = ['he'] as const;
export const HE_IS = ["he's", 'hes'] as const;
export const SHE = ['she'] as const;
export const SHE_IS = ["she's", 'shes'] as const;
export const THEY = ['they'] as const;
export const THEY_ARE = ["they're", 'theyre'] as const;
export const THEY_HAVE = ["they've", 'theyve'] as const;
export const OBJECT_PRONOUNS = ['him', 'her', 'them'] as const;

/** The writer's side: I, we, the council (and their contractions). */
export const FIRST_PERSON = words(
  ['i', "i'll", 'ill', "i'm", 'im', "i've", 'ive'],
  ['we', "we'll", "we're", "we've"],
  ['council', "council's"],
);

/** The writer as the subject of a verb, without the council: "I'm calling him …", "we take the view that …". */
export const WRITER_AS_SUBJECT = words(['i', "i've", 'ive', "i'm", 'im', "i'll"], ['we', "we've", 'weve', "we're"]);

/** The writer alone, as the subject of what is said of them: "I was an idiot". */
export const SELF = words(['i', 'me', 'myself']);

/** The person addressed, as a binding detector reads it: "you", "you're", "you've", "your". */
export const SECOND_PERSON_BINDING = words(YOU, YOU_ARE, ["you've", 'your'], UR);

/** The person addressed, as the insult detector reads it: "you", "you're", "ur", "ya", "ye", "yer". */
export const SECOND_PERSON = words(YOU, YOU_DIALECT, YOU_ARE, UR);

/** Any person a statement can be about, as subject, object or owner. */
export const PERSON_SUBJECTS = words(
  YOU,
  YOU_ARE,
  UR,
  HE,
  HE_IS,
  SHE,
  SHE_IS,
  THEY,
  ["they're"],
  OBJECT_PRONOUNS,
  ['your', 'his'],
  ["you've", 'youve', "they've"],
  ["you'd", "he'd", "she'd"],
);

/** A person with "is/are" folded in: "he's", "she's", "you're", "they're", "ur". */
export const PREDICATE_SUBJECTS = words(HE_IS, SHE_IS, YOU_ARE, THEY_ARE, UR);

/** "they", "they're", "they've", "they'll", "them": a group picked up again. */
export const THEY_ANAPHORA = words(THEY, THEY_ARE, THEY_HAVE, ['them', "they'll", 'theyll', "they'd", 'theyd']);

/** Owners of an age or a trait: "your age", "at her age". */
export const OWNERS = words(['your', 'her', 'his', 'their']);

/** Heads of "X like him": "people like you", "tenants like them". */
/**
 * Nouns a group word can describe without being about people: "typical British summer", "a typical Yank question",
 * "Christian Aid week", "what do you expect from the Corbynista motion". After one of these the group word is an
 * adjective of the thing, and a stereotype of the thing is not one of the group.
 */
export const THING_HEADS = words([
  'question',
  'questions',
  'summer',
  'winter',
  'weather',
  'week',
  'weekend',
  'day',
  'aid',
  'festival',
  'fair',
  'market',
  'food',
  'dish',
  'meal',
  'breakfast',
  'dinner',
  'christmas',
  'holiday',
  'motion',
  'manifesto',
  'policy',
  'budget',
  'cooking',
  'music',
  'wedding',
  'bank',
]);

export const PERSON_HEADS = words(['people', 'folk', 'folks', 'lads', 'blokes', 'families', 'tenants', 'kids', 'types', 'parents']);
/** Objects of "X like …" that point at a person: "like him", "like that". */
export const LIKE_OBJECTS = words(OBJECT_PRONOUNS, ['you', 'that', 'u']);

/** Single persons who can be insulted in the third person: relations, roles, everyday nouns. */
export const THIRD_PERSON_NOUNS = [
  'mum',
  'dad',
  'son',
  'daughter',
  'officer',
  'caseworker',
  'worker',
  'manager',
  'landlord',
  'neighbour',
  'inspector',
  'husband',
  'wife',
  'partner',
  'boyfriend',
  'girlfriend',
  'brother',
  'sister',
  'man',
  'woman',
  'lad',
  'bloke',
  'guy',
  'girl',
  'boy',
  'councillor',
  'surveyor',
  'contractor',
  'kid',
  'child',
  'fella',
  'colleague',
  'receptionist',
  'interpreter',
  'translator',
  'engineer',
  'plumber',
  'nurse',
  'carer',
  'teacher',
  'boss',
] as const;

/** Third persons that can be insulted: pronouns and people nouns ("his mum is a fat useless cow"). */
export const THIRD_PERSON = words(
  HE,
  HE_IS,
  SHE,
  SHE_IS,
  THEY,
  ["they're"],
  THIRD_PERSON_NOUNS,
  // "your wife's a bit simple": the noun with "is" run on.
  THIRD_PERSON_NOUNS.map((n) => `${n}'s`),
);

/** Nouns for people, which after an adjective naming a characteristic make a group ("Roma families", "SNP lot"). */
export const PERSON_NOUNS = [
  'ones',
  'supporters',
  'staff',
  'drivers',
  'couples',
  'neighbours',
  'people',
  'ppl',
  'folk',
  'folks',
  'families',
  'family',
  'kids',
  'children',
  'lads',
  'boys',
  'girls',
  'women',
  'woman',
  'men',
  'man',
  'neighbours',
  'neighbour',
  'tenants',
  'tenant',
  'residents',
  'voters',
  'voter',
  'councillors',
  'councillor',
  'staff',
  'workers',
  'worker',
  'builders',
  'builder',
  'lot',
  'types',
  'type',
  'couples',
  'mums',
  'mum',
  'dads',
  'drivers',
  'officers',
  'officer',
  'caseworker',
  'caseworkers',
  'guys',
  'youths',
  'students',
  'parents',
  'landlords',
  'landlord',
  'cleaners',
  'leftie',
  'lefty',
  'bloke',
  'blokes',
  'lady',
  'ladies',
  'girl',
  'boy',
  'lad',
  'person',
  'teenager',
  'teenagers',
  'scum',
  'trash',
  'fella',
  'fellas',
  'interpreter',
  'translator',
  'nurses',
  'doctors',
  'teachers',
  'carers',
  'social worker',
  'social workers',
] as const;

/**
 * Is the group word at `last` describing a thing or the writer, not people: "typical Yank question", "Typical
 * Christian Aid week", "typical boomer me"?
 */
export function namesThing(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1];
  if (!next || next.clause !== tokens[last]!.clause) return false;
  return THING_HEADS.has(next.w) || SELF.has(next.w);
}
