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
  'records.push',
  'case.export',
  'api-token.manage',
  'message.report',
  'message.share',
  'oversight.read',
  'report.decide',
  'retention.read',
  'records.dispose',
  'hold.read',
  'hold.create',
  'hold.release',
  'case.read',
  'case.manage',
  'contact.approve',
  'template.manage',
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
  // The case-system delivery log covers every team's pushes; exporting a case is the case's team's.
  'records.push': 'global',
  'case.export': 'team',
  'api-token.manage': 'global',
  'message.report': 'team',
  'message.share': 'team',
  'oversight.read': 'team',
  'report.decide': 'team',
  'retention.read': 'global',
  'records.dispose': 'global',
  'hold.read': 'global',
  'hold.create': 'global',
  'hold.release': 'global',
  // Cases belong to a team: caseworkers and managers see and manage their own team's; records officers every team's.
  'case.read': 'team',
  'case.manage': 'team',
  'contact.approve': 'team',
  'template.manage': 'global',
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
  // Every message has a "Report" action, and can be shared with a colleague (guidance section 5).
  'message.report',
  'message.share',
  'case.read',
  'case.manage',
  'case.export',
];

/** The one table of who may do what. Records officers and admins oversee every team. */
export const ROLE_PERMISSIONS: Record<Role, { allTeams: boolean; permissions: ReadonlySet<Permission> }> = {
  caseworker: { allTeams: false, permissions: new Set(CASEWORKER) },
  // Managers place legal holds (often first to hear of a claim or complaint) but cannot release them.
  manager: {
    allTeams: false,
    permissions: new Set<Permission>([
      ...CASEWORKER,
      'staff.read',
      'review.read',
      'oversight.read',
      'report.decide',
      'hold.read',
      'hold.create',
      'contact.approve',
    ]),
  },
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
      'records.push',
      'case.export',
      'api-token.manage',
      'message.report',
      'retention.read',
      'records.dispose',
      'hold.read',
      'hold.create',
      'hold.release',
      // Records officers file messages to cases from triage, and close or reopen any case.
      'case.read',
      'case.manage',
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
      'oversight.read',
      'report.decide',
      'retention.read',
      'hold.read',
      'records.push',
      'contact.approve',
      // Only admins manage the WhatsApp templates the council may send.
      'template.manage',
    ]),
  },
};
