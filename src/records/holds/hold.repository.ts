import type { Queryable } from '../../platform/db/db.client.js';
import type { ActiveHold, HoldScope } from './hold-scope.js';

export interface LegalHold {
  id: string;
  scope: HoldScope;
  reason: string;
  ownerStaffId: string | null;
  ownerName: string | null;
  createdBy: string | null;
  createdByName: string | null;
  createdAt: Date;
  releasedBy: string | null;
  releasedByName: string | null;
  releasedAt: Date | null;
  releaseReason: string | null;
  /** For a case hold, the case reference (the scope holds its id). */
  caseReference: string | null;
}

interface HoldRow {
  id: string;
  scope_kind: HoldScope['kind'];
  scope_value: string;
  scope_from: Date | string | null;
  scope_to: Date | string | null;
  reason: string;
  owner_staff_id: string | null;
  owner_name: string | null;
  created_by: string | null;
  created_by_name: string | null;
  created_at: Date;
  released_by: string | null;
  released_by_name: string | null;
  released_at: Date | null;
  release_reason: string | null;
  case_reference: string | null;
}

const isoDay = (v: Date | string | null) => (v === null ? '' : v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10));

function toScope(r: Pick<HoldRow, 'scope_kind' | 'scope_value' | 'scope_from' | 'scope_to'>): HoldScope {
  switch (r.scope_kind) {
    case 'case':
      return { kind: 'case', caseId: r.scope_value };
    case 'citizen':
      return { kind: 'citizen', citizenId: r.scope_value };
    case 'number':
      return { kind: 'number', number: r.scope_value };
    case 'class':
      return { kind: 'class', classId: r.scope_value };
    case 'dates':
      return { kind: 'dates', from: isoDay(r.scope_from), to: isoDay(r.scope_to) };
    case 'keyword':
      return { kind: 'keyword', word: r.scope_value };
  }
}

const toHold = (r: HoldRow): LegalHold => ({
  id: r.id,
  scope: toScope(r),
  reason: r.reason,
  ownerStaffId: r.owner_staff_id,
  ownerName: r.owner_name,
  createdBy: r.created_by,
  createdByName: r.created_by_name,
  createdAt: new Date(r.created_at),
  releasedBy: r.released_by,
  releasedByName: r.released_by_name,
  releasedAt: r.released_at ? new Date(r.released_at) : null,
  releaseReason: r.release_reason,
  caseReference: r.case_reference,
});

const HOLD_SELECT = `SELECT h.*, o.display_name AS owner_name, c.display_name AS created_by_name, r.display_name AS released_by_name,
    (SELECT cf.reference FROM case_file cf WHERE h.scope_kind = 'case' AND cf.id::text = h.scope_value) AS case_reference
  FROM legal_hold h
  LEFT JOIN staff o ON o.id = h.owner_staff_id
  LEFT JOIN staff c ON c.id = h.created_by
  LEFT JOIN staff r ON r.id = h.released_by`;

/** The one writer of `legal_hold`. */
export function createHoldRepository() {
  return {
    async insert(
      q: Queryable,
      h: { id: string; scope: HoldScope; reason: string; ownerStaffId: string | null; createdBy: string | null; createdAt: Date },
    ): Promise<void> {
      const s = h.scope;
      const value =
        s.kind === 'case'
          ? s.caseId
          : s.kind === 'citizen'
            ? s.citizenId
            : s.kind === 'number'
              ? s.number
              : s.kind === 'class'
                ? s.classId
                : s.kind === 'dates'
                  ? `${s.from}..${s.to}`
                  : s.word;
      await q.query(
        `INSERT INTO legal_hold (id, scope_kind, scope_value, scope_from, scope_to, reason, owner_staff_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          h.id,
          s.kind,
          value,
          s.kind === 'dates' ? s.from : null,
          s.kind === 'dates' ? s.to : null,
          h.reason,
          h.ownerStaffId,
          h.createdBy,
          h.createdAt,
        ],
      );
    },

    async find(q: Queryable, id: string, opts: { forUpdate?: boolean } = {}): Promise<LegalHold | null> {
      const r = await q.query<HoldRow>(`${HOLD_SELECT} WHERE h.id = $1${opts.forUpdate ? ' FOR UPDATE OF h' : ''}`, [id]);
      return r.rows[0] ? toHold(r.rows[0]) : null;
    },

    /** Every hold, active first, newest first. */
    async list(q: Queryable): Promise<LegalHold[]> {
      const r = await q.query<HoldRow>(`${HOLD_SELECT} ORDER BY (h.released_at IS NULL) DESC, h.created_at DESC LIMIT 1000`);
      return r.rows.map(toHold);
    },

    /** The holds in force: what disposal matches each message against. */
    async listActive(q: Queryable): Promise<ActiveHold[]> {
      const r = await q.query<Pick<HoldRow, 'id' | 'scope_kind' | 'scope_value' | 'scope_from' | 'scope_to'>>(
        'SELECT id, scope_kind, scope_value, scope_from, scope_to FROM legal_hold WHERE released_at IS NULL ORDER BY created_at',
      );
      return r.rows.map((row) => ({ id: row.id, scope: toScope(row) }));
    },

    async release(q: Queryable, id: string, by: string | null, at: Date, reason: string): Promise<void> {
      await q.query('UPDATE legal_hold SET released_by = $2, released_at = $3, release_reason = $4 WHERE id = $1', [id, by, at, reason]);
    },

    /** Case ids with this reference, across teams (read only: cases are written by the cases domain). */
    async findCaseIdsByReference(q: Queryable, reference: string): Promise<string[]> {
      const r = await q.query<{ id: string }>('SELECT id FROM case_file WHERE reference = $1', [reference]);
      return r.rows.map((x) => x.id);
    },

    async citizenExists(q: Queryable, id: string): Promise<boolean> {
      const r = await q.query('SELECT 1 FROM citizen WHERE id = $1', [id]);
      return r.rows.length > 0;
    },
  };
}

export type HoldRepository = ReturnType<typeof createHoldRepository>;
