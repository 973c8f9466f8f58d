import type { Finding } from '../policy.types.js';
import { execAll, hasContextBefore, sentenceAround } from './context.js';
import { HINT_BANK_LABEL, HINT_CARD, wordHints } from './hints.js';

const SORT_CODE = /(?<![\d-])\d{2}([- ]?)\d{2}\1\d{2}(?![\d]|-\d)/g;
const ACCOUNT = /(?<![\d-])\d{4} ?\d{4}(?![\d]|-\d)/g;
/** A word that can label a sort code or an account number (on the shared tokens, see hints.ts), or "a/c" and "s/c" by their slash. */
function hasContextWord(text: string): boolean {
  if (text.includes('/c') || text.includes('/C')) return true;
  return (wordHints(text) & HINT_BANK_LABEL) !== 0;
}
const SORT_CONTEXT = /\b(sort|s\/c|sc|sortcode|bank)\b/i;
const ACCOUNT_CONTEXT = /\b(acc|acct|account|a\/c|ac)\b(?! ?(ref|reference)\b)/i;
/** Accounts that are not bank accounts: "council tax account number 61738204", "your rent account". */
const OTHER_ACCOUNT =
  /\b(?:council tax|rent|tenancy|customer|gas|electric(?:ity)?|water|energy|phone|mobile|library|parking|business rates|housing benefit|garden waste|nursery|school|meals|care)\s+(?:acc|acct|account)\b/i;

/** Accounts that are never a bank's: council tax, business rates and utilities. */
const UTILITY_ACCOUNT =
  /\b(?:council tax|business rates|gas|electric(?:ity)?|water|energy|phone|mobile|library|parking|garden waste|housing benefit)\s+(?:acc|acct|account)\b/i;

/**
 * UK bank details: a sort code (nn-nn-nn) and/or an eight-digit account
 * number. Both shapes are common in other numbers (dates, references), so
 * each needs its own context word, or the other half of the pair close by.
 */
export function detectBankAccounts(text: string): Finding[] {
  const pairs = detectUnlabelledPairs(text);
  // Otherwise each half needs a context word (sort, account, bank …), so without one there is nothing to find.
  if (!hasContextWord(text)) return pairs;
  const sorts: Finding[] = [];
  // A number named as the council's own reference, with no bank word near, is that reference whatever labels
  // a half: "statement ref is SC 71-03-45" ("SC" a code, not "sort code"), as for the pairs below.
  for (const m of execAll(SORT_CODE, text)) {
    if (labelledAsReference(text, m.index, m.index + m[0].length)) continue;
    sorts.push({ type: 'BANK_ACCOUNT', start: m.index, end: m.index + m[0].length, rule: 'bank-account.sort-code', confidence: 0 });
  }
  const accounts: Finding[] = [];
  for (const m of execAll(ACCOUNT, text)) {
    if (labelledAsReference(text, m.index, m.index + m[0].length)) continue;
    accounts.push({ type: 'BANK_ACCOUNT', start: m.index, end: m.index + m[0].length, rule: 'bank-account.account-number', confidence: 0 });
  }
  if (sorts.length === 0 && accounts.length === 0) return pairs;
  const near = (a: Finding, others: Finding[]) => others.some((o) => Math.abs(o.start - a.start) < 60);
  const out: Finding[] = [];
  for (const s of sorts) {
    const ctx = hasContextBefore(text, s.start, SORT_CONTEXT, 25);
    if (
      ctx ||
      near(
        s,
        // Not a council tax or utility account, with no bank named near: "council tax account 12345678, property ref
        // 30-11-22". (A rent, nursery or care account may be a bank account: those still pair.)
        accounts.filter(
          (a) =>
            hasContextBefore(text, a.start, ACCOUNT_CONTEXT, 25) &&
            !(
              hasContextBefore(text, a.start, UTILITY_ACCOUNT, 40) &&
              !bankWordIn(text.slice(Math.max(0, a.start - 80), Math.min(text.length, a.end + 80)).replace(/\baccount\w*/gi, ''))
            ),
        ),
      )
    ) {
      out.push({ ...s, confidence: ctx ? 0.95 : 0.8 });
    }
  }
  for (const a of accounts) {
    if (out.some((s) => a.start < s.end && s.start < a.end)) continue;
    const ctx = hasContextBefore(text, a.start, ACCOUNT_CONTEXT, 25) && !hasContextBefore(text, a.start, OTHER_ACCOUNT, 40);
    if (ctx || near(a, out)) out.push({ ...a, confidence: ctx ? 0.95 : 0.8 });
  }
  for (const p of pairs) if (!out.some((o) => p.start < o.end && o.start < p.end)) out.push(p);
  return out;
}

/** What may separate a sort code from its account number: punctuation (any dash or bar), a bank's name in brackets, "and (then)", "acc (no)", "the number is". */
const SEP = String.raw`[\s/,:;.|\-\u2013\u2014]*(?:\([A-Za-z& ]{1,20}\)[\s/,:;.|\-\u2013\u2014]*)?(?:(?:and|then|&|acc|account|a/c|no|number|the|is|its|it's)[\s/,:;.|\-\u2013\u2014]*){0,4}`;
/** A sort code shape right next to an eight-digit account number, either way round, with no label. */
const PAIR = new RegExp(
  String.raw`(?<![\d-])(?:\d{2}([- .]?)\d{2}\1\d{2}${SEP}\d{4} ?\d{4}|\d{8}${SEP}\d{2}([- .]?)\d{2}\2\d{2})(?![\d]|-\d)`,
  'gi',
);
const PAIR_GATE = /\d{2}[- .]?\d{2}[- .]?\d{2}/;
/**
 * Every pair has an account number, `\d{4} ?\d{4}` or `\d{8}`, so four digits then four more after at most a
 * space: the card hint (hints.ts) is necessary for that, and cheaper than this pattern or the pair's.
 */
