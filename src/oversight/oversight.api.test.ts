import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { buildInboundDelivery, buildInboundMessage, signedWebhookHeaders, waIdOf, firstContact } from '../../test/factories.js';
import { createBrowserSession } from '../../test/http.js';
import { TEST_SECRETS } from '../../test/services.js';
import type { Actor } from '../staff/staff.types.js';

const TOUCHED = ['message_report', 'message_share', 'record', 'audit_event'] as const;

describe.each(DB_KINDS)('reports, shares and oversight pages over HTTP (%s)', (kind) => {
  let t: TestContext;
  let bearer: Record<string, string>;
  let managerBearer: Record<string, string>;
  let manager: { actor: Actor; email: string; password: string };
  let colleague: Actor;
  let outsider: Record<string, string>;

  beforeAll(async () => {
    t = await createTestContext(kind);
    const token = async (actor: Actor) => ({
      authorization: `Bearer ${(await t.services.staff.createApiToken(null, actor.id, 'Case management system')).token}`,
      'content-type': 'application/json',
    });
    bearer = await token(t.caseworker);
    manager = await t.addStaff('manager');
    managerBearer = await token(manager.actor);
    colleague = (await t.addStaff('caseworker')).actor;
    outsider = await token((await t.addStaff('caseworker', 'Adult social care')).actor);
  }, 120_000);
  afterAll(async () => t?.close());

  /** A citizen's message, received through the simulator's signed webhook. */
  async function received(text: string) {
    const citizen = await t.addCitizen();
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text });
    await t.settle();
    const { messages } = await t.services.conversations.readConversation(t.caseworker, conv.id);
    return { conv, message: messages.at(-1)! };
  }
  const post = (url: string, payload: unknown, headers = bearer) =>
    t.app.inject({ method: 'POST', url, headers, payload: JSON.stringify(payload) });

  it('POST /api/v1/messages/{id}/reports reports a message; bad input and other teams change nothing', async () => {
    const { message } = await received('Can you call me on Tuesday?');
    const before = await snapshotTables(t.db, TOUCHED);
    const bad = await post(`/api/v1/messages/${message.id}/reports`, { category: 'rude' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('REQUEST_INVALID');
    const hidden = await post(`/api/v1/messages/${message.id}/reports`, { category: 'other' }, outsider);
    expect([hidden.statusCode, hidden.json().error.code]).toEqual([404, 'MESSAGE_NOT_FOUND']);
    expect(await snapshotTables(t.db, TOUCHED)).toEqual(before);

    const res = await post(`/api/v1/messages/${message.id}/reports`, { category: 'safeguarding', note: 'Mentions a child' });
    expect(res.statusCode).toBe(201);
    const report = res.json();
    expect(report).toMatchObject({ messageId: message.id, category: 'safeguarding', automatic: false, outcome: null });
    expect(report.dueOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const open = await t.app.inject({ method: 'GET', url: '/api/v1/reports', headers: managerBearer });
    expect(open.json<{ reports: { id: string }[] }>().reports.map((r) => r.id)).toContain(report.id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/reports', headers: bearer })).statusCode).toBe(403);
    const decided = await post(`/api/v1/reports/${report.id}/outcome`, { outcome: 'Referred to the safeguarding team' }, managerBearer);
    expect(decided.statusCode).toBe(200);
    expect(decided.json()).toMatchObject({ outcome: 'Referred to the safeguarding team' });
    const again = await post(`/api/v1/reports/${report.id}/outcome`, { outcome: 'Again' }, managerBearer);
    expect([again.statusCode, again.json().error.code]).toEqual([409, 'REPORT_ALREADY_DECIDED']);
  });

  it('the external copy answers SHARE_PERSONAL_DATA for a message with personal data, changing nothing', async () => {
    const { message } = await received('my email is alex@example.com, call me after 5');
    const before = await snapshotTables(t.db, TOUCHED);
    const res = await post(`/api/v1/messages/${message.id}/external-copy`, {});
    expect(res.statusCode).toBe(422);
    const body = res.json();
    expect(body.error.code).toBe('SHARE_PERSONAL_DATA');
    expect(body.error.message).toContain('contains personal data');
    expect(JSON.stringify(body)).not.toContain('alex@example.com');
    expect(await snapshotTables(t.db, TOUCHED)).toEqual(before);

    const clean = await received('Tuesday after lunch suits me');
    const ok = await post(`/api/v1/messages/${clean.message.id}/external-copy`, {});
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ messageId: clean.message.id, direction: 'inbound', text: 'Tuesday after lunch suits me' });
  });

  it('POST /api/v1/messages/{id}/shares shares with a colleague in the team only', async () => {
    const { message } = await received('Please ring my daughter instead');
    const wrong = await post(`/api/v1/messages/${message.id}/shares`, { staffId: randomUUID() });
    expect([wrong.statusCode, wrong.json().error.code]).toEqual([400, 'SHARE_COLLEAGUE_INVALID']);
    const ok = await post(`/api/v1/messages/${message.id}/shares`, { staffId: colleague.id, note: 'Over to you' });
    expect(ok.statusCode).toBe(201);
    expect((await t.services.shares.listSharedWithMe(colleague)).map((s) => s.messageId)).toContain(message.id);
  });

  it('shows WhatsApp’s forwarded marks on the conversation, with Report and Share on each message', async () => {
    const citizen = await t.addCitizen();
    const from = waIdOf(citizen.waNumber);
    const raw = JSON.stringify(
      buildInboundDelivery([
        { ...buildInboundMessage({ from, body: 'Look at this' }), context: { forwarded: true } },
        { ...buildInboundMessage({ from, body: 'Pass it on to ten friends' }), context: { frequently_forwarded: true } },
      ]),
    );
    const hook = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      headers: signedWebhookHeaders(raw, TEST_SECRETS.appSecret),
      payload: raw,
    });
    expect(hook.statusCode).toBe(200);
    const conv = (await t.services.conversations.listConversations(t.caseworker)).find((c) => c.citizenId === citizen.id)!;
    const session = createBrowserSession(t.app);
    const cw = await t.addStaff('caseworker');
    await session.signIn(cw.email, cw.password);
    const page = await session.get(`/conversations/${conv.id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/>\s*Forwarded many times\s*</g)).toHaveLength(1);
    expect(page.body.match(/>\s*Forwarded\s*</g)).toHaveLength(1);
    expect(page.body.match(/href="\/messages\/[0-9a-f-]{36}\/report"/g)).toHaveLength(2);
    expect(page.body.match(/href="\/messages\/[0-9a-f-]{36}\/share"/g)).toHaveLength(2);
  });

  it('serves the usage CSV and refuses a range not on the list; caseworkers have no queue', async () => {
    const session = createBrowserSession(t.app);
    await session.signIn(manager.email, manager.password);
    const csv = await session.get('/oversight/usage.csv?weeks=4');
    expect(csv.statusCode).toBe(200);
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="liaise-usage-\d{4}-\d{2}-\d{2}-to-\d{4}-\d{2}-\d{2}\.csv"$/);
    expect(csv.body.split('\r\n')[0]).toBe(
      'week_starting,staff,team,messages_sent,first_contacts,warnings_overridden,blocked_attempts,reports,replies,median_reply_minutes',
    );
    const odd = await session.get('/oversight/usage?weeks=5');
    expect(odd.statusCode).toBe(400);
    expect(odd.body).toContain('Choose a number of weeks from the list');
    const page = await session.get('/oversight/usage?weeks=4');
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<img src="data:image\/svg\+xml;base64,/g)).toHaveLength(3);
    expect((await session.get('/oversight/queue')).statusCode).toBe(200);

    const cw = createBrowserSession(t.app);
    const person = await t.addStaff('caseworker');
    await cw.signIn(person.email, person.password);
    expect((await cw.get('/oversight/queue')).statusCode).toBe(403);
    expect((await cw.get('/oversight/usage.csv')).statusCode).toBe(403);
  });
});
