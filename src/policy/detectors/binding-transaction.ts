/**
 * Binding promises, recognised as speech acts rather than phrases:
 *
 * - the council's side (I, we, the council, our team) commits with a
 *   performative verb (agree, accept, confirm, approve, authorise, waive,
 *   write off, guarantee, promise, hereby …) or a promise to pay ("we will
 *   cover …"), and the commitment concerns an obligation (a payment, offer,
 *   deposit, terms, tenancy, grant, care package, settlement, debt, charge …);
 * - or the message makes itself the instrument: "consider this text
 *   confirmation", "reply YES to accept", "by replying you agree";
 * - or an obligation is declared granted: "your grant has been approved".
 *
 * Negation ("I can't agree anything over WhatsApp"), modality ("we could
 * possibly look at a plan"), questions, conditions that are not ours ("if the
 * panel approves it") and arranging a later signing ("I'll bring the paperwork
 * to sign", "we'll confirm it in writing") are not commitments.
 */
import type { Finding } from '../policy.types.js';
import {
  anyIn,
  capitalisedAt,
  isNegation,
  negationWithin,
  PhraseLexicon,
  RoleMemo,
  sentenceEnd,
  sentenceSpan,
  sentenceStart,
  tokensOf,
  type Token,
} from './clauses.js';
import { bindingSpeechActAt, isMoney, isReportedAct, reportedByPrivatePerson, startsBindingSpeechAct } from './binding.speech-acts.js';
import { learnedModel } from './learned.js';
import { OUTSIDE_PARTIES, SECOND_PERSON_BINDING, THEY, THEY_ARE, THEY_HAVE, words } from './person.lexicon.js';

/** Obligations a commitment can concern, with the words a suggestion uses for them. */
const OBLIGATIONS: ReadonlyArray<[string, string]> = [
  ['penalty', 'penalty'],
  ['penalties', 'penalties'],
  ['parking penalty', 'penalty'],
  ['penalty charge', 'penalty'],
  ['pcn', 'penalty'],
  ['bailiffs', 'enforcement'],
  ['enforcement', 'enforcement'],
  ['enforcement agents', 'enforcement'],
  ['enforcement agent', 'enforcement'],
  ['court action', 'enforcement'],
  ['further action', 'enforcement'],
  ['summons', 'summons costs'],
  ['summons costs', 'summons costs'],
  ['contribution', 'contribution'],
  ['care contribution', 'contribution'],
  ['account', 'account'],
  ['rent account', 'rent account'],
  ['rental', 'rental'],
  ['rent free', 'rent-free period'],
  ['school transport', 'school transport'],
  ['compensation payment', 'compensation'],
  ['repayment plan', 'repayment plan'],
  ['payment plan', 'payment plan'],
  ['repayment arrangement', 'repayment plan'],
  ['repayment terms', 'repayment terms'],
  ['payment terms', 'payment terms'],
  ['repayment', 'repayment plan'],
  ['payment', 'payment'],
  ['payments', 'payments'],
  ['direct payment', 'direct payment'],
  ['emergency payment', 'payment'],
  ['discretionary housing payment', 'discretionary housing payment'],
  ['offer', 'offer'],
  ['deposit', 'deposit'],
  ['terms', 'terms'],
  ['tenancy', 'tenancy'],
  // "we've approved the transfer to a two bed": a move between council homes
  ['transfer', 'tenancy'],
  ['housing transfer', 'tenancy'],
  ['management transfer', 'tenancy'],
  ['tenancy agreement', 'tenancy agreement'],
  ['lease', 'lease'],
  ['grant', 'grant'],
  ['hardship grant', 'grant'],
  ['hardship fund', 'grant'],
  ['hardship payment', 'payment'],
  ['welfare fund', 'grant'],
  ['crisis fund', 'grant'],
  ['support fund', 'grant'],
  ['household support fund', 'grant'],
  // Council schemes by their names and initials: "DHP approved for 26 weeks", "your CTR's gone through".
  ['dhp', 'discretionary housing payment'],
  ['hsf', 'grant'],
  ['dfg', 'grant'],
  ['disabled facilities grant', 'grant'],
  ['ctr', 'reduction'],
  ['council tax reduction', 'reduction'],
  ['council tax support', 'reduction'],
  ['bursary', 'bursary'],
  ['rate relief', 'rate relief'],
  ['rates relief', 'rate relief'],
  ['care package', 'care package'],
  ['home care', 'care package'],
  ['care hours', 'care package'],
  ['respite', 'care package'],
  ['respite care', 'care package'],
  // The homelessness duties (Housing Act 1996 Part 7), which the council accepts by a decision letter.
  ['housing duty', 'housing duty'],
  ['main housing duty', 'housing duty'],
  ['full housing duty', 'housing duty'],
  ['main duty', 'housing duty'],
  ['full duty', 'housing duty'],
  ['relief duty', 'housing duty'],
  ['prevention duty', 'housing duty'],
  ['short breaks', 'care package'],
  ['short break', 'care package'],
  ["carer's break", 'care package'],
  ['carers break', 'care package'],
  ["carers' break", 'care package'],
  ['respite break', 'care package'],
  ['mutual exchange', 'tenancy'],
  ['hours of care', 'care package'],
  ['package', 'package'],
  ['settlement', 'settlement'],
  ['debt', 'debt'],
  ['debts', 'debts'],
  ['charge', 'charge'],
  ['charges', 'charges'],
  ['arrears', 'arrears'],
  ['rent', 'rent'],
  ['fee', 'fee'],
  ['fees', 'fees'],
  ['cost', 'cost'],
  ['costs', 'costs'],
  ['bill', 'bill'],
  ['bills', 'bills'],
  ['invoice', 'invoice'],
  ['balance', 'balance'],
  ['fine', 'fine'],
  ['fines', 'fines'],
  ['refund', 'refund'],
  ['compensation', 'compensation'],
  ['loan', 'loan'],
  ['contract', 'contract'],
  ['agreement', 'agreement'],
  ['deal', 'deal'],
  ['award', 'award'],
  ['discount', 'discount'],
  ['reduction', 'reduction'],
  ['claim', 'claim'],
  ['quote', 'quote'],
  ['price', 'price'],
  ['council tax', 'council tax'],
  ['overpayment', 'overpayment'],
  ['funding', 'funding'],
  ['personal budget', 'personal budget'],
  ['allowance', 'allowance'],
  ['bond', 'bond'],
  ['money', 'money'],
  ['sum', 'sum'],
  ['amount', 'amount'],
  ['removal costs', 'removal costs'],
  ['removals', 'removal costs'],
  ['repairs', 'repairs'],
  ['adaptations', 'adaptations'],
  ['surrender', 'surrender of the tenancy'],
  ['notice period', 'notice period'],
  ['right to buy', 'right to buy'],
  ['placement', 'placement'],
  ['rehoused', 'rehousing'],
  ['rehousing', 'rehousing'],
  ['hotel costs', 'costs'],
  ['instalments', 'payment plan'],
  ['proposal', 'proposal'],
  ['bid', 'bid'],
  ['application', 'application'],
  ['request', 'request'],
  ['subscription', 'refund'],
  ['shortfall', 'shortfall'],
  ['liability', 'liability'],
  ['voucher', 'voucher'],
  ['retention', 'payment'],
  ['nursery fees', 'fees'],
  ['support plan', 'support plan'],
  ['service charge', 'service charge'],
  ['rent increase', 'rent'],
  ['deposit loan', 'deposit loan'],
  ['full and final settlement', 'settlement'],
  ['rent in advance', 'rent in advance'],
  ['court costs', 'court costs'],
  ['admin fee', 'fee'],
  ['late payment charge', 'charge'],
  ['clearance', 'charge'],
  ['interest', 'interest'],
  ['business rates', 'business rates'],
  // enforcement the council may stop or hold off: "I'll agree to stop the bailiff action", "we'll accept that as settling the breach"
  ['breach', 'breach'],
  ['bailiff action', 'enforcement'],
  ['bailiffs', 'enforcement'],
  ['enforcement action', 'enforcement'],
  ['possession proceedings', 'possession proceedings'],
  ['possession claim', 'possession proceedings'],
  // A home is an obligation only when offered, allocated or granted ("we're offering you the 2 bed on Ash Grove").
  ...[
    'flat',
    'house',
    'bungalow',
    'maisonette',
    'property',
    'home',
    'garage',
    'allotment',
    'pitch',
    '1 bed',
    '2 bed',
    '3 bed',
    '4 bed',
  ].map((w): [string, string] => [w, 'property']),
];

type VerbKind = 'performative' | 'pay';
interface Verb {
  kind: VerbKind;
  lemma: string;
}
/** Verbs of commitment. "pay" verbs commit only with will/shall/can/going to ("we will cover…"). */
/** Paying verbs typed with the g dropped, read as their -ing forms. */
const DROPPED_G = new Set(['payin', 'coverin', 'fundin', 'refundin']);
const VERBS: ReadonlyArray<[string, Verb]> = [
  ...forms('agree', ['agree', 'agrees', 'agreed', 'agreeing']),
  ...forms('accept', ['accept', 'accepts', 'accepted', 'accepting']),
  ...forms('confirm', ['confirm', 'confirms', 'confirmed', 'confirming']),
  ...forms('approve', ['approve', 'approves', 'approved', 'approving']),
  ...forms('authorise', ['authorise', 'authorises', 'authorised', 'authorising', 'authorize', 'authorizes', 'authorized', 'authorizing']),
  ...forms('waive', ['waive', 'waives', 'waived', 'waiving']),
  ...forms('guarantee', ['guarantee', 'guarantees', 'guaranteed']),
  ...forms('promise', ['promise', 'promises', 'promised']),
  ...forms('commit', ['commit', 'commits', 'committed']),
  ...forms('grant', ['grant', 'grants', 'granted']),
  ...forms('award', ['award', 'awards', 'awarded']),
  ...forms('settle', ['settle', 'settles', 'settled']),
  ...forms('release', ['release', 'releases', 'released', 'releasing']),
  ...forms('sign off', ['signed off', 'sign off', 'signing off', 'signed-off']),
  ...forms('write off', ['write off', 'writes off', 'wrote off', 'written off', 'writing off']),
  ...forms('freeze', ['freeze', 'frozen', 'freezing']),
  ...forms('offer', ['offer', 'offers', 'offered', 'offering']),
  ...forms('allocate', ['allocate', 'allocates', 'allocated', 'allocating']),
  ...forms('undertake', ['undertake', 'undertakes', 'undertaken']),
  ...forms('extend', ['extend', 'extends', 'extended', 'extending']),
  ...forms('lock', ['lock', 'locked', 'locking', 'lock in', 'locked in']),
  ...forms('drop', ['drop', 'dropped', 'dropping']),
  ...forms('convert', ['convert', 'converted', 'converting']),
  ...forms('transfer', ['transfer', 'transferred', 'transferring']),
  ...forms('backdate', ['backdate', 'backdated', 'backdating']),
  ...forms('process', ['processed']),
  ...forms('sort', ['sorted']),
  ...forms('wipe', ['wiped']),
  ...forms('zero', ['zeroed']),
  ...forms('scrub', ['scrubbed']),
  ...forms('knock off', ['knocked off', 'knock off', 'knocking off']),
  ...forms('push through', ['pushed through', 'pushed it through']),
  ...forms('issue', ['issued']),
  ...forms('credit', ['credited']),
  ...forms('absorb', ['absorbed']),
  // a debt to the person admitted: "we owe you that council tax refund" (only with "you" after it)
  ...forms('owe', ['owe']),
  // keeping to an earlier promise is making it again: "we will honour the original offer"
  ...forms('honour', [
    'honour',
    'honours',
    'honoured',
    'honor',
    'honors',
    'honored',
    'stand by',
    'stick to',
    'uphold',
    'upholds',
    'upheld',
  ]),
].concat(
  [
    'pay',
    'paying',
    'cover',
    'covering',
    'fund',
    'funding',
    'refund',
    'refunding',
    // dropped g's, as typed and dictated: "we're payin for Leo's swimming lessons"
    'payin',
    'coverin',
    'fundin',
    'refundin',
    'reimburse',
    'clear',
    'cleared',
    'cancel',
    'wipe',
    'reduce',
    'not charge',
    'buy',
    'purchase',
    'replace',
    'give',
    // "I'm sending you £50 today", "I'll return your deposit in full": paying, when money is what goes (below)
    'send',
    'sending',
    'transfer',
    'transferring',
    'return',
    'returning',
    'meet',
    'foot',
    'absorb',
    'match',
    'sort',
    'chuck in',
    'pick up',
    'take care of',
    'covers',
    'reduce',
    'reducing',
    'credit',
    'compensate',
    'settle',
    // "the council pays / refunds / funds …"
    'pays',
    'refunds',
    'funds',
    'reimburses',
    'compensates',
    // "I'm cancelling it now" (the summons): a charge cancelled as it is written
    'cancelling',
    'cancelled',
    'canceling',
    'canceled',
  ].map((w): [string, Verb] => [w, { kind: 'pay', lemma: w === 'cleared' ? 'clear' : DROPPED_G.has(w) ? `${w}g` : w }]),
);
function forms(lemma: string, words: string[]): Array<[string, Verb]> {
  return words.map((w) => [w, { kind: 'performative', lemma }]);
}
/** Applications in general ("we accept applications until March"): a process described, not one decided. */
const PROCESS_PLURALS = new Set(['applications', 'claims', 'requests', 'bids', 'proposals']);
/** Obligations only a decision can bind: "we have approved your application", not "we received your application". */
const DECISION_ONLY = new Set(['application', 'claim', 'request', 'bid', 'proposal', 'property']);
const DECISION_VERBS = new Set(['approve', 'accept', 'grant', 'authorise', 'award', 'settle', 'offer', 'allocate']);

/** Who speaks for the council. */
const ACTORS = [
  'i',
  "i'm",
  'im',
  "i've",
  'ive',
  "i'll",
  'ill',
  'we',
  "we're",
  'were',
  "we've",
  'weve',
  "we'll",
  'well',
  'the council',
  "the council'll",
  "council'll",
  "the council's",
  'the authority',
  'the department',
  'our team',
  'the team',
  'my team',
  'my manager',
  'the income team',
  'the housing team',
  'the local authority',
  // the council's funds pay out: "the hardship fund will pay £250 towards ur energy bill"
  'the hardship fund',
  'the household support fund',
  'the welfare fund',
  'the discretionary fund',
  'the fund',
  'the crisis fund',
  'the support fund',
  'the hsf',
  'hsf',
  'the discretionary support scheme',
  'the community chest',
  'the scheme',
  // "council will cover it": the council without its article, as texts write it
  'council',
  // the council's own deciders: "the panel approved your hardship payment"
  'the panel',
  // the council's services by name: "the leisure service will give the club £750"
  'the service',
  'the leisure service',
  'the housing service',
  'the parks team',
  'the lettings team',
  'the benefits team',
  'the council tax team',
  'the allocations team',
  'social services',
  'adult social care',
  'the grants panel',
  'the housing panel',
  'finance',
  'the finance team',
  'the revenues team',
  // council services named by their own names, as staff write them: "Revenues have written off the council tax",
  // "Income Recovery have agreed to write off the arrears"
  'revenues',
  'income recovery',
  'the income recovery team',
  'revenues and benefits',
  'revs and bens',
  'my boss',
  'this council',
  'the council has',
  'us',
  "the team's",
  "my manager's",
  "ah'll",
  "a'll",
  "ah've",
  "ah'm",
];

/** Words that may stand between the actor and the verb ("we have now formally agreed"). */
const AUX = new Set([
  // Adverbs between the speaker and the verb: "I'll personally guarantee", "we'd happily cover".
  'personally',
  'definitely',
  'certainly',
  'absolutely',
  'happily',
  'gladly',
  'decided',
  'make',
  'sure',
  'personally',
  'hereby',
  'can',
  'will',
  'shall',
  'do',
  'does',
  'did',
  'have',
  'has',
  'had',
  'now',
  'happily',
  'formally',
  'also',
  'officially',
  'am',
  'are',
  'is',
  'happy',
  'pleased',
  'glad',
  'able',
  'to',
  'therefore',
  'fully',
  'already',
  'just',
  'going',
  'gonna',
  'be',
  'definitely',
  'certainly',
  'today',
  'both',
  'all',
  'still',
  'again',
  'agree',
  'agreed',
  'on',
  'behalf',
  'of',
  'the',
  'council',
  'here',
  'by',
  'this',
  'message',
  'then',
  'ok',
  'yes',
  'so',
  'actually',
  'personally',
  'absolutely',
  'gladly',
  'now',
  'confirm',
  'can',
]);
/** Commitment auxiliaries a "pay" verb needs. */
const FUTURE = new Set([
  'will',
  'shall',
  "i'll",
  'ill',
  "we'll",
  'well',
  'going',
  'gonna',
  'can',
  'hereby',
  'agree',
  'agreed',
  'agrees',
  'promise',
  'guarantee',
  'confirm',
]);
/** Modality and intention that keep a statement from committing. */
const MODAL = new Set([
  'could',
  'might',
  'may',
  'would',
  "i'd",
  'id',
  "we'd",
  'should',
  'possibly',
  'maybe',
  'perhaps',
  'hopefully',
  'hope',
  'try',
  'trying',
  'need',
  'needs',
  'want',
  'wants',
  'like',
  'aim',
  'plan',
  'ask',
  'asking',
  'check',
  'see',
  'discuss',
  'talk',
  'consider',
  'considering',
  'look',
  'looking',
  'likely',
  'probably',
  'unlikely',
  'whether',
  'if',
  'unless',
  'once',
  'until',
  'when',
  'before',
  'able?',
  'usually',
  'normally',
  'generally',
  'policy',
  // "I'll recommend that the arrears are written off", "my suggestion to the panel is that the charge is waived": a
  // decision asked of someone else.
  'recommend',
  'recommends',
  'recommending',
  'recommended',
  'recommendation',
  'suggest',
  'suggests',
  'suggesting',
  'suggested',
  'suggestion',
  'propose',
  'proposing',
  'proposed',
  'proposal',
]);
/** Arranging the formal step by a verifiable means, after the verb. */
const LATER = [
  'in writing',
  'by letter',
  'by post',
  'by email',
  'on a call',
  'on the phone',
  'by phone',
  'at the meeting',
  'at our meeting',
  'when we meet',
  'face to face',
  'in person',
  'paperwork',
  'formal letter',
  'in the office',
  'at the office',
  'to sign',
  // the formal step itself as what is arranged: "we'll sort out signing the new tenancy"
  'signing',
  'sign up',
  'sign-up',
  'at the appointment',
  'at your appointment',
  'at the visit',
  'at the home visit',
  'when i visit',
  'when we visit',
  'when we speak',
  'when we talk',
  'on a video call',
  'at panel',
  'at the panel',
];
const CONDITIONAL = new Set(['if', 'unless', 'whether', 'once', 'until', 'when', 'should', 'provided', 'assuming']);

