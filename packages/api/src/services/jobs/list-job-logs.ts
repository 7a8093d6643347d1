import type { ServiceDeps } from '../context.ts';
import { findJob } from './find-job.ts';

export interface JobLogView {
  id: string;
  level: string;
  message: string;
  workerId: string | null;
  details: Record<string, unknown>;
  createdAt: Date;
}

/**
 * The job's log, newest first, `limit` per page; `cursor` is the last id seen (older lines
 * follow). The console polls without a cursor for the newest lines.
 */
export async function listJobLogs(
  { prisma }: ServiceDeps,
  input: { teamId: string; id: string; cursor?: string; limit?: number },
): Promise<{ items: JobLogView[]; nextCursor: string | null }> {
  const job = await findJob(prisma, input.teamId, input.id);
  const limit = input.limit ?? 100;
  const rows = await prisma.jobLog.findMany({
    where: { jobId: job.id, ...(input.cursor ? { id: { lt: BigInt(input.cursor) } } : {}) },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    items: page.map((row) => ({
      id: row.id.toString(),
      level: row.level,
      message: row.message,
      workerId: row.workerId,
      details: (row.details ?? {}) as Record<string, unknown>,
      createdAt: row.createdAt,
    })),
    nextCursor: rows.length > limit ? page[page.length - 1].id.toString() : null,
  };
}
