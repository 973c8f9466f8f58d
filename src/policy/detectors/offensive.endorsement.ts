/**
 * A report the writer takes as their own. "Ron said the Polish lads are thieves and he's right", "Neighbour says
 * the Kurdish lads are all on the take. Seems right.", "Caller said bisexuals are just greedy. Made me laugh, it's
 * true though": the reported words are the writer's once the writer sides with them, before or after. Read on the
 * shared tokens by `isReportedOrCountered` (offensive.structure.ts), which keeps such a finding.
 *
 * Siding with the words is told apart from siding with the citizen ("you're right to report it", "I agree, that's
 * unacceptable"), from a verdict on something else ("he's right to be upset", "it's true that he said it") and
 * from a verdict denied ("that's not true", "I don't agree with him").
 */
import { negationWithin, RoleMemo, type Token, type Tokens } from './clauses.js';
import { SAID, VOICED, phrases, valuedPhrases, words } from './person.lexicon.js';

/** One of ENDORSEMENTS at `k`, not a verdict on a feeling or an act ("he's right to be upset", "… about the noise"). */
function endorsementAt(tokens: readonly Token[], k: number): boolean {
  const hit = ENDORSEMENTS.match(tokens, k);
  if (!hit) return false;
  const next = tokens[hit.last + 1];
  return !(next && next.sentence === tokens[hit.last]!.sentence && (next.w === 'to' || next.w === 'about'));
}
/**
 * The writer siding with a report that follows: "Mr Hale isn't wrong when he says …", "Honestly Mrs Carr's right,
 * the new Islamic centre will …". Not the citizen ("you're right, he said …"), nor a right to do something.
 */
export function endorsedBefore(tokens: readonly Token[], at: number): boolean {
  const sentence = tokens[at]?.sentence;
  for (let k = at - 1; k >= 1 && k >= at - 10 && tokens[k]!.sentence === sentence; k--) {
    const w = tokens[k]!.w;
    const prev = tokens[k - 1]!.w;
    if (w === 'wrong' && (prev === "isn't" || prev === 'isnt' || prev === 'not' || prev === "aren't" || prev === "wasn't")) {
      const subject = tokens[k - 2]?.w ?? '';
      if (subject !== 'you' && subject !== 'u' && subject !== "you're") return true;
    }
    if (w === 'right' && tokens[k + 1]?.w !== 'to' && (prev.endsWith("'s") || prev === 'is') && prev !== "it's" && prev !== "that's")
      return true;
  }
  return false;
}
/**
 * The writer siding with the person whose words were reported: "… and he's right", "… . She's not wrong tbh", "… and
 * you can't blame him". Verdicts that may stand anywhere after the words (they are among VERDICTS), and inside a
 * finding ("… and honestly I'm inclined to agree with her").
 */
const ENDORSEMENT_PHRASES = [
  "he's right",
  "she's right",
  "they're right",
  'he is right',
  'she is right',
  'they are right',
  "he's not wrong",
  "she's not wrong",
  "they're not wrong",
  'he is not wrong',
  'she is not wrong',
  "he isn't wrong",
  "she isn't wrong",
  "they aren't wrong",
  "he's spot on",
  "she's spot on",
  "he's dead right",
  "she's dead right",
  "he's got a point",
  "she's got a point",
  "they've got a point",
  'he has a point',
  'she has a point',
  'they have a point',
  'i agree with him',
  'i agree with her',
  'i agree with them',
  "i'd agree with him",
  "i'd agree with her",
  "can't blame him",
  "can't blame her",
  "can't blame them",
  'cannot blame him',
  'cannot blame her',
  "you can't blame him",
  "you can't blame her",
  "i don't blame him",
  "i don't blame her",
  "i don't blame them",
  'is true',
  "it's true",
  "it's the truth",
  'true enough',
  "couldn't agree more",
  "i think he's got a point",
  "i think she's got a point",
  'inclined to agree',
  "i'm inclined to agree",
  'i know what she means',
  'i know what he means',
  'i know what they mean',
  "i can understand where he's coming from",
  "i can understand where she's coming from",
  "i can see where he's coming from",
  "i can see where she's coming from",
  'would say the same',
  'plenty of people round here would say the same',
];
const ENDORSEMENTS = phrases(ENDORSEMENT_PHRASES);

