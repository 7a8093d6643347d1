/**
 * Benchmark of the metric store's table and index design (issue 8): 200 jobs × 30 series at
 * one value per second for 24 h, then the console's 1 h panel queried through the same
 * service as metrics.series. Numbers, not a timed test:
 *
 *   DATABASE_URL=postgresql://…/velo_bench npm run bench:metrics   (the database is reset)
 *   BENCH_JOBS=20 BENCH_HOURS=2 BENCH_RESULT=metric-store-small.json … for a quick run
 *
 * Loading uses one INSERT … SELECT per hour with the rollup computed in SQL (the trigger is
 * disabled for the bulk load only); the live path (batched upserts from workers) is measured
 * separately as rows written per second for 200 jobs.
 */
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createPrismaClient } from '@velo/db';
import { getMetricSeries, ROLLUP_QUERY } from '../src/services/metrics/get-metric-series.ts';
import { MetricMinuteBuffer } from '../src/services/metrics/metric-buffer.ts';
import { BUILT_IN_SERIES } from '../src/services/metrics/metric-names.ts';
import { writeMetricMinutes } from '../src/services/metrics/write-metric-minutes.ts';

const url = process.env.DATABASE_URL;
if (!url) throw new Error('DATABASE_URL (a migrated database the bench may fill) is required');
const JOBS = Number(process.env.BENCH_JOBS ?? 200);
const SERIES = 30;
const HOURS = Number(process.env.BENCH_HOURS ?? 24);
const prisma = createPrismaClient(url);
const names = Object.keys(BUILT_IN_SERIES);
const seriesNames = Array.from(
  { length: SERIES },
  (_, i) => names[i % names.length] + (i >= names.length ? `_${i}` : ''),
);
const queriesOnly = process.env.BENCH_QUERIES_ONLY === '1';
// Queries-only runs measure against the end of the data loaded before.
const [loadedUpTo] = queriesOnly
  ? await prisma.$queryRawUnsafe<{ end: number | null }[]>(
      'SELECT (extract(epoch FROM max("minute")) * 1000 + 60000)::float8 AS "end" FROM "MetricMinute" WHERE "count" = 60',
    )
  : [{ end: null }];
const now = loadedUpTo.end ?? Math.floor(Date.now() / 60_000) * 60_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function reset(): Promise<string[]> {
  await prisma.$executeRawUnsafe(`DELETE FROM "Team" WHERE "slug" = 'bench-metrics'`);
  const team = await prisma.team.create({ data: { name: 'bench', slug: 'bench-metrics' } });
  const jobIds: string[] = [];
  for (let j = 0; j < JOBS; j++) {
    const job = await prisma.job.create({
      data: { teamId: team.id, name: `job-${j}`, sql: 'SELECT 1', createdById: 'bench' },
    });
    jobIds.push(job.id);
  }
  await prisma.$executeRawUnsafe(
    `INSERT INTO "MetricSeries" ("jobId", "name", "labels", "labelsKey")
     SELECT j, n, '{}', '' FROM unnest($1::text[]) j, unnest($2::text[]) n`,
    jobIds,
    seriesNames,
  );
  return jobIds;
}

async function load(): Promise<number> {
  await prisma.$executeRawUnsafe(
    `ALTER TABLE "MetricMinute" DISABLE TRIGGER "MetricMinute_rollup"`,
  );
  const started = performance.now();
  // 61 distinct minutes of values, computed once: loading is then mostly writing rows.
  await prisma.$executeRawUnsafe('DROP TABLE IF EXISTS bench_minutes');
  await prisma.$executeRawUnsafe(
    `CREATE UNLOGGED TABLE bench_minutes AS
     SELECT k, array_agg(v ORDER BY g) AS arr, min(v) AS lo, max(v) AS hi, sum(v) AS total
     FROM (SELECT k, g, ((k * 7 + g * 13) % 1000)::numeric AS v
           FROM generate_series(0, 60) k, generate_series(1, 60) g) x
     GROUP BY k`,
  );
  try {
    for (let h = HOURS; h > 0; h--) {
      const from = now - h * 3600_000;
      await prisma.$executeRawUnsafe(
        `INSERT INTO "MetricMinute" ("seriesId", "minute", "seconds", "min", "max", "sum", "count", "last")
         SELECT s."id", m, a.arr, a.lo, a.hi, a.total, 60, a.arr[60]
         FROM "MetricSeries" s
         JOIN "Job" j ON j."id" = s."jobId" AND j."createdById" = 'bench'
         CROSS JOIN generate_series(to_timestamp($1 / 1000.0), to_timestamp($2 / 1000.0), interval '1 minute') m
         JOIN bench_minutes a ON a.k = (s."id" + extract(minute FROM m)::int) % 61`,
        from,
        from + 3600_000 - 60_000,
      );
      process.stdout.write(`loaded hour ${HOURS - h + 1}/${HOURS}\n`);
    }
  } finally {
    await prisma.$executeRawUnsafe(
      `ALTER TABLE "MetricMinute" ENABLE TRIGGER "MetricMinute_rollup"`,
    );
  }
  await prisma.$executeRawUnsafe('VACUUM ANALYZE "MetricMinute"');
  return performance.now() - started;
}

