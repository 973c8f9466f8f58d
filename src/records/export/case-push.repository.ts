import type { Queryable } from '../../platform/db/db.client.js';

export type DeliveryState = 'pending' | 'delivered' | 'failed';

export interface PushDelivery {
  id: string;
  recordId: string;
  chainIndex: number;
  recordKind: string;
  messageId: string | null;
  state: DeliveryState;
  attempts: number;
  lastStatus: number | null;
  lastError: string | null;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date | null;
  deliveredAt: Date | null;
  createdAt: Date;
}

interface DeliveryRow {
  id: string;
  record_id: string;
  chain_index: string | number;
  record_kind: string;
  message_id: string | null;
  state: DeliveryState;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  last_attempt_at: Date | null;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

const d = (v: Date | null) => (v ? new Date(v) : null);
const toDelivery = (r: DeliveryRow): PushDelivery => ({
  id: r.id,
  recordId: r.record_id,
  chainIndex: Number(r.chain_index),
  recordKind: r.record_kind,
  messageId: r.message_id,
  state: r.state,
  attempts: r.attempts,
  lastStatus: r.last_status,
  lastError: r.last_error,
  lastAttemptAt: d(r.last_attempt_at),
  nextAttemptAt: d(r.next_attempt_at),
  deliveredAt: d(r.delivered_at),
  createdAt: new Date(r.created_at),
});

/** What a push carries about one record: the record, its message (body still sealed) and its cases. */
export interface PushFacts {
  recordId: string;
  recordKind: string;
  recordHash: string;
  recordedAt: Date;
  chainIndex: number;
  conversationId: string | null;
  citizenId: string | null;
  message: {
    id: string;
    direction: 'inbound' | 'outbound';
    kind: string;
    status: string;
    sentAt: Date | null;
    createdAt: Date;
    bodyCt: Buffer | null;
    keyId: string | null;
  } | null;
  cases: { id: string; reference: string }[];
}

/**
 * The only writer of `case_push_cursor` and `case_push_delivery`. It reads the record chain, messages
 * and case links (read-only) to find what to push and what a push says.
 */
export function createCasePushRepository() {
  return {
    /**
     * Reads up to `limit` seals past the cursor, queues a delivery for each whose record captures a
     * message (`kinds`), and moves the cursor past every seal read. Call inside a transaction.
     * Returns the new deliveries' ids and how many seals were read.
     */
    async advance(q: Queryable, kinds: readonly string[], limit: number, now: Date): Promise<{ deliveryIds: string[]; scanned: number }> {
      await q.query(`INSERT INTO case_push_cursor (id, last_chain_index, updated_at) VALUES (1, -1, $1) ON CONFLICT (id) DO NOTHING`, [
        now,
      ]);
      const cur = await q.query<{ last_chain_index: string | number }>(
        'SELECT last_chain_index FROM case_push_cursor WHERE id = 1 FOR UPDATE',
      );
      const from = Number(cur.rows[0]!.last_chain_index);
      const r = await q.query<{ scanned: number; last_index: string | number | null; ids: string[] | null }>(
        `WITH scan AS (
           SELECT s.chain_index, s.record_id FROM record_seal s WHERE s.chain_index > $1 ORDER BY s.chain_index LIMIT $2),
         ins AS (
           INSERT INTO case_push_delivery (id, record_id, chain_index, record_kind, message_id, state, created_at)
           SELECT gen_random_uuid(), r.id, scan.chain_index, r.kind, r.message_id, 'pending', $4
             FROM scan JOIN record r ON r.id = scan.record_id
            WHERE r.kind = ANY($3::text[])
           ON CONFLICT (record_id) DO NOTHING
           RETURNING id, chain_index),
         cur AS (
           UPDATE case_push_cursor SET last_chain_index = (SELECT max(chain_index) FROM scan), updated_at = $4
            WHERE id = 1 AND EXISTS (SELECT 1 FROM scan) RETURNING 1)
         SELECT (SELECT count(*) FROM scan)::int AS scanned, (SELECT max(chain_index) FROM scan) AS last_index,
                (SELECT array_agg(id ORDER BY chain_index) FROM ins) AS ids, (SELECT count(*) FROM cur) AS moved`,
        [from, limit, [...kinds], now],
      );
      const row = r.rows[0]!;
      return { deliveryIds: row.ids ?? [], scanned: row.scanned };
    },

    async get(q: Queryable, id: string): Promise<PushDelivery | null> {
      const r = await q.query<DeliveryRow>('SELECT * FROM case_push_delivery WHERE id = $1', [id]);
      return r.rows[0] ? toDelivery(r.rows[0]) : null;
    },

    /** The record, its message and the cases it belongs to: linked directly, through its conversation, or the conversation's own case. */
    async facts(q: Queryable, recordId: string): Promise<PushFacts | null> {
      const r = await q.query<{
        id: string;
        kind: string;
        record_hash: string;
        created_at: Date;
        chain_index: string | number;
        conversation_id: string | null;
        citizen_id: string | null;
        message_id: string | null;
        m_id: string | null;
        direction: 'inbound' | 'outbound' | null;
        m_kind: string | null;
        status: string | null;
        sent_at: Date | null;
        m_created_at: Date | null;
        body_ct: Buffer | null;
        key_id: string | null;
        cases: { id: string; reference: string }[] | null;
      }>(
        `SELECT r.id, r.kind, r.record_hash, r.created_at, s.chain_index, r.conversation_id, r.citizen_id, r.message_id,
                m.id AS m_id, m.direction, m.kind AS m_kind, m.status, m.sent_at, m.created_at AS m_created_at, m.body_ct, m.key_id,
                (SELECT jsonb_agg(jsonb_build_object('id', cf.id, 'reference', cf.reference) ORDER BY cf.reference)
                   FROM case_file cf
                  WHERE cf.id IN (
                    SELECT cl.case_id FROM case_link cl
                     WHERE (m.id IS NOT NULL AND cl.message_id = m.id)
                        OR cl.conversation_id = coalesce(m.conversation_id, r.conversation_id)
                    UNION SELECT cv.case_id FROM conversation cv WHERE cv.id = coalesce(m.conversation_id, r.conversation_id))) AS cases
           FROM record r
           JOIN record_seal s ON s.record_id = r.id
           LEFT JOIN message m ON m.id = r.message_id
          WHERE r.id = $1`,
        [recordId],
      );
      const x = r.rows[0];
      if (!x) return null;
      return {
        recordId: x.id,
        recordKind: x.kind,
        recordHash: x.record_hash,
        recordedAt: new Date(x.created_at),
        chainIndex: Number(x.chain_index),
        conversationId: x.conversation_id,
        citizenId: x.citizen_id,
        message: x.m_id
          ? {
              id: x.m_id,
              direction: x.direction!,
              kind: x.m_kind!,
              status: x.status!,
              sentAt: d(x.sent_at),
              createdAt: new Date(x.m_created_at!),
              bodyCt: x.body_ct ? Buffer.from(x.body_ct) : null,
              keyId: x.key_id,
            }
          : null,
        cases: x.cases ?? [],
      };
    },

    /** Whether the message has been destroyed (a tombstone record names it). */
    async isDestroyed(q: Queryable, messageId: string): Promise<boolean> {
      const r = await q.query(`SELECT 1 FROM record WHERE message_id = $1 AND kind = 'message.destroyed' LIMIT 1`, [messageId]);
      return r.rows.length > 0;
    },

    async recordAttempt(
      q: Queryable,
      id: string,
      a: { state: DeliveryState; attempts: number; status: number | null; error: string | null; at: Date; nextAt: Date | null },
    ): Promise<void> {
      await q.query(
        `UPDATE case_push_delivery SET state = $2, attempts = $3, last_status = $4, last_error = $5, last_attempt_at = $6,
                next_attempt_at = $7, delivered_at = CASE WHEN $2 = 'delivered' THEN $6 ELSE delivered_at END
          WHERE id = $1`,
        [id, a.state, a.attempts, a.status, a.error, a.at, a.nextAt],
      );
    },

    /** A failed delivery back to pending (a person asked to retry); false when it was not failed. */
    async requeue(q: Queryable, id: string, now: Date): Promise<boolean> {
      const r = await q.query(
        `UPDATE case_push_delivery SET state = 'pending', next_attempt_at = $2 WHERE id = $1 AND state = 'failed' RETURNING id`,
        [id, now],
      );
      return r.rows.length === 1;
    },

    /** The delivery log: failures first, then retrying, then the latest deliveries. */
    async list(q: Queryable, limit: number): Promise<PushDelivery[]> {
      const r = await q.query<DeliveryRow>(
        `SELECT * FROM case_push_delivery
          ORDER BY CASE WHEN state = 'failed' THEN 0 WHEN state = 'pending' AND attempts > 0 THEN 1 WHEN state = 'pending' THEN 2 ELSE 3 END,
                   chain_index DESC
          LIMIT $1`,
        [limit],
      );
      return r.rows.map(toDelivery);
    },

    async counts(q: Queryable): Promise<Record<DeliveryState, number>> {
      const r = await q.query<{ state: DeliveryState; n: number }>(
        'SELECT state, count(*)::int AS n FROM case_push_delivery GROUP BY state',
      );
      const out: Record<DeliveryState, number> = { pending: 0, delivered: 0, failed: 0 };
      for (const x of r.rows) out[x.state] = x.n;
      return out;
    },
  };
}

export type CasePushRepository = ReturnType<typeof createCasePushRepository>;
