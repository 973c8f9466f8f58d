import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { Finding } from '../policy.types.js';
import { digitsOf, execAll, hasContextBefore } from './context.js';

/**
 * Our own finder for UK numbers (libphonenumber's finder reads NHS numbers and
 * references as phone numbers): a trunk 0 or +44/0044 prefix, then 9–10 digits
 * with single spaces, hyphens or brackets between them.
 */
const UK_CANDIDATE = /(?<![\w+])(?:(?:\+|00)44[ -]?(?:\(0\)[ -]?)?|\(0|0)(?:\d[ \-)]{0,2}){8,9}\d(?!\d|[ -]\d)/g;
/** Other countries: +CC and 7–14 digits. */
const INTL_CANDIDATE = /(?<![\w+])\+(?!44)[1-9](?:[ -]?\d){6,13}(?!\d)/g;

/** A number someone has named as a reference rather than a phone number. */
const NEGATIVE =
  /\b(?:ref|reference|order|booking|tracking|invoice|claim|case|account|acc|policy|membership|ticket|serial|customer|payroll|nhs|passport|licence|license)\b(?: (?:no|number|num|id))?\.?(?: is)?[\s:#.-]{0,4}$/i;

/**
 * libphonenumber-js costs ~25 µs a parse; a caseworker's traffic repeats the
 * same few numbers (the office, the citizen), so remember recent verdicts.
 */
const verdicts = new Map<string, 'valid' | 'possible' | 'no'>();
function ukVerdict(national: string): 'valid' | 'possible' | 'no' {
  const known = verdicts.get(national);
  if (known) return known;
  const phone = parsePhoneNumberFromString(national, 'GB');
  const verdict = !phone || !phone.isPossible() ? 'no' : phone.isValid() ? 'valid' : 'possible';
  if (verdicts.size >= 10_000) verdicts.clear();
  verdicts.set(national, verdict);
  return verdict;
}

/** Phone numbers, normalised and checked with libphonenumber-js. Reported, allowed by the default pack. */
export function detectPhoneNumbers(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of execAll(UK_CANDIDATE, text)) {
    const value = m[0];
    let national = digitsOf(value);
    if (national.startsWith('0044')) national = '0' + national.slice(4);
    else if (national.startsWith('44') && value.trimStart().startsWith('+')) national = '0' + national.slice(2);
    if (national.startsWith('00')) national = national.slice(1);
    if (national.length < 10 || national.length > 11) continue;
    const verdict = ukVerdict(national);
    if (verdict === 'no') continue;
    const valid = verdict === 'valid';
    // Possible but not valid: the shape of a UK number in a range not (yet) in libphonenumber's metadata,
    // such as Ofcom's drama ranges (07700 900xxx). Accept only full-length geographic, non-geographic and mobile numbers.
    if (!valid && !(national.length === 11 && /^0[1237]/.test(national))) continue;
    if (hasContextBefore(text, m.index, NEGATIVE, 30)) continue;
    out.push({
      type: 'PHONE_NUMBER',
      start: m.index,
      end: m.index + value.length,
      rule: valid ? 'phone-number.uk-valid' : 'phone-number.uk-possible',
      confidence: valid ? 0.95 : 0.85,
    });
  }
  if (text.includes('+')) {
    for (const m of execAll(INTL_CANDIDATE, text)) {
      const phone = parsePhoneNumberFromString(m[0]);
      if (!phone || !phone.isValid()) continue;
      out.push({ type: 'PHONE_NUMBER', start: m.index, end: m.index + m[0].length, rule: 'phone-number.international', confidence: 0.9 });
    }
  }
  return out;
}
