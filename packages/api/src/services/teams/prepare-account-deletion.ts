import type { PrismaClient } from '@velo/db';
import { AppError } from '../../errors.ts';
import type { Actor } from '../context.ts';
import { deleteTeam } from './delete-team.ts';

/**
 * Before an account is deleted: a team it is the only owner of, with other members, would be
 * left without an owner, so deletion is refused (name the teams); teams where it is the only
 * member are deleted with it (jobs stopped first).
 */
export async function prepareAccountDeletion(prisma: PrismaClient, actor: Actor): Promise<void> {
  const owned = await prisma.membership.findMany({
    where: { userId: actor.userId, role: 'OWNER' },
    include: {
      team: {
        select: { id: true, name: true, memberships: { select: { userId: true, role: true } } },
      },
    },
  });
  const orphaned = owned.filter(
    (m) =>
      m.team.memberships.length > 1 &&
      !m.team.memberships.some((other) => other.userId !== actor.userId && other.role === 'OWNER'),
  );
  if (orphaned.length > 0) {
    const names = orphaned.map((m) => `"${m.team.name}"`).join(', ');
    throw new AppError(
      'PRECONDITION_FAILED',
      `You are the only owner of ${names}. Make another member owner or delete the team first.`,
    );
  }
  const solo = await prisma.team.findMany({
    where: { memberships: { every: { userId: actor.userId }, some: { userId: actor.userId } } },
    select: { id: true },
  });
  for (const team of solo) {
    await deleteTeam(prisma, actor, {
      teamId: team.id,
      confirmName: null,
      reason: 'account deleted',
    });
  }
}
