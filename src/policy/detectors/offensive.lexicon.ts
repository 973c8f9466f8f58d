/**
 * Built-in council lexicon. The policy pack adds to these lists; the built-ins
 * cover the protected characteristics named in guidance section 5 (age, gender,
 * race, disability, sexual orientation, religion, political belief, nationality).
 */

/** Slurs and abusive terms not (or not reliably) in obscenity's English list. Whole words, optional plural. */
export const BUILTIN_SLURS = [
  // disability
  'spastic', 'spaz', 'spazz', 'spacker', 'retard', 'retarded', 'mong', 'mongoloid', 'cripple', 'window licker', 'schizo',
  'nutter', 'loony', 'psycho', 'headcase', 'mental case', 'vegetable',
  // race, nationality, religion
  'paki', 'wog', 'gollywog', 'golliwog', 'coon', 'darkie', 'darky', 'sambo', 'nig nog', 'jungle bunny', 'raghead',
  'towelhead', 'yid', 'gook', 'wetback', 'pikey', 'gyppo', 'gypo', 'gippo', 'kaffir', 'slant eye', 'half caste',
  'polack', 'bogtrotter', 'taff', 'jock', 'sand nigger', 'camel jockey', 'muzzie', 'mozzie', 'bongo bongo',
  'infidel', 'kuffar', 'christ killer', 'papist', 'fenian', 'taig',
  // sexual orientation, gender identity
  'poof', 'poofter', 'puff', 'batty boy', 'batty man', 'bender', 'shirtlifter', 'faggot', 'fairy', 'lezza', 'lesbo',
  'shemale', 'ladyboy', 'trannie',
  // gender
  'slag', 'slapper', 'skank', 'harpy', 'bimbo', 'hysterical woman',
  // age
  'coffin dodger', 'old git', 'old bag', 'old codger', 'wrinkly', 'crumbly', 'senile old',
  // political belief
  'libtard', 'remoaner', 'gammon', 'commie scum', 'tory scum', 'lefty scum', 'snowflake',
] as const;

/**
 * Slurs that are also ordinary words or names (jock, taff, fairy, puff, bender,
 * vegetable, mental case, infidel, gammon, snowflake): only offensive aimed at a
 * person ("you're a …", "he's a …", "that …").
 */
export const AMBIGUOUS_SLURS = new Set([
  'jock', 'taff', 'fairy', 'puff', 'bender', 'vegetable', 'infidel', 'gammon', 'snowflake', 'psycho', 'nutter',
  'loony', 'mozzie', 'mong', 'coon', 'harpy', 'crumbly', 'wrinkly', 'headcase', 'slag',
]);

/** Group nouns (singular and plural) for hostile generalisations. */
export const BUILTIN_GROUP_TERMS = [
  'women', 'woman', 'girls', 'girl', 'men', 'man', 'blokes', 'females', 'female', 'males', 'ladies', 'mums', 'single mums',
  'single mothers', 'mothers', 'fathers', 'dads',
  'immigrants', 'immigrant', 'foreigners', 'foreigner', 'migrants', 'migrant', 'asylum seekers', 'asylum seeker',
  'refugees', 'refugee', 'illegals', 'blacks', 'black people', 'whites', 'white people', 'asians', 'asian', 'africans',
  'african', 'arabs', 'arab', 'indians', 'pakistanis', 'pakistani', 'bangladeshis', 'chinese', 'poles', 'polish',
  'romanians', 'romanian', 'eastern europeans', 'irish', 'scots', 'gypsies', 'gypsy', 'travellers', 'traveller', 'roma',
  'muslims', 'muslim', 'jews', 'jew', 'christians', 'catholics', 'hindus', 'sikhs', 'atheists',
  'gays', 'gay people', 'lesbians', 'trans people', 'gay', 'homosexuals', 'bisexuals',
  'disabled people', 'the disabled', 'disabled', 'cripples', 'autistics', 'the elderly', 'old people', 'pensioners',
  'oldies', 'old folk', 'young people', 'youngsters', 'teenagers', 'kids these days',
  'tories', 'lefties', 'socialists', 'communists', 'labour voters', 'tory voters', 'remainers', 'brexiteers', 'leavers',
  'claimants', 'benefit claimants', 'council tenants',
] as const;

/**
 * Built-in profanity-list words the default pack does not treat as offensive:
 * clinical and safeguarding words that caseworkers and citizens use to report
 * harm ("she was raped", "sexual health").
 */
export const DEFAULT_IGNORED_BUILTINS = ['sex', 'rape', 'incest', 'anal', 'anus', 'penis', 'vagina', 'semen', 'orgasm', 'ejaculate', 'bestiality', 'masturbate', 'porn', 'scat', 'hentai', 'hooker'];
