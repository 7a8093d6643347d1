import type { Role } from '@velo/db';

export const ROLES = ['OWNER', 'ADMIN', 'EDITOR', 'VIEWER'] as const satisfies readonly Role[];

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2, OWNER: 3 };

/** Whether `role` grants at least what `minimum` does (OWNER > ADMIN > EDITOR > VIEWER). */
export function roleAtLeast(role: Role, minimum: Role): boolean {
  return RANK[role] >= RANK[minimum];
}

/**
 * Why `actorRole` may not move a member from `currentRole` (null for a newcomer) to `nextRole`,
 * or null when it may. Only an OWNER makes or unmakes owners.
 */
export function roleChangeRefusal(
  actorRole: Role,
  currentRole: Role | null,
  nextRole: Role,
): string | null {
  if (!roleAtLeast(actorRole, 'ADMIN')) return 'Only admins and owners can manage members';
  if (actorRole !== 'OWNER' && (nextRole === 'OWNER' || currentRole === 'OWNER')) {
    return 'Only an owner can grant or revoke the OWNER role';
  }
  return null;
}

/** Whether a change leaves the team without an owner. */
export function removesLastOwner(ownerCount: number, currentRole: Role, nextRole: Role | null) {
  return currentRole === 'OWNER' && nextRole !== 'OWNER' && ownerCount <= 1;
}
