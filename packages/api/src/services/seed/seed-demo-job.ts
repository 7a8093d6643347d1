import path from 'node:path';
import type { PrismaClient } from '@velo/db';
import { getEgressPolicy } from '../../env.ts';

export const DEMO_JOB_NAME = 'revenue-per-product';

/** Where the demo job writes: inside the file root (VELO_FILE_ROOT, or .velo/files). */
export function demoJobOutputPath(): string {
  return path.join(getEgressPolicy().fileRoot, 'demo', 'revenue_per_product.jsonl');
}

export function demoJobSql(outputPath: string): string {
  return `-- Generated orders, revenue per product every 10 seconds (exact decimals).
CREATE STREAM revenue_per_product AS
SELECT product,
       SUM(amount * quantity) AS revenue,
       COUNT(*) AS orders,
       AVG(amount) AS avg_amount,
       TUMBLE_START() AS window_start
FROM 'datagen://orders?rate=50&start=now'
GROUP BY product
WINDOW TUMBLING(10s)
EMIT FINAL
INTO 'file://${outputPath}?format=jsonl'
WITH ('event.time.field' = 'ts');
`;
}

/**
 * The demo team's job: datagen orders → tumbling-window aggregate → a JSONL file, no Kafka.
 * Created once with desired state RUNNING, so the worker `npm start` runs picks it up and the
 * console shows a live job; later seeds leave it (and whatever a user did to it) alone.
 */
export async function seedDemoJob(
  prisma: PrismaClient,
  teamId: string,
  ownerId: string,
): Promise<{ id: string; created: boolean }> {
  const existing = await prisma.job.findUnique({
    where: { teamId_name: { teamId, name: DEMO_JOB_NAME } },
    select: { id: true },
  });
  if (existing) return { id: existing.id, created: false };
  const sql = demoJobSql(demoJobOutputPath());
  return prisma.$transaction(async (tx) => {
    const job = await tx.job.create({
      data: {
        teamId,
        name: DEMO_JOB_NAME,
        sql,
        desiredState: 'RUNNING',
        restartPolicy: 'always',
        createdById: ownerId,
        updatedById: ownerId,
      },
    });
    await tx.jobVersion.create({
      data: {
        jobId: job.id,
        version: 1,
        sql,
        restartPolicy: 'always',
        parallelism: 1,
        createdById: ownerId,
      },
    });
    await tx.jobLog.create({
      data: {
        jobId: job.id,
        level: 'info',
        message: 'demo job seeded (version 1); start requested',
      },
    });
    return { id: job.id, created: true };
  });
}
