import type { Finding } from '../policy.types.js';
import { lowerSameLength, sentenceAround } from './context.js';

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const ACTOR = String.raw`(?:we|i|the council|the authority|the department|the team)`;
const OBJECT = String.raw`(?:the\s+|your\s+|all\s+(?:the\s+|your\s+)?|this\s+|that\s+|their\s+|his\s+|her\s+)?(?:full\s+|whole\s+|entire\s+|outstanding\s+|remaining\s+|first\s+|last\s+)*(?:cost|costs|arrears|deposit|rent|debt|debts|fee|fees|bill|bills|invoice|balance|charges?|fine|fines|payment|payments|council tax|tax|repairs?|removal|removals|refund|grant|award|sum|amount|£\s?\d[\d,.]*k?|\d[\d,.]*\s?(?:pounds|quid))`;

const PATTERNS = [
  // "we agree to cover the deposit", "I confirm the council will pay your arrears", "we guarantee …"
  String.raw`\b${ACTOR}\s+(?:hereby\s+|can\s+|do\s+|have\s+|has\s+|will\s+|'ll\s+|’ll\s+)?(?:agree|agreed|confirm|confirmed|guarantee|guaranteed|promise|promised|commit|committed|accept|accepted|approve|approved|authorise|authorize|authorised|authorized)\s+(?:to\s+|that\s+)?(?:${ACTOR}\s+(?:will|'ll|shall)\s+)?(?:pay|cover|fund|refund|waive|write\s+off|reimburse|cancel|clear|provide|buy|purchase|the\s+(?:offer|terms|contract|agreement|tenancy|payment|purchase|deal|quote|price)|your\s+(?:offer|terms|tenancy)|payment)\b`,
  String.raw`\b${ACTOR}\s+(?:hereby\s+|have\s+|has\s+)?(?:accept|accepted|approve|approved|authorise|authorize|authorised|authorized)\s+your\s+(?:claim|request|application|bid|quote)\b`,
  // "we'll write off the arrears", "we will cover the full cost", "the council will pay your rent"
  String.raw`\b${ACTOR}\s*(?:will|'ll|’ll|shall|are\s+going\s+to|am\s+going\s+to)\s+(?:definitely\s+|now\s+|also\s+)?(?:pay|cover|fund|refund|waive|write\s+off|wipe|reimburse|cancel|clear)\s+(?:off\s+|for\s+)?${OBJECT}`,
  // "we will pay for the carpet", "the council will pay you"
  String.raw`\b(?:we|the council|the authority|the department|the team)\s*(?:will|'ll|’ll|shall|can|are\s+going\s+to)\s+(?:definitely\s+|now\s+|also\s+)?(?:pay|cover|fund|refund|reimburse)\s+for\b`,
  String.raw`\b(?:we|the council|the authority|the department|the team)\s*(?:will|'ll|’ll|shall|are\s+going\s+to)\s+(?:pay|refund|reimburse)\s+you\b`,
  // "I can confirm the grant of £500 has been approved", "agreed, £50 a week"
  String.raw`\b(?:i|we)\s+(?:can\s+)?confirm\s+(?:that\s+)?(?:the|your)\s+(?:grant|payment|award|refund|offer|tenancy|discount|reduction|repairs?)\b[^.!?\n]{0,60}?\b(?:approved|agreed|paid|accepted|granted|awarded|yours)\b`,
  String.raw`\bagreed\b[^.!?\n]{0,40}£\s?\d|£\s?\d[^.!?\n]{0,40}\bagreed\b`,
  // "this confirms your tenancy agreement", "this message confirms the payment"
  String.raw`\bthis\s+(?:message\s+|text\s+)?(?:confirms|is\s+confirmation\s+of|serves\s+as|constitutes|is)\s+(?:your\s+|the\s+|our\s+|a\s+)?(?:binding\s+|formal\s+)?(?:tenancy|agreement|contract|offer|award|payment|purchase|order|acceptance|deal|lease|settlement)\b`,
  // "consider it agreed", "it's a deal", "deal agreed", "you have my word"
  String.raw`\b(?:consider\s+it\s+(?:agreed|done|settled|a\s+deal|approved)|(?:it'?s|that'?s|it\s+is)\s+a\s+deal|deal\s+(?:agreed|done)|you\s+have\s+(?:my|our)\s+word|we\s+have\s+a\s+deal)\b`,
  // "reply YES to accept the offer", "sign today and …", "accept the terms on behalf of the council"
  String.raw`\breply\s+(?:yes|y|ok)\s+(?:to|and\s+(?:you|we|i|this))\s+(?:accept|agree|confirm|sign|commit|(?:will\s+)?(?:be\s+)?bound)\w*`,
  String.raw`\b(?:on\s+behalf\s+of\s+the\s+council,?\s+(?:i|we)\s+(?:agree|accept|confirm|approve|authorise|authorize)|(?:i|we)\s+(?:accept|agree\s+to)\s+(?:the|these|your)\s+terms)\b`,
  String.raw`\b(?:payment\s+(?:is\s+|has\s+been\s+)?confirmed|confirm(?:ing)?\s+(?:the\s+)?payment\s+of\s+£)`,
];