/** How far into the next sentence a verdict may start: "… . Horrible wording, but with the state of your flat maybe they've got a point". */
const NEXT_SENTENCE_REACH = 12;
/** How a verdict must stand: anywhere in the words after the report, or only ending its clause ("Seems right."). */
const ANYWHERE = 0;
const ENDS_CLAUSE = 1;
/** Only as a sentence of its own ("Yep."). */
const WHOLE_SENTENCE = 2;

/** The writer's verdicts on words just reported, by how they must stand. */
const VERDICTS = valuedPhrases<number>([
  ...[
    'agree with him',
    'agree with her',
    'agree with them',
    'agree with that',
    'agree with this',
    "couldn't agree more",
    'could not agree more',
    'inclined to agree',
    'inclined to believe him',
    'inclined to believe her',
    'inclined to believe them',
    "i'm with him",
    "i'm with her",
    "i'm with them",
    'im with him',
    'im with her',
    "i'd second that",
    'i second that',
    "can't argue with",
    'cannot argue with',
    'not going to argue with him',
    'not going to argue with her',
    'not going to argue with them',
    'not going to argue with that',
    "won't argue with that",
    "wouldn't argue with that",
    "can't fault him",
    "can't fault her",
    "can't fault them",
    "can't say i disagree",
    "can't disagree",
    "couldn't have said it better",
    'could not have said it better',
    "can't say he's wrong",
    "can't say she's wrong",
    "can't say they're wrong",
    "what i've always said",
    'what i have always said',
    "what i've been saying",
    "what i've been telling",
    "what i'd expect",
    "what you'd expect",
    "that's what i've seen",
    "what i've seen too",
    'matches what i see',
    "matches what i've seen",
    'been my experience',
    "that's my experience",
    'my experience too',
    'same goes for you',
    'goes for you too',
    'proving her point',
    'proving his point',
    'proving their point',
    'proving the point',
    'proves my point',
    'proves the point',
    'proves it',
    'living proof',
    'says it all',
    'sums it up',
    'sums them up',
    'sums you up',
    'sums him up',
    'sums her up',
    'sums up',
    'explains a lot',
    'got it spot on',
    'has got a point',
    'has a point',
    'have a point',
    "he's got a point",
    "she's got a point",
    "they've got a point",
    "he's right",
    "she's right",
    "they're right",
    'he is right',
    'she is right',
    'being generous',
    'put money on it',
    "wouldn't surprise me",
    "doesn't surprise me",
    'no surprise there',
    'neither do i',
    'nor do i',
    "i'd go further",
    'i would go further',
    "i'd say the same",
    'would say the same',
    'the name fits',
    'crude but true',
    'harsh but true',
    'sad but true',
    'fair description',
    'fair comment',
    'fair point',
    'hard to disagree',
    'difficult to disagree',
    'go along with that',
    'back him on that',
    'back her on that',
    'back them on that',
    "can't say i blame",
    'cannot say i blame',
    "couldn't have put it better",
    'could not have put it better',
    'not far off',
    'about the size of it',
    'i believe it',
    'totally agree',
    'completely agree',
    'fully agree',
    'i can see why',
    'so would i',
    'neither am i',
    "i'm with them on that",
    'im with them',
    'which is about right',
    'true of',
    "i'd have said the same",
    'would have said the same',
    'plenty would agree',
    'plenty round here would agree',
    'plenty of people would agree',
    'people would agree',
    'me included',
    'hardly untrue',
    // "there's some truth in it", "a grain of truth": by the words after the article, which is too common to start on.
    'truth in it',
    'truth in that',
    'grain of truth',
    'element of truth',
    'can you blame him',
    'can you blame her',
    'can you blame them',
    "i get where he's coming from",
    "i get where she's coming from",
    "i get where they're coming from",
    'not far wrong',
  ].map((p) => [ANYWHERE, p] as const),
  ...[
    'i agree',
    "i'd agree",
    'i would agree',
    'i do agree',
    'i completely agree',
    'i totally agree',
    'i fully agree',
    'i have to agree',
    "i'd have to agree",
    "i'd have to say i agree",
    'agreed',
    'i get it',
    'so true',
    'true enough',
    "it's true",
    "that's true",
    'is true',
    'true',
    'fair enough',
    'fair',
    'spot on',
    'bang on',
    'dead right',
    'nailed it',
    'not wrong',
    'sounds about right',
    'sounds right',
    'seems about right',
    'seems right',
    'about right',
    'makes sense',
    'understandable',
    'exactly',
    'same here',
    'me too',
    'pretty much',
    'not going to argue',
    "won't argue",
    "wouldn't argue",
  ].map((p) => [ENDS_CLAUSE, p] as const),
  ...['yep', 'yup', 'yeah', 'yes', 'correct', 'precisely', 'absolutely', 'indeed', 'too right', 'quite right'].map(
    (p) => [WHOLE_SENTENCE, p] as const,
  ),
  // Siding with the speaker stands anywhere, where it is not listed above with a kind of its own.
  ...ENDORSEMENT_PHRASES.map((p) => [ANYWHERE, p] as const),
]);
/** What may close a verdict before its clause ends: "Spot on, frankly", "Makes sense to me", "I'm with her 100%". */
const VERDICT_TAILS = phrases([
  'tbh',
  'tho',
  'though',
  'honestly',
  'frankly',
  'really',
  'mate',
  'ngl',
  'lol',
  'innit',
  'mind',
  'too',
  'nicely',
  'to me',
  'for them',
  'to be honest',
  'to be fair',
  'if you ask me',
  'in fairness',
  'from what i see',
  "from what i've seen",
  'is he',
  'is she',
  "isn't he",
  "isn't she",
  "isn't it",
]);
/** Who a verdict may not follow: the citizen ("you're right"), or a decision ("as agreed", "we agreed"). */
const NOT_AFTER = new Set(['you', 'u', "you're", 'youre', 'ur', 'as', 'we', 'they', 'was', 'were', 'been', 'only', 'not', 'the']);
/** What a verdict may be grounded on before its clause ends: "I'd agree from what I've seen of …", "… given your paperwork". */
const GROUNDS = new Set(['from', 'given', 'judging', 'after', 'having', 'based', 'considering']);
/** "right to me": the writer's verdict, not a right to do something. */
const TO_WHOM = new Set(['me', 'us']);
/** Disapproval after a verdict turns it to the citizen's side: "I agree, that's unacceptable". */
const DISAPPROVAL = new Set([
  'unacceptable',
  'disgusting',
  'appalling',
  'horrible',
  'awful',
  'shocking',
  'vile',
  'outrageous',
  'wrong',
  'upsetting',
  'hurtful',
  'offensive',
  'racist',
  'sexist',
  'homophobic',
  'bigoted',
  'harassment',
  'discrimination',
  'abuse',
  'abusive',
  'nasty',
  'hateful',
  'distressing',
  'sorry',
]);

