import type { Finding } from '../policy.types.js';
import { execAll, hasContextBefore, lowerSameLength } from './context.js';

const SORT_CODE = /(?<![\d-])\d{2}([- ]?)\d{2}\1\d{2}(?![\d]|-\d)/g;
const ACCOUNT = /(?<![\d-])\d{4} ?\d{4}(?![\d]|-\d)/g;
const GATE_WORDS = ['sort', 'acc', 'a/c', 's/c', 'bank'];
const SORT_CONTEXT = /\b(sort|s\/c|sc|sortcode|bank)\b/i;
const ACCOUNT_CONTEXT = /\b(acc|acct|account|a\/c|ac)\b(?! ?(ref|reference)\b)/i;

/**
 * UK bank details: a sort code (nn-nn-nn) and/or an eight-digit account
 * number. Both shapes are common in other numbers (dates, references), so
 * each needs its own context word, or the other half of the pair close by.
 */
export function detectBankAccounts(text: string): Finding[] {
  // Each half needs a context word (sort, account, bank …), so without one there is nothing to find.
  const lower = lowerSameLength(text);
  if (!GATE_WORDS.some((w) => lower.includes(w)) && !/\b(?:sc|ac)\b/.test(lower)) return [];
  const sorts: Finding[] = [];
  for (const m of execAll(SORT_CODE, text)) {
    sorts.push({ type: 'BANK_ACCOUNT', start: m.index, end: m.index + m[0].length, rule: 'bank-account.sort-code', confidence: 0 });
  }
  const accounts: Finding[] = [];
  for (const m of execAll(ACCOUNT, text)) {
    accounts.push({ type: 'BANK_ACCOUNT', start: m.index, end: m.index + m[0].length, rule: 'bank-account.account-number', confidence: 0 });
  }
  if (sorts.length === 0 && accounts.length === 0) return [];
  const near = (a: Finding, others: Finding[]) => others.some((o) => Math.abs(o.start - a.start) < 60);
  const out: Finding[] = [];
  for (const s of sorts) {
    const ctx = hasContextBefore(text, s.start, SORT_CONTEXT, 25);
    if (
      ctx ||
      near(
        s,
        accounts.filter((a) => hasContextBefore(text, a.start, ACCOUNT_CONTEXT, 25)),
      )
    ) {
      out.push({ ...s, confidence: ctx ? 0.95 : 0.8 });
    }
  }
  for (const a of accounts) {
    if (out.some((s) => a.start < s.end && s.start < a.end)) continue;
    const ctx = hasContextBefore(text, a.start, ACCOUNT_CONTEXT, 25);
    if (ctx || near(a, out)) out.push({ ...a, confidence: ctx ? 0.95 : 0.8 });
  }
  return out;
}
