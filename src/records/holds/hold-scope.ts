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
  const ordered = [...holds.filter((h) => h.scope.kind !== 'keyword'), ...holds.filter((h) => h.scope.kind === 'keyword')];
  return ordered.find((h) => holdCovers(h.scope, m)) ?? null;
}
