/**
 * Binding promises made without a performative verb: the commitment is carried by
 * the structure of the sentence rather than by "agree" or "confirm".
 *
 * - A seal on an obligation: "your rent is £85 a week, that's final", "the
 *   subscription is free for you, on us", "you have my word the council keeps
 *   the 4 visits a day".
 * - Possession handed over: "the two-bed on Hollin Road is yours".
 * - Release from a debt: "you're off the hook for the £70 charge", "you can stop
 *   paying the council tax", "we'll just forget about it".
 * - A debt disposed of in the future: "leave the costs with me, they'll be gone
 *   by Friday".
 * - A causative guarantee: "I'll make sure you get the £1,200 compensation".
 * - The citizen's token as acceptance: "a thumbs up from you and the plan is in
 *   place".
 *
 * Each needs an obligation (or an amount of money) in its sentence, and passes
 * when the sentence is a question, conditional, hedged, reported, negated at the
 * seal, or arranges a later decision ("I'll chase it with finance").
 */

import type { Finding } from '../policy.types.js';
import { PhraseLexicon, RoleMemo, anyIn, isNegation, sentenceSpan, type Token, type Tokens } from './clauses.js';
import { FIRST_PERSON, OUTSIDE_PARTIES, SECOND_PERSON_BINDING as SECOND, phrases, words } from './person.lexicon.js';

/** A money amount token ("£20", "£1,500") or "20 pounds". */
export function isMoney(tokens: readonly Token[], k: number): boolean {
  const w = tokens[k]!.w;
  if (w.startsWith('£') && /\d/.test(w)) return true;
  return /^\d[\d,.]*k?$/.test(w) && (tokens[k + 1]?.w === 'pounds' || tokens[k + 1]?.w === 'quid');
}

type Act = 'seal' | 'possession' | 'release' | 'disposal' | 'causative' | 'token' | 'directive';

