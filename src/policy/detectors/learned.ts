/**
 * A learned backstop for the two semantic categories, behind the rules.
 *
 * The rules (offensive.structure.ts, binding-transaction.ts) read a statement's structure: a group, a frame and
 * an evaluation; an actor, a performative verb and an obligation. They are exact on what they know and blind to
 * the words they were never given, and on messages by a writer they were not tuned on they missed between a tenth
 * and a half of what should be blocked. A logistic model over a sentence's words and word pairs, trained on the
 * project's own labelled development sets (`npm run train:semantic`, scripts/train-semantic-model.ts), catches much
 * of the rest: "women don't usually get the technical side" has no word the rules know, but its pairs score high.
 *
 * It is a backstop, not a second opinion: it is asked only when the rules found nothing of its category in the
 * message, it scores one sentence at a time (a neutral sentence added to a message cannot hide or create a block
 * elsewhere), and its threshold was chosen by cross-validation across the development sets' authors so that it
 * adds no more than about one false block in a hundred ordinary messages (the training script prints the figures).
 * Reports, quotations and counter-speech still pass: its findings go through the same clause-by-clause checks as
 * the rules' findings.
 *
 * Words count by their Porter stems, from the `stemmer` package (wooorm's implementation of Porter's algorithm): with
 * them the cross-validated recall at the same false-block rate rose by about three points for each head.
 *
 * Written here rather than taken from a library: the model is a weighted sum over a few thousand word pairs, and
 * the shared tokeniser (clauses.ts) already splits the sentences; wink-nlp's and natural's classifiers are naive
 * Bayes over their own tokenisation and would tokenise every message a second time.
 */
import type { Token, Tokens } from './clauses.js';
import { AFINN_NEGATIVE } from './afinn-negative.js';
import { AFINN_POSITIVE } from './afinn-positive.js';
import { anyIn, isNegation, RoleMemo } from './clauses.js';
import { stemmer } from 'stemmer';
import { SEMANTIC_MODEL } from './learned.model.js';
import { BUILTIN_GROUP_TERMS, GROUP_NOUNS } from './offensive.lexicon.js';
import { GROUP_ADJECTIVES } from './offensive.structure.js';

export type Head = 'offensive' | 'binding';

export interface HeadData {
  bias: number;
  /** The probability at or above which a sentence is blocked. */
  threshold: number;
  /** `feature=weight` pairs joined by `;` (a feature is a word, or two words with a space between). */
  weights: string;
}

export interface ModelData {
  /** The corpus files it was trained on (test/policy-corpus), for the record. */
  trainedOn: readonly string[];
  offensive: HeadData;
  binding: HeadData;
}

/**
 * One-word names of groups ("Albanians", "pensioners", "Muslim", "gay"), which the model sees as one word, `<g>`:
 * what is said of a group is learned once for every group, and a group's name alone weighs nothing. Trained on the
 * names themselves, the model had learned which groups the blocked sentences happened to be about.
 */
const GROUP_WORDS: ReadonlySet<string> = (() => {
  const words = new Set<string>();
  for (const term of [...Object.values(GROUP_NOUNS).flat(), ...Object.values(GROUP_ADJECTIVES).flat(), ...BUILTIN_GROUP_TERMS]) {
    if (term.includes(' ')) continue;
    words.add(term);
    if (!term.endsWith('s')) words.add(`${term}s`);
  }
  return words;
})();

/**
 * The word a token counts as: numbers and sums are one word each, so "£20" and "£35" train the same weight, and a
 * group's name is `<g>`.
 */
export function wordFeature(w: string): string {
  const c = w.charCodeAt(0);
  if (c === 163 /* £ */) return '£<n>';
  if (c >= 48 && c <= 57) return '<n>';
  if (GROUP_WORDS.has(w)) return '<g>';
  // Porter's stem ("moans", "moaning", "moaned" → "moan"), so an inflection the training sentences lacked shares
  // the weight of the one they had. A word with an apostrophe ("we'll", "don't") is kept whole.
  return w.includes("'") ? w : stemmer(w);
}

/** Whether tokens [from, last] name a group by one of its one-word names. */
export function namesGroup(tokens: readonly Token[], from: number, last: number): boolean {
  return anyIn(tokens, from, last, GROUP_WORDS);
}

