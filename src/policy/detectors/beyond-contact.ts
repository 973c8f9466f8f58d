import type { BeyondContactThresholds, Finding } from '../policy.types.js';
import { lowerSameLength } from './context.js';

/** Sentences about arranging contact: calls, meetings, times, places, greetings and thanks (lower-case). */
const ARRANGING =
  /\b(?:call|calls|calling|ring|phone|text|message|meet|meeting|visit|visiting|appointment|available|free|time|times|tomorrow|today|tonight|morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend|week|am|pm|o'?clock|speak|talk|chat|contact|reach|number|email|reply|office|hub|centre|center|address|come|see you|thanks|thank|hi|hello|dear|regards|cheers|when|where|arrange|book|booked|rearrange|running late|on my way|let me know|get back|back to you)\b|\d{1,2}[:.]\d{2}/;
const SENTENCE_END = /[.!?\n]+/;

/** Words in a sentence, counted by spaces (cheap; exact enough for a threshold). */
function wordsIn(sentence: string): number {
  let n = 0;
  let last = -1;
  for (let i = sentence.indexOf(' '); ; i = sentence.indexOf(' ', i + 1)) {
    const end = i < 0 ? sentence.length : i;
    if (end > last + 1) n++;
    if (i < 0) return n;
    last = i;
  }
}

/**
 * Content that goes beyond arranging contact (guidance section 5): a long message
 * whose sentences are mostly casework rather than "can you call me / can we meet".
 */
export function detectBeyondContact(text: string, t: BeyondContactThresholds): Finding[] {
  // Cheap exit: too few characters to hold minWords words.
  if (text.length < t.minWords * 2) return [];
  const lower = lowerSameLength(text);
  const sentences = lower.split(SENTENCE_END);
  const counts = sentences.map(wordsIn);
  let words = 0;
  for (const n of counts) words += n;
  if (words < t.minWords) return [];
  const needed = Math.max(t.minSubstantiveWords, t.minSubstantiveShare * words);
  let substantive = 0;
  let remaining = words;
  for (let i = 0; i < sentences.length; i++) {
    const n = counts[i] ?? 0;
    remaining -= n;
    if (n > 4 && !ARRANGING.test(sentences[i] ?? '')) substantive += n;
    // Stop as soon as the outcome is settled either way.
    if (substantive >= needed || substantive + remaining < needed) break;
  }
  if (words < t.minWords || substantive < t.minSubstantiveWords || substantive / words < t.minSubstantiveShare) return [];
  const confidence = Math.min(0.95, 0.6 + (substantive / words - t.minSubstantiveShare));
  return [
    { type: 'BEYOND_CONTACT', start: 0, end: text.length, rule: 'beyond-contact.substantive', confidence: Number(confidence.toFixed(2)) },
  ];
}
