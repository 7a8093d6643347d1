import type { Role } from '@velo/db';
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
  const [memberships, invitations] = await Promise.all([
    prisma.membership.findMany({
      where: { teamId: input.teamId },
      include: { user: { select: { name: true, email: true } } },
    }),
    prisma.invitation.findMany({
      where: { teamId: input.teamId, acceptedAt: null },
      orderBy: { createdAt: 'asc' },
    }),
  ]);
  const members = memberships
    .map((membership) => ({
      userId: membership.userId,
      name: membership.user.name,
      email: membership.user.email,
      role: membership.role,
      joinedAt: membership.createdAt,
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.email.localeCompare(b.email));
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
