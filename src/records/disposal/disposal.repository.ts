import type { Queryable } from '../../platform/db/db.client.js';

/** One record past its date, with the facts a legal hold is matched against. */
export interface DueRow {
  messageId: string;
  classId: string;
  action: 'destroy' | 'review' | 'transfer';
  dueOn: string;
  messageDate: string;
  conversationId: string;
  citizenId: string | null;
  number: string;
  importBatchId: string | null;
  caseIds: string[];
  kind: string;
  bodyCt: Buffer | null;
  keyId: string | null;
  /** The message's capture record hash, when the batch read it with the rows (`claimDueBatch`). */
  captureHash?: string | null;
}

interface DueSqlRow {
  message_id: string;
  class_id: string;
  action: DueRow['action'];
  due_on: string;
  message_date: string;
  conversation_id: string;
  citizen_id: string | null;
  wa_number: string;
  import_batch_id: string | null;
  case_ids: string[] | null;
  kind: string;
  body_ct: unknown;
  key_id: string | null;
  capture_hash?: string | null;
}

const toBuffer = (v: unknown): Buffer | null =>
  v === null || v === undefined ? null : Buffer.isBuffer(v) ? v : Buffer.from(v as Uint8Array);

const toDue = (r: DueSqlRow): DueRow => ({
  messageId: r.message_id,
  classId: r.class_id,
  action: r.action,
  dueOn: r.due_on,
  messageDate: r.message_date,
  conversationId: r.conversation_id,
  citizenId: r.citizen_id,
  number: r.wa_number,
  importBatchId: r.import_batch_id,
  caseIds: r.case_ids ?? [],
  kind: r.kind,
  bodyCt: toBuffer(r.body_ct),
  keyId: r.key_id,
  ...(r.capture_hash !== undefined ? { captureHash: r.capture_hash } : {}),
});

export interface ReviewItemRow {
  id: string;
  messageId: string;
  conversationId: string;
  teamName: string | null;
  classId: string;
  action: 'review' | 'transfer';
  dueOn: string;
  messageDate: string;
  queuedAt: Date;
}

export interface CertificateSummary {
  id: string;
  runId: string;
  issuedAt: Date;
  approver: string;
  action: 'destroy' | 'transfer';
  method: string;
  scheduleVersion: string;
  total: number;
  classes: { classId: string; from: string; to: string; count: number }[];
  archiveFile: string | null;
  /** How the run that wrote it ended: a failed or interrupted run certifies only what it destroyed before it stopped. */
  runOutcome: RunOutcome | null;
}

export type RunOutcome = 'completed' | 'failed' | 'interrupted';

/**
 * The columns of a due row that only some callers need (`m` is the message): its sealed body (for keyword
 * holds) and the cases it belongs to (for case holds); NULL when not asked for.
 */
const optionalDueColumns = (o: { withBody: boolean; withCases: boolean }) =>
  `${o.withBody ? 'm.body_ct, m.key_id' : 'NULL::bytea AS body_ct, NULL::text AS key_id'},
   ${
     o.withCases
       ? `ARRAY(SELECT DISTINCT cl.case_id FROM case_link cl WHERE cl.message_id = m.id OR cl.conversation_id = m.conversation_id)`
       : `NULL::uuid[]`
   } AS case_ids`;

/** The message's own record (how it was captured): the hash a destruction certificate lists. */
const CAPTURE_KINDS = ['message.inbound', 'message.outbound', 'message.imported'];

/**
 * The disposal tables: runs, the review queue, certificates and message_destruction (their one
 * writer), and for now the one write disposal makes to `message_retention` (its disposal state
 * and, on an extension, its date), which the retention repository may take over.
 */
