import type { Db } from '../../db.ts';

/** One line in a job's log (job.logs) for what a user did to it; the worker writes its own. */
export async function appendJobLog(
  db: Db,
  jobId: string,
  message: string,
  details: Record<string, unknown> = {},
): Promise<void> {
  await db.jobLog.create({
    data: { jobId, level: 'info', message, details: JSON.parse(JSON.stringify(details)) },
  });
}