export function featureWord(t: Token): string {
  return wordFeature(t.w);
}

/**
 * Words that carry no meaning of their own: they count only in a pair ("are all", "should be", "you are"). Alone they
 * stood for whatever the blocked sentences happened to share; "are" alone weighed more than any insult. The
 * quantifiers of a generalisation ("all", "every", "only", "just", "never", "always") are not among them.
 */
export const FUNCTION_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the this that these those there here it its it's i i'm i've i'd i'll im ive me my mine we we're we've " +
    "we'll we'd us our ours you you're you've you'll you'd your yours u ur he he's him his she she's her hers they " +
    "they're they've they'll they'd them their theirs theyre who whom whose which what when where why how is are " +
    'was were be been being am do does did doing done have has had having will would shall should can could may ' +
    'might must ought not no nor and or but so if then than as of at by for from in into on onto to with without ' +
    'about after before over under up down out off again any both each some such own same too very ' +
    "also still even yet already now ever get got gets getting go goes going gone let let's lets"
  ).split(' '),
);

/**
 * Cues that change what a whole sentence does, wherever they stand in it: a negation ("I haven't signed off any
 * offer"), modality or a condition ("might be withdrawn if…", "once the panel approves"), and someone else's
 * account ("your neighbour told you…"). Each is one feature of the sentence (`~neg`, `~modal`, `~report`), as is a
 * question (`~q`), so the model learns once what each does to a promise or a slur, however far from the verb.
 */
const MODAL_CUES = new Set(
  'might may could would should if unless once until whether provided assuming maybe perhaps possibly hopefully'.split(' '),
);
const REPORT_CUES = new Set(
  'said says saying told tells reckons reckon reckoned claims claimed claim apparently allegedly according heard rumour'.split(' '),
);
const CUE_NEG = 1;
const CUE_MODAL = 2;
const CUE_REPORT = 4;
const CUE_BAD = 8;
const CUE_GOOD = 16;
const CUE_GROUP = 32;
const CUE_YOU = 64;
const CUE_BITS = 7;
/** The person written to: with a negative word in the same sentence, an insult's shape ("you're a useless …"). */
const YOU_WORDS = new Set(['you', 'your', "you're", 'youre', 'u', 'ur', 'yourself', 'yourselves', 'yours']);
function cueOf(w: string): number {
  return (
    (isNegation(w) ? CUE_NEG : 0) |
    (MODAL_CUES.has(w) ? CUE_MODAL : 0) |
    (REPORT_CUES.has(w) ? CUE_REPORT : 0) |
    (AFINN_NEGATIVE.has(w) ? CUE_BAD : 0) |
    (AFINN_POSITIVE.has(w) ? CUE_GOOD : 0) |
    (GROUP_WORDS.has(w) ? CUE_GROUP : 0) |
    (YOU_WORDS.has(w) ? CUE_YOU : 0)
  );
}
const SINGLE_CUES: ReadonlyArray<[number, string]> = [
  [CUE_NEG, '~neg'],
  [CUE_MODAL, '~modal'],
  [CUE_REPORT, '~report'],
  [CUE_BAD, '~bad'],
  [CUE_GOOD, '~good'],
  [CUE_GROUP, '~g'],
  [CUE_YOU, '~you'],
];
/**
 * Each cue, then each pair of cues that occur together in a sentence: "~bad&~g" (a negative word and a group),
 * "~bad&~you", "~neg&~bad". The model is a weighted sum, so without the pairs it could not weigh a negative word
 * said of a group apart from the same word said of the weather. Cross-validated across the 63 development sets (each
 * scored by a model trained on the others), the cue pairs, the skip pairs and the negated quantifiers (featuresOf)
 * together took the offensive head from 64.9 % of the labelled messages at 0.9 % of the allowed to 68.2 % at 0.9 %
 * and 69.7 % at 1.0 % (its threshold), and the binding head from 88.1 % to 88.7 %, at 1.0 %.
 */