const ACCOUNT_GATE = /\d{4} ?\d{4}/;

/**
 * A sort code next to an account number is a bank account even without a label
 * ("40-47-84 71653922"). A lone six-digit code ("booking ref 402184") is not.
 */
function detectUnlabelledPairs(text: string): Finding[] {
  if (!(wordHints(text) & HINT_CARD) || !ACCOUNT_GATE.test(text) || !PAIR_GATE.test(text)) return [];
  return execAll(PAIR, text)
    .filter((m) => !labelledAsReference(text, m.index, m.index + m[0].length))
    .map((m) => ({
      type: 'BANK_ACCOUNT' as const,
      start: m.index,
      end: m.index + m[0].length,
      rule: 'bank-account.sort-code-and-account',
      confidence: 0.9,
    }));
}

/**
 * The council's own kind of number, named before the pair: "case ref 20-14-87 43109822", "your complaint reference is
 * CMP 20-14-88 / 3041 9276", "claim no 40-12-66 88213404", "job number 11-22-33 44556677". "ref" or "reference" alone,
 * or a kind of record followed by "ref", "no", "number", "id" or "code". Either just before the pair (then perhaps "is"
 * and a capitalised code, "CMP"), or earlier in its sentence: "your court booking ref for the sports hall is …".
 */
const LABEL = String.raw`(?:(?:case|claim|complaint|booking|tenancy|invoice|application|membership|customer|permit|licence|job|repair|works|ticket|enquiry|appointment|register|registration|property|order|tracking|parcel|reservation|planning|badge|file|receipt|pass|voucher|canvass)\s+(?:ref|reference|no|number|id|code)|ref|reference)`;
/**
 * A kind of record that labels the number straight after it by itself: "planning application 23-01-45 / 00123456", "parcel
 * tracking: …", "library card …". Not "code", "card", "id" or "pin" alone, which are as often a bank's ("Barclays code
 * 40-47-84 no 71653922"). A bank word or a bank's name near still makes it bank details.
 */
const RECORD_BEFORE =
  /\b(?:application|parcel tracking|tracking number|booking|order|ticket|claim|permit|invoice|library card|voucher code|registration|password hint)\s*(?:no\.?|number)?\s*[:#-]?\s*$/i;
const REFERENCE_LABEL = new RegExp(String.raw`\b${LABEL}\.?(?:\s+(?:is|was))?\s*[:#-]?\s*$`, 'i');
/**
 * The label earlier in the sentence, and the number said to be it: "… booking ref for the sports hall is", "case number
 * on the new system comes out as". Not "for reference", "with reference to" (no label at all).
 */
const LABEL_EARLIER = new RegExp(
  String.raw`(?<!\b(?:for|with|in)\s+)\b${LABEL}\b[^.!?\n]{0,45}?\b(?:is|was|as)\s*[:#-]?\s*(?:[A-Z]{2,4}\s*)?$`,
  'i',
);
/** A capitalised code between the label and the number ("reference is CMP 20-14-88 …", "permit ref PP/20-45-11/…"). */
const CODE_BEFORE = /\b[A-Z]{2,4}\s*\/?\s*$/;
/**
 * Words that make a number bank details whatever it is called: a bank, an account, paying, sending money.
 * (Stems: "payment", "repay", "transferred", "refunded".)
 */
const BANK_WORDS =
  /\b(?:bank\w*|sort\s*code\w*|sort|account\w*|acc|acct|a\/c|s\/c|pa(?:y|id)\w*|repa(?:y|id)\w*|transfer\w*|refund\w*|deposit\w*|money|send|sending|sent|standing\s+order|direct\s+debit|bacs|iban|payee|building\s+society|barclays|hsbc|lloyds|natwest|santander|monzo|nationwide|halifax|starling|tsb|rbs|revolut|metro|first\s+direct|co-?op|virgin\s+money|chase|debit\s+card)\b/gi;
/**
 * A bank word denied or likened, not meant: "not a bank acc", "not a payment reference", "looks like a bank account".
 * Not "not my account" (someone else's account is bank details still).
 */
const DENIED_BEFORE = /\b(?:not|isn't|isnt|never|looks?\s+like)\s+(?:an?\s+)?$/i;

/** Is a bank word in `part`, other than one denied or likened ("it's not a bank account") and the words straight after it? */
function bankWordIn(part: string): boolean {
  let deniedEnd = -1;
  for (const m of execAll(BANK_WORDS, part)) {
    const gap = part.slice(deniedEnd, m.index);
    if ((deniedEnd >= 0 && gap.trim() === '') || DENIED_BEFORE.test(part.slice(Math.max(0, m.index - 24), m.index))) {
      deniedEnd = m.index + m[0].length;
      continue;
    }
    return true;
  }
  return false;
}

/**
 * Is the pair at [start, end) labelled as a reference of some kind, with nothing about a bank or paying near it? "Near"
 * is the pair's sentence and the 80 characters before it, so that a heading line ("Bank details for your refund:"
 * then the number on the next line) and a label ending in a dot ("ref. 20-14-87 …") still count.
 */
function labelledAsReference(text: string, start: number, end: number): boolean {
  const { start: from, end: to } = sentenceAround(text, start, end);
  const justBefore = text.slice(Math.max(0, start - 40), start).replace(CODE_BEFORE, '');
  if (
    !REFERENCE_LABEL.test(justBefore) &&
    !RECORD_BEFORE.test(justBefore) &&
    !LABEL_EARLIER.test(text.slice(Math.max(from, start - 60), start))
  )
    return false;
  return !bankWordIn(text.slice(Math.max(0, start - 80), Math.max(to, end)));
}
