import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../test/app.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { buildInboundEvent, syntheticMobile } from '../../test/factories.js';
import { createBrowserSession } from '../../test/http.js';
import { createFakeClock } from '../platform/clock.js';

describe.each(DB_KINDS)('cases API (%s)', (kind) => {
  const clock = createFakeClock('2026-03-15T10:00:00Z');
  let t: TestContext;
  let mine: { authorization: string };
  let theirs: { authorization: string };
  let conversationId: string;
  let messageIds: string[];

  beforeAll(async () => {
    t = await createTestContext(kind, { clock });
    const token = async (staffId: string) => ({
      authorization: `Bearer ${(await t.services.staff.createApiToken(null, staffId, 'Case management system')).token}`,
    });
    mine = await token(t.caseworker.id);
    theirs = await token((await t.addStaff('caseworker', 'Adult social care')).actor.id);
    const from = syntheticMobile();
    await t.services.inbound.receiveChannelEvents([
      buildInboundEvent(from, { sentAt: new Date('2026-01-10T12:00:00Z') }),
      buildInboundEvent(from, { sentAt: new Date('2026-01-11T12:00:00Z') }),
    ]);
    const conv = await t.db.query<{ id: string; team_id: string }>('SELECT id, team_id FROM conversation WHERE wa_number = $1', [from]);
    conversationId = conv.rows[0]!.id;
    expect(conv.rows[0]!.team_id).toBe(t.teamId); // unknown numbers land in the first team, Housing
    messageIds = (
      await t.db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1 ORDER BY sent_at', [conversationId])
    ).rows.map((r) => r.id);
    await t.services.retention.assignMissing();
  }, 60_000);
  afterAll(async () => t?.close());

  const api = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Record<string, string>, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('creates, links, closes, reopens and unlinks, each audited, with the disposal dates following', async () => {
    const created = await api('POST', '/cases', mine, {
      reference: 'CMP/2026/001',
      caseType: 'complaint',
      title: 'Repairs complaint',
      openedOn: '2026-01-05',
    });
    expect(created.statusCode).toBe(201);
    const kase = created.json<{ id: string; retentionClass: string; teamId: string }>();
    expect(kase).toMatchObject({ retentionClass: 'complaint', teamId: t.teamId });

    const linked = await api('POST', `/cases/${kase.id}/links`, mine, { conversationId });
    expect(linked.statusCode).toBe(201);
    const single = await api('POST', `/cases/${kase.id}/links`, mine, { messageId: messageIds[1] });
    expect(single.statusCode).toBe(201);
    expect((await api('POST', `/cases/${kase.id}/links`, mine, { conversationId })).json()).toMatchObject({
      error: { code: 'CASE_LINK_EXISTS' },
    });

    const closed = await api('POST', `/cases/${kase.id}/close`, mine, { closedOn: '2026-03-02' });
    expect(closed.statusCode).toBe(200);
    const view = (await api('GET', `/cases/${kase.id}`, mine)).json<{
      retention: Array<{ disposalDue: string; messages: number; reason: string }>;
      links: unknown[];
    }>();
    expect(view.links).toHaveLength(2);
    expect(view.retention).toEqual([
      expect.objectContaining({ classId: 'complaint', action: 'review', disposalDue: '2032-03-02', messages: 2 }),
    ]);
    expect(view.retention[0]!.reason).toContain('2026-03-02');

    expect((await api('POST', `/cases/${kase.id}/reopen`, mine)).json()).toMatchObject({ closedOn: null });
    const reopened = (await api('GET', `/cases/${kase.id}`, mine)).json<{ retention: Array<{ disposalDue: string | null }> }>();
    expect(reopened.retention.map((r) => r.disposalDue)).toEqual([null]);

    const linkId = single.json<{ id: string }>().id;
    expect((await api('DELETE', `/cases/${kase.id}/links/${linkId}`, mine)).statusCode).toBe(204);
    expect((await api('GET', `/cases/${kase.id}`, mine)).json<{ links: unknown[] }>().links).toHaveLength(1);

    const audit = await t.db.query<{ action: string; request_id: string | null }>(
      `SELECT action, request_id FROM audit_event WHERE subject_type = 'case' AND subject_id = $1`,
      [kase.id],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual([
      'case.closed',
      'case.created',
      'case.linked',
      'case.linked',
      'case.reopened',
      'case.unlinked',
    ]);
    expect(audit.rows.every((r) => r.request_id)).toBe(true);
  });

  it('refuses bad input with a clear code and changes nothing', async () => {
    const existing = (
      await api('POST', '/cases', mine, { reference: 'HSG/42', caseType: 'housing-tenancy', openedOn: '2026-01-01' })
    ).json<{ id: string }>();
    const other = (await api('POST', '/cases', theirs, { reference: 'ASC/7', caseType: 'adult-social-care' })).json<{ id: string }>();
    const tables = ['case_file', 'case_link', 'message_retention', 'record', 'audit_event'];
    const before = await snapshotTables(t.db, tables);
    const cases: Array<[string, 'GET' | 'POST' | 'DELETE', string, unknown, number, string]> = [
      ['unknown type', 'POST', '/cases', { reference: 'X/1', caseType: 'parking-fine' }, 400, 'CASE_TYPE_UNKNOWN'],
      ['impossible date', 'POST', '/cases', { reference: 'X/2', caseType: 'complaint', openedOn: '2026-02-30' }, 400, 'CASE_DATE_INVALID'],
      ['date not a date', 'POST', '/cases', { reference: 'X/3', caseType: 'complaint', openedOn: 'yesterday' }, 400, 'REQUEST_INVALID'],
      ['duplicate reference', 'POST', '/cases', { reference: 'HSG/42', caseType: 'complaint' }, 409, 'CASE_REFERENCE_EXISTS'],
      ['another team’s case', 'GET', `/cases/${other.id}`, undefined, 404, 'CASE_NOT_FOUND'],
      ['closing another team’s case', 'POST', `/cases/${other.id}/close`, { closedOn: '2026-03-01' }, 404, 'CASE_NOT_FOUND'],
      ['linking to another team’s case', 'POST', `/cases/${other.id}/links`, { conversationId }, 404, 'CASE_NOT_FOUND'],
      ['tenancy closed without its end', 'POST', `/cases/${existing.id}/close`, { closedOn: '2026-03-01' }, 400, 'CASE_END_REQUIRED'],
      [
        'closed in the future',
        'POST',
        `/cases/${existing.id}/close`,
        { closedOn: '2026-04-01', endedOn: '2026-03-01' },
        400,
        'CASE_DATE_INVALID',
      ],
      ['both targets', 'POST', `/cases/${existing.id}/links`, { conversationId, messageId: messageIds[0] }, 400, 'REQUEST_INVALID'],
      [
        'unknown message',
        'POST',
        `/cases/${existing.id}/links`,
        { messageId: '00000000-0000-4000-8000-000000000001' },
        404,
        'CASE_MESSAGE_NOT_FOUND',
      ],
      ['reopening an open case', 'POST', `/cases/${existing.id}/reopen`, undefined, 409, 'CASE_NOT_CLOSED'],
      ['unknown link', 'DELETE', `/cases/${existing.id}/links/00000000-0000-4000-8000-000000000002`, undefined, 404, 'CASE_LINK_NOT_FOUND'],
    ];
    for (const [what, method, url, body, status, code] of cases) {
      const res = await api(method, url, mine, body);
      expect({ what, status: res.statusCode, code: res.json<{ error: { code: string } }>().error.code }).toEqual({ what, status, code });
    }
    // The other team cannot see this team's conversation to link it either.
    const res = await api('POST', `/cases/${other.id}/links`, theirs, { conversationId });
    expect(res.json()).toMatchObject({ error: { code: 'CASE_CONVERSATION_NOT_FOUND' } });
    expect(await snapshotTables(t.db, tables)).toEqual(before);
  });

  it('lists messages in no case on the records officer’s triage page, and not once their conversation is linked', async () => {
    const from = syntheticMobile();
    await t.services.inbound.receiveChannelEvents([buildInboundEvent(from, { sentAt: new Date('2026-02-02T12:00:00Z') })]);
    await t.services.retention.assignMissing();
    const officer = await t.addStaff('records_officer', null);
    const page = createBrowserSession(t.app);
    await page.signIn(officer.email, officer.password);
    let res = await page.get('/records/triage');
    expect(res.statusCode).toBe(200);
    const conv = (await t.db.query<{ id: string }>('SELECT id FROM conversation WHERE wa_number = $1', [from])).rows[0]!.id;
    expect(res.body).toContain(`/conversations/${conv}#cases`);
    expect(res.body).toContain('2 August 2026'); // six months on: the transient class's date
    // A caseworker may not open it.
    const cw = createBrowserSession(t.app);
    const worker = await t.addStaff('caseworker');
    await cw.signIn(worker.email, worker.password);
    expect((await cw.get('/records/triage')).statusCode).toBe(403);

    const kase = await t.services.cases.createCase(officer.actor, { reference: 'TRI/1', caseType: 'general-enquiry', teamId: t.teamId });
    await t.services.cases.linkToCase(officer.actor, kase.id, { conversationId: conv });
    res = await page.get('/records/triage');
    expect(res.body).not.toContain(`/conversations/${conv}#cases`);
  });
});
