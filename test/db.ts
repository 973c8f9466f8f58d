import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Db, openPglite, openPostgres, type Queryable } from '../src/platform/db/db.client.js';
import { migrate } from '../src/platform/db/migrate.js';

export type DbKind = 'pglite' | 'postgres';

/**
 * The databases every database test runs on: PGlite always, and PostgreSQL too
 * when TEST_DATABASE_URL is set (.ci/run sets it).
 */
export const DB_KINDS: DbKind[] = process.env['TEST_DATABASE_URL'] ? ['pglite', 'postgres'] : ['pglite'];

/** A fresh, migrated database: in-memory PGlite, or a new PostgreSQL database dropped on close. */
export async function openTestDb(kind: DbKind, opts: { poolSize?: number } = {}): Promise<Db> {
  if (kind === 'pglite') {
    const db = await openPglite(null);
    await migrate(db);
    return db;
  }
  const adminUrl = process.env['TEST_DATABASE_URL']!;
  const name = `liaise_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const db = await openPostgres(url.toString(), opts.poolSize ?? 5);
  await migrate(db);
  const close = db.close.bind(db);
  return {
    ...db,
    kind: db.kind,
    query: db.query.bind(db),
    exec: db.exec.bind(db),
    transaction: db.transaction.bind(db),
    listen: db.listen.bind(db),
    async close() {
      await close();
      const a = new pg.Client({ connectionString: adminUrl });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

/**
 * Every row of each table as JSON text, in a stable order. Take one before a refused request and
 * one after: equal snapshots show that nothing was added, removed or changed (not just that the
 * count is the same).
 */
export async function snapshotTables(db: Queryable, tables: readonly string[]): Promise<Record<string, string[]>> {
  const snapshot: Record<string, string[]> = {};
  for (const table of tables) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`not a table name: ${table}`);
    const rows = await db.query<{ row: string }>(`SELECT to_jsonb(t)::text AS row FROM ${table} t ORDER BY 1`);
    snapshot[table] = rows.rows.map((r) => r.row);
  }
  return snapshot;
}
