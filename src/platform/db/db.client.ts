import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';

/**
 * One small interface over the two databases Liaise runs on: PGlite (embedded,
 * the default) and PostgreSQL (production, via DATABASE_URL). Both speak the same
 * SQL dialect, so repositories are written once.
 */

export type Row = Record<string, unknown>;
export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

export interface QueryOptions {
  /**
   * Prepare the statement once per connection under this name (PostgreSQL), so
   * hot statements are not parsed and planned on every call. The SQL text for a
   * name must never change.
   */
  name?: string;
}

export interface Queryable {
  query<T = Row>(sql: string, params?: unknown[], opts?: QueryOptions): Promise<QueryResult<T>>;
  /** Runs a script of several statements with no parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** LISTEN on a channel; notifications sent with pg_notify arrive after their transaction commits. */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

// int8 (counts, sequence numbers) as JS numbers: they stay far below 2^53.
// date as the plain 'YYYY-MM-DD' string, never a local-midnight Date.
const OID_INT8 = 20;
const OID_DATE = 1082;
const OID_BYTEA = 17;

/**
 * bytea for PGlite, to and from its hex text form with Buffer's native hex codec. PGlite's own goes
 * through an array of one number and one string per byte: a 1 MiB attachment chunk made some 30 MB of
 * garbage, much of it straight into the old generation, which took a server importing a large
 * photo past 400 MB.
 */
const byteaToHex = (v: unknown) => {
  if (!(v instanceof Uint8Array)) throw new TypeError('expected bytea');
  return `\\x${Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('hex')}`;
};
const byteaFromHex = (v: string) => Buffer.from(v.slice(2), 'hex');

/** PGlite's buffer pool (see openPglite). */
const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * Creates a new PGlite data directory in a short-lived node process of its own. PGlite's initdb holds some
 * 300 MB of buffers and grows its WASM heap, which never shrinks: done in the server, the first start on a
 * fresh directory left `npm start` at 620-680 MB resident for good (a restart on the same directory: 190 MB).
 * The child is given the directory only (no environment, so none of the server's secrets).
 */
async function initPgliteDir(dir: string, postgresqlconf: string[]): Promise<void> {
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  const script = `
const { PGlite } = require(process.argv[1]);
PGlite.create({ dataDir: process.argv[2], postgresqlconf: JSON.parse(process.argv[3]) })
  .then((db) => db.close())
  .catch((err) => { console.error(err && err.message ? err.message : 'initdb failed'); process.exit(1); });
`;
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--liftoff-only', '-e', script, pglite, dir, JSON.stringify(postgresqlconf)], {
      env: {},
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let err = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (err = (err + d).slice(-2000)));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`Creating the embedded database failed (${signal ?? `exit ${code}`}): ${err.trim()}`)),
    );
  });
}

export async function openPglite(dir: string | null): Promise<Db> {
  if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 });
  const parsers = { [OID_INT8]: (v: string) => Number(v), [OID_DATE]: (v: string) => v, [OID_BYTEA]: byteaFromHex };
  const serializers = { [OID_BYTEA]: byteaToHex };
  // PGlite's shared buffers live in its WASM heap, which only grows: its default (160 MB) alone put an
  // embedded server past 450 MB. A smaller pool bounds the process; the OS page cache still holds the files.
  // 16 MB rather than 32 took the CLI import of a 48 MiB photo from 252 to 232 MB at its peak, with no
  // slower import (bench/import-memory.ts).
  const postgresqlconf = [`shared_buffers=${PGLITE_SHARED_BUFFERS}`];
  if (dir && !existsSync(join(dir, 'PG_VERSION'))) await initPgliteDir(dir, postgresqlconf);
  const db = await PGlite.create(dir ? { dataDir: dir, parsers, serializers, postgresqlconf } : { parsers, serializers, postgresqlconf });
  const wrap = (q: { query: PGlite['query']; exec: PGlite['exec'] }): Queryable => ({
    async query<T>(sql: string, params?: unknown[]) {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(db);
  return {
    kind: 'pglite',
    ...base,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async listen(channel, onPayload) {
      const unsubscribe = await db.listen(channel, onPayload);
      return async () => {
        if (!db.closed) await unsubscribe();
      };
    },
    async close() {
      if (!db.closed) await db.close();
    },
  };
}

/** Errors that leave a pooled connection unusable: the server went away, or the socket did. */
function isConnectionError(err: Error): boolean {
  const code = (err as { code?: string }).code ?? '';
  return code.startsWith('57P') || code.startsWith('08') || /Connection terminated|ECONNRESET|ECONNREFUSED|EPIPE/.test(err.message);
}

export async function openPostgres(url: string, poolSize = 10): Promise<Db> {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === OID_INT8) return (v: string) => Number(v);
      if (oid === OID_DATE) return (v: string) => v;
      return pg.types.getTypeParser(oid, format) as (v: string) => unknown;
    },
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types: types });
  // An idle client's error (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  await pool.query('SELECT 1');
  const wrap = (c: pg.Pool | pg.PoolClient): Queryable => ({
    async query<T>(sql: string, params?: unknown[], opts?: QueryOptions) {
      const r = opts?.name ? await c.query({ name: opts.name, text: sql, values: params }) : await c.query(sql, params);
      return { rows: r.rows as T[], rowCount: r.rowCount ?? r.rows.length };
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const listeners: pg.Client[] = [];
  return {
    kind: 'postgres',
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      // A connection lost between two statements (the server restarted or stopped on a full disk) is an
      // 'error' event on the checked-out client: without a listener it would end the process. The next
      // statement then fails, the transaction rolls back, and the broken client is dropped, not pooled.
      let lost: Error | undefined;
      const onError = (err: Error) => {
        lost = err;
      };
      client.on('error', onError);
      let failed: unknown;
      try {
        await client.query('BEGIN');
        const result = await fn(wrap(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        failed = err;
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.off('error', onError);
        client.release(lost ?? (failed instanceof Error && isConnectionError(failed) ? failed : undefined));
      }
    },
    async listen(channel, onPayload) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      await client.connect();
      client.on('notification', (n) => {
        if (n.channel === channel) onPayload(n.payload ?? '');
      });
      await client.query(`LISTEN ${pg.escapeIdentifier(channel)}`);
      listeners.push(client);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}

/** bytea comes back as Buffer from pg and Uint8Array from PGlite. */
export function toBuffer(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  throw new TypeError('expected bytea');
}

/** Readiness: the database answers a trivial query. */
export async function pingDatabase(db: Pick<Db, 'query'>): Promise<void> {
  await db.query('SELECT 1');
}
