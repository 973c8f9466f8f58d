import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/app.js';
import { DB_KINDS } from '../../../test/db.js';
import { createBrowserSession } from '../../../test/http.js';
import type { Role } from '../../staff/staff.types.js';
import { routeSchemaGaps } from './route-schemas.js';

describe('routeSchemaGaps: every route declares schemas for what it reads', () => {
  const body = { body: {} };
  const params = { params: {} };
  it.each([
    ['GET', '/citizens', undefined, undefined, []],
    ['GET', '/citizens/:id', undefined, undefined, ['params']],
    ['GET', '/citizens/:id', params, undefined, []],
    ['POST', '/citizens', undefined, undefined, ['body']],
    ['POST', '/citizens', body, undefined, []],
    ['POST', '/citizens/:id/edit', body, undefined, ['params']],
    ['POST', '/citizens/:id/edit', { ...body, ...params }, undefined, []],
    ['POST', '/imports', undefined, { rawBody: 'multipart' as const }, []],
    ['POST', '/webhooks/whatsapp', undefined, { rawBody: 'signed' as const }, []],
    [['GET', 'POST'], '/x', undefined, undefined, ['body']],
  ])('%s %s', (method, url, schema, config, gaps) => {
    expect(routeSchemaGaps({ method, url, schema, config })).toEqual(gaps);
  });
});

/**
 * Who may open which page, written out by hand per role (the route declares a permission; this checks the
 * declarations against what each role is meant to reach). 200: the page; 403: GOV.UK's "no access" page.
 */
const PAGES: Array<{ path: string; allowed: Role[] }> = [
  { path: '/conversations', allowed: ['caseworker', 'manager', 'records_officer', 'admin'] },
  { path: '/citizens', allowed: ['caseworker', 'manager', 'records_officer', 'admin'] },
  { path: '/citizens/new', allowed: ['caseworker', 'manager', 'admin'] },
  { path: '/account', allowed: ['caseworker', 'manager', 'records_officer', 'admin'] },
  { path: '/admin/staff', allowed: ['manager', 'admin'] },
  { path: '/admin/teams', allowed: ['admin'] },
  { path: '/review', allowed: ['manager', 'records_officer', 'admin'] },
  { path: '/records', allowed: ['records_officer', 'admin'] },
];
const ROLES_TRIED: Role[] = ['caseworker', 'manager', 'records_officer', 'admin'];

describe.each(DB_KINDS)('page guards and schemas at the edge (%s)', (kind) => {
  let t: TestContext;
  const sessions = new Map<Role, ReturnType<typeof createBrowserSession>>();
  beforeAll(async () => {
    t = await createTestContext(kind);
    for (const role of ROLES_TRIED) {
      const s = await t.addStaff(role, role === 'admin' || role === 'records_officer' ? null : 'Housing');
      const browser = createBrowserSession(t.app);
      expect((await browser.signIn(s.email, s.password)).statusCode).toBe(303);
      sessions.set(role, browser);
    }
  });
  afterAll(async () => t?.close());

  it.each(ROLES_TRIED)('%s reaches exactly the pages their role allows', async (role) => {
    const browser = sessions.get(role)!;
    for (const page of PAGES) {
      const res = await browser.get(page.path);
      expect(res.statusCode, `${role} ${page.path}`).toBe(page.allowed.includes(role) ? 200 : 403);
      if (!page.allowed.includes(role)) expect(res.body).toContain('You do not have access to this page');
    }
  });

  it('a malformed id in the address is "Page not found", for every page that takes one', async () => {
    const browser = sessions.get('admin')!;
    for (const path of [
      '/conversations/not-an-id',
      '/citizens/123',
      '/citizens/x/edit',
      '/admin/staff/abc',
      '/imports/zzz',
      '/attachments/1',
    ]) {
      const res = await browser.get(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toContain('text/html');
      expect(res.body, path).toContain('Page not found');
    }
  });

  it('a form field posted twice (not text) is refused with an error page, and nothing is stored', async () => {
    const browser = sessions.get('caseworker')!;
    await browser.get('/citizens/new');
    const before = await t.db.query<{ id: string }>('SELECT id FROM citizen ORDER BY id');
    const form = new URLSearchParams({ _csrf: browser.csrf, waNumber: '07700 900777', caseReference: 'HSG-1', ageBand: '18_or_over' });
    form.append('fullName', 'Pat Example');
    form.append('fullName', 'Sam Example');
    const res = await t.app.inject({
      method: 'POST',
      url: '/citizens',
      payload: form.toString(),
      headers: {
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem with your request');
    expect(res.body).not.toContain('Pat Example');
    const after = await t.db.query<{ id: string }>('SELECT id FROM citizen ORDER BY id');
    expect(after.rows).toEqual(before.rows);
  });

  it('the JSON API answers a malformed id with the one error envelope', async () => {
    const browser = sessions.get('caseworker')!;
    const res = await browser.get('/api/v1/conversations/nope/messages');
    expect(res.statusCode).toBe(400);
    const body = JSON.parse(res.body) as { error: { code: string; message: string; requestId: string } };
    expect(body.error.code).toBe('REQUEST_INVALID');
    expect(body.error.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a records officer is refused sending over the API by the route’s permission, not by a role check', async () => {
    const browser = sessions.get('records_officer')!;
    await browser.get('/account');
    const res = await browser.postJson('/api/v1/policy/check', { text: 'hello' });
    expect(res.statusCode).toBe(403);
    expect(JSON.parse(res.body)).toMatchObject({ error: { code: 'ACCESS_DENIED' } });
  });
});
