import { createLogger } from '../src/platform/log/logger.js';
import { loadPolicyEngine } from '../src/server.js';
import { createServices } from '../src/composition.js';
import { toActor } from '../src/staff/staff.service.js';
import { type DbKind, openTestDb } from '../test/db.js';
import type { BenchRow } from './bench.types.js';

const MESSAGES = Number(process.env['BENCH_RETENTION_MESSAGES'] ?? 100_000);
const TARGET_MS = 5_000;

/**
 * Closing a case whose conversation holds 100,000 messages: the close, its audit and record, and every
 * message's new class and disposal date, in one transaction. No peer keeps disposal dates per message
 * (Chatwoot keeps everything, archivers keep one term for all), so the row shows our figure against the
 * issue's target of 5 s on PostgreSQL. Also reported: linking the conversation (the same recompute) and
 * `assignMissing` classifying the same number of new messages.
 */
export async function run(): Promise<BenchRow[]> {
  const kind: DbKind = process.env['TEST_DATABASE_URL'] ? 'postgres' : 'pglite';
  const db = await openTestDb(kind, { poolSize: 4 });
  try {
    const services = createServices({
      db,
      logger: createLogger('silent'),
      encryptionKeys: { current: 'k1', keys: { k1: Buffer.alloc(32, 3) } },
      digestKeys: { current: 'd1', keys: { d1: Buffer.alloc(32, 13) } },
      sessionHours: 1,
      allowFictionalNumbers: true,
      policy: loadPolicyEngine({ policyPackPath: null }),
      whatsapp: {
        graphBase: 'http://127.0.0.1:9',
        apiVersion: 'v23.0',
        accessToken: 'x',
        phoneNumberId: '100000000000001',
        sendTimeoutMs: 1000,
      },
    });
    const team = await services.staff.createTeam(null, { name: 'Housing' });
    const { staff } = await services.staff.createStaff(null, {
      email: 'bench@council.example',
      role: 'caseworker',
      team: 'Housing',
      displayName: 'Bench Worker',
    });
    const actor = toActor(staff);
    // One conversation with MESSAGES synthetic messages over two years (bodies are not needed to date them).
    const conversationId = '00000000-0000-4000-8000-00000000c0de';
    await db.query(
      `INSERT INTO conversation (id, team_id, phone_number_id, wa_number, created_at) VALUES ($1, $2, '100000000000001', '+447700900123', now())`,
      [conversationId, team.id],
    );
    await db.query(
      `INSERT INTO message (id, conversation_id, direction, kind, status, status_at, sent_at, created_at)
       SELECT gen_random_uuid(), $1, CASE WHEN i % 2 = 0 THEN 'inbound' ELSE 'outbound' END, 'text', 'received', t, t, t
         FROM generate_series(1, $2::int) AS i, LATERAL (SELECT timestamptz '2024-01-01T09:00:00Z' + (i * interval '10 minutes') AS t) x`,
      [conversationId, MESSAGES],
    );
    await db.exec('ANALYZE message');

    let t0 = performance.now();
    const { assigned } = await services.retention.assignMissing();
    const assignMs = performance.now() - t0;
    if (assigned !== MESSAGES) throw new Error(`assignMissing classified ${assigned} of ${MESSAGES}`);

    const kase = await services.cases.createCase(actor, { reference: 'BENCH/1', caseType: 'complaint', openedOn: '2024-01-01' });
    t0 = performance.now();
    await services.cases.linkToCase(actor, kase.id, { conversationId });
    const linkMs = performance.now() - t0;

    t0 = performance.now();
    await services.cases.closeCase(actor, kase.id, { closedOn: '2026-03-01' });
    const closeMs = performance.now() - t0;
    const check = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM message_retention WHERE class_id = 'complaint' AND disposal_due = '2032-03-01'`,
    );
    if (check.rows[0]!.n !== MESSAGES) throw new Error(`closing the case dated ${check.rows[0]!.n} of ${MESSAGES} messages`);

    const label = `${MESSAGES.toLocaleString('en-GB')} messages, ${kind === 'postgres' ? 'PostgreSQL' : 'PGlite'}`;
    const target = `< ${TARGET_MS / 1000} s (issue 10; no peer does this)`;
    return [
      {
        name: `recompute disposal dates on closing a case (${label})`,
        unit: 'ms',
        ours: Math.round(closeMs),
        peer: null,
        peerName: null,
        ratio: null,
        target,
        ok: kind === 'postgres' && closeMs < TARGET_MS,
      },
      {
        name: `recompute on linking a conversation to a case (${label})`,
        unit: 'ms',
        ours: Math.round(linkMs),
        peer: null,
        peerName: null,
        ratio: null,
      },
      {
        name: `assign classes to new messages (${label})`,
        unit: 'ms',
        ours: Math.round(assignMs),
        peer: null,
        peerName: null,
        ratio: null,
      },
    ];
  } finally {
    await db.close();
  }
}
