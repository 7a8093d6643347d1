import type { Role } from '@velo/db';
import { AppError } from '../../errors.ts';
import { removesLastOwner, roleChangeRefusal } from '../../roles.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { countOwners, lockTeam } from './lock-team.ts';

export async function changeMemberRole(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; actorRole: Role; userId: string; role: Role },
): Promise<{ userId: string; role: Role }> {
  return prisma.$transaction(async (tx) => {
    await lockTeam(tx, input.teamId);
    const membership = await tx.membership.findUnique({
      where: { teamId_userId: { teamId: input.teamId, userId: input.userId } },
    });
    if (!membership) throw new AppError('NOT_FOUND', 'Member not found');
    const refusal = roleChangeRefusal(input.actorRole, membership.role, input.role);
    if (refusal) throw new AppError('FORBIDDEN', refusal);
    if (removesLastOwner(await countOwners(tx, input.teamId), membership.role, input.role)) {
      throw new AppError('PRECONDITION_FAILED', 'The last owner of a team cannot be demoted');
    }
    if (membership.role !== input.role) {
      await tx.membership.update({ where: { id: membership.id }, data: { role: input.role } });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'membership.update',
        objectType: 'membership',
        objectId: input.userId,
        details: { from: membership.role, to: input.role },
      });
    }
    return { userId: input.userId, role: input.role };
  });
}
