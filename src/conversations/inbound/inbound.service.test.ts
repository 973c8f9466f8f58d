import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, openTestDb } from '../../../test/db.js';
import type { InboundMessageEvent } from '../../channel/channel.types.js';
import { createServices, type Services } from '../../composition.js';
import type { Db } from '../../platform/db/db.client.js';
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
});
