import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, TEST_SECRETS, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { firstContact, buildInboundDelivery, buildInboundMessage, citizenForm, signedWebhookHeaders } from '../../test/factories.js';
import { createBrowserSession } from '../../test/http.js';

describe.each(DB_KINDS)('staff web app without JavaScript (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  it('sends pages with security headers and redirects anonymous visitors to sign in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/conversations' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/sign-in?next=%2Fconversations');
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(page.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });

  it('signs in, forces a one-time password to be changed, and rejects a form without its CSRF token', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.get('/sign-in');
    const wrong = await browser.post('/sign-in', { email, password: 'not-the-password' });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('Enter a correct email address and password');
    const ok = await browser.post('/sign-in', { email, password });
    expect(ok.statusCode).toBe(303);
    expect(ok.headers.location).toBe('/account/password');
    expect((await browser.get('/conversations')).headers.location).toBe('/account/password');
    await browser.get('/account/password');
    const short = await browser.post('/account/password', { currentPassword: password, newPassword: 'short', confirmPassword: 'short' });
    expect(short.statusCode).toBe(400);
    expect(short.body).toContain('at least 12 characters');
    const changed = await browser.post('/account/password', {
      currentPassword: password,
      newPassword: 'correct horse battery',
      confirmPassword: 'correct horse battery',
    });
    expect(changed.headers.location).toBe('/account?done=password');
    expect((await browser.get('/conversations')).statusCode).toBe(200);
    const forged = await browser.post('/account/sign-out-everywhere', {}, { withCsrf: false });
    expect(forged.statusCode).toBe(403);
    expect((await browser.get('/conversations')).statusCode).toBe(200);
  });

  it('gives the session cookie the 12-hour lifetime of its session, and ends the other sessions when the password changes', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const phone = createBrowserSession(t.app);
    await phone.signIn(email, password, 'first passphrase for today');
    const desk = createBrowserSession(t.app);
    await desk.get('/sign-in');
    const signedIn = await desk.post('/sign-in', { email, password: 'first passphrase for today' });
    const cookie = signedIn.cookies.find((c) => c.name === 'liaise_session');
    expect(cookie?.maxAge).toBeGreaterThan(12 * 3600 - 60);
    expect(cookie?.maxAge).toBeLessThanOrEqual(12 * 3600);
    expect((await phone.get('/conversations')).statusCode).toBe(200);
    await desk.get('/account/password');
    const changed = await desk.post('/account/password', {
      currentPassword: 'first passphrase for today',
      newPassword: 'second passphrase for today',
      confirmPassword: 'second passphrase for today',
    });
    expect(changed.headers.location).toBe('/account?done=password');
    expect((await desk.get('/conversations')).statusCode).toBe(200);
    const ended = await phone.get('/conversations');
    expect(ended.statusCode).toBe(303);
    expect(ended.headers.location).toMatch(/^\/sign-in/);
  });

  it('pauses sign-in after repeated failures for an account', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.get('/sign-in');
    for (let i = 0; i < 5; i++) expect((await browser.post('/sign-in', { email, password: `wrong-${i}` })).statusCode).toBe(401);
    const locked = await browser.post('/sign-in', { email, password });
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('Too many failed sign-in attempts');
  });

  it('adds a citizen with validation errors shown against the field, then normalises the number', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(email, password);
    const blank = await browser.get('/citizens/new');
    // A blank form is not in the error state.
    expect(blank.body).not.toContain('govuk-form-group--error');
    expect(blank.body).not.toContain('govuk-error-message');
    // Every table adding a citizen writes, row by row: a refused post must leave each exactly as it was.
    const touched = ['citizen', 'case_file', 'audit_event', 'record', 'record_pending'];
    const before = await snapshotTables(t.db, touched);
    const empty = await browser.post('/citizens', {
      fullName: '',
      waNumber: '',
      caseReference: '',
      'dob-day': '',
      'dob-month': '4',
      'dob-year': '',
    });
    expect(empty.statusCode).toBe(400);
    // Every problem at once, each linked to its field; the typed month is kept.
    for (const [text, href] of [
      ['Enter the citizen’s full name', '#fullName'],
      ['Enter a WhatsApp number', '#waNumber'],
      ['Enter the case reference', '#caseReference'],
      ['Date of birth must include a day and a year', '#dob-day'],
    ]) {
      expect(empty.body).toContain(text);
      expect(empty.body).toContain(`href="${href}"`);
    }
    expect(empty.body).toMatch(/name="dob-month"[^>]*value="4"/);
    const pat = citizenForm({ fullName: 'Pat Person', waNumber: '07700 900555', caseReference: 'HSG-77', dateOfBirth: '1990-02-01' });
    const bad = await browser.post('/citizens', { ...pat, waNumber: '12345' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a valid WhatsApp number');
    expect(bad.body).toContain('href="#waNumber"');
    const badDate = await browser.post('/citizens', { ...pat, 'dob-day': '31' });
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Date of birth must be a real date');
    expect(badDate.body).toContain('href="#dob-day"');
    // The refused posts changed nothing: the same rows, with the same ids and contents.
    expect(await snapshotTables(t.db, touched)).toEqual(before);
    const ok = await browser.post('/citizens', pat);
    expect(ok.statusCode).toBe(303);
    // The snapshot does see a change: the accepted post adds one citizen.
    expect((await snapshotTables(t.db, touched))['citizen']).toHaveLength(before['citizen']!.length + 1);
    const page = await browser.get(ok.headers.location as string);
    expect(page.body).toContain('07700 900555'); // stored as +447700900555, shown as people write it
    expect(page.body).toContain('HSG-77');
    expect(page.body).toContain('1 February 1990');
    // Found by the number typed as people write it, and in international format.
    for (const q of ['07700 900555', '07700900555', '+44 7700 900555']) {
      expect((await browser.get(`/citizens?q=${encodeURIComponent(q)}`)).body, q).toContain('Pat Person');
    }
  });

  it('runs a whole conversation through forms: open with justification, first contact, reply, blocked message', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(email, password);
    await browser.get('/citizens/new');
    const added = await browser.post('/citizens', {
      fullName: 'Jo Tester',
      waNumber: '+447700900556',
      caseReference: 'HSG-78',
      caseType: 'general-enquiry',
      ageBand: '18_or_over',
    });
    const citizenUrl = added.headers.location as string;
    await browser.get(citizenUrl);
    const noReason = await browser.post(`${citizenUrl}/conversations`, { justification: '' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('Select the verifiable channels you tried');
    expect(noReason.body).toContain('Say what happened when you tried');
    const opened = await browser.post(`${citizenUrl}/conversations`, {
      justification: 'Two calls and a letter, no reply',
      channels: 'phone',
      'on-phone-day': '3',
      'on-phone-month': '11',
      'on-phone-year': '2026',
      purpose: 'call',
    });
    const convUrl = opened.headers.location as string;
    let page = await browser.get(convUrl);
    expect(page.body).toContain('Send first-contact message');
    expect((await browser.post(`${convUrl}/messages`, { template: 'first_contact' })).statusCode).toBe(303);
    await t.settle();
    await t.simulator.sim.sendInbound({ from: '+447700900556', text: 'Yes, call me at 6pm please' });
    await t.settle();
    page = await browser.get(convUrl);
    expect(page.body).toContain('Yes, call me at 6pm please');
    expect(page.body).toContain('Hello Jo, this is');
    expect(page.body).toContain('Delivered');
    const blocked = await browser.post(`${convUrl}/messages`, { text: 'Your NI number AB 12 34 56 C is on file' });
    expect(blocked.statusCode).toBe(422);
    expect(blocked.body).toContain('This message cannot be sent');
    expect(blocked.body).toMatch(/guidance section/);
    const sent = await browser.post(`${convUrl}/messages`, { text: 'Great, I will call you at 6pm.' });
    expect(sent.statusCode).toBe(303);
    await t.settle();
    expect((await browser.get(convUrl)).body).toContain('Great, I will call you at 6pm.');
  });

  it('ends every session at once when an admin disables the account', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const laptop = createBrowserSession(t.app);
    await laptop.signIn(email, password, 'laptop-passphrase-1');
    const phone = createBrowserSession(t.app);
    await phone.signIn(email, 'laptop-passphrase-1');
    expect((await laptop.get('/conversations')).statusCode).toBe(200);
    expect((await phone.get('/conversations')).statusCode).toBe(200);
    const admin = await t.addStaff('admin', null);
    const adminBrowser = createBrowserSession(t.app);
    await adminBrowser.signIn(admin.email, admin.password);
    const id = (await t.db.query<{ id: string }>('SELECT id FROM staff WHERE email = $1', [email])).rows[0]!.id;
    expect((await adminBrowser.get('/admin/staff')).body).toContain(`/admin/staff/${id}/disable`);
    expect((await adminBrowser.post(`/admin/staff/${id}/disable`, {})).statusCode).toBe(303);
    expect((await laptop.get('/conversations')).statusCode).toBe(303);
    expect((await phone.get('/conversations')).statusCode).toBe(303);
    const again = createBrowserSession(t.app);
    await again.get('/sign-in');
    expect((await again.post('/sign-in', { email, password: 'laptop-passphrase-1' })).statusCode).toBe(401);
    const audit = await t.db.query(`SELECT details FROM audit_event WHERE action = 'staff.disabled' AND subject_id = $1`, [id]);
    expect(audit.rows).toHaveLength(1);
  });

  it('"Sign out everywhere" ends the other device too', async () => {
    const { email, password } = await t.addStaff('manager');
    const a = createBrowserSession(t.app);
    await a.signIn(email, password, 'lantern-velvet-orbit-7');
    const b = createBrowserSession(t.app);
    await b.signIn(email, 'lantern-velvet-orbit-7');
    await a.get('/account');
    expect((await a.post('/account/sign-out-everywhere', {})).headers.location).toBe('/sign-in?signed-out=everywhere');
    expect((await b.get('/conversations')).statusCode).toBe(303);
    expect((await a.get('/conversations')).statusCode).toBe(303);
  });

  it('lets an admin create staff with a one-time password shown once; a caseworker cannot', async () => {
    const admin = await t.addStaff('admin', null);
    const browser = createBrowserSession(t.app);
    await browser.signIn(admin.email, admin.password);
    await browser.get('/admin/staff');
    const res = await browser.post('/admin/staff', {
      email: 'new.officer@council.example',
      displayName: 'New Officer',
      role: 'records_officer',
      teamId: '',
    });
    expect(res.statusCode).toBe(200);
    const otp = /id="one-time-password">([^<]+)</.exec(res.body)?.[1];
    expect(otp).toBeTruthy();
    const dup = await browser.post('/admin/staff', { email: 'new.officer@council.example', role: 'records_officer', teamId: '' });
    expect(dup.statusCode).toBe(409);
    const officer = createBrowserSession(t.app);
    expect((await officer.signIn('new.officer@council.example', otp!)).statusCode).toBe(303);
    expect((await officer.get('/records')).statusCode).toBe(200);
    const cw = await t.addStaff('caseworker');
    const cwBrowser = createBrowserSession(t.app);
    await cwBrowser.signIn(cw.email, cw.password);
    expect((await cwBrowser.get('/admin/staff')).statusCode).toBe(403);
  });

  it('renders the oversight pages for the roles that have them', async () => {
    const admin = await t.addStaff('admin', null);
    const browser = createBrowserSession(t.app);
    await browser.signIn(admin.email, admin.password);
    for (const [url, text] of [
      ['/review', 'Review'],
      ['/records', 'Chain check'],
      ['/admin/teams', 'Add a team'],
      ['/admin/staff', 'Add a staff member'],
      ['/citizens', 'Citizens'],
      ['/account', 'Sign out everywhere'],
    ] as const) {
      const res = await browser.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain(text);
    }
    await browser.get('/admin/teams');
    const dup = await browser.post('/admin/teams', { name: 'Housing' });
    expect(dup.statusCode).toBe(409);
    expect(dup.body).toContain('already exists');
    const manager = await t.addStaff('manager');
    const m = createBrowserSession(t.app);
    await m.signIn(manager.email, manager.password);
    expect((await m.get('/review')).statusCode).toBe(200);
    expect((await m.get('/records')).statusCode).toBe(403);
  });

  it('serves the live policy check and the JSON API with CSRF protection and zod validation', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(email, password);
    await browser.get('/conversations');
    const check = await browser.postJson('/api/v1/policy/check', { text: 'Card 4111 1111 1111 1111 please' });
    expect(check.statusCode).toBe(200);
    expect(check.json().decision).toBe('block');
    expect(check.json().findings[0]).toMatchObject({ type: 'PAYMENT_CARD', start: 5, end: 24 });
    const noCsrf = await browser.postJson('/api/v1/policy/check', { text: 'hi' }, { 'x-csrf-token': 'nope' });
    expect(noCsrf.statusCode).toBe(403);
    expect(noCsrf.json().error.code).toBe('AUTH_CSRF_INVALID');
    const invalidBody = await browser.postJson('/api/v1/policy/check', { text: 42 });
    expect(invalidBody.statusCode).toBe(400);
    expect(invalidBody.json().error.code).toBe('REQUEST_INVALID');
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/conversations' });
    expect(anon.statusCode).toBe(401);
    const docs = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(docs.json().paths).toHaveProperty('/api/v1/conversations/{id}/messages');
    // Only the API is described: no staff pages in it.
    expect(Object.keys(docs.json().paths as object).filter((p) => !p.startsWith('/api/v1/'))).toEqual([]);
    const page = await browser.get('/api/docs');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Liaise API</h1>');
    expect(page.body).toContain('POST /api/v1/conversations/{id}/messages');
  });

  it('accepts an API token for integrations, and stops accepting it when revoked or the account is disabled', async () => {
    const { actor } = await t.addStaff('caseworker');
    const admin = (await t.addStaff('admin', null)).actor;
    const { id, token } = await t.services.staff.createApiToken(null, actor.id, 'Case management system');
    expect(token).toMatch(/^lsk_/);
    const stored = await t.db.query<{ token_hash: string }>('SELECT token_hash FROM api_token WHERE id = $1', [id]);
    expect(stored.rows[0]!.token_hash).not.toContain(token);
    const auth = { authorization: `Bearer ${token}` };
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: auth })).statusCode).toBe(200);
    const check = await t.app.inject({
      method: 'POST',
      url: '/api/v1/policy/check',
      headers: { ...auth, 'content-type': 'application/json' },
      payload: { text: 'Call me on Tuesday?' },
    });
    expect(check.statusCode).toBe(200);
    expect(check.json().decision).toBe('allow');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: { authorization: 'Bearer lsk_not-a-token' } }))
        .statusCode,
    ).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/conversations', headers: auth })).statusCode).toBe(303); // tokens are for the API only
    await t.services.staff.setDisabled(admin, actor.id, true);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: auth })).statusCode).toBe(401);
    await t.services.staff.setDisabled(admin, actor.id, false);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: auth })).statusCode).toBe(200);
    await t.services.staff.revokeApiToken(admin, id);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/conversations', headers: auth })).statusCode).toBe(401);
  });

  it('streams live updates for a conversation as server-sent events', async () => {
    const { email, password } = await t.addStaff('caseworker');
    const browser = createBrowserSession(t.app);
    await browser.signIn(email, password);
    const citizen = await t.addCitizen();
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phone and letter tried, no answer'),
    );
    const controller = new AbortController();
    const res = await fetch(`${t.appUrl}/conversations/${conv.id}/events`, {
      headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      signal: controller.signal,
    });
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    const reader = res.body!.getReader();
    await t.simulator.sim.sendInbound({ from: citizen.waNumber, text: 'hello there' });
    let text = '';
    while (!text.includes('event: update')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('utf8');
    }
    controller.abort();
    expect(text).toContain('message.created');
  });
});

