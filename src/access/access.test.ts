import { describe, expect, it } from 'vitest';
import { ROLES, type Actor, type Role } from '../staff/staff.types.js';
import { authorize, can, NO_TEAM, teamScope } from './authorize.js';
import { PERMISSION_SCOPE, PERMISSIONS, type Permission } from './permissions.js';

/** The expected answer for every role and permission, written out by hand so a change to the table is a visible change here. */
const EXPECTED: Record<Role, Permission[]> = {
  caseworker: [
    'citizen.read',
    'citizen.create',
    'citizen.update',
    'conversation.read',
    'conversation.start',
    'conversation.send',
    'conversation.triage',
    'import.create',
    'api-token.manage',
    'message.report',
    'message.share',
    'case.read',
    'case.manage',
    'case.export',
  ],
  manager: [
    'citizen.read',
    'citizen.create',
    'citizen.update',
    'conversation.read',
    'conversation.start',
    'conversation.send',
    'conversation.triage',
    'import.create',
    'api-token.manage',
    'message.report',
    'message.share',
    'case.read',
    'case.manage',
    'case.export',
    'staff.read',
    'review.read',
    'oversight.read',
    'report.decide',
    'hold.read',
    'hold.create',
    'contact.approve',
  ],
  records_officer: [
    'citizen.read',
    'conversation.read',
    'import.create',
    'review.read',
    'records.read',
    'records.verify',
    'records.push',
    'case.export',
    'api-token.manage',
    'message.report',
    'retention.read',
    'records.dispose',
    'hold.read',
    'hold.create',
    'hold.release',
    'case.read',
    'case.manage',
  ],
  admin: [
    'citizen.read',
    'citizen.create',
    'citizen.update',
    'conversation.read',
    'conversation.start',
    'conversation.send',
    'conversation.triage',
    'import.create',
    'api-token.manage',
    'case.read',
    'case.manage',
    'case.export',
    'staff.read',
    'staff.manage',
    'team.manage',
    'review.read',
    'records.read',
    'records.verify',
    'message.report',
    'message.share',
    'oversight.read',
    'report.decide',
    'retention.read',
    'hold.read',
    'records.push',
    'contact.approve',
    'template.manage',
  ],
};
const ALL_TEAMS: Record<Role, boolean> = { caseworker: false, manager: false, records_officer: true, admin: true };

const actorOf = (role: Role, teamId: string | null = 'team-a'): Actor => ({ id: `staff-${role}`, role, teamId, displayName: role });

describe('authorize: every role × permission × own team / other team / no team', () => {
  const rows = ROLES.flatMap((role) => PERMISSIONS.map((permission) => ({ role, permission })));
  it.each(rows)('$role → $permission', ({ role, permission }) => {
    const actor = actorOf(role);
    const granted = EXPECTED[role].includes(permission);
    const global = PERMISSION_SCOPE[permission] === 'global';
    const cases: Array<[string, { teamId: string | null } | undefined, boolean]> = [
      ['role only', undefined, granted],
      ['own team', { teamId: 'team-a' }, granted],
      ['other team', { teamId: 'team-b' }, granted && (global || ALL_TEAMS[role])],
      ['no team', { teamId: null }, granted && (global || ALL_TEAMS[role])],
    ];
    for (const [label, resource, expected] of cases) {
      expect(can(actor, permission, resource), `${label}`).toBe(expected);
      if (expected) expect(() => authorize(actor, permission, resource)).not.toThrow();
      else expect(() => authorize(actor, permission, resource)).toThrow(expect.objectContaining({ code: 'ACCESS_DENIED', status: 403 }));
    }
  });

  it('a team-scoped role with no team reaches no team resource', () => {
    const orphan = actorOf('caseworker', null);
    expect(can(orphan, 'conversation.read', { teamId: null })).toBe(false);
    expect(can(orphan, 'conversation.read', { teamId: 'team-a' })).toBe(false);
  });

  it('list queries are scoped to the actor’s team unless the role oversees all', () => {
    for (const role of ROLES) expect(teamScope(actorOf(role))).toBe(ALL_TEAMS[role] ? null : 'team-a');
  });

  it('a team-scoped role with no team lists nothing, never every team', () => {
    for (const role of ROLES) expect(teamScope(actorOf(role, null))).toBe(ALL_TEAMS[role] ? null : NO_TEAM);
  });

  it('an unknown role is refused everything', () => {
    const forged = { ...actorOf('admin'), role: 'superuser' as Role };
    for (const p of PERMISSIONS) expect(can(forged, p)).toBe(false);
  });
});