/**
 * The writer taking the reported words as their own after them: a verdict in the rest of the words' sentence or
 * among the first words of the next ("… and he's right", "… . She's not wrong tbh", "… obviously dealing. I'd put
 * money on it too", "… Harsh but she's not wrong"). A verdict only stands where its kind allows (see VERDICTS), not
 * denied ("that's not true"), not said of the citizen, not in a question, and not followed by disapproval.
 */
export function endorsedAfter(all: Tokens, end: number): boolean {
  const { tokens } = all;
  let k = 0;
  while (k < tokens.length && tokens[k]!.start < end) k++;
  if (k >= tokens.length || k === 0) return false;
  const sentence = tokens[k - 1]!.sentence;
  return verdictFrom(all, k, sentence, false) >= 0;
}

/**
 * The first verdict from token `k` on, in the rest of sentence `sentence` or among the first words of the next; -1
 * if none. `siding` also takes siding with the speaker ("he's right") not said to the citizen. "… ? I'm sorry,
 * that's vile, and I've written it down exactly": disapproval opening the next sentence cancels a verdict after it,
 * unless conceded with "but" ("Horrible wording, but … maybe they've got a point").
 */
function verdictFrom(all: Tokens, k: number, sentence: number, siding: boolean): number {
  const { tokens } = all;
  let nextOpens = -1;
  let disapproved = false;
  for (let j = k; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.sentence > sentence + 1) break;
    if (t.sentence === sentence + 1) {
      if (nextOpens < 0) nextOpens = j;
      if (j - nextOpens > NEXT_SENTENCE_REACH) break;
    }
    // (Only in the next sentence: in the report's own, "abuse" or "wrong" may be the words reported.)
    if (t.sentence > sentence && DISAPPROVAL.has(t.w)) disapproved = true;
    else if (t.w === 'but') disapproved = false;
    if (disapproved || !(roles.of(t) & VERDICT_START)) continue;
    if (verdictAt(all, j) || (siding && endorsementAt(tokens, j) && tokens[j - 1]?.w !== 'you')) return j;
  }
  return -1;
}

