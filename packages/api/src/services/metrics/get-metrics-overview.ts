/**
 * `metrics.overview`: per job of a team, its state and the last minute at a glance: records/s
 * in and out, consumer lag (records summed over partitions, seconds as the worst partition)
 * and the dead-letter rate. Jobs that reported nothing have nulls.
 */
import type { ServiceDeps } from '../context.ts';

export interface JobOverview {
  jobId: string;
  name: string;
  state: string;
  desiredState: string;
  recordsInPerSecond: string | null;
  recordsOutPerSecond: string | null;
  lagRecords: string | null;
  lagSeconds: string | null;
  dlqPerSecond: string | null;
}

const OVERVIEW_QUERY = `
WITH per_series AS (
  SELECT s."jobId", s."name", s."labelsKey",
         avg(u.v) AS avg,
         (array_agg(u.v ORDER BY m."minute" DESC, u.i DESC))[1] AS last
  FROM "Job" j
  JOIN "MetricSeries" s ON s."jobId" = j."id"
  JOIN "MetricMinute" m ON m."seriesId" = s."id"
   AND m."minute" > to_timestamp($2 / 1000.0) - interval '2 minutes'
  CROSS JOIN LATERAL unnest(m."seconds") WITH ORDINALITY AS u(v, i)
  WHERE j."teamId" = $1
    AND s."name" IN ('records_in', 'records_out', 'dlq_records', 'consumer_lag', 'consumer_lag_seconds')
    AND u.v IS NOT NULL
    AND extract(epoch FROM m."minute") + u.i - 1 >= $2 / 1000.0 - 60
  GROUP BY s."jobId", s."name", s."labelsKey"
), per_job AS (
  SELECT "jobId",
    sum(avg) FILTER (WHERE "name" = 'records_in') AS records_in,
    sum(avg) FILTER (WHERE "name" = 'records_out') AS records_out,
    sum(last) FILTER (WHERE "name" = 'consumer_lag') AS lag_records,
    max(last) FILTER (WHERE "name" = 'consumer_lag_seconds') AS lag_seconds,
    sum(avg) FILTER (WHERE "name" = 'dlq_records') AS dlq
  FROM per_series GROUP BY "jobId"
)
SELECT j."id" AS "jobId", j."name", j."actualState"::text AS state,
       j."desiredState"::text AS "desiredState",
       trim_scale(round(p.records_in, 3))::text AS "recordsInPerSecond",
       trim_scale(round(p.records_out, 3))::text AS "recordsOutPerSecond",
       trim_scale(p.lag_records)::text AS "lagRecords",
       trim_scale(round(p.lag_seconds, 3))::text AS "lagSeconds",
       trim_scale(round(p.dlq, 3))::text AS "dlqPerSecond"
FROM "Job" j LEFT JOIN per_job p ON p."jobId" = j."id"
WHERE j."teamId" = $1
ORDER BY j."name"`;

export async function getMetricsOverview(
  { prisma }: ServiceDeps,
  input: { teamId: string; nowMs?: number },
): Promise<JobOverview[]> {
  return prisma.$queryRawUnsafe<JobOverview[]>(
    OVERVIEW_QUERY,
    input.teamId,
    input.nowMs ?? Date.now(),
  );
}
