import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { buildInboundEvent, syntheticMobile } from '../../test/factories.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';
import { createFakeClock } from '../platform/clock.js';
import type { Actor } from '../staff/staff.types.js';

describe.each(DB_KINDS)('cases and disposal dates (%s)', (kind) => {
  const clock = createFakeClock('2026-03-15T10:00:00Z');
  let t: ServiceTestContext;
  let recordsOfficer: Actor;

  beforeAll(async () => {
    t = await createServiceTestContext(kind, { clock });
    recordsOfficer = (await t.addStaff('records_officer', null)).actor;
  }, 60_000);
  afterAll(async () => t?.close());

  /** A number that messages the council (unknown to Liaise): its conversation lands in triage. */
  async function unknownSender(dates: string[]) {
    const from = syntheticMobile();
    await t.services.inbound.receiveChannelEvents(dates.map((d) => buildInboundEvent(from, { sentAt: new Date(`${d}T12:00:00Z`) })));
    const row = await t.db.query<{ id: string }>('SELECT id FROM conversation WHERE wa_number = $1', [from]);
    const conversationId = row.rows[0]!.id;
    const ids = await t.db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1 ORDER BY sent_at', [conversationId]);
    return { conversationId, messageIds: ids.rows.map((r) => r.id) };
  }
  const retentionOf = async (messageId: string) =>
    (
      await t.db.query<{ class_id: string; disposal_due: string | null; action: string; reason: string }>(
        'SELECT class_id, disposal_due, action, reason FROM message_retention WHERE message_id = $1',
        [messageId],
      )
    ).rows[0];
  let refSeq = 0;
  const newCase = (caseType: string, actor: Actor = t.caseworker, extra: { openedOn?: string } = {}) =>
    t.services.cases.createCase(actor, {
      reference: `CASE-${kind}-${++refSeq}`,
      caseType,
      title: 'Synthetic case',
      // A records officer oversees every team, so says whose case it is.
      teamId: actor.teamId ?? t.teamId,
      ...extra,
    });

  it('puts messages linked to no case in the transient class and the triage list, until they are linked', async () => {
    const { conversationId, messageIds } = await unknownSender(['2026-01-10', '2026-02-20']);
    const { assigned } = await t.services.retention.assignMissing();
    expect(assigned).toBeGreaterThanOrEqual(2);
    expect(await retentionOf(messageIds[0]!)).toMatchObject({
      class_id: 'transient-unlinked',
      disposal_due: '2026-07-10',
      action: 'destroy',
    });
    expect(await retentionOf(messageIds[1]!)).toMatchObject({ disposal_due: '2026-08-20' });
    expect((await t.services.retention.listTriage(recordsOfficer)).map((r) => r.conversationId)).toContain(conversationId);

    const complaint = await newCase('complaint', recordsOfficer, {});
    await t.services.cases.linkToCase(recordsOfficer, complaint.id, { conversationId });
    expect(await retentionOf(messageIds[0]!)).toMatchObject({ class_id: 'complaint', disposal_due: null, action: 'review' });
    expect((await retentionOf(messageIds[0]!))!.reason).toContain('the case is still open');
    expect((await t.services.retention.listTriage(recordsOfficer)).map((r) => r.conversationId)).not.toContain(conversationId);

    // Unlinked again: back to transient, back in triage.
    const [link] = (await t.services.cases.getCaseView(recordsOfficer, complaint.id)).links;
    await t.services.cases.unlinkFromCase(recordsOfficer, complaint.id, link!.id);
    expect(await retentionOf(messageIds[0]!)).toMatchObject({ class_id: 'transient-unlinked', disposal_due: '2026-07-10' });
    expect((await t.services.retention.listTriage(recordsOfficer)).map((r) => r.conversationId)).toContain(conversationId);
  });

  it('moves the messages’ dates when the case closes, and clears them when it reopens', async () => {
    const { conversationId, messageIds } = await unknownSender(['2026-01-12']);
    const complaint = await newCase('complaint', recordsOfficer, { openedOn: '2026-01-05' });
    await t.services.cases.linkToCase(recordsOfficer, complaint.id, { conversationId });
    expect((await retentionOf(messageIds[0]!))!.disposal_due).toBeNull();

    await t.services.cases.closeCase(recordsOfficer, complaint.id, { closedOn: '2026-03-10' });
    expect(await retentionOf(messageIds[0]!)).toMatchObject({ class_id: 'complaint', disposal_due: '2032-03-10', action: 'review' });
    const view = await t.services.cases.getCaseView(recordsOfficer, complaint.id);
    expect(view.retention).toEqual([expect.objectContaining({ classId: 'complaint', disposalDue: '2032-03-10', messages: 1 })]);

    await t.services.cases.reopenCase(recordsOfficer, complaint.id);
    expect((await retentionOf(messageIds[0]!))!.disposal_due).toBeNull();
    const kinds = await t.db.query<{ kind: string }>('SELECT kind FROM record WHERE case_id = $1 ORDER BY seq', [complaint.id]);
    expect(kinds.rows.map((r) => r.kind)).toEqual(['case.created', 'case.linked', 'case.closed', 'case.reopened']);
    const audit = await t.db.query<{ action: string; actor_staff_id: string }>(
      `SELECT action, actor_staff_id FROM audit_event WHERE subject_type = 'case' AND subject_id = $1 ORDER BY at, action`,
      [complaint.id],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual(['case.closed', 'case.created', 'case.linked', 'case.reopened']);
    expect(new Set(audit.rows.map((r) => r.actor_staff_id))).toEqual(new Set([recordsOfficer.id]));
  });

  it('keeps a message in two cases for the longer period', async () => {
    const { conversationId, messageIds } = await unknownSender(['2026-01-20', '2026-01-21']);
    const enquiry = await newCase('general-enquiry', recordsOfficer, { openedOn: '2026-01-01' });
    const protection = await newCase('child-protection', recordsOfficer, { openedOn: '2026-01-01' });
    await t.services.cases.linkToCase(recordsOfficer, enquiry.id, { conversationId });
    await t.services.cases.linkToCase(recordsOfficer, protection.id, { messageId: messageIds[1]! });
    await t.services.cases.closeCase(recordsOfficer, enquiry.id, { closedOn: '2026-02-01' });
    // The enquiry alone: six years from 31 March 2026, the end of the financial year it closed in.
    expect(await retentionOf(messageIds[0]!)).toMatchObject({ class_id: 'general-enquiry', disposal_due: '2032-03-31' });
    // While child protection is open it keeps its message indefinitely; closed, 35 years outlasts the enquiry's 6.
    expect(await retentionOf(messageIds[1]!)).toMatchObject({ class_id: 'child-protection', disposal_due: null });
    await t.services.cases.closeCase(recordsOfficer, protection.id, { closedOn: '2026-02-10' });
    expect(await retentionOf(messageIds[1]!)).toMatchObject({ class_id: 'child-protection', disposal_due: '2061-02-10', action: 'review' });
    expect(await retentionOf(messageIds[0]!)).toMatchObject({ class_id: 'general-enquiry', disposal_due: '2032-03-31' });
  });

  it('recomputes a looked-after child’s messages when their date of birth is corrected', async () => {
    const citizen = await t.addCitizen({ dateOfBirth: '2010-04-01', ageBand: null });
    await t.services.inbound.receiveChannelEvents([buildInboundEvent(citizen.waNumber, { sentAt: new Date('2026-02-01T09:00:00Z') })]);
    const conv = await t.db.query<{ id: string }>('SELECT id FROM conversation WHERE citizen_id = $1', [citizen.id]);
    const msg = await t.db.query<{ id: string }>('SELECT id FROM message WHERE conversation_id = $1', [conv.rows[0]!.id]);
    const lac = await newCase('looked-after-child');
    await t.services.cases.linkToCase(t.caseworker, lac.id, { conversationId: conv.rows[0]!.id });
    expect(await retentionOf(msg.rows[0]!.id)).toMatchObject({ class_id: 'looked-after-children', disposal_due: '2085-04-01' });

    await t.services.citizens.updateCitizen(t.caseworker, citizen.id, {
      fullName: citizen.fullName,
      waNumber: citizen.waNumber,
      caseReference: citizen.caseReference!,
      dateOfBirth: '2011-05-02',
      ageBand: null,
    });
    expect(await retentionOf(msg.rows[0]!.id)).toMatchObject({ class_id: 'looked-after-children', disposal_due: '2086-05-02' });
    const summary = await t.services.retention.summaryForCitizen(t.caseworker, citizen.id);
    expect(summary.map((s) => s.disposalDue)).toContain('2086-05-02');
  });

  it('files a citizen’s conversation under the case their reference names', async () => {
    const citizen = await t.addCitizen({ caseReference: `TEN-${kind}-1` });
    const kase = (await t.services.cases.listCases(t.caseworker, { search: `TEN-${kind}-1` }))[0]!;
    expect(kase).toMatchObject({ reference: `TEN-${kind}-1`, caseType: 'general-enquiry', teamId: t.teamId });
    await t.services.inbound.receiveChannelEvents([buildInboundEvent(citizen.waNumber, { sentAt: new Date('2026-02-03T09:00:00Z') })]);
    const msg = await t.db.query<{ id: string }>(
      'SELECT m.id FROM message m JOIN conversation cv ON cv.id = m.conversation_id WHERE cv.citizen_id = $1',
      [citizen.id],
    );
    const { adopted } = await t.services.retention.assignMissing();
    expect(adopted).toBeGreaterThanOrEqual(1);
    expect(await retentionOf(msg.rows[0]!.id)).toMatchObject({ class_id: 'general-enquiry', disposal_due: null });
    // The link is in the case's history: recorded and audited against the case.
    const linked = await t.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM record WHERE kind = 'case.linked' AND case_id = $1`, [
      kase.id,
    ]);
    expect(linked.rows[0]!.n).toBe(1);
    const audited = await t.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_event WHERE action = 'case.linked' AND subject_type = 'case' AND subject_id = $1`,
      [kase.id],
    );
    expect(audited.rows[0]!.n).toBe(1);
    // Idempotent: nothing more to adopt or assign.
    expect(await t.services.retention.assignMissing()).toEqual({ assigned: 0, adopted: 0 });
  });

  it('refuses bad input with its code and changes nothing', async () => {
    const other = (await t.addStaff('caseworker', 'Adult social care')).actor;
    const theirs = await newCase('adult-social-care', other);
    const mine = await newCase('housing-tenancy', t.caseworker, { openedOn: '2026-01-01' });
    const tables = ['case_file', 'case_link', 'message_retention', 'record', 'audit_event'];
    const before = await snapshotTables(t.db, tables);
    const cases = t.services.cases;
    await expect(cases.createCase(t.caseworker, { reference: 'X-1', caseType: 'no-such-type' })).rejects.toMatchObject({
      code: 'CASE_TYPE_UNKNOWN',
    });
    await expect(cases.createCase(t.caseworker, { reference: 'X-2', caseType: 'complaint', openedOn: '2026-02-30' })).rejects.toMatchObject(
      {
        code: 'CASE_DATE_INVALID',
      },
    );
    await expect(cases.createCase(t.caseworker, { reference: 'X-3', caseType: 'complaint', openedOn: '2026-04-01' })).rejects.toMatchObject(
      {
        code: 'CASE_DATE_INVALID',
      },
    );
    await expect(cases.createCase(t.caseworker, { reference: mine.reference, caseType: 'complaint' })).rejects.toMatchObject({
      code: 'CASE_REFERENCE_EXISTS',
    });
    await expect(cases.getCase(t.caseworker, theirs.id)).rejects.toMatchObject({ code: 'CASE_NOT_FOUND' });
    await expect(cases.closeCase(t.caseworker, theirs.id, { closedOn: '2026-03-01', endedOn: '2026-03-01' })).rejects.toMatchObject({
      code: 'CASE_NOT_FOUND',
    });
    // A tenancy is kept from its end: closing it needs the end date.
    await expect(cases.closeCase(t.caseworker, mine.id, { closedOn: '2026-03-01' })).rejects.toMatchObject({ code: 'CASE_END_REQUIRED' });
    await expect(cases.closeCase(t.caseworker, mine.id, { closedOn: '2026-03-31', endedOn: '2026-03-01' })).rejects.toMatchObject({
      code: 'CASE_DATE_INVALID',
    });
    await expect(cases.reopenCase(t.caseworker, mine.id)).rejects.toMatchObject({ code: 'CASE_NOT_CLOSED' });
    expect(await snapshotTables(t.db, tables)).toEqual(before);
  });
});
