import type { Queryable } from '../platform/db/db.client.js';

export const REPORT_CATEGORIES = ['offensive', 'safeguarding', 'other'] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export interface MessageReport {
  id: string;
  messageId: string;
  conversationId: string;
  teamId: string | null;
  category: ReportCategory;
  note: string | null;
  /** Null: reported automatically (inbound offensive content). */
  reportedBy: string | null;
  reportedByName: string | null;
  reportedAt: Date;
  /** YYYY-MM-DD */
  dueOn: string;
  outcome: string | null;
  decidedBy: string | null;
  decidedByName: string | null;
  decidedAt: Date | null;
  citizenName: string | null;
  teamName: string | null;
  direction: 'inbound' | 'outbound';
}

const REPORT_COLUMNS = 'id, message_id, team_id, category, note, reported_by, reported_at, due_on';

/**
 * The report INSERT as a CTE (`rep`) over `rows`, a SELECT giving the columns in this order: id,
 * message_id, team_id, category, note, reported_by, reported_at, due_on. The inbound fast path uses
 * it to report offensive content in the same statement that stores the message; only this module
 * names the table's columns.
 */
export function reportInsertCte(rows: string): string {
  return `rep AS (INSERT INTO message_report (${REPORT_COLUMNS}) ${rows} RETURNING 1)`;
}

type ReportRow = {
  id: string;
  message_id: string;
  conversation_id: string;
  team_id: string | null;
  category: ReportCategory;
  note: string | null;
  reported_by: string | null;
  reported_by_name: string | null;
  reported_at: Date;
  due_on: string | Date;
  outcome: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  citizen_name: string | null;
  team_name: string | null;
  direction: 'inbound' | 'outbound';
};

const SELECT = `SELECT r.id, r.message_id, m.conversation_id, r.team_id, r.category, r.note, r.reported_by, rs.display_name AS reported_by_name,
    r.reported_at, r.due_on::text AS due_on, r.outcome, r.decided_by, ds.display_name AS decided_by_name, r.decided_at,
    c.full_name AS citizen_name, t.name AS team_name, m.direction
  FROM message_report r JOIN message m ON m.id = r.message_id JOIN conversation cv ON cv.id = m.conversation_id
  LEFT JOIN citizen c ON c.id = cv.citizen_id LEFT JOIN team t ON t.id = r.team_id
  LEFT JOIN staff rs ON rs.id = r.reported_by LEFT JOIN staff ds ON ds.id = r.decided_by`;

const toReport = (r: ReportRow): MessageReport => ({
  id: r.id,
  messageId: r.message_id,
  conversationId: r.conversation_id,
  teamId: r.team_id,
  category: r.category,
  note: r.note,
  reportedBy: r.reported_by,
  reportedByName: r.reported_by_name,
  reportedAt: new Date(r.reported_at),
  dueOn: typeof r.due_on === 'string' ? r.due_on.slice(0, 10) : r.due_on.toISOString().slice(0, 10),
  outcome: r.outcome,
  decidedBy: r.decided_by,
  decidedByName: r.decided_by_name,
  decidedAt: r.decided_at ? new Date(r.decided_at) : null,
  citizenName: r.citizen_name,
  teamName: r.team_name,
  direction: r.direction,
});

/** What a decided report's outcome reads once its message has been destroyed. */
export const ERASED_OUTCOME = 'Outcome recorded; its text was destroyed with the message';

/** The message_report table's only writer: reports to the manager and their outcomes. */
export function createReportRepository() {
  return {
    async insertReport(
      q: Queryable,
      r: {
        id: string;
        messageId: string;
        teamId: string | null;
        category: ReportCategory;
        note: string | null;
        reportedBy: string | null;
        reportedAt: Date;
        dueOn: string;
      },
    ): Promise<void> {
      await q.query(
        `WITH ${reportInsertCte('SELECT $1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::uuid, $7::timestamptz, $8::date')} SELECT count(*) FROM rep`,
        [r.id, r.messageId, r.teamId, r.category, r.note, r.reportedBy, r.reportedAt, r.dueOn],
      );
    },
    async findReport(q: Queryable, id: string): Promise<MessageReport | null> {
      const r = await q.query<ReportRow>(`${SELECT} WHERE r.id = $1`, [id]);
      return r.rows[0] ? toReport(r.rows[0]) : null;
    },
    /**
     * When its message is destroyed, a report's free text goes with it (a note or an outcome can quote the
     * message or name the people in it); that it was reported, when, why and who decided stays.
     */
    async eraseTextOf(q: Queryable, messageIds: string[]): Promise<void> {
      if (messageIds.length === 0) return;
      await q.query(
        `UPDATE message_report SET note = NULL, outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '${ERASED_OUTCOME}' END
          WHERE message_id = ANY($1::uuid[]) AND (note IS NOT NULL OR outcome IS NOT NULL)`,
        [messageIds],
      );
    },
    /** Records the outcome once; false if the report was already decided (a second manager, a double click). */
    async decideReport(q: Queryable, id: string, d: { outcome: string; decidedBy: string; decidedAt: Date }): Promise<boolean> {
      const r = await q.query(
        'UPDATE message_report SET outcome = $2, decided_by = $3, decided_at = $4 WHERE id = $1 AND decided_at IS NULL',
        [id, d.outcome, d.decidedBy, d.decidedAt],
      );
      return r.rowCount === 1;
    },
    /** Reports not yet decided, soonest due first; `teamId` null: every team. */
    async listOpenReports(q: Queryable, teamId: string | null): Promise<MessageReport[]> {
      const r = await q.query<ReportRow>(
        `${SELECT} WHERE r.decided_at IS NULL ${teamId === null ? '' : 'AND r.team_id = $1'} ORDER BY r.due_on, r.reported_at LIMIT 500`,
        teamId === null ? [] : [teamId],
      );
      return r.rows.map(toReport);
    },
    async listReportsForMessages(q: Queryable, messageIds: string[]): Promise<MessageReport[]> {
      if (messageIds.length === 0) return [];
      const r = await q.query<ReportRow>(`${SELECT} WHERE r.message_id = ANY($1::uuid[]) ORDER BY r.reported_at`, [messageIds]);
      return r.rows.map(toReport);
    },
  };
}

export type ReportRepository = ReturnType<typeof createReportRepository>;
