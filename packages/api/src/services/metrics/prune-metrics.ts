/**
 * Retention of the metric store: one-second values are kept 24 h (then the minute keeps only
 * its rollup), rollups 30 days. Idempotent, so any worker may run it (each does, every few
 * minutes); both statements use the index on "minute".
 */
import type { ServiceDeps } from '../context.ts';

export const SECONDS_RETENTION_MS = 24 * 3600_000;
export const ROLLUP_RETENTION_MS = 30 * 24 * 3600_000;

export async function pruneMetrics(
  { prisma }: ServiceDeps,
  input: { nowMs: number },
): Promise<{ secondsDropped: number; minutesDeleted: number }> {
  const secondsDropped = await prisma.$executeRawUnsafe(
    `UPDATE "MetricMinute" SET "seconds" = NULL
     WHERE "minute" < to_timestamp($1 / 1000.0) AND "seconds" IS NOT NULL`,
    input.nowMs - SECONDS_RETENTION_MS,
  );
  const minutesDeleted = await prisma.$executeRawUnsafe(
    `DELETE FROM "MetricMinute" WHERE "minute" < to_timestamp($1 / 1000.0)`,
    input.nowMs - ROLLUP_RETENTION_MS,
  );
  return { secondsDropped, minutesDeleted };
}