describe.each(DB_KINDS)('WhatsApp webhook mounted in the app (%s)', (kind) => {
  let t: TestContext;
  beforeAll(async () => {
    t = await createTestContext(kind);
  }, 60_000);
  afterAll(async () => t?.close());

  const count = async () => (await t.db.query<{ n: number }>('SELECT count(*)::int AS n FROM message')).rows[0]!.n;
  const payload = (id: string) =>
    JSON.stringify(
      buildInboundDelivery(
        [
          buildInboundMessage({ from: '447700900777', id: `${id}.1`, timestamp: '1767261600', body: 'Caf\u00e9 at 10?' }),
          buildInboundMessage({ from: '447700900777', id: `${id}.2`, timestamp: '1767261601', body: 'or 11' }),
        ],
        { profileName: 'Zoë Test' },
      ),
    ).replace('Café', 'Caf\\u00e9');
  const post = (body: string) =>
    fetch(`${t.appUrl}/webhooks/whatsapp`, { method: 'POST', body, headers: signedWebhookHeaders(body, TEST_SECRETS.appSecret) });

  it('answers the verification handshake only with the right token', async () => {
    const ok = await t.app.inject({
      method: 'GET',
      url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=test-verify-token&hub.challenge=12345',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('12345');
    const bad = await t.app.inject({
      method: 'GET',
      url: '/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=12345',
    });
    expect(bad.statusCode).toBe(403);
  });

  it('stores nothing for a bad or missing signature or malformed JSON', async () => {
    // Every table an inbound delivery writes, row by row.
    const touched = ['conversation', 'message', 'record', 'record_pending'];
    const before = await snapshotTables(t.db, touched);
    const body = payload('wamid.sig');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: body,
      headers: signedWebhookHeaders(body, 'not-the-secret'),
    });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.code).toBe('WEBHOOK_SIGNATURE_INVALID');
    const missing = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: body,
      headers: { 'content-type': 'application/json' },
    });
    expect(missing.statusCode).toBe(401);
    const junk = '{"object": "whatsapp_business_account", "entry": [';
    const malformed = await t.app.inject({
      method: 'POST',
      url: '/webhooks/whatsapp',
      payload: junk,
      headers: signedWebhookHeaders(junk, TEST_SECRETS.appSecret),
    });
    expect(malformed.statusCode).toBe(400);
    expect(await snapshotTables(t.db, touched)).toEqual(before);
  });

  it('stores concurrent deliveries once each, even when the same message arrives twice at the same moment', async () => {
    const before = await count();
    const one = (n: number) =>
      post(
        JSON.stringify(
          buildInboundDelivery(
            [
              buildInboundMessage({
                from: `4477009005${n % 5}0`,
                id: `wamid.burst.${n % 12}`,
                timestamp: '1767261600',
                body: `message ${n % 12}`,
              }),
            ],
            { profileName: 'Burst' },
          ),
        ),
      );
    const results = await Promise.all(Array.from({ length: 36 }, (_, n) => one(n)));
    expect(results.map((r) => r.status)).toEqual(Array(36).fill(200));
    expect(await count()).toBe(before + 12);
    const recs = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM record r JOIN message m ON m.id = r.message_id WHERE m.provider_message_id LIKE 'wamid.burst.%' AND r.kind = 'message.inbound'`,
    );
    expect(recs.rows[0]!.n).toBe(12);
    await t.services.records.sealPending();
    expect((await t.services.records.verify()).ok).toBe(true);
  });

  it('stores 30 good deliveries sent at once beside poisoned ones (NUL characters, impossible timestamps)', async () => {
    const before = await count();
    const send = (id: string, body: string, timestamp: string | number, name = 'Good') =>
      post(
        JSON.stringify(buildInboundDelivery([buildInboundMessage({ from: '447700900611', id, timestamp, body })], { profileName: name })),
      );
    const good = Array.from({ length: 30 }, (_, n) => send(`wamid.good.${n}`, `good ${n}`, '1767261600'));
    const poisoned = [
      send('wamid.poison.nul\u0000', 'text with a NUL \u0000 inside', '1767261600', 'Na\u0000me'),
      send('wamid.poison.num', 'far future', 9e12),
      send('wamid.poison.str', 'far future as text', '999999999999'),
    ];
    const results = await Promise.all([...good, ...poisoned]);
    expect(results.map((r) => r.status)).toEqual(Array(33).fill(200));
    expect(await count()).toBe(before + 33);
    const ids = await t.db.query<{ id: string; at: Date }>(
      `SELECT provider_message_id AS id, sent_at AS at FROM message WHERE provider_message_id LIKE 'wamid.poison.%' ORDER BY 1`,
    );
    expect(ids.rows.map((r) => r.id)).toEqual(['wamid.poison.nul', 'wamid.poison.num', 'wamid.poison.str']);
    // Impossible times are stored as the time the delivery arrived.
    for (const r of ids.rows.slice(1)) expect(Math.abs(new Date(r.at).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('verifies the raw escaped-unicode bytes, stores every message in a delivery, and stores a redelivery once', async () => {
    const body = payload('wamid.multi');
    expect(body).toContain('\\u00e9');
    const before = await count();
    const headers = signedWebhookHeaders(body, TEST_SECRETS.appSecret);
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: body, headers })).statusCode).toBe(200);
    expect((await t.app.inject({ method: 'POST', url: '/webhooks/whatsapp', payload: body, headers })).statusCode).toBe(200);
    expect(await count()).toBe(before + 2);
    const triage = await t.services.conversations.listConversations(t.caseworker, { unlinkedOnly: true });
    const conv = triage.find((c) => c.waNumber === '+447700900777')!;
    const { messages } = await t.services.conversations.readConversation(t.caseworker, conv.id);
    expect(messages.map((m) => m.body)).toEqual(['Café at 10?', 'or 11']);
    expect(conv.profileName).toBe('Zoë Test');
  });
});