function verdictAt(all: Tokens, j: number): boolean {
  const { tokens, sentences } = all;
  const hit = VERDICTS.match(tokens, j);
  if (!hit) return false;
  const t = tokens[j]!;
  // A question, unless the verdict is the rhetorical "can you blame him?".
  if (sentences[t.sentence]?.question && t.w !== 'can') return false;
  const prev = tokens[j - 1];
  const sameClause = (x: Token | undefined): x is Token => x !== undefined && x.clause === t.clause;
  if (sameClause(prev) && NOT_AFTER.has(prev.w)) return false;
  // A verdict denied: "that's not true", "I don't agree with him", "can't say it's fair".
  if (negationWithin(tokens, j, 3, 'clause')) return false;
  let after = hit.last + 1;
  // "he's right to be upset": a verdict on a feeling or an act, not on the words.
  if (
    tokens[after]?.w === 'to' &&
    tokens[after]!.sentence === t.sentence &&
    tokens[hit.last]!.w === 'right' &&
    !TO_WHOM.has(tokens[after + 1]?.w ?? '')
  )
    return false;
  if (hit.value !== ANYWHERE) {
    if (hit.value === WHOLE_SENTENCE && prev !== undefined && prev.sentence === t.sentence) return false;
    for (let skipped = 0; skipped < 3 && after < tokens.length; skipped++) {
      const tail = VERDICT_TAILS.match(tokens, after);
      if (!tail || tokens[after]!.clause !== tokens[hit.last]!.clause) break;
      after = tail.last + 1;
    }
    const next = tokens[after];
    if (next && next.sentence === t.sentence && (hit.value === WHOLE_SENTENCE || next.clause === t.clause) && !GROUNDS.has(next.w))
      return false;
  }
  // "I agree, that's unacceptable": the citizen's side, whatever came before.
  for (let a = hit.last + 1; a < tokens.length && a <= hit.last + 8 && tokens[a]!.sentence <= t.sentence + 1; a++) {
    if (DISAPPROVAL.has(tokens[a]!.w)) return false;
  }
  return true;
}

/** "She told you being gay is a choice and honestly I'm inclined to agree with her": endorsed inside the finding. */
export function endorsedWithin(tokens: readonly Token[], at: number, end: number): boolean {
  for (let k = at; k < tokens.length && tokens[k]!.end <= end; k++) if (ENDORSEMENTS.match(tokens, k)) return true;
  return false;
}

/** Words that hand over someone else's statement: "Warden reckons …", "the landlord told me …". */
const REPORTING = words(SAID, VOICED, ['thinks', 'thought', 'wrote', 'mentioned']);
/** Per word, once: a reporting word, "was", or the first word of a verdict (most words are none, and cost one read). */
const CUE = 1;
const WAS = 2;
const VERDICT_START = 4;
const roles = new RoleMemo((w) => (REPORTING.has(w) ? CUE : 0) | (w === 'was' ? WAS : 0) | (VERDICTS.has(w) ? VERDICT_START : 0));
/** "The caller's view was that …", "the councillor's line was …". */
const VIEW_WAS = new Set(['view', 'line', 'comment', 'opinion', 'take', 'verdict', 'point']);
/** Between the reporting word and the words reported: "said that …", "told me …". */
const REPORT_FILLERS = new Set(['that', 'me', 'us']);
/** Before a verdict in the same sentence, not part of the words reported: "… and I completely agree". */
const VERDICT_LEADS = new Set(['and', 'but', 'which', 'honestly', 'tbh', 'frankly', 'so', 'is']);

