import type { PrismaClient } from '@velo/db';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Actor } from '../context.ts';
import { findInvitationForInvitee, type InvitationRef } from './find-invitation.ts';

/** The invitee declines: the invitation can no longer be accepted; admins see it was declined. */
export async function declineInvitation(
  prisma: PrismaClient,
  actor: Actor,
  ref: InvitationRef,
): Promise<{ id: string; teamName: string }> {
  const invitation = await findInvitationForInvitee(prisma, actor, ref, 'decline');
  return prisma.$transaction(async (tx) => {
    const claimed = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, declinedAt: null },
      data: { declinedAt: new Date() },
    });
    if (claimed.count === 0) {
      throw new AppError('PRECONDITION_FAILED', 'This invitation has already been used.');
    }
    await writeAudit(tx, {
      teamId: invitation.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'invitation.decline',
      objectType: 'invitation',
      objectId: invitation.id,
      details: { email: invitation.email, role: invitation.role },
    });
    return { id: invitation.id, teamName: invitation.team.name };
  });
}
