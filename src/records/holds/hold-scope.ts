/**
 * Legal holds: what a hold covers, decided purely from a message's facts. A hold
 * stops disposal of everything in its scope, including messages that arrive after
 * it was placed, so scopes are matched at disposal time rather than copied onto
 * messages when the hold is created.
 */
export type HoldScope =
  | { kind: 'case'; caseId: string }
  | { kind: 'citizen'; citizenId: string }
  | { kind: 'number'; number: string }
  | { kind: 'class'; classId: string }
  | { kind: 'dates'; from: string; to: string }
  | { kind: 'keyword'; word: string };

export interface ActiveHold {
  id: string;
  scope: HoldScope;
}

export interface HeldMessageFacts {
  caseIds: readonly string[];
  citizenId: string | null;
  /** The citizen's WhatsApp number (E.164), or the unknown sender's. */
  number: string | null;
  classId: string;
  /** YYYY-MM-DD */
  messageDate: string;
  /**
   * The decrypted text, asked for only when a keyword hold needs it: null when the message has none,
   * UNREADABLE_TEXT when its stored body cannot be decrypted or read.
   */
  text: () => string | null | typeof UNREADABLE_TEXT;
}

/** A body that could not be read: no one can show it falls outside a keyword hold, so the hold keeps it. */
export const UNREADABLE_TEXT: unique symbol = Symbol('unreadable text');

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A whole-word, case-insensitive match, so a hold on "rent" does not catch "parent". */
export function keywordMatcher(word: string): RegExp {
  const w = word.trim().split(/\s+/).map(escape).join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${w}(?![\\p{L}\\p{N}])`, 'iu');
}

export function holdCovers(scope: HoldScope, m: HeldMessageFacts): boolean {
  switch (scope.kind) {
    case 'case':
      return m.caseIds.includes(scope.caseId);
    case 'citizen':
      return m.citizenId === scope.citizenId;
    case 'number':
      return m.number === scope.number;
    case 'class':
      return m.classId === scope.classId;
    case 'dates':
      return m.messageDate >= scope.from && m.messageDate <= scope.to;
    case 'keyword': {
      const text = m.text();
      if (text === UNREADABLE_TEXT) return true;
      return text !== null && keywordMatcher(scope.word).test(text);
    }
  }
}

/** The first hold that keeps this message, or null when none does. Keyword holds are tried last (they need the text). */
export function findHold(holds: readonly ActiveHold[], m: HeldMessageFacts): ActiveHold | null {
  return holdMatcher(holds)(m);
}

/**
 * `findHold` for many messages against the same holds: the holds are sorted, indexed by the value they
 * name (case, citizen, number, class) and their keywords compiled once, so a disposal batch of thousands
 * of messages under hundreds of holds does a few map lookups per message rather than a pass over every
 * hold. Gives the same hold `findHold` would: the first that covers the message, keyword holds last.
 */
export function holdMatcher(holds: readonly ActiveHold[]): (m: HeldMessageFacts) => ActiveHold | null {
  const ordered = [...holds.filter((h) => h.scope.kind !== 'keyword'), ...holds.filter((h) => h.scope.kind === 'keyword')];
  const byValue = {
    case: new Map<string, number>(),
    citizen: new Map<string, number>(),
    number: new Map<string, number>(),
    class: new Map<string, number>(),
  };
  const dates: { i: number; from: string; to: string }[] = [];
  const keywords: { i: number; re: RegExp }[] = [];
  ordered.forEach((h, i) => {
    const s = h.scope;
    const first = (map: Map<string, number>, key: string) => {
      if (!map.has(key)) map.set(key, i);
    };
    if (s.kind === 'case') first(byValue.case, s.caseId);
    else if (s.kind === 'citizen') first(byValue.citizen, s.citizenId);
    else if (s.kind === 'number') first(byValue.number, s.number);
    else if (s.kind === 'class') first(byValue.class, s.classId);
    else if (s.kind === 'dates') dates.push({ i, from: s.from, to: s.to });
    else keywords.push({ i, re: keywordMatcher(s.word) });
  });
  if (ordered.length === 0) return () => null;
  return (m) => {
    let best = Number.POSITIVE_INFINITY;
    const consider = (i: number | undefined) => {
      if (i !== undefined && i < best) best = i;
    };
    for (const c of m.caseIds) consider(byValue.case.get(c));
    if (m.citizenId !== null) consider(byValue.citizen.get(m.citizenId));
    if (m.number !== null) consider(byValue.number.get(m.number));
    consider(byValue.class.get(m.classId));
    const d = dates.find((x) => m.messageDate >= x.from && m.messageDate <= x.to);
    consider(d?.i);
    if (best !== Number.POSITIVE_INFINITY) return ordered[best]!;
    if (keywords.length === 0) return null;
    const text = m.text();
    if (text === UNREADABLE_TEXT) return ordered[keywords[0]!.i]!;
    if (text === null) return null;
    const k = keywords.find((x) => x.re.test(text));
    return k ? ordered[k.i]! : null;
  };
}