/**
 * The words of a report the writer then sides with, as a span of the text: "Warden reckons [the Pentecostal lot are
 * just noisy nutters shouting at the sky]. Yep." The offensive detector reads the span as the writer's own words,
 * for a report it would otherwise not read as offensive at all (a report's frame is what the rules and the learned
 * head take as someone else's words). The first such report only; null if none.
 */
export function endorsedReport(all: Tokens): { start: number; end: number } | null {
  const { tokens } = all;
  for (let k = 0; k < tokens.length - 2; k++) {
    const role = roles.of(tokens[k]!);
    if (!(role & CUE) && !(role & WAS && VIEW_WAS.has(tokens[k - 1]?.w ?? ''))) continue;
    let from = k + 1;
    while (from < tokens.length && REPORT_FILLERS.has(tokens[from]!.w) && from <= k + 2) from++;
    const sentence = tokens[k]!.sentence;
    if (from >= tokens.length || tokens[from]!.sentence !== sentence) continue;
    const verdict = verdictFrom(all, from + 2, sentence, true);
    if (verdict < 0) continue;
    let last = verdict - 1;
    while (last > from && tokens[last]!.sentence === sentence && VERDICT_LEADS.has(tokens[last]!.w)) last--;
    if (tokens[last]!.sentence !== sentence) {
      last = from;
      while (last + 1 < tokens.length && tokens[last + 1]!.sentence === sentence) last++;
    }
    if (last - from < 2) continue;
    return { start: tokens[from]!.start, end: tokens[last]!.end };
  }
  return null;
}

/** The writer's disagreement, closing its clause or naming whom it is with: "…, but I don't agree", "I disagree with him". */
const DISAGREEMENTS = phrases([
  "i don't agree",
  'i dont agree',
  'i do not agree',
  'i disagree',
  "i don't think so",
  'i dont think so',
  // "People say …, but the figures show otherwise".
  'show otherwise',
  'shows otherwise',
  'suggest otherwise',
  'suggests otherwise',
]);
const DISAGREED_WITH = new Set(['him', 'her', 'them', 'that', 'this', 'it']);
/** "I must say …", "I'd say …", "I have to say …": the writer's own saying. */
function ownSaying(tokens: readonly Token[], k: number): boolean {
  if (tokens[k]!.w !== 'say') return false;
  for (let b = k - 1; b >= 0 && b >= k - 3; b--) if (OWN_SAYERS.has(tokens[b]!.w)) return true;
  return false;
}
const OWN_SAYERS = new Set(['i', 'we', "i'd", "we'd", 'id', "i'll", "we'll", "i'm", 'im']);
/** Words for another's thought or saying: "Cllr Hughes may think …", "your neighbour believes …", "people say …". */
const THINKING = new Set(['think', 'thinks', 'believe', 'believes', 'reckon', 'reckons', 'feel', 'feels', 'say']);

/**
 * Someone else's thought the writer then disagrees with: "Cllr Hughes may think pensioners just moan, but I don't
 * agree." The thought is named as another's (a subject that is not the writer, before the words in their sentence),
 * and the disagreement follows in the same sentence or opens the next.
 */
export function disagreedAfter(tokens: readonly Token[], at: number, end: number): boolean {
  const sentence = tokens[at]?.sentence;
  if (sentence === undefined) return false;
  let thought = false;
  for (let k = at - 1; k > 0 && tokens[k]!.sentence === sentence; k--) {
    const prev = tokens[k - 1]!.w;
    if (THINKING.has(tokens[k]!.w) && prev !== 'i' && prev !== 'we' && tokens[k - 1]!.sentence === sentence && !ownSaying(tokens, k))
      thought = true;
  }
  if (!thought) return false;
  let k = at;
  while (k < tokens.length && tokens[k]!.start < end) k++;
  for (let nextOpens = -1; k < tokens.length; k++) {
    const t = tokens[k]!;
    if (t.sentence > sentence + 1) break;
    if (t.sentence === sentence + 1) {
      if (nextOpens < 0) nextOpens = k;
      if (k - nextOpens > 3) break;
    }
    const hit = DISAGREEMENTS.match(tokens, k);
    if (!hit) continue;
    const next = tokens[hit.last + 1];
    if (!next || next.clause !== tokens[hit.last]!.clause) return true;
    if (next.w === 'with' && DISAGREED_WITH.has(tokens[hit.last + 2]?.w ?? '')) return true;
  }
  return false;
}
