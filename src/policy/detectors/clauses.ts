/**
 * Words, sentences and clauses for the semantic detectors (offensive comments,
 * binding promises), which judge a kind of statement rather than a phrase.
 *
 * Written here rather than taken from an NLP library: `compromise` took
 * 22.5 ms and `wink-nlp` (with `wink-eng-lite-web-model`) 0.75 ms to tag one
 * 1 KB message on this machine, against 0.1 ms for the whole of Liaise's scan,
 * and the p99 budget for a scan is 1 ms. The detectors need only lower-cased
 * word tokens with offsets, sentence and clause boundaries, and a few closed
 * word classes (negation, modality, reporting verbs), which these give in one
 * linear pass.
 */

import { lowerSameLength } from './context.js';

export interface Token {
  /** Lower case, curly apostrophes made straight. */
  w: string;
  start: number;
  end: number;
  /** Index of the sentence (split at . ! ? ; and line breaks) the token is in. */
  sentence: number;
  /** Index of the clause (a sentence split at commas, colons, dashes and "but"/"so"/"because"). */
  clause: number;
  /**
   * The word's number in this process's vocabulary: detectors keep per-word facts in arrays by it
   * (`RoleMemo`). -1 for a number ("0113", "£20" is a word; "20.50" is a number), which is kept out.
   */
  id: number;
}

export interface Tokens {
  text: string;
  tokens: Token[];
  /** Character span of each sentence, by sentence index. */
  sentences: Array<{ start: number; end: number; question: boolean }>;
}

const CLAUSE_CONJUNCTIONS = new Set(['but', 'so', 'because', 'cos', 'although', 'though', 'whereas', 'however']);
/**
 * Words after which "so" is a degree word, not a conjunction: "they're always so rude", "she's just so lazy".
 * After any other word it opens a clause ("he rang, so I called back").
 */
const BEFORE_DEGREE_SO = new Set([
  'is',
  'are',
  'was',
  'were',
  'be',
  'been',
  'being',
  "i'm",
  'im',
  "you're",
  'youre',
  'ur',
  "he's",
  'hes',
  "she's",
  'shes',
  "they're",
  'theyre',
  "it's",
  'its',
  "we're",
  'always',
  'just',
  'really',
  'never',
  'not',
  'ever',
  'all',
  'still',
  'get',
  'gets',
  'getting',
  'look',
  'looks',
  'seem',
  'seems',
  'sound',
  'sounds',
  'feel',
  'feels',
]);

