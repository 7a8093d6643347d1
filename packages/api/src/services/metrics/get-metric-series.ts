/**
 * `metrics.series`: a job's series over [from, to), aligned on one time axis. Ranges that fit
 * in the last 24 h at a step under a minute read the one-second values, anything else the
 * one-minute rollups. Values are averages per step (counters are stored per second, so an
 * average is a rate) as exact decimal text; a step with no report is null.
 */
import { Decimal } from '@velo/engine';
import { AppError } from '../../errors.ts';
import type { ServiceDeps } from '../context.ts';
import { labelsKey, USER_METRIC_PREFIX } from './metric-names.ts';
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

// The seconds come back as the stored arrays (text) and are bucketed here: reading ~350
// minute rows is well under a millisecond, while unnesting and averaging their ~20,000 numeric
// values in SQL was nearly all of a 1 h panel's time.
const SECONDS_QUERY = `
SELECT s."id", s."name", s."labels",
       extract(epoch FROM m."minute")::float8 AS t0, m."seconds"::text AS seconds
FROM "MetricSeries" s
JOIN "MetricMinute" m ON m."seriesId" = s."id"
WHERE s."jobId" = $1 AND s."name" = ANY($2::text[])
  AND m."minute" > to_timestamp($3) - interval '1 minute'
  AND m."minute" < to_timestamp($4)
  AND m."seconds" IS NOT NULL
ORDER BY s."id", m."minute"`;

// Reads only seriesId, minute, sum and count of MetricMinute: an index-only scan of the
// covering index MetricMinute_seriesId_minute_rollup_idx (bench:metrics EXPLAINs it).
export const ROLLUP_QUERY = `
SELECT s."id", s."name", s."labels",
       (extract(epoch FROM m."minute")::bigint / $5 * $5)::float8 AS bucket,
       trim_scale(round(sum(m."sum") / NULLIF(sum(m."count"), 0), 6))::text AS value
FROM "MetricSeries" s
JOIN "MetricMinute" m ON m."seriesId" = s."id"
WHERE s."jobId" = $1 AND s."name" = ANY($2::text[])
  AND m."minute" >= to_timestamp($3) AND m."minute" < to_timestamp($4)
GROUP BY s."id", s."name", s."labels", bucket
ORDER BY s."id", bucket`;

interface MinuteRow {
  id: number;
  name: string;
  labels: Record<string, string>;
  /** Start of the minute, epoch seconds. */
  t0: number;
  /** PostgreSQL's text of the numeric[]: `{1,NULL,2.50,…}`. */
  seconds: string;
}

function parseSeconds(text: string): (string | null)[] {
  return text
    .slice(1, -1)
    .split(',')
    .map((v) => (v === 'NULL' ? null : v));
}

const INTEGER = /^-?\d+$/;

/**
 * The exact average of a step's values (DESIGN §3's division: scale max(s, 6), half-even,
 * trailing zeros dropped). Whole numbers, the common case, are summed as bigints.
 */
class BucketAverage {
  private count = 0;
  private integerSum = 0n;
  private decimalSum: Decimal | null = null;

  add(value: string): void {
    this.count++;
    if (INTEGER.test(value)) this.integerSum += BigInt(value);
    else this.decimalSum = (this.decimalSum ?? Decimal.fromBigInt(0n)).add(Decimal.parse(value));
  }

  value(): string {
    if (this.decimalSum) {
      const total = Decimal.fromBigInt(this.integerSum).add(this.decimalSum);
      return total
        .div(Decimal.fromBigInt(BigInt(this.count)))
        .normalize()
        .toString();
    }
    return divideHalfEven(this.integerSum, BigInt(this.count));
  }
}

const SCALE = 1_000_000n;

/** `sum / count` to 6 decimals, half-even, trailing zeros dropped: Decimal.div's result, cheaply. */
export function divideHalfEven(sum: bigint, count: bigint): string {
  if (sum % count === 0n) return String(sum / count);
  const negative = sum < 0n;
  const scaled = (negative ? -sum : sum) * SCALE;
  let q = scaled / count;
  const twiceRest = (scaled % count) * 2n;
  if (twiceRest > count || (twiceRest === count && q % 2n === 1n)) q++;
  const digits = q.toString().padStart(7, '0');
  const text = `${digits.slice(0, -6)}.${digits.slice(-6)}`.replace(/\.?0+$/, '');
  return negative && text !== '0' ? `-${text}` : text;
}

