import type { Queryable } from '../platform/db/db.client.js';
import type { TemplateCategory, TemplateStatus } from '../channel/channel.types.js';

export interface MessageTemplate {
  id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  body: string;
  status: TemplateStatus;
  providerTemplateId: string | null;
  rejectedReason: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  statusAt: Date | null;
}

type TemplateRow = {
  id: string;
  name: string;
  language: string;
  category: TemplateCategory;
  body: string;
  status: TemplateStatus;
  provider_template_id: string | null;
  rejected_reason: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  status_at: Date | null;
};

const COLUMNS = `id, name, language, category, body, status, provider_template_id, rejected_reason, created_by, created_at, updated_at, status_at`;

const toTemplate = (r: TemplateRow): MessageTemplate => ({
  id: r.id,
  name: r.name,
  language: r.language,
  category: r.category,
  body: r.body,
  status: r.status,
  providerTemplateId: r.provider_template_id,
  rejectedReason: r.rejected_reason,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  statusAt: r.status_at ? new Date(r.status_at) : null,
});

/** The fields a sync or a status update sets from what the WhatsApp Business Account holds. */
export interface TemplateFromChannel {
  name: string;
  language: string;
  category: TemplateCategory;
  body: string;
  status: TemplateStatus;
  providerTemplateId: string;
  rejectedReason: string | null;
}

/** The message_template table's only writer: templates created in Liaise and mirrored from the Cloud API. */
export function createTemplatesRepository() {
  return {
    async listTemplates(q: Queryable, filter: { status?: TemplateStatus } = {}): Promise<MessageTemplate[]> {
      const r = await q.query<TemplateRow>(
        `SELECT ${COLUMNS} FROM message_template ${filter.status ? 'WHERE status = $1' : ''} ORDER BY name, language`,
        filter.status ? [filter.status] : [],
      );
      return r.rows.map(toTemplate);
    },

    async findTemplate(q: Queryable, id: string): Promise<MessageTemplate | null> {
      const r = await q.query<TemplateRow>(`SELECT ${COLUMNS} FROM message_template WHERE id = $1`, [id]);
      return r.rows[0] ? toTemplate(r.rows[0]) : null;
    },

    async findByName(q: Queryable, name: string, language: string): Promise<MessageTemplate | null> {
      const r = await q.query<TemplateRow>(`SELECT ${COLUMNS} FROM message_template WHERE name = $1 AND language = $2`, [name, language]);
      return r.rows[0] ? toTemplate(r.rows[0]) : null;
    },

    async insertTemplate(q: Queryable, t: Omit<MessageTemplate, 'updatedAt' | 'statusAt'>): Promise<void> {
      await q.query(
        `INSERT INTO message_template (id, name, language, category, body, status, provider_template_id, rejected_reason, created_by, created_at, updated_at, status_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $10)`,
        [t.id, t.name, t.language, t.category, t.body, t.status, t.providerTemplateId, t.rejectedReason, t.createdBy, t.createdAt],
      );
    },

    /**
     * A template as the account holds it, stored by name and language: inserted when new, updated when any field
     * differs. Says which (`unchanged` writes nothing), so a sync audits only what changed.
     */
    async upsertFromChannel(
      q: Queryable,
      t: TemplateFromChannel & { id: string },
      now: Date,
    ): Promise<'inserted' | 'updated' | 'unchanged'> {
      const r = await q.query<{ inserted: boolean }>(
        `INSERT INTO message_template AS mt (id, name, language, category, body, status, provider_template_id, rejected_reason, created_at, updated_at, status_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $9)
         ON CONFLICT (name, language) DO UPDATE SET
           category = EXCLUDED.category, body = EXCLUDED.body, status = EXCLUDED.status,
           provider_template_id = EXCLUDED.provider_template_id, rejected_reason = EXCLUDED.rejected_reason, updated_at = EXCLUDED.updated_at,
           status_at = CASE WHEN mt.status = EXCLUDED.status THEN mt.status_at ELSE EXCLUDED.status_at END
         WHERE (mt.category, mt.body, mt.status, mt.provider_template_id, mt.rejected_reason)
           IS DISTINCT FROM (EXCLUDED.category, EXCLUDED.body, EXCLUDED.status, EXCLUDED.provider_template_id, EXCLUDED.rejected_reason)
         RETURNING (xmax = 0) AS inserted`,
        [t.id, t.name, t.language, t.category, t.body, t.status, t.providerTemplateId, t.rejectedReason, now],
      );
      const row = r.rows[0];
      return !row ? 'unchanged' : row.inserted ? 'inserted' : 'updated';
    },

    /** Templates the account no longer holds cannot be sent: disabled. Returns their ids. */
    async disableMissing(q: Queryable, present: Array<{ name: string; language: string }>, now: Date): Promise<string[]> {
      const r = await q.query<{ id: string }>(
        `UPDATE message_template SET status = 'DISABLED', updated_at = $3, status_at = $3
          WHERE status <> 'DISABLED'
            AND (name, language) NOT IN (SELECT * FROM unnest($1::text[], $2::text[]))
          RETURNING id`,
        [present.map((p) => p.name), present.map((p) => p.language), now],
      );
      return r.rows.map((x) => x.id);
    },

    /** A review's outcome, by Meta's template id (or by name and language when the id is not known yet). */
    async updateStatus(
      q: Queryable,
      u: { providerTemplateId: string | null; name: string; language: string; status: TemplateStatus; reason: string | null; at: Date },
    ): Promise<MessageTemplate | null> {
      const r = await q.query<TemplateRow>(
        `UPDATE message_template SET status = $4, rejected_reason = $5, updated_at = $6, status_at = $6,
                provider_template_id = COALESCE(provider_template_id, $1)
          WHERE name = $2 AND language = $3 AND ($1::text IS NULL OR provider_template_id IS NULL OR provider_template_id = $1)
          RETURNING ${COLUMNS}`,
        [u.providerTemplateId, u.name, u.language, u.status, u.status === 'REJECTED' ? u.reason : null, u.at],
      );
      return r.rows[0] ? toTemplate(r.rows[0]) : null;
    },
  };
}

export type TemplatesRepository = ReturnType<typeof createTemplatesRepository>;
