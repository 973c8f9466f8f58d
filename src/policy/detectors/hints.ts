import { RoleMemo, tokensOf, type Tokens } from './clauses.js';

/**
 * Which detectors' words a message has, from one pass over the shared tokens with a per-word memo.
 * Each hint is a necessary condition for a detector's own gate (a substring test or a regex over the
 * whole message): without the hint the gate is false, so the detector skips its whole-text scans; with
 * it, the detector runs its gate as before. A gate's word lies inside one token (its characters are all
 * word characters), or, for the dotted and spaced forms ("n.h.s", "d. o. b", "pass port", "pp no"),
 * has a token the hint names.
 */
export const HINT_NHS = 1;
export const HINT_PASSPORT = 2;
export const HINT_DATE_OF_BIRTH = 4;
/** Six digits then a letter inside a word (a driving licence number). */
export const HINT_DRIVING_LICENCE = 8;
/** A word that can label a sort code or an account number ("sort", "account", "bank" …). */
export const HINT_BANK_LABEL = 16;
/**
 * A letter then a digit inside a word ("ls6"), or "gir": every postcode's outward code has both of its
 * first characters' kinds side by side, and they lie in one word (letters and digits are word characters).
 */
export const HINT_POSTCODE = 32;
/** Two letters then two digits inside a word: the start of every IBAN ("gb29"), all word characters. */
export const HINT_IBAN = 64;
/**
 * Four digits then four more, together or after one space or hyphen (the payment card gate): eight digits
 * in a row inside a word, or a word ending in four digits just before one starting with four.
 */
export const HINT_CARD = 128;

/** Per word only: a passport hint when the next word follows after one space and starts "port" or "no". */
const PASS_END = 1 << 8;
const PP_END = 1 << 9;
/** Per word only: the digit facts the card hint is built from (for a number, worked out per token). */
const RUN8 = 1 << 10;
const END4 = 1 << 11;
const START4 = 1 << 12;
const PER_WORD = PASS_END | PP_END | RUN8 | END4 | START4;

function digitFacts(w: string): number {
  let f = 0;
  let run = 0;
  for (let k = 0; k < w.length; k++) {
    const c = w.charCodeAt(k);
    if (c >= 48 && c <= 57) {
      run++;
      if (run === 4 && k === 3) f |= START4;
      if (run >= 8) f |= RUN8;
    } else run = 0;
  }
  if (run >= 4) f |= END4;
  return f;
}

const BANK_LABELS = new Set([
  'sort',
  'sortcode',
  'sortcodes',
  'acc',
  'acct',
  'account',
  'accounts',
  'bank',
  'banks',
  'banking',
  'sc',
  'ac',
]);
const SIX_DIGITS_LETTER = /\d{6}[a-z]/;
const LETTER_DIGIT = /[a-z]\d/;
const TWO_LETTERS_TWO_DIGITS = /[a-z]{2}\d{2}/;

function hintsOfWord(w: string): number {
  let h = 0;
  // "nhs", "health"; "n.h.s" has "h" as a word of its own.
  if (w.includes('nhs') || w.includes('health') || w === 'h') h |= HINT_NHS;
  // "passport"; "pass port" has a word ending "pass" before one starting "port", "pp no" one ending "pp" before "no…".
  if (w.includes('passport')) h |= HINT_PASSPORT;
  if (w.endsWith('pass')) h |= PASS_END;
  if (w.endsWith('pp')) h |= PP_END;
  // "dob", "birth", "born", "bday", "b'day"; "d.o.b" and "d. o. b" have "o" as a word of its own.
  if (w.includes('dob') || w.includes('birth') || w.includes('born') || w.includes('bday') || w.includes("b'day") || w === 'o') {
    h |= HINT_DATE_OF_BIRTH;
  }
  if (SIX_DIGITS_LETTER.test(w)) h |= HINT_DRIVING_LICENCE;
  if (LETTER_DIGIT.test(w) || w.includes('gir')) h |= HINT_POSTCODE;
  if (TWO_LETTERS_TWO_DIGITS.test(w)) h |= HINT_IBAN;
  if (w.length >= 4) h |= digitFacts(w);
  if (BANK_LABELS.has(w) || w.startsWith('acc') || w.startsWith('sort') || w.startsWith('bank')) h |= HINT_BANK_LABEL;
  return h;
}
const hintRoles = new RoleMemo(hintsOfWord);

let lastTokens: Tokens | null = null;
let lastHints = 0;

/** The hints of a message's words, OR-ed (the last message's are kept: each digit detector asks in turn). */
export function wordHints(text: string): number {
  const tokens = tokensOf(text);
  if (tokens === lastTokens) return lastHints;
  let h = 0;
  const list = tokens.tokens;
  let prevEnd4 = -2;
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!;
    // A number is outside the vocabulary (no memo): its digit facts are worked out here.
    const r = t.id < 0 ? (t.w.length >= 4 ? digitFacts(t.w) : 0) : hintRoles.of(t);
    if (r & RUN8 || (r & START4 && t.start === prevEnd4 + 1)) h |= HINT_CARD;
    prevEnd4 = r & END4 ? t.end : -2;
    if (r & (PASS_END | PP_END)) {
      const next = list[i + 1];
      const spaced = next !== undefined && next.start === t.end + 1;
      if (spaced && (((r & PASS_END) !== 0 && next.w.startsWith('port')) || ((r & PP_END) !== 0 && next.w.startsWith('no'))))
        h |= HINT_PASSPORT;
    }
    h |= r & ~PER_WORD;
  }
  lastTokens = tokens;
  lastHints = h;
  return h;
}
