import type { Queryable } from '../platform/db/db.client.js';

export interface AuditRow {
  id: string;
  actorStaffId: string | null;
  action: string;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
  requestId: string | null;
}

export interface AuditFilter {
  subjectType?: string;
  subjectId?: string;
  action?: string;
  limit?: number;
}

/** The audit_event table's only writer. */
export function createAuditRepository() {
  return {
    async insert(q: Queryable, e: AuditRow): Promise<void> {
      await q.query(
        `INSERT INTO audit_event (id, actor_staff_id, action, subject_type, subject_id, details, request_id)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)`,
        [e.id, e.actorStaffId, e.action, e.subjectType, e.subjectId, JSON.stringify(e.details), e.requestId],
      );
    },
    async list(q: Queryable, filter: AuditFilter = {}) {
      const where: string[] = [];
      const params: unknown[] = [];
      if (filter.subjectType) where.push(`subject_type = $${params.push(filter.subjectType)}`);
      if (filter.subjectId) where.push(`subject_id = $${params.push(filter.subjectId)}`);
      if (filter.action) where.push(`action = $${params.push(filter.action)}`);
      const r = await q.query<{
        id: string;
        at: Date;
        actor_staff_id: string | null;
        action: string;
        subject_type: string | null;
        subject_id: string | null;
        details: Record<string, unknown>;
      }>(
        `SELECT id, at, actor_staff_id, action, subject_type, subject_id, details FROM audit_event
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY at DESC, id LIMIT $${params.push(filter.limit ?? 200)}`,
        params,
      );
      return r.rows;
    },
  };
}

export type AuditRepository = ReturnType<typeof createAuditRepository>;
