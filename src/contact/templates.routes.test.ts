import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { createBrowserSession } from '../../test/http.js';
import { createStaff } from '../../test/factories.js';
import type { Actor } from '../staff/staff.types.js';

/** The template pages as a browser without JavaScript uses them: the admin page and a caseworker's template send. */
describe.each(DB_KINDS)('template pages without JavaScript (%s)', (kind) => {
  let t: TestContext;
  let admin: Actor;
  let adminBrowser: ReturnType<typeof createBrowserSession>;
  let cwBrowser: ReturnType<typeof createBrowserSession>;
  let cwToken: string;

  beforeAll(async () => {
    t = await createTestContext(kind, { simulatorOptions: { templateReviewDelayMs: null } });
    const a = await createStaff(t.services, null, { role: 'admin', team: null });
    admin = a.actor;
    adminBrowser = createBrowserSession(t.app);
    await adminBrowser.signIn(a.email, a.password);
    const c = await createStaff(t.services, null, { role: 'caseworker', team: 'Housing' });
    cwBrowser = createBrowserSession(t.app);
    await cwBrowser.signIn(c.email, c.password);
    cwToken = (await t.services.staff.createApiToken(null, c.actor.id, 'Test integration')).token;
  }, 60_000);
  afterAll(async () => t?.close());

  it('shows admins the templates with their status; caseworkers may not open it', async () => {
    const page = await adminBrowser.get('/admin/templates');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('data-template="liaise_first_contact"');
    expect(page.body).toMatch(/govuk-tag--green[^>]*>\s*Approved/);
    expect(page.body).toContain('Sync from WhatsApp');
    expect((await cwBrowser.get('/admin/templates')).statusCode).toBe(403);
    expect(
      (await cwBrowser.post('/admin/templates', { name: 'x_y', language: 'en_GB', category: 'UTILITY', body: 'Hi there' })).statusCode,
    ).toBe(403);
  });

  it('lists every problem of a new template in the error summary and changes nothing', async () => {
    const before = await snapshotTables(t.db, ['message_template', 'audit_event']);
    const atSim = t.simulator.sim.templates().length;
    const res = await adminBrowser.post('/admin/templates', { name: 'Bad name', language: 'en_GB', category: '', body: 'Hi {{2}} there' });
    expect(res.statusCode).toBe(400);
    const links = [...res.body.matchAll(/<a href="(#[a-z]+)">([^<]+)<\/a>/g)].map((m) => [m[1], m[2]]);
    expect(links).toEqual([
      ['#name', 'Name must use only lower-case letters, numbers and underscores, like housing_visit_reminder'],
      ['#category', 'Select a category'],
      ['#body', 'Number the parameters {{1}}, {{2}}, {{3}} … in order, with none missing'],
    ]);
    expect(res.body).toContain('value="Bad name"');
    expect(await snapshotTables(t.db, ['message_template', 'audit_event'])).toEqual(before);
    expect(t.simulator.sim.templates()).toHaveLength(atSim);
  });

  it('creates a template from the form and syncs', async () => {
    const res = await adminBrowser.post('/admin/templates', {
      name: 'page_made',
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, please reply so we can talk.',
    });
    expect([res.statusCode, res.headers.location]).toEqual([303, '/admin/templates?done=created']);
    const made = t.simulator.sim.templates().find((x) => x.name === 'page_made')!;
    expect(made.status).toBe('PENDING');
    await t.simulator.sim.reviewTemplate(made.id, { status: 'REJECTED', reason: 'INVALID_FORMAT' });
    await t.settle();
    const synced = await adminBrowser.post('/admin/templates/sync', {});
    expect([synced.statusCode, synced.headers.location]).toEqual([303, '/admin/templates?done=synced']);
    const page = await adminBrowser.get('/admin/templates?done=synced');
    expect(page.body).toMatch(/data-template="page_made"[\s\S]*?Rejected[\s\S]*?Reason: INVALID_FORMAT/);
    expect(admin.role).toBe('admin');
  });

  it('a caseworker chooses an approved template, fills it, sees the filled text and sends it; wrong values are named', async () => {
    const api = async (url: string, body: unknown) =>
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1${url}`,
          headers: { authorization: `Bearer ${cwToken}`, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        })
      ).json<{ id: string }>();
    const citizen = await api('/citizens', { fullName: 'Pat Sample', whatsappNumber: '+447700900655', dateOfBirth: '1975-05-05' });
    const conv = await api(`/citizens/${citizen.id}/conversations`, {
      justification: 'Phoned twice; no answer',
      channelsTried: [{ channel: 'phone', on: '2026-01-05' }],
      purpose: 'meeting',
    });
    const template = await t.services.templates.createTemplate(admin, {
      name: 'meeting_offer',
      language: 'en_GB',
      category: 'UTILITY',
      body: 'Hello {{1}}, could we meet on {{2}}? Please reply to agree.',
    });
    await t.simulator.sim.reviewTemplate(template.providerTemplateId!);
    await t.settle();

    const choose = await cwBrowser.get(`/conversations/${conv.id}/template`);
    expect(choose.statusCode).toBe(200);
    expect(choose.body).toContain(`value="${template.id}"`);
    expect(choose.body).not.toContain('page_made');
    const fill = await cwBrowser.get(`/conversations/${conv.id}/template?templateId=${template.id}`);
    expect(fill.body).toContain('id="parameter1"');
    expect(fill.body).toContain('id="parameter2"');
    expect(fill.body).not.toContain('id="parameter3"');

    const before = await snapshotTables(t.db, ['message', 'record', 'job']);
    const wrong = await cwBrowser.post(`/conversations/${conv.id}/template`, {
      templateId: template.id,
      action: 'preview',
      parameter1: 'Pat',
      parameter2: 'Monday\nat ten',
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('<a href="#parameter2">Value 2 cannot contain new lines or tabs</a>');
    const preview = await cwBrowser.post(`/conversations/${conv.id}/template`, {
      templateId: template.id,
      action: 'preview',
      parameter1: 'Pat',
      parameter2: 'Monday',
    });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toMatch(/id="preview"[^>]*>Hello Pat, could we meet on Monday\? Please reply to agree\.</);
    // Previewing sends and records nothing.
    expect(await snapshotTables(t.db, ['message', 'record', 'job'])).toEqual(before);
    const key = /name="idempotencyKey" value="([^"]+)"/.exec(preview.body)![1]!;
    const sent = await cwBrowser.post(`/conversations/${conv.id}/template`, {
      templateId: template.id,
      action: 'send',
      idempotencyKey: key,
      parameter1: 'Pat',
      parameter2: 'Monday',
    });
    expect([sent.statusCode, sent.headers.location]).toEqual([303, `/conversations/${conv.id}#thread`]);
    await t.settle();
    const { messages } = await t.services.conversations.readConversation(admin, conv.id);
    expect(messages.map((m) => [m.kind, m.body])).toEqual([['template', 'Hello Pat, could we meet on Monday? Please reply to agree.']]);
    expect(
      t.simulator.sim
        .outbox()
        .filter((m) => m.to === '447700900655')
        .map((m) => m.text),
    ).toEqual(['Hello Pat, could we meet on Monday? Please reply to agree.']);
  });

  it('a filled text the policy engine warns about is shown with why, and sent only with a justification', async () => {
    const conv = (await t.db.query<{ id: string }>(`SELECT id FROM conversation WHERE wa_number = '+447700900655'`)).rows[0]!;
    const template = (await t.services.templates.listApprovedTemplates(admin)).find((x) => x.name === 'meeting_offer')!;
    const values = { templateId: template.id, parameter1: 'Pat', parameter2: 'Monday, or email pat.sample@example.com' };
    const preview = await cwBrowser.post(`/conversations/${conv.id}/template`, { ...values, action: 'preview' });
    expect(preview.statusCode).toBe(200);
    expect(preview.body).toContain('This contains an email address');
    expect(preview.body).toContain('id="justification"');
    const before = await snapshotTables(t.db, ['message', 'record', 'job']);
    const unjustified = await cwBrowser.post(`/conversations/${conv.id}/template`, { ...values, action: 'send' });
    expect(unjustified.statusCode).toBe(422);
    expect(unjustified.body).toContain('<a href="#justification">Say why this message needs to be sent</a>');
    expect(await snapshotTables(t.db, ['message', 'record', 'job'])).toEqual(before);
    const sent = await cwBrowser.post(`/conversations/${conv.id}/template`, {
      ...values,
      action: 'send',
      justification: 'They asked for the address to send their tenancy papers',
    });
    expect(sent.statusCode).toBe(303);
    const m = await t.db.query<{ decision: string; justification: string }>(
      `SELECT decision, justification FROM message WHERE conversation_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [conv.id],
    );
    expect(m.rows[0]).toEqual({ decision: 'warn', justification: 'They asked for the address to send their tenancy papers' });
  });
});
