import { randomUUID } from 'node:crypto';
import { createCoreServices } from '../src/composition.js';
import { createLogger } from '../src/platform/log/logger.js';
import { hashRecord, type RecordContent } from '../src/records/record.hash.js';
import { createRecordsRepository } from '../src/records/records.repository.js';
import { openTestDb } from '../test/db.js';
import type { BenchRow } from './bench.types.js';

const RECORDS = Number(process.env['BENCH_VERIFY_RECORDS'] ?? 1_000_000);
const CONVERSATIONS = Math.max(1, Math.round(RECORDS / 100));
const CHUNK = 20_000;

const elapsed = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9;

/**
 * `records verify` at scale, on PostgreSQL: RECORDS inbound messages, each with a capture record
 * whose payload has the shape and size of a real one (provider id, keyed digest, policy findings),
 * sealed into the chain. Times the whole verify: every link and record hash, and the check that
 * every message has its record and every record's message exists. No peer tool does this, so the
 * row shows our figure against the target (1 million records in under 60 s).
 */
export async function run(): Promise<BenchRow[]> {
  if (!process.env['TEST_DATABASE_URL']) throw new Error('the verify benchmark needs PostgreSQL (TEST_DATABASE_URL)');
  const db = await openTestDb('postgres', { poolSize: 4 });
  try {
    const core = createCoreServices({ db, logger: createLogger('silent'), sessionHours: 1 });
    const team = await core.staff.createTeam(null, { name: 'Housing' });
    const t0 = process.hrtime.bigint();
    await db.query(
      `INSERT INTO conversation (id, team_id, phone_number_id, wa_number, created_at)
       SELECT gen_random_uuid(), $1, '100000000000001', '+4477009' || lpad(i::text, 5, '0'), now() FROM generate_series(1, $2) AS i`,
      [team.id, CONVERSATIONS],
    );
    const convs = (await db.query<{ id: string }>('SELECT id FROM conversation ORDER BY wa_number')).rows.map((r) => r.id);
    const base = Date.parse('2024-01-01T09:00:00Z');
    for (let from = 0; from < RECORDS; from += CHUNK) {
      const recs: { content: RecordContent; hash: string }[] = [];
      for (let i = from; i < Math.min(RECORDS, from + CHUNK); i++) {
        const at = new Date(base + i * 1000);
        const content: RecordContent = {
          id: randomUUID(),
          createdAt: at,
          kind: 'message.inbound',
          conversationId: convs[i % convs.length]!,
          citizenId: null,
          caseId: null,
          messageId: randomUUID(),
          staffId: null,
          payload: {
            providerMessageId: `wamid.HBgM${String(i).padStart(12, '0')}FQIAEhgUM0E`,
            type: 'text',
            sentAt: at.toISOString(),
            bodyDigest: randomUUID().replace(/-/g, '') + randomUUID().replace(/-/g, ''),
            digestKeyId: 'd1',
            forwarded: false,
            flagged: i % 10 === 0 ? 'personal_data' : null,
            policy: {
              pack: 'default',
              version: '2026.1',
              decision: 'allow',
              reasons: [],
              findings: i % 10 === 0 ? [{ type: 'uk_phone', start: 3, end: 16 }] : [],
            },
            linked: false,
          },
          retentionClass: 'whatsapp-business-message',
        };
        recs.push({ content, hash: hashRecord(content) });
      }
      const col = <T>(f: (r: { content: RecordContent; hash: string }) => T) => recs.map(f);
      await db.query(
        `WITH u AS (
           SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::uuid[], $5::jsonb[], $6::text[])
             AS u(id, created_at, conversation_id, message_id, payload, record_hash)),
         msg AS (
           INSERT INTO message (id, conversation_id, direction, kind, body_ct, key_id, body_digest, digest_key_id, status, status_at, sent_at, created_at)
           SELECT message_id, conversation_id, 'inbound', 'text', '\\x00'::bytea, 'k1', payload->>'bodyDigest', 'd1', 'received', created_at, created_at, created_at FROM u
           RETURNING 1),
         rec AS (
           INSERT INTO record (id, created_at, kind, conversation_id, message_id, payload, retention_class, record_hash)
           SELECT id, created_at, 'message.inbound', conversation_id, message_id, payload, 'whatsapp-business-message', record_hash FROM u
           RETURNING seq, id)
         INSERT INTO record_pending (seq, record_id) SELECT seq, id FROM rec`,
        [
          col((r) => r.content.id),
          col((r) => r.content.createdAt),
          col((r) => r.content.conversationId),
          col((r) => r.content.messageId),
          col((r) => JSON.stringify(r.content.payload)),
          col((r) => r.hash),
        ],
      );
    }
    while ((await core.records.sealPending(1000)) > 0);
    await db.query('VACUUM ANALYZE');
    process.stderr.write(`seeded ${RECORDS} messages, records and seals in ${elapsed(t0).toFixed(1)} s\n`);

    const tv = process.hrtime.bigint();
    const verified = await core.records.verify();
    const seconds = elapsed(tv);
    if (!verified.ok || verified.sealed !== RECORDS) throw new Error(`verify failed: ${JSON.stringify(verified)}`);
    // Where the time goes: the message/record link check alone, the rest being the chain.
    const tl = process.hrtime.bigint();
    await createRecordsRepository().messageLinkProblems(db, ['message.inbound', 'message.outbound', 'message.imported'], 100);
    process.stderr.write(`  of which the message/record link check takes about ${elapsed(tl).toFixed(1)} s\n`);
    const per100k = seconds / (RECORDS / 100_000);
    process.stderr.write(
      `records verify over ${RECORDS} records: ${seconds.toFixed(1)} s (${per100k.toFixed(2)} s per 100,000; 1 million extrapolated ${(per100k * 10).toFixed(1)} s)\n`,
    );
    const label = RECORDS.toLocaleString('en-GB');
    return [
      {
        name: `records verify over ${label} sealed records with their messages (no peer does this)`,
        unit: 's',
        ours: Number(seconds.toFixed(1)),
        peer: null,
        peerName: null,
        ratio: null,
        target: RECORDS >= 1_000_000 ? '< 60 s for 1 million' : `< 60 s for 1 million (measured ${label})`,
        ok: seconds < 60 * (RECORDS / 1_000_000),
      },
    ];
  } finally {
    await db.close();
  }
}
