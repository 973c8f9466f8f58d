import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rewriteChainFrom, truncateChainAfter } from '../../../test/chain-tamper.js';
import { DB_KINDS, openTestDb } from '../../../test/db.js';
import { createFakeClock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.client.js';
import { createRecordsRepository } from '../records.repository.js';
import { createRecordsService, type RecordsService } from '../records.service.js';
import { type Checkpoint, generateCheckpointKey, parseCheckpointKeys } from './checkpoint.js';
import { createRecordCheckpointRepository } from './record-checkpoint.repository.js';

const HOUR = 3_600_000;

describe.each(DB_KINDS)('signed checkpoints of the record chain (%s)', (kind) => {
  let db: Db;
  let records: RecordsService;
  const clock = createFakeClock('2026-03-01T10:00:00Z');
  const keys = parseCheckpointKeys(generateCheckpointKey('c1'));
  beforeAll(async () => {
    db = await openTestDb(kind);
    records = createRecordsService({
      db,
      records: createRecordsRepository(),
      clock,
      checkpoints: { repo: createRecordCheckpointRepository(), keys, everyRecords: 5, everyMs: HOUR },
    });
  });
  afterAll(async () => db?.close());

  const appendAndSeal = async (n: number) => {
    await db.transaction(async (tx) => {
      for (let i = 0; i < n; i++) await records.append(tx, { kind: 'test.event', payload: { i, note: 'synthetic' } });
    });
    await records.sealPending();
  };

  let exported: Checkpoint[] = [];

  it('signs the head every N records or H hours, whichever comes first', async () => {
    await appendAndSeal(3); // first sealed batch: the first checkpoint, at index 2
    await appendAndSeal(3); // 3 more: fewer than 5 since the last, and under an hour
    expect((await records.listCheckpoints()).map((c) => c.chainIndex)).toEqual([2]);
    await appendAndSeal(2); // 5 since the checkpoint at 2
    expect((await records.listCheckpoints()).map((c) => c.chainIndex)).toEqual([2, 7]);
    clock.advance(HOUR + 1);
    await appendAndSeal(1); // one record, but an hour has passed
    await appendAndSeal(6);
    exported = await records.listCheckpoints();
    expect(exported.map((c) => c.chainIndex)).toEqual([2, 7, 8, 14]);
    expect(exported[2]!.at).toBe('2026-03-01T11:00:00.001Z');
    // An idle sequencer writes none while the head has not moved, however long it waits.
    clock.advance(5 * HOUR);
    await records.sealPending();
    expect(await records.listCheckpoints()).toHaveLength(4);
  });

  it('passes against its own exported checkpoints, and refuses changes to them in the database', async () => {
    expect((await records.verify()).ok).toBe(true);
    expect(await records.verifyCheckpoints(exported)).toBeNull();
    await expect(db.query(`UPDATE record_checkpoint SET head_hash = 'x'`)).rejects.toThrow(/RECORDS_APPEND_ONLY/);
    await expect(db.query('DELETE FROM record_checkpoint')).rejects.toThrow(/RECORDS_APPEND_ONLY/);
    await expect(db.query('TRUNCATE record_checkpoint')).rejects.toThrow(/RECORDS_APPEND_ONLY/);
  });

  it('names a checkpoint whose signature was forged or whose key is unknown', async () => {
    const forged = exported.map((c) => (c.chainIndex === 7 ? { ...c, headHash: 'f'.repeat(64) } : c));
    expect(await records.verifyCheckpoints(forged)).toMatchObject({ checkpoint: { chainIndex: 7 }, problem: 'bad signature' });
    const otherKey = parseCheckpointKeys(generateCheckpointKey('c9'));
    const stranger = createRecordsService({
      db,
      records: createRecordsRepository(),
      clock,
      checkpoints: { repo: createRecordCheckpointRepository(), keys: otherKey, everyRecords: 5, everyMs: HOUR },
    });
    expect(await stranger.verifyCheckpoints(exported)).toMatchObject({ checkpoint: { chainIndex: 2 }, problem: 'bad signature' });
  });

  it('fails against the checkpoints after a whole-chain rewrite that verifies on its own, naming the index', async () => {
    await rewriteChainFrom(db, 4, { i: 999, note: 'rewritten' });
    expect((await records.verify()).ok).toBe(true); // the chain alone cannot show it
    const mismatch = await records.verifyCheckpoints(exported);
    expect(mismatch).toMatchObject({ checkpoint: { chainIndex: 7 }, problem: 'chain hash differs' });
  });

  it('catches the chain cut short', async () => {
    await truncateChainAfter(db, 10);
    expect((await records.verify()).ok).toBe(true);
    const kept = exported.filter((c) => c.chainIndex <= 2 || c.chainIndex === 14);
    expect(await records.verifyCheckpoints(kept)).toMatchObject({
      checkpoint: { chainIndex: 14 },
      problem: 'chain is shorter than the checkpoint',
    });
  });
});