interface BindingLexicons {
  obligations: PhraseLexicon<string>;
  verbs: PhraseLexicon<Verb>;
  actors: PhraseLexicon<true>;
  later: PhraseLexicon<true>;
  /** Which speech acts a word can start (R_* bits). */
  roles: RoleMemo;
}
const R_ACTOR = 1;
const R_INSTRUMENT = 2;
const R_OBLIGATION = 4;
const R_ASSURANCE = 8;
const R_SPEECH_ACT = 16;
/** A sum of money, which a decision's participle may follow ("£400 awarded"). */
const R_SUM = 32;

function buildLexicons(): BindingLexicons {
  const obligations = new PhraseLexicon<string>();
  for (const [w, canonical] of OBLIGATIONS) {
    obligations.add(w, canonical);
    // "your rental's been cancelled": the contracted "has" rides on the noun.
    obligations.add(`${w}'s`, canonical);
  }
  const verbs = new PhraseLexicon<Verb>();
  for (const [w, kind] of VERBS) verbs.add(w, kind);
  const actors = new PhraseLexicon<true>();
  for (const a of ACTORS) actors.add(a, true);
  const later = new PhraseLexicon<true>();
  for (const l of LATER) later.add(l, true);
  const roles = new RoleMemo(
    (w) =>
      (actors.has(w) ? R_ACTOR : 0) |
      (INSTRUMENT_STARTS.has(w) ? R_INSTRUMENT : 0) |
      (obligations.has(w) ? R_OBLIGATION : 0) |
      (w.startsWith('£') ? R_SUM : 0) |
      (ASSURANCE_STARTS.has(w) ? R_ASSURANCE : 0) |
      (startsBindingSpeechAct(w) ? R_SPEECH_ACT : 0),
  );
  return { obligations, verbs, actors, later, roles };
}

/** Nouns an obligation word can modify without being the obligation: "the grant form", "the deposit team". */
const DOCUMENTS = new Set([
  'form',
  'forms',
  'leaflet',
  'booklet',
  'guide',
  'guidance',
  'link',
  'checklist',
  'factsheet',
  'webpage',
  'page',
  'criteria',
  'eligibility',
  'team',
  'officer',
  'panel',
]);
function namesDocument(tokens: readonly Token[], last: number): boolean {
  const next = tokens[last + 1];
  if (!next || next.clause !== tokens[last]!.clause) return false;
  if (DOCUMENTS.has(next.w)) return true;
  return (next.w === 'application' || next.w === 'claim') && DOCUMENTS.has(tokens[last + 2]?.w ?? '');
}

/** The obligation a commitment at `from` concerns: up to 12 words on, in the same clause. */
function obligationAfter(
  tokens: readonly Token[],
  from: number,
  lex: BindingLexicons,
  lemma = '',
): { at: number; last: number; canonical: string } | null {
  const clause = tokens[from - 1]?.clause ?? tokens[from]?.clause;
  for (let k = from; k < tokens.length && k < from + 12; k++) {
    if (tokens[k]!.clause !== clause) return null;
    const o = lex.obligations.match(tokens, k);
    if (o && DECISION_ONLY.has(o.value) && !DECISION_VERBS.has(lemma)) continue;
    // "I'll send the deposit application form", "the grants team will ring": the obligation names a document or a team.
    if (o && namesDocument(tokens, o.last)) continue;
    // "we accept applications until March": applications in general are a process, not one decided.
    if (PROCESS_PLURALS.has(tokens[k]!.w) && tokens[k - 1]?.w !== 'your') return null;
    if (o) return { at: k, last: o.last, canonical: o.value };
    if (isMoney(tokens, k)) return { at: k, last: k, canonical: 'payment' };
  }
  return null;
}

