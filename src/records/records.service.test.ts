import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../../test/db.js';
import { createFakeClock } from '../platform/clock.js';
import type { Db } from '../platform/db/db.client.js';
import { createRecordsRepository } from './records.repository.js';
import { createRecordsService, type RecordsService } from './records.service.js';

describe.each(DB_KINDS)('record chain (%s)', (kind) => {
  let db: Db;
  let records: RecordsService;
  beforeAll(async () => {
    db = await openTestDb(kind);
    records = createRecordsService({ db, records: createRecordsRepository(), clock: createFakeClock('2026-03-01T10:00:00Z') });
  });
  afterAll(async () => db?.close());

  const append = (n: number, kindName = 'test.event') =>
    db.transaction(async (tx) => {
      const ids: string[] = [];
      for (let i = 0; i < n; i++) ids.push(await records.append(tx, { kind: kindName, payload: { i, note: 'synthetic' } }));
      return ids;
    });

  it('counts committed but unsealed records as pending, then seals them in order', async () => {
    await append(5);
    let v = await records.verify();
    expect(v).toMatchObject({ ok: true, records: 5, sealed: 0, pending: 5 });
    expect(await records.sealPending()).toBe(5);
    v = await records.verify();
    expect(v).toMatchObject({ ok: true, records: 5, sealed: 5, pending: 0 });
  });

  it('never seals a record whose transaction rolled back', async () => {
    await expect(
      db.transaction(async (tx) => {
        await records.append(tx, { kind: 'test.rolled-back', payload: {} });
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    expect(await records.sealPending()).toBe(0);
  });

  it('seals concurrent appends exactly once, in more than one batch', async () => {
    await Promise.all(Array.from({ length: 6 }, () => append(400)));
    const sealers = await Promise.all([records.sealPending(), records.sealPending(), records.sealPending()]);
    const leftover = await records.sealPending();
    expect(sealers.reduce((a, b) => a + b, 0) + leftover).toBe(2400);
    const v = await records.verify();
    expect(v).toMatchObject({ ok: true, records: 2405, sealed: 2405, pending: 0 });
  });

  it('detects a record altered behind the trigger and names it', async () => {
    const [victim] = await append(1, 'test.victim');
    await records.sealPending();
    // Only someone with DDL rights can do this; verify must still catch it.
    await db.exec('ALTER TABLE record DISABLE TRIGGER record_append_only');
    await db.query(`UPDATE record SET payload = '{"i": 999}'::jsonb WHERE id = $1`, [victim]);
    await db.exec('ALTER TABLE record ENABLE TRIGGER record_append_only');
    const v = await records.verify();
    expect(v.ok).toBe(false);
    expect(v.firstProblem).toMatchObject({ recordId: victim, problem: 'record content does not match its sealed hash' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on records and seals', async () => {
    await expect(db.query(`UPDATE record SET kind = 'x'`)).rejects.toThrow(/RECORDS_APPEND_ONLY/);
    await expect(db.query('DELETE FROM record_seal')).rejects.toThrow(/RECORDS_APPEND_ONLY/);
    await expect(db.query('TRUNCATE record_seal')).rejects.toThrow(/RECORDS_APPEND_ONLY/);
  });
});
