import { DataSet, RegExpMatcher, englishDataset, englishRecommendedTransformers } from 'obscenity';
import type { Finding, PolicyLexicons } from '../policy.types.js';
import { execAll, lowerSameLength, sentenceAround } from './context.js';
import { endorsedReport } from './offensive.endorsement.js';
import { AMBIGUOUS_SLURS, BUILTIN_GROUP_TERMS, BUILTIN_SLURS } from './offensive.lexicon.js';
import { capitalisedAt, PhraseLexicon, RoleMemo, tokensOf } from './clauses.js';
import { buildStructureLexicons, detectHostileStatements, isReportedOrCountered } from './offensive.structure.js';
import type { SentenceScore } from './learned.js';
import { learnedModel, namesGroup } from './learned.js';

const LEET: Record<string, string> = {
  '0': 'o',
  '1': 'i',
  '3': 'e',
  '4': 'a',
  '5': 's',
  '7': 't',
  '8': 'b',
  '@': 'a',
  $: 's',
  '!': 'i',
  '|': 'i',
  '€': 'e',
};
/** Countries people are told to "go back to". */
const COUNTRIES = [
  'nigeria',
  'ghana',
  'somalia',
  'pakistan',
  'india',
  'bangladesh',
  'poland',
  'romania',
  'albania',
  'bulgaria',
  'lithuania',
  'latvia',
  'china',
  'jamaica',
  'africa',
  'syria',
  'iraq',
  'iran',
  'afghanistan',
  'eritrea',
  'sudan',
  'turkey',
  'ireland',
  'scotland',
  'france',
  'germany',
  'italy',
  'spain',
  'portugal',
  'ukraine',
  'russia',
  'kosovo',
  'vietnam',
  'philippines',
  'zimbabwe',
  'kenya',
  'uganda',
  'congo',
  'ethiopia',
  'morocco',
  'algeria',
  'egypt',
  'libya',
  'yemen',
  'sri lanka',
  'nepal',
  'hong kong',
  'brazil',
  'mexico',
  'europe',
  'asia',
  'the caribbean',
].join('|');
const VOWELS = /[aeiouy]/g;
/** Strong profanity usually embedded in compounds ("bullshit", "motherfucker"): matched anywhere in a token. */
const EMBEDDED = new Set(['fuck', 'cunt', 'shit', 'wank', 'twat', 'piss', 'slut', 'bitch', 'nigger', 'whore', 'bastard', 'bollocks']);
const SHORT_SUFFIXES = new Set([
  '',
  's',
  'es',
  'y',
  'ies',
  'ed',
  'er',
  'ers',
  'ing',
  'hole',
  'holes',
  'hat',
  'wipe',
  'head',
  'face',
  'ty',
  'ties',
  'z',
]);

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Lower-case, leetspeak resolved, letters only. */
function skeletonOf(token: string): string {
  let out = '';
  for (const ch of token.toLowerCase()) {
    const c = LEET[ch] ?? ch;
    if (c >= 'a' && c <= 'z') out += c;
  }
  return out;
}

function collapse(s: string): string {
  return s.replace(/(.)\1+/g, '$1');
}

interface Term {
  word: string;
  collapsed: string;
  consonants: string;
}

function groupAlternation(extra: readonly string[]): string {
  const all = [...new Set([...BUILTIN_GROUP_TERMS, ...extra].map((g) => g.toLowerCase().trim()).filter(Boolean))];
  all.sort((a, b) => b.length - a.length);
  return all.map((g) => escapeRe(g).replace(/ /g, '\\s+')).join('|');
}

const COLLECTIVE = String.raw`(?:your|their|that|his|her)\s+(?:sort|kind|lot|type|people)|you\s+people|you\s+lot|them\s+lot|those\s+people|these\s+people|people\s+like\s+(?:you|them|her|him)|the\s+likes\s+of\s+(?:you|them)`;