/** Build the binding-transaction detector (speech acts, plus the pack's extra literal phrases). */
export function createBindingTransactionDetector(extraPhrases: readonly string[]): (text: string) => Finding[] {
  const lex = buildLexicons();
  // The pack's own phrases, matched word by word on the shared tokens.
  const extras = new PhraseLexicon<true>();
  for (const p of extraPhrases) {
    const words = p.toLowerCase().match(/[a-z0-9£\u00c0-\u024f]+(?:['’][a-z\u00c0-\u024f]+)*/g);
    if (words) extras.add(words.join(' '), true);
  }
  const extraRoles = new RoleMemo((w) => (extras.has(w) ? 1 : 0));
  return (text: string): Finding[] => {
    const out: Finding[] = [];
    const { tokens, sentences } = tokensOf(text);
    const ordinary = new Set<number>();
    ruledOrdinary = ordinary;
    let actsDone = -1;
    for (let i = 0; i < tokens.length; i++) {
      if (extraRoles.of(tokens[i]!) === 1) {
        const phrase = extras.match(tokens, i);
        if (phrase) {
          out.push({
            type: 'BINDING_TRANSACTION',
            start: tokens[i]!.start,
            end: tokens[phrase.last]!.end,
            rule: 'binding-transaction.pack-phrase',
            confidence: 0.85,
          });
        }
      }
      const role = lex.roles.of(tokens[i]!);
      if (role === 0) continue;
      // Promises carried by sentence structure (binding.speech-acts.ts): one finding per sentence at most.
      if (role & R_SPEECH_ACT && tokens[i]!.sentence > actsDone) {
        const act = bindingSpeechActAt(tokens, sentences, i, lex.obligations);
        if (act) {
          out.push(act);
          actsDone = tokens[i]!.sentence;
        }
      }
      const found =
        (role & R_ACTOR ? commitmentAt(tokens, i, lex) : null) ??
        (role & R_INSTRUMENT ? instrumentAt(tokens, i, lex) : null) ??
        (role & R_OBLIGATION ? declaredAt(tokens, i, lex) : null) ??
        (role & R_SUM ? sumDecidedAt(tokens, i) : null) ??
        (role & R_ASSURANCE ? assuranceAt(tokens, i, lex) : null);
      if (!found) continue;
      const s = sentences[tokens[i]!.sentence];
      if (s?.question && !tagQuestion(tokens, found.to)) continue;
      // "my sister reckons the council wiped her arrears": someone else's account of a promise.
      if (isReportedAct(tokens, found.from, text)) continue;
      // "the loss adjuster says we've already agreed to pay £5,200 — we haven't": denied in the same sentence.
      if (deniedAfter(tokens, found.to)) continue;
      // "The magistrates have cancelled the fixed penalty, so you won't need to pay it": the assurance tells back an
      // outside party's decision, made in the same sentence.
      // "HMRC have confirmed your tax credits overpayment is written off": likewise a declaration of one, when what is
      // declared is a debt the outside body is owed or decides, and nothing in the sentence is the council's own ("the
      // landlord has agreed, your grant is approved", "… so your arrears are written off by us" still block).
      if (found.rule === 'binding-transaction.assurance' || found.rule === 'binding-transaction.declared') {
        const { from, to } = sentenceSpan(tokens, found.from);
        if (outsidersAct(text, tokens, from, to) && (found.rule === 'binding-transaction.assurance' || outsidersDebt(tokens, from, to)))
          continue;
      }
      out.push({
        type: 'BINDING_TRANSACTION',
        start: tokens[found.from]!.start,
        end: tokens[found.to]!.end,
        rule: found.rule,
        confidence: 0.85,
        suggestion: found.suggestion,
      });
      i = found.to;
    }
    // Nothing by rule: the learned backstop (learned.ts) scores each sentence; a question, someone else's account or
    // a decision left to someone else ("… if my manager approves it") is no commitment, as for the rules.
    if (out.length === 0) {
      const hit = learnedModel().best(text, tokensOf(text)).binding;
      if (
        hit &&
        !ordinary.has(hit.sentence) &&
        !sentences[hit.sentence]?.question &&
        !isReportedAct(tokens, hit.from, text) &&
        !reportedByPrivatePerson(tokens, hit.from) &&
        !trailingHedge(tokens, hit.from) &&
        !disclaimed(tokens, hit.from, hit.last) &&
        !refusedIn(tokens, hit.from, hit.last) &&
        !citizensOwnAct(tokens, hit.from, hit.last) &&
        !passedOn(tokens, hit.from, hit.last) &&
        !referredOn(tokens, hit.from, hit.last) &&
        !otherCouncilsAct(tokens, hit.from, hit.last) &&
        !outsidersAct(text, tokens, hit.from, hit.last)
      ) {
        out.push({
          type: 'BINDING_TRANSACTION',
          start: tokens[hit.from]!.start,
          end: tokens[hit.last]!.end,
          rule: 'binding-transaction.learned',
          confidence: Math.round(hit.probability * 100) / 100,
        });
      }
    }
    return merge(out, text);
  };
}

/**
 * Sentences the rules read as a commitment's shape and found to be the household's own payment, a fact agreed or a
 * state of a charge ("Me and my partner have agreed we will pay the arrears off", "the £95 late fee has gone up this
 * year"): the learned backstop does not overrule them. Set for each message by the detector, as offensive.structure.ts
 * does for its own.
 */
let ruledOrdinary: Set<number> | undefined;
function ruledOrdinaryAt(tokens: readonly Token[], k: number): null {
  ruledOrdinary?.add(tokens[k]!.sentence);
  return null;
}

interface Act {
  from: number;
  to: number;
  rule: string;
  suggestion: string;
}

function suggestFor(canonical: string): string {
  return `Arrange a call to agree the ${canonical === 'property' ? 'tenancy offer' : canonical} through the council's usual paperwork.`;
}
const INSTRUMENT_SUGGESTION =
  'Arrange a call, then send the agreement through the council’s usual paperwork for signature; a WhatsApp message cannot be the agreement.';

/** What a message can disclaim being: "this isn't a promise that …", "don't take this as confirmation that …". */
const DISCLAIMED = new Set(['confirmation', 'proof', 'promise', 'guarantee', 'agreement', 'decision']);

/** Does the sentence from `from` to `last` disclaim being the decision ("don't treat this message as confirmation that …")? */
function disclaimed(tokens: readonly Token[], from: number, last: number): boolean {
  for (let k = from; k <= last; k++) if (DISCLAIMED.has(tokens[k]!.w) && before(tokens, k, isNegationWord)) return true;
  return false;
}

/**
 * "I cannot commit the council to paying the storage costs": a commitment refused, as the rules read one. The newer
 * refusals (an -ing form, "(be) able to" before the verb, a payment refused) count only where no other clause of the
 * sentence names money: "I won't be able to confirm the date but the £60 refund is coming" still
 * promises the refund.
 */
function refusedIn(tokens: readonly Token[], from: number, last: number): boolean {
  for (let k = from; k <= last; k++) {
    const word = tokens[k]!.w;
    const w = COMMITTING_FORMS.get(word) ?? (PAYING_OUT.has(word) ? 'pay' : undefined);
    if (w === undefined) continue;
    // "I won't be able to approve …": the negation counts from before "(be) able to".
    const verb = ableToBefore(tokens, k);
    const newer = w === 'pay' || word !== w || verb !== k;
    if (newer && moneyOutsideClause(tokens, from, last, tokens[k]!.clause)) continue;
    if (w === 'pay') {
      // "We will not be paying compensation", "the council can't cover the skip": what is owed, refused by the
      // council's side. Not the noun ("no award", "your pay"), nor a charge lifted: "you won't have to pay".
      if (NOUN_DETERMINERS.has(tokens[k - 1]?.w ?? '') || (tokens[k - 1]?.w === 'to' && RELIEVED.has(tokens[k - 2]?.w ?? ''))) continue;
      if (councilRefuses(tokens, verb)) return true;
      continue;
    }
    if (w === 'waive' || w === 'refund') {
      // "refund of your £50 is going through", "your refund": the noun, not the verb refused.
      if (tokens[k + 1]?.w === 'of' || NOUN_DETERMINERS.has(tokens[k - 1]?.w ?? '')) continue;
      // The negation governs the verb: "we don't waive", "we can't just refund", "we won't be refunding", not
      // "don't worry, … refund".
      if (negationWithin(tokens, verb, 2, 'clause')) return true;
      continue;
    }
    if (negationWithin(tokens, verb, 3, 'clause')) return true;
  }
  return false;
}
/** Does a clause of the sentence [from, last] other than `clause` name money (an amount, a refund, a deposit …)? */
function moneyOutsideClause(tokens: readonly Token[], from: number, last: number, clause: number): boolean {
  for (let k = from; k <= last; k++) if (tokens[k]!.clause !== clause && (isMoney(tokens, k) || MONEY_NOUNS.has(tokens[k]!.w))) return true;
  return false;
}
const MONEY_NOUNS = new Set(['refund', 'deposit', 'grant', 'payment', 'compensation', 'money', 'cash', 'costs', 'fee', 'award']);
/** Where "be able to" or "able to" before the verb at `k` starts, or `k` when it has none. */
function ableToBefore(tokens: readonly Token[], k: number): number {
  if (tokens[k - 1]?.w !== 'to' || tokens[k - 2]?.w !== 'able') return k;
  return tokens[k - 3]?.w === 'be' ? k - 3 : k - 2;
}
/** Verbs of paying out what is owed, in their forms: refused when negated, as the verbs of committing are. */
const PAYING_OUT = new Set(
  (
    'pay paying paid repay repaying repaid reimburse reimbursing reimbursed compensate compensating compensated award ' +
    'awarding awarded cover covering covered'
  ).split(' '),
);
/**
 * "We will not be paying …", "the council can't cover …": a negation in the two words before the verb at `verb`, said by
 * the council's side. (Said to the citizen it lifts a charge: "don't pay the £220, we've waived it".)
 */
function councilRefuses(tokens: readonly Token[], verb: number): boolean {
  const clause = tokens[verb]!.clause;
  for (let b = verb - 1; b >= 0 && b >= verb - 2 && tokens[b]!.clause === clause; b--) {
    if (!isNegation(tokens[b]!.w)) continue;
    // "We will not only cover your costs but …": more, not less.
    if (tokens[b + 1]?.w === 'only') return false;
    const subject = AUXILIARIES.has(tokens[b - 1]?.w ?? '') ? tokens[b - 2] : tokens[b - 1];
    return subject !== undefined && subject.clause === clause && COUNCIL_SUBJECTS.has(subject.w);
  }
  return false;
}
const AUXILIARIES = new Set(['will', 'can', 'do', 'does', 'are', 'is', 'am', 'shall', 'would', 'could', 'should']);
/** "You won't have to pay", "there's no need to repay": the charge lifted, which binds. */
const RELIEVED = new Set(['have', 'has', 'need', 'needs', 'got']);
const NOUN_DETERMINERS = new Set(['the', 'a', 'your', 'my', 'our', 'their', 'his', 'her', 'this', 'that', 'any', 'no']);
/**
 * The verbs of committing (not "tell" or "say": "don't tell everyone, I've cleared your court costs"), and of giving
 * what is owed ("we don't waive the bulky waste fee for sofas", "we can't refund a permit once it's used"), each with
 * its -ing form ("we won't be refunding the deposit"), to the verb.
 */
const COMMITTING_FORMS: ReadonlyMap<string, string> = new Map(
  ['commit', 'promise', 'agree', 'accept', 'confirm', 'guarantee', 'authorise', 'authorize', 'approve', 'waive', 'refund'].flatMap(
    (verb): Array<[string, string]> => [
      [verb, verb],
      [`${verb === 'commit' ? 'committ' : verb.endsWith('ee') ? verb : verb.replace(/e$/, '')}ing`, verb],
    ],
  ),
);

/** Is anything before token `i` in its sentence a condition, a negation or modality that governs it? */
function hedgedBefore(tokens: readonly Token[], i: number, lead: number): boolean {
  const sentence = tokens[i]!.sentence;
  for (let k = i - 1; k >= 0 && k >= i - lead && tokens[k]!.sentence === sentence; k--) {
    const w = tokens[k]!.w;
    if (WISHES.has(w) && i - k <= 6) return true;
    // "Please don't treat this message as confirmation that your arrears have been written off": disclaimed.
    if (DISCLAIMED.has(w) && before(tokens, k, isNegationWord)) return true;
    // "Please don't take this message as the council agreeing to pay": the message disclaimed as the instrument.
    if (w === 'as' && MEDIUM.has(tokens[k - 1]?.w ?? '') && before(tokens, k - 1, isNegationWord)) return true;
    if (CONDITIONAL.has(w)) {
      // "If you agree, we will cover the deposit" is an offer: the condition is the citizen's, the promise ours.
      const between = tokens.slice(k + 1, i).map((t) => t.w);
      return !between.some((x) => x === 'you' || x === 'u');
    }
  }
  return false;
}

/** Bodies other than the council with "council" in their name. */
const OTHER_COUNCILS = new Set([
  'arts',
  'british',
  'research',
  'sports',
  'privy',
  'youth',
  'school',
  'schools',
  'pupil',
  'student',
  'students',
]);
const UNSURE = new Set(['maybe', 'perhaps', 'possibly']);
const DOUBT_SETTLED = new Set(['confirmed', 'definitely', 'certainly', 'confirm', 'yes']);
/**
 * Is token `i` "council" in another body's name, in the same clause ("Arts Council", "the school council"), or another
 * council named by its place and spoken of as "they" in the same sentence ("Manchester council have confirmed they'll pay
 * the deposit", "Stockport Council will pay your removal costs, they confirmed today")?
 */
function otherCouncilAt(tokens: readonly Token[], i: number): boolean {
  const t = tokens[i]!;
  if (t.w !== 'council') return false;
  const prev = tokens[i - 1];
  if (prev === undefined || prev.clause !== t.clause) return false;
  if (OTHER_COUNCILS.has(prev.w)) return true;
  let p = i - 1;
  while (p > 0 && COUNCIL_KINDS.has(tokens[p]!.w) && tokens[p - 1]!.clause === t.clause) p--;
  const place = tokens[p]!;
  if (place.id < 0 || NOT_PLACES.has(place.w) || COUNCIL_KINDS.has(place.w)) return false;
  return anyIn(tokens, i + 1, sentenceEnd(tokens, i), THEY_OR_THEIR);
}
/** Words between a place and "council": "Leeds City Council", "Kent County Council". */
const COUNCIL_KINDS = new Set(['city', 'county', 'borough', 'district', 'metropolitan', 'town', 'parish', 'unitary']);
/** Words before "council" that are not a place: "the council", "our council", "local council". */
const NOT_PLACES = new Set('the our your ur this that a my their his her local same other new own'.split(' '));
const THEY_OR_THEIR = words(THEY, THEY_ARE, THEY_HAVE, ['them', "they'll", 'theyll', "they'd", 'their']);
/** Words that make what follows the council's rule, not a promise: "normally", "as a rule". */
const GENERALLY = new Set(['normally', 'generally', 'usually', 'typically', 'ordinarily']);
const TURNING = new Set(['but', 'and', 'though', 'although', 'however', 'except', 'this', 'so']);
/** Is there a "normally", "in general", "as a rule" or "in most cases" within four words before token `i`, in its sentence? */
function generalBefore(tokens: readonly Token[], i: number): boolean {
  for (let b = i - 1; b >= 0 && b >= i - 4 && tokens[b]!.sentence === tokens[i]!.sentence; b--) {
    const w = tokens[b]!.w;
    // "Normally we'd charge, but we will waive it for you": the rule told, then the exception promised.
    if (TURNING.has(w)) return false;
    if (GENERALLY.has(w)) return true;
    if (w === 'general' && tokens[b - 1]?.w === 'in') return true;
    if (w === 'rule' && tokens[b - 1]?.w === 'a' && tokens[b - 2]?.w === 'as') return true;
    if (w === 'cases' && SOME_CASES.has(tokens[b - 1]?.w ?? '') && tokens[b - 2]?.w === 'in') return !caseApplied(tokens, i);
  }
  return false;
}
/** "in some cases", "in certain circumstances": which cases the rule covers. */
const SOME_CASES = new Set(['some', 'certain', 'most', 'exceptional', 'many']);
const CASES = new Set(['cases', 'circumstances', 'situations']);
/**
 * "the council can pay the first month's rent in some cases": the rule told with the cases it covers after it, in the
 * actor's own clause ("We will pay your deposit, as we do in most cases" still commits, and so does "… in some cases,
 * and yours is one of them").
 */
function generalAfter(tokens: readonly Token[], i: number): boolean {
  for (let k = i + 1; k + 2 < tokens.length && tokens[k + 2]!.clause === tokens[i]!.clause; k++) {
    if (TURNING.has(tokens[k]!.w)) return false;
    if (tokens[k]!.w === 'in' && SOME_CASES.has(tokens[k + 1]!.w) && CASES.has(tokens[k + 2]!.w)) return !caseApplied(tokens, k + 3);
  }
  return false;
}
/** "… in some cases, and yours is one of them", "… - this is one": the rule's case applied to this household. */
function caseApplied(tokens: readonly Token[], from: number): boolean {
  const sentence = tokens[from - 1]!.sentence;
  for (let k = from; k + 1 < tokens.length && tokens[k + 1]!.sentence === sentence; k++)
    if ((tokens[k]!.w === 'is' || tokens[k]!.w === "it's") && tokens[k + 1]!.w === 'one') return true;
  return false;
}
/**
 * A sentence whose only council is another body ("Youth Council will pay for the disco", "Research Council will fund
 * the study"), with nobody on the council's side in it: the learned backstop reads "council" as this one.
 */
function otherCouncilsAct(tokens: readonly Token[], from: number, last: number): boolean {
  let other = false;
  for (let k = from; k <= last; k++) {
    const w = tokens[k]!.w;
    if (w === 'council' || w === "council's") {
      // "the council tax you paid them": a tax, not a body.
      if (tokens[k + 1]?.w === 'tax') continue;
      if (!otherCouncilAt(tokens, k)) return false;
      other = true;
    } else if (COUNCIL_SUBJECTS.has(w) || w === 'our') return false;
  }
  return other;
}
/** Verbs before "the authority to …" that make it a power held: "has the authority to agree". */
const POSSESSING = new Set(['have', 'has', 'had', 'got', 'given', 'give', 'having', 'without', 'with', 'lack', 'lacks']);
const WHATEVER = new Set(['anything', 'everything', 'whatever', 'nothing']);
/**
 * A commitment's shape read as the rule or a power held: its sentence is found ordinary, so the learned backstop
 * defers, unless the council's side acts again in a later clause ("… in most cases, and I've refunded yours today";
 * "The insurer usually handles claims, but I'm authorised to settle this one"), which is left to it.
 */
function ordinaryUnlessLater(tokens: readonly Token[], i: number, lex: BindingLexicons): null {
  const { clause, sentence } = tokens[i]!;
  let afterAnd = false;
  for (let k = i + 1; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    if (tokens[k]!.clause !== clause && lex.actors.match(tokens, k) !== null) return null;
    // "… the authority to award grants and has awarded you £2,000": the same subject acting again after "and".
    if (tokens[k]!.w === 'and' && PERFECT_OR_FUTURE.has(tokens[k + 1]?.w ?? '') && lex.verbs.match(tokens, k + 2) !== null) return null;
    // "We normally refund within ten days and your £60 has already been refunded": a decision declared after the rule.
    if (tokens[k]!.w === 'been' && afterAnd && /(?:ed|en)$/.test(tokens[k + 1]?.w ?? '')) return null;
    if (tokens[k]!.w === 'and') afterAnd = true;
  }
  return ruledOrdinaryAt(tokens, i);
}
const PERFECT_OR_FUTURE = new Set(['has', 'have', 'will', 'is', 'are']);
/** "We agree to the repayment plan", "the council will cover the deposit", "I hereby confirm the grant". */
function commitmentAt(tokens: readonly Token[], i: number, lex: BindingLexicons): Act | null {
  const act = commitmentFrom(tokens, i, lex);
  // The rule told with the cases it covers after it (read only once a commitment is found: it scans the clause).
  // Read and found to be the rule, so the learned backstop defers: "We will waive fees in exceptional circumstances".
  if (act && generalAfter(tokens, i)) return ordinaryUnlessLater(tokens, i, lex);
  return act;
}
function commitmentFrom(tokens: readonly Token[], i: number, lex: BindingLexicons): Act | null {
  // "council" after "the"/"this" was read already as part of "the council".
  // "a council guarantee for your deposit": "council" before a noun after "a" names the kind of thing.
  if (tokens[i]!.w === 'council' && (tokens[i - 1]?.w === 'the' || tokens[i - 1]?.w === 'this' || tokens[i - 1]?.w === 'a')) return null;
  // "Arts Council have awarded the choir £500", "the school council agreed": another body with "council" in its name.
  if (otherCouncilAt(tokens, i)) return null;
  const actor = lex.actors.match(tokens, i);
  if (!actor) return null;
  // "I don't have the authority to promise compensation": a power someone has (or lacks), not the council acting.
  // Read and found ordinary, as is a power given ("The panel was given the authority to award grants").
  if (tokens[actor.last]!.w === 'authority' && tokens[actor.last + 1]?.w === 'to' && POSSESSING.has(tokens[i - 1]?.w ?? ''))
    return ordinaryUnlessLater(tokens, i, lex);
  // "Maybe we can cover the bus fare, maybe not": the writer unsure, not committing. "Anything we agree about money has
  // to be by letter": the council's side inside a relative clause about whatever is agreed, not agreeing anything.
  // "Normally the council will pay removal costs for decants", "In general, we refund any overpayment": what the council
  // does as a rule, told as information, not a commitment to this household.
  // "We normally refund the permit fee if …", "We usually waive the late fee for first-time applicants": likewise, the
  // adverb straight after the actor.
  if (generalBefore(tokens, i) || GENERALLY.has(tokens[actor.last + 1]?.w ?? '')) return ordinaryUnlessLater(tokens, i, lex);
  const lead = tokens[i - 1];
  if (lead !== undefined && lead.clause === tokens[i]!.clause && (UNSURE.has(lead.w) || WHATEVER.has(lead.w))) {
    // "Perhaps we are paying the deposit after all, yes confirmed": the doubt settled in the same sentence.
    if (!anyIn(tokens, i + 1, sentenceEnd(tokens, i), DOUBT_SETTLED)) return null;
  }
  // "I accept the council's offer of £400", "about the council's decision": "council's" as a possessive after a verb
  // or preposition, not "the council has".
  if (tokens[actor.last]!.w === "council's" && OBJECT_TAKERS.has(tokens[i - 1]?.w ?? '')) return null;
  // "us" only as "let us" … is not an actor; nor is "well" at a sentence start unless "we'll" was meant.
  if (tokens[i]!.w === 'us' || (tokens[i]!.w === 'well' && tokens[i + 1]?.w !== 'be')) return null;
  if ((tokens[i]!.w === 'were' || tokens[i]!.w === 'ill') && !tokens[i]!.w.includes("'")) {
    // Apostrophe-less "were"/"ill" are ordinary words unless a verb follows at once ("were writing off").
    const next = lex.verbs.match(tokens, i + 1);
    if (!next) return null;
  }
  // "I can't say yet that the council will cover the deposit", "I'm not able to agree to the council paying": the
  // council's part inside words the writer refuses to say.
  // "I don't think we can cover the deposit", "I doubt we'll pay for the fence": a belief denied, or a doubt, that it will
  // happen (not "I don't doubt we can").
  for (let b = i - 1; b >= 0 && b >= i - 6 && tokens[b]!.clause === tokens[i]!.clause; b--) {
    const w = tokens[b]!.w;
    if (REFUSABLE.has(w) && negationWithin(tokens, b, 3, 'clause')) return null;
    // Only just before the actor ("I don't think (that) we can"), not "Dont think Ive forgotten we will pay".
    const governs = b === i - 1 || (b === i - 2 && tokens[i - 1]!.w === 'that');
    if (governs && BELIEVING.has(w) && negationWithin(tokens, b, 3, 'clause')) return null;
    // "I doubt we'll", "it's unlikely we will"; not "without a doubt we will", "no doubt we'll".
    if (governs && DOUBTING.has(w) && !negationWithin(tokens, b, 3, 'clause') && !AFFIRMING_DOUBT.has(tokens[b - 1]?.w ?? '')) return null;
  }
  // "There's no way I can promise …", "no chance we'll waive it": the commitment is refused before it is made.
  if (
    (tokens[i - 2]?.w === 'no' && (tokens[i - 1]?.w === 'way' || tokens[i - 1]?.w === 'chance')) ||
    (tokens[i - 3]?.w === 'no' && tokens[i - 2]?.w === 'way' && tokens[i - 1]?.w === 'that')
  )
    return null;
  const sentence = tokens[i]!.sentence;
  let future = FUTURE.has(tokens[actor.last]!.w) || tokens[actor.last]!.w.endsWith("'ll");
  for (let k = actor.last + 1; k < tokens.length && k <= actor.last + 7; k++) {
    const t = tokens[k]!;
    if (t.sentence !== sentence) return null;
    // "we won't be charging you for the door", "we will not bill you": a charge waived by the council's side.
    if (isNegation(t.w) && (t.w === "won't" || t.w === 'wont' || (t.w === 'not' && FUTURE.has(tokens[k - 1]?.w ?? '')))) {
      const c = tokens[k + 1]?.w === 'be' ? k + 2 : k + 1;
      if (
        CHARGE_VERBS.has(tokens[c]?.w ?? '') &&
        SECOND_OBJECTS.has(tokens[c + 1]?.w ?? '') &&
        !hedgedBefore(tokens, i, 12) &&
        !trailingHedge(tokens, c)
      ) {
        return { from: i, to: clauseEnd(tokens, c + 1), rule: 'binding-transaction.commitment', suggestion: ZERO_COST_SUGGESTION };
      }
      // "the council won't pursue the debt any further", "we won't chase the arrears": a debt given up.
      if (PURSUE_VERBS.has(tokens[c]?.w ?? '') && !before(tokens, i, isNegationWord) && !hedgedBefore(tokens, i, 12)) {
        const debt = obligationAfter(tokens, c + 1, lex);
        if (debt && debt.at <= c + 3 && PURSUED.has(debt.canonical) && !trailingHedge(tokens, c))
          return { from: i, to: clauseEnd(tokens, debt.last), rule: 'binding-transaction.commitment', suggestion: ZERO_COST_SUGGESTION };
      }
    }
    if (isNegation(t.w) || MODAL.has(t.w)) return null;
    const verb = lex.verbs.match(tokens, k);
    // "we agreed with the landlord…": agreeing with someone is not a commitment to anyone.
    // "we'll sort a time for the tenancy sign-up": arranging a meeting about the obligation, not the obligation.
    if (verb && ARRANGED.has(tokens[verb.last + 2]?.w ?? '') && (tokens[verb.last + 1]?.w === 'a' || tokens[verb.last + 1]?.w === 'an'))
      return null;
    if (verb && verb.value.lemma === 'owe' && !SECOND_OBJECTS.has(tokens[verb.last + 1]?.w ?? '')) return null;
    // "We'll meet at the park office to go through the terms": meeting someone, not meeting a cost.
    if (verb && tokens[verb.last]!.w === 'meet' && MEETING_SOMEONE.has(tokens[verb.last + 1]?.w ?? '')) return null;
    if (verb && !(verb.value.lemma === 'agree' && tokens[verb.last + 1]?.w === 'with')) {
      if (verb.value.kind === 'pay' && !future && !/(?:ing|ed)$/.test(t.w) && !DROPPED_G.has(t.w)) return null;
      // "I'll pay £20 every Friday", "I'll clear the council tax by March": the writer paying their own way. Not
      // when the money is the citizen's ("I've cleared the arrears from your account") or only the council gives it
      // ("I'm going to pay the £120 grant").
      if (
        SINGULAR_ACTORS.has(tokens[i]!.w) &&
        paysItself(tokens, verb.last, verb.value) &&
        !secondPersonInClause(tokens, verb.last + 1) &&
        !councilGivesAfter(tokens, verb.last + 1, lex)
      )
        return ruledOrdinaryAt(tokens, i);
      // "I promise I'll pay £20 …": a promise about the writer's own payment.
      if (
        verb.value.kind === 'performative' &&
        SINGULAR_ACTORS.has(tokens[verb.last + 1]?.w ?? '') &&
        lex.verbs.match(tokens, verb.last + 2)?.value.lemma === 'pay'
      )
        return null;
      // "I confirm I accept the offer of the flat": the performative wraps the writer's own acceptance, which is read
      // on its own when the loop reaches its "I" (and blocks there if it commits the council: "I confirm I agree to
      // waive the fee").
      if (
        verb.value.kind === 'performative' &&
        SINGULAR_ACTORS.has(tokens[verb.last + 1]?.w ?? '') &&
        ACCEPTING.has(lex.verbs.match(tokens, verb.last + 2)?.value.lemma ?? '')
      )
        return null;
      // "I promise I'll chase finance about the £150": a promise of the writer's own errand, not of the money.
      if (
        verb.value.kind === 'performative' &&
        SINGULAR_ACTORS.has(tokens[verb.last + 1]?.w ?? '') &&
        CHASING.has(tokens[verb.last + 2]?.w ?? '')
      )
        return null;
      // "I agree that the arrears figure … is £640", "I accept I owe the £300": assent to a fact.
      if (
        (verb.value.lemma === 'agree' || verb.value.lemma === 'accept' || verb.value.lemma === 'confirm') &&
        statesFact(tokens, verb.last + 1)
      )
        return null;
      // "I confirm receipt of your payment", "we acknowledge receipt of the deposit": what has arrived, not a promise.
      if ((verb.value.lemma === 'confirm' || verb.value.lemma === 'accept') && RECEIPT.has(tokens[verb.last + 1]?.w ?? '')) return null;
      // "I confirm we received your request about the £120 fee", "happy to confirm your appointment about the grant".
      if (verb.value.lemma === 'confirm' && proceduralAfter(tokens, verb.last + 1)) return null;
      // "agree the photos show mould", "agree, Tuesday works": a performative about a fact or a time is not a transaction.
      // "If u can do £10 a week we'll accept that as the plan": a sum named earlier in the sentence, accepted as
      // something ("as the plan", "as payment").
      let obligation =
        DECISION_VERBS.has(verb.value.lemma) &&
        PRONOUN_OBJECTS.has(tokens[verb.last + 1]?.w ?? '') &&
        tokens[verb.last + 2]?.w === 'as' &&
        tokens[verb.last + 2]!.clause === tokens[verb.last]!.clause &&
        moneyBefore(tokens, i)
          ? { at: verb.last + 1, last: Math.min(clauseEnd(tokens, verb.last + 2), verb.last + 5), canonical: 'payment' }
          : obligationAfter(tokens, verb.last + 1, lex, verb.value.lemma);
      // "the council will pay for the new carpet", "we'll pay you back": the council paying is itself the obligation
      // ("I'll pay for parking" is the caseworker's own errand).
      // "the council agrees to pay for your storage": a performative that commits to paying.
      const payVerbLast =
        verb.value.kind === 'pay'
          ? verb.last
          : tokens[verb.last + 1]?.w === 'to' && lex.verbs.match(tokens, verb.last + 2)?.value.kind === 'pay'
            ? lex.verbs.match(tokens, verb.last + 2)!.last
            : -1;
      // (Cancelling is not paying: "we've cancelled the appointment" names no obligation.)
      if (
        !obligation &&
        payVerbLast >= 0 &&
        !tokens[payVerbLast]!.w.startsWith('cancel') &&
        !SINGULAR_ACTORS.has(tokens[i]!.w) &&
        PAY_OBJECTS.has(tokens[payVerbLast + 1]?.w ?? '') &&
        // "we'll give you a call", "the team will give you a ring": giving is paying only when money is given.
        !((GIVING.has(tokens[payVerbLast]!.w) || SENDING.has(tokens[payVerbLast]!.w)) && !moneyInClauseAfter(tokens, payVerbLast + 1)) &&
        !(
          RETURNING.has(tokens[payVerbLast]!.w) &&
          !moneyInClauseAfter(tokens, payVerbLast + 1) &&
          !depositAfter(tokens, payVerbLast + 1)
        ) &&
        !(tokens[payVerbLast]!.w === 'replace' && !replacedAsLoss(tokens, payVerbLast + 1))
      ) {
        obligation = { at: payVerbLast + 1, last: payVerbLast + 1, canonical: 'payment' };
        const end = tokens.findIndex((x, k2) => k2 > payVerbLast && (x.clause !== t.clause || k2 > payVerbLast + 5));
        obligation.last = (end < 0 ? tokens.length : end) - 1;
      }
      // "I've wiped them", "I've signed it off": a pronoun standing for an obligation named earlier in the sentence
      // (or the one before: "Don't stress about the arrears, I've wiped them").
      if (!obligation && PRONOUN_OBJECTS.has(tokens[verb.last + 1]?.w ?? '')) {
        const named = obligationBefore(tokens, i, lex);
        if (named) obligation = { at: verb.last + 1, last: verb.last + 1, canonical: named };
      }
      // "Anything we owe, we will refund", "Whatever you've overpaid, we'll give back": what is paid said first, as
      // whatever is owed, and the paying verb ending its clause.
      if (!obligation && payVerbLast >= 0 && frontedOwed(tokens, i, payVerbLast, lex))
        obligation = { at: payVerbLast, last: clauseEnd(tokens, payVerbLast), canonical: 'refund' };
      // "the team's agreed, 25% single person discount backdated": the verb ends its clause, the obligation follows.
      if (!obligation && tokens[verb.last + 1] && tokens[verb.last + 1]!.clause !== tokens[verb.last]!.clause) {
        obligation = obligationAfter(tokens, verb.last + 2, lex, verb.value.lemma);
        if (obligation && tokens[obligation.at]!.clause !== tokens[verb.last + 1]!.clause) obligation = null;
      }
      if (!obligation) return null;
      // "the leisure service will give the club a call about the grant": what is given comes first, and it is a call.
      if (GIVING.has(tokens[verb.last]!.w) && tokens.slice(verb.last + 1, obligation.at).some((x) => GIVEN_NOT_MONEY.has(x.w))) return null;
      // "I'll send the formal offer letter", "we'll return the signed agreement": sending or returning papers about an
      // obligation is an errand; it pays only when money goes ("I'm sending you £50", "I'll return your deposit").
      if (
        (SENDING.has(tokens[verb.last]!.w) || RETURNING.has(tokens[verb.last]!.w)) &&
        !moneyInClauseAfter(tokens, verb.last + 1) &&
        !(RETURNING.has(tokens[verb.last]!.w) && depositAfter(tokens, verb.last + 1))
      )
        return null;
      // "I accept your offer of the flat": only the council offers a home, so whoever accepts one is the citizen.
      if (verb.value.lemma === 'accept' && obligation.canonical === 'offer' && offersHome(tokens, obligation.last + 1, lex))
        return ruledOrdinaryAt(tokens, i);
      // "I accept the council's offer of £400", "I agree to the deductions from my deposit", "I accept the tenancy
      // terms", "I agree to the new rent of £95 a week": what only the citizen accepts.
      if ((verb.value.lemma === 'accept' || verb.value.lemma === 'agree') && citizensAcceptance(tokens, verb.last, obligation))
        return ruledOrdinaryAt(tokens, i);
      // "We'll pay the rent on Friday", "we agree to pay the arrears off at £10 a week": rent, council tax and arrears
      // are what a household owes the council, so whoever pays them ("I", "we", "me and my partner") is the household.
      // The council paying them is "your rent", "the arrears for you".
      if (
        HOUSEHOLD_DEBTS.has(obligation.canonical) &&
        !rentInAdvance(tokens, obligation) &&
        paysItself(tokens, verb.last, verb.value) &&
        !secondPersonInClause(tokens, verb.last + 1)
      )
        return ruledOrdinaryAt(tokens, i);
      if (ownMeans(tokens, i, verb.value.kind === 'pay')) return null;
      // "I accept the repayment plan, I'll pay £10 every Friday", "I accept responsibility for the arrears and will pay
      // £20 a week", "ok I accept the charge, my daughter will pay it": the writer (or their family) pays, later in the
      // same sentence, so the writer is the household accepting, not the council.
      // Only what a household owes or agrees to pay (the plan, the arrears, the charge, the terms), accepted as its own
      // (not "your offer", "your claim") and paid by it (not to a landlord, an engineer or an agency).
      if (
        SINGULAR_ACTORS.has(tokens[i]!.w) &&
        (verb.value.lemma === 'accept' || verb.value.lemma === 'agree') &&
        HOUSEHOLD_ACCEPTS.has(obligation.canonical) &&
        !anyIn(tokens, verb.last + 1, obligation.last, ADDRESSED) &&
        householdPaysAfter(tokens, obligation.last + 1, lex)
      )
        return ruledOrdinaryAt(tokens, i);
      // "I accept the tenancy", "we accept the offer and will move in on the 3rd": only a household takes up a home.
      if (
        verb.value.lemma === 'accept' &&
        (SINGULAR_ACTORS.has(tokens[i]!.w) || tokens[i]!.w === 'we') &&
        takesUpHome(tokens, verb.last, obligation)
      )
        return ruledOrdinaryAt(tokens, i);
      // "The council agreed its budget": the council's own business, not an obligation to anyone.
      if (tokens[obligation.at - 1]?.w === 'its') return null;
      // "I agree to pay £20 a week": an instalment the speaker pays is a citizen's offer, not the council's promise.
      if (t.w !== 'pay' && tokens[verb.last + 1]?.w === 'to' && tokens[verb.last + 2]?.w === 'pay' && isInstalment(tokens, obligation.last))
        return ruledOrdinaryAt(tokens, i);
      // Negation between the verb and the obligation ("we confirm we will not charge" is itself a waiver: keep it).
      for (let b = verb.last + 1; b < obligation.at; b++) {
        const w = tokens[b]!.w;
        // "we will not charge you" and "I promise no bailiffs" are themselves waivers.
        if (isNegation(w) && !(w === 'not' && tokens[b + 1]?.w === 'charge') && !(w === 'no' && b + 1 === obligation.at)) return null;
        if (MODAL.has(w) && w !== 'once') return null;
      }
      if (tokens[verb.last + 1]?.w === 'that' && tokens[obligation.last + 1] && COPULA_FACT.has(tokens[obligation.last + 1]!.w)) {
        // "I agree that the rent is high": agreeing with a statement of fact.
        return null;
      }
      if (future && laterAfter(tokens, verb.last + 1, lex)) return null;
      if (hedgedBefore(tokens, i, 12) || trailingHedge(tokens, verb.last + 1)) return null;
      // "On behalf of the council, I accept your terms": the span starts where the council is named.
      let from = i;
      for (let b = i - 1; b >= 0 && b >= i - 8 && tokens[b]!.sentence === sentence; b--)
        if (tokens[b]!.w === 'behalf' && tokens[b - 1]?.w === 'on') from = b - 1;
      return {
        from,
        to: clauseEnd(tokens, obligation.last),
        rule: 'binding-transaction.commitment',
        suggestion: suggestFor(obligation.canonical),
      };
    }
    // "signed it off", "knocked the summons costs off", "get that fine scrubbed": a verb split round its object.
    const split = splitVerbAt(tokens, k, lex);
    if (split) {
      if (hedgedBefore(tokens, i, 12) || trailingHedge(tokens, k)) return null;
      return {
        from: i,
        to: clauseEnd(tokens, split.last),
        rule: 'binding-transaction.commitment',
        suggestion: suggestFor(split.canonical),
      };
    }
    if (FUTURE.has(t.w) || t.w.endsWith("'ll")) future = true;
    // "we're happy to pay for the skip hire", "the council is willing to cover the deposit": willingness stated commits.
    if (WILLING.has(t.w) && tokens[k + 1]?.w === 'to') {
      future = true;
      k++;
      continue;
    }
    if (!AUX.has(t.w) && !lex.actors.has(t.w)) return null;
  }
  return null;
}
/** Verbs and prepositions after which "the council's …" is a possession ("accept the council's offer"). */
const OBJECT_TAKERS = new Set([
  'accept',
  'accepted',
  'accepting',
  'agree',
  'agreed',
  'take',
  'took',
  'taking',
  'got',
  'received',
  'refuse',
  'refused',
  'decline',
  'declined',
  'reject',
  'rejected',
  'about',
  're',
  'of',
  'to',
  'with',
  'for',
  'from',
  'on',
  'under',
  'against',
]);
const GIVING = new Set(['give', 'gives', 'giving', 'gave']);
const SENDING = new Set(['send', 'sending', 'transfer', 'transferring']);
/**
 * "We'll replace your bin next week", "we'll replace the damaged fence panel": a repair or a service, booked all day
 * and no more binding than a repair (see the note on repairs in test/policy-corpus/README.md). Replacing pays when a
 * cost or compensation is named in its sentence ("replace the boiler free of charge", "at our cost", money, "as
 * compensation"), or when what is replaced is the household's own and something broke, lost or ruined it ("we'll
 * replace your washing machine, since our contractor broke it", "the TV our workmen knocked over", "everything ruined
 * by the leak"). Council fabric and bins ("your stolen wheelie bin", "the damaged guttering") stay a service.
 */
const REPLACED_AT_COST = new Set('free cost expense charge compensation'.split(' '));
const REPLACED_LOSS = new Set(
  'damaged lost stolen ruined spoiled spoilt destroyed broke broken soaked crushed knocked smashed scratched cracked stood off belongings possessions items clothes clothing contents'.split(
    ' ',
  ),
);
const COUNCIL_FABRIC = new Set(
  'bin bins lid lids caddy caddies bag bags sack sacks box tag fence panel panels guttering gutter gutters door doors window windows lock locks boiler roof tiles pipe pipes gate railings bench sign streetlight light lights meter fob'.split(
    ' ',
  ),
);
function replacedAsLoss(tokens: readonly Token[], from: number): boolean {
  if (moneyInClauseAfter(tokens, from)) return true;
  const sentence = tokens[from - 1]!.sentence;
  let start = from - 1;
  while (start > 0 && tokens[start - 1]!.sentence === sentence) start--;
  for (let k = start; k < tokens.length && tokens[k]!.sentence === sentence; k++) if (REPLACED_AT_COST.has(tokens[k]!.w)) return true;
  for (let k = from; k < tokens.length && k < from + 4 && tokens[k]!.sentence === sentence; k++)
    if (COUNCIL_FABRIC.has(tokens[k]!.w)) return false;
  for (let k = from; k < tokens.length && tokens[k]!.sentence === sentence; k++) if (REPLACED_LOSS.has(tokens[k]!.w)) return true;
  return false;
}
/** "We'll return your call" is no payment; "I'll return your key deposit in full" is. */
const RETURNING = new Set(['return', 'returning']);
const RETURNED_MONEY = new Set(['deposit', 'bond', 'money', 'fee', 'fees', 'rent', 'payment', 'overpayment', 'cash']);
function depositAfter(tokens: readonly Token[], from: number): boolean {
  const clause = tokens[from - 1]!.clause;
  for (let k = from; k < tokens.length && k < from + 5 && tokens[k]!.clause === clause; k++)
    if (RETURNED_MONEY.has(tokens[k]!.w)) return true;
  return false;
}
/** Things given that are not money: "give you a call / a ring / an update / a copy of the form". */
const GIVEN_NOT_MONEY = new Set([
  'call',
  'ring',
  'bell',
  'shout',
  'buzz',
  'lift',
  'hand',
  'update',
  'copy',
  'leaflet',
  'form',
  'letter',
  'chance',
  'number',
  'heads',
  'idea',
  'advice',
  'details',
  'information',
  'info',
  'list',
  'link',
]);
/** A sum of money in the clause after token `from`, within eight tokens. */
function moneyInClauseAfter(tokens: readonly Token[], from: number): boolean {
  const clause = tokens[from - 1]!.clause;
  for (let k = from; k < tokens.length && k < from + 8 && tokens[k]!.clause === clause; k++) if (isMoney(tokens, k)) return true;
  return false;
}
/** After "meet": a meeting (a place, a time, a person, a purpose), not a cost met. */
const MEETING_SOMEONE = new Set([
  'to',
  'at',
  'on',
  'in',
  'with',
  'up',
  'you',
  'u',
  'ya',
  'me',
  'us',
  'them',
  'him',
  'her',
  'there',
  'tomorrow',
  'today',
  'outside',
  'and',
]);
const CHASING = new Set([
  'chase',
  'ask',
  'check',
  'ring',
  'call',
  'phone',
  'email',
  'speak',
  'raise',
  'pass',
  'find',
  'look',
  'push',
  'try',
  'fight',
]);
/** Enforcing a debt: given up when the council's side says it won't. */
const PURSUE_VERBS = new Set(['pursue', 'chase', 'collect', 'recover', 'enforce']);
const PURSUED = new Set([
  'debt',
  'arrears',
  'balance',
  'overpayment',
  'charge',
  'fine',
  'penalty',
  'summons costs',
  'court costs',
  'council tax',
  'rent',
  'sum',
  'money',
  'amount',
  'shortfall',
  'costs',
  'fee',
  'bill',
  'invoice',
  'liability',
]);
const CHARGE_VERBS = new Set(['charge', 'charging', 'bill', 'billing', 'invoice', 'invoicing', 'recharge', 'recharging']);
const SECOND_OBJECTS = new Set(['you', 'u', 'ye', 'your', 'anything', 'a']);
const WILLING = new Set(['happy', 'willing', 'prepared', 'glad', 'pleased', 'content']);

const PRONOUN_OBJECTS = new Set(['it', 'them', 'that', 'this', 'those']);
const ARRANGED = new Set(['time', 'date', 'call', 'visit', 'appointment', 'meeting', 'slot', 'day']);
const PARTICLE_VERBS = new Set([
  'signed',
  'sign',
  'written',
  'wrote',
  'write',
  'knocked',
  'knock',
  'knocking',
  'paid',
  'wiped',
  'taken',
  'took',
  'taking',
  'pushed',
  'put',
]);
const PARTICLES = new Set(['off', 'through']);
const SHARES = new Set(['half', 'a', 'some', 'most']);
const CAUSATIVES = new Set(['get', 'got', 'have', 'had']);

/** An obligation named earlier in this sentence or the one before (what "it" or "them" stands for). */
/** Words that front a sum or a debt before the sentence's verb: "anything we owe", "any rent you've paid twice". */
const FRONTING = new Set(['any', 'anything', 'whatever', 'everything', 'all']);
/** What is owed, in a fronted object with no obligation named: "whatever you've overpaid", "anything we owe". */
const OWED = new Set(['owe', 'owed', 'overpaid', 'overpay', 'paid', 'overpayment', 'overcharged', 'charged']);
/**
 * Is the paying verb ending at `last` (with "back" at most after it, then its clause's end) paying what the sentence put
 * first: a fronted "any …", "anything …", "whatever …" that names an obligation or what is owed ("Any rent you've paid
 * twice we'll give back", "Whatever you've overpaid, we'll give back")?
 */
function frontedOwed(tokens: readonly Token[], i: number, last: number, lex: BindingLexicons): boolean {
  let end = last + 1;
  if (tokens[end]?.w === 'back' && tokens[end]!.clause === tokens[last]!.clause) end++;
  if (tokens[end] !== undefined && tokens[end]!.clause === tokens[last]!.clause && tokens[end]!.sentence === tokens[last]!.sentence)
    return false;
  const start = sentenceStart(tokens, i);
  if (!FRONTING.has(tokens[start]!.w) || start >= i) return false;
  if (anyIn(tokens, start + 1, i - 1, OWED)) return true;
  for (let k = start + 1; k < i; k++) if (lex.obligations.match(tokens, k)) return true;
  return false;
}

function obligationBefore(tokens: readonly Token[], i: number, lex: BindingLexicons): string | null {
  const sentence = tokens[i]!.sentence;
  for (let k = i - 1; k >= 0 && tokens[k]!.sentence >= sentence - 1; k--) {
    const o = lex.obligations.match(tokens, k);
    if (o && o.last < i) return o.value;
  }
  return null;
}

/**
 * A statement with a tag asking for assent ("we'll accept that as the plan, ok?", "that's the grant sorted, yeah?"):
 * the question mark ends the tag, not the commitment, which is still made.
 */
function tagQuestion(tokens: readonly Token[], to: number): boolean {
  let k = to + 1;
  while (k < tokens.length && tokens[k]!.sentence === tokens[to]!.sentence && tokens[k]!.clause === tokens[to]!.clause) k++;
  const tag = tokens[k];
  if (!tag || tag.sentence !== tokens[to]!.sentence || !TAGS.has(tag.w)) return false;
  // The tag ends the sentence.
  return tokens[k + 1] === undefined || tokens[k + 1]!.sentence !== tag.sentence;
}
const TAGS = new Set(['ok', 'okay', 'yeah', 'alright', 'right', 'yes', 'innit', 'yh', 'ye']);

/** A sum of money earlier in token `i`'s sentence. */
function moneyBefore(tokens: readonly Token[], i: number): boolean {
  const sentence = tokens[i]!.sentence;
  for (let k = i - 1; k >= 0 && tokens[k]!.sentence === sentence; k--) if (isMoney(tokens, k)) return true;
  return false;
}

/**
 * A verb split round its object: "signed it off", "knocked the summons costs off", "pushed it through",
 * or a causative with a participle: "get that fine scrubbed", "have the charge waived".
 */
function splitVerbAt(tokens: readonly Token[], k: number, lex: BindingLexicons): { last: number; canonical: string } | null {
  const w = tokens[k]!.w;
  const clause = tokens[k]!.clause;
  if (PARTICLE_VERBS.has(w)) {
    for (let p = k + 1; p <= k + 5 && p < tokens.length && tokens[p]!.clause === clause; p++) {
      if (!PARTICLES.has(tokens[p]!.w)) continue;
      const o = obligationAfter(tokens, k + 1, lex);
      if (o && o.last < p) return { last: p, canonical: o.canonical };
      // "We'll knock 50% off the rent arrears", "take £100 off your bill": a share or a sum taken off an obligation.
      if (p <= k + 3 && (isMoney(tokens, k + 1) || /^\d+$/.test(tokens[k + 1]!.w) || SHARES.has(tokens[k + 1]!.w))) {
        const off = obligationAfter(tokens, p + 1, lex);
        if (off && off.at <= p + 3) return { last: off.last, canonical: off.canonical };
        // "I'm knocking £400 off what you owe": the citizen's debt, by what it is.
        if (
          tokens[p + 1]?.w === 'what' &&
          SECOND.has(tokens[p + 2]?.w ?? '') &&
          (tokens[p + 3]?.w === 'owe' || tokens[p + 3]?.w === 'owed')
        )
          return { last: p + 3, canonical: 'debt' };
      }
      if (PRONOUN_OBJECTS.has(tokens[k + 1]!.w)) {
        const named = obligationBefore(tokens, k, lex);
        if (named) return { last: p, canonical: named };
      }
      return null;
    }
  }
  if (CAUSATIVES.has(w)) {
    const o = obligationAfter(tokens, k + 1, lex);
    if (o && o.at <= k + 3 && DECLARED.has(tokens[o.last + 1]?.w ?? '')) return { last: o.last + 1, canonical: o.canonical };
  }
  return null;
}

/** After the commitment, in its sentence: "… but it's not my call", "… subject to the panel". */
function trailingHedge(tokens: readonly Token[], from: number): boolean {
  // Nothing after the verb ("Anything we owe, we will refund"): nothing to hedge it.
  if (from >= tokens.length) return false;
  const sentence = tokens[from]!.sentence;
  for (let k = from; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    if (TRAILING_HEDGES.match(tokens, k)) return true;
    // "… once panel approves it", "… if my manager signs it off": someone else's decision still to come.
    if (TRAILING_CONDITIONS.has(tokens[k]!.w)) {
      for (let j = k + 1; j < tokens.length && j <= k + 5 && tokens[j]!.sentence === sentence; j++)
        if (DECIDING_VERBS.has(tokens[j]!.w)) return true;
    }
  }
  return false;
}
const TRAILING_CONDITIONS = new Set(['if', 'once', 'unless', 'when', 'after', 'provided']);
const DECIDING_VERBS = new Set([
  'approves',
  'approve',
  'approved',
  'agrees',
  'agreed',
  'signs',
  'signed',
  'authorises',
  'authorised',
  'decides',
  'ok',
  'oks',
  "ok's",
]);
const TRAILING_HEDGES = new PhraseLexicon<true>();
for (const h of [
  'not my call',
  'no my call',
  'not up to me',
  'not my decision',
  'has to go to',
  'has tae go tae',
  'needs to go to',
  'needs sign off',
  'needs signing off',
  'subject to',
  'depends on',
  'pending',
  'once approved',
  'if approved',
  'not allowed to',
  'no guarantee',
])
  TRAILING_HEDGES.add(h, true);
/** Before the commitment: "I'd love to say we'll pay", "I wish we could". */
const WISHES = new Set(['love', 'wish', "i'd", "ah'd", 'id', 'hoping', 'hopefully', 'ideally']);
const CITIZEN_PAYS = new Set(['pay', 'paying', 'clear']);
const FACT_VERBS = new Set([
  'is',
  'was',
  'are',
  'were',
  'matches',
  'match',
  'shows',
  'show',
  'seems',
  'looks',
  'owe',
  'owes',
  'owed',
  'says',
  'said',
  'came',
  'arrived',
]);
const COMMIT_WORDS = new Set([
  'will',
  "'ll",
  'shall',
  'pay',
  'cover',
  'waive',
  'refund',
  'write',
  'approved',
  'agreed',
  'accepted',
  'granted',
]);

/** Does the clause after an "agree"/"accept" state a fact ("… is £640", "I owe …") rather than commit to anything? */
function statesFact(tokens: readonly Token[], from: number): boolean {
  const clause = tokens[from]?.clause;
  for (let k = from; k < tokens.length && k < from + 12 && tokens[k]!.clause === clause; k++) {
    const w = tokens[k]!.w;
    if (COMMIT_WORDS.has(w) || w.endsWith("'ll")) return false;
    if (FACT_VERBS.has(w)) return true;
  }
  return false;
}

const RECEIPT = new Set(['receipt', 'delivery', 'arrival']);
/**
 * What a confirmation can be of besides an obligation: something received, lodged or booked ("I confirm we received
 * your request about the £120 fee", "keep this msg as proof you've appealed the £85 fine") or an appointment about it
 * ("confirmation that the OT visit about the £3,000 adaptations is on Monday"). A record of where a case stands.
 */
const PROCEDURAL = new Set([
  'received',
  'logged',
  'lodged',
  'submitted',
  'appealed',
  'applied',
  'registered',
  'booked',
  'forwarded',
  'referred',
  'recorded',
  'appointment',
  'visit',
  'meeting',
  'inspection',
  'assessment',
  'interview',
]);

/**
 * Is what is confirmed from `from` on a procedural fact (PROCEDURAL) named before any word of commitment or decision?
 * "… confirms we've received your request for £2,000" is; "… confirms your grant has been approved" and "… confirms
 * we'll pay" are not.
 */
function proceduralAfter(tokens: readonly Token[], from: number): boolean {
  const sentence = tokens[from]?.sentence;
  for (let k = from; k < tokens.length && k < from + 16 && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    if (COMMIT_WORDS.has(w) || DECIDED.has(w) || w.endsWith("'ll")) return false;
    if (PROCEDURAL.has(w)) return true;
  }
  return false;
}
/** Instrument nouns that record where a case stands when what follows is procedural. */
const RECORD_NOUNS = new Set(['proof', 'confirmation', 'receipt']);
/**
 * "the first month's rent", "two months' rent up front": rent counted in periods before a tenancy starts is the rent in
 * advance a council pays to set one up (beside the deposit), not the rent a household owes week by week.
 */
const RENT_PERIODS = new Set(["month's", 'months', "week's", 'weeks']);
function rentInAdvance(tokens: readonly Token[], obligation: { at: number; canonical: string }): boolean {
  if (obligation.canonical !== 'rent') return false;
  for (let k = obligation.at - 1; k >= obligation.at - 2 && k >= 0; k--) if (RENT_PERIODS.has(tokens[k]!.w)) return true;
  return false;
}
/** What a household owes the council: paying it is the citizen's side of the bargain. */
const HOUSEHOLD_DEBTS = new Set([
  'rent',
  'council tax',
  'arrears',
  'bill',
  'bills',
  'service charge',
  'balance',
  'court costs',
  'summons costs',
]);
/** "… of the flat on Hill Street", "… of a tenancy": what follows an offer names a home. */
function offersHome(tokens: readonly Token[], from: number, lex: BindingLexicons): boolean {
  if (tokens[from]?.w !== 'of') return false;
  for (let k = from + 1; k < tokens.length && k <= from + 3; k++) {
    const o = lex.obligations.match(tokens, k);
    if (o) return o.value === 'property' || o.value === 'tenancy';
  }
  return false;
}
/**
 * Is what is accepted or agreed to, between the verb at `verbLast` and the end of the obligation, something only the
 * citizen accepts: the council's own offer ("the council's offer of £400"), the writer's own money ("my deposit"),
 * a tenancy's terms or its offer ("the tenancy terms", "the tenancy offer"), or the rent itself ("the new rent of £95")?
 */
function citizensAcceptance(
  tokens: readonly Token[],
  verbLast: number,
  obligation: { at: number; last: number; canonical: string },
): boolean {
  for (let k = verbLast + 1; k < obligation.at && tokens[k]!.clause === tokens[verbLast]!.clause; k++)
    if (tokens[k]!.w === "council's") return true;
  // "the deductions from my deposit": the writer's own obligation, just before its word or inside it.
  for (let k = obligation.at - 1; k <= obligation.last; k++) if (tokens[k]?.w === 'my') return true;
  const after = obligation.last + 1;
  if (DESCRIPTION.has(tokens[after]?.w ?? '') && tokens[after + 1]?.w === 'my') return true;
  const words = tokens.slice(obligation.at, Math.min(obligation.last + 4, tokens.length)).map((t) => t.w);
  if (words.includes('tenancy') && words.some((w) => w === 'terms' || w === 'offer' || w === 'agreement' || w === 'conditions'))
    return true;
  // "the terms and conditions of the tenancy"
  if (
    (obligation.canonical === 'terms' || words[0] === 'terms') &&
    tokens.slice(obligation.at, obligation.at + 6).some((t) => t.w === 'tenancy')
  )
    return true;
  return obligation.canonical === 'rent' && (tokens[obligation.at - 1]?.w === 'new' || tokens[obligation.at + 1]?.w === 'increase');
}
const ACCEPTING = new Set(['accept', 'agree']);
/** What a household accepts and then pays itself: what it owes the council, or its plan to pay it. */
const HOUSEHOLD_ACCEPTS = new Set([
  ...HOUSEHOLD_DEBTS,
  'repayment plan',
  'payment plan',
  'repayment terms',
  'payment terms',
  'terms',
  'charge',
  'charges',
  'contribution',
  'debt',
  'overpayment',
]);
/** Who the council pays on a household's behalf: "I'll pay the landlord", "… the agency", "… the removals firm". */
const PAYEES = new Set([
  'landlord',
  'landlords',
  'agency',
  'agent',
  'engineer',
  'supplier',
  'firm',
  'company',
  'contractor',
  'contractors',
  'provider',
  'driver',
  'builder',
  'builders',
  'removals',
  'school',
  'nursery',
  'home',
  // Council money: "… pay it from the care budget", "… from the hardship fund".
  'budget',
  'fund',
  'funds',
]);
/** The household's payer: the writer, or the writer's family ("my daughter will pay it"). */
const KIN = new Set(['daughter', 'son', 'mum', 'mom', 'dad', 'partner', 'husband', 'wife', 'brother', 'sister', 'family', 'kids']);
/** Between a payer and "pay": "I'll pay", "I will pay", "and will pay", "I can pay", "I'm going to pay". */
const PAYER_AUX = new Set(['will', "'ll", 'can', 'shall', 'then', 'just', 'also', 'going', 'gonna', 'to', "i'm", 'am', 'is', 'be']);
/**
 * Does the writer (or their family) pay, from token `from` to the end of the sentence: "… I'll pay £10 every Friday",
 * "… and will pay £20 a week", "… my daughter will pay it"? Not money the council gives ("I'll pay the £120 grant"),
 * nor paid for the person addressed ("I'll pay your deposit").
 */
function householdPaysAfter(tokens: readonly Token[], from: number, lex: BindingLexicons): boolean {
  const sentence = tokens[from - 1]?.sentence;
  for (let k = from; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    // The payer's last token: "I'll", "and", or the relative in "my daughter".
    let payer = -1;
    if (SINGULAR_ACTORS.has(w) || (w === 'and' && (tokens[k + 1]?.w === 'will' || tokens[k + 1]?.w === 'can'))) payer = k;
    else if (w === 'my' && KIN.has(tokens[k + 1]?.w ?? '')) payer = k + 1;
    if (payer < 0) continue;
    let v = payer + 1;
    while (v < tokens.length && v <= payer + 4 && PAYER_AUX.has(tokens[v]!.w)) v++;
    if (!CITIZEN_PAYS.has(tokens[v]?.w ?? '')) continue;
    if (secondPersonInClause(tokens, v + 1) || councilGivesAfter(tokens, v + 1, lex)) return false;
    // "I'll pay the landlord", "… pay the agency from next week", "… pay it straight to the supplier": the council
    // paying someone on the household's behalf.
    for (let p = v + 1; p < tokens.length && p <= v + 6 && tokens[p]!.clause === tokens[v]!.clause; p++)
      if (PAYEES.has(possessor(tokens[p]!.w))) return false;
    return true;
  }
  return false;
}
/**
 * "I accept the tenancy", "we accept the offer and will move in on the 3rd", "I accept the flat": a home taken up.
 * Not "your tenancy application" (the council deciding on one), nor "your offer" (the household's, which the council
 * accepts).
 */
function takesUpHome(tokens: readonly Token[], verbLast: number, obligation: { at: number; last: number; canonical: string }): boolean {
  // What is accepted is the verb's own object ("accept the tenancy"), not a tenancy named later ("we accept you as
  // homeless and you'll be given the tenancy"), and not the person's ("your tenancy application").
  if (obligation.at > verbLast + 3) return false;
  if (anyIn(tokens, verbLast + 1, obligation.at - 1, ADDRESSED)) return false;
  if (obligation.canonical !== 'property' && obligation.canonical !== 'tenancy' && obligation.canonical !== 'offer') return false;
  // Not a tenancy handed back, passed on or renewed ("we accept the tenancy surrender", "the tenancy transfer to your
  // name", "the property back", "the property onto our lease scheme"): what only a landlord accepts.
  for (let k = obligation.at; k <= obligation.last + 1 && k < tokens.length; k++) if (LANDLORDS_ACCEPT.has(tokens[k]!.w)) return false;
  // Nothing after it in the sentence that only the council's side would say: the person addressed ("you can move in"),
  // someone else moving in ("the family can move in tonight"), the council paying or waiving ("… and will refund your
  // deposit"), or the home judged ("the property needs repairs").
  const sentence = tokens[verbLast]!.sentence;
  let movesIn = false;
  for (let k = obligation.last + 1; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    if (ADDRESSED.has(w) || COUNCIL_SIDE_AFTER_HOME.has(w)) return false;
    if ((w === 'move' || w === 'moving') && tokens[k + 1]?.w === 'in') movesIn = true;
  }
  // An offer is a home's only when the writer moves in: "we accept the offer and will move in on the 3rd".
  return obligation.canonical !== 'offer' || movesIn;
}
/**
 * Just after the tenancy or property accepted: a tenancy action only a landlord accepts ("surrender", "transfer",
 * "back", "onto"), or the start of a clause about the home or another use of it ("the property needs repairs", "the
 * property for the temporary accommodation").
 */
const LANDLORDS_ACCEPT = new Set([
  'surrender',
  'transfer',
  'assignment',
  'renewal',
  'swap',
  'exchange',
  'succession',
  'back',
  'onto',
  'into',
  'needs',
  'need',
  'is',
  'has',
  'for',
]);
/** Words after an accepted home that the council's side says: who else moves in, what the council pays or does. */
const COUNCIL_SIDE_AFTER_HOME = new Set([
  'us',
  'our',
  'pay',
  'refund',
  'waive',
  'guarantee',
  'cover',
  'rehouse',
  'return',
  'landlord',
  'family',
  'families',
  'tenant',
  'tenants',
  'client',
  'they',
  'he',
  'she',
  'rent',
]);
/** Is the verb at `last` a paying one ("pay", "clear", "agree to pay", "promise to clear")? */
function paysItself(tokens: readonly Token[], last: number, verb: Verb): boolean {
  if (CITIZEN_PAYS.has(verb.lemma)) return true;
  const next = tokens[last + 1]?.w ?? '';
  const after = tokens[last + 2]?.w ?? '';
  // "agree to pay", "promise to clear", "promise we'll pay", "promise I will pay"
  if (next === 'to' || next.endsWith("'ll") || next === 'we' || next === 'i')
    return CITIZEN_PAYS.has(after) || (after === 'will' && CITIZEN_PAYS.has(tokens[last + 3]?.w ?? ''));
  return false;
}
/**
 * The speaker is the one paying, whatever the obligation: "… ourselves", "£30 a month is manageable for us",
 * "it's all we can afford". Said in the commitment's sentence.
 */
function ownMeans(tokens: readonly Token[], i: number, paying: boolean): boolean {
  const sentence = tokens[i]!.sentence;
  for (let k = i; k < tokens.length && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    if (OWN_MEANS.has(w) || (paying && (w === 'ourselves' || w === 'myself'))) return true;
  }
  return false;
}
/** Affordability is the payer's word; "ourselves"/"myself" only say who pays after a paying verb ("I've cancelled it myself" is "personally"). */
const OWN_MEANS = new Set(['manageable', 'afford', 'affordable', 'doable']);
/** Does the rest of the clause from `from` name the person addressed ("your account", "for you")? Then the council acts for them. */
function secondPersonInClause(tokens: readonly Token[], from: number): boolean {
  const clause = tokens[from - 1]?.clause;
  for (let k = from; k < tokens.length && k < from + 14 && tokens[k]!.clause === clause; k++) {
    const w = tokens[k]!.w;
    if (w === 'your' || w === 'ur' || w === 'yours') return true;
    // "pay you back", "for you", "to you" — not "let me know what suits you".
    if ((w === 'you' || w === 'u') && (k === from || BENEFICIARY.has(tokens[k - 1]!.w))) return true;
  }
  return false;
}
const BENEFICIARY = new Set(['for', 'to', 'into', 'towards']);
/** Money only the council gives (a grant, a refund, compensation) named in the clause from `from`. */
function councilGivesAfter(tokens: readonly Token[], from: number, lex: BindingLexicons): boolean {
  const clause = tokens[from - 1]?.clause;
  for (let k = from; k < tokens.length && k < from + 8 && tokens[k]!.clause === clause; k++) {
    const o = lex.obligations.match(tokens, k);
    if (o) return COUNCIL_GIVES.has(o.value);
  }
  return false;
}
const COUNCIL_GIVES = new Set(['grant', 'refund', 'compensation', 'award', 'voucher', 'discount', 'reduction']);

const SINGULAR_ACTORS = new Set(['i', "i'm", 'im', "i've", 'ive', "i'll", 'ill']);
const PAY_OBJECTS = new Set(['for', 'you', 'it', 'them', 'back', 'off', 'your', 'this', 'that', 'the']);

/** "£20 a week", "£15 per month": a regular instalment. */
function isInstalment(tokens: readonly Token[], at: number): boolean {
  const a = tokens[at + 1]?.w;
  const b = tokens[at + 2]?.w ?? '';
  return (a === 'a' || a === 'per' || a === 'every' || a === 'each') && /^(?:week|month|fortnight|weeks|months)$/.test(b);
}

const COPULA_FACT = new Set(['is', 'was', 'are', 'were', 'seems', 'looks', 'has', 'have']);

function laterAfter(tokens: readonly Token[], from: number, lex: BindingLexicons): boolean {
  const sentence = tokens[from]?.sentence;
  for (let k = from; k < tokens.length && tokens[k]!.sentence === sentence; k++) if (lex.later.match(tokens, k)) return true;
  return false;
}

const MEDIUM = new Set(['text', 'message', 'msg', 'whatsapp', 'reply', 'chat', 'email', 'note']);
const INSTRUMENT_NOUNS = new Set([
  // "consider this text the go-ahead for …"
  'ahead',
  'paperwork',
  'proof',
  'promise',
  'confirmation',
  'authorisation',
  'authorization',
  'approval',
  'agreement',
  'contract',
  'acceptance',
  'offer',
  'signature',
  'tenancy',
  'lease',
  'binding',
  'receipt',
  'award',
  'settlement',
  'deal',
  'consent',
  'notice',
  'permission',
  'guarantee',
]);
const INSTRUMENT_VERBS = new Set(['is', 'serves', 'counts', 'acts', 'constitutes', 'confirms', 'will', 'becomes', "it's", 'its']);
const BY_REPLYING = new Set([
  'replying',
  'responding',
  'answering',
  'texting',
  'reply',
  'signing',
  'sending',
  'messaging',
  'reacting',
  // the message itself taken as the act: "by accepting this message", "by reading this"
  'accepting',
  'reading',
  'receiving',
  'acknowledging',
  'opening',
  'clicking',
  'tapping',
  'ticking',
]);
const REPLY_WORDS = new Set(['reply', 'text', 'respond', 'message', 'answer', 'send']);
const ASSENT = new Set(['yes', 'y', 'ok', 'okay', 'agree', 'accept', 'confirm', 'agreed']);
const ACCEPT_VERBS = new Set([
  'accept',
  'agree',
  'agreeing',
  'accepting',
  'confirming',
  'confirm',
  'sign',
  'bound',
  'binding',
  'commit',
  'consent',
  'done',
  'deal',
  'place',
  'approve',
]);

/** Index of the first token from `from` (at most `n` on, same sentence) whose word satisfies `pred`, or -1. */
function within(tokens: readonly Token[], sentence: number, from: number, n: number, pred: (w: string, k: number) => boolean): number {
  for (let k = from; k < tokens.length && k < from + n && tokens[k]!.sentence === sentence; k++) if (pred(tokens[k]!.w, k)) return k;
  return -1;
}
const isInstrumentNoun = (w: string): boolean => INSTRUMENT_NOUNS.has(w);
const isInstrumentVerb = (w: string): boolean => INSTRUMENT_VERBS.has(w);
const isAssent = (w: string): boolean => ASSENT.has(w);
const isCountVerb = (w: string): boolean => w === 'count' || w === 'counts' || w === 'serve' || w === 'serves';
const isNegationWord = (w: string): boolean =>
  isNegation(w) || w === 'nothing' || w === "nothing's" || w === 'nothings' || w === 'none' || w === 'neither';
const isNegationOrCondition = (w: string): boolean => isNegationWord(w) || CONDITIONAL.has(w);
const isAcceptVerb = (w: string): boolean => ACCEPT_VERBS.has(w);
const SETTLED = new Set([
  'agreed',
  'done',
  'settled',
  'approved',
  'confirmed',
  'signed',
  'accepted',
  'locked',
  'final',
  'binding',
  'sorted',
  // "consider the arrears gone", "consider your council tax for March paid"
  'paid',
  'gone',
  'cleared',
  'wiped',
  'covered',
]);
const isSettled = (w: string): boolean => SETTLED.has(w);
/** Words an instrument can start with; any other token is passed over at once. */
const INSTRUMENT_STARTS = new Set([
  'screenshot',
  'save',
  'keep',
  'consider',
  'treat',
  'count',
  'take',
  'accept',
  'regard',
  'this',
  'got',
  'have',
  'by',
  'reply',
  'deal',
  'my',
  "it's",
  'its',
  "that's",
  'thats',
  'agreed',
  ...REPLY_WORDS,
]);

/** What a reply is taken as: "treat that / a thumbs up / your reply as …". */
const TAKEN_AS = new Set(['that', 'it', 'a', 'an', 'your', 'ur', 'any', 'this']);
/** Instrument nouns that are assent in themselves, whatever follows them. */
const ASSENT_NOUNS = new Set(['acceptance', 'agreement', 'consent', 'signature', 'contract']);

/** The message as the instrument: "consider this text confirmation", "reply YES to accept", "by replying you agree". */
function instrumentAt(tokens: readonly Token[], i: number, lex: BindingLexicons): Act | null {
  const t = tokens[i]!;
  if (!INSTRUMENT_STARTS.has(t.w)) return null;
  const sentence = t.sentence;
  const act = (to: number): Act => ({
    from: i,
    to: clauseEnd(tokens, to),
    rule: 'binding-transaction.instrument',
    suggestion: INSTRUMENT_SUGGESTION,
  });
  // "screenshot this as proof of our agreement", "keep this message as your confirmation"
  if ((t.w === 'screenshot' || t.w === 'save' || t.w === 'keep') && tokens[i + 1]?.w === 'this' && !before(tokens, i, isNegationWord)) {
    const noun = within(tokens, sentence, i + 2, 6, isInstrumentNoun);
    if (noun >= 0 && !recordOnly(tokens, noun)) return act(noun);
  }
  // "consider / treat / take / accept this (text) as …"
  if ((t.w === 'consider' || t.w === 'treat' || t.w === 'take' || t.w === 'accept' || t.w === 'regard') && tokens[i + 1]?.w === 'this') {
    if (before(tokens, i, isNegationWord)) return null;
    const noun = within(tokens, sentence, i + 2, 7, isInstrumentNoun);
    if (noun >= 0 && !recordOnly(tokens, noun)) return act(noun);
  }
  // "Send a 👍 back and I'll treat that as ur acceptance of the offer", "I'll take a thumbs up as your agreement":
  // a reply taken as assent, when what is assented to is an obligation or the noun is assent itself.
  if ((t.w === 'treat' || t.w === 'take' || t.w === 'regard' || t.w === 'count') && TAKEN_AS.has(tokens[i + 1]?.w ?? '')) {
    const as = within(tokens, sentence, i + 2, 4, (w) => w === 'as');
    const noun = as >= 0 ? within(tokens, sentence, as + 1, 3, isInstrumentNoun) : -1;
    if (noun >= 0 && !before(tokens, i, isNegationWord)) {
      const obligation = obligationAfter(tokens, noun + 1, lex);
      if (obligation) return act(obligation.last);
      if (ASSENT_NOUNS.has(tokens[noun]!.w)) return act(noun);
    }
  }
  if (t.w === 'consider' && tokens[i + 1]?.w === 'it' && SETTLED.has(tokens[i + 2]?.w ?? '')) return act(i + 2);
  // "consider your council tax discount locked in", "we'll treat the payment plan as signed"
  if ((t.w === 'consider' || t.w === 'treat' || t.w === 'regard') && !before(tokens, i, isNegationWord)) {
    const obligation = obligationAfter(tokens, i + 1, lex);
    if (obligation) {
      const settled = within(tokens, sentence, obligation.last + 1, 3, isSettled);
      if (settled >= 0) return act(settled);
    }
  }
  // "that's us agreed", "that's been agreed", "that's agreed then"
  if ((t.w === "that's" || t.w === 'thats') && within(tokens, sentence, i + 1, 3, (w) => w === 'agreed' || w === 'settled') >= 0) {
    if (!before(tokens, i, isNegationWord)) return act(within(tokens, sentence, i + 1, 3, (w) => w === 'agreed' || w === 'settled'));
  }
  // "this text is your confirmation", "this message is your formal offer of tenancy", "this is the council's acceptance"
  if (t.w === 'this' && (MEDIUM.has(tokens[i + 1]?.w ?? '') || INSTRUMENT_VERBS.has(tokens[i + 1]?.w ?? ''))) {
    if (before(tokens, i, isNegationWord)) return null;
    const verbAt = within(tokens, sentence, i + 1, 3, isInstrumentVerb);
    if (verbAt < 0 || within(tokens, sentence, i + 1, verbAt - i + 2, isNegationWord) >= 0) return null;
    // "This message confirms we've received your solicitor's request for £2,000": a record, not the instrument.
    if (tokens[verbAt]!.w === 'confirms' && proceduralAfter(tokens, verbAt + 1)) return null;
    const noun = within(tokens, sentence, verbAt + 1, 7, isInstrumentNoun);
    // "this is the second offer you've turned down": one of a history counted, not this message as the offer.
    if (noun >= 0 && (ORDINALS.has(tokens[noun - 1]?.w ?? '') || SECOND_PERSON_PAST.has(tokens[noun + 1]?.w ?? ''))) return null;
    if (noun >= 0 && !(tokens[noun]!.w === 'notice' && tokens[noun - 1]?.w === 'a')) return act(noun);
    // "this text confirms your grant of £500": confirming an obligation itself (not "… confirms your appointment").
    if (tokens[verbAt]!.w === 'confirms' || tokens[verbAt]!.w === 'constitutes') {
      const obligation = within(tokens, sentence, verbAt + 1, 5, (w) => lex.obligations.has(w));
      if (obligation >= 0) return act(obligation);
    }
  }
  // "reply YES to accept", "text back AGREE and the new terms will be in place"
  // Not "please don't take my earlier message as a yes".
  // Not "I've got your message saying you accept the flat": the citizen's message, a noun after a determiner.
  if (REPLY_WORDS.has(t.w) && !before(tokens, i, isNegationWord) && !DETERMINERS.has(tokens[i - 1]?.w ?? '')) {
    const assent = within(tokens, sentence, i + 1, 3, isAssent);
    // "reply YES if you'd like a call back about your repayment options": a choice offered, not an acceptance.
    if (assent >= 0 && tokens[assent + 1]?.w === 'if' && WANTING.has(tokens[assent + 3]?.w ?? '')) return null;
    if (assent >= 0) {
      const accept = within(
        tokens,
        sentence,
        assent + 1,
        9,
        (w, k) => ACCEPT_VERBS.has(w) || (lex.obligations.has(w) && !namesDocument(tokens, k)),
      );
      if (accept >= 0) return act(accept);
    }
  }
  // "by replying you agree", "by replying, you accept the terms"
  if (t.w === 'by' && BY_REPLYING.has(tokens[i + 1]?.w ?? '')) {
    // "by sending back a thumbs up you accept…": what is sent may take a few words.
    const accept = within(tokens, sentence, i + 2, 7, isAcceptVerb);
    if (accept >= 0) return act(accept);
  }
  // "your reply will count as acceptance"
  if (t.w === 'reply' && within(tokens, sentence, i + 1, 4, isCountVerb) >= 0) {
    const noun = within(tokens, sentence, i + 1, 7, isInstrumentNoun);
    if (noun >= 0) return act(noun);
  }
  // "deal agreed", "it's a deal", "you have my word"; not when what they seal is the writer's own errand in the
  // same sentence with no obligation ("you have my word I'll ring you back", "it's a deal, see you at 10").
  if (
    (t.w === 'deal' && (tokens[i + 1]?.w === 'agreed' || tokens[i + 1]?.w === 'done')) ||
    (t.w === 'my' && tokens[i + 1]?.w === 'word' && tokens[i - 1]?.w === 'have')
  ) {
    return sealsErrand(tokens, i, lex) ? null : act(i + 1);
  }
  if ((t.w === "it's" || t.w === 'its' || t.w === "that's") && tokens[i + 1]?.w === 'a' && tokens[i + 2]?.w === 'deal')
    return sealsErrand(tokens, i, lex) ? null : act(i + 2);
  // "that's a promise from me", "that's my promise", "it's a done deal"
  if ((t.w === "that's" || t.w === 'thats' || t.w === "it's" || t.w === 'its') && !before(tokens, i, isNegationWord)) {
    if ((tokens[i + 1]?.w === 'a' || tokens[i + 1]?.w === 'my' || tokens[i + 1]?.w === 'our') && tokens[i + 2]?.w === 'promise')
      return act(i + 2);
    if (tokens[i + 1]?.w === 'a' && tokens[i + 2]?.w === 'done' && tokens[i + 3]?.w === 'deal') return act(i + 3);
  }
  // "the council's got it covered", "we've got this covered"
  if ((t.w === 'got' || t.w === 'have') && PRONOUN_OBJECTS.has(tokens[i + 1]?.w ?? '') && tokens[i + 2]?.w === 'covered') {
    const subject = tokens[i - 1]?.w ?? '';
    if (subject === "council's" || subject === "we've" || subject === 'we' || subject === "i've" || subject === 'council')
      return act(i + 2);
  }
  // "… - agreed from our side", "agreed on our end": the council's side declaring its assent.
  if (
    t.w === 'agreed' &&
    (tokens[i + 1]?.w === 'from' || tokens[i + 1]?.w === 'on') &&
    tokens[i + 2]?.w === 'our' &&
    (tokens[i + 3]?.w === 'side' || tokens[i + 3]?.w === 'end' || tokens[i + 3]?.w === 'part') &&
    !before(tokens, i, isNegationOrCondition)
  )
    return act(i + 3);
  // "we have agreed to look again at whether £400 compensation is due": agreeing to review is not the decision.
  if (t.w === 'agreed' && tokens[i + 1]?.w === 'to' && REVIEWING.has(tokens[i + 2]?.w ?? '')) return null;
  // "just a reminder u agreed to pay £15 a week", "You agreed to £10 a week": the citizen's own agreement.
  if (t.w === 'agreed' && (SECOND.has(tokens[i - 1]?.w ?? '') || (tokens[i - 1]?.w === 'have' && SECOND.has(tokens[i - 2]?.w ?? ''))))
    return null;
  // "Mrs Khan has agreed to pay £10 a week", "she's agreed £20 a fortnight": someone else's agreement, reported.
  if (
    t.w === 'agreed' &&
    (THIRD_PARTY.has(tokens[i - 1]?.w ?? '') ||
      // "Your landlord's agreed to take £20 a week off the arrears": an outside party's agreement.
      OUTSIDERS.has(possessor(tokens[i - 1]?.w ?? '')) ||
      ((tokens[i - 1]?.w === 'has' || tokens[i - 1]?.w === 'had') && !COUNCIL_SIDE.has(tokens[i - 2]?.w ?? '')))
  )
    return null;
  if (t.w === 'agreed' && !before(tokens, i, isNegationOrCondition)) {
    const money = within(tokens, sentence, i + 1, 6, (_w, k) => isMoney(tokens, k));
    if (money >= 0) return act(money);
  }
  return null;
}

/** "… as proof you've appealed", "… as written confirmation that the OT visit is on Monday": a record of the case. */
function recordOnly(tokens: readonly Token[], noun: number): boolean {
  if (!RECORD_NOUNS.has(tokens[noun]!.w)) return false;
  return proceduralAfter(tokens, tokens[noun + 1]?.w === 'that' || tokens[noun + 1]?.w === 'of' ? noun + 2 : noun + 1);
}

const WANTING = new Set(['like', 'want', 'need', 'prefer', 'wish']);
/** What the council can agree to do before deciding anything: "agreed to look again at whether …". */
const REVIEWING = new Set([
  'look',
  'review',
  'reconsider',
  'consider',
  'check',
  'discuss',
  'investigate',
  'assess',
  'reassess',
  'revisit',
  'reopen',
  'meet',
  'talk',
  'visit',
]);
/** Errands the writer runs themselves: a seal on one of these binds nobody. */
const ERRANDS = new Set(['ring', 'call', 'phone', 'text', 'email', 'visit', 'see', 'meet', 'bring', 'send', 'pop', 'come']);
/** Does the sentence of token `i` name an errand of the writer's and no obligation or amount? */
function sealsErrand(tokens: readonly Token[], i: number, lex: BindingLexicons): boolean {
  const sentence = tokens[i]!.sentence;
  let errand = false;
  for (let k = 0; k < tokens.length; k++) {
    if (tokens[k]!.sentence !== sentence) continue;
    if (isMoney(tokens, k)) return false;
    const o = lex.obligations.match(tokens, k);
    if (o && o.value !== 'deal') return false;
    if (ERRANDS.has(tokens[k]!.w)) errand = true;
  }
  return errand;
}

/** Does a word up to six before `i`, in its clause, satisfy `pred`? */
function before(tokens: readonly Token[], i: number, pred: (w: string) => boolean): boolean {
  const clause = tokens[i]!.clause;
  for (let k = i - 1; k >= 0 && k >= i - 6 && tokens[k]!.clause === clause; k--) if (pred(tokens[k]!.w)) return true;
  return false;
}

const DESCRIPTION = new Set(['of', 'for', 'on', 'towards', 'from', 'at', 'in']);
const BE_WORDS = new Set(['is', 'are', 'has', 'have', 'been', 'was', 'were', "'s", 'will']);
const WAIVED = new Set([
  // "the arrears won't be passed to the bailiffs": enforcement called off
  'passed',
  'referred',
  'escalated',
  'recovered',
  'taken',
  'charged',
  'collected',
  'applied',
  'enforced',
  'pursued',
  'payable',
  'added',
  'apply',
  'chased',
  'billed',
]);
const ON_US = new Set(['us', 'the', 'council']);
const DECLARED = new Set([
  'issued',
  'credited',
  'zeroed',
  'scrubbed',
  'knocked',
  'sorted',
  'covered',
  'absorbed',
  'refunded',
  'dropped',
  'frozen',
  'locked',
  'transferred',
  'extended',
  'backdated',
  'yours',
  'reimbursed',
  'settled',
  // "ur arrears are forgiven", "your respite at Rosewood is now funded", "the £120 summons costs have been withdrawn"
  'forgiven',
  'funded',
  'withdrawn',
  'converted',
  'approved',
  'agreed',
  'waived',
  'authorised',
  'authorized',
  'accepted',
  'confirmed',
  'granted',
  'cleared',
  'cancelled',
  'awarded',
  'guaranteed',
  'wiped',
  'written',
  'frozen',
  'released',
  'paid',
  // "the bailiffs have been called off": enforcement stopped (only with "off")
  'called',
  // "your rent is reduced to £95 a week": only to or by a sum
  'reduced',
  'lowered',
]);
/**
 * "the hardship panel went your way – £400 awarded", "£200 approved, going in Friday": a sum with a decision's
 * participle straight after it, ending its clause. Not denied or hedged before it in its sentence.
 */
function sumDecidedAt(tokens: readonly Token[], i: number): Act | null {
  const w = tokens[i + 1]?.w ?? '';
  if (!DECIDED.has(w) || tokens[i + 1]!.clause !== tokens[i]!.clause || !isMoney(tokens, i)) return null;
  const after = tokens[i + 2];
  if (after && after.clause === tokens[i + 1]!.clause && !TEXTED_AFTER_DECLARED.has(after.w)) return null;
  if (negationWithin(tokens, i, 8, 'sentence') || hedgedBefore(tokens, i, 10)) return null;
  return { from: i, to: i + 1, rule: 'binding-transaction.declared', suggestion: suggestFor('payment') };
}
/** "has gone through", "went thru", "come through": a decision made in the obligation's favour. */
/** Plans and terms, whose content is worked out with the person (not a refund or a grant, which a meeting only grants). */
const WORKED_OUT = new Set([
  'care package',
  'repayment plan',
  'payment plan',
  'terms',
  'repayment terms',
  'payment terms',
  'personal budget',
  'package',
]);
/** What is worked out at a meeting rather than granted: "will be agreed/decided/set/finalised at the review". */
const SETTLED_AT = new Set(['agreed', 'decided', 'set', 'finalised', 'finalized', 'worked', 'discussed', 'reviewed']);
/** Meetings where terms are worked out with the person. */
const MEETINGS = new Set(['review', 'meeting', 'visit', 'assessment', 'appointment', 'conference', 'call', 'interview', 'hearing']);
/**
 * "at the review", "with you at your assessment on the 9th", "during your social worker's next visit": a meeting soon
 * after `k`'s verb, and nothing in the rest of the sentence that settles it ("… agreed at the visit and in place from
 * Monday", "… agreed in full at the meeting", "… agreed at the meeting and paid the same day").
 */
function atMeetingAfter(tokens: readonly Token[], k: number): boolean {
  let at = k + 1;
  if (tokens[k]!.w === 'worked' && tokens[at]?.w === 'out') at++;
  // "with you", "with you and your mum": who it is worked out with.
  if (tokens[at]?.w === 'with') for (let j = at + 1; j <= at + 5 && !MEETING_PREPOSITIONS.has(tokens[j]?.w ?? ''); j++) at = j + 1;
  if (!MEETING_PREPOSITIONS.has(tokens[at]?.w ?? '')) return false;
  let meeting = -1;
  for (let j = at + 1; j <= at + 6 && j < tokens.length && tokens[j]!.clause === tokens[k]!.clause; j++)
    if (MEETINGS.has(tokens[j]!.w)) {
      meeting = j;
      break;
    }
  if (meeting < 0) return false;
  // (A sum named settles it too: "… at the review, at £400 a week".)
  for (let j = k + 1; j < tokens.length && tokens[j]!.sentence === tokens[k]!.sentence; j++)
    if (SETTLED_AFTER.has(tokens[j]!.w) || tokens[j]!.w.charCodeAt(0) === 163) return false;
  return true;
}
const MEETING_PREPOSITIONS = new Set(['at', 'in', 'during']);
/** Words that settle the outcome after the meeting is named. */
const SETTLED_AFTER = new Set([
  'cost',
  'costs',
  'free',
  'penny',
  'nothing',
  'charge',
  'paid',
  'credited',
  'place',
  'start',
  'started',
  'starts',
  'funded',
  'approved',
  'refunded',
  'backdated',
  'waived',
  'guaranteed',
  'full',
  'confirmed',
]);
const GONE = new Set(['gone', 'went', 'come', 'came']);
const RETURNED = new Set(['coming', 'going', 'paid']);
/** Money owed to the household, which "comes back" to it. */
const RETURNED_TO_YOU = new Set(['refund', 'deposit', 'overpayment', 'compensation', 'contribution']);
/** A condition anywhere in the sentence, or an outside party deciding before the money is named. */
function decidedElsewhere(tokens: readonly Token[], i: number): boolean {
  const sentence = tokens[i]!.sentence;
  for (let k = i - 1; k >= 0 && tokens[k]!.sentence === sentence; k--) {
    const w = possessor(tokens[k]!.w);
    if (OUTSIDERS.has(w) || w === 'scheme' || w === 'adjudicator') return true;
  }
  for (let k = i; k < tokens.length && tokens[k]!.sentence === sentence; k++)
    if (tokens[k]!.w === 'if' || tokens[k]!.w === 'unless') return true;
  return false;
}
const THROUGH = new Set(['through', 'thru']);
/** What may follow "gone through" in its clause and leave it the decision: "gone through now", "went thru today". */
const THROUGH_ENDS = new Set(['now', 'today', 'yesterday', 'fine', 'ok', 'okay']);
/** Participles of a decision, which declare one even after the obligation's description. */
const DECIDED = new Set(['approved', 'agreed', 'accepted', 'waived', 'authorised', 'authorized', 'granted', 'awarded', 'guaranteed']);
/** Obligations a declaration can grant; a claim or application "accepted" is a step in a process, not a transaction. */
const DECLARABLE = new Set([
  'penalty',
  'penalties',
  'summons costs',
  'contribution',
  'account',
  'rent account',
  'rental',
  'school transport',
  'enforcement',
  'fines',
  'fine',
  'grant',
  'payment',
  'refund',
  'award',
  'deposit',
  'arrears',
  'debt',
  'discount',
  'reduction',
  'compensation',
  'tenancy',
  'repayment plan',
  'payment plan',
  'settlement',
  'care package',
  'direct payment',
  'discretionary housing payment',
  'charge',
  'fee',
  'rent',
  'offer',
  'loan',
  'funding',
  'overpayment',
  'service charge',
  'deposit loan',
  'shortfall',
  'voucher',
  'fees',
  'costs',
  'cost',
  'repayment terms',
  'payment terms',
  'terms',
  'agreement',
  'tenancy agreement',
  'lease',
  'backdated',
  'support plan',
  'refund',
  'bursary',
  'rate relief',
]);

/** Obligations the council issues against someone: "issued" declares nothing given. */
const ISSUED_AGAINST = new Set([
  'penalty',
  'penalties',
  'fine',
  'fines',
  'charge',
  'charges',
  'summons costs',
  'enforcement',
  'bill',
  'invoice',
]);

/** The other outcome after "approved or …": the decision is still to be made. */
const UNDECIDED = new Set(['refused', 'rejected', 'declined', 'not', 'turned', 'denied', 'reduced']);

/** Words of saying or agreeing that, refused, take back what follows them. */
const BELIEVING = new Set(['think', 'believe', 'reckon', 'expect', 'imagine']);
const DOUBTING = new Set(['doubt', 'doubtful', 'unlikely']);
const AFFIRMING_DOUBT = new Set(['a', 'no', 'without']);
const REFUSABLE = new Set(['say', 'agree', 'promise', 'confirm', 'guarantee', 'tell', 'commit', 'sure', 'able']);

/** What a charge is or has done, said of it after "is" or "has": a fact about it, not a decision. */
const CHARGE_STATES = new Set([
  'gone',
  'increased',
  'risen',
  'rose',
  'due',
  'overdue',
  'outstanding',
  'payable',
  'owed',
  'owing',
  'unpaid',
]);

const CHARGES = new Set(['fee', 'charge', 'fine', 'penalty', 'pcn']);
/** Is token `k`'s clause the whole of its sentence? */
function soleClause(tokens: readonly Token[], k: number): boolean {
  const { sentence, clause } = tokens[k]!;
  for (let b = k - 1; b >= 0 && tokens[b]!.sentence === sentence; b--) if (tokens[b]!.clause !== clause) return false;
  for (let a = k + 1; a < tokens.length && tokens[a]!.sentence === sentence; a++) if (tokens[a]!.clause !== clause) return false;
  return true;
}

const ORDINALS = new Set(['second', 'third', 'fourth', 'fifth', '2nd', '3rd', '4th', 'another', 'last', 'previous', 'same']);
const SECOND_PERSON_PAST = new Set(["you've", 'youve', 'you', 'u']);

/**
 * "Mr Jones, you accepted the repayment plan of £12 a week on the phone": the citizen's own act told back to them,
 * in a sentence where the council's side does nothing.
 */
function citizensOwnAct(tokens: readonly Token[], from: number, last: number): boolean {
  let act = false;
  for (let k = from; k <= last; k++) {
    const w = tokens[k]!.w;
    if (COUNCIL_SUBJECTS.has(w)) return false;
    if (!SECOND.has(w)) continue;
    let v = k + 1;
    while (v <= last && v <= k + 3 && (tokens[v]!.w === 'have' || tokens[v]!.w === 'already' || tokens[v]!.w === 'just')) v++;
    if (CITIZEN_ACTS.has(tokens[v]?.w ?? '')) act = true;
  }
  return act;
}
const TOLD = new Set(['told', 'tell', 'informed', 'let', 'mentioned', 'passed', 'updated', 'messaged', 'emailed']);
const GOT_IN_TOUCH = new Set('rang called phoned asked emailed wrote messaged texted enquired queried complained'.split(' '));
/**
 * "I've told finance you rang about the £40 summons fee": the writer passing on the person's call to a colleague, with
 * nothing after it that is the council's own ("… and we've waived it" is read by the rules, and by this model, as one).
 */
function passedOn(tokens: readonly Token[], from: number, last: number): boolean {
  for (let k = from; k < last; k++) {
    if (!TOLD.has(tokens[k]!.w)) continue;
    for (let v = k + 1; v <= last && v <= k + 4; v++) {
      if (!SECOND.has(tokens[v]!.w) || !GOT_IN_TOUCH.has(tokens[v + 1]?.w ?? '')) continue;
      return !anyIn(tokens, v + 2, last, COUNCIL_SUBJECTS);
    }
  }
  return false;
}
const REFERRING = new Set(['put', 'passed', 'referred', 'sent', 'forwarded', 'escalated', 'raised', 'taken', 'given']);
const DECIDERS = new Set(['manager', 'panel', 'supervisor', 'director', 'head', 'lead', 'board', 'committee', 'colleague', 'team']);
/**
 * "I've put it to the complaints manager, who signs these off on Fridays": the writer has referred the matter to
 * someone else who decides it, with no committing verb before the referral (what follows the decider is theirs).
 */
function referredOn(tokens: readonly Token[], from: number, last: number): boolean {
  for (let k = from; k < last; k++) {
    const w = tokens[k]!.w;
    if (COMMITTING_FORMS.has(w)) return false;
    if (!REFERRING.has(w)) continue;
    let to = k + 1;
    while (to <= last && to <= k + 4 && tokens[to]!.w !== 'to' && tokens[to]!.w !== 'with') to++;
    if (to > last || to > k + 4) continue;
    for (let d = to + 1; d <= last && d <= to + 4 && tokens[d]!.clause === tokens[to]!.clause; d++)
      if (DECIDERS.has(tokens[d]!.w)) return !decidedAfter(tokens, d + 1, last);
  }
  return false;
}
const TOLD_AS_MADE = new Set(['written', 'signed', 'gone', 'yours', 'sorted', 'cleared', 'wiped', 'cancelled', 'through']);
const DECISION_PENDING = new Set([
  'who',
  "who'll",
  'go',
  'going',
  'will',
  "they'll",
  "she'll",
  "he'll",
  'to',
  'if',
  'once',
  'whether',
  'before',
  'until',
]);
/** "… to the panel and it's approved": the decision told as made, after the referral (not "who will approve it"). */
function decidedAfter(tokens: readonly Token[], from: number, last: number): boolean {
  for (let k = from; k <= last; k++) {
    // "… and he's said yes to freezing your membership", "consider the £200 written off", "it's gone through, the £300
    // is yours", "she's signed it off, so the £80 charge is gone": the decision told as made, too.
    const w = tokens[k]!.w;
    if (!DECIDED.has(w) && !TOLD_AS_MADE.has(w) && !(w === 'yes' && tokens[k - 1]?.w === 'said')) continue;
    let pending = false;
    for (let j = k - 1; j >= from && j >= k - 4; j--) if (DECISION_PENDING.has(tokens[j]!.w)) pending = true;
    if (!pending) return true;
  }
  return false;
}
/**
 * A sentence whose acts are an outside party's, with nobody on the council's side in it: "the landlord accepted your
 * offer of £30 a month", "DWP have agreed an alternative payment arrangement, so the rent will come direct to us".
 * Only named parties, not pronouns: "She's happy to waive the £50 fee" may be the writer's manager.
 */
function outsidersAct(text: string, tokens: readonly Token[], from: number, last: number): boolean {
  let outsider = false;
  for (let k = from; k <= last; k++) {
    const w = tokens[k]!.w;
    if (COUNCIL_SUBJECTS.has(w) && w !== 'us') return false;
    if (w === 'manager' || w === "manager's" || w === 'team' || w === "team's" || w === 'panel' || w === "panel's") return false;
    if (w === 'me' || w === 'myself') return false;
    // Not a party named after a preposition ("the grant for the residents' association is approved"): it is not who
    // decides.
    if (!outsider && OUTSIDERS.has(possessor(w)) && !afterPreposition(tokens, k)) {
      // The party as the subject of a decision: "the landlord accepted", "DWP have agreed", "the landlord's happy to".
      // The rest of its name may come first: "the National Lottery Community Fund has approved", "Buttle UK has agreed".
      let named = k + 1;
      while (named <= last && named <= k + 3 && capitalisedAt(text, tokens[named]!.start) && !OUTSIDER_AUXILIARIES.has(tokens[named]!.w))
        named++;
      if (named > k + 3) named = k + 1;
      let v = named;
      while (v <= last && v <= named + 2 && OUTSIDER_AUXILIARIES.has(tokens[v]!.w)) v++;
      if (v <= last && OUTSIDER_DECISIONS.has(tokens[v]!.w)) outsider = true;
    }
  }
  return outsider;
}
/** A debt an outside body is owed or decides (an overpayment, arrears, a fine), with nothing of the council's in [from, to]. */
function outsidersDebt(tokens: readonly Token[], from: number, to: number): boolean {
  let debt = false;
  for (let k = from; k <= to; k++) {
    const w = tokens[k]!.w;
    if (w === 'us' || w === 'our' || COUNCIL_GIVES.has(w) || w === 'deposit' || w === 'grants') return false;
    if (OUTSIDERS_DEBTS.has(w)) debt = true;
  }
  return debt;
}
const OUTSIDERS_DEBTS = new Set(['overpayment', 'overpayments', 'arrears', 'debt', 'debts', 'fine', 'fines', 'penalty', 'bill', 'loan']);
const OBJECT_PREPOSITIONS = new Set(['for', 'to', 'towards', 'with', 'from', 'of', 'on', 'at', 'into', 'about']);
/** Is token `k` the object of a preposition, with at most two words between ("for the residents' association")? */
function afterPreposition(tokens: readonly Token[], k: number): boolean {
  for (let b = k - 1; b >= 0 && b >= k - 3 && tokens[b]!.clause === tokens[k]!.clause; b--)
    if (OBJECT_PREPOSITIONS.has(tokens[b]!.w)) return true;
  return false;
}
const OUTSIDER_AUXILIARIES = new Set(['has', 'have', 'had', 'just', 'already', 'now', 'also', 'both', 'finally', 'is', 'are']);
const OUTSIDER_DECISIONS = new Set([
  'agreed',
  'accepted',
  'approved',
  'decided',
  'offered',
  'confirmed',
  'granted',
  'awarded',
  'ruled',
  'ordered',
  'upheld',
  'happy',
  'willing',
  // "Your energy supplier said they'll refund the £90": the party's own account of what it will do.
  'said',
  'says',
  'promised',
  'fined',
  // "The magistrates have cancelled the fixed penalty", "the tribunal quashed the decision".
  'cancelled',
  'quashed',
]);
/** "landlord's" → "landlord"; other words as they are. */
function possessor(w: string): string {
  return w.endsWith("'s") ? w.slice(0, -2) : w;
}
/** Parties outside the council who decide things of their own: a landlord, DWP, a court, an insurer. */
const OUTSIDERS = words(OUTSIDE_PARTIES, ['landlady', 'judge', 'lender', 'suppliers', 'provider', 'insurance', 'lenders', 'magistrates']);
/**
 * The other half of who is deciding: the council's side as the subject of "has agreed" ("the council has agreed £20 a
 * week" still binds), where any other subject of "has agreed" is read as an outside party's decision.
 */
const COUNCIL_SIDE = new Set(['council', 'team', 'manager', 'panel', 'department', 'service', 'we', 'i']);
/** Before a reply word, the citizen's own message ("your message saying …"); not "thumbs up this message to accept". */
const DETERMINERS = new Set(['your', 'ur', 'yr', 'the', 'his', 'her', 'their', 'ya']);
const CITIZEN_ACTS = new Set(['agreed', 'accepted', 'confirmed', 'promised', 'offered', 'said', 'signed', 'chose', 'opted']);
const COUNCIL_SUBJECTS = new Set(['we', "we'll", "we've", 'weve', 'well', "we're", 'i', "i'll", "i've", 'ive', "i'm", 'council', 'us']);
const THIRD_PARTY = new Set(['he', 'she', 'they', "he's", "she's", 'hes', 'shes', "they've", 'theyve', "he'd", "she'd", "they'd"]);

/** Does the sentence go on, after token `k`, to deny what came before ("— we haven't", "which isn't true")? */
function deniedAfter(tokens: readonly Token[], k: number): boolean {
  const sentence = tokens[k]!.sentence;
  for (let a = k + 1; a < tokens.length && a <= k + 4 && tokens[a]!.sentence === sentence; a++) {
    const w = tokens[a]!.w;
    const next = tokens[a + 1]?.w ?? '';
    if ((w === 'we' || w === 'i') && (next === "haven't" || next === 'havent' || next === "didn't" || next === 'didnt')) return true;
    if ((w === "that's" || w === 'which' || w === 'thats') && (next === 'not' || next === "isn't") && tokens[a + 2]?.w === 'true')
      return true;
    if ((w === 'not' || w === 'untrue') && (next === 'true' || w === 'untrue')) return true;
  }
  return false;
}

/** Feelings about what happened: "angry that …", "upset that …" tell back a grievance, not a decision. */
const GRIEVANCES = new Set(['angry', 'upset', 'annoyed', 'frustrated', 'disappointed', 'cross', 'furious', 'unhappy', 'livid', 'gutted']);

/** Is token `i` (an obligation) the start of its sentence, after at most a possessive or article? */
function opensSentence(tokens: readonly Token[], i: number): boolean {
  const b = i > 0 && (tokens[i - 1]!.w === 'your' || tokens[i - 1]!.w === 'ur' || tokens[i - 1]!.w === 'the') ? i - 1 : i;
  return b === 0 || tokens[b - 1]!.sentence !== tokens[i]!.sentence;
}
/** What a texter puts after "refund agreed" that cannot continue a noun phrase ("the refund agreed last week …"). */
const TEXTED_AFTER_DECLARED = new Set([
  'full',
  'ngl',
  'tbh',
  'mate',
  'hun',
  'x',
  'xx',
  'so',
  'and',
  'too',
  'already',
  'now',
  'today',
  'yes',
  'yep',
  'lol',
]);

/** "Your repayment plan is approved", "the payment has been confirmed", "your tenancy is hereby granted". */
function declaredAt(tokens: readonly Token[], i: number, lex: BindingLexicons): Act | null {
  const o = lex.obligations.match(tokens, i);
  if (!o || !DECLARABLE.has(o.value)) return null;
  // "There's no guarantee the grant will be approved", "I can't say your refund is approved": denied in its clause.
  // "there may be some of the fee refunded", "might be able to get the bulky charge knocked off": modal in its clause.
  for (let b = i - 1; b >= 0 && b >= i - 8 && tokens[b]!.clause === tokens[i]!.clause; b--)
    if (isNegation(tokens[b]!.w) || (MODAL.has(tokens[b]!.w) && tokens[b]!.w !== 'once')) return null;
  // "I understand you're angry that Joe's respite was cancelled again": what upset the citizen, told back to them.
  for (let b = i - 1; b >= 1 && b >= i - 6 && tokens[b]!.sentence === tokens[i]!.sentence; b--)
    if (tokens[b]!.w === 'that' && GRIEVANCES.has(tokens[b - 1]!.w)) return null;
  // "any contribution is backdated to the move-in date": how the rules work for anyone, not a decision for this person.
  if (tokens[i - 1]?.w === 'any') return null;
  const sentence = tokens[i]!.sentence;
  let k = o.last + 1;
  let be = false;
  let future = false;
  // "the overpayment of £2,340 is now cancelled", "your rent for the temporary accommodation is frozen": the
  // obligation's own description comes first.
  while (k < tokens.length && k <= o.last + 6 && tokens[k]!.clause === tokens[o.last]!.clause && DESCRIPTION.has(tokens[k]!.w)) {
    k++;
    while (
      k < tokens.length &&
      k <= o.last + 6 &&
      !BE_WORDS.has(tokens[k]!.w) &&
      // "the overpayment of £3,412 can't be waived": the description ends at a negation or a modal.
      !isNegation(tokens[k]!.w) &&
      !MODAL.has(tokens[k]!.w) &&
      !DESCRIPTION.has(tokens[k]!.w) &&
      !DECIDED.has(tokens[k]!.w) &&
      tokens[k]!.clause === tokens[o.last]!.clause
    )
      k++;
  }
  for (; k < tokens.length && k <= o.last + 9 && tokens[k]!.sentence === sentence; k++) {
    const w = tokens[k]!.w;
    // "will not be recovered", "won't be taken", "won't apply to you": a waiver declared.
    if ((w === "won't" || w === 'wont' || (w === 'will' && tokens[k + 1]?.w === 'not')) && !hedgedBefore(tokens, i, 10)) {
      const at = w === 'will' ? k + 2 : k + 1;
      const next = tokens[at]?.w === 'be' ? tokens[at + 1]?.w : tokens[at]?.w;
      if (next && WAIVED.has(next)) {
        const last = tokens[at]?.w === 'be' ? at + 1 : at;
        return { from: i, to: clauseEnd(tokens, last), rule: 'binding-transaction.declared', suggestion: suggestFor(o.value) };
      }
    }
    if (isNegation(w) || MODAL.has(w)) return null;
    // "the fencing repair cost is on us", "is paid for by us", "on the council"; not "the fee is on the website".
    const onUs = ON_US.has(tokens[k + 1]?.w ?? '') && (tokens[k + 1]!.w !== 'the' || tokens[k + 2]?.w === 'council');
    if (be && (w === 'on' || w === 'by') && onUs && !hedgedBefore(tokens, i, 10)) {
      return { from: i, to: clauseEnd(tokens, k + 1), rule: 'binding-transaction.declared', suggestion: suggestFor(o.value) };
    }
    if (be && w === 'paid' && tokens[k + 1]?.w === 'for' && tokens[k + 2]?.w === 'by' && ON_US.has(tokens[k + 3]?.w ?? '')) {
      return { from: i, to: clauseEnd(tokens, k + 3), rule: 'binding-transaction.declared', suggestion: suggestFor(o.value) };
    }
    // "The tenancy will be transferred into your name": a future passive commits as well.
    if (w === 'will' && tokens[k + 1]?.w === 'be') {
      be = true;
      future = true;
      k++;
      continue;
    }
    if (w === 'will') return null;
    if (
      w === 'is' ||
      w === 'are' ||
      w === 'has' ||
      w === 'have' ||
      w === 'been' ||
      w === 'was' ||
      w === 'were' ||
      w === "'s" ||
      w === 'hereby' ||
      w === 'r' ||
      w === "'re" ||
      w === 'now' ||
      w === 'all' ||
      w === 'fully'
    ) {
      be = true;
      continue;
    }
    // "the £60 refund is definitely coming back to you", "the deposit is coming back to you in full": the money on its
    // way back to the person, said as settled. Not "… may be coming back" (a modal ends the search above), not "if …"
    // or an outside body's decision ("the deposit scheme has decided the deposit is going back to you"), and only of
    // money the household is owed: a payment or the rent also "comes back" unpaid, or "back up".
    if (
      be &&
      RETURNED.has(w) &&
      tokens[k + 1]?.w === 'back' &&
      tokens[k + 2]?.w === 'to' &&
      SECOND_PERSON_BINDING.has(tokens[k + 3]?.w ?? '') &&
      RETURNED_TO_YOU.has(o.value) &&
      !hedgedBefore(tokens, i, 10) &&
      !decidedElsewhere(tokens, i)
    )
      return { from: i, to: clauseEnd(tokens, k + 1), rule: 'binding-transaction.declared', suggestion: suggestFor(o.value) };
    // "the uniform grant went thru!!", "your CTR's gone through, full 100% reduction": through the decision, not
    // through to a panel or through the system.
    if ((be || k === o.last + 1) && GONE.has(w) && THROUGH.has(tokens[k + 1]?.w ?? '') && !hedgedBefore(tokens, i, 10)) {
      const after = tokens[k + 2];
      if (after && after.clause === tokens[k + 1]!.clause && !THROUGH_ENDS.has(after.w)) return null;
      return { from: i, to: k + 1, rule: 'binding-transaction.declared', suggestion: suggestFor(o.value) };
    }
    // "Payment confirmed", "Deposit approved": the bare participle right after the obligation, ending its clause.
    // "the settlement of £3,000 accepted on behalf of the council": after the obligation's description, a decision
    // participle ending its clause or said for the council.
    const described =
      !be &&
      k > o.last + 1 &&
      DECIDED.has(w) &&
      (tokens[k + 1]?.clause !== tokens[k]!.clause ||
        (tokens[k + 1]?.w === 'on' && tokens[k + 2]?.w === 'behalf') ||
        (tokens[k + 1]?.w === 'by' && ON_US.has(tokens[k + 2]?.w ?? '')));
    const bare =
      described ||
      (!be &&
        k === o.last + 1 &&
        DECLARED.has(w) &&
        (tokens[k + 1]?.clause !== tokens[k]!.clause ||
          tokens[k + 1]?.w === 'off' ||
          // "refund agreed full amount", "grant approved ngl u deserve it": a texted sentence that opens on the obligation.
          (opensSentence(tokens, i) && TEXTED_AFTER_DECLARED.has(tokens[k + 1]!.w)) ||
          // "DHP approved for 26 weeks", "grant approved for £300": for a term or a sum.
          (DECIDED.has(w) && tokens[k + 1]?.w === 'for' && tokens[k + 2] !== undefined && /^[£\d]/.test(tokens[k + 2]!.w))));
    // "The care package will be agreed at the review on the 9th with you and your mum": settled at a meeting to come,
    // with the terms still to be worked out there; not "will be approved at the panel", which promises the outcome.
    if (future && SETTLED_AT.has(w) && WORKED_OUT.has(o.value) && atMeetingAfter(tokens, k)) return null;
    if ((be || bare) && DECLARED.has(w)) {
      // "will be approved or refused by the panel on the 14th": both outcomes named, so nothing is decided.
      if (tokens[k + 1]?.w === 'or' && UNDECIDED.has(tokens[k + 2]?.w ?? '')) return null;
      if ((w === 'written' || w === 'called') && tokens[k + 1]?.w !== 'off') return null;
      // "the PCN was issued correctly": a penalty issued is enforcement, not something given up.
      if (w === 'issued' && ISSUED_AGAINST.has(o.value)) return null;
      if (w === 'called' && o.value !== 'enforcement') return null;
      if (
        (w === 'reduced' || w === 'lowered') &&
        !((tokens[k + 1]?.w === 'to' || tokens[k + 1]?.w === 'by') && tokens[k + 2] && isMoney(tokens, k + 2))
      )
        return null;
      if (w === 'paid' && !tokens.slice(i - 2, i).some((t) => t.w === 'your')) return null;
      if (hedgedBefore(tokens, i, 10)) return null;
      return {
        from: i,
        to: clauseEnd(tokens, w === 'written' || w === 'called' ? k + 1 : k),
        rule: 'binding-transaction.declared',
        suggestion: suggestFor(o.value),
      };
    }
    if (!be) return null;
    // "the £95 late fee has gone up this year", "your balance is overdue": the charge's state, not a decision on it.
    // Only of what the household pays, and only when that is all the sentence says.
    if (CHARGE_STATES.has(w) && (HOUSEHOLD_DEBTS.has(o.value) || CHARGES.has(o.value)) && soleClause(tokens, i))
      return ruledOrdinaryAt(tokens, i);
    if (
      ![
        'been',
        'being',
        'now',
        'already',
        'just',
        'officially',
        'formally',
        'all',
        'fully',
        'completely',
        'definitely',
        'certainly',
      ].includes(w)
    )
      return null;
  }
  return null;
}

const SECOND = new Set(['you', 'ye', 'ya', 'u', "you'll", "ye'll", 'youll', "you're", 'youre', "you've"]);
/** The person addressed, or theirs: "your offer", "the quote for your boiler", "you can move in". */
const ADDRESSED: ReadonlySet<string> = new Set([...SECOND, 'your', 'ur', 'yours']);
const ASSURANCE_STARTS = new Set([...SECOND, 'no', 'nothing', 'at', 'free']);
const PAYING = new PhraseLexicon<true>();
for (const p of [
  'charged',
  'billed',
  'pay',
  'paying',
  'be paying',
  'be charged',
  'get charged',
  'be billed',
  'owe',
  'see a bill',
  'get a bill',
  'have to pay',
  'need to pay',
  'be asked to pay',
  'be out of pocket',
  // "you don't need to worry about paying back the crisis loan"
  'need to worry about paying',
  'have to worry about paying',
])
  PAYING.add(p, true);
const RECEIVING = new Set(['getting', 'get', 'receive', 'receiving']);
const ZERO_COST = new PhraseLexicon<true>();
for (const z of [
  'no need to pay',
  'nothing to pay',
  'nothing more to pay',
  'at no cost',
  'free of charge',
  'no charge to you',
  'nothing to worry about paying',
])
  ZERO_COST.add(z, true);
const ZERO_COST_SUGGESTION = 'Arrange a call, and let the council confirm any waiver through its usual paperwork.';

/**
 * Assurances to the person addressed: "you won't pay anything for the clearance", "ye'll no be paying a penny",
 * "you're getting the full £450 grant", "there's nothing to pay".
 */
function assuranceAt(tokens: readonly Token[], i: number, lex: BindingLexicons): Act | null {
  const t = tokens[i]!;
  const zero = ZERO_COST.match(tokens, i);
  if (zero) {
    if (hedgedBefore(tokens, i, 10) || tokens[i - 1]?.w === 'is') return null;
    return { from: i, to: clauseEnd(tokens, zero.last), rule: 'binding-transaction.assurance', suggestion: ZERO_COST_SUGGESTION };
  }
  if (!SECOND.has(t.w)) return null;
  // "I cannot promise you'll get the grant": the assurance is refused.
  if (before(tokens, i, isNegationWord)) return null;
  const clause = t.clause;
  let negated = false;
  let future = t.w.endsWith("'ll") || t.w === 'youll';
  for (let k = i + 1; k < tokens.length && k <= i + 5 && tokens[k]!.clause === clause; k++) {
    const w = tokens[k]!.w;
    if (isNegation(w)) {
      negated = true;
      continue;
    }
    if (w === 'will' || w === 'shall' || w === 'be' || w === 'are' || w === 'going' || w === 'to') {
      if (w === 'will' || w === 'shall' || w === 'going') future = true;
      continue;
    }
    if (negated && PAYING.match(tokens, k)) {
      if (hedgedBefore(tokens, i, 10) || trailingHedge(tokens, k)) return null;
      return { from: i, to: clauseEnd(tokens, k), rule: 'binding-transaction.assurance', suggestion: ZERO_COST_SUGGESTION };
    }
    // "you're getting the full £450 hardship grant", "you'll get £50 back"
    if (!negated && (future || t.w === "you're" || t.w === 'youre' || w === 'getting') && RECEIVING.has(w)) {
      const o = obligationAfter(tokens, k + 1, lex);
      if (o && o.at <= k + 5 && (MONEY_OBLIGATIONS.has(o.canonical) || hasMoney(tokens, k + 1, o.last))) {
        if (hedgedBefore(tokens, i, 10) || trailingHedge(tokens, k)) return null;
        return { from: i, to: clauseEnd(tokens, o.last), rule: 'binding-transaction.assurance', suggestion: suggestFor(o.canonical) };
      }
      return null;
    }
    return null;
  }
  return null;
}
function hasMoney(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k <= to; k++) if (isMoney(tokens, k)) return true;
  return false;
}
const MONEY_OBLIGATIONS = new Set(['grant', 'refund', 'compensation', 'payment', 'award', 'voucher', 'discount', 'reduction', 'deposit']);

/** The last token of the clause `at` is in (the span of a commitment runs to the end of what it commits to). */
function clauseEnd(tokens: readonly Token[], at: number): number {
  let k = at;
  while (k + 1 < tokens.length && tokens[k + 1]!.clause === tokens[at]!.clause) k++;
  return k;
}

/** Overlapping findings, or ones with only punctuation between ("…the removal van, consider it agreed"), become one. */
function merge(found: Finding[], text = ''): Finding[] {
  if (found.length < 2) return found;
  found.sort((a, b) => a.start - b.start);
  const out: Finding[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && (f.start < last.end || /^[\s,;:–—-]*$/.test(text.slice(last.end, f.start)))) last.end = Math.max(last.end, f.end);
    else out.push(f);
  }
  return out;
}
