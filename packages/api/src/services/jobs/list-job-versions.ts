import type { UserRef } from '../connections/connection-view.ts';
import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';
import { fromDbPolicy, type RestartPolicyName } from './job-view.ts';

export interface JobVersionView {
  version: number;
  sql: string;
  restartPolicy: RestartPolicyName;
  parallelism: number;
  createdAt: Date;
  createdBy: UserRef | null;
}

/** Every saved version of the job, newest first. */
export async function listJobVersions(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string },
): Promise<JobVersionView[]> {
  const job = await findJob(prisma, input.teamId, input.id);
  const rows = await prisma.jobVersion.findMany({
    where: { jobId: job.id },
    orderBy: { version: 'desc' },
  });
  const users = await prisma.user.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.createdById))] } },
    select: { id: true, name: true, email: true },
  });
  const byId = new Map(users.map((user) => [user.id, user]));
  return rows.map((row) => ({
    version: row.version,
    sql: row.sql,
    restartPolicy: fromDbPolicy(row.restartPolicy),
    parallelism: row.parallelism,
    createdAt: row.createdAt,
    createdBy: byId.get(row.createdById) ?? null,
  }));
}
