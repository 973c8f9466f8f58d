import type { Queryable } from '../platform/db/db.client.js';

/** A conversation waiting on the manager: a first contact to approve, or one suspended on signs of a child. */
export interface WaitingConversation {
  conversationId: string;
  teamId: string | null;
  teamName: string | null;
  citizenName: string | null;
  staffName: string | null;
  at: Date;
  justification: string | null;
  channelsTried: { channel: string; on: string }[] | null;
  purpose: string | null;
  suspendedReason: string | null;
}

export type UsageKind = 'messages' | 'first_contacts' | 'warnings' | 'blocks' | 'reports';

export interface UsageCountRow {
  staffId: string | null;
  staffName: string | null;
  teamName: string | null;
  /** Monday of the week, YYYY-MM-DD, in the council's time zone. */
  week: string;
  kind: UsageKind;
  n: number;
}

export interface ReplyTimeRow {
  /** Null with `byStaff` false: every member of staff together. */
  staffId: string | null;
  /** Null with `byWeek` false: the whole range. */
  week: string | null;
  byStaff: boolean;
  byWeek: boolean;
  replies: number;
  medianSeconds: number;
}

type WaitingRow = {
  id: string;
  team_id: string | null;
  team_name: string | null;
  citizen_name: string | null;
  staff_name: string | null;
  at: Date;
  contact_justification: string | null;
  channels_tried: { channel: string; on: string }[] | null;
  contact_purpose: string | null;
  suspended_reason: string | null;
};

const toWaiting = (r: WaitingRow): WaitingConversation => ({
  conversationId: r.id,
  teamId: r.team_id,
  teamName: r.team_name,
  citizenName: r.citizen_name,
  staffName: r.staff_name,
  at: new Date(r.at),
  justification: r.contact_justification,
  channelsTried: r.channels_tried,
  purpose: r.contact_purpose,
  suspendedReason: r.suspended_reason,
});

const WAITING = (at: string) => `SELECT cv.id, cv.team_id, t.name AS team_name, c.full_name AS citizen_name, s.display_name AS staff_name,
    ${at} AS at, cv.contact_justification, cv.channels_tried, cv.contact_purpose, cv.suspended_reason
  FROM conversation cv LEFT JOIN team t ON t.id = cv.team_id LEFT JOIN citizen c ON c.id = cv.citizen_id LEFT JOIN staff s ON s.id = cv.opened_by`;

