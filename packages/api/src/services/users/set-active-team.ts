import { auditAccountEvent } from '../accounts/audit-account-event.ts';
import type { MutationDeps } from '../context.ts';

/** Remembers the team the user's console opens (the caller's membership is checked upstream). */
export async function setActiveTeam(
  { prisma, actor }: MutationDeps,
  input: { teamId: string },
): Promise<{ activeTeamId: string }> {
  await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUniqueOrThrow({ where: { id: actor.userId } });
    if (before.activeTeamId === input.teamId) return;
    await tx.user.update({ where: { id: actor.userId }, data: { activeTeamId: input.teamId } });
    await auditAccountEvent(tx, {
      action: 'user.switchTeam',
      userId: actor.userId,
      ip: actor.ip,
      details: { teamId: input.teamId },
    });
  });
  return { activeTeamId: input.teamId };
}
