import type { PrismaClient } from '@velo/db';
import { AppError } from '../../errors.ts';
import { INVITATION_NOT_FOUND, type InvitationView, invitationStatus } from './find-invitation.ts';
import { hashInvitationToken } from './invitation-token.ts';

/**
 * What the invitation link shows a signed-in user before they accept or decline: the team, the
 * role, who invited, and whether this user may accept it (the invited, verified address).
 */
export async function getInvitation(
  prisma: PrismaClient,
  input: { userId: string; token: string },
): Promise<InvitationView & { forYou: boolean; emailVerified: boolean }> {
  const invitation = await prisma.invitation.findUnique({
    where: { tokenHash: hashInvitationToken(input.token) },
    include: { team: { select: { name: true } } },
  });
  if (!invitation) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND);
  const [user, inviter] = await Promise.all([
    prisma.user.findUniqueOrThrow({ where: { id: input.userId } }),
    prisma.user.findUnique({ where: { id: invitation.invitedById } }),
  ]);
  return {
    id: invitation.id,
    teamId: invitation.teamId,
    teamName: invitation.team.name,
    email: invitation.email,
    role: invitation.role,
    invitedBy: inviter ? inviter.name || inviter.email : 'a former member',
    createdAt: invitation.createdAt,
    expiresAt: invitation.expiresAt,
    status: invitationStatus(invitation),
    forYou: user.email.toLowerCase() === invitation.email.toLowerCase(),
    emailVerified: user.emailVerified,
  };
}
