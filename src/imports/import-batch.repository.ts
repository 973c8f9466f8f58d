import type { Queryable } from '../platform/db/db.client.js';
import type { AuthorRole, ImportOptions } from './chat-import.types.js';

/** An import batch as the batch page shows it (the table's own column names). */
export interface ImportBatchRow {
  id: string;
  team_id: string;
  state: string;
  file_name: string;
  messages_total: number | null;
  messages_imported: number;
  messages_skipped: number;
  flagged: number;
  attachments_stored: number;
  error_code: string | null;
  error_message: string | null;
  conversation_id: string | null;
  citizen_id: string;
}

export interface NewImportBatch {
  id: string;
  fileSha256: string;
  fileName: string;
  fileBytes: number;
  uploadedBy: string;
  teamId: string;
  citizenId: string;
  caseId: string | null;
  authorMap: Record<string, AuthorRole>;
  options: ImportOptions;
  messagesTotal: number;
  now: Date;
}

const NO_BATCH = '00000000-0000-0000-0000-000000000000';

/** The import_batch table's only writer: a chat export's import, from upload to done or failed. */
export function createImportBatchRepository() {
  return {
    async find(q: Queryable, id: string): Promise<ImportBatchRow | null> {
      const r = await q.query<ImportBatchRow>('SELECT * FROM import_batch WHERE id = $1', [id]);
      return r.rows[0] ?? null;
    },
    /** The finished import of this file for this citizen, other than `exceptId`. */
    async findDone(
      q: Queryable,
      fileSha256: string,
      citizenId: string,
      exceptId: string | null,
    ): Promise<{ id: string; conversation_id: string | null } | null> {
      const r = await q.query<{ id: string; conversation_id: string | null }>(
        `SELECT id, conversation_id FROM import_batch WHERE file_sha256 = $1 AND citizen_id = $2 AND state = 'done' AND id <> coalesce($3::uuid, '${NO_BATCH}')`,
        [fileSha256, citizenId, exceptId],
      );
      return r.rows[0] ?? null;
    },
    /** An import of this file for this citizen still waiting or running, other than `exceptId`. */
    async findInFlight(q: Queryable, fileSha256: string, citizenId: string, exceptId: string | null): Promise<string | null> {
      const r = await q.query<{ id: string }>(
        `SELECT id FROM import_batch WHERE file_sha256 = $1 AND citizen_id = $2 AND state IN ('pending', 'running') AND id <> coalesce($3::uuid, '${NO_BATCH}')`,
        [fileSha256, citizenId, exceptId],
      );
      return r.rows[0]?.id ?? null;
    },
    /** Any import of this file for this citizen that has not failed (the one a second upload finds). */
    async findNotFailed(q: Queryable, fileSha256: string, citizenId: string): Promise<string | null> {
      const r = await q.query<{ id: string }>(
        `SELECT id FROM import_batch WHERE file_sha256 = $1 AND citizen_id = $2 AND state <> 'failed'`,
        [fileSha256, citizenId],
      );
      return r.rows[0]?.id ?? null;
    },
    /** A queued batch whose file turned out to be imported already. */
    async markAlreadyDone(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query(`UPDATE import_batch SET state = 'done', finished_at = $2, error_code = 'IMPORT_ALREADY_DONE' WHERE id = $1`, [
        id,
        now,
      ]);
    },
    /**
     * A new batch: `pending` (a web upload waiting for the import job, at `storedPath`) or
     * `running` (an import started at once, already writing into `conversationId`).
     */
    async insert(
      q: Queryable,
      b: NewImportBatch & { state: 'pending' | 'running'; conversationId: string | null; storedPath: string | null },
    ): Promise<void> {
      await q.query(
        `INSERT INTO import_batch (id, file_sha256, file_name, file_bytes, uploaded_by, team_id, citizen_id, case_id, conversation_id, state,
                                   author_map, options, messages_total, stored_path, created_at, heartbeat_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb, $12::jsonb, $13, $14, $15, $16)`,
        [
          b.id,
          b.fileSha256,
          b.fileName,
          b.fileBytes,
          b.uploadedBy,
          b.teamId,
          b.citizenId,
          b.caseId,
          b.conversationId,
          b.state,
          JSON.stringify(b.authorMap),
          JSON.stringify(b.options),
          b.messagesTotal,
          b.storedPath,
          b.now,
          // A running import's heartbeat starts now; a waiting one has none until the job claims it.
          b.state === 'running' ? b.now : null,
        ],
      );
    },
    /** A queued batch the job has claimed starts writing into its conversation. */
    async startRunning(
      q: Queryable,
      id: string,
      s: { conversationId: string; authorMap: Record<string, AuthorRole>; messagesTotal: number; now: Date },
    ) {
      await q.query(
        `UPDATE import_batch SET state = 'running', conversation_id = $2, author_map = $3::jsonb, messages_total = $4, heartbeat_at = $5 WHERE id = $1`,
        [id, s.conversationId, JSON.stringify(s.authorMap), s.messagesTotal, s.now],
      );
    },
    /** A committed chunk's counts, and the heartbeat that says the import is alive. */
    async addProgress(
      q: Queryable,
      id: string,
      p: { imported: number; skipped: number; flagged: number; attachments: number; now: Date },
    ): Promise<void> {
      await q.query(
        `UPDATE import_batch SET messages_imported = messages_imported + $2, messages_skipped = messages_skipped + $3, flagged = flagged + $4, attachments_stored = attachments_stored + $5, heartbeat_at = $6 WHERE id = $1`,
        [id, p.imported, p.skipped, p.flagged, p.attachments, p.now],
      );
    },
    async markDone(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query(`UPDATE import_batch SET state = 'done', finished_at = $2 WHERE id = $1`, [id, now]);
    },
    /** Marks the batch failed; with `onlyIfActive`, only while it is still pending or running. */
    async markFailed(q: Queryable, id: string, f: { code: string; message: string; now: Date; onlyIfActive?: boolean }): Promise<void> {
      await q.query(
        `UPDATE import_batch SET state = 'failed', error_code = $2, error_message = $3, finished_at = $4 WHERE id = $1${f.onlyIfActive ? ` AND state IN ('pending', 'running')` : ''}`,
        [id, f.code, f.message, f.now],
      );
    },
    /** What the import job needs to run a queued upload. */
    async findQueued(q: Queryable, id: string) {
      const r = await q.query<{
        state: string;
        uploaded_by: string;
        citizen_id: string;
        author_map: Record<string, AuthorRole>;
        options: ImportOptions;
        stored_path: string | null;
        file_name: string;
      }>('SELECT state, uploaded_by, citizen_id, author_map, options, stored_path, file_name FROM import_batch WHERE id = $1', [id]);
      return r.rows[0] ?? null;
    },
    /** Claims a pending batch for one run; false if another run has it. */
    async claim(q: Queryable, id: string, now: Date): Promise<boolean> {
      const r = await q.query(`UPDATE import_batch SET state = 'running', heartbeat_at = $2 WHERE id = $1 AND state = 'pending'`, [
        id,
        now,
      ]);
      return r.rowCount === 1;
    },
    /** Uploads a batch still waits on (pending imports): the janitor must keep these. */
    async listStoredPaths(q: Queryable): Promise<string[]> {
      const r = await q.query<{ stored_path: string }>('SELECT stored_path FROM import_batch WHERE stored_path IS NOT NULL');
      return r.rows.map((x) => x.stored_path);
    },
    /**
     * Import batches all of whose messages have been destroyed under the retention schedule lose
     * the export's file name (it often names the citizen) and the who-is-who map (names).
     */
    async forgetDestroyedBatches(q: Queryable, batchIds: string[]): Promise<number> {
      if (batchIds.length === 0) return 0;
      const r = await q.query(
        `UPDATE import_batch b SET file_name = 'destroyed under the retention schedule', author_map = '{}'::jsonb, stored_path = NULL
          WHERE b.id = ANY($1::uuid[])
            AND NOT EXISTS (SELECT 1 FROM message m WHERE m.import_batch_id = b.id
                              AND NOT EXISTS (SELECT 1 FROM message_destruction d WHERE d.message_id = m.id))`,
        [batchIds],
      );
      return r.rowCount ?? 0;
    },
    async clearStoredPath(q: Queryable, id: string): Promise<void> {
      await q.query('UPDATE import_batch SET stored_path = NULL WHERE id = $1', [id]);
    },
    /** Marks failed every running batch whose heartbeat is older than `cutoff`; returns them with their waiting uploads. */
    async failStale(
      q: Queryable,
      cutoff: Date,
      f: { message: string; now: Date },
    ): Promise<{ id: string; stored_path: string | null; citizen_id: string }[]> {
      const r = await q.query<{ id: string; stored_path: string | null; citizen_id: string }>(
        `WITH cut AS (
           SELECT id, stored_path FROM import_batch
            WHERE state = 'running' AND coalesce(heartbeat_at, created_at) < $1
            FOR UPDATE
         )
         UPDATE import_batch b
            SET state = 'failed', error_code = 'IMPORT_INTERRUPTED', error_message = $2, finished_at = $3, stored_path = NULL
           FROM cut
          WHERE b.id = cut.id
         RETURNING b.id, b.citizen_id, cut.stored_path`,
        [cutoff, f.message, f.now],
      );
      return r.rows;
    },
  };
}

export type ImportBatchRepository = ReturnType<typeof createImportBatchRepository>;
