import { randomUUID } from 'node:crypto';
import { authorize, can, teamScope } from '../access/authorize.js';
import type { AuditService } from '../audit/audit.service.js';
import { messageNotFound } from '../conversations/conversation.errors.js';
import type { Conversation, ConversationRepository, StoredMessage } from '../conversations/conversation.repository.js';
import { messageRecordLinks } from '../conversations/message.js';
import { type Digester, digestFields } from '../platform/crypto/digest.js';
import type { Clock } from '../platform/clock.js';
import type { Db, Queryable } from '../platform/db/db.client.js';
import type { RecordsService } from '../records/records.service.js';
import type { Actor } from '../staff/staff.types.js';
import { reportDueOn } from './due-dates.js';
import {
  oversightForbidden,
  reportAlreadyDecided,
  reportCategoryRequired,
  reportNotFound,
  reportNoteTooLong,
  reportOutcomeRequired,
  reportOutcomeTooLong,
} from './oversight.errors.js';
import { REPORT_CATEGORIES, type MessageReport, type ReportCategory, type ReportRepository } from './report.repository.js';

export const NOTE_MAX = 2000;

/** What oversight needs of conversations: a message, and its conversation if the actor may see it. */
export interface MessageAccess {
  conversations: Pick<ConversationRepository, 'findMessage'>;
  /** The conversation if the actor may read it; CONVERSATION_NOT_FOUND otherwise. */
  visibleConversation(actor: Actor, id: string): Promise<Conversation>;
}

/** A message the actor may see, with its conversation; MESSAGE_NOT_FOUND (404) for anything else. */
export async function findVisibleMessage(
  db: Db,
  access: MessageAccess,
  actor: Actor,
  messageId: string,
): Promise<{ message: StoredMessage; conversation: Conversation }> {
  const message = await access.conversations.findMessage(db, messageId);
  if (!message) throw messageNotFound();
  const conversation = await access.visibleConversation(actor, message.conversationId).catch(() => {
    throw messageNotFound();
  });
  return { message, conversation };
}

/**
 * Reports to the manager (guidance section 5: staff report offensive messages to their manager).
 * Any message can be reported as offensive, a safeguarding concern or other, with a note; inbound
 * offensive content is reported automatically as it arrives. Each report is due by a date
 * (see due-dates.ts), sits in the manager's queue until the outcome is recorded, and both the report
 * and the outcome are audited and appended to the record log (the note's and outcome's digests only).
 */
export function createReportService(deps: {
  db: Db;
  reports: ReportRepository;
  access: MessageAccess;
  records: RecordsService;
  audit: AuditService;
  clock: Clock;
  timeZone: string;
  /** Keys the digests records carry of notes and outcomes. */
  digester: Digester;
}) {
  const { db, reports, access, records, audit, clock, timeZone } = deps;

  async function reportMessage(
    actor: Actor,
    messageId: string,
    input: { category?: string | null; note?: string | null },
    meta: { requestId?: string } = {},
  ): Promise<MessageReport> {
    if (!can(actor, 'message.report')) throw oversightForbidden();
    const { message, conversation } = await findVisibleMessage(db, access, actor, messageId);
    authorize(actor, 'message.report', { teamId: conversation.teamId });
    const category = REPORT_CATEGORIES.find((c) => c === input.category);
    if (!category) throw reportCategoryRequired();
    const note = input.note?.trim() || null;
    if (note && note.length > NOTE_MAX) throw reportNoteTooLong(NOTE_MAX);
    const id = randomUUID();
    const now = clock.now();
    const dueOn = reportDueOn(category, now, timeZone);
    await db.transaction(async (tx) => {
      await reports.insertReport(tx, {
        id,
        messageId: message.id,
        teamId: conversation.teamId,
        category,
        note,
        reportedBy: actor.id,
        reportedAt: now,
        dueOn,
      });
      await records.append(tx, {
        kind: 'message.reported',
        ...messageRecordLinks(conversation, message.id),
        staffId: actor.id,
        payload: { reportId: id, category, dueOn, automatic: false, ...digestFields(deps.digester, { noteDigest: note || null }) },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'message.reported',
        subjectType: 'message',
        subjectId: message.id,
        details: { reportId: id, category, dueOn, conversationId: conversation.id },
        requestId: meta.requestId,
      });
    });
    return (await reports.findReport(db, id))!;
  }

  /** A report the actor may see: their team's (managers), any (admins). */
  async function getReport(actor: Actor, id: string): Promise<MessageReport> {
    if (!can(actor, 'report.decide')) throw oversightForbidden();
    const report = await reports.findReport(db, id);
    if (!report || !can(actor, 'report.decide', { teamId: report.teamId })) throw reportNotFound();
    return report;
  }

  /** The manager records the outcome, once. */
  async function decideReport(
    actor: Actor,
    id: string,
    input: { outcome?: string | null },
    meta: { requestId?: string } = {},
  ): Promise<MessageReport> {
    const report = await getReport(actor, id);
    if (report.decidedAt) throw reportAlreadyDecided();
    const outcome = input.outcome?.trim() ?? '';
    if (!outcome) throw reportOutcomeRequired();
    if (outcome.length > NOTE_MAX) throw reportOutcomeTooLong(NOTE_MAX);
    const message = (await access.conversations.findMessage(db, report.messageId))!;
    const conversation = await access.visibleConversation(actor, message.conversationId);
    await db.transaction(async (tx) => {
      if (!(await reports.decideReport(tx, id, { outcome, decidedBy: actor.id, decidedAt: clock.now() }))) throw reportAlreadyDecided();
      await records.append(tx, {
        kind: 'message.report-decided',
        ...messageRecordLinks(conversation, message.id),
        staffId: actor.id,
        payload: { reportId: id, category: report.category, ...digestFields(deps.digester, { outcomeDigest: outcome }) },
      });
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'message.report-decided',
        subjectType: 'message_report',
        subjectId: id,
        details: { messageId: message.id, category: report.category },
        requestId: meta.requestId,
      });
    });
    return (await reports.findReport(db, id))!;
  }

  return {
    reportMessage,
    /** The message (its kind, direction and time; no text) and conversation a report form is about. */
    async describeMessage(actor: Actor, messageId: string) {
      if (!can(actor, 'message.report')) throw oversightForbidden();
      const { message, conversation } = await findVisibleMessage(db, access, actor, messageId);
      const { bodyCt: _b, keyId: _k, ...meta } = message;
      return { message: meta, conversation };
    },
    getReport,
    decideReport,
    /** Open reports in the actor's scope, soonest due first. */
    async listOpenReports(actor: Actor): Promise<MessageReport[]> {
      if (!can(actor, 'oversight.read')) throw oversightForbidden();
      return reports.listOpenReports(db, teamScope(actor));
    },
    /** Reports on these messages (the conversation page marks reported messages). */
    listReportsForMessages: (messageIds: string[]) => reports.listReportsForMessages(db, messageIds),
    /** What inbound uses to report offensive content by itself (see inbound.service's AutoReports). */
    autoReports: {
      dueOn: (at: Date) => reportDueOn('offensive' satisfies ReportCategory, at, timeZone),
      insertAutomatic: (tx: Queryable, r: { id: string; messageId: string; teamId: string | null; reportedAt: Date; dueOn: string }) =>
        reports.insertReport(tx, { ...r, category: 'offensive', note: null, reportedBy: null }),
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
