import type { Queryable } from '../platform/db/db.client.js';
import type { RecordContent } from './record.hash.js';

/**
 * The record kinds that capture a message: received, sent, imported from a phone, and destroyed
 * under the retention schedule (the tombstone). Each is pushed to the council's case system.
 */
export const MESSAGE_CAPTURE_KINDS = ['message.inbound', 'message.outbound', 'message.imported', 'message.destroyed'] as const;

export interface StoredRecord extends RecordContent {
  seq: number;
  recordHash: string;
}

export interface Seal {
  chainIndex: number;
  recordId: string;
  recordHash: string;
  prevHash: string;
  chainHash: string;
}

interface RecordRow {
  id: string;
  seq: number;
  created_at: Date;
  kind: string;
  conversation_id: string | null;
  citizen_id: string | null;
  case_id: string | null;
  message_id: string | null;
  staff_id: string | null;
  payload: Record<string, unknown>;
  retention_class: string;
  record_hash: string;
}

const toRecord = (r: RecordRow): StoredRecord => ({
  id: r.id,
  seq: r.seq,
  createdAt: new Date(r.created_at),
  kind: r.kind,
  conversationId: r.conversation_id,
  citizenId: r.citizen_id,
  caseId: r.case_id,
  messageId: r.message_id,
  staffId: r.staff_id,
  payload: r.payload,
  retentionClass: r.retention_class,
  recordHash: r.record_hash,
});

const RECORD_COLUMNS =
  'id, created_at, kind, conversation_id, citizen_id, case_id, message_id, staff_id, payload, retention_class, record_hash';
