import { randomUUID } from 'node:crypto';
import type { AuditService } from '../audit/audit.service.js';
import type { Clock } from '../platform/clock.js';
import { hashPassword, randomToken, sha256Hex, verifyPassword } from '../platform/crypto/password.js';
import type { Db } from '../platform/db/db.client.js';
import { authorize, teamScope } from '../access/authorize.js';
import type { Permission } from '../access/permissions.js';
import { MIN_PASSWORD_LENGTH, passwordProblem } from './password-strength.js';
import {
  authInvalidCredentials,
  authPasswordGuessable,
  authPasswordPersonal,
  authPasswordTooShort,
  authPasswordUnchanged,
  authPasswordWrong,
  authTooManyAttempts,
  staffCannotDemoteSelf,
  staffCannotDisableSelf,
  staffEmailExists,
  staffEmailInvalid,
  staffNotFound,
  staffResetOwn,
  staffRoleInvalid,
  staffTeamExists,
  staffTeamNameRequired,
  staffTeamNotFound,
  staffTeamRequired,
  staffTokenNameRequired,
  staffTokenNotFound,
} from './staff.errors.js';
import type { ApiTokenSummary, StaffRepository } from './staff.repository.js';
import { type Actor, ROLES, type Role, type Staff, type Team } from './staff.types.js';

