import type { BeyondContactThresholds, Finding } from '../policy.types.js';
import { PhraseLexicon, RoleMemo, tokensOf, type Token } from './clauses.js';

/** Words and phrases of sentences about arranging contact: calls, meetings, times, places, greetings and thanks. */
const ARRANGING_WORDS = [
  'call',
  'calls',
  'calling',
  'ring',
  'phone',
  'text',
  'message',
  'meet',
  'meeting',
  'visit',
  'visiting',
  'appointment',
  'available',
  'free',
  'time',
  'times',
  'tomorrow',
  'today',
  'tonight',
  'morning',
  'afternoon',
  'evening',
  'monday',
  'tuesday',
  'wednesday',
  'thursday',
  'friday',
  'saturday',
  'sunday',
  'weekend',
  'week',
  'am',
  'pm',
  "o'clock",
  'oclock',
  'speak',
  'talk',
  'chat',
  'contact',
  'reach',
  'number',
  'email',
  'reply',
  'office',
  'hub',
  'centre',
  'center',
  'address',
  'come',
  'see you',
  'thanks',
  'thank',
  'hi',
  'hello',
  'dear',
  'regards',
  'cheers',
  'when',
  'where',
  'arrange',
  'book',
  'booked',
  'rearrange',
  'running late',
  'on my way',
  'let me know',
  'get back',
  'back to you',
];
const arranging = new PhraseLexicon<true>();
for (const w of ARRANGING_WORDS) arranging.add(w, true);
const roles = new RoleMemo((w) => (arranging.has(w) ? 1 : /^\d{1,2}(?:[.]\d{2})?$/.test(w) ? 2 : 0), true);

/** Does the sentence of tokens [from, to) arrange contact: a contact word, or a time ("10:30", "10.30")? */
function arrangesContact(text: string, tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    const r = roles.of(t);
    if (r === 0) continue;
    if (r & 1 && arranging.match(tokens, k)) return true;
    if (r & 2 && (t.w.length > 2 ? /\.\d{2}$/.test(t.w) : text.charCodeAt(t.end) === 58 && /^\d{2}/.test(tokens[k + 1]?.w ?? '')))
      return true;
  }
  return false;
}

/**
 * Content that goes beyond arranging contact (guidance section 5): a long message
 * whose sentences are mostly casework rather than "can you call me / can we meet".
 * Counts the words of the shared tokens (the same pass the semantic detectors use).
 */
export function detectBeyondContact(text: string, t: BeyondContactThresholds): Finding[] {
  // Cheap exit: too few characters to hold minWords words.
  if (text.length < t.minWords * 2) return [];
  const { tokens } = tokensOf(text);
  const words = tokens.length;
  if (words < t.minWords) return [];
  const needed = Math.max(t.minSubstantiveWords, t.minSubstantiveShare * words);
  let substantive = 0;
  let remaining = words;
  for (let from = 0; from < tokens.length;) {
    let to = from + 1;
    while (to < tokens.length && tokens[to]!.sentence === tokens[from]!.sentence) to++;
    const n = to - from;
    remaining -= n;
    if (n > 4 && !arrangesContact(text, tokens, from, to)) substantive += n;
    // Stop as soon as the outcome is settled either way.
    if (substantive >= needed || substantive + remaining < needed) break;
    from = to;
  }
  if (substantive < t.minSubstantiveWords || substantive / words < t.minSubstantiveShare) return [];
  const confidence = Math.min(0.95, 0.6 + (substantive / words - t.minSubstantiveShare));
  return [
    { type: 'BEYOND_CONTACT', start: 0, end: text.length, rule: 'beyond-contact.substantive', confidence: Number(confidence.toFixed(2)) },
  ];
}
