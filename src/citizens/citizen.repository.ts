import type { Queryable } from '../platform/db/db.client.js';

export type AgeBand = 'under_13' | '13_to_17' | '18_or_over';

export interface Citizen {
  id: string;
  teamId: string;
  fullName: string;
  waNumber: string;
  dateOfBirth: string | null;
  ageBand: AgeBand | null;
  caseId: string | null;
  caseReference: string | null;
  createdAt: Date;
  /** A duplicate merged into another citizen: that citizen's id (it is out of lists; its history moved there). */
  mergedInto: string | null;
  /** How and when the citizen agreed to WhatsApp contact. */
  optInMethod: OptInMethod | null;
  optedInAt: Date | null;
  /** When they replied STOP, unless they have since replied START (or opted in again). */
  optedOutAt: Date | null;
}

export const OPT_IN_METHODS = ['verbal', 'written', 'reply', 'web_form', 'other'] as const;
export type OptInMethod = (typeof OPT_IN_METHODS)[number];

interface CitizenRow {
  opt_in_method: OptInMethod | null;
  opted_in_at: Date | null;
  opted_out_at: Date | null;
  id: string;
  team_id: string;
  full_name: string;
  wa_number: string;
  date_of_birth: string | null;
  age_band: AgeBand | null;
  case_id: string | null;
  case_reference: string | null;
  created_at: Date;
  merged_into: string | null;
}

const toCitizen = (r: CitizenRow): Citizen => ({
  id: r.id,
  teamId: r.team_id,
  fullName: r.full_name,
  waNumber: r.wa_number,
  dateOfBirth: r.date_of_birth,
  ageBand: r.age_band,
  caseId: r.case_id,
  caseReference: r.case_reference,
  createdAt: new Date(r.created_at),
  mergedInto: r.merged_into,
  optInMethod: r.opt_in_method,
  optedInAt: r.opted_in_at ? new Date(r.opted_in_at) : null,
  optedOutAt: r.opted_out_at ? new Date(r.opted_out_at) : null,
});

const SELECT = `SELECT c.id, c.team_id, c.full_name, c.wa_number, c.date_of_birth, c.age_band, c.case_id, cf.reference AS case_reference, c.created_at,
  c.merged_into, c.opt_in_method, c.opted_in_at, c.opted_out_at FROM citizen c LEFT JOIN case_file cf ON cf.id = c.case_id`;

export function createCitizenRepository() {
  return {
    async insert(
      q: Queryable,
      c: Omit<Citizen, 'createdAt' | 'caseReference' | 'mergedInto' | 'optInMethod' | 'optedInAt' | 'optedOutAt'> & {
        createdBy: string | null;
      },
    ): Promise<void> {
      await q.query(
        `INSERT INTO citizen (id, team_id, full_name, wa_number, date_of_birth, age_band, case_id, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [c.id, c.teamId, c.fullName, c.waNumber, c.dateOfBirth, c.ageBand, c.caseId, c.createdBy],
      );
    },
    async update(
      q: Queryable,
      id: string,
      c: Pick<Citizen, 'fullName' | 'waNumber' | 'dateOfBirth' | 'ageBand' | 'caseId'>,
    ): Promise<void> {
      await q.query('UPDATE citizen SET full_name = $2, wa_number = $3, date_of_birth = $4, age_band = $5, case_id = $6 WHERE id = $1', [
        id,
        c.fullName,
        c.waNumber,
        c.dateOfBirth,
        c.ageBand,
        c.caseId,
      ]);
    },
    /** A new WhatsApp number (and business-scoped user id, when known) for a citizen who changed theirs. */
    async changeNumber(q: Queryable, id: string, waNumber: string, waUserId: string | null): Promise<void> {
      await q.query('UPDATE citizen SET wa_number = $2, wa_user_id = coalesce($3, wa_user_id) WHERE id = $1', [id, waNumber, waUserId]);
    },
    /** The citizen's opt-in (how and when); an opt-in also ends an earlier STOP. */
    async setOptIn(q: Queryable, id: string, method: OptInMethod, at: Date): Promise<void> {
      await q.query('UPDATE citizen SET opt_in_method = $2, opted_in_at = $3, opted_out_at = NULL WHERE id = $1', [id, method, at]);
    },
    /** The citizen replied STOP; false if they had already opted out (so only the first STOP is confirmed). */
    async setOptedOut(q: Queryable, id: string, at: Date): Promise<boolean> {
      const r = await q.query('UPDATE citizen SET opted_out_at = $2 WHERE id = $1 AND opted_out_at IS NULL', [id, at]);
      return r.rowCount === 1;
    },
    async findById(q: Queryable, id: string): Promise<Citizen | null> {
      const r = await q.query<CitizenRow>(`${SELECT} WHERE c.id = $1`, [id]);
      return r.rows[0] ? toCitizen(r.rows[0]) : null;
    },
    async findByNumber(q: Queryable, teamId: string, waNumber: string): Promise<Citizen | null> {
      const r = await q.query<CitizenRow>(`${SELECT} WHERE c.team_id = $1 AND c.wa_number = $2`, [teamId, waNumber]);
      return r.rows[0] ? toCitizen(r.rows[0]) : null;
    },
    /** Citizens with this number in any team, oldest first: used to route an inbound message. */
    async findAllByNumber(q: Queryable, waNumber: string): Promise<Citizen[]> {
      const r = await q.query<CitizenRow>(`${SELECT} WHERE c.wa_number = $1 ORDER BY c.created_at`, [waNumber]);
      return r.rows.map(toCitizen);
    },
    /** Marks `id` as a duplicate of `into`; only a citizen not already merged, into one not merged. Returns whether it did. */
    async markMerged(q: Queryable, id: string, into: string, at: Date): Promise<boolean> {
      const r = await q.query<{ id: string }>(
        `UPDATE citizen SET merged_into = $2, merged_at = $3 WHERE id = $1 AND merged_into IS NULL
           AND NOT EXISTS (SELECT 1 FROM citizen k WHERE k.id = $2 AND k.merged_into IS NOT NULL) RETURNING id`,
        [id, into, at],
      );
      return r.rows.length === 1;
    },
    /** `number`: the search read as a WhatsApp number in E.164, matched exactly. */
    async list(q: Queryable, teamId: string | null, search: string | null, number: string | null = null): Promise<Citizen[]> {
      const where: string[] = [];
      const params: unknown[] = [];
      where.push('c.merged_into IS NULL');
      if (teamId) where.push(`c.team_id = $${params.push(teamId)}`);
      if (search) {
        const byNumber = number ? ` OR c.wa_number = $${params.push(number)}` : '';
        where.push(`(c.full_name ILIKE $${params.push(`%${search}%`)} OR cf.reference ILIKE $${params.length}${byNumber})`);
      }
      const r = await q.query<CitizenRow>(
        `${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY c.full_name LIMIT 500`,
        params,
      );
      return r.rows.map(toCitizen);
    },
  };
}

export type CitizenRepository = ReturnType<typeof createCitizenRepository>;
