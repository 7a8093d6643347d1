import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { findJob } from './find-job.ts';
import { hasLiveLease } from './lease-live.ts';
import { requestStop } from './stop-job.ts';

/** How long delete waits for the owning worker to stop the job gracefully. */
export const DELETE_STOP_WAIT_MS = 10_000;

/**
 * Stops the job first (a worker holding it gets up to DELETE_STOP_WAIT_MS to flush and let go),
 * then deletes it with its versions, runs, checkpoints, logs and dead letters. A worker that
 * still holds it afterwards loses its lease (the row is gone) and writes nothing more.
 */
export async function deleteJob(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string },
  options: { stopWaitMs?: number } = {},
): Promise<{ id: string }> {
  const { held } = await prisma.$transaction((tx) => requestStop(tx, input.teamId, input.id));
  if (held) {
    const deadline = Date.now() + (options.stopWaitMs ?? DELETE_STOP_WAIT_MS);
    while (Date.now() < deadline) {
      const job = await prisma.job.findFirst({ where: { id: input.id, teamId: input.teamId } });
      if (!job || !hasLiveLease(job)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return prisma.$transaction(async (tx) => {
    const job = await findJob(tx, input.teamId, input.id);
    const deleted = await tx.job.deleteMany({ where: { id: job.id, teamId: input.teamId } });
    if (deleted.count === 0)
      throw new AppError('NOT_FOUND', 'Job not found; reload the page, it may have been deleted');
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'job.delete',
      objectType: 'job',
      objectId: job.id,
      details: { name: job.name, version: job.version },
    });
    return { id: job.id };
  });
}
