import type { Queryable } from '../platform/db/db.client.js';
import type { Role, Staff, Team } from './staff.types.js';

interface StaffRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  team_id: string | null;
  team_name: string | null;
  must_change_password: boolean;
  disabled_at: Date | null;
  created_at: Date;
}

const toStaff = (r: StaffRow): Staff => ({
  id: r.id,
  email: r.email,
  displayName: r.display_name,
  role: r.role,
  teamId: r.team_id,
  teamName: r.team_name,
  mustChangePassword: r.must_change_password,
  disabledAt: r.disabled_at ? new Date(r.disabled_at) : null,
  createdAt: new Date(r.created_at),
});

const STAFF_SELECT = `SELECT s.id, s.email, s.display_name, s.role, s.team_id, t.name AS team_name,
  s.must_change_password, s.disabled_at, s.created_at FROM staff s LEFT JOIN team t ON t.id = s.team_id`;

/** What is shown of an API token: never the token itself (only its SHA-256 is stored). */
export interface ApiTokenSummary {
  id: string;
  staffId: string;
  staffEmail: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface SessionRow {
  id: string;
  staff_id: string;
  csrf_token: string;
  expires_at: Date;
  revoked_at: Date | null;
  last_seen_at: Date;
}

export function createStaffRepository() {
  return {
    async insertTeam(q: Queryable, t: Team): Promise<void> {
      await q.query('INSERT INTO team (id, name, requires_first_contact_approval) VALUES ($1, $2, $3)', [
        t.id,
        t.name,
        t.requiresFirstContactApproval,
      ]);
    },
    async setTeamApproval(q: Queryable, id: string, requires: boolean): Promise<boolean> {
      const r = await q.query('UPDATE team SET requires_first_contact_approval = $2 WHERE id = $1', [id, requires]);
      return r.rowCount === 1;
    },
    async listTeams(q: Queryable): Promise<Team[]> {
      const r = await q.query<{ id: string; name: string; requires_first_contact_approval: boolean }>(
        'SELECT id, name, requires_first_contact_approval FROM team ORDER BY name',
      );
      return r.rows.map((t) => ({ id: t.id, name: t.name, requiresFirstContactApproval: t.requires_first_contact_approval }));
    },
    async findTeam(q: Queryable, idOrName: string): Promise<Team | null> {
      const isUuid = /^[0-9a-f-]{36}$/i.test(idOrName);
      const r = await q.query<{ id: string; name: string; requires_first_contact_approval: boolean }>(
        `SELECT id, name, requires_first_contact_approval FROM team WHERE ${isUuid ? 'id = $1::uuid' : 'lower(name) = lower($1)'}`,
        [idOrName],
      );
      const t = r.rows[0];
      return t ? { id: t.id, name: t.name, requiresFirstContactApproval: t.requires_first_contact_approval } : null;
    },
    async countStaff(q: Queryable): Promise<number> {
      const r = await q.query<{ n: number }>('SELECT count(*)::int AS n FROM staff');
      return r.rows[0]?.n ?? 0;
    },
    async insertStaff(
      q: Queryable,
      s: {
        id: string;
        email: string;
        displayName: string;
        role: Role;
        teamId: string | null;
        passwordHash: string;
        mustChangePassword: boolean;
      },
    ): Promise<void> {
      await q.query(
        `INSERT INTO staff (id, email, display_name, role, team_id, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [s.id, s.email, s.displayName, s.role, s.teamId, s.passwordHash, s.mustChangePassword],
      );
    },
    async findStaffById(q: Queryable, id: string): Promise<Staff | null> {
      const r = await q.query<StaffRow>(`${STAFF_SELECT} WHERE s.id = $1`, [id]);
      return r.rows[0] ? toStaff(r.rows[0]) : null;
    },
    async findStaffByEmail(q: Queryable, email: string): Promise<(Staff & { passwordHash: string | null }) | null> {
      const r = await q.query<StaffRow & { password_hash: string | null }>(
        `${STAFF_SELECT.replace('s.created_at', 's.created_at, s.password_hash')} WHERE s.email = $1`,
        [email],
      );
      const row = r.rows[0];
      return row ? { ...toStaff(row), passwordHash: row.password_hash } : null;
    },
    async listStaff(q: Queryable, teamId: string | null): Promise<Staff[]> {
      const r = await q.query<StaffRow>(
        `${STAFF_SELECT} ${teamId ? 'WHERE s.team_id = $1' : ''} ORDER BY s.display_name, s.email`,
        teamId ? [teamId] : [],
      );
      return r.rows.map(toStaff);
    },
    async setRoleAndTeam(q: Queryable, id: string, role: Role, teamId: string | null): Promise<void> {
      await q.query('UPDATE staff SET role = $2, team_id = $3 WHERE id = $1', [id, role, teamId]);
    },
    async setPassword(q: Queryable, id: string, hash: string, mustChange: boolean): Promise<void> {
      await q.query('UPDATE staff SET password_hash = $2, must_change_password = $3 WHERE id = $1', [id, hash, mustChange]);
    },
    async setDisabled(q: Queryable, id: string, at: Date | null): Promise<void> {
      await q.query('UPDATE staff SET disabled_at = $2 WHERE id = $1', [id, at]);
    },
    async insertSession(q: Queryable, s: { id: string; staffId: string; csrfToken: string; now: Date; expiresAt: Date }): Promise<void> {
      await q.query(
        `INSERT INTO staff_session (id, staff_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)`,
        [s.id, s.staffId, s.csrfToken, s.now, s.expiresAt],
      );
    },
    async findSession(q: Queryable, id: string): Promise<SessionRow | null> {
      const r = await q.query<SessionRow>(
        'SELECT id, staff_id, csrf_token, expires_at, revoked_at, last_seen_at FROM staff_session WHERE id = $1',
        [id],
      );
      return r.rows[0] ?? null;
    },
    async touchSession(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query('UPDATE staff_session SET last_seen_at = $2 WHERE id = $1', [id, now]);
    },
    async revokeSession(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query('UPDATE staff_session SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
    },
    /** Ends every live session of a staff member at once; returns how many. */
    async revokeAllSessions(q: Queryable, staffId: string, now: Date): Promise<number> {
      const r = await q.query('UPDATE staff_session SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL', [staffId, now]);
      return r.rowCount;
    },
    /** Ends every live session of a staff member but one (the one that changed the password). */
    async revokeOtherSessions(q: Queryable, staffId: string, keepId: string, now: Date): Promise<number> {
      const r = await q.query('UPDATE staff_session SET revoked_at = $3 WHERE staff_id = $1 AND id <> $2 AND revoked_at IS NULL', [
        staffId,
        keepId,
        now,
      ]);
      return r.rowCount;
    },
    async countLiveSessions(q: Queryable, staffId: string, now: Date): Promise<number> {
      const r = await q.query<{ n: number }>(
        'SELECT count(*)::int AS n FROM staff_session WHERE staff_id = $1 AND revoked_at IS NULL AND expires_at > $2',
        [staffId, now],
      );
      return r.rows[0]?.n ?? 0;
    },
    async insertApiToken(q: Queryable, t: { id: string; staffId: string; name: string; tokenHash: string; now: Date }): Promise<void> {
      await q.query('INSERT INTO api_token (id, staff_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4, $5)', [
        t.id,
        t.staffId,
        t.name,
        t.tokenHash,
        t.now,
      ]);
    },
    async findApiToken(
      q: Queryable,
      tokenHash: string,
    ): Promise<{ id: string; staffId: string; revokedAt: Date | null; lastUsedAt: Date | null } | null> {
      const r = await q.query<{ id: string; staff_id: string; revoked_at: Date | null; last_used_at: Date | null }>(
        'SELECT id, staff_id, revoked_at, last_used_at FROM api_token WHERE token_hash = $1',
        [tokenHash],
      );
      const t = r.rows[0];
      return t ? { id: t.id, staffId: t.staff_id, revokedAt: t.revoked_at, lastUsedAt: t.last_used_at } : null;
    },
    /** Tokens (never their secret), newest first: one person's, or everyone's. */
    async listApiTokens(q: Queryable, staffId: string | null): Promise<ApiTokenSummary[]> {
      const r = await q.query<{
        id: string;
        staff_id: string;
        email: string;
        name: string;
        created_at: Date;
        last_used_at: Date | null;
        revoked_at: Date | null;
      }>(
        `SELECT t.id, t.staff_id, s.email, t.name, t.created_at, t.last_used_at, t.revoked_at
           FROM api_token t JOIN staff s ON s.id = t.staff_id
          WHERE ($1::uuid IS NULL OR t.staff_id = $1) ORDER BY t.created_at DESC`,
        [staffId],
      );
      return r.rows.map((t) => ({
        id: t.id,
        staffId: t.staff_id,
        staffEmail: t.email,
        name: t.name,
        createdAt: new Date(t.created_at),
        lastUsedAt: t.last_used_at ? new Date(t.last_used_at) : null,
        revokedAt: t.revoked_at ? new Date(t.revoked_at) : null,
      }));
    },
    async findApiTokenOwner(q: Queryable, id: string): Promise<string | null> {
      const r = await q.query<{ staff_id: string }>('SELECT staff_id FROM api_token WHERE id = $1', [id]);
      return r.rows[0]?.staff_id ?? null;
    },
    async touchApiToken(q: Queryable, id: string, now: Date): Promise<void> {
      await q.query('UPDATE api_token SET last_used_at = $2 WHERE id = $1', [id, now]);
    },
    async revokeApiToken(q: Queryable, id: string, now: Date): Promise<number> {
      const r = await q.query('UPDATE api_token SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL', [id, now]);
      return r.rowCount;
    },
    async revokeAllApiTokens(q: Queryable, staffId: string, now: Date): Promise<number> {
      const r = await q.query('UPDATE api_token SET revoked_at = $2 WHERE staff_id = $1 AND revoked_at IS NULL', [staffId, now]);
      return r.rowCount;
    },
    async recordLoginAttempt(q: Queryable, email: string, ok: boolean, at: Date): Promise<void> {
      await q.query('INSERT INTO login_attempt (email, at, ok) VALUES ($1, $2, $3)', [email, at, ok]);
    },
    async countRecentFailures(q: Queryable, email: string, since: Date): Promise<number> {
      const r = await q.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM login_attempt WHERE email = $1 AND at > $2 AND NOT ok
           AND at > coalesce((SELECT max(at) FROM login_attempt WHERE email = $1 AND ok), '-infinity'::timestamptz)`,
        [email, since],
      );
      return r.rows[0]?.n ?? 0;
    },
  };
}

export type StaffRepository = ReturnType<typeof createStaffRepository>;