const CUE_FEATURES: ReadonlyArray<[number, string]> = [
  // A group's name or "you" alone is no cue: the words are features already (a group's name as "<g>"; "you" alone for
  // the binding head, in its pairs for the offensive head).
  ...SINGLE_CUES.filter(([c]) => c !== CUE_GROUP && c !== CUE_YOU),
  ...SINGLE_CUES.flatMap(([a, fa], i) => SINGLE_CUES.slice(i + 1).map(([b, fb]) => [a | b, `${fa}&${fb}`] as [number, string])),
];

/**
 * Quantifiers of a generalisation. Right after a negation each is a word of its own ("not-alwai" in "they can't
 * always cope"), since "not always" takes back the generalisation that "always" makes.
 */
const QUANTIFIERS: ReadonlySet<string> = new Set(['always', 'all', 'every', 'everyone', 'everybody', 'alwys']);
function negatedQuantifier(tokens: readonly Token[], from: number, i: number): boolean {
  return i > from && QUANTIFIERS.has(tokens[i]!.w) && isNegation(tokens[i - 1]!.w);
}

/**
 * The features of tokens [from, to): each word, and each pair of neighbouring words. Without `functionWords`, a
 * function word counts only in its pairs: the offensive head is trained so, since who says it matters less than
 * what is said; the binding head keeps them, since "I've" and "we'll" are the council's side. With `skips`, also each
 * pair of words one apart (`a _ b`: "are _ lazy" in "they are all lazy", "are _ scrounger"), which the offensive
 * head is trained with: its frames have a word between ("all", "so", "just", "bloody") as often as not. For the
 * binding head they cost 0.8 of a point of cross-validated recall, so it is trained without them.
 */
export function featuresOf(
  tokens: readonly Token[],
  from: number,
  to: number,
  functionWords: boolean,
  question: boolean,
  skips = false,
): string[] {
  const out: string[] = [];
  let prev = '';
  let prev2 = '';
  let cues = 0;
  for (let i = from; i < to; i++) {
    const w = negatedQuantifier(tokens, from, i) ? `not-${featureWord(tokens[i]!)}` : featureWord(tokens[i]!);
    cues |= cueOf(tokens[i]!.w);
    if (functionWords || !FUNCTION_WORDS.has(tokens[i]!.w)) out.push(w);
    if (i > from) out.push(`${prev} ${w}`);
    // Not across a negation: "men can't raise kids" and "men can raise kids" share "<g> _ rais" only if the word
    // between is not a negation, so a negation between makes a feature of its own ("<g> ! rais").
    // Nor with a group's name at either end: "<g> _ their" stood for whichever groups the blocked sentences were about
    // (its pair with the next word, "<g> ar", is kept).
    if (skips && i > from + 1 && prev2 !== '<g>' && w !== '<g>') out.push(`${prev2} ${isNegation(tokens[i - 1]!.w) ? '!' : '_'} ${w}`);
    prev2 = prev;
    prev = w;
  }
  for (const [cue, feature] of CUE_FEATURES) if ((cues & cue) === cue) out.push(feature);
  if (question) out.push('~q');
  return out;
}

/**
 * Words that start a new sentence when they follow an unpunctuated one with a capital ("…the kids love it Hope you
 * are keeping well"). Unpunctuated messages are common on WhatsApp; without this a pleasantry appended to a sentence
 * would be scored with it as one, and two sentences under one bias score higher than either alone. ("I" is always a
 * capital, so it says nothing.) Trained on such parts as units, the model lost a point of held-out recall; it is
 * trained on whole sentences, and a part is scored only to confirm a block (see `best`).
 */
const OPENERS: ReadonlySet<string> = new Set(
  (
    "hope thanks thank let have sorry please can could would will we we'll we've you the it it's if " +
    'just also any hi hello cheers speak see kind best regards many ok okay shall give ring call'
  ).split(' '),
);

/**
 * The end (exclusive) of the part of a sentence that starts at token `from`: the sentence's end, or sooner when a
 * capitalised opener follows an unpunctuated lower-case word inside it.
 */
