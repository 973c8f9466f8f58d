import type { Role } from '../staff/staff.types.js';

/**
 * Every permission in Liaise, named `noun.verb` for what it allows. Routes
 * declare one; services check resource scope with the same name through
 * `authorize()`. Add a permission here, give it to roles below, and the
 * table-driven test in `access.test.ts` covers it.
 */
export const PERMISSIONS = [
  'citizen.read',
  'citizen.create',
  'citizen.update',
  'conversation.read',
  'conversation.start',
  'conversation.send',
  'conversation.triage',
  'import.create',
  'staff.read',
  'staff.manage',
  'team.manage',
  'review.read',
  'records.read',
  'records.verify',
  'api-token.manage',
  'contact.approve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * How a permission is scoped:
 * - `team`: the resource belongs to a team; roles without `allTeams` act only on their own team's.
 * - `global`: not tied to a team (managing staff, verifying the chain).
 */
export const PERMISSION_SCOPE: Record<Permission, 'team' | 'global'> = {
  'citizen.read': 'team',
  'citizen.create': 'team',
  'citizen.update': 'team',
  'conversation.read': 'team',
  'conversation.start': 'team',
  'conversation.send': 'team',
  'conversation.triage': 'team',
  'import.create': 'team',
  'staff.read': 'team',
  'staff.manage': 'global',
  'team.manage': 'global',
  'review.read': 'team',
  'records.read': 'team',
  'records.verify': 'global',
  'api-token.manage': 'global',
  'contact.approve': 'team',
};

const CASEWORKER: Permission[] = [
  'citizen.read',
  'citizen.create',
  'citizen.update',
  'conversation.read',
  'conversation.start',
  'conversation.send',
  'conversation.triage',
  'import.create',
  'api-token.manage',
];

/** The one table of who may do what. Records officers and admins oversee every team. */
export const ROLE_PERMISSIONS: Record<Role, { allTeams: boolean; permissions: ReadonlySet<Permission> }> = {
  caseworker: { allTeams: false, permissions: new Set(CASEWORKER) },
  manager: { allTeams: false, permissions: new Set<Permission>([...CASEWORKER, 'staff.read', 'review.read', 'contact.approve']) },
  records_officer: {
    allTeams: true,
    permissions: new Set<Permission>([
      'citizen.read',
      'conversation.read',
      // Chats gathered from staff phones in an amnesty are imported by records officers too.
      'import.create',
      'review.read',
      'records.read',
      'records.verify',
      'api-token.manage',
    ]),
  },
  admin: {
    allTeams: true,
    permissions: new Set<Permission>([
      ...CASEWORKER,
      'staff.read',
      'staff.manage',
      'team.manage',
      'review.read',
      'records.read',
      'records.verify',
      'contact.approve',
    ]),
  },
};
