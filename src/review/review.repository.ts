import type { Queryable } from '../platform/db/db.client.js';

export interface ReviewRow {
  kind: 'sent_with_warning' | 'blocked_attempt' | 'offensive_inbound' | 'personal_data_inbound';
  at: Date;
  conversation_id: string;
  citizen_name: string | null;
  team_name: string | null;
  staff_name: string | null;
  policy: { reasons?: { findingType: string; guidanceSection: string }[] } | null;
  justification: string | null;
}

/** Reads only: what managers and records officers review, gathered from messages and the record log. */
export function createReviewRepository() {
  return {
    /** Messages sent despite a warning, blocked attempts and flagged messages since `since`; `teamId` null means every team. */
    async listForReview(q: Queryable, f: { since: Date; teamId: string | null }): Promise<ReviewRow[]> {
      const teamFilter = f.teamId === null ? '' : 'AND cv.team_id = $2';
      const r = await q.query<ReviewRow>(
        `SELECT * FROM (
           SELECT 'sent_with_warning' AS kind, m.created_at AS at, m.conversation_id, c.full_name AS citizen_name, t.name AS team_name, s.display_name AS staff_name, m.policy, m.justification
             FROM message m JOIN conversation cv ON cv.id = m.conversation_id LEFT JOIN citizen c ON c.id = cv.citizen_id LEFT JOIN team t ON t.id = cv.team_id LEFT JOIN staff s ON s.id = m.staff_id
            WHERE m.direction = 'outbound' AND m.decision = 'warn' AND m.created_at > $1 ${teamFilter}
           UNION ALL
           SELECT 'blocked_attempt', r.created_at, r.conversation_id, c.full_name, t.name, s.display_name, r.payload->'policy', NULL
             FROM record r JOIN conversation cv ON cv.id = r.conversation_id LEFT JOIN citizen c ON c.id = cv.citizen_id LEFT JOIN team t ON t.id = cv.team_id LEFT JOIN staff s ON s.id = r.staff_id
            WHERE r.kind = 'message.blocked' AND r.created_at > $1 ${teamFilter}
           UNION ALL
           SELECT CASE WHEN m.flagged = 'offensive' THEN 'offensive_inbound' ELSE 'personal_data_inbound' END, coalesce(m.sent_at, m.created_at), m.conversation_id, c.full_name, t.name, NULL, m.policy, NULL
             FROM message m JOIN conversation cv ON cv.id = m.conversation_id LEFT JOIN citizen c ON c.id = cv.citizen_id LEFT JOIN team t ON t.id = cv.team_id
            WHERE m.flagged IS NOT NULL AND m.created_at > $1 ${teamFilter}
         ) x ORDER BY at DESC LIMIT 500`,
        f.teamId === null ? [f.since] : [f.since, f.teamId],
      );
      return r.rows;
    },
  };
}

export type ReviewRepository = ReturnType<typeof createReviewRepository>;
