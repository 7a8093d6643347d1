import type { JobModel as Job } from '@velo/db';
import type { ServiceDeps } from '../context.ts';
import { type JobSummary, toJobSummaries } from './job-view.ts';

/**
 * The team's jobs by name, without their SQL text (a summary has none, and it may be long).
 * Raw SQL because the list is loaded on most console pages and compiling the equivalent
 * `findMany` each time cost more CPU than the query.
 */
export async function listJobs(
  { prisma }: ServiceDeps,
  input: { teamId: string },
): Promise<JobSummary[]> {
  const rows = await prisma.$queryRaw<Omit<Job, 'sql'>[]>`
    SELECT id, "teamId", name, version, "desiredState"::text AS "desiredState",
           "actualState"::text AS "actualState", "restartPolicy"::text AS "restartPolicy",
           parallelism, "ownerWorkerId", "leaseExpiresAt", "leaseEpoch", "lastError", restarts,
           "notBefore", "stateResetAt", "checkpointIntervalMs", "createdById", "updatedById",
           "createdAt", "updatedAt"
    FROM "Job" WHERE "teamId" = ${input.teamId}
    ORDER BY name`;
  return toJobSummaries(prisma, rows);
}
