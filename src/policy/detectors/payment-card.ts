import type { Finding } from '../policy.types.js';
import { isCardIssuerPrefix, passesLuhn } from './checksums.js';
import { digitsOf, execAll, hasContextBefore } from './context.js';
import { HINT_CARD, wordHints } from './hints.js';

const CANDIDATE = /(?<![\d-])\d{4}(?:[ -]?\d{2,4}){2,4}(?:[ -]?\d{1,3})?(?![\d]|-\d)/g;
const POSITIVE = /\b(card|visa|mastercard|master card|amex|maestro|debit|credit|long number|paid|pay|payment|cvv|cvc|expiry|expires)\b/i;
/** Numbers that someone has named as something other than a card. */
const NEGATIVE =
  /\b(order|ref|reference|booking|tracking|invoice|parcel|consignment|claim|case|ticket|membership|policy|account|acc|a\/c|serial|imei|barcode|receipt|transaction|confirmation)\b[^\d]{0,20}$/i;

/** Payment card numbers: 13–19 digits, a real issuer prefix, Luhn. */
export function detectPaymentCards(text: string): Finding[] {
  if (!(wordHints(text) & HINT_CARD) || !/\d{4}[ -]?\d{4}/.test(text)) return [];
  const out: Finding[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    const digits = digitsOf(m[0]);
    if (digits.length < 13 || digits.length > 19) continue;
    if (!isCardIssuerPrefix(digits) || !passesLuhn(digits)) continue;
    const start = m.index;
    if (hasContextBefore(text, start, NEGATIVE, 30)) continue;
    const positive = hasContextBefore(text, start, POSITIVE, 40);
    out.push({
      type: 'PAYMENT_CARD',
      start,
      end: start + m[0].length,
      rule: positive ? 'payment-card.luhn-context' : 'payment-card.luhn',
      confidence: positive ? 0.97 : 0.85,
    });
  }
  return out;
}
