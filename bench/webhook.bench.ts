import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { buildApp } from '../src/app.js';
import type { Db, Queryable } from '../src/platform/db/db.client.js';
import { createLogger } from '../src/platform/log/logger.js';
import { loadPolicyEngine } from '../src/server.js';
import { createServices } from '../src/composition.js';
import { openTestDb, type DbKind } from '../test/db.js';
import type { BenchRow } from './bench.types.js';

const APP_SECRET = 'bench-secret';
const PHONE_NUMBER_ID = '100000000000001';
const DURATION_S = Number(process.env['BENCH_WEBHOOK_SECONDS'] ?? 8);
const CONNECTIONS = 16;
const LOAD_SCRIPT = fileURLToPath(new URL('./webhook.load.cjs', import.meta.url));

/**
 * The design the issue warns against, for comparison in the same run: every
 * transaction takes the chain head's row lock first and holds it until commit,
 * as an inline hash chain must. Everything else is Liaise's own code.
 */
function withInlineChainLock(db: Db): Db {
  const locked = async <T>(tx: Queryable, sql: string, params?: unknown[]) => {
    await tx.query('UPDATE bench_chain_head SET n = n + 1 WHERE id = 1');
    return tx.query<T>(sql, params);
  };
  return {
    ...db,
    kind: db.kind,
    exec: db.exec.bind(db),
    listen: db.listen.bind(db),
    close: db.close.bind(db),
    // Every statement that writes a record runs in a transaction that holds the chain head.
    query<T>(sql: string, params?: unknown[]) {
      return sql.includes('INSERT INTO record ') ? db.transaction((tx) => locked<T>(tx, sql, params)) : db.query<T>(sql, params);
    },
    transaction<T>(fn: (tx: Queryable) => Promise<T>) {
      return db.transaction(async (tx) => {
        await tx.query('UPDATE bench_chain_head SET n = n + 1 WHERE id = 1');
        return fn(tx);
      });
    },
  };
}

async function measure(kind: DbKind, inlineLock: boolean) {
  const raw = await openTestDb(kind, { poolSize: 20 });
  await raw.exec('CREATE TABLE bench_chain_head (id int PRIMARY KEY, n bigint NOT NULL); INSERT INTO bench_chain_head VALUES (1, 0);');
  const db = inlineLock ? withInlineChainLock(raw) : raw;
  const services = createServices({
    // The peer stores each delivery on its own, holding the chain head as it does.
    batchInbound: !inlineLock,
    db,
    logger: createLogger('silent'),
    encryptionKeys: { current: 'k1', keys: { k1: Buffer.alloc(32, 1) } },
    digestKeys: { current: 'd1', keys: { d1: Buffer.alloc(32, 13) } },
    sessionHours: 1,
    policy: loadPolicyEngine({ policyPackPath: null }),
    whatsapp: {
      graphBase: 'http://127.0.0.1:9',
      apiVersion: 'v23.0',
      accessToken: 'x',
      phoneNumberId: PHONE_NUMBER_ID,
      sendTimeoutMs: 1000,
    },
  });
  await services.staff.createTeam(null, { name: 'Triage' });
  const app = await buildApp({
    services,
    publicUrl: 'http://127.0.0.1',
    timeZone: 'Europe/London',
    whatsapp: { appSecret: APP_SECRET, verifyToken: 'v' },
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const sequencer = services.startSequencer(200);
  try {
    const result = await autocannon({
      url: `http://127.0.0.1:${port}`,
      connections: CONNECTIONS,
      duration: DURATION_S,
      // The load runs in a worker thread, off the server's event loop.
      workers: 1,
      requests: [{ method: 'POST', path: '/webhooks/whatsapp', setupRequest: LOAD_SCRIPT }],
    });
    await app.close(); // let in-flight deliveries finish before the final seal
    await sequencer.stop();
    const stored = (await raw.query<{ n: number }>('SELECT count(*)::int AS n FROM message')).rows[0]!.n;
    const verify = await services.records.verify();
    return {
      perSecond: result['2xx'] / DURATION_S,
      p99: result.latency.p99,
      ok2xx: result['2xx'],
      non2xx: result.non2xx,
      stored,
      chainOk: verify.ok && verify.pending === 0,
      verify,
    };
  } finally {
    await app.close();
    await raw.close();
  }
}

/** Signed webhook deliveries stored per second, Liaise's sequencer against an inline chain-head lock. */
export async function run(): Promise<BenchRow[]> {
  const all: DbKind[] = process.env['TEST_DATABASE_URL'] ? ['postgres', 'pglite'] : ['pglite'];
  const kinds = process.env['BENCH_DB'] ? all.filter((k) => k === process.env['BENCH_DB']) : all;
  const rows: BenchRow[] = [];
  for (const kind of kinds) {
    const ours = await measure(kind, false);
    const peer = await measure(kind, true);
    for (const [label, m] of [
      ['ours', ours],
      ['inline lock', peer],
    ] as const) {
      if (m.non2xx > 0 || m.stored < m.ok2xx || !m.chainOk) {
        throw new Error(
          `webhook bench (${kind}, ${label}): ${m.non2xx} non-2xx, ${m.stored} stored of ${m.ok2xx} acknowledged, chain ok ${m.chainOk} ${JSON.stringify(m.verify)}`,
        );
      }
    }
    // Targets from the issue, for this 2-core machine with the load generator on it.
    const target = kind === 'postgres' ? 2000 : 500;
    rows.push({
      name: `webhook deliveries stored (${kind}, ${CONNECTIONS} connections)`,
      unit: 'deliveries/s',
      ours: round(ours.perSecond),
      peer: round(peer.perSecond),
      peerName: 'inline chain-head lock',
      ratio: round(ours.perSecond / peer.perSecond, 2),
      target: `≥ ${target}/s`,
      ok: ours.perSecond >= target,
    });
    rows.push({
      name: `webhook p99 latency (${kind})`,
      unit: 'ms p99',
      ours: ours.p99,
      peer: peer.p99,
      peerName: 'inline chain-head lock',
      ratio: round(peer.p99 / Math.max(ours.p99, 0.1), 2),
      ...(kind === 'postgres' ? { target: '< 25 ms', ok: ours.p99 < 25 } : {}),
    });
  }
  return rows;
}

const round = (n: number, d = 0) => Math.round(n * 10 ** d) / 10 ** d;