type Series = MetricSeriesResponse['series'][number];

/** Built-in gauges whose job value is the worst task's: the job is as late as its slowest. */
const MAX_OVER_TASKS = new Set([
  'processing_latency_p50_ms',
  'processing_latency_p99_ms',
  'event_latency_ms',
  'consumer_lag_seconds',
  'watermark_lag_seconds',
  'checkpoint_duration_ms',
]);

/**
 * The tasks of a parallel job each write their own series, labelled `task` (the worker's
 * telemetry): a job's series is their sum per step (records, bytes, state entries, lag in
 * records, checkpoint bytes) or, for the latencies and lags in time, their maximum. A series
 * written before the job ran in parallel (no `task` label) joins the same sum. User metrics
 * keep the label: whether a user gauge adds up across tasks is not known here.
 */
export function mergeTaskSeries(series: Series[]): Series[] {
  const merged = new Map<string, Series>();
  for (const s of series) {
    const user = s.name.startsWith(USER_METRIC_PREFIX);
    const { task: _task, ...rest } = s.labels;
    const labels = user ? s.labels : rest;
    const key = `${s.name}\u0000${labelsKey(labels)}`;
    const into = merged.get(key);
    if (!into) {
      merged.set(key, { name: s.name, labels, values: [...s.values] });
      continue;
    }
    const max = MAX_OVER_TASKS.has(s.name);
    into.values = into.values.map((a, i) => {
      const b = s.values[i] ?? null;
      if (a === null || b === null) return a ?? b;
      const x = Decimal.parse(a);
      const y = Decimal.parse(b);
      if (max) return x.compare(y) >= 0 ? a : b;
      return x.add(y).normalize().toString();
    });
  }
  return [...merged.values()];
}

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

  const fromSec = Math.floor(input.from / 1000);
  const toSec = Math.ceil(input.to / 1000);
  const byId = new Map<number, MetricSeriesResponse['series'][number]>();
  const seriesOf = (row: { id: number; name: string; labels: Record<string, string> }) => {
    let series = byId.get(row.id);
    if (!series) {
      series = { name: row.name, labels: row.labels, values: timestamps.map(() => null) };
      byId.set(row.id, series);
    }
    return series;
  };
  if (resolution === 1) {
    const rows = await prisma.$queryRawUnsafe<MinuteRow[]>(
      SECONDS_QUERY,
      input.jobId,
      input.names,
      fromSec,
      toSec,
    );
    const buckets = new Map<number, BucketAverage[]>();
    for (const row of rows) {
      seriesOf(row);
      let averages = buckets.get(row.id);
      if (!averages) {
        averages = [];
        buckets.set(row.id, averages);
      }
      parseSeconds(row.seconds).forEach((value, i) => {
        const t = row.t0 + i;
        if (value === null || t < fromSec || t >= toSec) return;
        const index = Math.floor((t * 1000 - first) / stepMs);
        if (index < 0 || index >= timestamps.length) return;
        averages[index] ??= new BucketAverage();
        averages[index].add(value);
      });
    }
    for (const [id, averages] of buckets) {
      const series = byId.get(id);
      if (series) series.values = series.values.map((_, i) => averages[i]?.value() ?? null);
    }
  } else {
    const rows = await prisma.$queryRawUnsafe<Row[]>(
      ROLLUP_QUERY,
      input.jobId,
      input.names,
      fromSec,
      toSec,
      stepSeconds,
    );
    for (const row of rows) {
      const index = Math.round((row.bucket * 1000 - first) / stepMs);
      if (index >= 0 && index < timestamps.length) seriesOf(row).values[index] = row.value;
    }
  }
  const series = mergeTaskSeries([...byId.values()]).sort(
    (a, b) =>
      input.names.indexOf(a.name) - input.names.indexOf(b.name) ||
      JSON.stringify(a.labels).localeCompare(JSON.stringify(b.labels)),
  );
  return { resolution, stepSeconds, timestamps, series };
}
