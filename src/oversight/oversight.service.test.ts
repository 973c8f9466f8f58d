import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessageEvent } from '../channel/channel.types.js';
import { createFakeClock } from '../platform/clock.js';
import type { Actor } from '../staff/staff.types.js';
import { DB_KINDS, snapshotTables } from '../../test/db.js';
import { TEST_PHONE_NUMBER_ID, firstContact } from '../../test/factories.js';
import { createServiceTestContext, type ServiceTestContext } from '../../test/services.js';
import { reportDueOn } from './due-dates.js';

const OFFENSIVE = 'You are a useless idiot and I hate you';
const TOUCHED = ['message_report', 'message_share', 'record', 'audit_event', 'message'] as const;

let seq = 0;
const inbound = (from: string, text: string, at: Date, extra: Partial<InboundMessageEvent> = {}): InboundMessageEvent => ({
  kind: 'message',
  phoneNumberId: TEST_PHONE_NUMBER_ID,
  providerMessageId: `wamid.oversight-${++seq}-${Math.random().toString(36).slice(2)}`,
  from,
  profileName: null,
  sentAt: at,
  type: 'text',
  text,
  media: null,
  location: null,
  forwarded: false,
  frequentlyForwarded: false,
  replyToProviderMessageId: null,
  ...extra,
});

describe('report due dates (working days, Europe/London)', () => {
  it.each([
    ['safeguarding', '2026-03-04T10:00:00Z', '2026-03-04'], // Wednesday: the same day
    ['offensive', '2026-03-04T10:00:00Z', '2026-03-06'], // Wednesday + 2 working days
    ['other', '2026-03-06T16:00:00Z', '2026-03-10'], // Friday → Tuesday
    ['offensive', '2026-03-07T12:00:00Z', '2026-03-11'], // Saturday: counted from Monday
    ['safeguarding', '2026-03-08T12:00:00Z', '2026-03-09'], // Sunday → Monday
    ['offensive', '2026-03-29T23:30:00Z', '2026-04-01'], // 00:30 BST on Monday 30 March
  ] as const)('%s at %s is due %s', (category, at, due) => {
    expect(reportDueOn(category, new Date(at))).toBe(due);
  });
});

