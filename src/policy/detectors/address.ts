import type { Finding } from '../policy.types.js';
import { RoleMemo, tokensOf } from './clauses.js';
import { lowerSameLength } from './context.js';
import { detectPostcodes, POSTCODE_SOURCE } from './postcode.js';

const SUFFIXES =
  'road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|cres|court|ct|place|pl|terrace|grove|gardens|gdns|park|square|sq|hill|walk|row|mews|rise|view|green|parade|vale|wharf|yard|gate|fold|croft|brow|bank|boulevard|circus|end|meadow|meadows|fields|heights|villas|cottages|estate|chase|hollow|approach|precinct|wynd|brae|loan|lea';
/** Words that cannot be part of a street name ("5 minutes down the road"). */
const STOP =
  'minutes|mins|min|hours|hrs|days|weeks|months|years|times|of|the|a|an|and|or|to|from|down|up|along|on|in|at|by|for|with|near|off|past|round|around|across|people|kids|children|bags|forms|pounds|miles|metres|more|other|different|same|big|small|my|your|his|her|our|their|this|that|these|those|is|are|was|were|be|we|you|i|it|they|he|she|pm|am';

const WORD = String.raw`(?!(?:${STOP})(?![^\s\d,.]))[^\s\d,.!?;:()"]+`;
const NUMBER = String.raw`\d{1,4}[a-z]?(?:-\d{1,4}[a-z]?)?`;
const FLAT = String.raw`(?:(?:flat|apartment|apt|unit|room)\s+\d{1,4}[a-z]?,?\s+)?`;

/** Street type words, found on the shared tokens; each is checked for a house number and street name before it. */
const SUFFIX_WORDS = new Set(SUFFIXES.split('|'));
const suffixRoles = new RoleMemo((w) => (SUFFIX_WORDS.has(w) ? 1 : 0));
/** "[Flat 2, ]12[A] Oak Close" ending exactly at the street type (run on a short lower-case slice). */
const STREET_HEAD = new RegExp(String.raw`^${NUMBER},?\s+(?:${WORD}\s+){0,2}${WORD}\s+(?:${SUFFIXES})\.?$`);
/** "Flat 2, " just before the house number. */
const FLAT_BEFORE = new RegExp(String.raw`(?<![^\s,(])${FLAT.slice(3, -2)}$`);
/** ", Town [Town] [POSTCODE]" straight after the street type (sticky, original case). */
const TOWN_WORD = String.raw`(?!(?:on|at|in|by|for|from|and|to|the|next|this|last)\b)\p{Lu}[\p{L}'’-]+(?![\p{L}\p{N}])`;
const STREET_TAIL = new RegExp(
  String.raw`(?:,?\s+${TOWN_WORD}(?:[ -]${TOWN_WORD}){0,2})?(?:,?\s+(${POSTCODE_SOURCE})(?![A-Za-z0-9]))?`,
  'iuy',
);
const STREET_TAIL_CASED = new RegExp(
  String.raw`(?:,?\s+${TOWN_WORD}(?:[ -]${TOWN_WORD}){0,2})?(?:,?\s+(${POSTCODE_SOURCE})(?![A-Za-z0-9]))?`,
  'uy',
);

/** Words that do not belong in an address line before a postcode ("come at 2 pm near LS6 1AN"). */
const NOT_ADDRESS_WORD = String.raw`(?!(?:at|on|in|to|from|for|by|near|and|or|pm|am|is|are|was|me|you|us|it|minutes|mins|hours|o'?clock)(?![^\s\d,.]))`;
/** "12 The Willows, Leeds " ending right before a postcode (no street type). */
const POSTCODED_HEAD = new RegExp(String.raw`^${NUMBER},?\s+(?:${NOT_ADDRESS_WORD}[^\s\d,.!?;:()"]+,?\s+){1,4}$`);

