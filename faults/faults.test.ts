import { describe, expect, it } from 'vitest';
import { type DbKind, type FaultRow, rowOk } from './harness.js';
import { hostileImports, inboundKill9, outbound, poisoned } from './scenarios.js';

/**
 * The core of the fault harness (`npm run faults -- --core`), run with the suite: real kill -9 of
 * the built server, poisoned deliveries, a failing Cloud API and hostile exports, on PGlite and,
 * when TEST_DATABASE_URL is set (as in CI), on PostgreSQL. Each row must show nothing lost,
 * nothing duplicated, no server error and a chain that verifies.
 */
const dbs: DbKind[] = process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];

function expectClean(row: FaultRow) {
  expect({ ...row, ok: rowOk(row) }).toMatchObject({ lost: 0, duplicated: 0, serverErrors: 0, verify: 'ok', ok: true });
  expect(row.acknowledged).toBeGreaterThan(0);
}

describe.each(dbs)('fault harness core on %s', (db) => {
  it('loses and duplicates nothing acknowledged when the server is killed -9 twice under inbound load', async () => {
    const row = await inboundKill9(db, { count: 400, connections: 8 });
    expectClean(row);
    expect(row.acknowledged).toBe(400);
    expect(row.stored).toBe(400);
  }, 600_000);

  it('stores every good delivery sent beside a poisoned one', async () => {
    const row = await poisoned(db);
    expectClean(row);
    expect(row.acknowledged).toBe(150);
  }, 600_000);

  it('sends nothing twice when the server is killed -9 during outbound sends', async () => {
    expectClean(await outbound(db, { count: 24, harm: 'kill9' }));
  }, 600_000);

  it('sends each message once through Cloud API 5xx, 429, timeouts and resets', async () => {
    const row = await outbound(db, { count: 16, harm: 'cloud-api' });
    expectClean(row);
  }, 600_000);
});

describe('fault harness core: hostile exports', () => {
  it('refuses every hostile export file with a clear message and stores nothing', async () => {
    const row = await hostileImports('pglite');
    expectClean(row);
    expect(row.stored).toBe(0);
    expect(row.acknowledged).toBe(6);
  }, 600_000);
});
