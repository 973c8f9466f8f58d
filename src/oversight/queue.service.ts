import { can, teamScope } from '../access/authorize.js';
import type { Clock } from '../platform/clock.js';
import type { Db } from '../platform/db/db.client.js';
import type { ReviewRepository } from '../review/review.repository.js';
import type { Actor } from '../staff/staff.types.js';
import { localDate } from './due-dates.js';
import { oversightForbidden } from './oversight.errors.js';
import type { OversightRepository } from './oversight.repository.js';
import type { ReportCategory, ReportRepository } from './report.repository.js';

export type QueueKind = 'approval' | 'suspended' | 'report' | 'sent_with_warning' | 'blocked_attempt';

/** One thing that needs the manager: what happened, who, when, the decision and its reason, and where to act. */
export interface QueueItem {
  kind: QueueKind;
  at: Date;
  conversationId: string;
  citizenName: string | null;
  teamName: string | null;
  /** Who did it (null: Liaise itself, e.g. an automatic report). */
  staffName: string | null;
  /** The reason in the caseworker's or reporter's words, where there is one. */
  reason: string | null;
  /** Finding types and guidance sections (warned and blocked sends), never message text. */
  findings: { findingType: string; guidanceSection: string }[];
  /** Reports: the category; approvals: the purpose and channels tried; suspensions: the reason code. */
  detail: Record<string, unknown>;
  /** YYYY-MM-DD, for reports. */
  dueOn: string | null;
  overdue: boolean;
  reportId: string | null;
  messageId: string | null;
}

/** How far back warned sends and blocked attempts stay in the queue (as on the review page). */
export const QUEUE_DAYS = 30;

/**
 * The manager's queue: one list of what needs the manager. It gathers pending first-contact approvals
 * and suspended conversations (the contact rules' columns), open reports with their due dates, and,
 * from the review page's query, messages sent despite a warning and blocked attempts of the last 30
 * days. Managers see their team's; admins every team's. Approving, refusing and releasing happen on
 * the conversation page; recording a report's outcome on the report's page.
 */
export function createQueueService(deps: {
  db: Db;
  oversight: OversightRepository;
  reports: ReportRepository;
  review: ReviewRepository;
  clock: Clock;
  timeZone: string;
}) {
  const { db, oversight, reports, review, clock, timeZone } = deps;
  return {
    async listQueue(actor: Actor): Promise<QueueItem[]> {
      if (!can(actor, 'oversight.read')) throw oversightForbidden();
      const teamId = teamScope(actor);
      const now = clock.now();
      const today = localDate(now, timeZone);
      const since = new Date(now.getTime() - QUEUE_DAYS * 86_400_000);
      const [approvals, suspended, open, reviewed] = await Promise.all([
        oversight.listPendingApprovals(db, teamId),
        oversight.listSuspended(db, teamId),
        reports.listOpenReports(db, teamId),
        review.listForReview(db, { since, teamId }),
      ]);
      const base = { findings: [], dueOn: null, overdue: false, reportId: null, messageId: null };
      const items: QueueItem[] = [
        ...open.map((r): QueueItem => ({
          ...base,
          kind: 'report',
          at: r.reportedAt,
          conversationId: r.conversationId,
          citizenName: r.citizenName,
          teamName: r.teamName,
          staffName: r.reportedByName,
          reason: r.note,
          detail: { category: r.category satisfies ReportCategory, automatic: r.reportedBy === null, direction: r.direction },
          dueOn: r.dueOn,
          overdue: r.dueOn < today,
          reportId: r.id,
          messageId: r.messageId,
        })),
        ...approvals.map((c): QueueItem => ({
          ...base,
          kind: 'approval',
          at: c.at,
          conversationId: c.conversationId,
          citizenName: c.citizenName,
          teamName: c.teamName,
          staffName: c.staffName,
          reason: c.justification,
          detail: { purpose: c.purpose, channelsTried: c.channelsTried ?? [] },
        })),
        ...suspended.map((c): QueueItem => ({
          ...base,
          kind: 'suspended',
          at: c.at,
          conversationId: c.conversationId,
          citizenName: c.citizenName,
          teamName: c.teamName,
          staffName: null,
          reason: null,
          detail: { suspendedReason: c.suspendedReason },
        })),
        ...reviewed
          .filter((r) => r.kind === 'sent_with_warning' || r.kind === 'blocked_attempt')
          .map((r): QueueItem => ({
            ...base,
            kind: r.kind as 'sent_with_warning' | 'blocked_attempt',
            at: new Date(r.at),
            conversationId: r.conversation_id,
            citizenName: r.citizen_name,
            teamName: r.team_name,
            staffName: r.staff_name,
            reason: r.justification,
            findings: (r.policy?.reasons ?? []).map((x) => ({ findingType: x.findingType, guidanceSection: x.guidanceSection })),
            detail: {},
          })),
      ];
      return items;
    },
  };
}

export type QueueService = ReturnType<typeof createQueueService>;
