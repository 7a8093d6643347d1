export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const;
export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };

/** Whether `role` grants at least what `minimum` does (OWNER > ADMIN > EDITOR > VIEWER). */
export function hasRole(role: string | undefined, minimum: Role): boolean {
  if (!role || !(role in RANK)) return false;
  return RANK[role as Role] >= RANK[minimum];
}

/** Roles a member of `role` may hand out: only an OWNER can make owners. */
export function grantableRoles(role: string | undefined): Role[] {
  if (role === 'OWNER') return [...ROLES];
  if (role === 'ADMIN') return ['ADMIN', 'EDITOR', 'VIEWER'];
  return [];
}

export const ROLE_LABELS: Record<Role, string> = {
  OWNER: 'Owner',
  ADMIN: 'Admin',
  EDITOR: 'Editor',
  VIEWER: 'Viewer',
};
