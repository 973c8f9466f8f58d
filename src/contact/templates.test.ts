import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_SECRETS, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { syntheticMobile, waIdOf } from '../../test/factories.js';
import type { Actor } from '../staff/staff.types.js';
import { isAppError } from '../platform/errors.js';

type ApiBody = { error: { code: string; message: string; details?: Record<string, unknown> } } & Record<string, unknown>;

/** Every table a send or a template change writes: a refusal must leave all of them as they were. */
const TABLES = ['conversation', 'message', 'message_client_key', 'record', 'record_pending', 'job', 'message_template', 'audit_event'];

const FIRST_CONTACT = {
  justification: 'Phoned twice and wrote a letter; no answer',
  channelsTried: [{ channel: 'phone', on: '2026-01-05' }],
  purpose: 'call',
};

const codeOf = async (p: Promise<unknown>) =>
  p.then(
    () => 'resolved',
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );

describe.each(DB_KINDS)('WhatsApp templates: the simulator, the service and the JSON API (%s)', (kind) => {
  let t: TestContext;
  let admin: Actor;
  let token: string;
  let n = 0;
  const uniqueName = (stem: string) => `${stem}_${kind}_${++n}`;

  beforeAll(async () => {
    // Reviews happen only when a test asks the simulator for one, so each test knows when the webhook comes.
    t = await createTestContext(kind, { simulatorOptions: { templateReviewDelayMs: null } });
    admin = (await t.addStaff('admin', null)).actor;
    token = (await t.services.staff.createApiToken(null, t.caseworker.id, 'Test integration')).token;
  }, 60_000);
  afterAll(async () => t?.close());

  const rowOf = async (name: string) =>
    (
      await t.db.query<{ status: string; provider_template_id: string | null; rejected_reason: string | null; body: string }>(
        'SELECT status, provider_template_id, rejected_reason, body FROM message_template WHERE name = $1',
        [name],
      )
    ).rows[0];

  /** A template created through Liaise and approved by the simulator's review, its webhook stored. */
  async function approvedTemplate(body: string) {
    const name = uniqueName('visit');
    const created = await t.services.templates.createTemplate(admin, { name, language: 'en_GB', category: 'UTILITY', body });
    await t.simulator.sim.reviewTemplate(created.providerTemplateId!);
    await t.settle();
    expect((await rowOf(name))?.status).toBe('APPROVED');
    return created;
  }

  async function api(method: 'GET' | 'POST', url: string, body?: unknown) {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.json<ApiBody>() };
  }

  /** A citizen with a conversation opened for first contact: nobody has replied, so the 24-hour window is closed. */
  async function closedWindowConversation() {
    const whatsappNumber = syntheticMobile();
    const c = await api('POST', '/citizens', { fullName: 'Sam Sample', whatsappNumber, dateOfBirth: '1984-02-29' });
    expect(c.status).toBe(201);
    const conv = await api('POST', `/citizens/${String(c.body['id'])}/conversations`, FIRST_CONTACT);
    expect(conv.status).toBe(201);
    return { id: String(conv.body['id']), waId: waIdOf(whatsappNumber) };
  }

  it('creates a template: submitted to the business account and stored PENDING; the review’s signed webhook approves it', async () => {
    const name = uniqueName('reminder');
    const created = await t.services.templates.createTemplate(admin, {
      name,
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, your visit is on {{2}}. Please reply to confirm.',
    });
    expect(created.status).toBe('PENDING');
    const atSim = t.simulator.sim.templates().find((x) => x.name === name)!;
    expect(atSim).toMatchObject({ id: created.providerTemplateId, status: 'PENDING', language: 'en_GB', category: 'UTILITY' });

    await t.simulator.sim.reviewTemplate(atSim.id);
    await t.settle();
    expect(await rowOf(name)).toMatchObject({ status: 'APPROVED', provider_template_id: atSim.id, rejected_reason: null });
    const delivery = t.simulator.sim.webhookDeliveries().find((d) => d.messageId === atSim.id)!;
    expect(delivery).toMatchObject({ about: 'template:approved', state: 'delivered', lastStatus: 200 });
    const audit = await t.db.query<{ action: string; actor_staff_id: string | null }>(
      `SELECT action, actor_staff_id FROM audit_event WHERE subject_id = $1 ORDER BY at`,
      [created.id],
    );
    expect(audit.rows).toEqual([
      { action: 'template.created', actor_staff_id: admin.id },
      { action: 'template.status-changed', actor_staff_id: null },
    ]);
  });

  it('a review for another business account, or for a template Liaise does not hold, changes nothing', async () => {
    const name = uniqueName('other');
    const created = await t.services.templates.createTemplate(admin, {
      name,
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, please reply.',
    });
    const review = (wabaId: string, templateName: string) => ({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: wabaId,
          time: 1767000000,
          changes: [
            {
              field: 'message_template_status_update',
              value: {
                event: 'APPROVED',
                message_template_id: Number(created.providerTemplateId),
                message_template_name: templateName,
                message_template_language: 'en_GB',
                reason: 'NONE',
              },
            },
          ],
        },
      ],
    });
    const before = await snapshotTables(t.db, ['message_template']);
    expect((await t.simulator.sim.deliverRaw(review('999000111', name))).status).toBe(200);
    expect((await t.simulator.sim.deliverRaw(review(TEST_SECRETS.wabaId, 'never_created'))).status).toBe(200);
    expect(await snapshotTables(t.db, ['message_template'])).toEqual(before);
    expect((await rowOf(name))?.status).toBe('PENDING');
  });

  it('refuses a template that breaks Meta’s rules, naming every field, and submits and stores nothing', async () => {
    const before = await snapshotTables(t.db, TABLES);
    const atSim = t.simulator.sim.templates().length;
    const err = await t.services.templates
      .createTemplate(admin, { name: 'Bad Name!', language: 'english', category: 'NEWS', body: '{{1}} is the start' })
      .catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe('TEMPLATE_INVALID');
    expect(Object.keys((err as { details: { fields: object } }).details.fields).sort()).toEqual(['body', 'category', 'language', 'name']);
    const gaps = await codeOf(
      t.services.templates.createTemplate(admin, {
        name: uniqueName('gaps'),
        language: 'en_GB',
        category: 'UTILITY',
        body: 'Hi {{1}} and {{3}} today',
      }),
    );
    expect(gaps).toBe('TEMPLATE_INVALID');
    // Only admins manage templates.
    expect(
      await codeOf(
        t.services.templates.createTemplate(t.caseworker, {
          name: uniqueName('x'),
          language: 'en_GB',
          category: 'UTILITY',
          body: 'Hi there',
        }),
      ),
    ).toBe('TEMPLATE_FORBIDDEN');
    expect(t.simulator.sim.templates()).toHaveLength(atSim);
    expect(await snapshotTables(t.db, TABLES)).toEqual(before);
  });

  it('the simulator speaks Meta’s template endpoints: paged list, refusals in Meta’s error shape, rejection at review, then sync', async () => {
    const base = `${t.simulator.url}/v23.0/${TEST_SECRETS.wabaId}/message_templates`;
    const auth = { authorization: `Bearer ${TEST_SECRETS.accessToken}`, 'content-type': 'application/json' };
    const name = uniqueName('gappy');
    // A body Liaise would never submit: parameters with a gap. Meta takes it, and its review rejects it.
    const created = await fetch(base, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({
        name,
        language: 'en_GB',
        category: 'UTILITY',
        components: [{ type: 'BODY', text: 'Hi {{1}} and {{3}} today', example: { body_text: [['Sam', 'Monday']] } }],
      }),
    });
    expect(created.status).toBe(200);
    const { id, status } = (await created.json()) as { id: string; status: string };
    expect(status).toBe('PENDING');
    const duplicate = await fetch(base, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ name, language: 'en_GB', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hello there' }] }),
    });
    expect(duplicate.status).toBe(400);
    expect(((await duplicate.json()) as { error: { code: number; error_subcode: number } }).error).toMatchObject({
      code: 100,
      error_subcode: 2388024,
    });
    const wrongAccount = await fetch(base.replace(TEST_SECRETS.wabaId, '123456789'), { headers: auth });
    expect(wrongAccount.status).toBe(400);

    const reviewed = await t.simulator.sim.reviewTemplate(id);
    expect(reviewed).toMatchObject({ status: 'REJECTED', rejectedReason: 'INVALID_FORMAT' });
    await t.settle();
    // Not created through Liaise: the webhook changes nothing until a sync brings the template in.
    expect(await rowOf(name)).toBeUndefined();

    const page1 = (await (await fetch(`${base}?limit=1`, { headers: auth })).json()) as {
      data: Array<{ name: string; status: string; components: Array<{ type: string; text: string }> }>;
      paging: { cursors: { after: string }; next?: string };
    };
    expect(page1.data).toHaveLength(1);
    expect(page1.data[0]!.components[0]!.type).toBe('BODY');
    expect(page1.paging.next).toBeDefined();
    const page2 = (await (await fetch(`${base}?limit=1&after=${page1.paging.cursors.after}`, { headers: auth })).json()) as {
      data: Array<{ name: string }>;
    };
    expect(page2.data[0]!.name).not.toBe(page1.data[0]!.name);

    const counts = await t.services.templates.syncTemplates(admin);
    expect(counts.inserted).toBeGreaterThanOrEqual(1);
    expect(await rowOf(name)).toMatchObject({ status: 'REJECTED', rejected_reason: 'INVALID_FORMAT', provider_template_id: id });
    // A second sync finds nothing new.
    expect(await t.services.templates.syncTemplates(admin)).toMatchObject({ inserted: 0, updated: 0, disabled: 0 });
  });

  it('sends an approved template through the API: the simulator and the record hold exactly the rendered text', async () => {
    const template = await approvedTemplate('Hello {{1}}, this is {{2}} from the council. Please reply so we can arrange a call.');
    const conv = await closedWindowConversation();
    // Free text is refused outside the window; the template goes.
    const free = await api('POST', `/conversations/${conv.id}/messages`, { text: 'Hello, please call us' });
    expect(free.body.error.code).toBe('CONTACT_WINDOW_CLOSED');
    const sent = await api('POST', `/conversations/${conv.id}/messages`, {
      template: { name: template.name, language: 'en_GB', parameters: ['Sam', 'Alex'] },
    });
    expect(sent.status).toBe(202);
    await t.settle();
    const rendered = 'Hello Sam, this is Alex from the council. Please reply so we can arrange a call.';
    const atPhone = t.simulator.sim.outbox().filter((m) => m.to === conv.waId);
    expect(atPhone).toHaveLength(1);
    expect(atPhone[0]).toMatchObject({ type: 'template', text: rendered, template: { name: template.name, parameters: ['Sam', 'Alex'] } });
    const { messages } = await t.services.conversations.readConversation(t.caseworker, conv.id);
    expect(messages.map((m) => [m.kind, m.body])).toEqual([['template', rendered]]);
    const record = await t.db.query<{ payload: { template: string; bodySha256: string } }>(
      `SELECT payload FROM record WHERE message_id = $1 AND kind = 'message.outbound'`,
      [String(sent.body['id'])],
    );
    expect(record.rows[0]!.payload).toMatchObject({
      template: template.name,
      bodySha256: createHash('sha256').update(rendered).digest('hex'),
    });
  });

  it('refuses unknown and unapproved templates, wrong parameters and blocked filled text: nothing changes, nothing is sent', async () => {
    const approved = await approvedTemplate('Hello {{1}}, please reply to arrange a meeting about {{2}} soon.');
    const pending = await t.services.templates.createTemplate(admin, {
      name: uniqueName('pending'),
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, please reply today.',
    });
    const conv = await closedWindowConversation();
    await t.settle();
    const refusals: Array<[unknown, number, string]> = [
      [{ template: { name: 'no_such_template', language: 'en_GB', parameters: [] } }, 422, 'TEMPLATE_NOT_APPROVED'],
      [{ template: { name: approved.name, language: 'cy', parameters: ['Sam', 'rent'] } }, 422, 'TEMPLATE_NOT_APPROVED'],
      [{ template: { name: pending.name, language: 'en_GB', parameters: ['Sam'] } }, 422, 'TEMPLATE_NOT_APPROVED'],
      [{ template: { name: approved.name, language: 'en_GB', parameters: ['Sam'] } }, 400, 'TEMPLATE_PARAMETERS'],
      [{ template: { name: approved.name, language: 'en_GB', parameters: ['Sam', 'rent', 'extra'] } }, 400, 'TEMPLATE_PARAMETERS'],
      [{ template: { name: approved.name, language: 'en_GB', parameters: ['Sam', 'line\nbreak'] } }, 400, 'TEMPLATE_PARAMETERS'],
      [{ template: { name: approved.name, language: 'en_GB', parameters: ['Sam'] }, text: 'both' }, 400, 'REQUEST_INVALID'],
      [{ text: 'Can you call us back?' }, 422, 'CONTACT_WINDOW_CLOSED'],
    ];
    for (const [body, status, code] of refusals) {
      const before = await snapshotTables(t.db, TABLES);
      const r = await api('POST', `/conversations/${conv.id}/messages`, body);
      expect([r.status, r.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
      await t.settle();
      expect(await snapshotTables(t.db, TABLES)).toEqual(before);
    }
    // The policy engine checks the filled text: an NHS number in a parameter is blocked (the attempt is recorded, not its text).
    const blocked = await api('POST', `/conversations/${conv.id}/messages`, {
      template: { name: approved.name, language: 'en_GB', parameters: ['Sam', 'NHS number 943 476 5919'] },
    });
    expect(blocked.body.error.code).toBe('POLICY_BLOCKED');
    await t.settle();
    expect(t.simulator.sim.outbox().filter((m) => m.to === conv.waId)).toHaveLength(0);
    expect((await t.services.conversations.readConversation(t.caseworker, conv.id)).messages).toHaveLength(0);
  });

  it('the simulator refuses a send of a template it has not approved, in Meta’s error shape', async () => {
    const pending = await t.services.templates.createTemplate(admin, {
      name: uniqueName('unsent'),
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, please reply.',
    });
    const res = await fetch(`${t.simulator.url}/v23.0/${TEST_SECRETS.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_SECRETS.accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        messaging_product: 'whatsapp',
        to: '447700900123',
        type: 'template',
        template: {
          name: pending.name,
          language: { code: 'en_GB' },
          components: [{ type: 'body', parameters: [{ type: 'text', text: 'Sam' }] }],
        },
      }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: number; message: string; fbtrace_id: string } }).error).toMatchObject({ code: 132001 });
  });
});
