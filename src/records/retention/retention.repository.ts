import type { Queryable } from '../../platform/db/db.client.js';
import type { DisposalAction } from './retention-schedule.js';

/** A message's retention as stored: its class, action, disposal date and why. */
export interface MessageRetention {
  messageId: string;
  classId: string;
  action: DisposalAction;
  /** YYYY-MM-DD; null while the trigger has not happened (never due). */
  disposalDue: string | null;
  decidingCaseId: string | null;
  reason: string;
  scheduleVersion: string;
  computedAt: Date;
  disposalState: DisposalState;
}

export const DISPOSAL_STATES = ['kept', 'in_review', 'destroyed', 'transferred'] as const;
export type DisposalState = (typeof DISPOSAL_STATES)[number];

/** The facts of a case that decide its messages' disposal (dates as YYYY-MM-DD). */
export interface CaseFactRow {
  caseId: string;
  caseType: string;
  closedOn: string | null;
  endedOn: string | null;
}

/** A message to classify: its id, conversation and date in the council's zone. */
export interface MessageDateRow {
  id: string;
  conversationId: string;
  messageDate: string;
}

/** One decision, shared by every message that has it (`messageIds`). */
export interface DecisionRow {
  messageIds: string[];
  classId: string;
  action: DisposalAction;
  disposalDue: string | null;
  decidingCaseId: string | null;
  reason: string;
}

type RetentionRow = {
  message_id: string;
  class_id: string;
  action: DisposalAction;
  disposal_due: string | null;
  deciding_case_id: string | null;
  reason: string;
  schedule_version: string;
  computed_at: Date;
  disposal_state: DisposalState;
};
const toRetention = (r: RetentionRow): MessageRetention => ({
  messageId: r.message_id,
  classId: r.class_id,
  action: r.action,
  disposalDue: r.disposal_due,
  decidingCaseId: r.deciding_case_id,
  reason: r.reason,
  scheduleVersion: r.schedule_version,
  computedAt: new Date(r.computed_at),
  disposalState: r.disposal_state,
});

type CaseJson = { caseId: string; caseType: string; closedOn: string | null; endedOn: string | null };
const CASE_JSON = `json_build_object('caseId', cf.id, 'caseType', cf.case_type, 'closedOn', to_char(cf.closed_on, 'YYYY-MM-DD'),
  'endedOn', to_char(cf.ended_on, 'YYYY-MM-DD'))`;
/** The message's own date as a calendar date in the council's zone ($1). */
const MESSAGE_DATE = `to_char(coalesce(m.sent_at, m.created_at) AT TIME ZONE $1, 'YYYY-MM-DD')`;

/**
 * A recompute overwrites a row still kept or in review (never one destroyed or transferred), and only when its
 * decision changed: a trigger that changes nothing for a message writes nothing for it. A date a disposition
 * review extended to is never brought forward (while the trigger has happened, the later date wins).
 */
const REPLACE_CHANGED = `ON CONFLICT (message_id) DO UPDATE SET class_id = EXCLUDED.class_id, action = EXCLUDED.action,
    disposal_due = CASE WHEN EXCLUDED.disposal_due IS NULL THEN NULL ELSE greatest(EXCLUDED.disposal_due, message_retention.extended_until) END,
    deciding_case_id = EXCLUDED.deciding_case_id, reason = EXCLUDED.reason,
    schedule_version = EXCLUDED.schedule_version, computed_at = EXCLUDED.computed_at
  WHERE message_retention.disposal_state IN ('kept', 'in_review')
    AND (message_retention.class_id, message_retention.action, message_retention.disposal_due, message_retention.deciding_case_id,
         message_retention.reason, message_retention.schedule_version)
        IS DISTINCT FROM (EXCLUDED.class_id, EXCLUDED.action, EXCLUDED.disposal_due, EXCLUDED.deciding_case_id, EXCLUDED.reason,
         EXCLUDED.schedule_version)`;