async function panelQueries(jobIds: string[]) {
  const panel = [
    'records_in',
    'records_out',
    'consumer_lag_seconds',
    'dlq_records',
    'processing_latency_p99_ms',
    'state_entries',
  ];
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const jobId = jobIds[(i * 37) % jobIds.length];
    const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    const t = performance.now();
    const r = await getMetricSeries(
      { prisma },
      { teamId: job.teamId, jobId, names: panel, from: now - 3600_000, to: now, nowMs: now },
    );
    times.push(performance.now() - t);
    if (r.series.length !== panel.length)
      throw new Error(`expected ${panel.length} series, got ${r.series.length}`);
  }
  const plan = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS)
     SELECT s."id", m."minute", m."seconds" FROM "MetricSeries" s
     JOIN "MetricMinute" m ON m."seriesId" = s."id"
     WHERE s."jobId" = $1 AND s."name" = ANY($2::text[])
       AND m."minute" > to_timestamp($3 / 1000.0) - interval '1 minute' AND m."minute" < to_timestamp($4 / 1000.0)`,
    jobIds[0],
    panel,
    now - 3600_000,
    now,
  );
  const day = [];
  for (let i = 0; i < 10; i++) {
    const jobId = jobIds[(i * 53) % jobIds.length];
    const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    const t = performance.now();
    await getMetricSeries(
      { prisma },
      { teamId: job.teamId, jobId, names: panel, from: now - 24 * 3600_000, to: now, nowMs: now },
    );
    day.push(performance.now() - t);
  }
  // The 24 h panel reads the one-minute rollup: its plan (an index-only scan of the covering
  // index when the visibility map is current).
  const plan24h = await prisma.$queryRawUnsafe<{ 'QUERY PLAN': string }[]>(
    `EXPLAIN (ANALYZE, BUFFERS) ${ROLLUP_QUERY}`,
    jobIds[1 % jobIds.length],
    panel,
    Math.floor((now - 24 * 3600_000) / 1000),
    Math.floor(now / 1000),
    60,
  );
  return {
    panel1hMsMedian: median(times),
    panel1hMsMax: Math.max(...times),
    panel24hMsMedian: median(day),
    panel24hMsMax: Math.max(...day),
    plan: plan.map((p) => p['QUERY PLAN']),
    plan24h: plan24h.map((p) => p['QUERY PLAN']),
  };
}

/** The live write path: 200 jobs' 30 series, 5 s of seconds each, flushed as the worker does. */
async function writeRate(jobIds: string[]) {
  const buffers = jobIds.map(() => new MetricMinuteBuffer());
  const start = now + 3600_000; // an empty hour, so these are fresh rows
  const rounds = 6;
  let rows = 0;
  const t = performance.now();
  for (let round = 0; round < rounds; round++) {
    jobIds.forEach((_, j) => {
      for (let s = 0; s < 5; s++) {
        for (const name of seriesNames)
          buffers[j].record(name, {}, start + (round * 5 + s) * 1000, j + s);
      }
    });
    for (let j = 0; j < jobIds.length; j++) {
      const drained = buffers[j].drain(0);
      rows += drained.length;
      await writeMetricMinutes({ prisma }, { jobId: jobIds[j], rows: drained });
    }
  }
  const seconds = (performance.now() - t) / 1000;
  return {
    flushes: rounds * jobIds.length,
    minuteRowsUpserted: rows,
    pointsWritten: rounds * jobIds.length * SERIES * 5,
    upsertsPerSecond: Math.round(rows / seconds),
    pointsPerSecond: Math.round((rounds * jobIds.length * SERIES * 5) / seconds),
    flushMsPerJob: (seconds * 1000) / (rounds * jobIds.length),
  };
}

// BENCH_QUERIES_ONLY=1: measure the queries again on data an earlier run loaded.
const jobIds = queriesOnly
  ? (
      await prisma.job.findMany({
        where: { team: { slug: 'bench-metrics' } },
        select: { id: true },
      })
    ).map((j) => j.id)
  : await reset();
const loadMs = queriesOnly ? Number.NaN : await load();
const [{ count }] = await prisma.$queryRawUnsafe<{ count: bigint }[]>(
  `SELECT count(*) FROM "MetricMinute"`,
);
const [size] = await prisma.$queryRawUnsafe<{ table: string; indexes: string; total: string }[]>(
  `SELECT pg_size_pretty(pg_table_size('"MetricMinute"')) AS "table",
          pg_size_pretty(pg_indexes_size('"MetricMinute"')) AS indexes,
          pg_size_pretty(pg_total_relation_size('"MetricMinute"')) AS total`,
);
const queries = await panelQueries(jobIds);
const writes = queriesOnly ? null : await writeRate(jobIds);

const result = {
  measuredAt: new Date().toISOString(),
  machineLoadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  jobs: JOBS,
  seriesPerJob: SERIES,
  hours: HOURS,
  pointsRepresented: JOBS * SERIES * HOURS * 3600,
  minuteRows: Number(count),
  loadSeconds: Math.round(loadMs / 1000),
  size,
  ...queries,
  writes,
};
const out = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  'results',
  // BENCH_RESULT names another file, so a reduced-size run keeps the full-size results.
  process.env.BENCH_RESULT ?? (queriesOnly ? 'metric-store-queries.json' : 'metric-store.json'),
);
writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ ...result, plan: undefined }, null, 2));
console.log(queries.plan.join('\n'));
console.log(queries.plan24h.join('\n'));
await prisma.$disconnect();
