import type { JobModel as Job } from '@velo/db';

/** Whether a worker holds the job now (its lease has not expired). */
export function hasLiveLease(job: Pick<Job, 'ownerWorkerId' | 'leaseExpiresAt'>): boolean {
  return (
    job.ownerWorkerId !== null &&
    job.leaseExpiresAt !== null &&
    job.leaseExpiresAt.getTime() > Date.now()
  );
}
