import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { appendJobLog } from './append-job-log.ts';
import { assertParallelism } from './check-parallelism.ts';
import { lockJob } from './find-job.ts';
import { type JobView, toJobView } from './job-view.ts';

/**
 * Asks for the job to run: a worker claims it within one poll. Clears the restart backoff and
 * the last error, so a FAILED job can be started again.
 */
export async function startJob(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string },
): Promise<JobView> {
  return prisma.$transaction(async (tx) => {
    const job = await lockJob(tx, input.teamId, input.id);
    assertParallelism(job.sql, job.parallelism);
    const row = await tx.job.update({
      where: { id: job.id },
      data: {
        desiredState: 'RUNNING',
        restarts: 0,
        notBefore: null,
        ...(job.desiredState === 'RUNNING' ? {} : { lastError: null }),
      },
    });
    await appendJobLog(tx, job.id, 'start requested', { version: job.version });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'job.start',
      objectType: 'job',
      objectId: job.id,
      details: { name: job.name, version: job.version },
    });
    return toJobView(tx, row);
  });
}
