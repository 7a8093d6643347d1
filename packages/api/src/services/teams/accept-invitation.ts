import type { PrismaClient, Role } from '@velo/db';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Actor } from '../context.ts';
import { findInvitationForInvitee, type InvitationRef } from './find-invitation.ts';

/**
 * The invitee accepts: they become a member with the invited role (an existing membership keeps
 * its role) and the team becomes the one their console opens.
 */
export async function acceptInvitation(
  prisma: PrismaClient,
  actor: Actor,
  ref: InvitationRef,
): Promise<{ teamId: string; teamName: string; role: Role }> {
  const invitation = await findInvitationForInvitee(prisma, actor, ref, 'accept');
  return prisma.$transaction(async (tx) => {
    // Claim first so two concurrent accepts cannot both go through.
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, declinedAt: null },
      data: { acceptedAt: new Date() },
    });
    if (claimed.count === 0) {
      throw new AppError('PRECONDITION_FAILED', 'This invitation has already been used.');
    }
    const existing = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: invitation.teamId, userId: actor.userId } },
    });
    if (!existing) {
      await tx.membership.create({
        data: { teamId: invitation.teamId, userId: actor.userId, role: invitation.role },
      });
    }
    await tx.user.update({
      where: { id: actor.userId },
      data: { activeTeamId: invitation.teamId },
    });
    await writeAudit(tx, {
      teamId: invitation.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'invitation.accept',
      objectType: 'invitation',
      objectId: invitation.id,
      details: {
        email: invitation.email,
        role: invitation.role,
        alreadyMember: Boolean(existing),
      },
    });
    return {
      teamId: invitation.teamId,
      teamName: invitation.team.name,
      role: existing?.role ?? invitation.role,
    };
  });
}
