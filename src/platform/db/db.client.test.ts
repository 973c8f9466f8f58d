import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../../../test/db.js';
import { type Db, toBuffer } from './db.client.js';

describe.each(DB_KINDS)('bytea parameters and results (%s)', (kind) => {
  let db: Db;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db.close();
  });

  it('round-trips bytes exactly: empty, every byte value, a view into a larger buffer, a plain Uint8Array', async () => {
    const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const big = randomBytes(300_000);
    const values: Uint8Array[] = [Buffer.alloc(0), everyByte, big.subarray(1234, 1234 + 70_000), new Uint8Array([0, 1, 254, 255])];
    for (const v of values) {
      const r = await db.query<{ b: unknown; len: number; hex: string }>(
        'SELECT $1::bytea AS b, octet_length($1::bytea) AS len, encode($1::bytea, $2) AS hex',
        [v, 'hex'],
      );
      const row = r.rows[0]!;
      expect(row.len).toBe(v.byteLength);
      expect(row.hex).toBe(Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex'));
      expect(toBuffer(row.b).equals(Buffer.from(v.buffer, v.byteOffset, v.byteLength))).toBe(true);
    }
  });

  it('reads bytea written by SQL (not through a parameter)', async () => {
    const r = await db.query<{ b: unknown }>(`SELECT '\\x00ff10'::bytea AS b`);
    expect(toBuffer(r.rows[0]!.b)).toEqual(Buffer.from([0x00, 0xff, 0x10]));
  });

  // PostgreSQL's driver sends any value as text; PGlite's serializer (ours) takes only bytes. Only PGlite has
  // this test at all (not a skipped one on PostgreSQL).
  if (kind === 'pglite')
    it('refuses a value that is not bytes for a bytea parameter', async () => {
      await expect(db.query('SELECT $1::bytea AS b', [42])).rejects.toThrow('expected bytea');
    });
});
