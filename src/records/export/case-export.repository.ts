import type { Queryable } from '../../platform/db/db.client.js';

export interface ExportCase {
  id: string;
  teamId: string;
  teamName: string;
  reference: string;
  caseType: string;
  title: string | null;
  openedOn: string;
  closedOn: string | null;
}

export interface ExportMessage {
  id: string;
  conversationId: string;
  direction: 'inbound' | 'outbound';
  kind: string;
  status: string;
  /** Who wrote it: the member of staff, or the name an imported chat gave; null for the citizen. */
  staffName: string | null;
  authorLabel: string | null;
  sentAt: Date | null;
  createdAt: Date;
  bodyCt: Buffer | null;
  keyId: string | null;
  /** The hash of the record that captured the message. */
  recordHash: string | null;
  /** When its tombstone was appended (destroyed under the schedule); null while kept. */
  destroyedAt: Date | null;
}

const iso = (v: Date | string | null) => (v === null ? null : typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

/**
 * Reads a case and its messages for export (read-only): messages linked to the case one by one, those
 * of conversations linked to it, and those of conversations filed to it the older way (conversation.case_id).
 */
export function createCaseExportRepository() {
  return {
    async findCase(q: Queryable, id: string): Promise<ExportCase | null> {
      const r = await q.query<{
        id: string;
        team_id: string;
        team_name: string;
        reference: string;
        case_type: string;
        title: string | null;
        opened_on: Date | string;
        closed_on: Date | string | null;
      }>(
        `SELECT cf.id, cf.team_id, t.name AS team_name, cf.reference, cf.case_type, cf.title, cf.opened_on::text AS opened_on, cf.closed_on::text AS closed_on
           FROM case_file cf JOIN team t ON t.id = cf.team_id WHERE cf.id = $1`,
        [id],
      );
      const c = r.rows[0];
      return c
        ? {
            id: c.id,
            teamId: c.team_id,
            teamName: c.team_name,
            reference: c.reference,
            caseType: c.case_type,
            title: c.title,
            openedOn: iso(c.opened_on)!,
            closedOn: iso(c.closed_on),
          }
        : null;
    },

    async caseMessages(q: Queryable, caseId: string): Promise<ExportMessage[]> {
      const r = await q.query<{
        id: string;
        conversation_id: string;
        direction: 'inbound' | 'outbound';
        kind: string;
        status: string;
        staff_name: string | null;
        author_label: string | null;
        sent_at: Date | null;
        created_at: Date;
        body_ct: Buffer | null;
        key_id: string | null;
        record_hash: string | null;
        destroyed_at: Date | null;
      }>(
        `WITH linked AS (
           SELECT cl.message_id AS id FROM case_link cl WHERE cl.case_id = $1 AND cl.message_id IS NOT NULL
           UNION
           SELECT m.id FROM message m
            WHERE m.conversation_id IN (
              SELECT cl.conversation_id FROM case_link cl WHERE cl.case_id = $1 AND cl.conversation_id IS NOT NULL
              UNION SELECT cv.id FROM conversation cv WHERE cv.case_id = $1))
         SELECT m.id, m.conversation_id, m.direction, m.kind, m.status, s.display_name AS staff_name, m.author_label,
                m.sent_at, m.created_at, m.body_ct, m.key_id,
                (SELECT r.record_hash FROM record r WHERE r.message_id = m.id
                    AND r.kind IN ('message.inbound', 'message.outbound', 'message.imported') ORDER BY r.seq LIMIT 1) AS record_hash,
                (SELECT r.created_at FROM record r WHERE r.message_id = m.id AND r.kind = 'message.destroyed' ORDER BY r.seq LIMIT 1) AS destroyed_at
           FROM message m JOIN linked ON linked.id = m.id LEFT JOIN staff s ON s.id = m.staff_id
          ORDER BY coalesce(m.sent_at, m.created_at), m.created_at, m.id`,
        [caseId],
      );
      return r.rows.map((x) => ({
        id: x.id,
        conversationId: x.conversation_id,
        direction: x.direction,
        kind: x.kind,
        status: x.status,
        staffName: x.staff_name,
        authorLabel: x.author_label,
        sentAt: x.sent_at ? new Date(x.sent_at) : null,
        createdAt: new Date(x.created_at),
        bodyCt: x.body_ct ? Buffer.from(x.body_ct) : null,
        keyId: x.key_id,
        recordHash: x.record_hash,
        destroyedAt: x.destroyed_at ? new Date(x.destroyed_at) : null,
      }));
    },
  };
}

export type CaseExportRepository = ReturnType<typeof createCaseExportRepository>;
