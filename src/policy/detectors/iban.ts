import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import type { Finding } from '../policy.types.js';
import { execAll } from './context.js';
import { HINT_IBAN, wordHints } from './hints.js';

const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?: ?[A-Za-z0-9]{4}){2,7}(?: ?[A-Za-z0-9]{1,3})?(?![A-Za-z0-9])/g;

/** IBANs that pass the ISO 13616 mod-97 check (ibantools), with or without spaces. */
export function detectIbans(text: string): Finding[] {
  if (!(wordHints(text) & HINT_IBAN)) return [];
  const out: Finding[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    // The pattern may run into a following word; shorten group by group until valid.
    let candidate = m[0];
    while (candidate.length >= 15) {
      const compact = electronicFormatIBAN(candidate.toUpperCase()) ?? '';
      if (isValidIBAN(compact)) {
        out.push({ type: 'IBAN', start: m.index, end: m.index + candidate.length, rule: 'iban.mod97', confidence: 0.98 });
        break;
      }
      const cut = candidate.lastIndexOf(' ');
      if (cut < 0) break;
      candidate = candidate.slice(0, cut);
    }
  }
  return out;
}
