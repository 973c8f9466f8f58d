import type { Finding } from '../policy.types.js';
import { isValidNhsNumber } from './checksums.js';
import { digitsOf, execAll, hasContextAfter, hasContextBefore, lowerSameLength } from './context.js';
import { HINT_NHS, wordHints } from './hints.js';

const CANDIDATE = /(?<![\w-])\d{3}[ -]?\d{3}[ -]?\d{4}(?![\w-]|[.,]\d)/g;
/** "NHS no", "NHS number", "nhs num", "CHI" — the words that say what the number is. */
const CONTEXT_BEFORE = /\bnhs\b|\bn\.h\.s\b|health (service )?(no|num|number)\b/i;
const CONTEXT_AFTER = /^\W{0,3}(?:is |was |=)?\s*(?:(?:my|her|his|their|the|your) )?(?:nhs|n\.h\.s)\b/i;

/**
 * NHS number: ten digits (3-3-4 spacing optional) passing modulus 11. A valid
 * check digit alone is weak (about 1 in 11 random numbers pass), so the number
 * must be named as an NHS number nearby.
 */
export function detectNhsNumbers(text: string): Finding[] {
  // The context words are required, so without them there is nothing to find.
  const lower = lowerSameLength(text);
  if (!(wordHints(text) & HINT_NHS)) return [];
  if (!lower.includes('nhs') && !lower.includes('n.h.s') && !lower.includes('health')) return [];
  const out: Finding[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isValidNhsNumber(digitsOf(m[0]))) continue;
    if (!hasContextBefore(text, start, CONTEXT_BEFORE, 45) && !hasContextAfter(text, end, CONTEXT_AFTER, 30)) continue;
    out.push({ type: 'NHS_NUMBER', start, end, rule: 'nhs-number.mod11-context', confidence: 0.95 });
  }
  return out;
}
