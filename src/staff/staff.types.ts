export const ROLES = ['caseworker', 'manager', 'records_officer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Team {
  id: string;
  name: string;
  requiresFirstContactApproval: boolean;
}

export interface Staff {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  teamId: string | null;
  teamName: string | null;
  mustChangePassword: boolean;
  disabledAt: Date | null;
  createdAt: Date;
}

/** Who is acting: every service call that reads or changes data takes one. */
export interface Actor {
  id: string;
  role: Role;
  teamId: string | null;
  displayName: string;
}

export const ROLE_LABELS: Record<Role, string> = {
  caseworker: 'Caseworker',
  manager: 'Team manager',
  records_officer: 'Records officer',
  admin: 'Admin',
};