/** Phrases that make what the sentence says final or personal: the writer stakes the council on it. */
const SEALS = [
  'you have my word',
  'have my word',
  'got my word',
  'have our word',
  'got our word',
  'give you my word',
  'my word on it',
  "that's final",
  'thats final',
  'that is final',
  'final answer',
  'locked in',
  'full stop',
  'guaranteed',
  'rest assured',
  'on us',
  'my treat',
  'count on us',
  'count on me',
  'made sure of that',
  'made sure of it',
  "i've sorted it",
  'ive sorted it',
  "i've sorted that",
  "i've taken care of it",
  'ive taken care of it',
  "i've taken care of that",
  'taken care of it',
  "it's settled",
  'its settled',
  "that's settled",
  'all settled',
  "that's the end of",
  'thats the end of',
  'putting it in writing now',
  'calling it square',
  'call it square',
  'call it quits',
  "we're square",
  "we're quits",
  // The writer's own stake: "you have my assurance", "my decision", "I'm telling you now".
  'you have my assurance',
  'my assurance',
  'firm commitment',
  'commitment from us',
  'have our commitment',
  'our commitment',
  'committing to that',
  'committed to that',
  'my decision',
  "i'm telling you now",
  'telling you now',
  'make sure of it',
  'make sure of that',
  // Finality: "…, end of", "no ifs or buts", "it's cancelled".
  'end of',
  'no ifs or buts',
  'no ifs',
  "it's cancelled",
  'its cancelled',
  // Liability taken on: "the storage is on the council", "we're footing the bill", "I've got you covered".
  'on the council',
  'on me',
  'got you covered',
  'leave it to us',
  'leave it with me',
  'leave that with me',
  'leave that one with me',
  'leave this with me',
  'footing the bill',
  'foot the bill',
  'pick up the tab',
  'picking up the tab',
  'pick up the bill',
  'picking up the bill',
  'picks up the bill',
  'pick up the cost',
  'picking up the cost',
  // "I'm approving the emergency accommodation tonight at council expense"
  'at council expense',
  "at the council's expense",
  'at the councils expense',
  'at our expense',
  'coming your way',
  'fine by us',
  'fine by me',
  'fine with us',
  'ok by us',
  'okay by us',
  'decided',
  'my promise',
  'you have my promise',
  "you're covered",
  'youre covered',
  'you are covered',
  'simple as that',
  'take that as settled',
  'take it as settled',
  'take that as agreed',
  'take it as agreed',
  'take that as done',
  'take it as done',
];
/** Release of the person addressed from what they owe. */
const RELEASES = [
  'stop paying',
  'off the hook',
  'only owe',
  'no longer liable',
  'not liable',
  "won't be charged",
  'wont be charged',
  'will not be charged',
  'forget about it',
  'forget about the',
  'forget the',
  "don't need to repay",
  'dont need to repay',
  "won't need to repay",
  "don't have to repay",
  "needn't repay",
  "won't lose",
  'wont lose',
  'will not lose',
  "won't appear",
  'wont appear',
  'will not appear',
  "won't show",
  'forget them',
  'forget it',
  'not be asked to repay',
  "won't be asked to repay",
  'wont be asked to repay',
  'can keep the',
  'no need to send it back',
  'no need to pay it back',
  "don't need to pay it back",
  'no need to repay',
];
/** What a debt becomes when it is disposed of: "they'll be gone", "it will be wiped". */
const DISPOSED = new Set([
  'gone',
  'wiped',
  'cleared',
  'cancelled',
  'canceled',
  'scrapped',
  'written',
  'binned',
  'waived',
  'frozen',
  'capped',
]);
/** Said of the present, a disposal binds only with a time that makes it a commitment ("from now on … is frozen"). */
const FROM_NOW_ON = phrases(['from now on', 'from today', 'from here on', 'for good', 'permanently', 'officially']);
const PRESENT_COPULAS = new Set(['is', 'are', "they're", 'theyre', "it's", "that's", "they've", 'been']);
/** Homes and care that only the council gives, beyond the obligation lexicon ("two-bed", "4 visits a day"). */
const EXTRA_OBLIGATIONS = phrases([
  'one bed',
  'two bed',
  'three bed',
  'four bed',
  'bedsit',
  'keys',
  'visits a day',
  'calls a day',
  'care',
  'visits a week',
  'hours a week',
  'hours a day',
  'hours of care',
  'care hours',
  'respite',
  'charged',
  'charging',
  'overpaid',
  'owe',
  'paying',
  // the cost itself named: "at council expense"
  'expense',
]);
/** A condition, hedge or wish anywhere in the sentence makes it no promise. */
const GUARDS = new Set([
  'if',
  'once',
  'when',
  'until',
  'after',
  'unless',
  'provided',
  'providing',
  'assuming',
  'whether',
  'might',
  'may',
  'could',
  'maybe',
  'perhaps',
  'possibly',
  'probably',
  'hopefully',
  'hope',
  'should',
  'would',
  'likely',
  'try',
  'trying',
]);
/** Passing the decision to someone or some time later: an arrangement, not the promise. */
const LATER = new Set([
  'chase',
  'chasing',
  'ask',
  'asking',
  'check',
  'checking',
  'pass',
  'passing',
  'look',
  'looking',
  'review',
  'panel',
  'decide',
  'decides',
  'request',
]);
/** Reported: the promise is someone else's ("she said the council would cover it"). */
const REPORTED = new Set([
  'said',
  'says',
  'saying',
  'quoted',
  'quoting',
  'wrote',
  'writes',
  'states',
  'stated',
  'told',
  'reckons',
  'reckoned',
  'claims',
  'claimed',
  'apparently',
  'heard',
  'according',
  'swears',
]);