export function unitEnd(text: string, tokens: readonly Token[], from: number): number {
  const sentence = tokens[from]!.sentence;
  let to = from + 1;
  for (; to < tokens.length && tokens[to]!.sentence === sentence; to++) {
    const t = tokens[to]!;
    const c = text.charCodeAt(t.start);
    if (c < 65 || c > 90 || !OPENERS.has(t.w)) continue;
    const prev = tokens[to - 1]!;
    const p = text.charCodeAt(prev.start);
    // A lower-case word before it, and only spaces between: no comma, dash or other mark that joins the two.
    if (p >= 97 && p <= 122 && /^ +$/.test(text.slice(prev.end, t.start))) break;
  }
  return to;
}

export function parseWeights(weights: string): Map<string, number> {
  const map = new Map<string, number>();
  if (weights === '') return map;
  for (const entry of weights.split(';')) {
    const eq = entry.lastIndexOf('=');
    map.set(entry.slice(0, eq), Number(entry.slice(eq + 1)));
  }
  return map;
}

export interface SentenceScore {
  /** Index of the sentence (Token.sentence). */
  sentence: number;
  /** First and last token of the sentence. */
  from: number;
  last: number;
  probability: number;
}

export interface LearnedModel {
  /** For each head, the highest-scoring sentence of `text` at or above the head's threshold, or null. */
  best(text: string, tokenised: Tokens): Readonly<Record<Head, SentenceScore | null>>;
  /** Every sentence of `text` at or above the offensive head's threshold, in order (valid until the next call). */
  offensiveSentences(text: string, tokenised: Tokens): readonly SentenceScore[];
}

/**
 * Both heads, scored in one pass. Each word of the model's vocabulary has a number, remembered per word of the
 * process's vocabulary (RoleMemo): a token costs one array read for its word weights and, when it and the word
 * before are both in the model, one numeric map read for the pair. The result for the last text is kept, since the
 * offensive and the binding detectors ask for the same text in turn.
 */
