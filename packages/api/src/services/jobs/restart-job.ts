import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { appendJobLog } from './append-job-log.ts';
import { lockJob } from './find-job.ts';
import { type JobView, toJobView } from './job-view.ts';
import { hasLiveLease } from './lease-live.ts';

/**
 * Restarts the job on its latest version. `fromCheckpoint: false` starts without state: runs
 * that begin after this call restore no checkpoint taken before it. A job a worker holds gets
 * desired state RESTARTING: the worker stops it gracefully, then it is claimed again.
 */
export async function restartJob(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string; fromCheckpoint: boolean },
): Promise<JobView> {
  return prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, input.teamId, input.id);
    if (!input.fromCheckpoint) {
      // Database time, so the worker compares it with run start times written by the database.
      await tx.$executeRaw`UPDATE "Job" SET "stateResetAt" = (now() AT TIME ZONE 'UTC') WHERE id = ${job.id}`;
    }
    const held = hasLiveLease(job) && job.actualState !== 'STOPPED' && job.actualState !== 'FAILED';
    const row = await tx.job.update({
      where: { id: job.id },
      data: {
        desiredState: held ? 'RESTARTING' : 'RUNNING',
        restarts: 0,
        notBefore: null,
        lastError: null,
      },
    });
    await appendJobLog(
      tx,
      job.id,
      `restart requested (${input.fromCheckpoint ? 'from the last checkpoint' : 'without state'})`,
      {
        version: job.version,
      },
    );
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'job.restart',
      objectType: 'job',
      objectId: job.id,
      details: { name: job.name, version: job.version, fromCheckpoint: input.fromCheckpoint },
    });
    return toJobView(tx, row);
  });
}
