import type { Finding } from '../policy.types.js';
import { execAll, hasContextAround, lowerSameLength } from './context.js';
import { HINT_PASSPORT, wordHints } from './hints.js';

const CANDIDATE = /(?<![\w-])\d{3} ?\d{3} ?\d{3}(?![\w-]|[.,]\d)/g;
const CONTEXT = /\bpass ?ports?\b|\bpp no\b/i;

/** UK passport numbers: nine digits, named as a passport nearby (the bare shape is everywhere). */
export function detectPassports(text: string): Finding[] {
  const lower = lowerSameLength(text);
  if (!(wordHints(text) & HINT_PASSPORT)) return [];
  if (!lower.includes('passport') && !lower.includes('pass port') && !lower.includes('pp no')) return [];
  const out: Finding[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!hasContextAround(text, start, end, CONTEXT, 40, 30)) continue;
    out.push({ type: 'PASSPORT_NUMBER', start, end, rule: 'passport.context', confidence: 0.9 });
  }
  return out;
}
