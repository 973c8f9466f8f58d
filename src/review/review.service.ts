import type { Db } from '../platform/db/db.client.js';
import { forbidden } from '../platform/errors.js';
import { type Actor, seesAllTeams } from '../staff/staff.types.js';

export interface ReviewItem {
  kind: 'sent_with_warning' | 'blocked_attempt' | 'offensive_inbound' | 'personal_data_inbound';
  at: Date;
  conversationId: string;
  citizenName: string | null;
  teamName: string | null;
  staffName: string | null;
  /** Finding types and guidance sections only: never the message text. */
  reasons: { findingType: string; guidanceSection: string }[];
  justification: string | null;
}

type Row = {
  kind: ReviewItem['kind'];
  at: Date;
  conversation_id: string;
  citizen_name: string | null;
  team_name: string | null;
  staff_name: string | null;
  policy: { reasons?: { findingType: string; guidanceSection: string }[] } | null;
  justification: string | null;
};

/**
 * What managers and records officers review: messages sent despite a warning
 * (with the caseworker's justification), blocked attempts, and flagged inbound
 * or imported messages. Managers see their team; records officers and admins all.
 * Lists carry finding types, not message text, so listing is not a content read.
 */
export function createReviewService(deps: { db: Db }) {
  return {
    async listForReview(actor: Actor, opts: { days?: number } = {}): Promise<ReviewItem[]> {
      if (actor.role === 'caseworker') throw forbidden();
      const all = seesAllTeams(actor);
      const since = new Date(Date.now() - (opts.days ?? 30) * 86_400_000);
      const teamFilter = all ? '' : 'AND cv.team_id = $2';
      const r = await deps.db.query<Row>(
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
        all ? [since] : [since, actor.teamId],
      );
      return r.rows.map((row) => ({
        kind: row.kind,
        at: new Date(row.at),
        conversationId: row.conversation_id,
        citizenName: row.citizen_name,
        teamName: row.team_name,
        staffName: row.staff_name,
        reasons: (row.policy?.reasons ?? []).map((x) => ({ findingType: x.findingType, guidanceSection: x.guidanceSection })),
        justification: row.justification,
      }));
    },
  };
}

export type ReviewService = ReturnType<typeof createReviewService>;
