import type { Finding } from '../policy.types.js';
import { isValidNiNumber } from './checksums.js';
import { execAll, hasContextBefore } from './context.js';

const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![A-Za-z0-9])/g;
/** Named as something else: a reference, an example, a sample. */
const NEGATIVE =
  /\b(?:ref|reference|order|booking|invoice|claim|case|example|sample|e\.g|eg|such as|like)\b\.?(?: (?:no|number|num|id|is))?[\s:#.-]{0,4}$/i;
const CONTEXT = /\b(national insurance|n\.?i\.?|nino|ni no|insurance no)\b/i;

/** National Insurance numbers that follow HMRC's prefix and suffix rules. */
export function detectNiNumbers(text: string): Finding[] {
  const out: Finding[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    const compact = m[0].replace(/ /g, '');
    if (!isValidNiNumber(compact)) continue;
    const start = m.index;
    if (hasContextBefore(text, start, NEGATIVE, 25)) continue;
    const context = hasContextBefore(text, start, CONTEXT, 40) || CONTEXT.test(text.slice(start + m[0].length, start + m[0].length + 25));
    out.push({
      type: 'NI_NUMBER',
      start,
      end: start + m[0].length,
      rule: context ? 'ni-number.hmrc-context' : 'ni-number.hmrc',
      confidence: context ? 0.98 : 0.85,
    });
  }
  return out;
}
