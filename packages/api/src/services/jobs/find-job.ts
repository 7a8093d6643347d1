import type { JobModel as Job } from '@velo/db';
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';

/** The team's job `id`; another team's job is "not found" like a missing one. */
export async function findJob(db: Db, teamId: string, id: string): Promise<Job> {
  const job = await db.job.findFirst({ where: { id, teamId } });
  if (!job)
    throw new AppError('NOT_FOUND', 'Job not found; reload the page, it may have been deleted');
  return job;
}

/** Locks the job's row for the rest of the transaction (state changes never interleave). */
export async function lockJob(db: Db, teamId: string, id: string): Promise<Job> {
  await db.$queryRaw`SELECT id FROM "Job" WHERE id = ${id} AND "teamId" = ${teamId} FOR UPDATE`;
  return findJob(db, teamId, id);
}
