import type { Finding } from '../policy.types.js';
import { isValidDrivingLicence } from './checksums.js';
import { execAll, hasContextBefore } from './context.js';
import { HINT_DRIVING_LICENCE, wordHints } from './hints.js';

const CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z][A-Za-z9]{4}\d{6}[A-Za-z][A-Za-z9]\d[A-Za-z0-9]{2}(?![A-Za-z0-9])/g;
const CONTEXT = /\b(licen[cs]e|dvla|driving|driver'?s?)\b/i;

/** DVLA driving licence numbers (16 characters, structure checked). */
export function detectDrivingLicences(text: string): Finding[] {
  if (!(wordHints(text) & HINT_DRIVING_LICENCE) || !/\d{6}[A-Za-z]/.test(text)) return [];
  const out: Finding[] = [];
  for (const m of execAll(CANDIDATE, text)) {
    if (!isValidDrivingLicence(m[0])) continue;
    const ctx = hasContextBefore(text, m.index, CONTEXT, 40);
    out.push({
      type: 'DRIVING_LICENCE',
      start: m.index,
      end: m.index + m[0].length,
      rule: ctx ? 'driving-licence.dvla-context' : 'driving-licence.dvla',
      confidence: ctx ? 0.98 : 0.9,
    });
  }
  return out;
}
