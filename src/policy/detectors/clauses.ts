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
 * The lower-cased text as UTF-16 code units, in a buffer reused from text to text. The tokeniser reads
 * every character once or twice (scan, then compare with a known word): from a typed array each read is
 * a plain load, where `charCodeAt` first works out which of V8's string representations it has, and that
 * cost more than the tokenising itself. Filled by Buffer's UTF-16LE write (a native copy) on a
 * little-endian machine, by a charCodeAt loop otherwise. Index i is `text.charCodeAt(i)`, exactly.
 */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
let unitBuffer = Buffer.allocUnsafeSlow(2048);
let units = new Uint16Array(unitBuffer.buffer, unitBuffer.byteOffset, 1024);
function unitsOf(lower: string): Uint16Array {
  const n = lower.length;
  // One spare unit past the end, kept 0 (not a word character): look-aheads at i + 1 need no bounds test.
  if (n + 1 > units.length) {
    const size = Math.max(n + 1, units.length * 2);
    unitBuffer = Buffer.allocUnsafeSlow(size * 2);
    units = new Uint16Array(unitBuffer.buffer, unitBuffer.byteOffset, size);
  }
  if (LITTLE_ENDIAN) unitBuffer.write(lower, 0, n * 2, 'utf16le');
  else for (let k = 0; k < n; k++) units[k] = lower.charCodeAt(k);
  units[n] = 0;
  return units;
}

/**
 * Tokenise once per text; the last result is kept because both detectors ask for the same text in turn.
 * A word is letters, digits and £, with inner apostrophes ("don't", "we’ll") and inner decimal points or
 * commas in numbers (£1,500.50). One pass over the characters: a regex here cost twice as much.
 */