/** 1 for a character that is part of a word (a–z, 0–9, £, Latin letters with accents), by char code. */
const WORD_CHAR = new Uint8Array(0x250);
for (let c = 0; c < 0x250; c++) WORD_CHAR[c] = (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 163 || c >= 0xc0 ? 1 : 0;
function isWordChar(c: number): boolean {
  return c < 0x250 && WORD_CHAR[c] === 1;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Tokenise once per text; the last result is kept because both detectors ask for the same text in turn.
 * A word is letters, digits and £, with inner apostrophes ("don't", "we’ll") and inner decimal points or
 * commas in numbers (£1,500.50). One pass of charCodeAt: a regex here cost twice as much.
 */
export function tokensOf(text: string): Tokens {
  if (text === lastText && lastTokens) return lastTokens;
  const lower = lowerSameLength(text);
  // The token objects are reused from call to call (a 1 KB message has ~200): tokens are valid until the
  // next call with another text, which is how every detector uses them (one message at a time).
  const tokens = tokenList;
  let count = 0;
  const sentences: Tokens['sentences'] = [];
  const n = lower.length;
  let sentence = 0;
  let clause = 0;
  let sentenceStart = 0;
  let inSentence = false;
  let clauseBreak = false;
  let i = 0;
  while (i < n) {
    const c = lower.charCodeAt(i);
    if (isWordChar(c)) {
      let j = i + 1;
      // FNV-1a over the characters, so a word seen before is found without cutting a new string.
      let hash = Math.imul(2166136261 ^ c, 16777619);
      let numeric = c >= 48 && c <= 57;
      while (j < n) {
        const d = lower.charCodeAt(j);
        if (
          isWordChar(d) ||
          ((d === 39 || d === 0x2019) && j + 1 < n && isWordChar(lower.charCodeAt(j + 1))) ||
          ((d === 46 || d === 44) && isDigit(lower.charCodeAt(j - 1)) && j + 1 < n && isDigit(lower.charCodeAt(j + 1)))
        ) {
          // A curly apostrophe hashes as a straight one: "we’ll" is "we'll".
          hash = Math.imul(hash ^ (d === 0x2019 ? 39 : d), 16777619);
          if (numeric && !((d >= 48 && d <= 57) || d === 46 || d === 44)) numeric = false;
          j++;
        } else break;
      }
      if (clauseBreak && inSentence) clause++;
      clauseBreak = false;
      // Numbers (phone numbers, references, amounts) are unbounded and no lexicon holds them: they stay out of
      // the vocabulary (id -1), so a stream of them neither fills it nor costs a lexicon lookup each.
      const id = numeric ? -1 : wordId(lower, i, j, hash);
      const w = id < 0 ? lower.slice(i, j) : vocabularyWords[id]!;
      if (inSentence && id >= 0 && conjunction[id] !== 0 && !(conjunction[id] === 2 && count > 0 && degreeBefore(tokens[count - 1]!)))
        clause++;
      const reused = tokens[count] ?? pool.pop();
      if (reused) {
        reused.w = w;
        reused.start = i;
        reused.end = j;
        reused.sentence = sentence;
        reused.clause = clause;
        reused.id = id;
        tokens[count] = reused;
      } else tokens.push({ w, start: i, end: j, sentence, clause, id });
      count++;
      inSentence = true;
      i = j;
      continue;
    }
    if (inSentence) {
      // . ! ? ; and line breaks end a sentence (a dot inside "e.g." is followed by a letter and does not).
      if (c === 33 || c === 63 || c === 59 || c === 10 || (c === 46 && !(i + 1 < n && isWordChar(lower.charCodeAt(i + 1))))) {
        sentences[sentence] = { start: sentenceStart, end: i, question: c === 63 };
        sentence++;
        clause++;
        sentenceStart = i + 1;
        inSentence = false;
        clauseBreak = false;
      } else if (c === 44 || c === 58 || c === 8211 || c === 8212 || c === 40 || c === 41 || c === 34 || c === 0x201c || c === 0x201d) {
        clauseBreak = true;
      } else if (c === 45 && i > 0 && lower.charCodeAt(i - 1) === 32) clauseBreak = true;
    } else if (c === 46 || c === 33 || c === 63 || c === 59 || c === 10) sentenceStart = i + 1;
    i++;
  }
  if (inSentence) sentences[sentence] = { start: sentenceStart, end: n, question: false };
  for (let k = count; k < tokens.length; k++) pool.push(tokens[k]!);
  tokens.length = count;
  lastText = text;
  lastTokens = { text, tokens, sentences };
  return lastTokens;
}
/**
 * The vocabulary: every distinct word seen, by number. An open-addressing table of
 * FNV hashes lets the tokeniser find a known word by comparing characters in place;
 * only a new word is cut out of the text. Bounded: when full, a new vocabulary starts
 * (and `RoleMemo`s notice by the generation number).
 */
const VOCABULARY_LIMIT = 40_000;
const TABLE_SIZE = 1 << 17;
const TABLE_MASK = TABLE_SIZE - 1;
const table = new Int32Array(TABLE_SIZE).fill(-1);
const vocabularyWords: string[] = [];
/** 1 for a word that starts a new clause ("but", "because"), 2 for "so" (a conjunction unless it follows a word in BEFORE_DEGREE_SO). */
const conjunction = new Uint8Array(VOCABULARY_LIMIT);
const degreeTaker = new Uint8Array(VOCABULARY_LIMIT);
/** Is the token (the word before a "so") one after which "so" is a degree word? Only in the same clause. */
function degreeBefore(prev: Token): boolean {
  return prev.id >= 0 && degreeTaker[prev.id] === 1;
}
let vocabularyGeneration = 0;

function wordId(lower: string, start: number, end: number, hash: number): number {
  const length = end - start;
  // MurmurHash3's finaliser: FNV's low bits alone cluster for runs of digits (phone numbers, references).
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  let slot = hash & TABLE_MASK;
  for (;;) {
    const id = table[slot]!;
    if (id === -1) break;
    const word = vocabularyWords[id]!;
    if (word.length === length && sameWord(lower, start, word)) return id;
    slot = (slot + 1) & TABLE_MASK;
  }
  if (vocabularyWords.length >= VOCABULARY_LIMIT) {
    table.fill(-1);
    vocabularyWords.length = 0;
    vocabularyGeneration++;
    slot = hash & TABLE_MASK;
  }
  let word = lower.slice(start, end);
  if (word.includes('’')) word = word.replace(/’/g, "'");
  const id = vocabularyWords.length;
  vocabularyWords.push(word);
  conjunction[id] = word === 'so' ? 2 : CLAUSE_CONJUNCTIONS.has(word) ? 1 : 0;
  degreeTaker[id] = BEFORE_DEGREE_SO.has(word) ? 1 : 0;
  table[slot] = id;
  return id;
}

/** Is `word` (straight apostrophes) at `start` of `lower` (which may have curly ones)? A plain loop: words are short. */
function sameWord(lower: string, start: number, word: string): boolean {
  for (let k = 0; k < word.length; k++) {
    const a = lower.charCodeAt(start + k);
    const b = word.charCodeAt(k);
    if (a !== b && !(a === 0x2019 && b === 39)) return false;
  }
  return true;
}

const tokenList: Token[] = [];
/** Token objects beyond the last text's length, kept for the next longer one. */
const pool: Token[] = [];

let lastText = '';
let lastTokens: Tokens | null = null;

/** Words that turn a statement round: "not", "never", "can't" and the other n't forms. */
export function isNegation(w: string): boolean {
  return (
    w === 'not' ||
    w === 'never' ||
    w === 'no' ||
    w === 'cannot' ||
    w === 'unable' ||
    w === 'nor' ||
    w.endsWith("n't") ||
    (w.endsWith('nt') && NT_FORMS.has(w))
  );
}
/** Apostrophe-less n't forms as typed on phones. */
const NT_FORMS = new Set([
  'cant',
  'wont',
  'dont',
  'didnt',
  'isnt',
  'arent',
  'wasnt',
  'werent',
  'shouldnt',
  'couldnt',
  'wouldnt',
  'doesnt',
  'havent',
  'hasnt',
  'aint',
  'mustnt',
]);

/**
 * Index of the first token at or after `from` whose word satisfies a multi-word
 * phrase (words separated by spaces), within `limit` tokens, in the same
 * sentence. Returns the index of the phrase's last token, or -1.
 */
export function phraseAt(tokens: readonly Token[], at: number, phrase: readonly string[]): number {
  for (let k = 0; k < phrase.length; k++) {
    const t = tokens[at + k];
    if (!t || t.w !== phrase[k] || t.sentence !== tokens[at]!.sentence) return -1;
  }
  return at + phrase.length - 1;
}

/**
 * A lexicon of multi-word phrases as a word trie, so that a token stream can be
 * matched against thousands of phrases ("Roma families", "people like you")
 * with one Map lookup per word.
 */
interface TrieNode<V> {
  value?: V;
  next?: Map<string, TrieNode<V>>;
}

const NO_SLOTS = new Int32Array(0);

export class PhraseLexicon<V> {
  private readonly root = new Map<string, TrieNode<V>>();
  /**
   * The root node for each vocabulary word, by id, looked up in the Map once per word: index + 1 into
   * `firstNodes`, -1 for none, 0 for not looked up yet (the first word of every token is asked for).
   */
  private firstSlot = NO_SLOTS;
  private firstNodes: Array<TrieNode<V>> = [];
  private generation = vocabularyGeneration;

  private first(token: Token): TrieNode<V> | undefined {
    const id = token.id;
    if (id < 0) return this.root.get(token.w);
    if (this.generation !== vocabularyGeneration) this.forget();
    if (id >= this.firstSlot.length) {
      const grown = new Int32Array(Math.max(id + 1, this.firstSlot.length * 2, 4096));
      grown.set(this.firstSlot);
      this.firstSlot = grown;
    }
    const slot = this.firstSlot[id]!;
    if (slot > 0) return this.firstNodes[slot - 1];
    if (slot < 0) return undefined;
    const node = this.root.get(token.w);
    if (node) {
      this.firstNodes.push(node);
      this.firstSlot[id] = this.firstNodes.length;
    } else this.firstSlot[id] = -1;
    return node;
  }

  private forget(): void {
    // Allocated on the first lookup, not per phrase added (a lexicon is built from thousands).
    this.firstSlot = NO_SLOTS;
    this.firstNodes = [];
    this.generation = vocabularyGeneration;
  }

  add(phrase: string, value: V): void {
    this.forget();
    const words = phrase.toLowerCase().replace(/’/g, "'").split(/\s+/).filter(Boolean);
    if (words.length === 0) return;
    let map = this.root;
    let node: TrieNode<V> | undefined;
    for (const w of words) {
      node = map.get(w);
      if (!node) {
        node = {};
        map.set(w, node);
      }
      map = node.next ??= new Map<string, TrieNode<V>>();
    }
    // The first value given for a phrase stands.
    if (node && node.value === undefined) node.value = value;
  }

  /** The longest phrase starting at token `at` (same sentence): its value and last token index. */
  match(tokens: readonly Token[], at: number): { value: V; last: number } | null {
    // Past the last token (a caller looking one word ahead at the end of the message) nothing matches.
    const first = tokens[at];
    if (!first) return null;
    let node = this.first(first);
    if (!node) return null;
    const sentence = first.sentence;
    let best: { value: V; last: number } | null = node.value !== undefined ? { value: node.value, last: at } : null;
    for (let k = at + 1; node.next && k < tokens.length && tokens[k]!.sentence === sentence; k++) {
      node = node.next.get(tokens[k]!.w);
      if (!node) break;
      if (node.value !== undefined) best = { value: node.value, last: k };
    }
    return best;
  }

  /** Does any phrase start with this word? */
  has(word: string): boolean {
    return this.root.has(word);
  }
}

/**
 * What a word can start, as a bit mask, remembered per word of the vocabulary. A
 * detector reads one array slot for each token instead of probing each of its
 * lexicons in turn; council text repeats its words, so nearly every read is a hit.
 */
export class RoleMemo {
  /** Role + 1 by vocabulary id; 0 means not worked out yet. */
  private roles = new Int32Array(4096);
  private generation = vocabularyGeneration;
  /** `digits`: whether a number (a token outside the vocabulary) can have a role here; most lexicons hold none. */
  constructor(
    private readonly compute: (word: string) => number,
    private readonly digits = false,
  ) {}

  of(token: Token): number {
    if (token.id < 0) return this.digits ? this.compute(token.w) : 0;
    if (this.generation !== vocabularyGeneration) {
      this.roles = new Int32Array(4096);
      this.generation = vocabularyGeneration;
    }
    const id = token.id;
    if (id >= this.roles.length) {
      const grown = new Int32Array(Math.max(id + 1, this.roles.length * 2));
      grown.set(this.roles);
      this.roles = grown;
    }
    const r = this.roles[id]!;
    if (r !== 0) return r - 1;
    const computed = this.compute(token.w);
    this.roles[id] = computed + 1;
    return computed;
  }
}
