import { randomToken } from '../crypto/password.js';
import type { Clock } from '../clock.js';

export interface KeptDraft {
  staffEmail: string;
  /** The conversation page the draft belongs to (`/conversations/<id>`). */
  path: string;
  text: string;
  justification: string;
}

/** How long a kept draft waits for its author to sign in again. */
const DRAFT_TTL_MS = 10 * 60_000;
/** At most this many kept drafts in memory; the oldest go first. */
const MAX_DRAFTS = 1000;

/**
 * Drafts kept across a sign-in: a message typed when the session ran out is held here (in this process,
 * for ten minutes) under a random id, and the conversation page puts it back once the same person has
 * signed in again. The id, not the text, travels in the address, so no log ever sees the words.
 */
export function createKeptDrafts(clock: Clock) {
  const drafts = new Map<string, KeptDraft & { expires: number }>();
  return {
    keep(entry: KeptDraft): string {
      const now = clock.now().getTime();
      for (const [k, v] of drafts) if (v.expires < now || drafts.size >= MAX_DRAFTS) drafts.delete(k);
      const id = randomToken(16);
      drafts.set(id, { ...entry, expires: now + DRAFT_TTL_MS });
      return id;
    },
    /** The draft kept under `id`, once, if it is this person's, for this page, and not expired. */
    take(id: string, owner: { staffEmail: string; path: string }): KeptDraft | null {
      const kept = drafts.get(id);
      if (!kept || kept.path !== owner.path || kept.staffEmail !== owner.staffEmail || kept.expires <= clock.now().getTime()) return null;
      drafts.delete(id);
      return kept;
    },
  };
}

export type KeptDrafts = ReturnType<typeof createKeptDrafts>;
