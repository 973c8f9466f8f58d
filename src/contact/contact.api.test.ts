import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { syntheticMobile, waIdOf } from '../../test/factories.js';

/** Every table a send or a first contact writes: a refusal must leave all of them as they were. */
/** An API answer: a refusal's `error`, or the resource's fields. */
type ApiBody = { error: { code: string; message: string } } & Record<string, unknown>;

/**
 * Earlier tests' sends are still being delivered and read by the simulator, which writes their statuses
 * back; a snapshot taken mid-way would see them change. Wait until the message and record tables are still.
 */
async function settled(t: TestContext) {
  const state = async () =>
    JSON.stringify(
      (
        await t.db.query(
          'SELECT (SELECT count(*) FROM record) AS r, (SELECT max(status_at) FROM message) AS s, (SELECT count(*) FROM job WHERE state <> $1) AS j',
          ['done'],
        )
      ).rows,
    );
  let last = await state();
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 150));
    const now = await state();
    if (now === last) return;
    last = now;
  }
}

const TABLES = ['conversation', 'message', 'message_client_key', 'record', 'record_pending', 'job', 'citizen', 'audit_event', 'case_file'];

describe.each(DB_KINDS)('contact rules through the JSON API and the simulator (%s)', (kind) => {
  let t: TestContext;
  let caseworker: string;
  let manager: string;
  let heldCaseworker: string;
  let heldManager: string;

  const tokenFor = async (staffId: string) => (await t.services.staff.createApiToken(null, staffId, 'Test integration')).token;

  beforeAll(async () => {
    t = await createTestContext(kind);
    caseworker = await tokenFor(t.caseworker.id);
    manager = await tokenFor((await t.addStaff('manager')).actor.id);
    await t.services.staff.createTeam(null, { name: 'Family support', requiresFirstContactApproval: true });
    heldCaseworker = await tokenFor((await t.addStaff('caseworker', 'Family support')).actor.id);
    heldManager = await tokenFor((await t.addStaff('manager', 'Family support')).actor.id);
  }, 60_000);
  afterAll(async () => t?.close());

  async function api(token: string, method: 'GET' | 'POST', url: string, body?: unknown) {
    const res = await t.app.inject({
      method,
      url: `/api/v1${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.json<ApiBody>() };
  }

  const addCitizen = async (token: string, over: Record<string, unknown> = {}) => {
    const r = await api(token, 'POST', '/citizens', {
      fullName: 'Sam Sample',
      whatsappNumber: syntheticMobile(),
      dateOfBirth: '1984-02-29',
      caseReference: `HSG-${Math.floor(Math.random() * 1e6)}`,
      ...over,
    });
    expect(r.status).toBe(201);
    return r.body as ApiBody & { id: string };
  };
  const numberOf = async (citizenId: string) =>
    (await t.db.query<{ wa_number: string }>('SELECT wa_number FROM citizen WHERE id = $1', [citizenId])).rows[0]!.wa_number;
  const FIRST_CONTACT = {
    justification: 'Phoned twice and wrote a letter; no answer',
    channelsTried: [
      { channel: 'phone', on: '2026-01-05' },
      { channel: 'letter', on: '2026-01-06' },
    ],
    purpose: 'call',
  };
  const openFor = async (citizenId: string) => {
    const r = await api(caseworker, 'POST', `/citizens/${citizenId}/conversations`, FIRST_CONTACT);
    expect(r.status).toBe(201);
    return r.body as ApiBody & { id: string; approvalState: string };
  };
  const sentTo = (waNumber: string) => t.simulator.sim.outbox().filter((o) => o.to === waIdOf(waNumber));

  /** Asserts a refused request: its code, nothing at the simulator for that number, and no table changed. */
  async function expectRefused(request: () => Promise<{ status: number; body: ApiBody }>, code: string, waNumber: string) {
    await t.settle();
    await settled(t);
    const before = await snapshotTables(t.db, TABLES);
    const sentBefore = sentTo(waNumber).length;
    const r = await request();
    expect(r.body.error?.code).toBe(code);
    expect(r.status).toBe(422);
    expect(r.body.error.message.length).toBeGreaterThan(20);
    await t.settle();
    expect(sentTo(waNumber)).toHaveLength(sentBefore);
    expect(await snapshotTables(t.db, TABLES)).toEqual(before);
    return r;
  }

  it('opens a new case reference as the caseType given, and refuses an unknown caseType without adding the citizen', async () => {
    const reference = `CSC-API-${Math.floor(Math.random() * 1e6)}`;
    const before = await snapshotTables(t.db, TABLES);
    const bad = await api(caseworker, 'POST', '/citizens', {
      fullName: 'Sam Sample',
      whatsappNumber: syntheticMobile(),
      dateOfBirth: '1984-02-29',
      caseReference: reference,
      caseType: 'no-such-type',
    });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'CASE_TYPE_UNKNOWN']);
    expect(await snapshotTables(t.db, TABLES)).toEqual(before);
    await addCitizen(caseworker, { caseReference: reference, caseType: 'children-in-need' });
    const c = await t.db.query<{ case_type: string }>('SELECT case_type FROM case_file WHERE reference = $1', [reference]);
    expect(c.rows.map((r) => r.case_type)).toEqual(['children-in-need']);
  });

  it('refuses first contact without a justification or without the channels tried', async () => {
    const c = await addCitizen(caseworker);
    const n = await numberOf(c.id);
    await expectRefused(
      () => api(caseworker, 'POST', `/citizens/${c.id}/conversations`, { ...FIRST_CONTACT, justification: '' }),
      'CONTACT_JUSTIFICATION_REQUIRED',
      n,
    );
    await expectRefused(
      () => api(caseworker, 'POST', `/citizens/${c.id}/conversations`, { ...FIRST_CONTACT, channelsTried: [] }),
      'CONTACT_JUSTIFICATION_REQUIRED',
      n,
    );
  });

  it('holds first contact for a manager in a team that asks for it: refused until approved, and the caseworker sees the decision', async () => {
    const c = await addCitizen(heldCaseworker);
    const n = await numberOf(c.id);
    const opened = await api(heldCaseworker, 'POST', `/citizens/${c.id}/conversations`, FIRST_CONTACT);
    expect(opened.status).toBe(201);
    expect(opened.body).toMatchObject({ approvalState: 'pending', purpose: 'call', channelsTried: FIRST_CONTACT.channelsTried });
    const convId = opened.body['id'] as string;
    await expectRefused(
      () => api(heldCaseworker, 'POST', `/conversations/${convId}/messages`, { template: 'first_contact' }),
      'CONTACT_APPROVAL_PENDING',
      n,
    );
    // A caseworker cannot approve; a manager of another team cannot see it; a refusal needs a reason.
    expect((await api(heldCaseworker, 'POST', `/conversations/${convId}/approval`, { decision: 'approve' })).status).toBe(403);
    expect((await api(manager, 'POST', `/conversations/${convId}/approval`, { decision: 'approve' })).status).toBe(404);
    const noReason = await api(heldManager, 'POST', `/conversations/${convId}/approval`, { decision: 'refuse' });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'CONTACT_REASON_REQUIRED']);
    const approved = await api(heldManager, 'POST', `/conversations/${convId}/approval`, { decision: 'approve', reason: 'Tried enough' });
    expect(approved.body).toMatchObject({ approvalState: 'approved', approvalReason: 'Tried enough' });
    const again = await api(heldManager, 'POST', `/conversations/${convId}/approval`, { decision: 'refuse', reason: 'Changed my mind' });
    expect([again.status, again.body.error.code]).toEqual([409, 'CONTACT_APPROVAL_NOT_PENDING']);
    const sent = await api(heldCaseworker, 'POST', `/conversations/${convId}/messages`, { template: 'first_contact' });
    expect(sent.status).toBe(202);
    await t.settle();
    expect(sentTo(n)).toHaveLength(1);
    const kinds = (
      await t.db.query<{ kind: string }>('SELECT kind FROM record WHERE conversation_id = $1 ORDER BY seq', [convId])
    ).rows.map((r) => r.kind);
    expect(kinds.slice(0, 3)).toEqual(['conversation.opened', 'first-contact.approved', 'message.outbound']);
  });

  it('refuses a child under the minimum age, and a citizen whose age is not known', async () => {
    const child = await addCitizen(caseworker, { dateOfBirth: '2016-06-01' });
    expect((await api(caseworker, 'GET', `/citizens/${child.id}`)).body['contact']).toMatchObject({
      allowed: false,
      code: 'CONTACT_UNDER_MINIMUM_AGE',
    });
    await expectRefused(
      () => api(caseworker, 'POST', `/citizens/${child.id}/conversations`, FIRST_CONTACT),
      'CONTACT_UNDER_MINIMUM_AGE',
      await numberOf(child.id),
    );
    // The child messages the council first: replying is refused just the same.
    const childNumber = await numberOf(child.id);
    await t.simulator.sim.sendInbound({ from: childNumber, text: 'hello?' });
    await t.settle();
    const conv = (await t.services.conversations.listConversations(t.caseworker, { state: null })).find((c) => c.citizenId === child.id)!;
    await expectRefused(
      () => api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { text: 'Hello' }),
      'CONTACT_UNDER_MINIMUM_AGE',
      childNumber,
    );

    // A citizen recorded before age was required (an older record): no date of birth, no band.
    const unknown = await addCitizen(caseworker);
    await t.db.query('UPDATE citizen SET date_of_birth = NULL, age_band = NULL WHERE id = $1', [unknown.id]);
    await expectRefused(
      () => api(caseworker, 'POST', `/citizens/${unknown.id}/conversations`, FIRST_CONTACT),
      'CONTACT_AGE_UNKNOWN',
      await numberOf(unknown.id),
    );
  });

  it('refuses free text outside the 24-hour window, and sends the approved template', async () => {
    const c = await addCitizen(caseworker);
    const n = await numberOf(c.id);
    const conv = await openFor(c.id);
    expect(conv.approvalState).toBe('not_required');
    await expectRefused(
      () => api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { text: 'Hi, can we talk?' }),
      'CONTACT_WINDOW_CLOSED',
      n,
    );
    expect((await api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { template: 'first_contact' })).status).toBe(202);
    await t.settle();
    expect(sentTo(n).map((m) => m.type)).toEqual(['template']);
  });

  it('STOP ends all sends with one confirmation; START resumes them', async () => {
    const c = await addCitizen(caseworker);
    const n = await numberOf(c.id);
    const conv = await openFor(c.id);
    await api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { template: 'first_contact' });
    await t.settle();
    await t.simulator.sim.sendInbound({ from: n, text: "Please don't message me" });
    await t.settle();
    const confirmations = sentTo(n).filter((m) => m.type === 'text');
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.text).toContain('reply START');
    expect((await api(caseworker, 'GET', `/citizens/${c.id}`)).body['optedOutAt']).not.toBeNull();
    await expectRefused(
      () => api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { text: 'Just checking' }),
      'CONTACT_OPTED_OUT',
      n,
    );
    // A second STOP is not confirmed again.
    await t.simulator.sim.sendInbound({ from: n, text: 'STOP' });
    await t.settle();
    expect(sentTo(n).filter((m) => m.type === 'text')).toHaveLength(1);
    await t.simulator.sim.sendInbound({ from: n, text: 'START' });
    await t.settle();
    const citizen = (await api(caseworker, 'GET', `/citizens/${c.id}`)).body;
    expect(citizen).toMatchObject({ optedOutAt: null, optInMethod: 'reply' });
    expect((await api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { text: 'Thanks, can I call you at 10?' })).status).toBe(
      202,
    );
    await t.settle();
    expect(sentTo(n).at(-1)!.text).toBe('Thanks, can I call you at 10?');
  });

  it('suspends a conversation on signs of a child, with a reason code and never the text, until a manager releases it', async () => {
    const c = await addCitizen(caseworker);
    const n = await numberOf(c.id);
    const conv = await openFor(c.id);
    await t.simulator.sim.sendInbound({ from: n, text: "hi im 12 and my mum says I can't talk to you" });
    await t.settle();
    const state = (await api(caseworker, 'GET', `/conversations/${conv.id}/contact`)).body;
    expect(state).toMatchObject({ suspended: true, suspendedReason: 'child_signal' });
    const audit = await t.db.query<{ details: unknown }>(
      `SELECT details FROM audit_event WHERE action = 'conversation.suspended' AND subject_id = $1`,
      [conv.id],
    );
    expect(audit.rows).toHaveLength(1);
    expect(JSON.stringify(audit.rows[0]!.details)).not.toMatch(/mum|12/);
    await expectRefused(() => api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { text: 'Hello' }), 'CONTACT_SUSPENDED', n);
    expect((await api(caseworker, 'POST', `/conversations/${conv.id}/release`, { reason: 'Checked the file' })).status).toBe(403);
    const noReason = await api(manager, 'POST', `/conversations/${conv.id}/release`, { reason: '' });
    expect([noReason.status, noReason.body.error.code]).toEqual([400, 'CONTACT_REASON_REQUIRED']);
    const released = await api(manager, 'POST', `/conversations/${conv.id}/release`, {
      reason: 'Date of birth confirmed with the case file',
    });
    expect(released.body).toMatchObject({ suspended: false });
    expect((await api(caseworker, 'POST', `/conversations/${conv.id}/messages`, { text: 'Can I call you at 10?' })).status).toBe(202);
  });

  it('records a citizen’s opt-in (how and when)', async () => {
    const c = await addCitizen(caseworker);
    const r = await api(caseworker, 'POST', `/citizens/${c.id}/opt-in`, { method: 'verbal' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ optInMethod: 'verbal' });
    const bad = await api(caseworker, 'POST', `/citizens/${c.id}/opt-in`, { method: 'telepathy' });
    expect([bad.status, bad.body.error.code]).toEqual([400, 'REQUEST_INVALID']);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an impossible date', { channelsTried: [{ channel: 'phone', on: '2026-02-30' }] }, 'REQUEST_INVALID'],
    ['a date not written YYYY-MM-DD', { channelsTried: [{ channel: 'phone', on: '5 Jan 2026' }] }, 'REQUEST_INVALID'],
    ['an unknown channel', { channelsTried: [{ channel: 'pigeon', on: '2026-01-05' }] }, 'REQUEST_INVALID'],
    ['a date in the future', { channelsTried: [{ channel: 'phone', on: '2999-01-05' }] }, 'CONTACT_CHANNEL_INVALID'],
    ['no purpose', { purpose: undefined }, 'REQUEST_INVALID'],
    ['an unknown purpose', { purpose: 'lunch' }, 'REQUEST_INVALID'],
  ])('refuses first contact with %s as a clear 400, changing nothing', async (_label, over, code) => {
    const c = await addCitizen(caseworker);
    await settled(t);
    const before = await snapshotTables(t.db, TABLES);
    const r = await api(caseworker, 'POST', `/citizens/${c.id}/conversations`, { ...FIRST_CONTACT, ...over });
    expect([r.status, r.body.error.code]).toEqual([400, code]);
    expect(await snapshotTables(t.db, TABLES)).toEqual(before);
  });

  it.each<[string, Record<string, unknown>]>([
    ['neither a date of birth nor an age band', { dateOfBirth: undefined }],
    ['an impossible date of birth', { dateOfBirth: '1990-13-01' }],
    ['an unknown age band', { dateOfBirth: undefined, ageBand: 'teen' }],
  ])('refuses a citizen with %s', async (_label, over) => {
    await settled(t);
    const before = await snapshotTables(t.db, TABLES);
    const r = await api(caseworker, 'POST', '/citizens', {
      fullName: 'Ali Example',
      whatsappNumber: syntheticMobile(),
      dateOfBirth: '1980-01-01',
      ...over,
    });
    expect([r.status, r.body.error.code]).toEqual([400, 'REQUEST_INVALID']);
    expect(await snapshotTables(t.db, TABLES)).toEqual(before);
  });
});
