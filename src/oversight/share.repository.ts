import type { Queryable } from '../platform/db/db.client.js';

export interface SharedMessage {
  id: string;
  messageId: string;
  conversationId: string;
  sharedBy: string;
  sharedByName: string;
  sharedWith: string;
  sharedWithName: string;
  note: string | null;
  sharedAt: Date;
  seenAt: Date | null;
  citizenName: string | null;
  teamId: string | null;
  direction: 'inbound' | 'outbound';
}

type ShareRow = {
  id: string;
  message_id: string;
  conversation_id: string;
  shared_by: string;
  shared_by_name: string;
  shared_with: string;
  shared_with_name: string;
  note: string | null;
  shared_at: Date;
  seen_at: Date | null;
  citizen_name: string | null;
  team_id: string | null;
  direction: 'inbound' | 'outbound';
};

const SELECT = `SELECT sh.id, sh.message_id, m.conversation_id, sh.shared_by, sb.display_name AS shared_by_name, sh.shared_with,
    sw.display_name AS shared_with_name, sh.note, sh.shared_at, sh.seen_at, c.full_name AS citizen_name, cv.team_id, m.direction
  FROM message_share sh JOIN message m ON m.id = sh.message_id JOIN conversation cv ON cv.id = m.conversation_id
  LEFT JOIN citizen c ON c.id = cv.citizen_id JOIN staff sb ON sb.id = sh.shared_by JOIN staff sw ON sw.id = sh.shared_with`;

const toShare = (r: ShareRow): SharedMessage => ({
  id: r.id,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  sharedBy: r.shared_by,
  sharedByName: r.shared_by_name,
  sharedWith: r.shared_with,
  sharedWithName: r.shared_with_name,
  note: r.note,
  sharedAt: new Date(r.shared_at),
  seenAt: r.seen_at ? new Date(r.seen_at) : null,
  citizenName: r.citizen_name,
  teamId: r.team_id,
  direction: r.direction,
});

/** The message_share table's only writer: messages shared with a colleague inside Liaise. */
export function createShareRepository() {
  return {
    async insertShare(
      q: Queryable,
      s: { id: string; messageId: string; sharedBy: string; sharedWith: string; note: string | null; sharedAt: Date },
    ): Promise<void> {
      await q.query('INSERT INTO message_share (id, message_id, shared_by, shared_with, note, shared_at) VALUES ($1, $2, $3, $4, $5, $6)', [
        s.id,
        s.messageId,
        s.sharedBy,
        s.sharedWith,
        s.note,
        s.sharedAt,
      ]);
    },
    /** When its message is destroyed, the note sent with a share goes with it; who shared it with whom stays. */
    async eraseNotesOf(q: Queryable, messageIds: string[]): Promise<void> {
      if (messageIds.length === 0) return;
      await q.query('UPDATE message_share SET note = NULL WHERE message_id = ANY($1::uuid[]) AND note IS NOT NULL', [messageIds]);
    },
    /** What has been shared with one member of staff, newest first. */
    async listSharedWith(q: Queryable, staffId: string): Promise<SharedMessage[]> {
      const r = await q.query<ShareRow>(`${SELECT} WHERE sh.shared_with = $1 ORDER BY sh.shared_at DESC LIMIT 200`, [staffId]);
      return r.rows.map(toShare);
    },
    async listSharesOfMessages(q: Queryable, messageIds: string[]): Promise<SharedMessage[]> {
      if (messageIds.length === 0) return [];
      const r = await q.query<ShareRow>(`${SELECT} WHERE sh.message_id = ANY($1::uuid[]) ORDER BY sh.shared_at`, [messageIds]);
      return r.rows.map(toShare);
    },
    /** The colleague has opened the conversation a share points to. */
    async markSeen(q: Queryable, staffId: string, conversationId: string, at: Date): Promise<void> {
      await q.query(
        `UPDATE message_share sh SET seen_at = $3 FROM message m
          WHERE m.id = sh.message_id AND m.conversation_id = $2 AND sh.shared_with = $1 AND sh.seen_at IS NULL`,
        [staffId, conversationId, at],
      );
    },
  };
}

export type ShareRepository = ReturnType<typeof createShareRepository>;