export function tokensOf(text: string): Tokens {
  if (text === lastText && lastTokens) return lastTokens;
  const lower = lowerSameLength(text);
  const u = unitsOf(lower);
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
    const c = u[i]!;
    if (isWordChar(c)) {
      let j = i + 1;
      // FNV-1a over the characters, so a word seen before is found without cutting a new string.
      let hash = Math.imul(2166136261 ^ c, 16777619);
      let numeric = c >= 48 && c <= 57;
      while (j < n) {
        const d = u[j]!;
        // u[n] is 0, so u[j + 1] is a non-word character past the end, as the bounds tests had it.
        if (
          isWordChar(d) ||
          ((d === 39 || d === 0x2019) && isWordChar(u[j + 1]!)) ||
          ((d === 46 || d === 44) && isDigit(u[j - 1]!) && isDigit(u[j + 1]!))
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
      const id = numeric ? -1 : wordId(lower, u, i, j, hash);
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
      if (c === 33 || c === 63 || c === 59 || c === 10 || (c === 46 && !isWordChar(u[i + 1]!))) {
        sentences[sentence] = { start: sentenceStart, end: i, question: c === 63 };
        sentence++;
        clause++;
        sentenceStart = i + 1;
        inSentence = false;
        clauseBreak = false;
      } else if (c === 44 || c === 58 || c === 8211 || c === 8212 || c === 40 || c === 41 || c === 34 || c === 0x201c || c === 0x201d) {
        clauseBreak = true;
      } else if (c === 45 && i > 0 && u[i - 1] === 32) clauseBreak = true;
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
/**
 * The table starts small and doubles when a quarter full, up to 2^17 slots (under a third full at the
 * 40,000-word limit): a council's few thousand words then fit in the processor's nearest cache, where a
 * table sized for the limit from the start missed it on most lookups. Its size changes no word's number.
 */
const TABLE_INITIAL = 1 << 12;
const TABLE_LIMIT = 1 << 17;
let table = new Int32Array(TABLE_INITIAL).fill(-1);
let tableMask = TABLE_INITIAL - 1;
/** Each word's finalised hash, by id, for moving the words into a larger table. */
const vocabularyHash = new Int32Array(VOCABULARY_LIMIT);
const vocabularyWords: string[] = [];
/**
 * The vocabulary's characters (straight apostrophes) end to end, and where each word's start: a known word
 * is compared with the text from here, in typed arrays, rather than with charCodeAt on its string.
 */
let vocabularyUnits = new Uint16Array(1 << 16);
let vocabularyUnitsUsed = 0;
const vocabularyStart = new Int32Array(VOCABULARY_LIMIT + 1);
/** 1 for a word that starts a new clause ("but", "because"), 2 for "so" (a conjunction unless it follows a word in BEFORE_DEGREE_SO). */
const conjunction = new Uint8Array(VOCABULARY_LIMIT);
const degreeTaker = new Uint8Array(VOCABULARY_LIMIT);
/** Is the token (the word before a "so") one after which "so" is a degree word? Only in the same clause. */
function degreeBefore(prev: Token): boolean {
  return prev.id >= 0 && degreeTaker[prev.id] === 1;
}
let vocabularyGeneration = 0;

function wordId(lower: string, u: Uint16Array, start: number, end: number, hash: number): number {
  const length = end - start;
  // MurmurHash3's finaliser: FNV's low bits alone cluster for runs of digits (phone numbers, references).
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  let slot = hash & tableMask;
  for (;;) {
    const id = table[slot]!;
    if (id === -1) break;
    const from = vocabularyStart[id]!;
    if (vocabularyStart[id + 1]! - from === length && sameWord(u, start, from, length)) return id;
    slot = (slot + 1) & tableMask;
  }
  return addWord(lower, start, end, hash, slot);
}

/** A new word, at `slot` (the empty slot its probe ended on), cut out of the text. Kept apart from the lookup, which is small enough to inline. */
function addWord(lower: string, start: number, end: number, hash: number, slot: number): number {
  const length = end - start;
  if (vocabularyWords.length >= VOCABULARY_LIMIT) {
    table = new Int32Array(TABLE_INITIAL).fill(-1);
    tableMask = TABLE_INITIAL - 1;
    vocabularyWords.length = 0;
    vocabularyUnitsUsed = 0;
    vocabularyGeneration++;
    slot = hash & tableMask;
  } else if ((vocabularyWords.length + 1) * 4 > table.length && table.length < TABLE_LIMIT) {
    growTable();
    slot = hash & tableMask;
    while (table[slot] !== -1) slot = (slot + 1) & tableMask;
  }
  let word = lower.slice(start, end);
  if (word.includes('’')) word = word.replace(/’/g, "'");
  const id = vocabularyWords.length;
  vocabularyWords.push(word);
  if (vocabularyUnitsUsed + length > vocabularyUnits.length) {
    const grown = new Uint16Array(Math.max(vocabularyUnitsUsed + length, vocabularyUnits.length * 2));
    grown.set(vocabularyUnits.subarray(0, vocabularyUnitsUsed));
    vocabularyUnits = grown;
  }
  for (let k = 0; k < length; k++) vocabularyUnits[vocabularyUnitsUsed + k] = word.charCodeAt(k);
  vocabularyStart[id] = vocabularyUnitsUsed;
  vocabularyUnitsUsed += length;
  vocabularyStart[id + 1] = vocabularyUnitsUsed;
  conjunction[id] = word === 'so' ? 2 : CLAUSE_CONJUNCTIONS.has(word) ? 1 : 0;
  degreeTaker[id] = BEFORE_DEGREE_SO.has(word) ? 1 : 0;
  vocabularyHash[id] = hash;
  table[slot] = id;
  return id;
}

function growTable(): void {
  table = new Int32Array(table.length * 2).fill(-1);
  tableMask = table.length - 1;
  for (let id = 0; id < vocabularyWords.length; id++) {
    let slot = vocabularyHash[id]! & tableMask;
    while (table[slot] !== -1) slot = (slot + 1) & tableMask;
    table[slot] = id;
  }
}

/** Is the known word at `from` of the vocabulary's characters (straight apostrophes) at `start` of the text's (which may have curly ones)? */
function sameWord(u: Uint16Array, start: number, from: number, length: number): boolean {
  const v = vocabularyUnits;
  for (let k = 0; k < length; k++) {
    const a = u[start + k]!;
    const b = v[from + k]!;
    if (a !== b && !(a === 0x2019 && b === 39)) return false;
  }
  return true;
}

const tokenList: Token[] = [];
/** Token objects beyond the last text's length, kept for the next longer one. */
const pool: Token[] = [];

let lastText = '';
let lastTokens: Tokens | null = null;

/** Does the character at `at` in the original text (not lower-cased) begin with a capital letter, accented or not? */
export function capitalisedAt(text: string, at: number): boolean {
  const c = text[at];
  return c !== undefined && c !== c.toLowerCase();
}

/** Pronouns that open a relative clause: "the ones who …", "the gangs that …". */
export const RELATIVE_PRONOUNS: ReadonlySet<string> = new Set(['who', 'that', 'which']);

/** Is any token from `from` to `to` (both included, stopping at the end of the message) one of `words`? */
export function anyIn(tokens: readonly Token[], from: number, to: number, words: ReadonlySet<string>): boolean {
  for (let k = Math.max(from, 0); k <= to && k < tokens.length; k++) if (words.has(tokens[k]!.w)) return true;
  return false;
}

/**
 * The first token of the sentence `back` sentences before token `k`'s (0, the default: `k`'s own sentence), or of the
 * message when it has fewer sentences than that.
 */
export function sentenceStart(tokens: readonly Token[], k: number, back = 0): number {
  const s = tokens[k]!.sentence - back;
  let from = k;
  while (from > 0 && tokens[from - 1]!.sentence >= s) from--;
  return from;
}

/** The last token of token `k`'s sentence. */
export function sentenceEnd(tokens: readonly Token[], k: number): number {
  const s = tokens[k]!.sentence;
  let to = k;
  while (to + 1 < tokens.length && tokens[to + 1]!.sentence === s) to++;
  return to;
}

/** The first and last tokens of token `k`'s sentence. */
export function sentenceSpan(tokens: readonly Token[], k: number): { from: number; to: number } {
  return { from: sentenceStart(tokens, k), to: sentenceEnd(tokens, k) };
}

/** Is there a negation among the `n` tokens before `k`, in its clause or in its sentence? */
export function negationWithin(tokens: readonly Token[], k: number, n: number, within: 'clause' | 'sentence'): boolean {
  const t = tokens[k]!;
  for (let b = k - 1; b >= 0 && b >= k - n; b--) {
    const x = tokens[b]!;
    if (within === 'clause' ? x.clause !== t.clause : x.sentence !== t.sentence) return false;
    if (isNegation(x.w)) return true;
  }
  return false;
}

/** Words that turn a statement round: "not", "never", "can't" and the other n't forms. */
export function isNegation(w: string): boolean {
  // Every form ends in t, r, o or e: the last letter settles most words with one comparison.
  const last = w.charCodeAt(w.length - 1);
  if (last === 116) return w === 'not' || w === 'cannot' || w.endsWith("n't") || (w.endsWith('nt') && NT_FORMS.has(w));
  if (last === 114) return w === 'never' || w === 'nor';
  return (last === 111 && w === 'no') || (last === 101 && w === 'unable');
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
    // The longest match so far, as two locals: one result object is made, at the end.
    let value = node.value;
    let last = value !== undefined ? at : -1;
    for (let k = at + 1; node.next && k < tokens.length && tokens[k]!.sentence === sentence; k++) {
      node = node.next.get(tokens[k]!.w);
      if (!node) break;
      if (node.value !== undefined) {
        value = node.value;
        last = k;
      }
    }
    return last >= 0 ? { value: value as V, last } : null;
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
