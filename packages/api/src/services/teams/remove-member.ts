import type { Role } from '@velo/db';
import { AppError } from '../../errors.ts';
import { removesLastOwner } from '../../roles.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { countOwners, lockTeam } from './lock-team.ts';

export async function removeMember(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; actorRole: Role; userId: string },
): Promise<{ userId: string }> {
  return prisma.$transaction(async (tx) => {
    await lockTeam(tx, input.teamId);
    const membership = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
      include: { user: { select: { email: true } } },
    });
    if (!membership) throw new AppError('NOT_FOUND', 'Member not found');
    if (membership.role === 'OWNER' && input.actorRole !== 'OWNER') {
      throw new AppError('FORBIDDEN', 'Only an owner can remove an owner');
    }
    if (removesLastOwner(await countOwners(tx, input.teamId), membership.role, null)) {
      throw new AppError('PRECONDITION_FAILED', 'The last owner of a team cannot be removed');
    }
    await tx.membership.delete({ where: { id: membership.id } });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'membership.delete',
      objectType: 'membership',
      objectId: input.userId,
      details: { email: membership.user.email, role: membership.role },
    });
    return { userId: input.userId };
  });
}
