/**
 * Writes a job's changed metric minutes (from MetricMinuteBuffer.drain) in one statement:
 * missing series are created, and each minute's seconds are merged into what is stored
 * (a value reported now wins; a slot not reported now keeps the stored value, so a worker
 * that takes a job over mid-minute does not erase the seconds its predecessor wrote).
 */
import type { ServiceDeps } from '../context.ts';
import type { MinuteRow } from './metric-buffer.ts';
import { labelsKey } from './metric-names.ts';

const UPSERT = `
WITH input AS (
  SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::text[])
    AS t(name, labels, lkey, minute_ms, seconds)
), created AS (
  INSERT INTO "MetricSeries" ("jobId", "name", "labels", "labelsKey")
  SELECT DISTINCT $1, name, labels::jsonb, lkey FROM input
  ON CONFLICT ("jobId", "name", "labelsKey") DO NOTHING
  RETURNING "id", "name", "labelsKey"
), series AS (
  SELECT "id", "name", "labelsKey" FROM created
  UNION ALL
  SELECT "id", "name", "labelsKey" FROM "MetricSeries" WHERE "jobId" = $1
)
INSERT INTO "MetricMinute" ("seriesId", "minute", "seconds")
SELECT s."id", to_timestamp(i.minute_ms / 1000.0), i.seconds::numeric[]
FROM input i JOIN series s ON s."name" = i.name AND s."labelsKey" = i.lkey
ON CONFLICT ("seriesId", "minute") DO UPDATE SET "seconds" = ARRAY(
  SELECT COALESCE(n, o)
  FROM unnest(EXCLUDED."seconds", "MetricMinute"."seconds") WITH ORDINALITY AS u(n, o, i)
  ORDER BY i
)`;

function arrayLiteral(seconds: (string | null)[]): string {
  return `{${seconds.map((v) => v ?? 'NULL').join(',')}}`;
}

export async function writeMetricMinutes(
  { prisma }: ServiceDeps,
  input: { jobId: string; rows: MinuteRow[] },
): Promise<void> {
  if (input.rows.length === 0) return;
  const { rows } = input;
  await prisma.$executeRawUnsafe(
    UPSERT,
    input.jobId,
    rows.map((r) => r.name),
    rows.map((r) => JSON.stringify(r.labels)),
    rows.map((r) => labelsKey(r.labels)),
    rows.map((r) => r.minute),
    rows.map((r) => arrayLiteral(r.seconds)),
  );
}
