/**
 * Open server-sent-event streams, by staff member. A stream lives only as long as its session: when a
 * person's sessions are ended (signed out everywhere, disabled, role changed) their streams on this node
 * check theirs at once, and `announce` tells the other nodes to do the same. Streams never end by
 * themselves, so the server closes them all when it stops.
 */
export function createSessionStreams(opts: { announce(staffId: string): void }) {
  const open = new Set<() => void>();
  const checks = new Map<string, Set<() => Promise<void>>>();
  return {
    /** Registers a stream: its session check and how to close it. Returns the unregister function. */
    add(staffId: string, check: () => Promise<void>, close: () => void): () => void {
      const mine = checks.get(staffId) ?? new Set<() => Promise<void>>();
      mine.add(check);
      checks.set(staffId, mine);
      open.add(close);
      return () => {
        mine.delete(check);
        if (mine.size === 0) checks.delete(staffId);
        open.delete(close);
      };
    },
    /** A person's sessions were ended: check their streams here now, and tell the other nodes. */
    async sessionsEnded(staffId: string): Promise<void> {
      opts.announce(staffId);
      await Promise.all([...(checks.get(staffId) ?? [])].map((check) => check()));
    },
    closeAll(): void {
      for (const close of [...open]) close();
      open.clear();
    },
  };
}

export type SessionStreams = ReturnType<typeof createSessionStreams>;
