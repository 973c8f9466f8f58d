import { randomUUID } from 'node:crypto';
import type { Queryable } from '../platform/db/db.client.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';

export interface AuditEntry {
  actorStaffId: string | null;
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  details?: Record<string, unknown>;
  requestId?: string | null;
}

/**
 * The audit sink. Any service writes to it in the same transaction as the change
 * (or read) it records. Details hold ids and outcomes, never message content.
 */
export function createAuditService(deps: { audit: AuditRepository }) {
  const { audit } = deps;
  return {
    async write(q: Queryable, e: AuditEntry): Promise<void> {
      await audit.insert(q, {
        id: randomUUID(),
        actorStaffId: e.actorStaffId,
        action: e.action,
        subjectType: e.subjectType ?? null,
        subjectId: e.subjectId ?? null,
        details: e.details ?? {},
        requestId: e.requestId ?? null,
      });
    },
    list: (q: Queryable, filter: AuditFilter = {}) => audit.list(q, filter),
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