/** A message linked to no case: not by itself, not through its conversation. */
const UNLINKED = `NOT EXISTS (SELECT 1 FROM case_link l WHERE l.conversation_id = m.conversation_id)
  AND NOT EXISTS (SELECT 1 FROM case_link l WHERE l.message_id = m.id)`;

/**
 * Each message's retention class and disposal date (`message_retention`): the only writer of that table. The
 * disposal work changes a row's `disposal_state` through `setDisposalState`, and nothing else of it.
 */
export function createRetentionRepository() {
  return {
    /** Per conversation: its citizen's date of birth and the cases the conversation as a whole is linked to. */
    async conversationFacts(
      q: Queryable,
      conversationIds: string[],
    ): Promise<Map<string, { dateOfBirth: string | null; cases: CaseFactRow[] }>> {
      const out = new Map<string, { dateOfBirth: string | null; cases: CaseFactRow[] }>();
      if (conversationIds.length === 0) return out;
      const r = await q.query<{ id: string; date_of_birth: string | null; cases: CaseJson[] | null }>(
        `SELECT cv.id, to_char(c.date_of_birth, 'YYYY-MM-DD') AS date_of_birth,
                (SELECT json_agg(${CASE_JSON} ORDER BY cf.id) FROM case_link l JOIN case_file cf ON cf.id = l.case_id
                  WHERE l.conversation_id = cv.id) AS cases
           FROM conversation cv LEFT JOIN citizen c ON c.id = cv.citizen_id WHERE cv.id = ANY($1::uuid[])`,
        [conversationIds],
      );
      for (const row of r.rows) out.set(row.id, { dateOfBirth: row.date_of_birth, cases: row.cases ?? [] });
      return out;
    },
    /** Cases single messages are linked to by themselves: those in `conversationIds`, and the `messageIds`. */
    async directLinks(q: Queryable, f: { conversationIds: string[]; messageIds: string[] }): Promise<Map<string, CaseFactRow[]>> {
      const out = new Map<string, CaseFactRow[]>();
      const r = await q.query<{ message_id: string; c: CaseJson }>(
        `SELECT l.message_id, ${CASE_JSON} AS c FROM case_link l JOIN case_file cf ON cf.id = l.case_id JOIN message m ON m.id = l.message_id
          WHERE l.message_id IS NOT NULL AND (m.conversation_id = ANY($1::uuid[]) OR l.message_id = ANY($2::uuid[]))`,
        [f.conversationIds, f.messageIds],
      );
      for (const row of r.rows) {
        const list = out.get(row.message_id) ?? [];
        list.push(row.c);
        out.set(row.message_id, list);
      }
      return out;
    },
    /** The latest message date (council zone) of each case, through its conversations and single messages. */
    async lastContact(q: Queryable, timeZone: string, caseIds: string[]): Promise<Map<string, string>> {
      const out = new Map<string, string>();
      if (caseIds.length === 0) return out;
      const r = await q.query<{ case_id: string; last: string | null }>(
        `SELECT l.case_id, max(${MESSAGE_DATE}) AS last FROM case_link l
           JOIN message m ON m.id = l.message_id OR m.conversation_id = l.conversation_id
          WHERE l.case_id = ANY($2::uuid[]) GROUP BY l.case_id`,
        [timeZone, caseIds],
      );
      for (const row of r.rows) if (row.last) out.set(row.case_id, row.last);
      return out;
    },
    /** The distinct dates (council zone) of a conversation's messages that are not linked to a case by themselves. */
    async messageDatesInConversation(q: Queryable, timeZone: string, conversationId: string): Promise<string[]> {
      const r = await q.query<{ d: string }>(
        `SELECT DISTINCT ${MESSAGE_DATE} AS d FROM message m
          WHERE m.conversation_id = $2 AND NOT EXISTS (SELECT 1 FROM case_link l WHERE l.message_id = m.id)`,
        [timeZone, conversationId],
      );
      return r.rows.map((x) => x.d);
    },
    /**
     * Writes one decision per message date for every message of a conversation not linked to a case by itself,
     * in one statement that never ships the messages' ids: the set-based path for a case's conversations.
     * Overwrites rows still kept or in review whose decision changed. Returns the rows written.
     */
    async writeConversationDecisions(
      q: Queryable,
      timeZone: string,
      conversationId: string,
      byDate: Array<Omit<DecisionRow, 'messageIds'> & { messageDate: string }>,
      meta: { scheduleVersion: string; computedAt: Date },
    ): Promise<number> {
      if (byDate.length === 0) return 0;
      const r = await q.query<{ n: number }>(
        `WITH d AS (SELECT * FROM unnest($3::text[], $4::text[], $5::text[], $6::date[], $7::uuid[], $8::text[])
                      AS d(message_date, class_id, action, disposal_due, deciding_case_id, reason)),
              w AS (INSERT INTO message_retention (message_id, class_id, action, disposal_due, deciding_case_id, reason, schedule_version, computed_at)
                    SELECT m.id, d.class_id, d.action, d.disposal_due, d.deciding_case_id, d.reason, $9, $10
                      FROM message m JOIN d ON d.message_date = ${MESSAGE_DATE}
                     WHERE m.conversation_id = $2 AND NOT EXISTS (SELECT 1 FROM case_link l WHERE l.message_id = m.id)
                    ${REPLACE_CHANGED} RETURNING 1)
         SELECT count(*)::int AS n FROM w`,
        [
          timeZone,
          conversationId,
          byDate.map((d) => d.messageDate),
          byDate.map((d) => d.classId),
          byDate.map((d) => d.action),
          byDate.map((d) => d.disposalDue),
          byDate.map((d) => d.decidingCaseId),
          byDate.map((d) => d.reason),
          meta.scheduleVersion,
          meta.computedAt,
        ],
      );
      return r.rows[0]?.n ?? 0;
    },
    async messagesByIds(q: Queryable, timeZone: string, ids: string[]): Promise<MessageDateRow[]> {
      if (ids.length === 0) return [];
      const r = await q.query<{ id: string; conversation_id: string; message_date: string }>(
        `SELECT m.id, m.conversation_id, ${MESSAGE_DATE} AS message_date FROM message m WHERE m.id = ANY($2::uuid[])`,
        [timeZone, ids],
      );
      return r.rows.map((x) => ({ id: x.id, conversationId: x.conversation_id, messageDate: x.message_date }));
    },
    /** Up to `limit` messages that have no retention row yet. */
    async messagesWithoutRetention(q: Queryable, timeZone: string, limit: number): Promise<MessageDateRow[]> {
      const r = await q.query<{ id: string; conversation_id: string; message_date: string }>(
        `SELECT m.id, m.conversation_id, ${MESSAGE_DATE} AS message_date FROM message m
          WHERE NOT EXISTS (SELECT 1 FROM message_retention r WHERE r.message_id = m.id) LIMIT $2`,
        [timeZone, limit],
      );
      return r.rows.map((x) => ({ id: x.id, conversationId: x.conversation_id, messageDate: x.message_date }));
    },
    /** The conversations of a citizen (and of duplicates merged into them). */
    async conversationsOfCitizen(q: Queryable, citizenId: string): Promise<string[]> {
      const r = await q.query<{ id: string }>('SELECT id FROM conversation WHERE citizen_id = $1', [citizenId]);
      return r.rows.map((x) => x.id);
    },

    /**
     * Writes decisions in one statement: each distinct decision once, each message by its index into them.
     * `replace`: a recompute overwrites a row still kept or in review (never one destroyed or transferred);
     * otherwise (filling in new messages) an existing row wins. Returns the rows written.
     */
    async writeDecisions(
      q: Queryable,
      decisions: DecisionRow[],
      meta: { scheduleVersion: string; computedAt: Date; replace: boolean },
    ): Promise<number> {
      const ids: string[] = [];
      const keys: number[] = [];
      decisions.forEach((d, k) => {
        for (const id of d.messageIds) {
          ids.push(id);
          keys.push(k + 1);
        }
      });
      if (ids.length === 0) return 0;
      const conflict = meta.replace ? REPLACE_CHANGED : 'ON CONFLICT (message_id) DO NOTHING';
      const r = await q.query<{ n: number }>(
        `WITH d AS (SELECT * FROM unnest($3::text[], $4::text[], $5::date[], $6::uuid[], $7::text[]) WITH ORDINALITY
                      AS d(class_id, action, disposal_due, deciding_case_id, reason, k)),
              w AS (INSERT INTO message_retention (message_id, class_id, action, disposal_due, deciding_case_id, reason, schedule_version, computed_at)
                    SELECT u.id, d.class_id, d.action, d.disposal_due, d.deciding_case_id, d.reason, $8, $9
                      FROM unnest($1::uuid[], $2::int[]) AS u(id, k) JOIN d ON d.k = u.k
                    ${conflict} RETURNING 1)
         SELECT count(*)::int AS n FROM w`,
        [
          ids,
          keys,
          decisions.map((d) => d.classId),
          decisions.map((d) => d.action),
          decisions.map((d) => d.disposalDue),
          decisions.map((d) => d.decidingCaseId),
          decisions.map((d) => d.reason),
          meta.scheduleVersion,
          meta.computedAt,
        ],
      );
      return r.rows[0]?.n ?? 0;
    },

    async findForMessages(q: Queryable, messageIds: string[]): Promise<Map<string, MessageRetention>> {
      const out = new Map<string, MessageRetention>();
      if (messageIds.length === 0) return out;
      const r = await q.query<RetentionRow>('SELECT * FROM message_retention WHERE message_id = ANY($1::uuid[])', [messageIds]);
      for (const row of r.rows) out.set(row.message_id, toRetention(row));
      return out;
    },
    async findForConversation(q: Queryable, conversationId: string): Promise<Map<string, MessageRetention>> {
      const r = await q.query<RetentionRow>(
        'SELECT r.* FROM message_retention r JOIN message m ON m.id = r.message_id WHERE m.conversation_id = $1',
        [conversationId],
      );
      return new Map(r.rows.map((row) => [row.message_id, toRetention(row)]));
    },
    /**
     * The classes and dates of a set of messages, one row per distinct decision with how many messages have
     * it: a case's (`caseId`), a citizen's (`citizenId`). Latest date first; a date not yet set sorts first.
     */
    async summarise(
      q: Queryable,
      f: { caseId: string } | { citizenId: string },
    ): Promise<Array<Omit<MessageRetention, 'messageId' | 'computedAt' | 'scheduleVersion' | 'disposalState'> & { messages: number }>> {
      const scope =
        'caseId' in f
          ? `r.message_id IN (SELECT m.id FROM message m JOIN case_link l ON l.message_id = m.id OR l.conversation_id = m.conversation_id
                               WHERE l.case_id = $1)`
          : `r.message_id IN (SELECT m.id FROM message m JOIN conversation cv ON cv.id = m.conversation_id WHERE cv.citizen_id = $1)`;
      const r = await q.query<{
        class_id: string;
        action: DisposalAction;
        disposal_due: string | null;
        deciding_case_id: string | null;
        reason: string;
        messages: number;
      }>(
        `SELECT r.class_id, r.action, r.disposal_due, r.deciding_case_id, r.reason, count(*)::int AS messages
           FROM message_retention r WHERE ${scope} AND r.disposal_state IN ('kept', 'in_review')
          GROUP BY r.class_id, r.action, r.disposal_due, r.deciding_case_id, r.reason
          ORDER BY r.disposal_due DESC NULLS FIRST, r.class_id LIMIT 50`,
        ['caseId' in f ? f.caseId : f.citizenId],
      );
      return r.rows.map((x) => ({
        classId: x.class_id,
        action: x.action,
        disposalDue: x.disposal_due,
        decidingCaseId: x.deciding_case_id,
        reason: x.reason,
        messages: x.messages,
      }));
    },
    /** Messages linked to no case, by conversation (soonest disposal first), for the records officer's triage. */
    async listTriage(
      q: Queryable,
      f: { teamId: string | null; limit: number },
    ): Promise<
      Array<{
        conversationId: string;
        teamId: string | null;
        teamName: string | null;
        waNumber: string;
        citizenId: string | null;
        citizenName: string | null;
        profileName: string | null;
        messages: number;
        firstAt: Date;
        lastAt: Date;
        earliestDue: string | null;
      }>
    > {
      const r = await q.query<{
        conversation_id: string;
        team_id: string | null;
        team_name: string | null;
        wa_number: string;
        citizen_id: string | null;
        citizen_name: string | null;
        profile_name: string | null;
        messages: number;
        first_at: Date;
        last_at: Date;
        earliest_due: string | null;
      }>(
        `SELECT cv.id AS conversation_id, cv.team_id, t.name AS team_name, cv.wa_number, cv.citizen_id, c.full_name AS citizen_name,
                cv.profile_name, count(*)::int AS messages, min(coalesce(m.sent_at, m.created_at)) AS first_at,
                max(coalesce(m.sent_at, m.created_at)) AS last_at, min(r.disposal_due) AS earliest_due
           FROM message m JOIN conversation cv ON cv.id = m.conversation_id
           LEFT JOIN team t ON t.id = cv.team_id LEFT JOIN citizen c ON c.id = cv.citizen_id
           LEFT JOIN message_retention r ON r.message_id = m.id
          WHERE ${UNLINKED} AND coalesce(r.disposal_state, 'kept') = 'kept' ${f.teamId ? 'AND cv.team_id = $2' : ''}
          GROUP BY cv.id, t.name, c.full_name
          ORDER BY min(r.disposal_due) NULLS LAST, max(coalesce(m.sent_at, m.created_at)) DESC LIMIT $1`,
        f.teamId ? [f.limit, f.teamId] : [f.limit],
      );
      return r.rows.map((x) => ({
        conversationId: x.conversation_id,
        teamId: x.team_id,
        teamName: x.team_name,
        waNumber: x.wa_number,
        citizenId: x.citizen_id,
        citizenName: x.citizen_name,
        profileName: x.profile_name,
        messages: x.messages,
        firstAt: new Date(x.first_at),
        lastAt: new Date(x.last_at),
        earliestDue: x.earliest_due,
      }));
    },
    /** Ids of a conversation's messages linked to no case. */
    async unlinkedInConversation(q: Queryable, conversationId: string): Promise<string[]> {
      const r = await q.query<{ id: string }>(`SELECT m.id FROM message m WHERE m.conversation_id = $1 AND ${UNLINKED}`, [conversationId]);
      return r.rows.map((x) => x.id);
    },
  };
}

/**
 * For the disposal work: marks messages destroyed, transferred or in review, or back to kept with a new date
 * when a review extends them. The only change to `message_retention` made outside the retention service, so
 * the table keeps one repository that writes it; one statement for a whole batch of differing states.
 */
export async function setDisposalStates(
  q: Queryable,
  changes: { messageId: string; state: DisposalState }[],
  extendTo: string | null = null,
): Promise<void> {
  if (changes.length === 0) return;
  await q.query(
    `UPDATE message_retention mr SET disposal_state = u.state, disposal_due = coalesce($3::date, mr.disposal_due),
            extended_until = coalesce($3::date, mr.extended_until)
       FROM unnest($1::uuid[], $2::text[]) AS u(message_id, state)
      WHERE mr.message_id = u.message_id`,
    [changes.map((c) => c.messageId), changes.map((c) => c.state), extendTo],
  );
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
