import type { Queryable } from '../platform/db/db.client.js';

/** A case as the council's case system knows it: a reference in a team, a type (which decides its retention class) and its dates. */
export interface CaseFile {
  id: string;
  teamId: string;
  teamName: string | null;
  reference: string;
  caseType: string;
  title: string | null;
  /** Calendar dates, YYYY-MM-DD. */
  openedOn: string;
  closedOn: string | null;
  /** When the tenancy or care ended, as the case records it. */
  endedOn: string | null;
  createdAt: Date;
  /** Conversations and single messages linked to it. */
  conversationLinks: number;
  messageLinks: number;
}

export interface CaseLink {
  id: string;
  caseId: string;
  conversationId: string | null;
  messageId: string | null;
  linkedBy: string | null;
  linkedAt: Date;
}

/** A link as a case page lists it: what is linked, in which conversation, with whom. */
export interface CaseLinkView extends CaseLink {
  /** The conversation linked, or the one the linked message is in. */
  inConversationId: string;
  citizenId: string | null;
  citizenName: string | null;
  profileName: string | null;
  waNumber: string;
  teamId: string | null;
  /** The linked message's date (null for a conversation link). */
  messageAt: Date | null;
  messageDirection: 'inbound' | 'outbound' | null;
  linkedByName: string | null;
}

/** A case a conversation or message is linked to, with the link's id (to unlink it). */
export interface LinkedCase {
  linkId: string;
  caseId: string;
  reference: string;
  caseType: string;
  title: string | null;
  closedOn: string | null;
  teamId: string;
  /** Set for a single message's link. */
  messageId: string | null;
}

type CaseRow = {
  id: string;
  team_id: string;
  team_name: string | null;
  reference: string;
  case_type: string;
  title: string | null;
  opened_on: string;
  closed_on: string | null;
  ended_on: string | null;
  created_at: Date;
  conversation_links: number;
  message_links: number;
};
const toCase = (r: CaseRow): CaseFile => ({
  id: r.id,
  teamId: r.team_id,
  teamName: r.team_name,
  reference: r.reference,
  caseType: r.case_type,
  title: r.title,
  openedOn: r.opened_on,
  closedOn: r.closed_on,
  endedOn: r.ended_on,
  createdAt: new Date(r.created_at),
  conversationLinks: r.conversation_links,
  messageLinks: r.message_links,
});
const CASE_SELECT = `SELECT cf.id, cf.team_id, t.name AS team_name, cf.reference, cf.case_type, cf.title, cf.opened_on, cf.closed_on,
  cf.ended_on, cf.created_at,
  (SELECT count(*)::int FROM case_link l WHERE l.case_id = cf.id AND l.conversation_id IS NOT NULL) AS conversation_links,
  (SELECT count(*)::int FROM case_link l WHERE l.case_id = cf.id AND l.message_id IS NOT NULL) AS message_links
  FROM case_file cf LEFT JOIN team t ON t.id = cf.team_id`;

type LinkRow = {
  id: string;
  case_id: string;
  conversation_id: string | null;
  message_id: string | null;
  linked_by: string | null;
  linked_at: Date;
};
const toLink = (r: LinkRow): CaseLink => ({
  id: r.id,
  caseId: r.case_id,
  conversationId: r.conversation_id,
  messageId: r.message_id,
  linkedBy: r.linked_by,
  linkedAt: new Date(r.linked_at),
});

type LinkedCaseRow = {
  link_id: string;
  case_id: string;
  reference: string;
  case_type: string;
  title: string | null;
  closed_on: string | null;
  team_id: string;
  message_id: string | null;
};
const toLinkedCase = (r: LinkedCaseRow): LinkedCase => ({
  linkId: r.link_id,
  caseId: r.case_id,
  reference: r.reference,
  caseType: r.case_type,
  title: r.title,
  closedOn: r.closed_on,
  teamId: r.team_id,
  messageId: r.message_id,
});
const LINKED_CASE_SELECT = `SELECT l.id AS link_id, cf.id AS case_id, cf.reference, cf.case_type, cf.title, cf.closed_on, cf.team_id, l.message_id
  FROM case_link l JOIN case_file cf ON cf.id = l.case_id`;