export function createDisposalRepository() {
  return {
    /** The next batch of records past their date, in (date, message id) order after `after` (keyset), unlocked (a dry run). */
    async takeDueBatch(
      q: Queryable,
      o: {
        asOf: string;
        after: { dueOn: string; messageId: string };
        limit: number;
        timeZone: string;
        withCases: boolean;
        withBody: boolean;
      },
    ): Promise<DueRow[]> {
      const r = await q.query<DueSqlRow>(
        `SELECT mr.message_id, mr.class_id, mr.action, to_char(mr.disposal_due, 'YYYY-MM-DD') AS due_on,
                to_char(coalesce(m.sent_at, m.created_at) AT TIME ZONE $4, 'YYYY-MM-DD') AS message_date,
                m.conversation_id, cv.citizen_id, cv.wa_number, m.import_batch_id, m.kind,
                ${optionalDueColumns(o)}
           FROM message_retention mr
           JOIN message m ON m.id = mr.message_id
           JOIN conversation cv ON cv.id = m.conversation_id
          WHERE mr.disposal_state = 'kept' AND mr.disposal_due IS NOT NULL AND mr.disposal_due <= $1::date
            AND (mr.disposal_due, mr.message_id) > ($5::date, $2::uuid)
          ORDER BY mr.disposal_due, mr.message_id
          LIMIT $3`,
        [o.asOf, o.after.messageId, o.limit, o.timeZone, o.after.dueOn],
      );
      return r.rows.map(toDue);
    },

    /**
     * Claims the named records still kept and due on `asOf` for a run, in one statement: locks them (rows
     * another node holds are skipped, SKIP LOCKED), sets the disposal state their action leads to (destroy:
     * 'destroyed'; review or transfer: 'in_review') and returns them with the facts holds are matched
     * against and each one's capture record hash. The caller destroys or queues them in the same
     * transaction, and gives the held ones back with `releaseHeld`.
     *
     * Both the rows updated and the messages joined are named by the id list (`= ANY($2)`), so each is
     * found through its primary key. Without that, the planner hashed the locked rows against a sequential
     * scan of the whole of message_retention and merge-joined the messages by reading message_pkey from
     * its start: each batch read every row before it, and a batch 150,000 rows into a 200,000-record run
     * took 220 ms instead of 59 ms (EXPLAIN ANALYZE on the bench's data).
     */
    async claimDueBatch(
      q: Queryable,
      o: { asOf: string; ids: string[]; timeZone: string; withCases: boolean; withBody: boolean },
    ): Promise<DueRow[]> {
      const r = await q.query<DueSqlRow>(
        `WITH claimed AS (
           UPDATE message_retention mr
              SET disposal_state = CASE WHEN mr.action = 'destroy' THEN 'destroyed' ELSE 'in_review' END
            WHERE mr.message_id = ANY($2::uuid[])
              AND mr.message_id IN (SELECT message_id FROM message_retention
                    WHERE message_id = ANY($2::uuid[]) AND disposal_state = 'kept' AND disposal_due IS NOT NULL
                      AND disposal_due <= $1::date
                    FOR UPDATE SKIP LOCKED)
           RETURNING mr.message_id, mr.class_id, mr.action, mr.disposal_due)
         SELECT c.message_id, c.class_id, c.action, to_char(c.disposal_due, 'YYYY-MM-DD') AS due_on,
                to_char(coalesce(m.sent_at, m.created_at) AT TIME ZONE $3, 'YYYY-MM-DD') AS message_date,
                m.conversation_id, cv.citizen_id, cv.wa_number, m.import_batch_id, m.kind,
                ${optionalDueColumns(o)},
                (SELECT r.record_hash FROM record r WHERE r.message_id = c.message_id AND r.kind = ANY($4::text[])
                  ORDER BY r.seq LIMIT 1) AS capture_hash
           FROM claimed c
           JOIN message m ON m.id = c.message_id AND m.id = ANY($2::uuid[])
           JOIN conversation cv ON cv.id = m.conversation_id
          ORDER BY c.disposal_due, c.message_id`,
        [o.asOf, o.ids, o.timeZone, CAPTURE_KINDS],
      );
      return r.rows.map(toDue);
    },

    /** Gives claimed records a legal hold covers back: kept, as they were (their run leaves them be). */
    async releaseHeld(q: Queryable, messageIds: string[]): Promise<void> {
      if (messageIds.length === 0) return;
      await q.query(`UPDATE message_retention SET disposal_state = 'kept' WHERE message_id = ANY($1::uuid[])`, [messageIds]);
    },

    /**
     * The keys of the next `limit` records due on `asOf` after `after`, read without locks: a run reads
     * them ahead while its workers destroy the batches before (each worker then locks its own rows).
     */
    async dueKeys(q: Queryable, o: { asOf: string; after: { dueOn: string; messageId: string }; limit: number }) {
      const r = await q.query<{ message_id: string; due_on: string }>(
        `SELECT mr.message_id, to_char(mr.disposal_due, 'YYYY-MM-DD') AS due_on
           FROM message_retention mr
          WHERE mr.disposal_state = 'kept' AND mr.disposal_due IS NOT NULL AND mr.disposal_due <= $1::date
            AND (mr.disposal_due, mr.message_id) > ($2::date, $3::uuid)
          ORDER BY mr.disposal_due, mr.message_id
          LIMIT $4`,
        [o.asOf, o.after.dueOn, o.after.messageId, o.limit],
      );
      return r.rows.map((x) => ({ messageId: x.message_id, dueOn: x.due_on }));
    },

    /** Records kept and not yet due on `asOf` (including those whose trigger has not happened). */
    async countNotDue(q: Queryable, asOf: string): Promise<number> {
      const r = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM message_retention WHERE disposal_state = 'kept' AND (disposal_due IS NULL OR disposal_due > $1::date)`,
        [asOf],
      );
      return r.rows[0]!.n;
    },

    /** Each message's capture record hash (the first record of its capture). */
    async captureRecordHashes(q: Queryable, messageIds: string[]): Promise<Map<string, string>> {
      const r = await q.query<{ message_id: string; record_hash: string }>(
        `SELECT DISTINCT ON (message_id) message_id, record_hash FROM record
          WHERE message_id = ANY($1::uuid[]) AND kind = ANY($2::text[]) ORDER BY message_id, seq`,
        [messageIds, CAPTURE_KINDS],
      );
      return new Map(r.rows.map((x) => [x.message_id, x.record_hash]));
    },

    async insertRun(q: Queryable, run: { id: string; asOf: string; approver: string; startedAt: Date }): Promise<void> {
      await q.query('INSERT INTO disposal_run (id, as_of, approver, started_at) VALUES ($1, $2, $3, $4)', [
        run.id,
        run.asOf,
        run.approver,
        run.startedAt,
      ]);
    },

    async addRunProgress(q: Queryable, id: string, d: { destroyed: number; queued: number; held: number }, at: Date): Promise<void> {
      await q.query(
        `UPDATE disposal_run SET destroyed = destroyed + $2, queued_for_review = queued_for_review + $3, held = held + $4, progress_at = $5
          WHERE id = $1`,
        [id, d.destroyed, d.queued, d.held, at],
      );
    },

    async finishRun(q: Queryable, id: string, at: Date, certificateId: string | null, outcome: RunOutcome = 'completed'): Promise<void> {
      await q.query('UPDATE disposal_run SET finished_at = $2, certificate_id = $3, outcome = $4 WHERE id = $1', [
        id,
        at,
        certificateId,
        outcome,
      ]);
    },

    /**
     * Scheduled runs left unfinished whose last progress is before `before` (their node died), locked
     * so that one node finishes each; a run still under way elsewhere keeps moving its progress time.
     */
    async lockAbandonedRuns(
      q: Queryable,
      before: Date,
    ): Promise<{ id: string; asOf: string; destroyed: number; queued: number; held: number }[]> {
      const r = await q.query<{ id: string; as_of: string; destroyed: number; queued_for_review: number; held: number }>(
        `SELECT id, to_char(as_of, 'YYYY-MM-DD') AS as_of, destroyed, queued_for_review, held FROM disposal_run
          WHERE finished_at IS NULL AND approver = 'schedule' AND coalesce(progress_at, started_at) < $1
          ORDER BY started_at FOR UPDATE SKIP LOCKED`,
        [before],
      );
      return r.rows.map((x) => ({ id: x.id, asOf: x.as_of, destroyed: x.destroyed, queued: x.queued_for_review, held: x.held }));
    },

    async insertDestructions(
      q: Queryable,
      rows: { messageId: string; runId: string; at: Date; classId: string; messageDate: string; recordHash: string; tombstoneId: string }[],
    ): Promise<void> {
      if (rows.length === 0) return;
      // The message and the run must exist: checked here, in one join, rather than by foreign keys row by row
      // (migration 0019). A batch naming either missing inserts nothing and fails its transaction. The run is
      // looked up once (MATERIALIZED): joined directly, its row was scanned again for every destruction.
      const r = await q.query<{ n: number }>(
        `WITH run AS MATERIALIZED (SELECT id FROM disposal_run WHERE id = $2),
         ins AS (
           INSERT INTO message_destruction (message_id, run_id, destroyed_at, class_id, message_date, record_hash, tombstone_record_id)
           SELECT u.message_id, dr.id, $3, u.class_id, u.message_date, u.record_hash, u.tombstone_id
             FROM unnest($1::uuid[], $4::text[], $5::date[], $6::text[], $7::uuid[]) AS u(message_id, class_id, message_date, record_hash, tombstone_id)
             JOIN message m ON m.id = u.message_id
             CROSS JOIN run dr
           RETURNING 1)
         SELECT count(*)::int AS n FROM ins`,
        [
          rows.map((r) => r.messageId),
          rows[0]!.runId,
          rows[0]!.at,
          rows.map((r) => r.classId),
          rows.map((r) => r.messageDate),
          rows.map((r) => r.recordHash),
          rows.map((r) => r.tombstoneId),
        ],
      );
      if (r.rows[0]!.n !== rows.length) throw new Error('destruction names a message or a disposal run that does not exist');
    },

    async queueForReview(
      q: Queryable,
      rows: { id: string; messageId: string; classId: string; action: 'review' | 'transfer'; dueOn: string }[],
      runId: string,
      at: Date,
    ): Promise<void> {
      if (rows.length === 0) return;
      await q.query(
        `INSERT INTO disposal_review (id, message_id, class_id, action, due_on, run_id, queued_at)
         SELECT u.id, u.message_id, u.class_id, u.action, u.due_on, $6, $7
           FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[]) AS u(id, message_id, class_id, action, due_on)
         ON CONFLICT (message_id) WHERE decided_at IS NULL DO NOTHING`,
        [
          rows.map((r) => r.id),
          rows.map((r) => r.messageId),
          rows.map((r) => r.classId),
          rows.map((r) => r.action),
          rows.map((r) => r.dueOn),
          runId,
          at,
        ],
      );
    },

    /** Conversations and import batches touched by a run's destructions (for the clean-up that follows). */
    async runTouched(q: Queryable, runId: string): Promise<{ conversationIds: string[]; batchIds: string[] }> {
      const r = await q.query<{ conversation_ids: string[] | null; batch_ids: string[] | null }>(
        `SELECT array_agg(DISTINCT m.conversation_id) AS conversation_ids,
                array_agg(DISTINCT m.import_batch_id) FILTER (WHERE m.import_batch_id IS NOT NULL) AS batch_ids
           FROM message_destruction d JOIN message m ON m.id = d.message_id WHERE d.run_id = $1`,
        [runId],
      );
      return { conversationIds: r.rows[0]?.conversation_ids ?? [], batchIds: r.rows[0]?.batch_ids ?? [] };
    },

    /**
     * Issues the run's certificate: the per-class summary is computed in the database; the destroyed
     * records' hashes are those of the run's destructions (one certificate per run).
     * Returns null (and writes nothing) when the run destroyed nothing.
     */
    async issueCertificate(
      q: Queryable,
      c: {
        id: string;
        runId: string;
        issuedAt: Date;
        approver: string;
        action: 'destroy' | 'transfer';
        method: string;
        scheduleVersion: string;
        archiveFile: string | null;
      },
    ): Promise<Omit<CertificateSummary, 'runOutcome'> | null> {
      const sum = await q.query<{ class_id: string; from: string; to: string; n: number }>(
        `SELECT class_id, to_char(min(message_date), 'YYYY-MM-DD') AS "from", to_char(max(message_date), 'YYYY-MM-DD') AS "to", count(*)::int AS n
           FROM message_destruction WHERE run_id = $1 GROUP BY class_id ORDER BY class_id`,
        [c.runId],
      );
      if (sum.rows.length === 0) return null;
      const classes = sum.rows.map((x) => ({ classId: x.class_id, from: x.from, to: x.to, count: x.n }));
      const total = classes.reduce((a, x) => a + x.count, 0);
      await q.query(
        `INSERT INTO destruction_certificate (id, run_id, issued_at, approver, action, method, schedule_version, total, classes, archive_file)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)`,
        [c.id, c.runId, c.issuedAt, c.approver, c.action, c.method, c.scheduleVersion, total, JSON.stringify(classes), c.archiveFile],
      );
      return { ...c, total, classes };
    },

    async listCertificates(q: Queryable, limit = 500): Promise<CertificateSummary[]> {
      const r = await q.query<CertRow>(`${CERT_SELECT} ORDER BY c.issued_at DESC, c.id LIMIT $1`, [limit]);
      return r.rows.map(toCert);
    },

    async findCertificate(q: Queryable, id: string): Promise<CertificateSummary | null> {
      const r = await q.query<CertRow>(`${CERT_SELECT} WHERE c.id = $1`, [id]);
      return r.rows[0] ? toCert(r.rows[0]) : null;
    },

    /** The destroyed records a certificate covers: class, date and record hash only. */
    async certificateRecords(q: Queryable, certificateId: string): Promise<{ classId: string; messageDate: string; recordHash: string }[]> {
      const r = await q.query<{ class_id: string; message_date: string; record_hash: string }>(
        `SELECT d.class_id, to_char(d.message_date, 'YYYY-MM-DD') AS message_date, d.record_hash
           FROM destruction_certificate c JOIN message_destruction d ON d.run_id = c.run_id
          WHERE c.id = $1 ORDER BY d.class_id, d.record_hash`,
        [certificateId],
      );
      return r.rows.map((x) => ({ classId: x.class_id, messageDate: x.message_date, recordHash: x.record_hash }));
    },

    async listOpenReviews(q: Queryable, limit = 500): Promise<ReviewItemRow[]> {
      const r = await q.query<ReviewSqlRow>(
        `${REVIEW_SELECT} WHERE dr.decided_at IS NULL ORDER BY dr.due_on, dr.class_id, dr.message_id LIMIT $1`,
        [limit],
      );
      return r.rows.map(toReview);
    },

    /** Open review items by id, locked for the decision, with the facts holds are matched against. */
    async lockOpenReviews(q: Queryable, ids: string[], timeZone: string): Promise<(ReviewItemRow & { due: DueRow })[]> {
      const r = await q.query<ReviewSqlRow & DueSqlRow>(
        `SELECT dr.id, dr.message_id, dr.class_id, dr.action, to_char(dr.due_on, 'YYYY-MM-DD') AS due_on, dr.queued_at,
                to_char(coalesce(m.sent_at, m.created_at) AT TIME ZONE $2, 'YYYY-MM-DD') AS message_date,
                m.conversation_id, cv.citizen_id, cv.wa_number, m.import_batch_id, m.kind, m.body_ct, m.key_id, NULL AS team_name,
                ARRAY(SELECT DISTINCT cl.case_id FROM case_link cl WHERE cl.message_id = m.id OR cl.conversation_id = m.conversation_id) AS case_ids
           FROM disposal_review dr JOIN message m ON m.id = dr.message_id JOIN conversation cv ON cv.id = m.conversation_id
          WHERE dr.id = ANY($1::uuid[]) AND dr.decided_at IS NULL
          ORDER BY dr.message_id FOR UPDATE OF dr`,
        [ids, timeZone],
      );
      return r.rows.map((row) => ({ ...toReview(row), due: toDue(row) }));
    },

    async decideReviews(
      q: Queryable,
      ids: string[],
      d: { decision: 'destroy' | 'extend' | 'transfer'; by: string; at: Date; extendTo: string | null; reason: string | null },
    ): Promise<void> {
      await q.query(
        `UPDATE disposal_review SET decision = $2, decided_by = $3, decided_at = $4, extended_to = $5, decision_reason = $6
          WHERE id = ANY($1::uuid[]) AND decided_at IS NULL`,
        [ids, d.decision, d.by, d.at, d.extendTo, d.reason],
      );
    },

    /** What a transfer package holds for each message: its stored fields, attachments and records. */
    async archiveMaterial(q: Queryable, messageIds: string[]) {
      const messages = await q.query<{
        id: string;
        conversation_id: string;
        direction: string;
        kind: string;
        body_ct: unknown;
        key_id: string | null;
        body_digest: string | null;
        digest_key_id: string | null;
        sent_at: Date | null;
        created_at: Date;
        author_label: string | null;
        staff_id: string | null;
      }>(
        `SELECT id, conversation_id, direction, kind, body_ct, key_id, body_digest, digest_key_id, sent_at, created_at, author_label, staff_id
           FROM message WHERE id = ANY($1::uuid[]) ORDER BY coalesce(sent_at, created_at), id`,
        [messageIds],
      );
      const attachments = await q.query<{
        id: string;
        message_id: string;
        mime_type: string | null;
        file_name: string | null;
        content_digest: string | null;
        digest_key_id: string | null;
      }>(
        `SELECT id, message_id, mime_type, file_name, content_digest, digest_key_id FROM attachment WHERE message_id = ANY($1::uuid[]) ORDER BY created_at`,
        [messageIds],
      );
      const records = await q.query<{
        id: string;
        message_id: string;
        kind: string;
        created_at: Date;
        payload: unknown;
        record_hash: string;
      }>(`SELECT id, message_id, kind, created_at, payload, record_hash FROM record WHERE message_id = ANY($1::uuid[]) ORDER BY seq`, [
        messageIds,
      ]);
      return {
        messages: messages.rows.map((m) => ({ ...m, body_ct: toBuffer(m.body_ct) })),
        attachments: attachments.rows,
        records: records.rows,
      };
    },

    /** Claims today's disposal job for this node; false when another node already has. */
    async claimDay(q: Queryable, day: string, at: Date): Promise<boolean> {
      const r = await q.query('INSERT INTO disposal_day (day, claimed_at) VALUES ($1, $2) ON CONFLICT (day) DO NOTHING RETURNING day', [
        day,
        at,
      ]);
      return r.rows.length === 1;
    },
  };
}

interface CertRow {
  id: string;
  run_id: string;
  issued_at: Date;
  approver: string;
  action: 'destroy' | 'transfer';
  method: string;
  schedule_version: string;
  total: number;
  classes: CertificateSummary['classes'];
  archive_file: string | null;
  run_outcome: RunOutcome | null;
}
/** A certificate with how its run ended (a reviewed destruction has no run of the disposal job: null). */
const CERT_SELECT = `SELECT c.*, r.outcome AS run_outcome FROM destruction_certificate c LEFT JOIN disposal_run r ON r.id = c.run_id`;
const toCert = (r: CertRow): CertificateSummary => ({
  id: r.id,
  runId: r.run_id,
  issuedAt: new Date(r.issued_at),
  approver: r.approver,
  action: r.action,
  method: r.method,
  scheduleVersion: r.schedule_version,
  total: r.total,
  classes: r.classes,
  archiveFile: r.archive_file,
  runOutcome: r.run_outcome,
});

interface ReviewSqlRow {
  id: string;
  message_id: string;
  conversation_id: string;
  team_name: string | null;
  class_id: string;
  action: 'review' | 'transfer';
  due_on: string;
  message_date: string;
  queued_at: Date;
}
const REVIEW_SELECT = `SELECT dr.id, dr.message_id, m.conversation_id, t.name AS team_name, dr.class_id, dr.action,
    to_char(dr.due_on, 'YYYY-MM-DD') AS due_on, to_char(coalesce(m.sent_at, m.created_at), 'YYYY-MM-DD') AS message_date, dr.queued_at
  FROM disposal_review dr JOIN message m ON m.id = dr.message_id JOIN conversation cv ON cv.id = m.conversation_id
  LEFT JOIN team t ON t.id = cv.team_id`;
const toReview = (r: ReviewSqlRow): ReviewItemRow => ({
  id: r.id,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  teamName: r.team_name,
  classId: r.class_id,
  action: r.action,
  dueOn: r.due_on,
  messageDate: r.message_date,
  queuedAt: new Date(r.queued_at),
});

export type DisposalRepository = ReturnType<typeof createDisposalRepository>;