/** A quotation mark opening what a reporting verb reports. */
const QUOTE_MARK = /["“”'‘]/;

/**
 * Is the act at `at` reported as someone else's ("my sister reckons the council wiped her arrears")? A reporting
 * verb earlier in the sentence, not said by the writer ("I said we'd cover it").
 */
export function isReportedAct(tokens: readonly Token[], at: number, text = ''): boolean {
  for (let k = at - 1; k >= 0 && tokens[k]!.sentence === tokens[at]!.sentence; k--) {
    if (REPORTED.has(tokens[k]!.w)) {
      const subject = tokens[k - 1]?.w ?? '';
      // 'The letter you sent says "we are paying you £150"': words in quotation marks are the quoted writer's,
      // whoever "we" were to them.
      if (subject !== 'i' && subject !== 'we' && QUOTE_MARK.test(text.slice(tokens[k]!.end, tokens[k + 1]?.start ?? tokens[k]!.end)))
        return true;
      // "my manager says we'll absorb the cost": what is reported is the writer's side's own promise.
      const reported = tokens[k + 1]?.w === 'that' ? k + 2 : k + 1;
      const w = tokens[reported]?.w ?? '';
      if (w === 'we' || w.startsWith("we'") || w === 'i' || w.startsWith("i'")) return false;
      // "The grants officer said to pass on that you've been awarded …", "Leisure services told me to let you know …":
      // a message relayed to the citizen is the council speaking.
      if (relayedAt(tokens, k + 1)) return false;
      // "Kev in lettings says you can take over your mum's tenancy", "Council tax recovery said £10 a month is fine":
      // a colleague's or a council service's decision, passed on, is the council's, unless it is an outside party's.
      if (councilSpeakerBefore(tokens, k) && !anyIn(tokens, reported, reported + 3, REPORTED_OUTSIDERS)) return false;
      return subject !== 'i' && subject !== 'we' && subject !== 'as';
    }
  }
  return false;
}
/** The citizen's and other people's own family, friends and neighbours: "my neighbour says", "your sister said". */
const PRIVATE_PEOPLE = new Set([
  'neighbour',
  'neighbours',
  'sister',
  'brother',
  'mum',
  'dad',
  'mother',
  'father',
  'friend',
  'friends',
  'mate',
  'son',
  'daughter',
  'partner',
  'husband',
  'wife',
  'aunt',
  'uncle',
  'cousin',
  'nan',
  'gran',
]);
const POSSESSIVES = new Set(['my', 'your', 'his', 'her', 'their', 'ur']);
/**
 * Does the sentence starting at token `from` open with a private person's report ("my neighbour says her rent stays
 * at £88, that's final apparently")? What follows is theirs, not the council's, unless the writer's side speaks after
 * it. Only within its first five words: a report later in the sentence ("I've told the landlord") may be the writer's
 * own act.
 */
export function reportedByPrivatePerson(tokens: readonly Token[], from: number): boolean {
  const sentence = tokens[from]!.sentence;
  for (let k = from + 2; k <= from + 4 && tokens[k]?.sentence === sentence; k++) {
    if (!REPORTED.has(tokens[k]!.w) || !PRIVATE_PEOPLE.has(tokens[k - 1]!.w) || !POSSESSIVES.has(tokens[k - 2]!.w)) continue;
    // "Your mum says you're struggling so we've waived the £35 fee": the council acts after the report.
    for (let a = k + 1; a < tokens.length && tokens[a]!.sentence === sentence; a++)
      if (FIRST_PERSON.has(tokens[a]!.w) || tokens[a]!.w.startsWith("we'")) return false;
    return true;
  }
  return false;
}

/** "said to pass on", "told me to let you know", "asked me to tell you": a message handed on to the citizen. */
function relayedAt(tokens: readonly Token[], k: number): boolean {
  const at = tokens[k]?.w === 'me' || tokens[k]?.w === 'us' ? k + 1 : k;
  return tokens[at]?.w === 'to' && RELAYING.has(tokens[at + 1]?.w ?? '');
}
const RELAYING = new Set(['pass', 'tell', 'let', 'say', 'inform', 'confirm', 'advise']);
/** Whose report: the council's own people and services, named in the four words before the reporting verb. */
function councilSpeakerBefore(tokens: readonly Token[], k: number): boolean {
  let council = false;
  for (let b = k - 1; b >= 0 && b >= k - 4 && tokens[b]!.sentence === tokens[k]!.sentence; b--) {
    // "the DWP team said", "the housing association's officer said": someone else's people.
    if (SPEAKING_OUTSIDERS.has(tokens[b]!.w.replace(/'s$/, ''))) return false;
    if (COUNCIL_SPEAKERS.has(tokens[b]!.w)) council = true;
  }
  return council;
}
const SPEAKING_OUTSIDERS = words(OUTSIDE_PARTIES, ['agency', 'nhs', 'hospital', 'gp', 'school', 'police']);
const COUNCIL_SPEAKERS = new Set([
  'manager',
  'colleague',
  'colleagues',
  'supervisor',
  'boss',
  'lettings',
  'allocations',
  'repairs',
  'finance',
  'legal',
  'brokerage',
  'recovery',
  'revenues',
  'income',
  'estates',
  'management',
  'control',
  'grants',
]);
/** Parties whose own decision a colleague may pass on: "my manager says the landlord will return it". */
const REPORTED_OUTSIDERS = new Set([
  'landlord',
  'landlords',
  'dwp',
  'tribunal',
  'court',
  'insurer',
  'supplier',
  'agent',
  'they',
  'he',
  'she',
]);
/** Things arranged by the writer, which "you have my word" may seal without binding the council. */
const ARRANGING = new Set(['ring', 'call', 'phone', 'text', 'email', 'visit', 'see', 'meet', 'come', 'bring', 'send', 'pop']);
const FUTURE = new Set(['will', 'shall']);
/** "I've told finance to cancel the £75 charge": the writer directing the council to give up what is owed. */
const TOLD = new Set(['told', 'asked', 'instructed', 'got']);
const DIRECTED = new Set([
  'cancel',
  'waive',
  'refund',
  'wipe',
  'write',
  'pay',
  'credit',
  'remove',
  'drop',
  'reduce',
  'scrap',
  'clear',
  'cover',
]);
const POSSESSION_ADVERBS = new Set(['all', 'officially', 'now', 'definitely', 'totally', 'really']);
/** After "make sure": what the person addressed is to receive, or the council to pay. */
const CAUSED = new Set([
  'get',
  'gets',
  'receive',
  'receives',
  'pay',
  'pays',
  'have',
  'keep',
  'keeps',
  'covers',
  'cover',
  'refunds',
  'funds',
]);
const REFUSED = new Set(['promise', 'say', 'guarantee', 'confirm', 'agree', 'commit', 'give', 'tell', 'be', 'see']);
const CONDITIONS = new Set(['once', 'when', 'if', 'after', 'soon']);
const WANTING = new Set(['want', 'like', 'wish', 'need']);

const SEAL_LEXICON = phrases(SEALS);

const BLAME = new Set(["delay's", 'delay', 'delays', "fault's", 'fault', "mistake's", 'mistake', "error's", 'error', 'blame', "blame's"]);
const CHOICE = new Set(["either's", 'either', 'eithers', 'both', 'whichever', "whichever's", 'whatever', "whatever's", 'anytime', 'any']);
/** Punctuation spoken to voice-to-text, as it arrives written out. */
const DICTATED = phrases(['comma', 'question mark', 'new line', 'new paragraph', 'exclamation mark', 'full stop']);
/** The writer saying the message was dictated: "voice to text.", "sorry, voice typing". */
const DICTATION_NOTES = phrases([
  'voice to text',
  'voice typing',
  'voice typed',
  'voice note',
  'talk to text',
  'speech to text',
  'dictated',
  // "just dictating this in the car so excuse any odd words"
  'dictating',
]);
/** Does the message read as dictated: said to be, spoken punctuation other than "full stop", or "full stop" twice? */
function dictated(tokens: readonly Token[]): boolean {
  let fullStops = 0;
  for (let k = 0; k < tokens.length; k++) {
    if (DICTATION_NOTES.match(tokens, k)) return true;
    const m = DICTATED.match(tokens, k);
    if (!m) continue;
    if (tokens[k]!.w !== 'full') return true;
    if (++fullStops > 1) return true;
  }
  return false;
}
const RELEASE_LEXICON = phrases(RELEASES);

const R_SEAL = 1;
const R_RELEASE = 2;
const R_YOURS = 4;
const R_DISPOSED = 8;
const R_SURE = 16;
const R_TOKEN = 32;
const R_DEAL = 64;
const R_ASSENT = 128;
const R_TOLD = 256;
/** Assent a citizen can send: after "once I hear … a yes", the message itself accepts. */
const ASSENT = new Set(['yes', 'ok', 'okay', 'thumbs', '👍', 'agreed']);
const SETTLED = new Set(['signed', 'agreed', 'sorted', 'done', 'confirmed', 'accepted', 'locked', 'starts', 'place', 'approved', 'yours']);
function roleOf(w: string): number {
  return (
    (SEAL_LEXICON.has(w) ? R_SEAL : 0) |
    (ASSENT.has(w) ? R_ASSENT : 0) |
    (w === 'see' ? R_SURE : 0) |
    (RELEASE_LEXICON.has(w) ? R_RELEASE : 0) |
    (w === 'yours' ? R_YOURS : 0) |
    (DISPOSED.has(w) ? R_DISPOSED : 0) |
    (w === 'sure' ? R_SURE : 0) |
    (w === 'from' ? R_TOKEN : 0) |
    (w === 'deal' ? R_DEAL : 0) |
    (TOLD.has(w) ? R_TOLD : 0)
  );
}
const ROLES = new RoleMemo(roleOf);

const SUGGESTION = 'Arrange a call, and let the council confirm it through its usual paperwork; a WhatsApp message cannot promise it.';

/** Is `w` a word one of these acts can start on? Read once per word into the caller's role memo. */
export function startsBindingSpeechAct(w: string): boolean {
  return roleOf(w) !== 0;
}

/**
 * The binding promise (see the file comment) whose sentence token `i` is in, if token `i` starts one of these acts;
 * `obligations` is the binding detector's obligation lexicon. Called from that detector's own pass, for the words
 * `startsBindingSpeechAct` names, so that these acts cost no pass of their own.
 */
export function bindingSpeechActAt(
  tokens: readonly Token[],
  sentences: Tokens['sentences'],
  i: number,
  obligations: PhraseLexicon<string>,
): Finding | null {
  const role = ROLES.of(tokens[i]!);
  if (role === 0) return null;
  const act = actAt(tokens, i, role);
  if (!act) return null;
  if (sentences[tokens[i]!.sentence]?.question) return null;
  const { from, to } = sentenceSpan(tokens, i);
  // "full stop" seals what came before it: "The rating is based on the inspection, full stop, and I won't discuss it on
  // those terms" stakes nothing on the terms after it; "being trans doesn't make you any less entitled to a safe home,
  // full stop" is a denial said firmly, not a cost met ("you won't pay a penny more, full stop" still is).
  if (act === 'seal' && tokens[i]!.w === 'full') {
    if (!hasObligation(tokens, from, i - 1, obligations)) return null;
    if (deniedBefore(tokens, from, i)) return null;
    // "House size depends on how many people live there, full stop": how something is decided, said firmly.
    if (decidedByRule(tokens, from, i)) return null;
  }
  if (!hasObligation(tokens, from, to, obligations)) return null;
  if (!isCommitted(tokens, from, to, i, act)) return null;
  return {
    type: 'BINDING_TRANSACTION',
    start: tokens[from]!.start,
    end: tokens[to]!.end,
    rule: `binding-transaction.${act}`,
    confidence: 0.8,
    suggestion: SUGGESTION,
  };
}

/**
 * What a decision not to do refuses: "we've decided not to award / pay / offer …" (not "give", "accept" or "agree":
 * "decided not to give you a fine", "not to accept the landlord's claim" favour the citizen).
 */
const NOT_GIVEN = new Set(['award', 'pay', 'offer', 'grant', 'refund', 'fund', 'cover', 'approve', 'reimburse']);
/** "decided not to award costs against you": a decision in the citizen's favour. */
function againstAfter(tokens: readonly Token[], from: number): boolean {
  for (let k = from; k < from + 4 && tokens[k] && tokens[k]!.clause === tokens[from - 1]!.clause; k++)
    if (tokens[k]!.w === 'against') return true;
  return false;
}

/** Which act, if any, token `i` starts (already known to have one of the roles in `role`). */
function actAt(tokens: readonly Token[], i: number, role: number): Act | null {
  const w = tokens[i]!.w;
  const seal = role & R_SEAL ? SEAL_LEXICON.match(tokens, i) : null;
  if (seal) {
    // "on us", "end of" only closing their clause ("it's on us", "…, end of"), not "on us to decide", "end of March".
    const closes = tokens[seal.last + 1] === undefined || tokens[seal.last + 1]!.clause !== tokens[seal.last]!.clause;
    if ((w === 'on' || w === 'end') && !closes) return null;
    // "the delay's on us, not them": blame owned, not a cost met.
    if (w === 'on' && BLAME.has(tokens[i - 1]?.w ?? '')) return null;
    // "we've decided", "the council has decided": a decision made, by the writer's side.
    if (w === 'decided' && !firstPersonBefore(tokens, i, 2)) return null;
    // "we've decided not to award the grant": a decision against giving (not "decided not to charge you", a waiver).
    if (
      w === 'decided' &&
      tokens[i + 1]?.w === 'not' &&
      tokens[i + 2]?.w === 'to' &&
      NOT_GIVEN.has(tokens[i + 3]?.w ?? '') &&
      !againstAfter(tokens, i + 4)
    )
      return null;
    // "we're footing the bill", "council's picking up the bill": a cost met by the council's side, not by "the landlord"
    // or "your insurer" (their decision told back).
    if ((w === 'footing' || w === 'foot' || w === 'pick' || w === 'picking' || w === 'picks') && !councilSideBefore(tokens, i)) return null;
    // "guaranteed" as the writer's stake, not "guaranteed interview scheme".
    if (w === 'guaranteed' && tokens[i + 1] && tokens[i + 1]!.clause === tokens[i]!.clause) return null;
    // "… then ill post the forms to sign full stop": a dictated full stop, when the message dictates other
    // punctuation ("comma", "question mark", "new line") or says "full stop" more than once.
    if (w === 'full' && dictated(tokens)) return null;
    // "Either's fine by me, whoever's in on Thursday": a choice left to the citizen, not a decision staked.
    if (w === 'fine' && CHOICE.has(tokens[i - 1]?.w ?? '')) return null;
    return 'seal';
  }
  // "…on the arrears, deal", "Deal. The council will pay…": "deal" standing alone as its clause.
  if (role & R_DEAL) {
    const alone =
      (tokens[i - 1] === undefined || tokens[i - 1]!.clause !== tokens[i]!.clause) &&
      (tokens[i + 1] === undefined || tokens[i + 1]!.clause !== tokens[i]!.clause);
    if (alone) return 'seal';
  }
  if (role & R_RELEASE && RELEASE_LEXICON.match(tokens, i)) {
    // "we'll just forget about it", or the debt named before: "the £230 of court costs - forget them".
    if (w === 'forget' && !firstPersonBefore(tokens, i, 4) && !moneyBefore(tokens, i)) return null;
    return 'release';
  }
  // "is yours", "it's yours from the 1st", not "yours to view" or "yours sincerely".
  if (role & R_YOURS) {
    const prev = tokens[i - 1]?.w ?? '';
    const next = tokens[i + 1];
    // "is yours", "is all yours"
    const before = POSSESSION_ADVERBS.has(prev) ? (tokens[i - 2]?.w ?? '') : prev;
    const copula = before === 'is' || before === 'are' || before.endsWith("'s") || before === 'its' || before === 'thats';
    if (copula && !(next && next.clause === tokens[i]!.clause && (next.w === 'to' || next.w === 'sincerely'))) return 'possession';
    return null;
  }
  // "they'll be gone", "it will be wiped": a debt disposed of, said with certainty.
  if (role & R_DISPOSED && tokens[i - 1]?.w === 'be') {
    const aux = tokens[i - 2]?.w ?? '';
    if (FUTURE.has(aux) || aux.endsWith("'ll")) return 'disposal';
    return null;
  }
  // "they're gone" after the debt is named, "your council tax is frozen … from now on": not "the letter's gone out".
  if (role & R_DISPOSED && PRESENT_COPULAS.has(tokens[i - 1]?.w ?? '')) {
    const next = tokens[i + 1];
    if (next && next.clause === tokens[i]!.clause && (next.w === 'out' || next.w === 'to' || next.w === 'up' || next.w === 'through'))
      return null;
    const { from, to } = sentenceSpan(tokens, i);
    const pronoun = tokens[i - 1]!.w.startsWith('they') || tokens[i - 1]!.w.startsWith('it');
    for (let k = from; k <= to; k++) if (FROM_NOW_ON.match(tokens, k)) return 'disposal';
    // "The £230 of court costs - forget them, they're gone": the debt named before, then disposed of.
    if (pronoun && w === 'gone') for (let k = from; k < i - 1; k++) if (isMoney(tokens, k)) return 'disposal';
    return null;
  }
  // "I'll make sure you get the £1,200", "I'm going to make sure the council pays…", "we will see to it that you get…"
  const seeToIt = w === 'see' && tokens[i + 1]?.w === 'to' && tokens[i + 2]?.w === 'it';
  if (role & R_SURE && (seeToIt || tokens[i - 1]?.w === 'make' || tokens[i - 1]?.w === 'making')) {
    if (!firstPersonBefore(tokens, seeToIt ? i : i - 1, 5)) return null;
    const next = tokens[seeToIt ? (tokens[i + 3]?.w === 'that' ? i + 4 : i + 3) : i + 1]?.w ?? '';
    if (!(SECOND.has(next) || next === 'the')) return null;
    // "make sure you get the £1,200", "make sure the council pays": not "make sure the repairs team bring the parts".
    for (let k = i + 1; k <= i + 6 && tokens[k] && tokens[k]!.clause === tokens[i]!.clause; k++)
      if (CAUSED.has(tokens[k]!.w)) return 'causative';
    return null;
  }
  // "I've told finance to cancel the £75 charge", "we've got the team to waive the fee"
  if (role & R_TOLD) {
    const subject = tokens[i - 1]?.w ?? '';
    const own =
      subject === "i've" ||
      subject === 'ive' ||
      subject === "we've" ||
      subject === 'weve' ||
      (subject === 'have' && tokens[i - 2]?.w === 'i');
    if (!own) return null;
    for (let k = i + 1; k <= i + 4 && tokens[k] && tokens[k]!.clause === tokens[i]!.clause; k++)
      if (tokens[k]!.w === 'to' && DIRECTED.has(tokens[k + 1]?.w ?? '')) return 'directive';
    return null;
  }
  // "once I hear back from you with a yes the tenancy is signed off": the citizen's reply, made the condition of a
  // settled obligation, is the acceptance.
  if (role & R_ASSENT) {
    const { from, to } = sentenceSpan(tokens, i);
    let conditioned = false;
    for (let k = Math.max(from, i - 8); k < i; k++) if (CONDITIONS.has(tokens[k]!.w)) conditioned = true;
    if (!conditioned) return null;
    for (let k = i + 1; k <= to; k++) if (SETTLED.has(tokens[k]!.w)) return 'token';
  }
  // "a thumbs up from you and the repayment plan is in place", "a yes from you and it starts Monday"
  if (role & R_TOKEN && tokens[i + 1]?.w === 'you' && tokens[i + 2]?.w === 'and') {
    const prev = tokens[i - 1]?.w ?? '';
    if (prev === 'up' || prev === 'yes' || prev === 'ok' || prev === 'okay' || prev === 'reply' || prev === 'signature') return 'token';
  }
  return null;
}

/** The council's side named as who meets a cost: "council's", "the authority", "our team". */
const COUNCIL_SIDE = new Set([
  'council',
  "council's",
  'councils',
  'authority',
  "authority's",
  'department',
  'team',
  "team's",
  'service',
  'our',
  'us',
]);
/** Is the one before token `i` in its clause the writer's side ("we're footing the bill", "council's picking up the bill")? */
function councilSideBefore(tokens: readonly Token[], i: number): boolean {
  if (firstPersonBefore(tokens, i, 3)) return true;
  for (let k = i - 1; k >= 0 && k >= i - 4 && tokens[k]!.clause === tokens[i]!.clause; k--) if (COUNCIL_SIDE.has(tokens[k]!.w)) return true;
  return false;
}

function moneyBefore(tokens: readonly Token[], i: number): boolean {
  for (let k = i - 1; k >= 0 && tokens[k]!.sentence === tokens[i]!.sentence; k--) if (isMoney(tokens, k)) return true;
  return false;
}

function firstPersonBefore(tokens: readonly Token[], i: number, n: number): boolean {
  for (let k = i - 1; k >= 0 && k >= i - n && tokens[k]!.sentence === tokens[i]!.sentence; k--)
    if (FIRST_PERSON.has(tokens[k]!.w) || tokens[k]!.w.startsWith("we'")) return true;
  return false;
}

function hasObligation(tokens: readonly Token[], from: number, to: number, obligations: PhraseLexicon<string>): boolean {
  for (let k = from; k <= to; k++) {
    if (isMoney(tokens, k)) return true;
    const o = obligations.match(tokens, k);
    // "deal" as the seal itself is not the obligation it seals.
    if (o && !(o.value === 'deal' && o.last === k)) return true;
    if (EXTRA_OBLIGATIONS.match(tokens, k)) return true;
  }
  return false;
}

/** Words after a negation that make it a cost waived ("you won't pay", "we won't charge"), not a denial. */
const COST_AFTER_NEGATION = new Set(['pay', 'owe', 'charge', 'bill', 'be', 'have', 'need']);
/**
 * Is there a negation in the clause that ends just before token `at` ("full"), denying something rather than waiving a
 * cost? Only that clause: "I know it's not ideal but the £150 deposit comes back to you, full stop" seals the deposit.
 */
function deniedBefore(tokens: readonly Token[], from: number, at: number): boolean {
  const clause = tokens[at - 1]?.clause;
  for (let k = at - 1; k >= from && tokens[k]!.clause === clause; k--)
    if (isNegation(tokens[k]!.w) && !COST_AFTER_NEGATION.has(tokens[k + 1]?.w ?? '')) return true;
  return false;
}

/** "depends on", "is based on", "goes by": a rule for how something is decided, in tokens [from, at). */
function decidedByRule(tokens: readonly Token[], from: number, at: number): boolean {
  for (let k = from; k < at - 1; k++) {
    const w = tokens[k]!.w;
    if ((w === 'depends' || w === 'depend' || w === 'based' || w === 'goes') && tokens[k + 1]!.w === (w === 'goes' ? 'by' : 'on'))
      return true;
  }
  return false;
}

/** Is the sentence [from, to] a commitment the writer makes now, seen from the act at `at`? */
function isCommitted(tokens: readonly Token[], from: number, to: number, at: number, act: Act): boolean {
  let arranging = false;
  for (let k = from; k <= to; k++) {
    const w = tokens[k]!.w;
    // The citizen's reply as the condition is the instrument itself, not a hedge.
    if (act === 'token' && CONDITIONS.has(w)) continue;
    // "the bungalow's yours if you want it": the citizen's own choice, the offer still the council's.
    if (w === 'if' && (tokens[k + 1]?.w === 'you' || tokens[k + 1]?.w === "you'd") && WANTING.has(tokens[k + 2]?.w ?? '')) continue;
    if (GUARDS.has(w) || LATER.has(w)) return false;
    // A reporting verb makes it someone else's account; the directive's own "told" is the writer's act.
    if (REPORTED.has(w) && !(act === 'directive' && k === at)) return false;
    if (w === 'find' && tokens[k + 1]?.w === 'out') return false;
    // "I'll ring you", "we'll pop round": the writer's own errand (not "no bill will come").
    if (ARRANGING.has(w) && firstPersonBefore(tokens, k, 2)) arranging = true;
    // "let me know", "let you know": a later answer.
    if (w === 'let' && (tokens[k + 2]?.w === 'know' || tokens[k + 1]?.w === 'you')) return false;
  }
  // "I can't promise the arrears will be written off", "not able to say": the commitment refused.
  for (let k = from; k < at; k++)
    if (isNegation(tokens[k]!.w) && REFUSED.has(tokens[k + 1]?.w ?? '')) return false;
    else if (isNegation(tokens[k]!.w) && tokens[k + 1]?.w === 'able' && tokens[k + 2]?.w === 'to' && REFUSED.has(tokens[k + 3]?.w ?? ''))
      return false;
  // "no promises", "I can't give you my word": the seal refused.
  for (let k = at - 1; k >= from && k >= at - 3; k--) if (isNegation(tokens[k]!.w)) return false;
  // "you have my word I'll ring you back": the writer's own errand.
  if (act === 'seal' && arranging) return false;
  // "the flat is yours to view on Wednesday": already excluded; "is yours?" is a question.
  return true;
}
