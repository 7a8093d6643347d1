/** Test fixtures straight in the database: a team and jobs, with unique names. */
import { randomBytes } from 'node:crypto';
import { createPrismaClient, type PrismaClient } from '@velo/db';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL must point at a migrated database (npm test provides one)');
export const DATABASE_URL = url;
export const prisma: PrismaClient = createPrismaClient(url);

export function unique(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function createTeam(): Promise<string> {
  const slug = unique('worker-test');
  const team = await prisma.team.create({ data: { name: slug, slug } });
  return team.id;
}

export async function createJob(
  teamId: string,
  sql: string,
  data: Partial<{
    desiredState: 'RUNNING' | 'DRAFT';
    restartPolicy: 'never' | 'on_failure' | 'always';
  }> = {},
): Promise<string> {
  const job = await prisma.job.create({
    data: { teamId, name: unique('job'), sql, createdById: 'test', ...data },
  });
  await prisma.jobVersion.create({
    data: {
      jobId: job.id,
      version: 1,
      sql,
      restartPolicy: job.restartPolicy,
      parallelism: 1,
      createdById: 'test',
    },
  });
  return job.id;
}