export function createLearnedModel(data: Pick<ModelData, Head>): LearnedModel {
  const vocabulary = new Map<string, number>();
  const numberOf = (w: string): number => {
    let k = vocabulary.get(w);
    if (k === undefined) vocabulary.set(w, (k = vocabulary.size + 1));
    return k;
  };
  const parsed = { offensive: parseWeights(data.offensive.weights), binding: parseWeights(data.binding.weights) };
  for (const map of Object.values(parsed))
    for (const feature of map.keys()) for (const w of feature.split(' ')) if (w !== '_' && w !== '!') numberOf(w);
  for (const f of [...CUE_FEATURES.map(([, f]) => f), '~q']) numberOf(f);
  const size = vocabulary.size + 1;
  // Pair keys are `first * size + second` in an Int32Array.
  // Skip pairs double the key (a negation between, or not), so they need it under 2^31 too.
  if (2 * size * size + 1 >= 2 ** 31) throw new Error(`learned model: ${size} words is more than the pair table can key`);
  // Word weights at 2k (offensive) and 2k + 1 (binding); pair weights likewise, by the pair's index.
  const unigram = new Float64Array(2 * size);
  const pairWeights: number[] = [];
  const pairs = new PairTable();
  const skipWeights: number[] = [];
  // By word number: 1 when the word starts a skip pair, 2 when it ends one (most words do neither, and need no probe).
  const skipEnds = new Uint8Array(size);
  const skips = new PairTable();
  (['offensive', 'binding'] as const).forEach((head, h) => {
    for (const [feature, weight] of parsed[head]) {
      const space = feature.indexOf(' ');
      if (space < 0) {
        unigram[2 * vocabulary.get(feature)! + h] = weight;
        continue;
      }
      const skip = feature.indexOf(' _ ') >= 0 ? feature.indexOf(' _ ') : feature.indexOf(' ! ');
      if (skip >= 0) {
        // The key is the pair's doubled, plus one when a negation stands between.
        const first = vocabulary.get(feature.slice(0, skip))!;
        const second = vocabulary.get(feature.slice(skip + 3))!;
        skipEnds[first] = skipEnds[first]! | 1;
        skipEnds[second] = skipEnds[second]! | 2;
        const pair = first * size + second;
        const key = 2 * pair + (feature[skip + 1] === '!' ? 1 : 0);
        let at = skips.get(key);
        if (at < 0) {
          skips.set(key, (at = skipWeights.length));
          skipWeights.push(0, 0);
        }
        skipWeights[at + h] = weight;
        continue;
      }
      const key = vocabulary.get(feature.slice(0, space))! * size + vocabulary.get(feature.slice(space + 1))!;
      let at = pairs.get(key);
      if (at < 0) {
        pairs.set(key, (at = pairWeights.length));
        pairWeights.push(0, 0);
      }
      pairWeights[at + h] = weight;
    }
  });
  // A word's model number, shifted left past its cue bits.
  const wordNumber = new RoleMemo((w) => ((vocabulary.get(wordFeature(w)) ?? 0) << CUE_BITS) | cueOf(w));
  // A quantifier's number right after a negation ("not-alwai") plus one, or 0 for any other word and for a number.
  const negatedNumber = new RoleMemo((w) => (QUANTIFIERS.has(w) ? (vocabulary.get(`not-${wordFeature(w)}`) ?? 0) + 1 : 0));
  // Numbers are outside the process's vocabulary (RoleMemo gives them 0): "<n>", or "£<n>" for a sum.
  const numberWord = (vocabulary.get('<n>') ?? 0) << CUE_BITS;
  const sumWord = (vocabulary.get('£<n>') ?? 0) << CUE_BITS;
  // What each set of cues adds to each head, its single cues and their pairs summed once here: a sentence's cues are
  // a bit mask, and its whole cue score one read (mask 2m for the offensive head, 2m + 1 for the binding head).
  const cueWeights = new Float64Array(2 << CUE_BITS);
  for (let mask = 0; mask < 1 << CUE_BITS; mask++)
    for (const [cue, f] of CUE_FEATURES) {
      const k = vocabulary.get(f)!;
      if ((mask & cue) !== cue) continue;
      cueWeights[2 * mask] = cueWeights[2 * mask]! + unigram[2 * k]!;
      cueWeights[2 * mask + 1] = cueWeights[2 * mask + 1]! + unigram[2 * k + 1]!;
    }
  const questionNumber = vocabulary.get('~q')!;
  // The logits the thresholds stand for: comparing sums avoids an exp() a sentence.
  const cutOf = (t: number): number => Math.log(t / (1 - t));
  const cutOffensive = cutOf(data.offensive.threshold);
  const cutBinding = cutOf(data.binding.threshold);
  let lastText: string | null = null;
  let last: Record<Head, SentenceScore | null> = { offensive: null, binding: null };
  /** The offensive head's sentences over its threshold, for the last text (see offensiveSentences). */
  const offensiveHits: SentenceScore[] = [];
  return {
    best(text, { tokens, sentences }) {
      if (text === lastText) return last;
      offensiveHits.length = 0;
      let offensive: SentenceScore | null = null;
      let binding: SentenceScore | null = null;
      /** The two heads' logits for tokens [from, to), with the question cue when `question`. */
      const sums = new Float64Array(2);
      const score = (from: number, to: number, question: boolean): void => {
        let sumO = data.offensive.bias;
        let sumB = data.binding.bias;
        let prev = 0;
        let prev2 = 0;
        // Whether the token before is a negation (for the skip pair across it).
        let prevNegated = 0;
        let cues = 0;
        for (let i = from; i < to; i++) {
          const token = tokens[i]!;
          let v = token.id >= 0 ? wordNumber.of(token) : token.w.charCodeAt(0) === 163 ? sumWord : numberWord;
          if (prevNegated !== 0 && i > from) {
            const n = negatedNumber.of(token);
            if (n > 0) v = ((n - 1) << CUE_BITS) | (v & ((1 << CUE_BITS) - 1));
          }
          cues |= v & ((1 << CUE_BITS) - 1);
          const k = v >> CUE_BITS;
          if (k !== 0) {
            sumO += unigram[2 * k]!;
            sumB += unigram[2 * k + 1]!;
            if (prev !== 0) {
              const at = pairs.get(prev * size + k);
              if (at >= 0) {
                sumO += pairWeights[at]!;
                sumB += pairWeights[at + 1]!;
              }
            }
            // The pair one word apart ("are _ lazy"): only the offensive head has them (see featuresOf).
            if ((skipEnds[prev2]! & 1) !== 0 && (skipEnds[k]! & 2) !== 0) {
              const at = skips.get(2 * (prev2 * size + k) + prevNegated);
              if (at >= 0) {
                sumO += skipWeights[at]!;
                sumB += skipWeights[at + 1]!;
              }
            }
          }
          prev2 = prev;
          prev = k;
          prevNegated = v & CUE_NEG;
        }
        if (cues !== 0) {
          sumO += cueWeights[2 * cues]!;
          sumB += cueWeights[2 * cues + 1]!;
        }
        if (question) {
          sumO += unigram[2 * questionNumber]!;
          sumB += unigram[2 * questionNumber + 1]!;
        }
        sums[0] = sumO;
        sums[1] = sumB;
      };
      let from = 0;
      while (from < tokens.length) {
        const sentence = tokens[from]!.sentence;
        let end = from + 1;
        while (end < tokens.length && tokens[end]!.sentence === sentence) end++;
        const question = sentences[sentence]?.question === true;
        score(from, end, question);
        let sumO = sums[0]!;
        let sumB = sums[1]!;
        // An unpunctuated sentence that runs on into another ("… the kids love it Hope you are keeping well"): a head
        // blocks only when one of its parts, scored alone, would too, so a pleasantry run on to a sentence cannot
        // create a block that neither makes alone (two sentences under one bias score higher than either).
        if ((sumO >= cutOffensive || sumB >= cutBinding) && unitEnd(text, tokens, from) < end) {
          let partO = -Infinity;
          let partB = -Infinity;
          for (let p = from; p < end;) {
            const q = unitEnd(text, tokens, p);
            score(p, q, question && q === end);
            partO = Math.max(partO, sums[0]!);
            partB = Math.max(partB, sums[1]!);
            p = q;
          }
          sumO = Math.min(sumO, partO);
          sumB = Math.min(sumB, partB);
        }
        if (sumO >= cutOffensive) {
          const probability = 1 / (1 + Math.exp(-sumO));
          const hit = { sentence, from, last: end - 1, probability };
          offensiveHits.push(hit);
          if (!offensive || probability > offensive.probability) offensive = hit;
        }
        if (sumB >= cutBinding) {
          const probability = 1 / (1 + Math.exp(-sumB));
          if (!binding || probability > binding.probability) binding = { sentence, from, last: end - 1, probability };
        }
        from = end;
      }
      lastText = text;
      last = { offensive, binding };
      return last;
    },
    offensiveSentences(text, tokenised) {
      this.best(text, tokenised);
      return offensiveHits;
    },
  };
}

