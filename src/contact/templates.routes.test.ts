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

  beforeAll(async () => {
    t = await createTestContext(kind, { simulatorOptions: { templateReviewDelayMs: null } });
    const a = await createStaff(t.services, null, { role: 'admin', team: null });
    admin = a.actor;
    adminBrowser = createBrowserSession(t.app);
    await adminBrowser.signIn(a.email, a.password);
    const c = await createStaff(t.services, null, { role: 'caseworker', team: 'Housing' });
    cwBrowser = createBrowserSession(t.app);
    await cwBrowser.signIn(c.email, c.password);
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
});
