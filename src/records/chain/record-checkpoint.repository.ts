import type { Queryable } from '../../platform/db/db.client.js';
import type { Checkpoint } from './checkpoint.js';

interface CheckpointRow {
  chain_index: string | number;
  head_hash: string;
  signed_at: Date;
  key_id: string;
  signature: string;
}

const toCheckpoint = (r: CheckpointRow): Checkpoint => ({
  chainIndex: Number(r.chain_index),
  headHash: r.head_hash,
  at: new Date(r.signed_at).toISOString(),
  keyId: r.key_id,
  signature: r.signature,
});

/** The only writer of `record_checkpoint` (append-only: triggers refuse UPDATE, DELETE and TRUNCATE). */
export function createRecordCheckpointRepository() {
  return {
    async insert(q: Queryable, c: Checkpoint): Promise<void> {
      await q.query(
        `INSERT INTO record_checkpoint (chain_index, head_hash, signed_at, key_id, signature) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (chain_index) DO NOTHING`,
        [c.chainIndex, c.headHash, new Date(c.at), c.keyId, c.signature],
      );
    },

    async latest(q: Queryable): Promise<Checkpoint | null> {
      const r = await q.query<CheckpointRow>('SELECT * FROM record_checkpoint ORDER BY chain_index DESC LIMIT 1');
      return r.rows[0] ? toCheckpoint(r.rows[0]) : null;
    },

    /** Every checkpoint, oldest first, in pages (there is one per N records, so few). */
    async list(q: Queryable, afterIndex = -1, limit = 10_000): Promise<Checkpoint[]> {
      const r = await q.query<CheckpointRow>('SELECT * FROM record_checkpoint WHERE chain_index > $1 ORDER BY chain_index LIMIT $2', [
        afterIndex,
        limit,
      ]);
      return r.rows.map(toCheckpoint);
    },
  };
}

export type RecordCheckpointRepository = ReturnType<typeof createRecordCheckpointRepository>;