/** Failed sign-ins allowed per account in the window before it is paused. */
export const MAX_FAILED_SIGN_INS = 5;
export const SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

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

  /** `actor` null is the CLI or first-start bootstrap, run by whoever holds the server's configuration. */
  const requirePermission = (actor: Actor | null, permission: Permission) => {
    if (actor) authorize(actor, permission);
  };

  async function createTeam(actor: Actor | null, input: { name: string; requiresFirstContactApproval?: boolean }): Promise<Team> {
    requirePermission(actor, 'team.manage');
    const name = input.name.trim();
    if (!name) throw staffTeamNameRequired();
    return db.transaction(async (tx) => {
      if (await staff.findTeam(tx, name)) throw staffTeamExists();
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

  /** Admins decide whether a team's first contacts wait for a manager's approval (guidance section 5). */
  async function setTeamApproval(actor: Actor, teamId: string, requires: boolean, meta: { requestId?: string } = {}): Promise<void> {
    requirePermission(actor, 'team.manage');
    await db.transaction(async (tx) => {
      if (!(await staff.setTeamApproval(tx, teamId, requires))) throw staffTeamNotFound();
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'team.approval-set',
        subjectType: 'team',
        subjectId: teamId,
        details: { requiresFirstContactApproval: requires },
        requestId: meta.requestId,
      });
    });
  }

  /**
   * Creates a staff account with a one-time password that must be changed at first
   * sign-in. `actor` null means the CLI or first-start bootstrap.
   */
  async function createStaff(
    actor: Actor | null,
    input: { email: string; displayName?: string; role: Role | null; team?: string | null },
  ): Promise<{ staff: Staff; oneTimePassword: string }> {
    requirePermission(actor, 'staff.manage');
    const email = normaliseEmail(input.email);
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw staffEmailInvalid();
    const role = input.role;
    if (!role || !ROLES.includes(role)) throw staffRoleInvalid();
    const oneTimePassword = randomToken(12);
    const passwordHash = await hashPassword(oneTimePassword);
    const id = randomUUID();
    await db.transaction(async (tx) => {
      let teamId: string | null = null;
      if (input.team) {
        const team = await staff.findTeam(tx, input.team);
        if (!team) throw staffTeamNotFound();
        teamId = team.id;
      }
      if ((role === 'caseworker' || role === 'manager') && !teamId) {
        throw staffTeamRequired();
      }
      if (await staff.findStaffByEmail(tx, email)) throw staffEmailExists();
      const displayName = input.displayName?.trim() || email.split('@')[0]!;
      await staff.insertStaff(tx, { id, email, displayName, role: role, teamId, passwordHash, mustChangePassword: true });
      await audit.write(tx, {
        actorStaffId: actor?.id ?? null,
        action: 'staff.created',
        subjectType: 'staff',
        subjectId: id,
        details: { role: role, teamId },
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
      throw authTooManyAttempts();
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
      throw authInvalidCredentials();
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
    if (actor.id !== staffId) authorize(actor, 'staff.manage');
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
    if (actor?.id !== staffId) requirePermission(actor, 'staff.manage');
    const label = name.trim();
    if (!label) throw staffTokenNameRequired();
    const token = `lsk_${randomToken(32)}`;
    const id = randomUUID();
    await db.transaction(async (tx) => {
      const member = await staff.findStaffById(tx, staffId);
      if (!member || member.disabledAt) throw staffNotFound('Active staff member');
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
    if (staffId !== actor?.id) requirePermission(actor, 'staff.manage');
    return staff.listApiTokens(db, staffId);
  }

  /** Owners revoke their own tokens; admins (and the CLI) anyone's. */
  async function revokeApiToken(actor: Actor | null, tokenId: string): Promise<void> {
    await db.transaction(async (tx) => {
      const owner = await staff.findApiTokenOwner(tx, tokenId);
      if (!owner) throw staffTokenNotFound();
      if (actor?.id !== owner) requirePermission(actor, 'staff.manage');
      if ((await staff.revokeApiToken(tx, tokenId, clock.now())) === 0) throw staffTokenNotFound();
      await audit.write(tx, { actorStaffId: actor?.id ?? null, action: 'api-token.revoked', subjectType: 'api_token', subjectId: tokenId });
    });
  }

  /**
   * An admin resets someone's password: a new one-time password (shown once), which they must change at
   * sign-in; every session and API token of theirs stays as it was except sessions, which end.
   */
  async function resetPassword(actor: Actor, staffId: string): Promise<{ oneTimePassword: string }> {
    authorize(actor, 'staff.manage');
    if (actor.id === staffId) throw staffResetOwn();
    const oneTimePassword = randomToken(12);
    const hash = await hashPassword(oneTimePassword);
    await db.transaction(async (tx) => {
      if (!(await staff.findStaffById(tx, staffId))) throw staffNotFound();
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
  async function changeRoleAndTeam(actor: Actor, staffId: string, input: { role: Role | null; teamId: string | null }): Promise<void> {
    authorize(actor, 'staff.manage');
    const role = input.role;
    if (!role || !ROLES.includes(role)) throw staffRoleInvalid();
    if (actor.id === staffId && role !== 'admin') throw staffCannotDemoteSelf();
    if ((role === 'caseworker' || role === 'manager') && !input.teamId) throw staffTeamRequired();
    await db.transaction(async (tx) => {
      const member = await staff.findStaffById(tx, staffId);
      if (!member) throw staffNotFound();
      const teamId = input.teamId && (await staff.listTeams(tx)).some((t) => t.id === input.teamId) ? input.teamId : null;
      if (input.teamId && !teamId) throw staffTeamNotFound();
      await staff.setRoleAndTeam(tx, staffId, role, teamId);
      const ended = actor.id === staffId ? 0 : await staff.revokeAllSessions(tx, staffId, clock.now());
      await audit.write(tx, {
        actorStaffId: actor.id,
        action: 'staff.role-changed',
        subjectType: 'staff',
        subjectId: staffId,
        details: { from: { role: member.role, teamId: member.teamId }, to: { role: role, teamId }, sessionsEnded: ended },
      });
    });
  }

  async function setDisabled(actor: Actor, staffId: string, disabled: boolean): Promise<void> {
    authorize(actor, 'staff.manage');
    if (actor.id === staffId && disabled) throw staffCannotDisableSelf();
    await db.transaction(async (tx) => {
      if (!(await staff.findStaffById(tx, staffId))) throw staffNotFound();
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
    if (next.length < MIN_PASSWORD_LENGTH) throw authPasswordTooShort(MIN_PASSWORD_LENGTH);
    const member = await staff.findStaffById(db, actor.id);
    const withHash = member ? await staff.findStaffByEmail(db, member.email) : null;
    if (!withHash || !(await verifyPassword(current, withHash.passwordHash))) {
      throw authPasswordWrong();
    }
    if (current === next) throw authPasswordUnchanged();
    const weak = await passwordProblem(next, withHash);
    if (weak?.code === 'PERSONAL') throw authPasswordPersonal();
    if (weak?.code === 'GUESSABLE') throw authPasswordGuessable(weak.hint);
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
    authorize(actor, 'staff.read');
    return staff.listStaff(db, teamScope(actor));
  }

  /**
   * The staff of one team, for choosing who wrote what in an imported chat: anyone who may read that
   * team's conversations may see who works in it.
   */
  async function listTeamStaff(actor: Actor, teamId: string): Promise<Staff[]> {
    authorize(actor, 'conversation.read', { teamId });
    return staff.listStaff(db, teamId);
  }

  return {
    createTeam,
    setTeamApproval,
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
    listTeamStaff,
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
