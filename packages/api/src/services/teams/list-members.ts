import type { InvitationModel as Invitation, Role } from '@velo/db';
import type { ServiceDeps } from '../context.ts';
import { type InvitationStatus, invitationStatus } from './find-invitation.ts';

export interface TeamMembers {
  members: { userId: string; name: string; email: string; role: Role; joinedAt: Date }[];
  invitations: {
    id: string;
    email: string;
    role: Role;
    createdAt: Date;
    expiresAt: Date | null;
    status: Exclude<InvitationStatus, 'accepted'>;
  }[];
}

const ROLE_ORDER: Record<Role, number> = { OWNER: 0, ADMIN: 1, EDITOR: 2, VIEWER: 3 };

export async function listMembers(
  { prisma }: ServiceDeps,
  input: { teamId: string },
): Promise<TeamMembers> {
  // Raw SQL: the members with their names in one query (an `include` costs a second round trip),
  // and no query compilation on a call the team page makes on every visit.
  const [members, invitations] = await Promise.all([
    prisma.$queryRaw<TeamMembers['members']>`
      SELECT m."userId", u.name, u.email, m.role::text AS role, m."createdAt" AS "joinedAt"
      FROM "Membership" m JOIN "user" u ON u.id = m."userId"
      WHERE m."teamId" = ${input.teamId}`,
    prisma.$queryRaw<Invitation[]>`
      SELECT id, "teamId", email, role::text AS role, "invitedById", "createdAt", "acceptedAt",
             "declinedAt", "tokenHash", "expiresAt"
      FROM "Invitation" WHERE "teamId" = ${input.teamId} AND "acceptedAt" IS NULL
      ORDER BY "createdAt"`,
  ]);
  members.sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email));
  return {
    members,
    invitations: invitations.map((invitation) => ({
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      createdAt: invitation.createdAt,
      expiresAt: invitation.expiresAt,
      status: invitationStatus(invitation) as Exclude<InvitationStatus, 'accepted'>,
    })),
  };
}
