import type { PrismaClient } from '@velo/db';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { Actor } from '../context.ts';
import { lockTeam } from './lock-team.ts';

/**
 * Deletes a team with everything it owns. Its jobs are first told to stop (desiredState
 * STOPPED, committed on its own so workers see it even if the delete fails), then the team
 * goes. The audit entry has no team (the team's own entries go with it) and names the team.
 * `confirmName` must repeat the team's name: a typed confirmation, checked here, not only in
 * the browser.
 */
export async function deleteTeam(
  prisma: PrismaClient,
  actor: Actor,
  input: { teamId: string; confirmName: string | null; reason?: string },
): Promise<{ id: string; name: string; stoppedJobs: number }> {
  const team = await prisma.team.findUnique({ where: { id: input.teamId } });
  if (!team) throw new AppError('NOT_FOUND', 'Team not found');
  if (input.confirmName !== null && input.confirmName.trim() !== team.name) {
    const message = `Type the team name "${team.name}" to confirm`;
    throw new AppError('INVALID_INPUT', message, { confirmName: [message] });
  }
  const stopped = await prisma.job.updateMany({
    where: { teamId: team.id, desiredState: { notIn: ['STOPPED', 'DRAFT'] } },
    data: { desiredState: 'STOPPED' },
  });
  await prisma.$transaction(async (tx) => {
    await lockTeam(tx, team.id);
    await tx.team.delete({ where: { id: team.id } });
    await writeAudit(tx, {
      teamId: null,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'team.delete',
      objectType: 'team',
      objectId: team.id,
      details: {
        name: team.name,
        slug: team.slug,
        stoppedJobs: stopped.count,
        ...(input.reason ? { reason: input.reason } : {}),
      },
    });
  });
  return { id: team.id, name: team.name, stoppedJobs: stopped.count };
}