/** Build the offensive-content detector: obscenity (obfuscated profanity), council slurs, hostile generalisations. */
export function createOffensiveDetector(lexicons: PolicyLexicons): (text: string) => Finding[] {
  const ignored = new Set(lexicons.offensiveIgnoredBuiltins.map((w) => w.toLowerCase()));
  const dataset = new DataSet<{ originalWord: string }>().addAll(englishDataset);
  dataset.removePhrasesIf((p) => ignored.has(p.metadata?.originalWord ?? ''));
  const matcher = new RegExpMatcher({ ...dataset.build(), ...englishRecommendedTransformers });
  const allowed = lexicons.offensiveAllowed.map((w) => w.toLowerCase());

  const builtinWords = collectOriginalWords().filter((w) => !ignored.has(w));
  const terms: Term[] = builtinWords.map((word) => {
    const s = skeletonOf(word);
    return { word, collapsed: collapse(s), consonants: collapse(s.replace(VOWELS, '')) };
  });

  const slurs = [...new Set([...BUILTIN_SLURS, ...lexicons.offensiveTerms].map((t) => t.toLowerCase().trim()).filter(Boolean))];
  slurs.sort((a, b) => b.length - a.length);
  const plain = slurs.filter((s) => !AMBIGUOUS_SLURS.has(s));
  const ambiguous = slurs.filter((s) => AMBIGUOUS_SLURS.has(s));

  const groups = groupAlternation(lexicons.groupTerms);
  const structure = buildStructureLexicons(lexicons.groupTerms);
  // Each pattern starts from a rare anchor word (V8 then rejects most positions at once); where the
  // subject comes first ("you're … idiot", "I'll … batter you") the few words before the anchor are
  // checked separately.
  const generalisations = [
    // "typical woman", "typical of your lot", "bloody foreigners", "stupid old woman"
    String.raw`\b(?:typical|bloody|filthy|dirty|lazy|stupid|thick|dumb|useless|scrounging|greedy|hysterical|silly|daft)\s+(?:of\s+)?(?:(?:old|little|fat|ugly|bloody|stupid|silly)\s+)?(?:${COLLECTIVE}|${groups}|them|her|him)\b`,
    // threats
    String.raw`\b(?:kill\s+yourself|kys|hope\s+(?:you|u)\s+die)\b`,
    String.raw`\b(?:deserve|ought)\s+to\s+die\b`,
    String.raw`\b(?<threat>kill|batter|smash|hurt|stab|knock|slap|punch)\s+(?:you|u|your|ur)\b`,
    // "you're too old to…", "she is too disabled to understand"
    String.raw`\btoo\s+(?:old|foreign|disabled|gay|fat|ugly|thick|stupid|senile|slow)\s+(?<tooTail>to|for)\b`,
    String.raw`\bat\s+your\s+age\s+you\s+(?:should|shouldn'?t|can'?t|ought)\b`,
    // "go back to your own country"
    String.raw`\bgo\s+(?:back\s+)?(?:home\s+)?(?:to\s+)?(?:where\s+(?:you|u|she|he|they)\s+(?:came|come)\s+from|your\s+own\s+country|your\s+country)\b`,
    // "she can go back where it's normal", "go back where you belong"
    String.raw`\bgo\s+back\s+(?:to\s+)?where\s+(?:(?:it'?s|its)\s+normal|(?:you|u|she|he|they)\s+belongs?)\b`,
    // "nobody wants that lifestyle shoved in their kids faces", "ramming it down our throats"
    String.raw`\b(?:shove|shoved|shoving|ram|rammed|ramming)\s+(?:it\s+|that\s+|this\s+|their\s+\w+\s+)?(?:down|in)\s+(?:our|their|my|your|people'?s|kids'?|everyone'?s)\s+(?:\w+\s+)?(?:throats?|faces?)\b`,
    // "deaf as a post", "thick as a plank": a simile that mocks a disability or calls someone stupid
    String.raw`\b(?:deaf|thick|daft|dense|dim)\s+as\s+(?:a\s+)?(?:post|plank|brick|doorpost|two\s+short\s+planks|mince)\b`,
    // "is it her time of the month": a woman's objection put down to her period
    String.raw`(?<=\b(?:is\s+it|it'?s|its|must\s+be|probably|bet\s+it'?s)\s+(?:her|your|ur|that)\s+)(?<lb1>)time\s+of\s+(?:the\s+)?month\b`,
    // "ur either a man or a woman", "there are only two genders": a gender identity denied
    String.raw`(?<=\b(?:you'?re|ur|you\s+are|she'?s|he'?s|they'?re)\s+)(?<lb2>)either\s+a\s+man\s+or\s+a\s+woman\b`,
    String.raw`(?<=\bthere\s+(?:are|is)\s+only\s+(?:two|2)\s+)(?<lb3>)genders\b`,
    // "if you'd been a proper mum", "you're not a real man": a parent or a gender role said to be failed
    String.raw`(?<=\b(?:if\s+(?:you|u)(?:'?d|\s+had|\s+were|\s+was)\s+(?:been\s+)?|(?:you'?re|ur|you\s+are)\s+not\s+)a\s+)(?<lb4>)(?:proper|real|decent)\s+(?:mum|mother|dad|father|man|woman|wife|husband)\b`,
    // "send them back where they came from", "ship them all back to their own country"
    String.raw`\b(?:send|ship|deport|kick)\s+(?:them|em|'em|him|her|you|the\s+lot\s+of\s+them)\s+(?:all\s+)?(?:back|home|out)\s+(?:to\s+)?(?:where\s+(?:they|he|she|you)\s+(?:came|come)\s+from|their\s+own\s+country|their\s+country|the\s+jungle)\b`,
    // "send him back to Poland", "deport the lot of them back to Albania" (not "… back to Poland for the funeral")
    String.raw`\b(?:send|ship|deport|kick)\s+(?:them|em|'em|him|her|you|the\s+lot\s+of\s+(?:them|you))\s+(?:all\s+)?back\s+(?:home\s+)?to\s+(?:${COUNTRIES})\b(?!\s+(?:for|on|in|next|this|at)\b)`,
    // "go back to Nigeria if you don't like it": told to the person (the words before are checked in detect())
    String.raw`\bgo\s+(?:back\s+)?(?:home\s+)?to\s+(?<goBack>${COUNTRIES})\b`,
    // "you're a stupid woman", "you're an idiot"
    String.raw`\b(?<insult>idiot|moron|imbecile|cretin|halfwit|scumbag|scum|loser|waste of space|parasite|vermin|lowlife|low life|pig|animal|cow|dog)\b`,
  ];
  const isAllowedWord = (text: string, start: number, end: number): boolean => {
    let s = start;
    let e = end;
    while (s > 0 && /[\p{L}]/u.test(text[s - 1] ?? '')) s--;
    while (e < text.length && /[\p{L}]/u.test(text[e] ?? '')) e++;
    const word = text.slice(s, e).toLowerCase();
    return allowed.some((a) => word.startsWith(a));
  };

  // Cheap pre-filter for obscenity (all regexes here run on lower-cased text without the i and u flags,
  // several times faster in V8): its words at word starts, strong terms anywhere (with repeated vowels or
  // without vowels), and letters next to leetspeak characters. Only the tokens it touches get the exact
  // skeleton check, and only candidates go to obscenity.
  const wordStart = new Set<string>();
  const anywhere = new Set<string>();
  for (const t of terms) {
    if (EMBEDDED.has(t.word)) {
      // Vowels may be repeated ("fuuuck", "shiiit").
      anywhere.add(t.word.replace(/[aeiouy]/g, '$&+'));
      if (t.collapsed !== t.word) anywhere.add(t.collapsed.replace(/[aeiouy]/g, '$&+'));
      if (t.consonants.length >= 3) anywhere.add(escapeRe(t.consonants));
    } else {
      wordStart.add(escapeRe(t.word));
    }
  }
  // Short terms ("abo", "ass", "tit") only as whole words with common endings, so "about" and "title" cost nothing.
  const shortTerms = [...wordStart].filter((w) => w.length <= 3);
  const longTerms = [...wordStart].filter((w) => w.length > 3);
  // The generalisation patterns, run sticky at an anchor word only (see the token loop in detect()).
  const genAlt = generalisations.map((p) => `(?:${p.replace(/^\\b/, '')})`).join('|');
  // Word-start checks run on the shared tokens (one Map lookup a word) rather than one regex pass: council
  // slurs and directed slurs from a word trie, generalisation anchors from a set and then a sticky regex
  // at that word only, and obscenity's words by their first three letters.
  const slurWords = new PhraseLexicon<'slur' | 'amb'>();
  for (const sl of plain) {
    slurWords.add(sl, 'slur');
    for (const suffix of ['s', 'es', 'z']) slurWords.add(`${sl}${suffix}`, 'slur');
  }
  for (const sl of ambiguous) {
    slurWords.add(sl, 'amb');
    slurWords.add(`${sl}s`, 'amb');
  }
  const genSticky = new RegExp(genAlt, 'y');
  const genAnchors = new Set([
    'typical',
    'bloody',
    'filthy',
    'dirty',
    'lazy',
    'stupid',
    'thick',
    'dumb',
    'useless',
    'scrounging',
    'greedy',
    'hysterical',
    'silly',
    'daft',
    'kill',
    'kys',
    'hope',
    'deserve',
    'ought',
    'batter',
    'smash',
    'hurt',
    'stab',
    'knock',
    'slap',
    'punch',
    'too',
    'at',
    'go',
    'idiot',
    'moron',
    'imbecile',
    'cretin',
    'halfwit',
    'scumbag',
    'scum',
    'loser',
    'waste',
    'parasite',
    'vermin',
    'lowlife',
    'low',
    'pig',
    'animal',
    'cow',
    'dog',
    'send',
    'ship',
    'deport',
    'kick',
    'shove',
    'shoved',
    'shoving',
    'ram',
    'rammed',
    'ramming',
    'deaf',
    'dense',
    'dim',
    'time',
    'either',
    'genders',
    'proper',
    'real',
    'decent',
  ]);
  const profByPrefix = new Map<string, string[]>();
  for (const w of longTerms) {
    const list = profByPrefix.get(w.slice(0, 3)) ?? [];
    list.push(w);
    profByPrefix.set(w.slice(0, 3), list);
  }
  const profShort = new Set<string>();
  for (const w of shortTerms) for (const suffix of SHORT_SUFFIXES) profShort.add(`${w}${suffix}`);
  const DIGIT_LED = /^[0-9][a-z]{2,}/;
  const DIGIT_SUFFIX = /^[0-9]+(?:am|pm|th|st|nd|rd|s)$/;
  const W_SLUR = 1;
  const W_GEN = 2;
  const W_PROFANITY = 4;
  const W_POSSESSIVE_SLUR = 8;
  const W_EMBEDDED = 16;
  const W_SINGLE_LETTER = 32;
  /** A word with a family role's name in it ("mum", "mums", "stepfather"): the gate of ROLE_PRAISED below. */
  const W_ROLE = 64;
  /** A word of praise that the insult's frame may hold ("star", "gem"): the gate of PRAISED_AS below. */
  const W_PRAISED = 128;
  const roles = new RoleMemo((w) => {
    let r = (slurWords.has(w) ? W_SLUR : 0) | (genAnchors.has(w) ? W_GEN : 0);
    const apostrophe = w.indexOf("'");
    if (
      apostrophe > 0 &&
      slurWords.match([{ w: w.slice(0, apostrophe), start: 0, end: 0, sentence: 0, clause: 0, id: -1 }], 0)?.value === 'slur'
    ) {
      r |= W_POSSESSIVE_SLUR;
    }
    const base = apostrophe > 0 ? w.slice(0, apostrophe) : w;
    if (embeddedRe.test(w) || LETTER_DIGIT_LETTER.test(w)) r |= W_EMBEDDED;
    if (w.length === 1 && w >= 'a' && w <= 'z') r |= W_SINGLE_LETTER;
    if (ROLE_WORDS.some((role) => w.includes(role))) r |= W_ROLE;
    if (PRAISE_NOUNS.has(w)) r |= W_PRAISED;
    if (
      profShort.has(w) ||
      profShort.has(base) ||
      (w.length > 3 && profByPrefix.get(w.slice(0, 3))?.some((p) => w.startsWith(p))) ||
      (DIGIT_LED.test(w) && !DIGIT_SUFFIX.test(w))
    ) {
      r |= W_PROFANITY;
    }
    return r;
  });
  /** Strong profanity inside a word ("motherfucker", "bullsh1t"): a per-word check, remembered by word. */
  const embeddedRe = new RegExp([...anywhere].join('|'));
  const LETTER_DIGIT_LETTER = /[a-z][0-9]+[a-z]/;
  /** Letters round leetspeak symbols ("sh!t", "f@ck"): only where such a symbol is in the text. */
  const symbolHint = /[a-z][0-9@$|*#€!]+[a-z]/g;
  /** Leetspeak symbols; a native indexOf per symbol is cheaper than a regex pass over clean text. */
  const SYMBOLS = ['@', '$', '|', '*', '#', '€'];
  const tokenCache = new Map<string, boolean>();

  // obscenity costs ~20 µs a call even on one word; the same tokens recur ("Penistone"), so remember them.
  const profanityCache = new Map<string, Array<[number, number]>>();
  const profanityIn = (part: string): Array<[number, number]> => {
    const cached = profanityCache.get(part);
    if (cached) return cached;
    const spans = matcher.getAllMatches(part).map((m): [number, number] => [m.startIndex, m.endIndex + 1]);
    if (profanityCache.size > 5_000) profanityCache.clear();
    profanityCache.set(part, spans);
    return spans;
  };

  const isCandidateToken = (token: string): boolean => {
    const cached = tokenCache.get(token);
    if (cached !== undefined) return cached;
    const result = checkToken(token);
    // Bounded: council text repeats its words, so a modest cache catches nearly all of them.
    if (tokenCache.size > 20_000) tokenCache.clear();
    tokenCache.set(token, result);
    return result;
  };

  const checkToken = (token: string): boolean => {
    const sk = skeletonOf(token);
    if (sk.length < 2) return false;
    const col = collapse(sk);
    const cons = collapse(sk.replace(VOWELS, ''));
    for (const t of terms) {
      if (EMBEDDED.has(t.word) || t.word.length > 4) {
        if (col.includes(t.collapsed)) return true;
        if (
          cons[0] === t.consonants[0] &&
          t.consonants.length >= 3 &&
          cons.startsWith(t.consonants) &&
          cons.length <= t.consonants.length + 3
        )
          return true;
      } else if (sk.startsWith(t.word) && SHORT_SUFFIXES.has(sk.slice(t.word.length))) {
        return true;
      }
    }
    return false;
  };

  const detectOnce = (text: string): Finding[] => {
    const found: Finding[] = [];

    // 1. obscenity, only where a cheap skeleton pre-filter sees a candidate token (obscenity costs ~0.2 µs a character).
    const lower = lowerSameLength(text);
    const windows: Array<[number, number]> = [];
    const seen = new Set<number>();
    /** Check the whitespace-delimited token around a hint once; returns where it ends. */
    const addWindow = (at: number, len: number): number => {
      let ts = at;
      let te = at + len;
      while (ts > 0 && !isSpace(text.charCodeAt(ts - 1))) ts--;
      while (te < text.length && !isSpace(text.charCodeAt(te))) te++;
      if (!seen.has(ts)) {
        seen.add(ts);
        if (isCandidateToken(text.slice(ts, te))) windows.push([ts, te]);
      }
      return te;
    };
    const general: RegExpExecArray[] = [];
    const { tokens } = tokensOf(text);
    /** Sentences the rules read and judged ordinary, which the learned backstop does not overrule. */
    const ordinary = new Set<number>();
    const sentenceOf = (at: number): number => tokens.find((t) => t.end > at)?.sentence ?? -1;
    let singleRun = 0;
    let spaced = false;
    let praised = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      const w = t.w;
      const role = roles.of(t);
      // Four single letters in a row ("f u c k") are worth the spaced-letters check below.
      singleRun = role & W_SINGLE_LETTER ? singleRun + 1 : 0;
      if (singleRun >= 4) spaced = true;
      if (role === 0) continue;
      if (role & W_PRAISED) praised = true;
      if (role & W_EMBEDDED) addWindow(t.start, w.length);
      const slur = role & W_SLUR ? slurWords.match(tokens, i) : null;
      if (slur && innocentInContext(lower, t.start, tokens[slur.last]!.end)) {
        i = slur.last;
        continue;
      }
      if (slur) {
        const end = tokens[slur.last]!.end;
        if (slur.value === 'slur') {
          found.push({ type: 'OFFENSIVE', start: t.start, end, rule: 'offensive.lexicon', confidence: 0.9 });
        } else {
          // Only aimed at someone: "you're a …", "he's a …", "that …". A word as often said of a thing ("that old crock
          // of a van", "such an old crock, that washing machine") only of a person: "you're an old crock", or compared
          // after ("should suit an old crock like you"), not the writer's own ("I'm an old crock like you").
          const before = lower.slice(Math.max(0, t.start - 40), t.start);
          const thing = OBJECT_SLURS.has(lower.slice(t.start, end));
          const aimed = /^\s+of\s+an?\b/.test(lower.slice(end, end + 8)) ? null : AIMED_AT.exec(before);
          const subject = aimed && thing && !PERSON_AIMED.test(aimed[0]) ? null : aimed;
          const liked = thing && !subject && !SELF_BEFORE.test(before) ? LIKE_A_PERSON.exec(lower.slice(end, end + 12)) : null;
          if (liked)
            found.push({
              type: 'OFFENSIVE',
              start: t.start,
              end: end + liked[0].length,
              rule: 'offensive.lexicon-directed',
              confidence: 0.8,
            });
          if (subject)
            found.push({
              type: 'OFFENSIVE',
              start: t.start - (before.length - subject.index),
              end,
              rule: 'offensive.lexicon-directed',
              confidence: 0.8,
            });
        }
        i = slur.last;
        continue;
      }
      if (role & W_GEN) {
        genSticky.lastIndex = t.start;
        const m = genSticky.exec(lower);
        if (m && m.index === t.start) {
          general.push(m);
          continue;
        }
      }
      // A possessive slur ("paki's"), or obscenity's word at the start of this one.
      if (role & W_POSSESSIVE_SLUR) {
        found.push({ type: 'OFFENSIVE', start: t.start, end: t.start + w.indexOf("'"), rule: 'offensive.lexicon', confidence: 0.9 });
        continue;
      }
      if (role & W_PROFANITY) addWindow(t.start, w.length);
    }
    if (SYMBOLS.some((c) => lower.includes(c))) {
      SYMBOL_RE.lastIndex = 0;
      for (let m = SYMBOL_RE.exec(lower); m; m = SYMBOL_RE.exec(lower)) SYMBOL_RE.lastIndex = addWindow(m.index, 1);
    }
    // Only for "!": a match with another symbol lies in a whitespace-delimited token the pass above has taken already,
    // and one with digits alone ("sh1t") in a word token marked W_EMBEDDED (LETTER_DIGIT_LETTER) in the loop before it.
    if (lower.includes('!')) {
      symbolHint.lastIndex = 0;
      for (let h = symbolHint.exec(lower); h; h = symbolHint.exec(lower)) symbolHint.lastIndex = addWindow(h.index, h[0].length);
    }
    windows.sort((a, b) => a[0] - b[0]);
    // Letters spaced out ("f u c k"): join the run and look for strong profanity.
    for (const m of spaced ? execAll(SPACED_LETTERS, lower) : []) {
      const joined = collapse(skeletonOf(m[0]));
      if (terms.some((t) => EMBEDDED.has(t.word) && joined.includes(t.collapsed))) {
        found.push({ type: 'OFFENSIVE', start: m.index, end: m.index + m[0].length, rule: 'offensive.spaced', confidence: 0.8 });
      }
    }
    for (const [ws, we] of windows) {
      const part = text.slice(ws, we);
      for (const [s, e] of profanityIn(part)) {
        const start = ws + s;
        const end = ws + e;
        if (
          isAllowedWord(text, start, end) ||
          isCapitalisedName(text, start, end) ||
          titledSurname(text, lower, start, end) ||
          namesAPlace(text, start, end) ||
          innocentInContext(lower, start, end)
        )
          continue;
        found.push({ type: 'OFFENSIVE', start, end, rule: 'offensive.profanity', confidence: 0.9 });
      }
      // Masked vowels the library does not resolve ("c*nt", "sh*t").
      if (/[*#]/.test(part)) {
        const cons = collapse(skeletonOf(part).replace(VOWELS, ''));
        if (terms.some((t) => EMBEDDED.has(t.word) && cons === t.consonants)) {
          found.push({ type: 'OFFENSIVE', start: ws, end: we, rule: 'offensive.masked', confidence: 0.8 });
        }
      }
    }

    // Masks that keep only the first letter or two ("f***", "c**t").
    if (text.includes('*') || text.includes('#')) {
      for (const m of execAll(MASKED, lower)) {
        found.push({ type: 'OFFENSIVE', start: m.index, end: m.index + m[0].length, rule: 'offensive.masked', confidence: 0.8 });
      }
    }

    // "She was a proper mum to those kids": the parent praised, not said to have failed (the pattern above needs
    // "if you'd been" or "you're not"); read and found ordinary, and the learned backstop defers to that.
    // The role's word first, from the tokens' remembered roles: the pattern ends in one, and most messages name none.
    // (Its letters are word characters, so wherever the text holds one, a token does.)
    if (tokens.some((t) => (roles.of(t) & W_ROLE) !== 0))
      for (const m of execAll(ROLE_PRAISED, lower))
        if (!ROLE_FAILED_BEFORE.test(lower.slice(Math.max(0, m.index - 24), m.index))) ordinary.add(sentenceOf(m.index));

    if (praised) for (const m of execAll(PRAISED_AS, lower)) ordinary.add(sentenceOf(m.index));
    if (lower.includes(' of person who')) for (const m of execAll(KIND_ASKED, lower)) ordinary.add(sentenceOf(m.index));

    for (const m of general) {
      let startAt = m.index;
      const g = m.groups ?? {};
      // "go back to Poland": an order to the person, not "I'm going to go back to Poland for Christmas".
      if (g.goBack) {
        // "… or go back to Romania for the summer": a trip, not an order; the learned backstop defers to that.
        if (TRIP_AFTER.test(lower.slice(m.index + m[0].length, m.index + m[0].length + 12))) {
          ordinary.add(sentenceOf(m.index));
          continue;
        }
        const head = lower.slice(Math.max(0, m.index - 40), m.index);
        const clauseBefore = lower.slice(Math.max(0, m.index - 80), m.index);
        if (!GO_BACK_SUBJECT.test(m.index <= 40 ? `\n${head}` : head) && !GO_BACK_CONDITION.test(clauseBefore)) continue;
      }
      if (g.insult || g.threat || g.tooTail || m[0].startsWith('deserve') || m[0].startsWith('ought')) {
        const before = lower.slice(Math.max(0, m.index - 40), m.index);
        const subject = g.insult
          ? INSULT_SUBJECT.exec(before)
          : g.threat
            ? THREAT_SUBJECT.exec(before)
            : g.tooTail
              ? TOO_SUBJECT.exec(before)
              : DIE_SUBJECT.exec(before);
        if (!subject) continue;
        // "I'm such an idiot", "I was a total idiot": the writer's own failing, said of nobody else.
        if (g.insult && SELF_BEFORE.test(before)) continue;
        // Third person: only the condescending "too old to understand", not "too old to climb stairs".
        if (
          g.tooTail &&
          /^(?:he|she|they|your|his|her|their)/.test(subject[0]) &&
          !TOO_THIRD_PERSON_TAIL.test(lower.slice(m.index + m[0].length, m.index + m[0].length + 32))
        )
          continue;
        startAt = m.index - (before.length - subject.index);
      }
      const s = sentenceAround(text, startAt, m.index + m[0].length);
      // A pattern that checks the words before its anchor by a lookbehind ("is it her | time of the month") takes
      // them in: from the start of its sentence.
      if (g.lb1 !== undefined || g.lb2 !== undefined || g.lb3 !== undefined || g.lb4 !== undefined) startAt = s.start;
      found.push({
        type: 'OFFENSIVE',
        start: startAt,
        end: Math.max(s.end, m.index + m[0].length),
        rule: 'offensive.generalisation',
        confidence: 0.8,
      });
    }

    // 4. Statements by structure: a group, a generalising or prescriptive frame and an evaluation; insults; and
    // statements by clause structure without an evaluation word (blame, comparisons, sarcasm, exclusion).
    // Findings read from the message around a group rather than from a statement about it (a partner in scare
    // quotes, a sneer such as "what a surprise", siding such as "can't say I blame them") are deferred: added after
    // the learned backstop has had its turn, so that where they sit inside a report the backstop's reading of the
    // rest of the message still counts.
    const statements = detectHostileStatements(text, structure, ordinary);
    found.push(...statements.found);

    // 5. Nothing by rule: the learned backstop scores each sentence (learned.ts), and the best one over its
    // threshold is the finding.
    const learnedFinding = (hit: SentenceScore | null): Finding | null => {
      // "I was a total idiot": the writer's own failing, said of nobody else, as for the insult patterns.
      const sentence = hit ? lower.slice(tokens[hit.from]!.start, tokens[hit.last]!.end) : '';
      if (
        !hit ||
        ordinary.has(hit.sentence) ||
        INSTITUTION_BARRED.test(sentence) ||
        (SELF_SAID.test(sentence) && !OTHERS_NAMED.test(sentence) && !namesGroup(tokens, hit.from, hit.last))
      )
        return null;
      return {
        type: 'OFFENSIVE',
        start: tokens[hit.from]!.start,
        end: tokens[hit.last]!.end,
        rule: 'offensive.learned',
        confidence: Math.round(hit.probability * 100) / 100,
      };
    };
    const ruled = found.length > 0;
    if (!ruled) {
      const learned = learnedFinding(learnedModel().best(text, tokensOf(text)).offensive);
      if (learned) found.push(learned);
    }

    found.push(...statements.deferred);
    if (found.length === 0) return found;
    // Reports of abuse, quotations and counter-speech describe the words; they are not the abuse. Decided
    // per finding, clause by clause: a report in one sentence does not excuse abuse in the next.
    // (The learned finding has its own check for the writer's self-reproach, above.)
    const stands = (f: Finding): boolean =>
      !endsInnocently(lower, f.start, f.end) &&
      !isReportedOrCountered(text, f.start, f.end, structure) &&
      (f.rule === 'offensive.learned' || !saidOfWriter(text, f.start, f.end));
    let own = found.filter(stands);
    // Every rule's finding was a report, a quotation or counter-speech: the backstop has not yet read the message, and
    // another sentence may still be abuse of the writer's own ("Mr Cole says the neighbour called him a 'poofter'.
    // Logged. Honestly though, gay men are so touchy …"). Only the other sentences: where the rules found words and
    // judged them reported, countered or kindly meant, the backstop does not overrule them; and only a sentence that
    // names a group, since the writer's verdict on the words ("I'm with you on this, it's vile") scores as hostile as
    // they do. Its finding passes the same checks.
    if (own.length === 0 && ruled) {
      const hits = learnedModel().offensiveSentences(text, tokensOf(text));
      if (hits.length > 0) {
        const judged = new Set<number>();
        for (const f of found) for (let s = sentenceOf(f.start), e = sentenceOf(f.end - 1); s <= e && s >= 0; s++) judged.add(s);
        let hit: SentenceScore | null = null;
        for (const h of hits)
          if (!judged.has(h.sentence) && namesGroup(tokens, h.from, h.last) && (!hit || h.probability > hit.probability)) hit = h;
        const learned = learnedFinding(hit);
        if (learned && stands(learned)) own = [learned];
      }
    }
    return own.length === 0 ? own : mergeOverlaps(own);
  };
  // "Neighbour says the Kurdish lads are all on the take. Seems right.": a report the writer sides with is read again
  // as the writer's own words, when nothing was found in the message as written. (The tokens are shared and valid for
  // the last text only: the span's are made here, after every use of the message's own.)
  const detect = (text: string): Finding[] => {
    const found = detectOnce(text);
    if (found.length > 0) return found;
    const span = endorsedReport(tokensOf(text));
    if (!span) return found;
    return detectOnce(text.slice(span.start, span.end)).map((f) => ({ ...f, start: f.start + span.start, end: f.end + span.start }));
  };
  return detect;
}

/** Before "go back to <country>": the start of a sentence (an order), or "you/they (all) should/can/just". */
/** "if you don't like how we do things here, go back to Romania": the order after a condition on the person. */
const GO_BACK_CONDITION = /\bif\s+(?:you|u|they)\s+(?:don'?t|do\s+not|doesn'?t|can'?t)\s+(?:like|want|fit)\b[^.!?]*$/;
const GO_BACK_SUBJECT = /(?:[\n.!?,;:]\s*|\b(?:you|u|they|should|just|can|could)\s+(?:all\s+)?(?:should\s+|can\s+|just\s+)?)$/;

/** Ambiguous slurs said of things at least as often as of people: aimed only at a person named as such. */
const OBJECT_SLURS = new Set(['old crock']);
/** The person forms of AIMED_AT: "you're", "he's", "she's", "they're" (not "that", "what a", "such a"). */
const PERSON_AIMED = /^(?:you|ur|u r|he|she|they)/;
/** After a slur, the person it is aimed at: "an old crock like you". */
const LIKE_A_PERSON = /^\s+like\s+(?:you|u|him|her|them|yourself)\b/;
const AIMED_AT =
  /\b(?:you(?:'re|’re| are| r)?|ur|u r|he(?:'s|’s| is)|she(?:'s|’s| is)|they(?:'re|’re| are)|that|what an?|such an?|bloody|stupid|typical)\s+(?:an?\s+)?(?:\w+\s+)?$/;

/** The writer as the subject of an insult: "I'm such an …", "I was a total …". */
const SELF_BEFORE = /(?:^|[^\w'])(?:i'?m|i’m|i\s+am|i\s+was|i\s+feel\s+like)\s+(?:such\s+)?(?:an?\s+)?(?:[\w*]+\s+)?$/;
/**
 * Is the finding the writer's joke at their own expense ("I'm a typical old bloke, can't find anything in the
 * fridge", "I'm lowkey thick as mince this morning")? The writer is its subject, and it speaks of nobody else.
 */
function saidOfWriter(text: string, start: number, end: number): boolean {
  // Its first clause: a sentence running on past an emoji ("… to log in 😭 Hope you are well") is not about "you".
  const span = text
    .slice(start, end)
    .toLowerCase()
    .split(/[,.!?;:\n]|\p{Extended_Pictographic}/u)[0]!;
  if (OTHER_PERSON.test(span)) return false;
  return SELF_START.test(span) || SELF_BEFORE.test(text.slice(Math.max(0, start - 40), start).toLowerCase());
}
const OTHER_PERSON = /\b(?:you|your|ur|u|they|them|their|theyre|he|she|his|him|her|hes|shes|we|us|our)\b/;
const SELF_START = /^(?:i'?m|i’m|i\s+am|i\s+was)\s+(?!not\b|sorry\b|afraid\b|telling\b|sure\b|just\s+saying\b)/;
/** "the council has no business charging you twice": an institution told what it may not do, not a person barred. */
const INSTITUTION_BARRED =
  /\b(?:the|this|that|your|our|their)\s+(?:council|landlord|agent|agency|company|department|team|association|office|contractor|scheme|service)\s+(?:has|have|had)\s+no\s+business\b/;
const ROLE_WORDS = ['mum', 'mother', 'dad', 'father', 'wife', 'husband'];
const ROLE_PRAISED = new RegExp(String.raw`\ba\s+(?:proper|real|decent|good|great|lovely)\s+(?:${ROLE_WORDS.join('|')})\b`, 'g');
/**
 * "Yer a right star", "you're a pure gem", "ur an absolute legend": the insult's frame kindly meant. The rules find no
 * insult in it, and the learned backstop, which has seen the frame mostly with insults, defers to that.
 */
const PRAISE_NOUNS = new Set(
  'star superstar gem diamond treasure legend angel hero saint godsend lifesaver sweetheart darling belter cracker'.split(' '),
);
const PRAISED_AS = new RegExp(
  String.raw`\b(?:you(?:'re|’re| are| r)?|ye(?:'re|’re)?|yer|ur|u r)\s+(?:an?\s+)(?:(?:right|pure|proper|real|absolute|total|little|such)\s+)?` +
    String.raw`(?:${[...PRAISE_NOUNS].join('|')})\b`,
  'g',
);
/**
 * "Are you the kind of person who struggles with forms? We can help.": the person asked about a need, with help
 * offered in the next sentence; not the person sorted into a kind.
 */
const KIND_ASKED =
  /\bare\s+(?:you|u)\s+the\s+(?:kind|sort|type)\s+of\s+person\s+who\b[^?]*\?\s*(?:we|i)(?:\s+can|'?ll|’ll|\s+will|\s+could)\s+help\b/g;
const ROLE_FAILED_BEFORE =
  /(?:\bif\s+(?:you|u)(?:'?d|\s+had|\s+were|\s+was)\s+(?:been\s+)?|(?:you'?re|ur|you\s+are)\s+not\s+|\bnot\s+|\bnever\s+)$/;
/** After "go back to <country>": a trip ("for the summer", "next week"), not an order. */
const TRIP_AFTER = /^\s+(?:for|on|in|next|this|at)\b/;
/** The writer describing themself ("I'm such a…", "I was an…"), and anyone else named in the same sentence. */
const SELF_SAID = /(?:^|[^\w'])(?:i'?m|i’m|i\s+am|i\s+was|i\s+feel\s+like)\s+(?:\w+\s+)?(?:an?\s+)/;
const OTHERS_NAMED = /\b(?:you|u|ur|your|yours|he|she|him|her|his|they|them|their|people|lot)\b/;
/** Who an insult, threat or "too old" is aimed at, in the words just before it. */
const INSULT_SUBJECT = /\b(?:you(?:'re|’re| are| r)?|ur|u r|what an?|such an?)\s+(?:an?\s+)?(?:[\w*]+\s+)?$/;
const THREAT_SUBJECT = /\b(?:i'?ll|i\s+will|i'?m\s+(?:gonna|going\s+to)|gonna|we'?ll|we\s+will)\s+(?:\w+\s+)?$/;
/**
 * Who is "too old to …": the person written to, a pronoun, or a relative named by their relation ("your dad is too old
 * to be making decisions about his own money").
 */
const TOO_SUBJECT =
  /\b(?:you(?:'re|’re| are| r)?|ur|he(?:'s|’s| is)|she(?:'s|’s| is)|they(?:'re|’re| are)|(?:your|his|her|their)\s+(?:dad|mum|mom|father|mother|nan|nana|gran|granny|grandad|grandma|grandpa|husband|wife|partner|brother|sister|uncle|aunt|auntie|parents|grandparents)(?:'s|’s| is| are))\s+(?:\w+\s+)?$/;
/** Said of someone else, only the condescending tails: "too old to understand", "too old to be making decisions". */
const TOO_THIRD_PERSON_TAIL =
  /^\s+(?:understand|know|learn|matter|bother|care|have a say|be trusted|get it|follow|work|change|decide|(?:be\s+)?mak(?:e|ing)\s+(?:\w+\s+)?decisions)\b/;
const DIE_SUBJECT = /\b(?:you|u)\s+$/;

/** Profanity with the middle masked, which neither obscenity nor the skeleton check can read. */
const MASKED =
  /(?<![a-z*#])(?:f[*#]{2,3}(?:k|ck)?(?:ing|in|er|ers|ed|s)?|f[*#]ck\w*|f[*#]{1,2}king|c[*#]{2}t|c[*#]nt|sh[*#]t|b[*#]{3}h|b[*#]tch|tw[*#]t|w[*#]nk\w*|b[*#]{5}d|b[*#]st[*#]rd)(?![a-z*#])/g;

const SYMBOL_RE = /[@$|*#€]/g;

/** Single letters separated by spaces or dots ("f u c k"). */
const SPACED_LETTERS = /\b[a-z](?:[\s.*_-][a-z]){3,}\b/g;

/** A title before a surname ("Mr Cock", "Mrs Dykes"), as a regex alternation. */
const HONORIFIC = 'mr|mrs|ms|miss|dr|cllr';
/** "along the", "by the" …: a bank or wall walked beside ("the footpath along the dykes"). */
const BESIDE_THE = String.raw`(?:along|by|beside|across|over|alongside|atop)\s+the`;
/**
 * Words that are abuse in one sense and ordinary in another, told apart by the word before or after:
 * "great tits and blue tits" (birds), "spotted dick" and "faggots and peas" (food), "Dyke Road" and "the dykes along
 * the river" (a road, a bank), "pussy willow", "a fag break" (a cigarette). Only the words listed, only in that company.
 */
const INNOCENT_BEFORE: Record<string, RegExp> = {
  tit: /\b(?:great|blue|coal|marsh|willow|crested|long[ -]tailed|bearded|penduline)\s+$/,
  tits: /\b(?:great|blue|coal|marsh|willow|crested|long[ -]tailed|bearded|penduline)\s+$/,
  dick: /\bspotted\s+$/,
  // "Mr Cock from the residents' association": a surname. "Hiya cock", "ta-ra cock": a Potteries and northern
  // greeting, said to a friend.
  cock: new RegExp(String.raw`\b(?:${HONORIFIC})\.?\s+$|\b(?:hiya|ta-ra|tara|ey\s+up|eyup|ay\s+up|ayup)[,!]?\s+$`),
  // "the footpath along the dykes at Marsh End": a bank walked along; "Mrs Dykes": a surname.
  dykes: new RegExp(String.raw`\b(?:flood|drainage|sea|river|${HONORIFIC}|${BESIDE_THE})\.?\s+$`),
  // "the old dyke on Marsh Lane", "the dry stane dyke", "the Fen Dyke", "Mr Dyke": a wall or bank, or a surname.
  dyke: new RegExp(
    String.raw`\b(?:flood|drainage|sea|river|fen|devil's|offa's|stone|stane|dry|drystone|drystane|old|field|boundary|turf|${HONORIFIC}|${BESIDE_THE})\.?\s+$`,
  ),
  faggots: /\b(?:pork|brains|welsh|homemade|home-made)\s+$/,
  faggot: /\b(?:pork|brains|welsh)\s+$/,
};
const INNOCENT_AFTER: Record<string, RegExp> = {
  // "the dyke maintenance schedule", "dyke clearance": drainage work.
  dyke: /^\s+(?:road|rd|lane|street|avenue|way|drive|close|wall|bank|along|by|near|path|end|behind|top|side|gate|works|repairs?|maintenance|clearance|clearing|cleaning|inspection|inspections|is\s+being)\b/,
  // "the tit box by the pond": a nest box for the birds.
  tit: /^\s+(?:box|boxes|nest|nests|nestbox|nestboxes)\b/,
  // Cocks Moors Woods (a leisure centre and park in Birmingham).
  cocks: /^\s+moors?\s+woods?\b/,
  dykes: /^\s+(?:along|by|near|on|at|are|were|need|have|end|path)\b/,
  faggots:
    /^(?:\s*,\s*(?:mash|chips|peas|gravy|onion)|\s+(?:(?:and|n|&)\s+(?:the\s+)?(?:mushy\s+)?(?:peas|mash|chips|gravy)|in\s+gravy|with\s+(?:the\s+)?(?:mushy\s+)?(?:peas|mash|gravy)|of\s+(?:wood|sticks|brushwood|twigs|hazel)))\b/,
  // "the faggot bundles for the hedge-laying course": bundles of sticks.
  faggot: /^\s+(?:and\s+(?:peas|mash|chips|gravy)|in\s+gravy|bundles?|of\s+(?:wood|sticks|brushwood|twigs|hazel))\b/,
  pussy: /^\s+willow\b/,
  // Cock Lane (Smithfield and elsewhere), "Dick Whittington" (the pantomime), "a chink in the fence".
  cock: /^\s+(?:lane|road|rd|street|st|hill|inn|and\s+bull|robin)\b/,
  dick: /^\s+whittington\b/,
  chink: /^\s+(?:in|of)\s+(?:the|a|light|his|her|its|their|our|your|my)\b/,
  fag: /^\s+(?:break|breaks|end|ends|butt|butts|packet|packets)\b/,
  fags: /^\s+(?:and\s+(?:booze|beer|alcohol)|packet|packets)\b/,
  // "growth was retarded by the illness", "retarded by the fire door": a process slowed, in the passive.
  retarded: /^\s+by\b/,
  // "the Spastics Society" (Scope's old name).
  spastics: /^\s+society\b/,
  // "the bitch had six puppies", "is the bitch still due to whelp?": a dog.
  bitch:
    /^\s+(?:(?:had|has\s+had)\s+(?:[a-z]+\s+){0,2}(?:pups|puppies|a\s+litter|litter)|is\s+(?:in\s+whelp|pregnant|in\s+season|on\s+heat)|and\s+(?:her\s+)?(?:pups|puppies)|pups|puppies|whelped|in\s+season|on\s+heat|(?:is\s+)?(?:still\s+)?due\s+to\s+(?:whelp|have\s+(?:her\s+)?(?:pups|puppies)))\b/,
  // "his spastic colon", "spastic paraplegia": the medical terms.
  spastic: /^\s+(?:colon|bowel|paraplegia|diplegia|quadriplegia|hemiplegia|cerebral\s+palsy)\b/,
};
function innocentInContext(lower: string, start: number, matchEnd: number): boolean {
  // The whole word: the profanity match may be its root ("dyke" in "dykes").
  let end = matchEnd;
  while (end < lower.length && lower.charCodeAt(end) >= 97 && lower.charCodeAt(end) <= 122) end++;
  const word = lower.slice(start, end);
  const before = INNOCENT_BEFORE[word];
  if (before?.test(lower.slice(Math.max(0, start - 24), start))) return true;
  const after = INNOCENT_AFTER[word];
  return after !== undefined && after.test(lower.slice(end, end + 24));
}

/**
 * Does a finding end on a word that is innocent where it stands ("Our therapy dog is a bitch and her puppies are
 * coming", "the stray was a bitch")? Whichever rule found it, the word's company decides, as for the word alone.
 */
function endsInnocently(lower: string, start: number, end: number): boolean {
  let from = end;
  while (from > start && lower.charCodeAt(from - 1) >= 97 && lower.charCodeAt(from - 1) <= 122) from--;
  const word = lower.slice(from, end);
  if (!Object.hasOwn(INNOCENT_AFTER, word) && !Object.hasOwn(INNOCENT_BEFORE, word)) return false;
  return innocentInContext(lower, from, end);
}

const TITLE_BEFORE = new RegExp(String.raw`\b(?:${HONORIFIC})\.?\s+$`);
/**
 * A longer capitalised word straight after a title, whose start the match is: a surname ("Mr Wankhede", "Mrs
 * Cockburn"). The whole word after a title is not excused ("Listen Mr Wanker"): only the known surnames in
 * INNOCENT_BEFORE are ("Mr Cock", "Mrs Dykes").
 */
function titledSurname(text: string, lower: string, start: number, end: number): boolean {
  if (!capitalisedAt(text, start)) return false;
  let wordEnd = end;
  while (/[a-z]/.test(lower[wordEnd] ?? '')) wordEnd++;
  // The rest of the word is not an ending ("Wanker") or an abusive compound's tail ("Cockface").
  const rest = lower.slice(end, wordEnd);
  if (rest.length < 3 || ABUSIVE_TAILS.has(rest)) return false;
  return TITLE_BEFORE.test(lower.slice(Math.max(0, start - 8), start));
}
const ABUSIVE_TAILS = new Set([
  'ers',
  'ing',
  'ings',
  'ier',
  'face',
  'head',
  'heads',
  'bag',
  'bags',
  'stain',
  'stains',
  'sucker',
  'suckers',
  'wit',
  'wits',
  'end',
  'ends',
  'womble',
]);

/** Words that name banks, walls and lanes as well as what they are abuse for: "Offa's Dyke", "Cock Lane". */
const PLACE_WORDS = new Set(['dyke', 'dykes', 'cock', 'cocks']);
/**
 * What such a word names when a capitalised place noun follows it: "the Big Dyke Walk", "Cock Inn", "Dyke Farm", or a
 * street named after a house or a hill ("Dykes Hall Road", "Cock Hill Lane").
 */
const PLACE_NOUN_AFTER =
  /^\s+(?:(?:Hall|House|Mill|Lodge|Park|Farm|Hill|Green|Wood|Bank|Moor|Lea|Top)\s+(?:Road|Rd|Lane|Street|St|Close|Way|Drive|Avenue|Ave)\b|Walk|Lane|Road|Rd|Street|St|End|Wood|Woods|Farm|Hill|Inn|Bank|Close|Way|Drive|Park|Green|Moor|Moors|Common|Bridge|Marsh|Drain|Path|Trail|Nature\s+Reserve)\b/;
/** One of PLACE_WORDS, capitalised, with a capitalised place noun after it: "the Big Dyke Walk on Sunday". */
function namesAPlace(text: string, start: number, end: number): boolean {
  if (!capitalisedAt(text, start) || !PLACE_WORDS.has(text.slice(start, end).toLowerCase())) return false;
  // The match may stop short of a plural's "s" ("Dyke|s Hall Road").
  const rest = text.slice(end, end + 26);
  return PLACE_NOUN_AFTER.test(rest.startsWith('s') ? rest.slice(1) : rest);
}

/** Words that are also first names ("Dick from the repairs team"): capitalised mid-sentence, a name. */
const NAME_WORDS = new Set(['dick', 'willy', 'fanny', 'randy', 'johnson']);
function isCapitalisedName(text: string, start: number, end: number): boolean {
  const word = text.slice(start, end);
  if (!NAME_WORDS.has(word.toLowerCase()) || !capitalisedAt(text, start) || word === word.toUpperCase()) return false;
  const before = text.slice(0, start).trimEnd();
  return before.length > 0 && !/[.!?:\n]$/.test(before);
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13 || c === 160;
}

function mergeOverlaps(found: Finding[]): Finding[] {
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      last.end = Math.max(last.end, f.end);
      last.confidence = Math.max(last.confidence, f.confidence);
    } else {
      out.push({ ...f });
    }
  }
  return out;
}

let originalWords: string[] | null = null;
/** The words behind obscenity's English phrases (its metadata), read once. */
function collectOriginalWords(): string[] {
  if (originalWords) return originalWords;
  const words = new Set<string>();
  const probe = new DataSet<{ originalWord: string }>().addAll(englishDataset);
  probe.removePhrasesIf((p) => {
    if (p.metadata?.originalWord) words.add(p.metadata.originalWord.toLowerCase());
    return false;
  });
  originalWords = [...words].filter((w) => !w.includes(' '));
  return originalWords;
}