const RECORD_TYPES = ['uuid', 'timestamptz', 'text', 'uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'jsonb', 'text', 'text'];
const PAYLOAD_INDEX = RECORD_TYPES.indexOf('jsonb');

/**
 * The one record INSERT. Returns two CTEs: `rec`, which inserts the rows `rows`
 * yields (a VALUES list or a SELECT giving the record columns in table order:
 * id, created_at, kind, conversation_id, citizen_id, case_id, message_id,
 * staff_id, payload, retention_class, record_hash), and `pend`, which queues each
 * for sealing (one row per record). Other repositories use it to write a record
 * in the same statement as their own row (the inbound fast path); only this
 * module names the record table's columns.
 */
export function recordInsertCtes(rows: string): string {
  return `rec AS (
        INSERT INTO record (${RECORD_COLUMNS})
        ${rows}
        RETURNING seq, id),
      pend AS (INSERT INTO record_pending (seq, record_id) SELECT seq, id FROM rec RETURNING 1)`;
}

/** One record's placeholders (typed, starting after `offset`) and their values, for `recordInsertCtes`. */
function recordValues(r: RecordContent, recordHash: string, offset: number): { placeholders: string; params: unknown[] } {
  return {
    placeholders: RECORD_TYPES.map((type, i) => `$${offset + i + 1}::${type}`).join(', '),
    params: [
      r.id,
      r.createdAt,
      r.kind,
      r.conversationId,
      r.citizenId,
      r.caseId,
      r.messageId,
      r.staffId,
      JSON.stringify(r.payload),
      r.retentionClass,
      recordHash,
    ],
  };
}

export function createRecordsRepository() {
  return {
    /** Inserts the record and queues it for sealing: two rows, one round trip. */
    async insert(q: Queryable, r: RecordContent, recordHash: string): Promise<void> {
      const v = recordValues(r, recordHash, 0);
      await q.query(`WITH ${recordInsertCtes(`VALUES (${v.placeholders})`)} SELECT count(*) FROM pend`, v.params);
    },

    /**
     * Runs `lead` (an INSERT … ON CONFLICT DO NOTHING) and appends the record only
     * if it inserted a row, in one round trip. Returns whether it did.
     */
    async insertIfInserted(q: Queryable, lead: { sql: string; params: unknown[] }, r: RecordContent, recordHash: string): Promise<boolean> {
      const v = recordValues(r, recordHash, lead.params.length);
      const res = await q.query(
        `WITH lead AS (${lead.sql} RETURNING 1), ${recordInsertCtes(`SELECT ${v.placeholders} WHERE EXISTS (SELECT 1 FROM lead)`)} SELECT 1 FROM pend`,
        [...lead.params, ...v.params],
      );
      // rows, not rowCount: PGlite counts the CTEs' inserted rows in rowCount.
      return res.rows.length === 1;
    },

    /**
     * Many records in one statement (imports, disposal's tombstones): same rows as `insert`, far fewer
     * round trips. One array parameter per column (unnest) rather than eleven placeholders per row, so
     * the statement's size and parse time do not grow with the batch.
     */
    async insertMany(q: Queryable, rows: { content: RecordContent; recordHash: string }[]): Promise<void> {
      if (rows.length === 0) return;
      const col = <T>(f: (r: { content: RecordContent; recordHash: string }) => T) => rows.map(f);
      // The payloads go as one JSON array, element n for row n: as a jsonb[] parameter each payload was
      // quoted and escaped into the array's text by the driver and unescaped again by the server, which
      // cost more than the rest of the row (a disposal batch of 2,500 tombstones: about 19 ms against 11 ms).
      const other = RECORD_COLUMNS.split(', ').filter((c) => c !== 'payload');
      const otherTypes = RECORD_TYPES.filter((_, i) => i !== PAYLOAD_INDEX);
      await q.query(
        `WITH ${recordInsertCtes(
          `SELECT ${RECORD_COLUMNS}
             FROM unnest(${otherTypes.map((type, i) => `$${i + 1}::${type}[]`).join(', ')}) WITH ORDINALITY AS u(${other.join(', ')}, ord)
             JOIN jsonb_array_elements($${otherTypes.length + 1}::jsonb) WITH ORDINALITY AS p(payload, ord) USING (ord)
            ORDER BY ord`,
        )} SELECT count(*) FROM pend`,
        [
          col((r) => r.content.id),
          col((r) => r.content.createdAt.toISOString()),
          col((r) => r.content.kind),
          col((r) => r.content.conversationId),
          col((r) => r.content.citizenId),
          col((r) => r.content.caseId),
          col((r) => r.content.messageId),
          col((r) => r.content.staffId),
          col((r) => r.content.retentionClass),
          col((r) => r.recordHash),
          `[${col((r) => JSON.stringify(r.content.payload)).join(',')}]`,
        ],
      );
    },

    async tryLockSequencer(q: Queryable, key: number): Promise<boolean> {
      const r = await q.query<{ ok: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS ok', [key]);
      return r.rows[0]?.ok === true;
    },

    async lastSeal(q: Queryable): Promise<Seal | null> {
      const r = await q.query<{ chain_index: number; record_id: string; record_hash: string; prev_hash: string; chain_hash: string }>(
        'SELECT * FROM record_seal ORDER BY chain_index DESC LIMIT 1',
      );
      const s = r.rows[0];
      return s
        ? { chainIndex: s.chain_index, recordId: s.record_id, recordHash: s.record_hash, prevHash: s.prev_hash, chainHash: s.chain_hash }
        : null;
    },

    /** Takes up to `limit` pending records off the queue, oldest first. */
    async takePending(q: Queryable, limit: number): Promise<{ recordId: string; recordHash: string }[]> {
      const r = await q.query<{ record_id: string; record_hash: string }>(
        `WITH taken AS (
           DELETE FROM record_pending WHERE seq IN (
             SELECT seq FROM record_pending ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED)
           RETURNING seq, record_id)
         SELECT t.record_id, r.record_hash FROM taken t JOIN record r ON r.id = t.record_id ORDER BY t.seq`,
        [limit],
      );
      return r.rows.map((x) => ({ recordId: x.record_id, recordHash: x.record_hash }));
    },

    async insertSeals(q: Queryable, seals: Seal[]): Promise<void> {
      if (seals.length === 0) return;
      const values: unknown[] = [];
      const tuples = seals.map((s, i) => {
        values.push(s.chainIndex, s.recordId, s.recordHash, s.prevHash, s.chainHash);
        const b = i * 5;
        return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5})`;
      });
      await q.query(
        `INSERT INTO record_seal (chain_index, record_id, record_hash, prev_hash, chain_hash) VALUES ${tuples.join(', ')}`,
        values,
      );
    },

    /** How many records, seals and queued records there are, and the last chain position (-1: none), in one snapshot. */
    async counts(q: Queryable): Promise<{ records: number; sealed: number; pending: number; lastIndex: number }> {
      const r = await q.query<{ records: number; sealed: number; pending: number; last_index: string | number }>(
        `SELECT (SELECT count(*) FROM record)::int AS records,
                (SELECT count(*) FROM record_seal)::int AS sealed,
                (SELECT count(*) FROM record_pending)::int AS pending,
                coalesce((SELECT max(chain_index) FROM record_seal), -1) AS last_index`,
      );
      const c = r.rows[0]!;
      return { records: c.records, sealed: c.sealed, pending: c.pending, lastIndex: Number(c.last_index) };
    },

    /**
     * Seals with their records (null when the record row is gone), in chain order, at the `count` positions from
     * `fromIndex` on: a range of positions rather than a LIMIT, so several ranges can be read at once.
     */
    async sealedPage(q: Queryable, fromIndex: number, count: number): Promise<{ seal: Seal; record: StoredRecord | null }[]> {
      const r = await q.query<
        RecordRow & {
          s_chain_index: number;
          s_record_id: string;
          s_record_hash: string;
          s_prev_hash: string;
          s_chain_hash: string;
          r_id: string | null;
        }
      >(
        `SELECT s.chain_index AS s_chain_index, s.record_id AS s_record_id, s.record_hash AS s_record_hash,
                s.prev_hash AS s_prev_hash, s.chain_hash AS s_chain_hash, r.id AS r_id, r.*
           FROM record_seal s LEFT JOIN record r ON r.id = s.record_id
          WHERE s.chain_index >= $1 AND s.chain_index < $1::bigint + $2::bigint ORDER BY s.chain_index`,
        [fromIndex, count],
      );
      return r.rows.map((row) => ({
        seal: {
          chainIndex: row.s_chain_index,
          recordId: row.s_record_id,
          recordHash: row.s_record_hash,
          prevHash: row.s_prev_hash,
          chainHash: row.s_chain_hash,
        },
        record: row.r_id ? toRecord(row) : null,
      }));
    },

    /** The stored chain hash at `chainIndex`, or null when the chain has no such position. */
    async chainHashAt(q: Queryable, chainIndex: number): Promise<string | null> {
      const r = await q.query<{ chain_hash: string }>('SELECT chain_hash FROM record_seal WHERE chain_index = $1', [chainIndex]);
      return r.rows[0]?.chain_hash ?? null;
    },

    /**
     * The two ways message rows and records can part: a message with no capture record (`kinds`), and a
     * record naming a message whose row is gone. Up to `limit` ids of each, and how many there are.
     */
    async messageLinkProblems(
      q: Queryable,
      kinds: readonly string[],
      limit: number,
    ): Promise<{ messagesWithoutRecord: string[]; unrecordedCount: number; recordsWithoutMessage: string[]; orphanCount: number }> {
      const r = await q.query<{ which: 'unrecorded' | 'orphan'; id: string; total: number }>(
        `WITH unrecorded AS (
           SELECT m.id FROM message m
            WHERE NOT EXISTS (SELECT 1 FROM record r WHERE r.message_id = m.id AND r.kind = ANY($1::text[]))),
         orphan AS (
           SELECT DISTINCT r.message_id AS id FROM record r
            WHERE r.message_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM message m WHERE m.id = r.message_id))
         (SELECT 'unrecorded' AS which, id, count(*) OVER ()::int AS total FROM unrecorded ORDER BY id LIMIT $2)
         UNION ALL
         (SELECT 'orphan' AS which, id, count(*) OVER ()::int AS total FROM orphan ORDER BY id LIMIT $2)`,
        [kinds, limit],
      );
      const of = (w: 'unrecorded' | 'orphan') => r.rows.filter((x) => x.which === w);
      return {
        messagesWithoutRecord: of('unrecorded').map((x) => x.id),
        unrecordedCount: of('unrecorded')[0]?.total ?? 0,
        recordsWithoutMessage: of('orphan').map((x) => x.id),
        orphanCount: of('orphan')[0]?.total ?? 0,
      };
    },

    /** The records of `kinds` about `messageIds`, oldest first: what `records verify --deep` checks content against. */
    async messageContentRecords(
      q: Queryable,
      messageIds: string[],
      kinds: readonly string[],
    ): Promise<{ messageId: string; kind: string; payload: Record<string, unknown> }[]> {
      if (messageIds.length === 0) return [];
      const r = await q.query<{ message_id: string; kind: string; payload: Record<string, unknown> }>(
        `SELECT message_id, kind, payload FROM record WHERE message_id = ANY($1::uuid[]) AND kind = ANY($2::text[]) ORDER BY seq`,
        [messageIds, kinds],
      );
      return r.rows.map((x) => ({ messageId: x.message_id, kind: x.kind, payload: x.payload }));
    },

    /** Records in the sealing queue, by insertion order (with every record sealed or queued, the unsealed ones). */
    async pendingPage(q: Queryable, afterSeq: number, limit: number): Promise<StoredRecord[]> {
      const r = await q.query<RecordRow>(
        `SELECT r.* FROM record_pending p JOIN record r ON r.id = p.record_id WHERE p.seq > $1 ORDER BY p.seq LIMIT $2`,
        [afterSeq, limit],
      );
      return r.rows.map(toRecord);
    },

    /** Records not yet in the chain, by insertion order. */
    async unsealedPage(q: Queryable, afterSeq: number, limit: number): Promise<StoredRecord[]> {
      const r = await q.query<RecordRow>(
        `SELECT r.* FROM record r WHERE r.seq > $1
            AND NOT EXISTS (SELECT 1 FROM record_seal s WHERE s.record_id = r.id)
          ORDER BY r.seq LIMIT $2`,
        [afterSeq, limit],
      );
      return r.rows.map(toRecord);
    },
  };
}

export type RecordsRepository = ReturnType<typeof createRecordsRepository>;
