import { describe, expect, it } from 'vitest';
import { type DbKind, type FaultRow, rowOk } from './harness.js';
import { hostileImports, inboundKill9, outbound, poisoned } from './scenarios.js';
import { databaseRestart, diskFullImport } from './storage-scenarios.js';

/**
 * The core of the fault harness (`npm run faults -- --core`), run with the suite: real kill -9 of
 * the built server, poisoned deliveries, a failing Cloud API, hostile exports, a full disk during an
 * import and (PostgreSQL) the database stopped and crashed under load, on PGlite and,
 * when TEST_DATABASE_URL is set (as in CI), on PostgreSQL. Each row must show nothing lost,
 * nothing duplicated, no server error and a chain that verifies.
 */
const dbs: DbKind[] = process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];
// A disk of its own (tmpfs) and a PostgreSQL server of its own need root, as CI has; in CI they always run.
const canHarmStorage = process.getuid?.() === 0 || process.env['CI'] === 'true';

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

  it.runIf(canHarmStorage)(
    'refuses an import the disk cannot hold with a clear message, and imports it whole once there is room',
    async () => {
      const row = await diskFullImport(db, { headroomBytes: 16 * 1024 * 1024, files: 4, eachBytes: 8 * 1024 * 1024 });
      expectClean(row);
      expect(row.stored).toBe(6);
    },
    600_000,
  );

  it('sends each message once through Cloud API 5xx, 429, timeouts and resets', async () => {
    const row = await outbound(db, { count: 16, harm: 'cloud-api' });
    expectClean(row);
  }, 600_000);
});

// On both databases: on PostgreSQL a zip entry fails while the import awaits its first round trip, which
// once went unhandled and ended the CLI.
describe.each(dbs)('fault harness core: hostile exports (%s)', (db) => {
  it('refuses every hostile export file with a clear message and stores nothing', async () => {
    const row = await hostileImports(db);
    expectClean(row);
    expect(row.stored).toBe(0);
    expect(row.acknowledged).toBe(6);
  }, 600_000);
});

describe.runIf(dbs.includes('postgres') && canHarmStorage)('fault harness core: the database restarted under load', () => {
  it('loses nothing acknowledged, and acknowledges nothing, while PostgreSQL is stopped and crashed under inbound load', async () => {
    const row = await databaseRestart({ count: 300, connections: 8 });
    expectClean(row);
    expect(row.stored).toBe(row.acknowledged);
    expect(row.note).toMatch(/^2\/2 deliveries refused/);
  }, 600_000);
});
