import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../../../test/db.js';
import { createBrowserSession } from '../../../test/http.js';
import { seedServiceTestContext, testServicesOptions } from '../../../test/services.js';
import { buildApp } from '../../app.js';
import type { InboundMessageEvent } from '../../channel/channel.types.js';
import { createServices, type Services } from '../../composition.js';
import { createFakeClock } from '../../platform/clock.js';
import type { Db } from '../../platform/db/db.client.js';
import type { JobWorker } from '../../platform/jobs/job.worker.js';
import { PUSH_SIGNATURE_HEADER, signPush, verifyPush } from './push-signature.js';

const SECRET = 'case-system-shared-secret-0123456789';

interface Received {
  status: number;
  verdict: string;
  body: string;
  signature: string;
}

/**
 * The council's case system, as a real HTTP server: it checks the signature against the shared secret and
 * its own clock, refuses a signature it has seen before (a replay), and answers with the scripted statuses
 * in turn (then 200).
 */
async function startReceiver(now: () => Date) {
  const script: number[] = [];
  const seen = new Set<string>();
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const signature = String(req.headers[PUSH_SIGNATURE_HEADER] ?? '');
      const verdict = verifyPush(signature, body, SECRET, now());
      let status: number;
      let why: string;
      if (!verdict.ok) [status, why] = [401, verdict.reason];
      else if (seen.has(signature)) [status, why] = [409, 'replay'];
      else {
        seen.add(signature);
        [status, why] = [script.shift() ?? 200, 'ok'];
      }
      received.push({ status, verdict: why, body, signature });
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ status }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/liaise`;
  return {
    url,
    script,
    received,
    accepted: () => received.filter((r) => r.status === 200).map((r) => JSON.parse(r.body) as Record<string, unknown>),
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const inbound = (from: string, text: string, sentAt: Date): InboundMessageEvent => ({
  kind: 'message',
  phoneNumberId: '100000000000001',
  providerMessageId: `wamid.push-${randomUUID()}`,
  from,
  profileName: null,
  sentAt,
  type: 'text',
  text,
  media: null,
  location: null,
  forwarded: false,
  frequentlyForwarded: false,
  replyToProviderMessageId: null,
});

describe.each(DB_KINDS)('push to the case system (%s)', (kind) => {
  let db: Db;
  let services: Services;
  let worker: JobWorker;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let app: FastifyInstance;
  const clock = createFakeClock(new Date());
  let teamId: string;

  beforeAll(async () => {
    db = await openTestDb(kind);
    receiver = await startReceiver(() => clock.now());
    services = createServices({ ...testServicesOptions(db, { clock }), caseSystem: { url: receiver.url, secret: SECRET } });
    teamId = (await seedServiceTestContext(services)).teamId;
    worker = services.createWorker({ pollMs: 20 });
    await worker.start();
    app = await buildApp({
      services,
      publicUrl: 'http://127.0.0.1',
      timeZone: 'Europe/London',
      whatsapp: { appSecret: 'x', verifyToken: 'y' },
      signInRateLimit: 1000,
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await app?.close();
    await receiver?.close();
    await db?.close();
  });

  /** Runs due pushes, then moves the clock on past any backoff, `times` times. */
  const runPushes = async (times = 1) => {
    for (let i = 0; i < times; i++) {
      await worker.idle();
      clock.advance(10 * 60_000);
    }
    await worker.idle();
  };

  const receive = async (number: string, text: string) => {
    await services.inbound.receiveChannelEvents([inbound(number, text, clock.now())]);
    await services.records.sealPending();
    const m = await db.query<{ id: string; conversation_id: string }>(
      `SELECT m.id, m.conversation_id FROM message m JOIN conversation c ON c.id = m.conversation_id WHERE c.wa_number = $1 ORDER BY m.created_at DESC LIMIT 1`,
      [number],
    );
    return m.rows[0]!;
  };

  const addCase = async (reference: string) => {
    const id = randomUUID();
    await db.query(`INSERT INTO case_file (id, team_id, reference, case_type) VALUES ($1, $2, $3, 'tenancy')`, [id, teamId, reference]);
    return id;
  };

  let firstMessage: { id: string; conversation_id: string };

  it('pushes a received message with its text, cases and record hash, retrying through 500s until accepted', async () => {
    firstMessage = await receive('+447700900201', 'Can someone call me about the repair?');
    const housing = await addCase('HOU-2026-0001');
    const complaint = await addCase('CMP-2026-0042');
    await db.query(`INSERT INTO case_link (id, case_id, conversation_id, linked_at) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      housing,
      firstMessage.conversation_id,
      clock.now(),
    ]);
    await db.query(`INSERT INTO case_link (id, case_id, message_id, linked_at) VALUES ($1, $2, $3, $4)`, [
      randomUUID(),
      complaint,
      firstMessage.id,
      clock.now(),
    ]);
    receiver.script.push(500, 500);
    expect(await services.casePush.pump()).toBe(1);
    expect(await services.casePush.pump()).toBe(0); // the cursor moved on: nothing is queued twice
    await runPushes(3);

    expect(receiver.received.map((r) => r.status)).toEqual([500, 500, 200]);
    expect(receiver.received.every((r) => r.verdict === 'ok')).toBe(true);
    const [body] = receiver.accepted();
    const record = await db.query<{ id: string; record_hash: string }>(
      `SELECT id, record_hash FROM record WHERE message_id = $1 AND kind = 'message.inbound'`,
      [firstMessage.id],
    );
    expect(body).toMatchObject({
      event: 'message.inbound',
      record: { id: record.rows[0]!.id, hash: record.rows[0]!.record_hash },
      message: {
        id: firstMessage.id,
        conversationId: firstMessage.conversation_id,
        direction: 'inbound',
        destroyed: false,
        text: 'Can someone call me about the repair?',
      },
    });
    expect((body!['cases'] as { reference: string }[]).map((c) => c.reference)).toEqual(['CMP-2026-0042', 'HOU-2026-0001']);

    const log = await db.query<Record<string, unknown>>(`SELECT * FROM case_push_delivery`);
    expect(log.rows).toHaveLength(1);
    expect(log.rows[0]).toMatchObject({ state: 'delivered', attempts: 3, last_status: 200, last_error: null });
    // The log holds states, codes and error classes, never the body.
    expect(JSON.stringify(log.rows)).not.toContain('repair');
  }, 60_000);

  it('is refused by the receiver when replayed or signed with another secret', async () => {
    const accepted = receiver.received.find((r) => r.status === 200)!;
    const post = (signature: string, body: string) =>
      fetch(receiver.url, { method: 'POST', headers: { [PUSH_SIGNATURE_HEADER]: signature }, body });
    // Within the receiver's five-minute window a replay is caught by the signature seen before; after it, by its age.
    const signedAt = Number(/t=(\d+)/.exec(accepted.signature)![1]) * 1000;
    clock.set(new Date(signedAt + 60_000));
    expect((await post(accepted.signature, accepted.body)).status).toBe(409);
    expect((await post(signPush(accepted.body, 'not-the-shared-secret-at-all', clock.now()), accepted.body)).status).toBe(401);
    expect((await post(signPush(`${accepted.body} `, SECRET, clock.now()), accepted.body)).status).toBe(401);
    clock.advance(10 * 60_000);
    expect((await post(signPush(accepted.body, SECRET, new Date(clock.now().getTime() - 400_000)), accepted.body)).status).toBe(401);
    expect((await post(accepted.signature, accepted.body)).status).toBe(401);
    expect(receiver.received.slice(-5).map((r) => r.verdict)).toEqual(['replay', 'bad signature', 'bad signature', 'stale', 'stale']);
  });

  it('pushes a destruction as a tombstone without the text, and not other records', async () => {
    const before = receiver.received.length;
    await db.transaction(async (tx) => {
      await services.records.append(tx, {
        kind: 'message.destroyed',
        conversationId: firstMessage.conversation_id,
        messageId: firstMessage.id,
        payload: { classId: 'transient-unlinked' },
      });
      await services.records.append(tx, { kind: 'citizen.updated', payload: { changed: ['fullName'] } });
    });
    await db.query(`UPDATE message SET body_ct = NULL, key_id = NULL WHERE id = $1`, [firstMessage.id]);
    await services.records.sealPending();
    expect(await services.casePush.pump()).toBe(1);
    await runPushes();
    const pushed = receiver.received.slice(before).map((r) => JSON.parse(r.body) as { event: string; message: Record<string, unknown> });
    expect(pushed).toHaveLength(1);
    expect(pushed[0]).toMatchObject({ event: 'message.destroyed', message: { id: firstMessage.id, destroyed: true, text: null } });
  });

  it('gives up after its retries, lists the failure first, and a records officer retries it from the page', async () => {
    await receive('+447700900202', 'Is the office open on Friday?');
    receiver.script.push(...Array.from({ length: 15 }, () => 503));
    expect(await services.casePush.pump()).toBe(1);
    await runPushes(16);
    const failed = await db.query<{ id: string; state: string; attempts: number; last_error: string }>(
      `SELECT id, state, attempts, last_error FROM case_push_delivery WHERE state <> 'delivered'`,
    );
    expect(failed.rows).toEqual([{ id: expect.any(String), state: 'failed', attempts: 15, last_error: 'http_503' }]);

    const { email, password } = await seedOfficer(services);
    const browser = createBrowserSession(app);
    await browser.signIn(email, password);
    const page = await browser.get('/records/case-system');
    expect(page.statusCode).toBe(200);
    const firstRow = page.body.indexOf('govuk-table__body');
    expect(page.body.slice(firstRow).indexOf('Failed')).toBeLessThan(page.body.slice(firstRow).indexOf('Delivered'));
    expect(page.body).toContain('http_503');
    const retried = await browser.post(`/records/case-system/${failed.rows[0]!.id}/retry`, {});
    expect(retried.statusCode).toBe(303);
    await runPushes();
    const after = await db.query<{ state: string }>(`SELECT state FROM case_push_delivery WHERE id = $1`, [failed.rows[0]!.id]);
    expect(after.rows[0]!.state).toBe('delivered');
    const audit = await db.query(`SELECT 1 FROM audit_event WHERE action = 'case-push.retried' AND subject_id = $1`, [failed.rows[0]!.id]);
    expect(audit.rows).toHaveLength(1);
    // Retrying what is not failed changes nothing and says so.
    const again = await browser.post(`/records/case-system/${failed.rows[0]!.id}/retry`, {});
    expect(again.statusCode).toBe(409);
    // A caseworker cannot see the log.
    const cw = createBrowserSession(app);
    const created = await services.staff.createStaff(null, {
      email: `cw-${randomUUID()}@council.example`,
      displayName: 'Caseworker',
      role: 'caseworker',
      team: 'Housing',
    });
    await cw.signIn(created.staff.email, created.oneTimePassword);
    expect((await cw.get('/records/case-system')).statusCode).toBe(403);
  }, 120_000);
});

async function seedOfficer(services: Services) {
  const created = await services.staff.createStaff(null, {
    email: `officer-${randomUUID()}@council.example`,
    displayName: 'Records Officer',
    role: 'records_officer',
    team: null,
  });
  return { email: created.staff.email, password: created.oneTimePassword };
}

describe('push to the case system when none is configured', () => {
  it('queues nothing and sends nothing', async () => {
    const db = await openTestDb('pglite');
    const received: string[] = [];
    const server = createServer((req, res) => {
      received.push(req.url ?? '');
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const services = createServices(testServicesOptions(db));
      await seedServiceTestContext(services);
      await services.inbound.receiveChannelEvents([inbound('+447700900203', 'Hello', new Date())]);
      await services.records.sealPending();
      expect(services.casePush.isConfigured).toBe(false);
      expect(await services.casePush.pump()).toBe(0);
      const rows = await db.query(`SELECT 1 FROM case_push_delivery UNION ALL SELECT 1 FROM job WHERE kind = 'records.case-push'`);
      expect(rows.rows).toHaveLength(0);
      expect(received).toEqual([]);
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      await db.close();
    }
  }, 120_000);
});
