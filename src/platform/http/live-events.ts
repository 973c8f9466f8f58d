import type { Db } from '../db/db.client.js';
import type { Logger } from '../log/logger.js';

export interface LiveEventPayload {
  type: string;
  conversationId: string;
  teamId: string | null;
  /** For `session.revoked`: whose sessions ended (their streams check theirs at once). */
  staffId?: string;
}

/**
 * Fans database notifications (pg_notify on `channel`, sent inside the committing
 * transaction) out to this process's server-sent-event streams. Because the
 * notification comes from the database, a message stored by any node reaches
 * browsers connected to every node.
 */
export function createLiveEventHub(deps: { db: Db; channel: string; logger: Logger }) {
  const subscribers = new Set<(e: LiveEventPayload) => void>();
  let unlisten: (() => Promise<void>) | null = null;
  return {
    async start() {
      unlisten = await deps.db.listen(deps.channel, (payload) => {
        let event: LiveEventPayload;
        try {
          event = JSON.parse(payload) as LiveEventPayload;
        } catch {
          deps.logger.warn('ignored a malformed live event');
          return;
        }
        for (const s of subscribers) s(event);
      });
    },
    subscribe(fn: (e: LiveEventPayload) => void): () => void {
      subscribers.add(fn);
      return () => subscribers.delete(fn);
    },
    get size() {
      return subscribers.size;
    },
    async stop() {
      subscribers.clear();
      if (unlisten) await unlisten();
    },
  };
}

export type LiveEventHub = ReturnType<typeof createLiveEventHub>;
