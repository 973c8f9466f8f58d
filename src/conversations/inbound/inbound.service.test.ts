import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../../../test/db.js';
import type { InboundMessageEvent } from '../../channel/channel.types.js';
import { createServices, type Services } from '../../composition.js';
import type { Db, Queryable } from '../../platform/db/db.client.js';
import { createLogger } from '../../platform/log/logger.js';
import { loadPolicyEngine } from '../../server.js';
import { toActor } from '../../staff/staff.service.js';

const PHONE_NUMBER_ID = '100000000000001';

let seq = 0;
const inbound = (from: string, text: string): InboundMessageEvent => ({
  kind: 'message',
  phoneNumberId: PHONE_NUMBER_ID,
  providerMessageId: `wamid.inbound-test-${++seq}-${Math.random().toString(36).slice(2)}`,
  from,
  profileName: null,
  sentAt: new Date(),
  type: 'text',
  text,
  media: null,
  location: null,
  forwarded: false,
  frequentlyForwarded: false,
  replyToProviderMessageId: null,
});

describe.each(DB_KINDS)('inbound service (%s)', (kind) => {
  let db: Db;
  let services: Services;
  let scans = 0;

  beforeAll(async () => {
    db = await openTestDb(kind);
    const engine = loadPolicyEngine({ policyPackPath: null });
    // Counts policy scans: each inbound message must be scanned (and encrypted) once, whichever path stores it.
    const policy: typeof engine = {
      ...engine,
      evaluate: (input) => {
        scans += 1;
        return engine.evaluate(input);
      },
    };
    services = createServices({
      db,
      logger: createLogger('silent'),
      encryptionKeys: { current: 'k1', keys: { k1: Buffer.alloc(32, 5) } },
      digestKeys: { current: 'd1', keys: { d1: Buffer.alloc(32, 6) } },
      sessionHours: 1,
      policy,
      allowFictionalNumbers: true,
      whatsapp: {
        graphBase: 'http://127.0.0.1:9',
        apiVersion: 'v23.0',
        accessToken: 'x',
        phoneNumberId: PHONE_NUMBER_ID,
        sendTimeoutMs: 1000,
      },
    });
  }, 60_000);
  afterAll(async () => {
    await services?.notifier.close();
    await db?.close();
  });

  it('scans a message once when the fast path falls back (a conversation moved to another team keeps its id)', async () => {
    await services.staff.createTeam(null, { name: 'Housing' });
    await services.staff.createTeam(null, { name: 'Adult social care' });
    const admin = toActor(
      (await services.staff.createStaff(null, { email: 'admin.inbound@council.example', role: 'admin', team: null, displayName: 'Admin' }))
        .staff,
    );
    const caseworker = toActor(
      (
        await services.staff.createStaff(null, {
          email: 'care.inbound@council.example',
          role: 'caseworker',
          team: 'Adult social care',
          displayName: 'Care Worker',
        })
      ).staff,
    );
    const number = '+447700900555';
    // An unknown number lands in the triage team (the first team).
    expect(await services.inbound.receiveChannelEvents([inbound(number, 'Hello, is this the council?')])).toEqual({
      stored: 1,
      duplicates: 0,
    });
    const [triaged] = await services.conversations.listConversations(admin, { unlinkedOnly: true });
    // Linked to a citizen of another team: the conversation moves team but keeps its id, so routing now
    // predicts a different conversation id and the single-statement path's guard fails.
    const citizen = await services.citizens.addCitizen(caseworker, {
      fullName: 'Sam Example',
      waNumber: '07700 900555',
      dateOfBirth: '1970-01-01',
      ageBand: null,
      caseReference: 'ASC-1',
    });
    await services.conversations.linkConversation(admin, triaged!.id, citizen.id);

    scans = 0;
    expect(await services.inbound.receiveChannelEvents([inbound(number, 'Thanks for calling back')])).toEqual({
      stored: 1,
      duplicates: 0,
    });
    expect(scans).toBe(1);
    const { messages } = await services.conversations.readConversation(admin, triaged!.id);
    expect(messages.map((m) => m.body)).toEqual(['Hello, is this the council?', 'Thanks for calling back']);
    expect(messages[1]).toMatchObject({ direction: 'inbound', status: 'received' });
  });

  // Two batches on PostgreSQL that hold the same messages the other way round used to deadlock (one was aborted, and
  // a webhook answered 500). Each batch now takes its message locks in provider-id order. Shown without timing luck:
  // another transaction holds message "a" uncommitted; a batch that received "b" then "a" must wait on "a" before
  // it takes "b", so "b" stays free for anyone else meanwhile.
  // (Registered for PostgreSQL only, not skipped on PGlite: PGlite runs one statement at a time, so there is no other
  // batch to wait on.)
  if (kind === 'postgres')
    it('takes message locks in provider-id order, whatever order the messages arrived in', async () => {
      const number = '447700900123';
      const seed = inbound(number, 'Seed');
      await services.inbound.receiveChannelEvents([seed]);
      const a = `${seed.providerMessageId}.a`;
      const b = `${seed.providerMessageId}.b`;
      class Rollback extends Error {}
      // A copy of the seed's row under another provider id, inserted and left uncommitted until `release`.
      const copy = (tx: Queryable, providerId: string) =>
        tx.exec(
          `CREATE TEMP TABLE held ON COMMIT DROP AS SELECT * FROM message WHERE provider_message_id = '${seed.providerMessageId}';
         UPDATE held SET id = gen_random_uuid(), provider_message_id = '${providerId}';
         INSERT INTO message SELECT * FROM held;`,
        );
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      let holding!: () => void;
      const held = new Promise<void>((r) => (holding = r));
      const holder = db
        .transaction(async (tx) => {
          await copy(tx, a);
          holding();
          await released;
          throw new Rollback();
        })
        .catch((err: unknown) => {
          if (!(err instanceof Rollback)) throw err;
        });
      await held;
      // One batch (both submitted in the same turn), "b" first.
      const batch = Promise.all([
        services.inbound.receiveChannelEvents([{ ...inbound(number, 'B'), providerMessageId: b }]),
        services.inbound.receiveChannelEvents([{ ...inbound(number, 'A'), providerMessageId: a }]),
      ]);
      const waiting = async () =>
        (
          await db.query<{ n: number }>(
            `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
          )
        ).rows[0]!.n;
      for (let i = 0; i < 200 && (await waiting()) === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await waiting()).toBe(1);
      // Is "b" free? Insert it (and roll back) without waiting more than a moment for a lock.
      const probe = await db
        .transaction(async (tx) => {
          await tx.exec(`SET LOCAL lock_timeout = '500ms'`);
          await copy(tx, b);
          throw new Rollback();
        })
        .then(
          () => 'inserted',
          (err: { code?: string }) => (err instanceof Rollback ? 'free' : (err.code ?? 'error')),
        );
      release();
      await holder;
      expect(probe).toBe('free');
      expect(await batch).toEqual([
        { stored: 1, duplicates: 0 },
        { stored: 1, duplicates: 0 },
      ]);
    });
});