const SUBJECT = /\b(?:we|i|council|authority|department|team|this|consider|deal|word|reply|behalf|payment)\b|\bi'|\bwe'|£/;
const CONDITIONAL_BEFORE = /\b(?:if|unless|whether|once|until|when)\b[^.!?\n]{0,40}$/i;
const NEGATED = /\b(?:not|n't|never|cannot|can't|unable|won't)\b/i;

/** Build the binding-transaction detector (built-in phrasing plus the pack's extra phrases). */
export function createBindingTransactionDetector(extraPhrases: readonly string[]): (text: string) => Finding[] {
  const extras = extraPhrases
    .map((p) => p.trim().toLowerCase())
    .filter(Boolean)
    .map((p) => String.raw`\b${escapeRe(p).replace(/\s+/g, '\\s+')}\b`);
  const re = new RegExp(PATTERNS.map((p) => `(?:${p})`).join('|'), 'g');
  // The pack's own phrases are literal: one pass over the whole text.
  const extraRe = extras.length > 0 ? new RegExp(extras.join('|'), 'g') : null;
  const extraPlain = extraPhrases.map((p) => p.trim().toLowerCase().replace(/\s+/g, ' ')).filter(Boolean);
  // Every built-in pattern contains one of these words; sentences without one are skipped.
  const trigger =
    /\b(?:agree|confirm|guarant|promis|commit|accept|approv|authori|pay|cover|fund|refund|waive|write|wipe|reimburs|cancel|clear|deal|word)/g;
  return (text: string): Finding[] => {
    const lower = lowerSameLength(text);
    const out: Finding[] = [];
    const flat = extraRe ? flatLower(lower) : '';
    if (extraRe && extraPlain.some((p) => flat.includes(p))) {
      extraRe.lastIndex = 0;
      for (let m = extraRe.exec(lower); m; m = extraRe.exec(lower)) handle(text, m.index, m[0], out);
    }
    trigger.lastIndex = 0;
    let scannedTo = -1;
    for (let t = trigger.exec(lower); t; t = trigger.exec(lower)) {
      if (t.index < scannedTo) continue;
      const win = sentenceAround(text, t.index);
      scannedTo = win.end + 1;
      const part = lower.slice(win.start, win.end);
      // Every pattern needs someone committing or a fixed phrase; most sentences with "confirm" have neither.
      if (!SUBJECT.test(part)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(part); m; m = re.exec(part)) {
        handle(text, win.start + m.index, m[0], out);
      }
    }
    out.sort((a, b) => a.start - b.start);
    return out;
  };
}

/** Runs of whitespace as one space, so a phrase gate can use String.includes. */
function flatLower(lower: string): string {
  return lower.includes('  ') || lower.includes('\n') || lower.includes('\t') || lower.includes('\r') ? lower.replace(/\s+/g, ' ') : lower;
}

function handle(text: string, start: number, matched: string, out: Finding[]): void {
  {
    {
      // A refusal, or a condition that is not ours ("if the panel agrees"), is not a commitment.
      if (NEGATED.test(matched)) return;
      const sentence = sentenceAround(text, start, start + matched.length);
      const lead = text.slice(sentence.start, start);
      if (CONDITIONAL_BEFORE.test(lead) && !/\b(?:sign|pay|agree)\b/i.test(lead)) return;
      const last = out[out.length - 1];
      const end = Math.max(sentence.end, start + matched.length);
      if (last && start < last.end) {
        last.end = Math.max(last.end, end);
        return;
      }
      out.push({ type: 'BINDING_TRANSACTION', start, end, rule: 'binding-transaction.commitment', confidence: 0.85 });
    }
  }
}
