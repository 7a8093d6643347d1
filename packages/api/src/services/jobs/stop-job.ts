import type { JobState } from '@velo/db';
import type { Db } from '../../db.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { appendJobLog } from './append-job-log.ts';
import { lockJob } from './find-job.ts';
import { type JobView, toJobView } from './job-view.ts';
import { hasLiveLease } from './lease-live.ts';

/**
 * Sets desired state STOPPED on a locked job. A worker holding it sees STOPPING and stops
 * gracefully (flush, checkpoint, commit); a job no worker holds is STOPPED at once.
 */
export async function requestStop(db: Db, teamId: string, id: string) {
  const job = await lockJob(db, teamId, id);
  const held = hasLiveLease(job);
  const idle: JobState = job.actualState === 'DRAFT' ? 'DRAFT' : 'STOPPED';
  const row = await db.job.update({
    where: { id: job.id },
    data: {
      desiredState: 'STOPPED',
      actualState: held ? 'STOPPING' : idle,
      notBefore: null,
    },
  });
  return { job, row, held };
}

export async function stopJob(
  { prisma, actor }: MutationDeps,
  input: { teamId: string; id: string },
): Promise<JobView> {
  return prisma.$transaction(async (tx) => {
    const { job, row, held } = await requestStop(tx, input.teamId, input.id);
    await appendJobLog(tx, job.id, 'stop requested', { heldBy: held ? job.ownerWorkerId : null });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'job.stop',
      objectType: 'job',
      objectId: job.id,
      details: { name: job.name },
    });
    return toJobView(tx, row);
  });
}