/** The cases domain's SQL: the only writer of `case_file` and `case_link`. */
export function createCaseRepository() {
  return {
    /** Inserts a case; false when its team already has a case with this reference (nothing written). */
    async insertCase(
      q: Queryable,
      c: {
        id: string;
        teamId: string;
        reference: string;
        caseType: string;
        title: string | null;
        openedOn: string;
        createdBy: string | null;
        createdAt: Date;
      },
    ): Promise<boolean> {
      const r = await q.query(
        `INSERT INTO case_file (id, team_id, reference, case_type, title, opened_on, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (team_id, reference) DO NOTHING RETURNING id`,
        [c.id, c.teamId, c.reference, c.caseType, c.title, c.openedOn, c.createdBy, c.createdAt],
      );
      return r.rows.length === 1;
    },
    async findCase(q: Queryable, id: string): Promise<CaseFile | null> {
      const r = await q.query<CaseRow>(`${CASE_SELECT} WHERE cf.id = $1`, [id]);
      return r.rows[0] ? toCase(r.rows[0]) : null;
    },
    /** The case with this row locked, so a close, reopen or link sees the case as it is. */
    async lockCase(q: Queryable, id: string): Promise<CaseFile | null> {
      await q.query('SELECT id FROM case_file WHERE id = $1 FOR UPDATE', [id]);
      return this.findCase(q, id);
    },
    async findByReference(q: Queryable, teamId: string, reference: string): Promise<CaseFile | null> {
      const r = await q.query<CaseRow>(`${CASE_SELECT} WHERE cf.team_id = $1 AND cf.reference = $2`, [teamId, reference]);
      return r.rows[0] ? toCase(r.rows[0]) : null;
    },
    /** Cases in `teamId` (null: every team), open first then newest; `search` matches the reference or title. */
    async listCases(
      q: Queryable,
      f: { teamId: string | null; state?: 'open' | 'closed' | null; search?: string | null; limit?: number },
    ): Promise<CaseFile[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.teamId) where.push(`cf.team_id = $${params.push(f.teamId)}`);
      if (f.state === 'open') where.push('cf.closed_on IS NULL');
      if (f.state === 'closed') where.push('cf.closed_on IS NOT NULL');
      if (f.search) where.push(`(cf.reference ILIKE $${params.push(`%${f.search}%`)} OR cf.title ILIKE $${params.length})`);
      const r = await q.query<CaseRow>(
        `${CASE_SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY (cf.closed_on IS NOT NULL), cf.opened_on DESC, cf.reference LIMIT ${Math.min(f.limit ?? 500, 2000)}`,
        params,
      );
      return r.rows.map(toCase);
    },
    async closeCase(q: Queryable, id: string, closedOn: string, endedOn: string | null): Promise<void> {
      await q.query('UPDATE case_file SET closed_on = $2, ended_on = coalesce($3, ended_on) WHERE id = $1', [id, closedOn, endedOn]);
    },
    /** Reopened: the case is open again, so neither its closure nor an end of tenancy or care stands. */
    async reopenCase(q: Queryable, id: string): Promise<void> {
      await q.query('UPDATE case_file SET closed_on = NULL, ended_on = NULL WHERE id = $1', [id]);
    },

    /** Inserts a link; false when the same conversation or message is already linked to the case (nothing written). */
    async insertLink(q: Queryable, l: CaseLink): Promise<boolean> {
      const r = await q.query(
        `INSERT INTO case_link (id, case_id, conversation_id, message_id, linked_by, linked_at)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
        [l.id, l.caseId, l.conversationId, l.messageId, l.linkedBy, l.linkedAt],
      );
      return r.rows.length === 1;
    },
    async findLink(q: Queryable, id: string): Promise<CaseLink | null> {
      const r = await q.query<LinkRow>('SELECT * FROM case_link WHERE id = $1', [id]);
      return r.rows[0] ? toLink(r.rows[0]) : null;
    },
    /** Deletes the link; false if it was already gone. */
    async deleteLink(q: Queryable, id: string): Promise<boolean> {
      const r = await q.query('DELETE FROM case_link WHERE id = $1 RETURNING id', [id]);
      return r.rows.length === 1;
    },
    /** Everything linked to a case, conversations first, then messages by date. */
    async listLinksForCase(q: Queryable, caseId: string): Promise<CaseLinkView[]> {
      const r = await q.query<
        LinkRow & {
          in_conversation_id: string;
          citizen_id: string | null;
          citizen_name: string | null;
          profile_name: string | null;
          wa_number: string;
          team_id: string | null;
          message_at: Date | null;
          message_direction: 'inbound' | 'outbound' | null;
          linked_by_name: string | null;
        }
      >(
        `SELECT l.*, cv.id AS in_conversation_id, cv.citizen_id, c.full_name AS citizen_name, cv.profile_name, cv.wa_number, cv.team_id,
                coalesce(m.sent_at, m.created_at) AS message_at, m.direction AS message_direction, s.display_name AS linked_by_name
           FROM case_link l
           LEFT JOIN message m ON m.id = l.message_id
           JOIN conversation cv ON cv.id = coalesce(l.conversation_id, m.conversation_id)
           LEFT JOIN citizen c ON c.id = cv.citizen_id
           LEFT JOIN staff s ON s.id = l.linked_by
          WHERE l.case_id = $1
          ORDER BY (l.message_id IS NOT NULL), coalesce(m.sent_at, m.created_at), l.linked_at`,
        [caseId],
      );
      return r.rows.map((row) => ({
        ...toLink(row),
        inConversationId: row.in_conversation_id,
        citizenId: row.citizen_id,
        citizenName: row.citizen_name,
        profileName: row.profile_name,
        waNumber: row.wa_number,
        teamId: row.team_id,
        messageAt: row.message_at ? new Date(row.message_at) : null,
        messageDirection: row.message_direction,
        linkedByName: row.linked_by_name,
      }));
    },
    /** The cases a conversation is linked to (as a whole), and those its single messages are linked to. */
    async listCasesForConversation(q: Queryable, conversationId: string): Promise<LinkedCase[]> {
      const r = await q.query<LinkedCaseRow>(
        `${LINKED_CASE_SELECT} WHERE l.conversation_id = $1
         UNION ALL
         ${LINKED_CASE_SELECT} JOIN message m ON m.id = l.message_id WHERE m.conversation_id = $1
         ORDER BY reference`,
        [conversationId],
      );
      return r.rows.map(toLinkedCase);
    },
    /** The cases a message is linked to by itself (not through its conversation). */
    async listCasesForMessage(q: Queryable, messageId: string): Promise<LinkedCase[]> {
      const r = await q.query<LinkedCaseRow>(`${LINKED_CASE_SELECT} WHERE l.message_id = $1 ORDER BY cf.reference`, [messageId]);
      return r.rows.map(toLinkedCase);
    },
    /** The cases linked to any of a citizen's conversations or their messages. */
    async listCasesForCitizen(q: Queryable, citizenId: string): Promise<LinkedCase[]> {
      const r = await q.query<LinkedCaseRow>(
        `SELECT DISTINCT ON (cf.id) l.id AS link_id, cf.id AS case_id, cf.reference, cf.case_type, cf.title, cf.closed_on, cf.team_id,
                l.message_id
           FROM case_link l JOIN case_file cf ON cf.id = l.case_id
           LEFT JOIN message m ON m.id = l.message_id
           JOIN conversation cv ON cv.id = coalesce(l.conversation_id, m.conversation_id)
          WHERE cv.citizen_id = $1 ORDER BY cf.id`,
        [citizenId],
      );
      return r.rows.map(toLinkedCase);
    },
    /** The conversations and single messages linked to a case (what a recompute for it covers). */
    async linkedTo(q: Queryable, caseId: string): Promise<{ conversationIds: string[]; messageIds: string[] }> {
      const r = await q.query<{ conversation_id: string | null; message_id: string | null }>(
        'SELECT conversation_id, message_id FROM case_link WHERE case_id = $1',
        [caseId],
      );
      return {
        conversationIds: r.rows.flatMap((x) => (x.conversation_id ? [x.conversation_id] : [])),
        messageIds: r.rows.flatMap((x) => (x.message_id ? [x.message_id] : [])),
      };
    },
    /**
     * Conversations filed under a case the old way (`conversation.case_id`, set from the citizen's case reference
     * when the conversation began) that have no link to that case yet get one, so the case's retention class
     * covers their messages. Set-based and idempotent; returns the conversations linked.
     */
    async adoptConversationCases(q: Queryable, now: Date): Promise<Array<{ conversationId: string; caseId: string }>> {
      const r = await q.query<{ conversation_id: string; case_id: string }>(
        `INSERT INTO case_link (id, case_id, conversation_id, linked_by, linked_at)
         SELECT gen_random_uuid(), cv.case_id, cv.id, NULL, $1 FROM conversation cv
          WHERE cv.case_id IS NOT NULL
            AND NOT EXISTS (SELECT 1 FROM case_link l WHERE l.case_id = cv.case_id AND l.conversation_id = cv.id)
         ON CONFLICT DO NOTHING RETURNING conversation_id, case_id`,
        [now],
      );
      return r.rows.map((x) => ({ conversationId: x.conversation_id, caseId: x.case_id }));
    },
  };
}

export type CaseRepository = ReturnType<typeof createCaseRepository>;
