import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';
import { type JobView, toJobView } from './job-view.ts';

export async function getJob(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string },
): Promise<JobView> {
  return toJobView(prisma, await findJob(prisma, input.teamId, input.id));
}
