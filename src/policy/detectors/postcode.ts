import type { Finding } from '../policy.types.js';
import { execAll } from './context.js';
import { HINT_POSTCODE, wordHints } from './hints.js';

/**
 * Royal Mail postcode format: outward code (area, district, optional sub-district)
 * and inward code (sector digit, unit letters without C I K M O V).
 */
export const POSTCODE_SOURCE =
  '(?:[A-PR-UWYZ](?:\\d[A-HJKPSTUW]?|\\d\\d|[A-HK-Y]\\d[ABEHMNPRV-Y]?|[A-HK-Y]\\d\\d) ?\\d[ABD-HJLNP-UW-Z]{2}|GIR ?0AA)';
const POSTCODE = new RegExp(`\\b${POSTCODE_SOURCE}\\b`, 'gi');

export function detectPostcodes(text: string): Finding[] {
  if (!(wordHints(text) & HINT_POSTCODE)) return [];
  const out: Finding[] = [];
  for (const m of execAll(POSTCODE, text)) {
    const value = m[0];
    // Lower-case without a space ("ab12cd") is too easily something else.
    const lower = value !== value.toUpperCase();
    if (lower && !value.includes(' ')) continue;
    out.push({
      type: 'POSTCODE',
      start: m.index,
      end: m.index + value.length,
      rule: 'postcode.royal-mail',
      confidence: lower ? 0.8 : 0.95,
    });
  }
  return out;
}
