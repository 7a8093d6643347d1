import type { ServiceDeps } from '../context.ts';
import { type JobSummary, toJobSummaries } from './job-view.ts';

export async function listJobs(
  { prisma }: ServiceDeps,
  input: { teamId: string },
): Promise<JobSummary[]> {
  const rows = await prisma.job.findMany({
    where: { teamId: input.teamId },
    orderBy: { name: 'asc' },
    // A summary has no SQL text, which may be long.
    omit: { sql: true },
  });
  return toJobSummaries(prisma, rows);
}
