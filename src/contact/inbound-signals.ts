/**
 * What an inbound message says about contact itself: an opt-out (STOP), an opt-in
 * (START), or signs that the person writing is a child. Pure and deliberately
 * conservative: an opt-out must be a request not to be messaged, not any "stop"
 * ("the bus stop", "stop the eviction"), and child signs need a statement about
 * the writer, not about someone else ("my son is 12").
 */

export type OptIntent = 'opt_out' | 'opt_in' | null;

const norm = (text: string) =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();

// The whole message is one of these (WhatsApp's and carriers' usual keywords).
const OPT_OUT_WORDS = new Set([
  'stop',
  'stop all',
  'stop please',
  'please stop',
  'unsubscribe',
  'opt out',
  'optout',
  'end',
  'cancel',
  'quit',
  'stopall',
]);
const OPT_IN_WORDS = new Set(['start', 'unstop', 'resume', 'opt in', 'optin', 'subscribe', 'start again', 'start please']);

// Or a sentence that asks not to be messaged.
const OPT_OUT_PHRASES = [
  /\b(?:do not|don't|dont|never) (?:message|text|contact|whatsapp|msg) me\b/,
  /\bstop (?:messaging|texting|contacting|whatsapping|msging|sending (?:me )?messages)(?: (?:me|to me))?\b/,
  /\bunsubscribe me\b/,
  /\btake me off (?:this|your|the) (?:list|whatsapp)\b/,
  /\bno (?:more )?(?:whatsapp )?messages please\b/,
];
const OPT_IN_PHRASES = [/\b(?:you can|please) (?:message|text|contact|whatsapp) me again\b/, /\bopt me back in\b/];

/** STOP, START, or neither. A negated request ("don't stop messaging me") is not an opt-out. */
export function classifyOptIntent(text: string | null): OptIntent {
  if (!text) return null;
  const t = norm(text);
  if (!t) return null;
  if (OPT_OUT_WORDS.has(t)) return 'opt_out';
  if (OPT_IN_WORDS.has(t)) return 'opt_in';
  if (/\b(?:don't|dont|do not) stop\b/.test(t)) return OPT_IN_PHRASES.some((r) => r.test(t)) ? 'opt_in' : null;
  if (OPT_IN_PHRASES.some((r) => r.test(t))) return 'opt_in';
  if (OPT_OUT_PHRASES.some((r) => r.test(t))) return 'opt_out';
  return null;
}

export interface ChildSignal {
  kind: 'stated_age' | 'school_year' | 'parent_permission' | 'school_context';
  /** The words that gave it away, for the manager who reviews the suspension. */
  evidence: string;
}

const NUMBER_WORDS: Record<string, number> = {
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seven: 7,
  six: 6,
};
const numberOf = (s: string) => NUMBER_WORDS[s] ?? Number(s);

/**
 * Signs that the writer is under `minAge`: a stated age ("I'm 12", "im twelve",
 * "I am 11 years old"), a school year that means under the age (UK year 1–8; year 7
 * is 11–12), a parent deciding for them ("my mum says I can't"), or a school-day
 * context about themselves ("I'm at school", "my teacher"). Each is evidence for a
 * manager, not a verdict: the conversation is suspended until they look.
 */
export function findChildSignals(text: string | null, minAge = 13): ChildSignal[] {
  if (!text) return [];
  const t = norm(text);
  const out: ChildSignal[] = [];
  const age =
    /\b(?:i'm|im|i am|am) (?:only |just )?(\d{1,2}|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen)(?: (?:years? old|yrs? old|yo|years))?\b(?! (?:minutes|mins|hours|days|weeks|months|pounds|quid|miles|percent))/.exec(
      t,
    );
  if (age) {
    const n = numberOf(age[1]!);
    // "I'm 5 minutes away" is excluded above; a bare "I'm 12" is taken as an age only when it is below the threshold.
    if (n >= 5 && n < minAge) out.push({ kind: 'stated_age', evidence: age[0] });
  }
  const year = /\b(?:i'm|im|i am|am) (?:in )?(?:year|yr) ([1-9])\b/.exec(t);
  // England's school years: Year N is age N+4 to N+5, so Year 8 ends at 13.
  if (year && Number(year[1]) + 5 <= minAge) out.push({ kind: 'school_year', evidence: year[0] });
  // The parent deciding for the writer ("my mum says I can't", "my dad won't let me"), not an adult
  // reporting what an elderly parent said ("my mum says she needs a ramp").
  const parent =
    /\bmy (?:mum|mom|mam|mummy|dad|daddy|mother|father|parents|carer|foster (?:mum|dad|carer)) (?:says|said|told me|tells me) (?:that )?(?:i|i'm|im|me)\b|\bmy (?:mum|mom|mam|dad|parents|carer) (?:won't|wont|doesn't|doesnt|will not|does not) let me\b/.exec(
      t,
    );
  if (parent) out.push({ kind: 'parent_permission', evidence: parent[0] });
  const school =
    /\b(?:i'm|im|i am) (?:at|in) (?:school|primary|primary school|class)\b|\bmy (?:teacher|form tutor|head teacher|headteacher|class teacher)\b|\b(?:after|before) school (?:today|tomorrow|club)\b|\bmy (?:primary|secondary) school\b/.exec(
      t,
    );
  if (school) out.push({ kind: 'school_context', evidence: school[0] });
  return out;
}