/**
 * Where an address line ending at `end` starts: tried from each digit run (a house number) in the
 * `reach` characters before, leftmost first, with a start-anchored pattern on the slice (much cheaper
 * than an end-anchored search). A "Flat 2, " before the number is included. Returns -1 if none.
 *
 * Only the last number before `end` can start a line: both patterns have no digit after the house
 * number (`\d{1,4}[a-z]?(?:-\d{1,4}[a-z]?)?`, at most 11 characters), so the last digit before `end` is
 * inside it and the line starts at most 10 characters before that digit. Only those starts are tried,
 * in the same order, which finds what trying every start from `end - reach` found.
 */
function headStart(lower: string, end: number, reach: number, head: RegExp): number {
  let last = end - 1;
  const limit = Math.max(0, end - reach);
  while (last >= limit) {
    const c = lower.charCodeAt(last);
    if (c >= 48 && c <= 57) break;
    last--;
  }
  if (last < limit) return -1;
  const from = Math.max(limit, last - 10);
  for (let i = from; i <= last; i++) {
    const c = lower.charCodeAt(i);
    if (c < 48 || c > 57) continue;
    const prev = i > 0 ? lower.charCodeAt(i - 1) : 32;
    // A number's first digit, after a space, comma or bracket (not inside "b12" or "1,200").
    if ((prev >= 48 && prev <= 57) || !(prev === 32 || prev === 44 || prev === 40 || prev === 10 || prev === 9 || i === 0)) continue;
    if (!head.test(lower.slice(i, end))) continue;
    const flat = FLAT_BEFORE.exec(lower.slice(Math.max(0, i - 30), i));
    return flat ? i - (Math.min(i, 30) - flat.index) : i;
  }
  return -1;
}

/** Postal addresses: a numbered street [, town] [postcode], or a numbered line before a postcode. */
export function detectAddresses(text: string, postcodes: readonly Finding[] = detectPostcodes(text)): Finding[] {
  if (!/\d/.test(text)) return [];
  const lower = lowerSameLength(text);
  const out: Finding[] = [];
  const { tokens } = tokensOf(text);
  let after = 0;
  for (const h of tokens) {
    if (h.start < after || suffixRoles.of(h) === 0) continue;
    // "Rd." and "St." keep their full stop; after a whole word it ends the sentence.
    const abbreviated = h.w.length <= 4 && lower[h.end] === '.' && /^(?:rd|st|ave|ln|dr|cres|ct|pl|gdns|sq)$/.test(h.w);
    const hintEnd = h.end + (abbreviated ? 1 : 0);
    const start = headStart(lower, hintEnd, 70, STREET_HEAD);
    if (start < 0) continue;
    if (out.length > 0 && start < out[out.length - 1]!.end) continue;
    // Town words must be capitalised unless a postcode follows.
    STREET_TAIL_CASED.lastIndex = hintEnd;
    let tail = STREET_TAIL_CASED.exec(text);
    if (!tail?.[1]) {
      STREET_TAIL.lastIndex = hintEnd;
      const withPostcode = STREET_TAIL.exec(text);
      if (withPostcode?.[1]) tail = withPostcode;
    }
    const end = hintEnd + (tail ? tail[0].length : 0);
    const hasPostcode = Boolean(tail?.[1]);
    out.push({
      type: 'ADDRESS',
      start,
      end,
      rule: hasPostcode ? 'address.street-postcode' : 'address.street',
      confidence: hasPostcode ? 0.95 : 0.85,
    });
    after = end;
  }
  for (const p of postcodes) {
    const end = p.end;
    if (out.some((f) => f.start < end && p.start < f.end)) continue;
    const start = headStart(lower, p.start, 80, POSTCODED_HEAD);
    if (start < 0) continue;
    out.push({ type: 'ADDRESS', start, end, rule: 'address.postcode', confidence: 0.85 });
  }
  out.sort((a, b) => a.start - b.start);
  return out;
}
