import type { Finding } from '../policy.types.js';

const LOCAL = /[\p{L}\p{N}._%+'-]/u;
const DOMAIN = /[\p{L}\p{N}.-]/u;
const SHAPE = /^[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}$/u;

/** Email addresses: found from each "@" outwards, then checked for shape. */
export function detectEmails(text: string): Finding[] {
  const out: Finding[] = [];
  let at = text.indexOf('@');
  let lastEnd = 0;
  while (at >= 0) {
    let start = at;
    while (start > lastEnd && LOCAL.test(text[start - 1] ?? '')) start--;
    while (start < at && text[start] === '.') start++;
    let end = at + 1;
    while (end < text.length && DOMAIN.test(text[end] ?? '')) end++;
    while (end > at + 1 && (text[end - 1] === '.' || text[end - 1] === '-')) end--;
    if (start < at && SHAPE.test(text.slice(start, end))) {
      out.push({ type: 'EMAIL', start, end, rule: 'email.address', confidence: 0.97 });
      lastEnd = end;
    }
    at = text.indexOf('@', Math.max(at + 1, end));
  }
  return out;
}