describe.each(DB_KINDS)('oversight services (%s)', (kind) => {
  let t: ServiceTestContext;
  const clock = createFakeClock('2026-03-04T10:00:00Z');
  let manager: Actor;
  let otherManager: Actor;
  let colleague: Actor;
  let otherCaseworker: Actor;
  let admin: Actor;

  beforeAll(async () => {
    t = await createServiceTestContext(kind, { clock });
    manager = (await t.addStaff('manager')).actor;
    colleague = (await t.addStaff('caseworker')).actor;
    otherManager = (await t.addStaff('manager', 'Adult social care')).actor;
    otherCaseworker = (await t.addStaff('caseworker', 'Adult social care')).actor;
    admin = (await t.addStaff('admin', null)).actor;
  }, 120_000);
  afterAll(async () => t?.close());

  /** A citizen who has written in (so the 24-hour window is open) and the conversation. */
  async function conversationWithReply(text = 'Can you call me on Tuesday?') {
    const citizen = await t.addCitizen();
    const conv = await t.services.conversations.openConversation(
      t.caseworker,
      citizen.id,
      firstContact('Phoned twice and wrote a letter, no answer'),
    );
    await t.services.inbound.receiveChannelEvents([inbound(citizen.waNumber, text, clock.now())]);
    const { messages } = await t.services.conversations.readConversation(t.caseworker, conv.id);
    return { citizen, conv, message: messages.at(-1)! };
  }

  const snapshot = () => snapshotTables(t.db, TOUCHED);

  describe('reports to the manager', () => {
    it('a caseworker reports a message: due by its category, recorded, audited, in the manager’s queue', async () => {
      const { conv, message } = await conversationWithReply();
      const report = await t.services.reports.reportMessage(t.caseworker, message.id, {
        category: 'safeguarding',
        note: 'Mentions a child at home',
      });
      expect(report).toMatchObject({
        category: 'safeguarding',
        dueOn: '2026-03-04',
        reportedBy: t.caseworker.id,
        note: 'Mentions a child at home',
      });
      const other = await t.services.reports.reportMessage(t.caseworker, message.id, { category: 'offensive' });
      expect(other.dueOn).toBe('2026-03-06');
      const records = await t.db.query<{ kind: string; payload: { reportId: string; noteDigest: string | null } }>(
        `SELECT kind, payload FROM record WHERE message_id = $1 AND kind = 'message.reported' ORDER BY seq`,
        [message.id],
      );
      expect(records.rows.map((r) => r.payload.reportId)).toEqual([report.id, other.id]);
      // The note's digest, never its words, goes into the record log.
      expect(JSON.stringify(records.rows)).not.toContain('child at home');
      const audit = await t.db.query(`SELECT 1 FROM audit_event WHERE action = 'message.reported' AND subject_id = $1`, [message.id]);
      expect(audit.rows).toHaveLength(2);
      const queue = await t.services.queue.listQueue(manager);
      expect(queue.filter((i) => i.kind === 'report' && i.conversationId === conv.id).map((i) => i.reportId)).toEqual([
        report.id,
        other.id,
      ]);
    });

    it('refuses a report without a category, or of a message in another team, changing nothing', async () => {
      const { message } = await conversationWithReply();
      const before = await snapshot();
      await expect(t.services.reports.reportMessage(t.caseworker, message.id, { category: 'rude' })).rejects.toMatchObject({
        code: 'REPORT_CATEGORY_REQUIRED',
      });
      await expect(t.services.reports.reportMessage(t.caseworker, message.id, { category: null })).rejects.toMatchObject({
        code: 'REPORT_CATEGORY_REQUIRED',
      });
      await expect(
        t.services.reports.reportMessage(t.caseworker, message.id, { category: 'other', note: 'x'.repeat(2001) }),
      ).rejects.toMatchObject({ code: 'REPORT_NOTE_TOO_LONG' });
      await expect(t.services.reports.reportMessage(otherCaseworker, message.id, { category: 'other' })).rejects.toMatchObject({
        code: 'MESSAGE_NOT_FOUND',
      });
      expect(await snapshot()).toEqual(before);
    });

    it('the manager records the outcome once; another team’s manager cannot see the report', async () => {
      const { message } = await conversationWithReply();
      const report = await t.services.reports.reportMessage(t.caseworker, message.id, { category: 'other' });
      const before = await snapshot();
      await expect(t.services.reports.decideReport(manager, report.id, { outcome: '   ' })).rejects.toMatchObject({
        code: 'REPORT_OUTCOME_REQUIRED',
      });
      await expect(t.services.reports.decideReport(otherManager, report.id, { outcome: 'Spoke to them' })).rejects.toMatchObject({
        code: 'REPORT_NOT_FOUND',
      });
      await expect(t.services.reports.decideReport(t.caseworker, report.id, { outcome: 'Spoke to them' })).rejects.toMatchObject({
        code: 'OVERSIGHT_FORBIDDEN',
      });
      expect(await snapshot()).toEqual(before);
      const decided = await t.services.reports.decideReport(manager, report.id, { outcome: 'Spoke to the caseworker; no further action' });
      expect(decided).toMatchObject({ outcome: 'Spoke to the caseworker; no further action', decidedBy: manager.id });
      expect(decided.decidedAt).not.toBeNull();
      await expect(t.services.reports.decideReport(manager, report.id, { outcome: 'Again' })).rejects.toMatchObject({
        code: 'REPORT_ALREADY_DECIDED',
      });
      const kinds = await t.db.query<{ kind: string }>(`SELECT kind FROM record WHERE message_id = $1 ORDER BY seq`, [message.id]);
      expect(kinds.rows.map((r) => r.kind)).toEqual(['message.inbound', 'message.reported', 'message.report-decided']);
      expect((await t.services.queue.listQueue(manager)).some((i) => i.reportId === report.id)).toBe(false);
    });

    it('reports inbound offensive content automatically, once, on the fast path and the transactional one', async () => {
      const citizen = await t.addCitizen();
      const fast = inbound(citizen.waNumber, OFFENSIVE, clock.now());
      await t.services.inbound.receiveChannelEvents([fast]);
      await t.services.inbound.receiveChannelEvents([fast]); // delivered twice
      const media = inbound(citizen.waNumber, OFFENSIVE, clock.now(), {
        type: 'image',
        media: { mediaId: 'media-1', mimeType: 'image/jpeg', sha256: null, fileName: null, caption: OFFENSIVE },
      });
      await t.services.inbound.receiveChannelEvents([media]);
      await t.services.inbound.receiveChannelEvents([inbound(citizen.waNumber, 'Thanks, Tuesday is fine', clock.now())]);
      const rows = await t.db.query<{
        category: string;
        reported_by: string | null;
        team_id: string;
        due_on: string;
        provider_message_id: string;
      }>(
        `SELECT r.category, r.reported_by, r.team_id, r.due_on::text AS due_on, m.provider_message_id
           FROM message_report r JOIN message m ON m.id = r.message_id JOIN conversation cv ON cv.id = m.conversation_id
          WHERE cv.citizen_id = $1 ORDER BY m.provider_message_id`,
        [citizen.id],
      );
      expect(rows.rows.map((r) => r.provider_message_id).sort()).toEqual([fast.providerMessageId, media.providerMessageId].sort());
      for (const r of rows.rows)
        expect(r).toMatchObject({ category: 'offensive', reported_by: null, team_id: t.teamId, due_on: '2026-03-06' });
      // The record log carries the automatic report with the message.
      const rec = await t.db.query<{ payload: { report?: { automatic: boolean; category: string } } }>(
        `SELECT r.payload FROM record r JOIN message m ON m.id = r.message_id WHERE m.provider_message_id = $1 AND r.kind = 'message.inbound'`,
        [fast.providerMessageId],
      );
      expect(rec.rows[0]!.payload.report).toMatchObject({ automatic: true, category: 'offensive' });
      const queue = await t.services.queue.listQueue(manager);
      expect(queue.filter((i) => i.kind === 'report' && i.detail['automatic'] === true && i.citizenName === citizen.fullName)).toHaveLength(
        2,
      );
    });

    it('keeps WhatsApp’s forwarded and frequently-forwarded marks apart', async () => {
      const citizen = await t.addCitizen();
      await t.services.inbound.receiveChannelEvents([
        inbound(citizen.waNumber, 'Pass this on', clock.now(), { forwarded: true }),
        inbound(citizen.waNumber, 'Chain letter', clock.now(), { forwarded: true, frequentlyForwarded: true }),
      ]);
      const rows = await t.db.query<{ forwarded: boolean; frequently_forwarded: boolean }>(
        `SELECT m.forwarded, m.frequently_forwarded FROM message m JOIN conversation cv ON cv.id = m.conversation_id
          WHERE cv.citizen_id = $1 ORDER BY m.frequently_forwarded`,
        [citizen.id],
      );
      expect(rows.rows).toEqual([
        { forwarded: true, frequently_forwarded: false },
        { forwarded: true, frequently_forwarded: true },
      ]);
    });
  });

  describe('sharing', () => {
    it('shares a message with a colleague in the team, who sees it in their list; audited and recorded', async () => {
      const { conv, message } = await conversationWithReply();
      const before = await snapshot();
      for (const colleagueId of [otherCaseworker.id, t.caseworker.id, 'not-an-id', null])
        await expect(t.services.shares.shareMessage(t.caseworker, message.id, { colleagueId })).rejects.toMatchObject({
          code: 'SHARE_COLLEAGUE_INVALID',
        });
      await expect(t.services.shares.shareMessage(otherCaseworker, message.id, { colleagueId: colleague.id })).rejects.toMatchObject({
        code: 'MESSAGE_NOT_FOUND',
      });
      expect(await snapshot()).toEqual(before);
      await t.services.shares.shareMessage(t.caseworker, message.id, { colleagueId: colleague.id, note: 'Can you call her back?' });
      const list = await t.services.shares.listSharedWithMe(colleague);
      expect(list[0]).toMatchObject({
        messageId: message.id,
        conversationId: conv.id,
        sharedBy: t.caseworker.id,
        note: 'Can you call her back?',
      });
      expect(list[0]!.seenAt).toBeNull();
      await t.services.shares.markSeen(colleague, conv.id);
      expect((await t.services.shares.listSharedWithMe(colleague))[0]!.seenAt).not.toBeNull();
      expect(await t.services.shares.listSharedWithMe(otherCaseworker)).toEqual([]);
      const audit = await t.db.query(`SELECT 1 FROM audit_event WHERE action = 'message.shared' AND subject_id = $1`, [message.id]);
      expect(audit.rows).toHaveLength(1);
      const rec = await t.db.query(`SELECT 1 FROM record WHERE kind = 'message.shared' AND message_id = $1`, [message.id]);
      expect(rec.rows).toHaveLength(1);
    });

    it('refuses a copy outside Liaise of a message with personal data (SHARE_PERSONAL_DATA), changing nothing', async () => {
      const { message } = await conversationWithReply('my email is alex@example.com, call me after 5');
      const before = await snapshot();
      await expect(t.services.shares.copyOutside(t.caseworker, message.id)).rejects.toMatchObject({
        code: 'SHARE_PERSONAL_DATA',
        status: 422,
        details: { findings: ['EMAIL'] },
      });
      expect(await snapshot()).toEqual(before);
    });

    it('copies a message without personal data, audited, without the citizen’s name or number', async () => {
      const { message } = await conversationWithReply('Tuesday after lunch suits me');
      const copy = await t.services.shares.copyOutside(t.caseworker, message.id);
      expect(copy).toMatchObject({ messageId: message.id, direction: 'inbound', text: 'Tuesday after lunch suits me' });
      const audit = await t.db.query(`SELECT 1 FROM audit_event WHERE action = 'message.copied-out' AND subject_id = $1`, [message.id]);
      expect(audit.rows).toHaveLength(1);
    });
  });

  describe('the manager’s queue', () => {
    it('gathers approvals, suspensions, reports, warned sends and blocked attempts, by team', async () => {
      const { conv, message } = await conversationWithReply();
      await t.services.outbound.sendMessage(t.caseworker, conv.id, {
        text: 'Please email me at alex@example.com',
        justification: 'The citizen asked for email contact',
      });
      await expect(
        t.services.outbound.sendMessage(t.caseworker, conv.id, { text: 'nhs num 5232792822 for the referral pls' }),
      ).rejects.toMatchObject({ code: 'POLICY_BLOCKED' });
      const pending = await conversationWithReply();
      const suspended = await conversationWithReply();
      // The contact rules set these columns; the queue only reads them.
      await t.db.query(`UPDATE conversation SET approval_state = 'pending', channels_tried = $2, contact_purpose = 'call' WHERE id = $1`, [
        pending.conv.id,
        JSON.stringify([{ channel: 'phone', on: '2026-03-02' }]),
      ]);
      await t.db.query(`UPDATE conversation SET suspended_at = $2, suspended_reason = 'child_signal' WHERE id = $1`, [
        suspended.conv.id,
        clock.now(),
      ]);
      const report = await t.services.reports.reportMessage(t.caseworker, message.id, { category: 'offensive' });

      const queue = await t.services.queue.listQueue(manager);
      const mine = (kind: string) => queue.filter((i) => i.kind === kind);
      expect(mine('approval').find((i) => i.conversationId === pending.conv.id)).toMatchObject({
        reason: 'Phoned twice and wrote a letter, no answer',
        detail: { purpose: 'call', channelsTried: [{ channel: 'phone', on: '2026-03-02' }] },
      });
      expect(mine('suspended').find((i) => i.conversationId === suspended.conv.id)).toMatchObject({
        detail: { suspendedReason: 'child_signal' },
      });
      expect(mine('report').find((i) => i.reportId === report.id)).toMatchObject({ dueOn: '2026-03-06', overdue: false });
      expect(mine('sent_with_warning').find((i) => i.conversationId === conv.id)).toMatchObject({
        reason: 'The citizen asked for email contact',
        findings: [expect.objectContaining({ findingType: 'EMAIL' })],
      });
      expect(mine('blocked_attempt').find((i) => i.conversationId === conv.id)?.findings[0]).toMatchObject({ findingType: 'NHS_NUMBER' });

      // Team scope: the other team's manager sees none of it; admins see it all; caseworkers have no queue.
      const theirs = await t.services.queue.listQueue(otherManager);
      expect(theirs.filter((i) => [conv.id, pending.conv.id, suspended.conv.id].includes(i.conversationId))).toEqual([]);
      const all = await t.services.queue.listQueue(admin);
      expect(
        all
          .filter((i) => [conv.id, pending.conv.id, suspended.conv.id].includes(i.conversationId))
          .map((i) => i.kind)
          .sort(),
      ).toEqual(['approval', 'blocked_attempt', 'report', 'sent_with_warning', 'suspended']);
      await expect(t.services.queue.listQueue(t.caseworker)).rejects.toMatchObject({ code: 'OVERSIGHT_FORBIDDEN' });

      // A report past its due date is overdue.
      clock.set('2026-03-09T10:00:00Z');
      expect((await t.services.queue.listQueue(manager)).find((i) => i.reportId === report.id)).toMatchObject({ overdue: true });
      clock.set('2026-03-04T10:00:00Z');
    });
  });
});
