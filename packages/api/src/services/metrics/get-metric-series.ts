/**
 * `metrics.series`: a job's series over [from, to), aligned on one time axis. Ranges that fit
 * in the last 24 h at a step under a minute read the one-second values, anything else the
 * one-minute rollups. Values are averages per step (counters are stored per second, so an
 * average is a rate) as exact decimal text; a step with no report is null.
 */
import { AppError } from '../../errors.ts';
import type { ServiceDeps } from '../context.ts';
import { SECONDS_RETENTION_MS } from './prune-metrics.ts';

export interface MetricSeriesRequest {
  teamId: string;
  jobId: string;
  names: string[];
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
  /** Wanted step in seconds; rounded up to what the resolution and the point cap allow. */
  step?: number;
  nowMs?: number;
}

export interface MetricSeriesResponse {
  /** 1: one-second values were read; 60: one-minute rollups. */
  resolution: 1 | 60;
  stepSeconds: number;
  /** Start of each step, epoch ms. */
  timestamps: number[];
  series: { name: string; labels: Record<string, string>; values: (string | null)[] }[];
}

/** At most this many steps per series, whatever the range. */
export const MAX_POINTS = 1500;
const NICE_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400,
];

export function chooseStep(
  rangeSeconds: number,
  wanted: number | undefined,
  minimum: number,
): number {
  const floor = Math.max(minimum, wanted ?? 1, Math.ceil(rangeSeconds / MAX_POINTS));
  const nice = NICE_STEPS.find((s) => s >= floor) ?? Math.ceil(floor / 86400) * 86400;
  return Math.ceil(nice / minimum) * minimum;
}

// Times are whole epoch seconds ($3, $4) and integer arithmetic: extract(epoch …) is numeric,
// and numeric arithmetic on every one of a panel's ~20,000 values was most of its cost.
const SECONDS_QUERY = `
SELECT s."id", s."name", s."labels",
       ((t.t0 + u.i - 1) / $5 * $5)::float8 AS bucket,
       trim_scale(round(avg(u.v), 6))::text AS value
FROM "MetricSeries" s
JOIN "MetricMinute" m ON m."seriesId" = s."id"
CROSS JOIN LATERAL (SELECT extract(epoch FROM m."minute")::bigint AS t0) t
CROSS JOIN LATERAL unnest(m."seconds") WITH ORDINALITY AS u(v, i)
WHERE s."jobId" = $1 AND s."name" = ANY($2::text[])
  AND m."minute" > to_timestamp($3) - interval '1 minute'
  AND m."minute" < to_timestamp($4)
  AND u.v IS NOT NULL
  AND t.t0 + u.i - 1 >= $3 AND t.t0 + u.i - 1 < $4
GROUP BY s."id", s."name", s."labels", bucket
ORDER BY s."id", bucket`;

const ROLLUP_QUERY = `
SELECT s."id", s."name", s."labels",
       (extract(epoch FROM m."minute")::bigint / $5 * $5)::float8 AS bucket,
       trim_scale(round(sum(m."sum") / NULLIF(sum(m."count"), 0), 6))::text AS value
FROM "MetricSeries" s
JOIN "MetricMinute" m ON m."seriesId" = s."id"
WHERE s."jobId" = $1 AND s."name" = ANY($2::text[])
  AND m."minute" >= to_timestamp($3) AND m."minute" < to_timestamp($4)
GROUP BY s."id", s."name", s."labels", bucket
ORDER BY s."id", bucket`;

interface Row {
  id: number;
  name: string;
  labels: Record<string, string>;
  bucket: number;
  value: string | null;
}

export async function getMetricSeries(
  { prisma }: ServiceDeps,
  input: MetricSeriesRequest,
): Promise<MetricSeriesResponse> {
  const job = await prisma.job.findFirst({
    where: { id: input.jobId, teamId: input.teamId },
    select: { id: true },
  });
  if (!job) throw new AppError('NOT_FOUND', 'Job not found');
  if (!(input.to > input.from)) throw new AppError('INVALID_INPUT', '"to" must be after "from"');
  const now = input.nowMs ?? Date.now();
  const rangeSeconds = Math.max(1, (input.to - input.from) / 1000);
  const secondsKept = input.from >= now - SECONDS_RETENTION_MS;
  const fine = chooseStep(rangeSeconds, input.step, 1);
  const resolution: 1 | 60 = secondsKept && fine < 60 ? 1 : 60;
  const stepSeconds = resolution === 1 ? fine : chooseStep(rangeSeconds, input.step, 60);
  const stepMs = stepSeconds * 1000;
  const first = Math.floor(input.from / stepMs) * stepMs;
  const timestamps: number[] = [];
  for (let t = first; t < input.to; t += stepMs) timestamps.push(t);

  const rows = await prisma.$queryRawUnsafe<Row[]>(
    resolution === 1 ? SECONDS_QUERY : ROLLUP_QUERY,
    input.jobId,
    input.names,
    Math.floor(input.from / 1000),
    Math.ceil(input.to / 1000),
    stepSeconds,
  );
  const byId = new Map<number, MetricSeriesResponse['series'][number]>();
  for (const row of rows) {
    let series = byId.get(row.id);
    if (!series) {
      series = { name: row.name, labels: row.labels, values: timestamps.map(() => null) };
      byId.set(row.id, series);
    }
    const index = Math.round((row.bucket * 1000 - first) / stepMs);
    if (index >= 0 && index < timestamps.length) series.values[index] = row.value;
  }
  const series = [...byId.values()].sort(
    (a, b) =>
      input.names.indexOf(a.name) - input.names.indexOf(b.name) ||
      JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
  );
  return { resolution, stepSeconds, timestamps, series };
}
