import type { Db } from '../src/platform/db/db.client.js';
import { chainHash, GENESIS_HASH, hashRecord } from '../src/records/record.hash.js';
import { createRecordsRepository } from '../src/records/records.repository.js';

/**
 * What someone with superuser rights on the database can do: drop the append-only triggers, change a
 * record, and recompute its hash and every seal after it, so the chain verifies again on its own.
 */
export async function rewriteChainFrom(db: Db, fromIndex: number, payload: Record<string, unknown>): Promise<void> {
  const repo = createRecordsRepository();
  await db.exec('ALTER TABLE record DISABLE TRIGGER record_append_only; ALTER TABLE record_seal DISABLE TRIGGER record_seal_append_only');
  const page = await repo.sealedPage(db, fromIndex, 1_000_000);
  const victim = page[0]!.record!;
  const altered = { ...victim, payload };
  const newHash = hashRecord(altered);
  await db.query(`UPDATE record SET payload = $2::jsonb, record_hash = $3 WHERE id = $1`, [victim.id, JSON.stringify(payload), newHash]);
  const before = fromIndex === 0 ? null : (await repo.sealedPage(db, fromIndex - 1, 1))[0]!.seal.chainHash;
  let prev = before ?? GENESIS_HASH;
  for (const { seal } of page) {
    const recordHash = seal.recordId === victim.id ? newHash : seal.recordHash;
    const next = chainHash(prev, recordHash, seal.chainIndex);
    await db.query(`UPDATE record_seal SET record_hash = $2, prev_hash = $3, chain_hash = $4 WHERE chain_index = $1`, [
      seal.chainIndex,
      recordHash,
      prev,
      next,
    ]);
    prev = next;
  }
  await db.exec('ALTER TABLE record ENABLE TRIGGER record_append_only; ALTER TABLE record_seal ENABLE TRIGGER record_seal_append_only');
}

/** Drops the chain's last records and their seals, behind the triggers. */
export async function truncateChainAfter(db: Db, lastKept: number): Promise<void> {
  await db.exec('ALTER TABLE record DISABLE TRIGGER record_append_only; ALTER TABLE record_seal DISABLE TRIGGER record_seal_append_only');
  const gone = await db.query<{ record_id: string }>('DELETE FROM record_seal WHERE chain_index > $1 RETURNING record_id', [lastKept]);
  await db.query('DELETE FROM record WHERE id = ANY($1::uuid[])', [gone.rows.map((r) => r.record_id)]);
  await db.exec('ALTER TABLE record ENABLE TRIGGER record_append_only; ALTER TABLE record_seal ENABLE TRIGGER record_seal_append_only');
}
