import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../platform/clock.js';
import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../platform/crypto/password.js';
import type { Db } from '../platform/db/db.client.js';
import { AppError, conflict, forbidden, invalid, notFound } from '../platform/errors.js';
import type { ApiTokenSummary, StaffRepository } from './staff.repository.js';
import { type Actor, ROLES, type Role, type Staff, type Team, seesAllTeams } from './staff.types.js';

/** Failed sign-ins allowed per account in the window before it is paused. */
export const MAX_FAILED_SIGN_INS = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const MIN_PASSWORD_LENGTH = 12;

export interface SignedIn {
  staff: Staff;
  /** The cookie value; only its SHA-256 is stored. */
  sessionToken: string;
  csrfToken: string;
  /** When the session ends (LIAISE_SESSION_HOURS after sign-in); the cookie lives as long. */
  expiresAt: Date;
}

export interface ResolvedSession {
  staff: Staff;
  sessionId: string;
  csrfToken: string;
}

const normaliseEmail = (email: string) => email.trim().toLowerCase();

export function createStaffService(deps: { db: Db; staff: StaffRepository; audit: AuditService; clock: Clock; sessionHours: number }) {
  const { db, staff, audit, clock } = deps;

  const requireAdmin = (actor: Actor | null) => {
    if (actor && actor.role !== 'admin') throw forbidden('STAFF_ADMIN_ONLY', 'Only an admin can manage staff and teams');
  };

  async function createTeam(actor: Actor | null, input: { name: string; requiresFirstContactApproval?: boolean }): Promise<Team> {
    requireAdmin(actor);
    const name = input.name.trim();
    if (!name) throw invalid('STAFF_TEAM_NAME_REQUIRED', 'Enter a team name', { field: 'name' });
    return db.transaction(async (tx) => {
      if (await staff.findTeam(tx, name)) throw conflict('STAFF_TEAM_EXISTS', 'A team with that name already exists', { field: 'name' });
      const team: Team = { id: randomUUID(), name, requiresFirstContactApproval: input.requiresFirstContactApproval ?? false };
      await staff.insertTeam(tx, team);
      await audit.write(tx, {
        actorStaffId: actor?.id ?? null,
        action: 'team.created',
        subjectType: 'team',
        subjectId: team.id,
        details: { name },
      });
      return team;
    });
  }

  /**
   * Creates a staff account with a one-time password that must be changed at first
   * sign-in. `actor` null means the CLI or first-start bootstrap.
   */
  async function createStaff(
    actor: Actor | null,
    input: { email: string; displayName?: string; role: Role; team?: string | null },
  ): Promise<{ staff: Staff; oneTimePassword: string }> {
    requireAdmin(actor);
    const email = normaliseEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
      throw invalid('STAFF_EMAIL_INVALID', 'Enter an email address in the correct format, like name@council.gov.uk', { field: 'email' });
    const oneTimePassword = randomToken(12);
    const passwordHash = await hashPassword(oneTimePassword);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      let teamId: string | null = null;
      if (input.team) {
        const team = await staff.findTeam(tx, input.team);
        if (!team) throw invalid('STAFF_TEAM_NOT_FOUND', 'That team does not exist', { field: 'team' });
        teamId = team.id;
      }
      if ((input.role === 'caseworker' || input.role === 'manager') && !teamId) {
        throw invalid('STAFF_TEAM_REQUIRED', 'Caseworkers and managers must belong to a team', { field: 'team' });
      }
      if (await staff.findStaffByEmail(tx, email))
        throw conflict('STAFF_EMAIL_EXISTS', 'An account with that email address already exists', { field: 'email' });
      const displayName = input.displayName?.trim() || email.split('@')[0]!;
      await staff.insertStaff(tx, { id, email, displayName, role: input.role, teamId, passwordHash, mustChangePassword: true });
      await audit.write(tx, {
        actorStaffId: actor?.id ?? null,
        action: 'staff.created',
        subjectType: 'staff',
        subjectId: id,
        details: { role: input.role, teamId },
      });
    });
    return { staff: (await staff.findStaffById(db, id))!, oneTimePassword };
  }

  /** First start: a team and an admin, once. Returns null when staff already exist. */
  async function bootstrap(): Promise<{ email: string; oneTimePassword: string } | null> {
    if ((await staff.countStaff(db)) > 0) return null;
    const teams = await staff.listTeams(db);
    if (teams.length === 0) await createTeam(null, { name: 'Triage' });
    const { staff: admin, oneTimePassword } = await createStaff(null, {
      email: 'admin@liaise.local',
      displayName: 'Administrator',
      role: 'admin',
      team: null,
    });
    return { email: admin.email, oneTimePassword };
  }

  async function signIn(emailInput: string, password: string, meta: { requestId?: string } = {}): Promise<SignedIn> {
    const email = normaliseEmail(emailInput);
    const now = clock.now();
    const failures = await staff.countRecentFailures(db, email, new Date(now.getTime() - SIGN_IN_WINDOW_MS));
    if (failures >= MAX_FAILED_SIGN_INS) {
      throw new AppError('AUTH_TOO_MANY_ATTEMPTS', 'Too many failed sign-in attempts. Try again in 15 minutes or ask an admin.', 429);
    }
    const found = await staff.findStaffByEmail(db, email);
    // Hash even when the account does not exist, so timing does not reveal which emails are registered.
    const ok = await verifyPassword(
      password,
      found?.passwordHash ?? 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
    );
    if (!found || !ok || found.disabledAt) {
      await db.transaction(async (tx) => {
        await staff.recordLoginAttempt(tx, email, false, now);
        await audit.write(tx, {
          actorStaffId: found?.id ?? null,
          action: 'auth.sign-in-failed',
          subjectType: 'staff',
          subjectId: found?.id ?? null,
          requestId: meta.requestId,
        });
      });
      throw new AppError('AUTH_INVALID_CREDENTIALS', 'Enter a correct email address and password', 401);
    }
    const sessionToken = randomToken(32);
    const csrfToken = randomToken(24);
    const expiresAt = new Date(now.getTime() + deps.sessionHours * 3600_000);
    await db.transaction(async (tx) => {
      await staff.recordLoginAttempt(tx, email, true, now);
      await staff.insertSession(tx, {
        id: sha256Hex(sessionToken),
        staffId: found.id,
        csrfToken,
        now,
        expiresAt,
      });
      await audit.write(tx, {
        actorStaffId: found.id,
        action: 'auth.signed-in',
        subjectType: 'staff',
        subjectId: found.id,
        requestId: meta.requestId,
      });
    });
    const { passwordHash: _ignored, ...publicStaff } = found;
    return { staff: publicStaff, sessionToken, csrfToken, expiresAt };
  }

  /** Returns the live session for a cookie token, or null if it is unknown, expired, revoked or its account disabled. */
  async function resolveSession(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token) return null;
    const id = sha256Hex(token);
    const session = await staff.findSession(db, id);
    const now = clock.now();
    if (!session || session.revoked_at || new Date(session.expires_at) <= now) return null;
    const member = await staff.findStaffById(db, session.staff_id);
    if (!member || member.disabledAt) return null;
    // Write last-seen at most once a minute, not on every request.
    if (now.getTime() - new Date(session.last_seen_at).getTime() > 60_000) await staff.touchSession(db, id, now);
    return { staff: member, sessionId: id, csrfToken: session.csrf_token };
  }

  async function signOut(sessionId: string, actor: Actor): Promise<void> {
    await db.transaction(async (tx) => {
      await staff.revokeSession(tx, sessionId, clock.now());
      await audit.write(tx, { actorStaffId: actor.id, action: 'auth.signed-out', subjectType: 'staff', subjectId: actor.id });
    });
  }

  /** Ends every session of the account (lost or stolen device). Staff may do it for themselves; admins for anyone. */
  async function signOutEverywhere(actor: Actor, staffId: string): Promise<number> {
    if (actor.id !== staffId) requireAdmin(actor);
    return db.transaction(async (tx) => {
      const n = await staff.revokeAllSessions(tx, staffId, clock.now());
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'auth.signed-out-everywhere',
        subjectType: 'staff',
        subjectId: staffId,
        details: { sessions: n },
      });
      return n;
    });
  }

  /**
   * An API token for a case-management integration, acting as the given staff
   * account (its role and team limit what the token can do). Shown once; only its
   * SHA-256 is stored. Staff may create their own; admins for anyone.
   */
  async function createApiToken(actor: Actor | null, staffId: string, name: string): Promise<{ id: string; token: string }> {
    if (actor && actor.id !== staffId) requireAdmin(actor);
    const label = name.trim();
    if (!label) throw invalid('STAFF_TOKEN_NAME_REQUIRED', 'Name the token after the system that will use it', { field: 'name' });
    const token = `lsk_${randomToken(32)}`;
    const id = randomUUID();
    await db.transaction(async (tx) => {
      const member = await staff.findStaffById(tx, staffId);
      if (!member || member.disabledAt) throw notFound('STAFF_NOT_FOUND', 'Active staff member');
      await staff.insertApiToken(tx, { id, staffId, name: label, tokenHash: sha256Hex(token), now: clock.now() });
      await audit.write(tx, {
        actorStaffId: actor?.id ?? null,
        action: 'api-token.created',
        subjectType: 'staff',
        subjectId: staffId,
        details: { tokenId: id, name: label },
      });
    });
    return { id, token };
  }

  /** The staff member behind a bearer token, or null if it is unknown, revoked, or its account disabled. */
  async function resolveApiToken(token: string | undefined): Promise<Staff | null> {
    if (!token || !token.startsWith('lsk_')) return null;
    const found = await staff.findApiToken(db, sha256Hex(token));
    if (!found || found.revokedAt) return null;
    const member = await staff.findStaffById(db, found.staffId);
    if (!member || member.disabledAt) return null;
    const now = clock.now();
    if (!found.lastUsedAt || now.getTime() - new Date(found.lastUsedAt).getTime() > 60_000) await staff.touchApiToken(db, found.id, now);
    return member;
  }

  /** Staff see their own tokens; admins (and the CLI, with no actor) anyone's. */
  async function listApiTokens(actor: Actor | null, staffId: string | null = actor?.id ?? null): Promise<ApiTokenSummary[]> {
    if (actor && staffId !== actor.id) requireAdmin(actor);
    return staff.listApiTokens(db, staffId);
  }

  /** Owners revoke their own tokens; admins (and the CLI) anyone's. */
  async function revokeApiToken(actor: Actor | null, tokenId: string): Promise<void> {
    if (!/^[0-9a-f-]{36}$/i.test(tokenId)) throw notFound('STAFF_TOKEN_NOT_FOUND', 'Live API token');
    await db.transaction(async (tx) => {
      const owner = await staff.findApiTokenOwner(tx, tokenId);
      if (!owner) throw notFound('STAFF_TOKEN_NOT_FOUND', 'Live API token');
      if (actor && actor.id !== owner) requireAdmin(actor);
      if ((await staff.revokeApiToken(tx, tokenId, clock.now())) === 0) throw notFound('STAFF_TOKEN_NOT_FOUND', 'Live API token');
      await audit.write(tx, { actorStaffId: actor?.id ?? null, action: 'api-token.revoked', subjectType: 'api_token', subjectId: tokenId });
    });
  }

  /**
   * An admin resets someone's password: a new one-time password (shown once), which they must change at
   * sign-in; every session and API token of theirs stays as it was except sessions, which end.
   */
  async function resetPassword(actor: Actor, staffId: string): Promise<{ oneTimePassword: string }> {
    requireAdmin(actor);
    if (actor.id === staffId) throw invalid('STAFF_RESET_OWN', 'Change your own password on your account page');
    const oneTimePassword = randomToken(12);
    const hash = await hashPassword(oneTimePassword);
    await db.transaction(async (tx) => {
      if (!(await staff.findStaffById(tx, staffId))) throw notFound('STAFF_NOT_FOUND', 'Staff member');
      await staff.setPassword(tx, staffId, hash, true);
      const ended = await staff.revokeAllSessions(tx, staffId, clock.now());
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'staff.password-reset',
        subjectType: 'staff',
        subjectId: staffId,
        details: { sessionsEnded: ended },
      });
    });
    return { oneTimePassword };
  }

  /** An admin changes someone's role or team; their sessions end so the new permissions apply at once. */
  async function changeRoleAndTeam(actor: Actor, staffId: string, input: { role: Role; teamId: string | null }): Promise<void> {
    requireAdmin(actor);
    if (!ROLES.includes(input.role)) throw invalid('STAFF_ROLE_INVALID', 'Choose a role', { field: 'role' });
    if (actor.id === staffId && input.role !== 'admin')
      throw invalid('STAFF_CANNOT_DEMOTE_SELF', 'Another admin must change your own role', { field: 'role' });
    if ((input.role === 'caseworker' || input.role === 'manager') && !input.teamId)
      throw invalid('STAFF_TEAM_REQUIRED', 'Caseworkers and managers must belong to a team', { field: 'team' });
    await db.transaction(async (tx) => {
      const member = await staff.findStaffById(tx, staffId);
      if (!member) throw notFound('STAFF_NOT_FOUND', 'Staff member');
      const teamId = input.teamId && (await staff.listTeams(tx)).some((t) => t.id === input.teamId) ? input.teamId : null;
      if (input.teamId && !teamId) throw invalid('STAFF_TEAM_NOT_FOUND', 'That team does not exist', { field: 'team' });
      await staff.setRoleAndTeam(tx, staffId, input.role, teamId);
      const ended = actor.id === staffId ? 0 : await staff.revokeAllSessions(tx, staffId, clock.now());
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'staff.role-changed',
        subjectType: 'staff',
        subjectId: staffId,
        details: { from: { role: member.role, teamId: member.teamId }, to: { role: input.role, teamId }, sessionsEnded: ended },
      });
    });
  }

  async function setDisabled(actor: Actor, staffId: string, disabled: boolean): Promise<void> {
    requireAdmin(actor);
    if (actor.id === staffId && disabled) throw invalid('STAFF_CANNOT_DISABLE_SELF', 'You cannot disable your own account');
    await db.transaction(async (tx) => {
      if (!(await staff.findStaffById(tx, staffId))) throw notFound('STAFF_NOT_FOUND', 'Staff member');
      const now = clock.now();
      await staff.setDisabled(tx, staffId, disabled ? now : null);
      const ended = disabled ? await staff.revokeAllSessions(tx, staffId, now) : 0;
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: disabled ? 'staff.disabled' : 'staff.enabled',
        subjectType: 'staff',
        subjectId: staffId,
        details: { sessionsEnded: ended },
      });
    });
  }

  /**
   * Changes the actor's own password. Every other session of the account ends (a
   * password is changed because it may be known to someone else); `keepSessionId`,
   * the session that made the change, stays signed in.
   */
  async function changePassword(actor: Actor, current: string, next: string, keepSessionId: string): Promise<void> {
    if (next.length < MIN_PASSWORD_LENGTH)
      throw invalid('AUTH_PASSWORD_TOO_SHORT', `Your new password must be at least ${MIN_PASSWORD_LENGTH} characters`, {
        field: 'newPassword',
      });
    const member = await staff.findStaffById(db, actor.id);
    const withHash = member ? await staff.findStaffByEmail(db, member.email) : null;
    if (!withHash || !(await verifyPassword(current, withHash.passwordHash))) {
      throw invalid('AUTH_PASSWORD_WRONG', 'Your current password is not correct', { field: 'currentPassword' });
    }
    if (current === next)
      throw invalid('AUTH_PASSWORD_UNCHANGED', 'Choose a password different from your current one', { field: 'newPassword' });
    const hash = await hashPassword(next);
    await db.transaction(async (tx) => {
      await staff.setPassword(tx, actor.id, hash, false);
      const ended = await staff.revokeOtherSessions(tx, actor.id, keepSessionId, clock.now());
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'auth.password-changed',
        subjectType: 'staff',
        subjectId: actor.id,
        details: { otherSessionsEnded: ended },
      });
    });
  }

  async function listStaff(actor: Actor): Promise<Staff[]> {
    if (actor.role === 'caseworker') throw forbidden();
    return staff.listStaff(db, seesAllTeams(actor) ? null : actor.teamId);
  }

  return {
    createTeam,
    createStaff,
    bootstrap,
    signIn,
    resolveSession,
    signOut,
    signOutEverywhere,
    setDisabled,
    createApiToken,
    resolveApiToken,
    revokeApiToken,
    listApiTokens,
    resetPassword,
    changeRoleAndTeam,
    changePassword,
    listStaff,
    listTeams: () => staff.listTeams(db),
    findTeam: (idOrName: string) => staff.findTeam(db, idOrName),
    getStaff: (id: string) => staff.findStaffById(db, id),
    /** For the CLI, which acts as a named staff member (no password hash returned). */
    async findStaffByEmail(email: string): Promise<Staff | null> {
      const found = await staff.findStaffByEmail(db, normaliseEmail(email));
      if (!found) return null;
      const { passwordHash: _hash, ...rest } = found;
      return rest;
    },
    countLiveSessions: (staffId: string) => staff.countLiveSessions(db, staffId, clock.now()),
  };
}

export type StaffService = ReturnType<typeof createStaffService>;

export const toActor = (s: Staff): Actor => ({ id: s.id, role: s.role, teamId: s.teamId, displayName: s.displayName });