/** Reads only: what the manager's queue and the usage page gather from conversations, messages, records and reports. */
export function createOversightRepository() {
  return {
    /** First contacts waiting for the manager's approval (conversation.approval_state = 'pending'); `teamId` null: every team. */
    async listPendingApprovals(q: Queryable, teamId: string | null): Promise<WaitingConversation[]> {
      const r = await q.query<WaitingRow>(
        `${WAITING('cv.created_at')} WHERE cv.approval_state = 'pending' ${teamId === null ? '' : 'AND cv.team_id = $1'}
         ORDER BY cv.created_at LIMIT 500`,
        teamId === null ? [] : [teamId],
      );
      return r.rows.map(toWaiting);
    },
    /** Conversations suspended until a manager releases them (conversation.suspended_at set). */
    async listSuspended(q: Queryable, teamId: string | null): Promise<WaitingConversation[]> {
      const r = await q.query<WaitingRow>(
        `${WAITING('cv.suspended_at')} WHERE cv.suspended_at IS NOT NULL ${teamId === null ? '' : 'AND cv.team_id = $1'}
         ORDER BY cv.suspended_at LIMIT 500`,
        teamId === null ? [] : [teamId],
      );
      return r.rows.map(toWaiting);
    },

    /**
     * Counts by member of staff, week and kind between `from` (inclusive) and `to` (exclusive):
     * messages sent from Liaise (imported chats are not usage of Liaise), first contacts (conversations
     * staff opened), messages sent despite a warning, blocked attempts and reports made (a null staff id:
     * automatic reports of offensive inbound messages). Weeks start on Monday in `timeZone`.
     */
    async countUsage(q: Queryable, f: { teamId: string | null; from: Date; to: Date; timeZone: string }): Promise<UsageCountRow[]> {
      const week = (col: string) => `date_trunc('week', ${col} AT TIME ZONE $3)::date`;
      const team = (col: string) => `($4::uuid IS NULL OR ${col} = $4::uuid)`;
      const r = await q.query<{
        staff_id: string | null;
        staff_name: string | null;
        team_name: string | null;
        week: string;
        kind: UsageKind;
        n: number;
      }>(
        `SELECT x.staff_id, s.display_name AS staff_name, t.name AS team_name, x.week::text AS week, x.kind, count(*)::int AS n FROM (
           SELECT m.staff_id, ${week('m.created_at')} AS week, CASE WHEN k.warned THEN 'warnings' ELSE 'messages' END AS kind
             FROM message m JOIN conversation cv ON cv.id = m.conversation_id
             CROSS JOIN LATERAL (VALUES (false), (true)) k(warned)
            WHERE m.direction = 'outbound' AND m.import_batch_id IS NULL AND m.created_at >= $1 AND m.created_at < $2
              AND ${team('cv.team_id')} AND (NOT k.warned OR m.decision = 'warn')
           UNION ALL
           SELECT r.staff_id, ${week('r.created_at')}, 'blocks'
             FROM record r JOIN conversation cv ON cv.id = r.conversation_id
            WHERE r.kind = 'message.blocked' AND r.created_at >= $1 AND r.created_at < $2 AND ${team('cv.team_id')}
           UNION ALL
           SELECT cv.opened_by, ${week('cv.created_at')}, 'first_contacts'
             FROM conversation cv
            WHERE cv.opened_by IS NOT NULL AND cv.phone_number_id <> 'imported' AND cv.created_at >= $1 AND cv.created_at < $2
              AND ${team('cv.team_id')}
           UNION ALL
           SELECT rp.reported_by, ${week('rp.reported_at')}, 'reports'
             FROM message_report rp
            WHERE rp.reported_at >= $1 AND rp.reported_at < $2 AND ${team('rp.team_id')}
         ) x LEFT JOIN staff s ON s.id = x.staff_id LEFT JOIN team t ON t.id = s.team_id
         GROUP BY x.staff_id, s.display_name, t.name, x.week, x.kind`,
        [f.from, f.to, f.timeZone, f.teamId],
      );
      return r.rows.map((x) => ({
        staffId: x.staff_id,
        staffName: x.staff_name,
        teamName: x.team_name,
        week: x.week.slice(0, 10),
        kind: x.kind,
        n: x.n,
      }));
    },

    /**
     * Reply times: for each reply (the first message staff sent after one or more from the citizen), the
     * time since the earliest of those citizen messages. Medians by staff and week, by staff, by week and
     * overall, for replies sent between `from` and `to`. Messages from up to 14 days before `from` are
     * read so that a reply early in the range finds the message it answers.
     */
    async replyTimes(q: Queryable, f: { teamId: string | null; from: Date; to: Date; timeZone: string }): Promise<ReplyTimeRow[]> {
      const r = await q.query<{
        staff_id: string | null;
        week: string | null;
        by_staff: number;
        by_week: number;
        replies: number;
        median_seconds: number | string;
      }>(
        `WITH ev AS (
           SELECT m.conversation_id, m.direction, m.staff_id, m.created_at,
                  count(*) FILTER (WHERE m.direction = 'outbound') OVER (
                    PARTITION BY m.conversation_id ORDER BY m.created_at, m.id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS outs_before
             FROM message m JOIN conversation cv ON cv.id = m.conversation_id
            WHERE m.import_batch_id IS NULL AND m.status <> 'imported' AND m.created_at >= $1::timestamptz - interval '14 days'
              AND m.created_at < $2 AND ($4::uuid IS NULL OR cv.team_id = $4::uuid)),
         waiting AS (
           SELECT conversation_id, outs_before, min(created_at) AS first_in FROM ev WHERE direction = 'inbound' GROUP BY 1, 2),
         replies AS (
           SELECT o.staff_id, date_trunc('week', o.created_at AT TIME ZONE $3)::date AS week,
                  extract(epoch FROM o.created_at - w.first_in)::float8 AS secs
             FROM ev o JOIN waiting w ON w.conversation_id = o.conversation_id AND w.outs_before = o.outs_before
            WHERE o.direction = 'outbound' AND o.created_at >= $1)
         SELECT staff_id, week::text AS week, grouping(staff_id) AS by_staff, grouping(week) AS by_week, count(*)::int AS replies,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY secs) AS median_seconds
           FROM replies GROUP BY GROUPING SETS ((staff_id, week), (staff_id), (week), ())`,
        [f.from, f.to, f.timeZone, f.teamId],
      );
      return r.rows.map((x) => ({
        staffId: x.staff_id,
        week: x.week ? x.week.slice(0, 10) : null,
        byStaff: Number(x.by_staff) === 0,
        byWeek: Number(x.by_week) === 0,
        replies: x.replies,
        medianSeconds: Number(x.median_seconds),
      }));
    },
  };
}

export type OversightRepository = ReturnType<typeof createOversightRepository>;
