import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';

export async function revokeInvitation(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; invitationId: string },
): Promise<{ id: string }> {
  return prisma.$transaction(async (tx) => {
    const invitation = await tx.invitation.findFirst({
      where: { id: input.invitationId, teamId: input.teamId, acceptedAt: null },
    });
    if (!invitation) throw new AppError('NOT_FOUND', 'Invitation not found');
    await tx.invitation.delete({ where: { id: invitation.id } });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'invitation.delete',
      objectType: 'invitation',
      objectId: invitation.id,
      details: { email: invitation.email, role: invitation.role },
    });
    return { id: invitation.id };
  });
}