/**
 * Word pairs (as `first * size + second`, under 2^31) to their index in the weights: open addressing in typed arrays,
 * about three times quicker to probe than a Map with number keys, and a 1 KB message probes it some 150 times.
 */
class PairTable {
  private keys = new Int32Array(1 << 12).fill(-1);
  private values = new Int32Array(1 << 12);
  private count = 0;
  private bits = 12;

  set(key: number, value: number): void {
    if ((this.count + 1) * 2 > this.keys.length) this.grow();
    let h = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    const mask = this.keys.length - 1;
    while (this.keys[h] !== -1 && this.keys[h] !== key) h = (h + 1) & mask;
    if (this.keys[h] === -1) this.count++;
    this.keys[h] = key;
    this.values[h] = value;
  }

  /** The value for `key`, or -1. */
  get(key: number): number {
    let h = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    const mask = this.keys.length - 1;
    for (;;) {
      const k = this.keys[h]!;
      if (k === key) return this.values[h]!;
      if (k === -1) return -1;
      h = (h + 1) & mask;
    }
  }

  private grow(): void {
    const { keys, values } = this;
    this.bits++;
    this.keys = new Int32Array(1 << this.bits).fill(-1);
    this.values = new Int32Array(1 << this.bits);
    this.count = 0;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== -1) this.set(keys[i]!, values[i]!);
  }
}

let shipped: LearnedModel | null = null;

/** The shipped model (learned.model.ts), built on first use. */
export function learnedModel(): LearnedModel {
  return (shipped ??= createLearnedModel(SEMANTIC_MODEL));
}
