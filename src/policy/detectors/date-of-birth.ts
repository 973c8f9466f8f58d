import type { Finding } from '../policy.types.js';
import { isRealDate } from './checksums.js';
import { execAll, lowerSameLength } from './context.js';
import { HINT_DATE_OF_BIRTH, wordHints } from './hints.js';

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';
const MONTH_INDEX: Record<string, number> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};

/** Numeric (d/m/y, d.m.y, d-m-y, ISO) and written ("3rd March 2015", "March 3, 2015") dates. */
const DATE = new RegExp(
  [
    String.raw`(?<d1>\d{1,2})[/.\-](?<m1>\d{1,2})[/.\-](?<y1>\d{4}|\d{2})`,
    String.raw`(?<y2>\d{4})-(?<m2>\d{1,2})-(?<d2>\d{1,2})`,
    String.raw`(?<d3>\d{1,2})(?:st|nd|rd|th)?(?: of)? (?<m3>${MONTHS})\.?,?(?: (?<y3>\d{4}|'?\d{2}))?`,
    String.raw`(?<m4>${MONTHS})\.? (?<d4>\d{1,2})(?:st|nd|rd|th)?,?(?: (?<y4>\d{4}))?`,
    // day/month without a year ("bday 02/11"): only ever reported with a birth word, like every date here
    String.raw`(?<d5>\d{1,2})/(?<m5>\d{1,2})`,
  ]
    .map((p) => `(?:${p})`)
    .join('|'),
  'gi',
);
const BOUNDARY_BEFORE = /[\p{L}\p{N}/.-]$/u;
const BOUNDARY_AFTER = /^(?:[\p{L}\p{N}]|[/-]\d|\.\d)/u;
/** Without one of these there is no date of birth to find (native includes: no regex pass). */
const GATE_WORDS = ['dob', 'd.o.b', 'd. o. b', 'birth', 'born', 'bday', "b'day"];
/** Words that make a date a date of birth. */
const CONTEXT_BEFORE = /(?:\b(?:dob|date of birth|birth ?date|born(?: on)?|birthday|bday|b'day)\b|\bd\.\s?o\.\s?b\b\.?)[^.!?\d]{0,25}$/i;
const CONTEXT_AFTER = /^\W{0,3}\(?(?:dob|d\.o\.b|date of birth|birthday|born)\b/i;

function parseYear(y: string | undefined): number | null {
  if (!y) return null;
  const n = Number(y.replace("'", ''));
  return y.replace("'", '').length === 2 ? (n > 40 ? 1900 + n : 2000 + n) : n;
}

/** Dates that are named as dates of birth ("DOB", "born", "date of birth"). A bare date is an appointment. */
export function detectDatesOfBirth(text: string): Finding[] {
  if (!(wordHints(text) & HINT_DATE_OF_BIRTH)) return [];
  const lower = lowerSameLength(text);
  if (!GATE_WORDS.some((w) => lower.includes(w))) return [];
  const out: Finding[] = [];
  for (const m of execAll(DATE, text)) {
    const start = m.index;
    const end = start + m[0].length;
    if (BOUNDARY_BEFORE.test(text.slice(Math.max(0, start - 1), start))) continue;
    if (BOUNDARY_AFTER.test(text.slice(end, end + 2))) continue;
    const g = m.groups ?? {};
    const day = Number(g.d1 ?? g.d2 ?? g.d3 ?? g.d4 ?? g.d5);
    const monthRaw = g.m1 ?? g.m2 ?? g.m3 ?? g.m4 ?? g.m5 ?? '';
    const month = /^\d+$/.test(monthRaw) ? Number(monthRaw) : (MONTH_INDEX[monthRaw.slice(0, 3).toLowerCase()] ?? 0);
    const year = parseYear(g.y1 ?? g.y2 ?? g.y3 ?? g.y4) ?? 2000;
    if (!isRealDate(day, month, year)) continue;
    const before = text.slice(Math.max(0, start - 45), start);
    if (!CONTEXT_BEFORE.test(before) && !CONTEXT_AFTER.test(text.slice(end, end + 25))) continue;
    out.push({ type: 'DATE_OF_BIRTH', start, end, rule: 'date-of-birth.context', confidence: 0.9 });
  }
  return out;
}
