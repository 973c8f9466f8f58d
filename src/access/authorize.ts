import { AppError } from '../platform/errors.js';
import type { Actor } from '../staff/staff.types.js';
import { PERMISSION_SCOPE, ROLE_PERMISSIONS, type Permission } from './permissions.js';

/** What a permission is checked against: the team that owns the thing acted on (`null`: no team yet, e.g. triage). */
export interface Resource {
  teamId: string | null;
}

/**
 * Whether `actor` may do `permission`, on `resource` when one is given.
 * Without a resource only the role is checked (a route's declaration); with one,
 * team-scoped permissions also need the resource's team to be the actor's own,
 * unless the role oversees every team. A resource with no team is visible only
 * to roles that oversee every team.
 */
export function can(actor: Actor, permission: Permission, resource?: Resource): boolean {
  const role = ROLE_PERMISSIONS[actor.role];
  if (!role || !role.permissions.has(permission)) return false;
  if (resource === undefined || PERMISSION_SCOPE[permission] === 'global' || role.allTeams) return true;
  return resource.teamId !== null && resource.teamId === actor.teamId;
}

export const accessDenied = () => new AppError('ACCESS_DENIED', 'You do not have access to this', 403);

/** Throws ACCESS_DENIED (403) unless `can(actor, permission, resource)`. Never rewrite the actor to pass it. */
export function authorize(actor: Actor, permission: Permission, resource?: Resource): void {
  if (!can(actor, permission, resource)) throw accessDenied();
}

/** A team id no team has: the scope of a team-scoped actor who has no team, which matches nothing. */
export const NO_TEAM = '00000000-0000-0000-0000-000000000000';

/**
 * The team filter for a list query: `null` means every team (roles that oversee all teams). A
 * team-scoped actor without a team gets `NO_TEAM`, never `null`, so they list nothing rather than everything.
 */
export function teamScope(actor: Actor): string | null {
  return ROLE_PERMISSIONS[actor.role]?.allTeams ? null : (actor.teamId ?? NO_TEAM);
}
