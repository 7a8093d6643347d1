/**
 * A known input through the real engine and run loop, its metrics observed by JobTelemetry:
 * exact counts on the Prometheus registry (as /metrics prints them), the same totals in the
 * PostgreSQL metric store, and a `-- @metric` counter with a condition and a label.
 */
import { randomBytes } from 'node:crypto';
import { writeMetricMinutes } from '@velo/api';
import { createPrismaClient } from '@velo/db';
import { compile, type EngineRecord, inferSchema, parseJsonExact } from '@velo/engine';
import { ArraySource, runProgram, type SourceDeadLetter } from '@velo/runtime';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobTelemetry } from './job-telemetry.ts';

if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at a migrated database');
const prisma = createPrismaClient(process.env.DATABASE_URL);

const SQL = `-- @metric: velo_big_orders_total
-- @metric_help: Orders over 100.00 by region
-- @metric_labels: region
-- @metric_condition: amount > 100.00
CREATE STREAM unit_prices AS SELECT region, amount, amount / qty AS unit FROM orders`;

const REGIONS = ['eu', 'us', 'apac'];
const TOTAL = 10_000;
const MALFORMED = 17; // records 0, 600, 1200, …: undecodable at the source
const ZERO_QTY = 5; // records 1, 601, …: division by zero in the engine

function input(): { records: EngineRecord[]; deadLetters: Map<number, SourceDeadLetter> } {
  const records: EngineRecord[] = [];
  const deadLetters = new Map<number, SourceDeadLetter>();
  for (let i = 0; i < TOTAL; i++) {
    const qty = i % 600 === 1 && i < ZERO_QTY * 600 ? 0 : 2;
    const amount = `${(i % 250) + 1}.50`;
    const fields = parseJsonExact(`{"region":"${REGIONS[i % 3]}","amount":${amount},"qty":${qty}}`);
    records.push({ fields: fields as EngineRecord['fields'], eventTime: 1_700_000_000_000 + i });
    if (i % 600 === 0 && deadLetters.size < MALFORMED) {
      deadLetters.set(i, {
        location: `orders:${i}`,
        raw: '{"region":',
        reason: 'malformed JSON: unexpected end of input',
      });
    }
  }
  return { records, deadLetters };
}

/** The expected @metric counts: records that reach the output with amount > 100.00. */
function expectedBigOrders(records: EngineRecord[], dead: Map<number, unknown>) {
  const counts: Record<string, number> = {};
  records.forEach((r, i) => {
    const qty = Number(r.fields.qty);
    const amount = Number(String(r.fields.amount));
    if (dead.has(i) || qty === 0 || !(amount > 100)) return;
    const region = String(r.fields.region);
    counts[region] = (counts[region] ?? 0) + 1;
  });
  return counts;
}

let teamId = '';
let jobId = '';
beforeAll(async () => {
  const team = await prisma.team.create({
    data: { name: 'T', slug: `telemetry-${randomBytes(5).toString('hex')}` },
  });
  teamId = team.id;
  jobId = (
    await prisma.job.create({ data: { teamId, name: 'orders', sql: SQL, createdById: 'test' } })
  ).id;
});
afterAll(async () => {
  await prisma.team.delete({ where: { id: teamId } });
});

describe('job telemetry', () => {
  it('counts a known input exactly on /metrics and in the metric store', async () => {
    const { records, deadLetters } = input();
    const compiled = compile(SQL, {
      schemas: { orders: inferSchema(records) },
      boundSources: ['orders'],
    });
    expect(compiled.diagnostics).toEqual([]);
    const program = compiled.program;
    if (!program) throw new Error('no program');
    const registry = new Registry();
    const problems: string[] = [];
    const telemetry = new JobTelemetry({
      jobId,
      jobName: 'orders',
      registry,
      userMetrics: program.metrics,
      onProblem: (p) => problems.push(p),
    });
    telemetry.setState('RUNNING');
    const summary = await runProgram({
      program,
      sources: { orders: new ArraySource('memory://orders', records, { deadLetters }) },
      batchSize: 500,
      operatorMetrics: true,
      onMetrics: (m) => telemetry.onMetrics(m),
      onBatch: (b) => telemetry.onBatch(b),
      onDeadLetter: (d) => telemetry.onDeadLetter(d),
      onOutput: (o) => telemetry.onOutput(o),
    });
    expect(problems).toEqual([]);
    expect(summary.metrics.recordsIn).toBe(TOTAL - MALFORMED);

    const text = await registry.metrics();
    const labels = `job="${jobId}",job_name="orders",task="0"`;
    const value = (line: string) => {
      const found = text.split('\n').find((l) => l.startsWith(`${line} `));
      return found === undefined ? undefined : Number(found.slice(line.length + 1));
    };
    expect(value(`velo_records_in_total{${labels}}`)).toBe(TOTAL - MALFORMED);
    expect(value(`velo_records_out_total{${labels}}`)).toBe(TOTAL - MALFORMED - ZERO_QTY);
    expect(value(`velo_records_failed_total{${labels},reason="malformed"}`)).toBe(MALFORMED);
    expect(value(`velo_records_failed_total{${labels},reason="division_by_zero"}`)).toBe(ZERO_QTY);
    expect(value(`velo_job_status{${labels},state="RUNNING"}`)).toBe(1);
    expect(value(`velo_job_status{${labels},state="FAILED"}`)).toBe(0);
    expect(value(`velo_processing_latency_seconds_count{${labels}}`)).toBeGreaterThan(0);
    const operatorIn = text
      .split('\n')
      .filter((l) => l.startsWith(`velo_operator_records_in_total{${labels},operator="0.0 `));
    expect(operatorIn.map((l) => Number(l.split(' ').pop()))).toEqual([TOTAL - MALFORMED]);
    const expected = expectedBigOrders(records, deadLetters);
    expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    for (const region of REGIONS) {
      expect(value(`velo_big_orders_total{${labels},region="${region}"}`)).toBe(expected[region]);
    }

    await writeMetricMinutes({ prisma }, { jobId, rows: telemetry.buffer.drain(0) });
    const totals = await prisma.$queryRawUnsafe<
      { name: string; labels: Record<string, string>; total: string }[]
    >(
      `SELECT s."name", s."labels", sum(m."sum")::text AS total FROM "MetricSeries" s
       JOIN "MetricMinute" m ON m."seriesId" = s."id" WHERE s."jobId" = $1
       AND s."name" IN ('records_in', 'records_out', 'dlq_records', 'user:velo_big_orders_total')
       GROUP BY s."name", s."labels" ORDER BY s."name", s."labels"::text`,
      jobId,
    );
    expect(totals).toEqual([
      { name: 'dlq_records', labels: { reason: 'division_by_zero' }, total: String(ZERO_QTY) },
      { name: 'dlq_records', labels: { reason: 'malformed' }, total: String(MALFORMED) },
      { name: 'records_in', labels: {}, total: String(TOTAL - MALFORMED) },
      { name: 'records_out', labels: {}, total: String(TOTAL - MALFORMED - ZERO_QTY) },
      ...REGIONS.slice()
        .sort()
        .map((region) => ({
          name: 'user:velo_big_orders_total',
          labels: { region },
          total: String(expected[region]),
        })),
    ]);

    telemetry.close();
    expect(await registry.metrics()).not.toContain(jobId);
  });

  it('caps the label sets of a user metric and counts what it drops', async () => {
    const sql = `-- @metric: velo_by_id_total
-- @metric_labels: id
CREATE STREAM s AS SELECT id FROM src`;
    const records: EngineRecord[] = Array.from({ length: 50 }, (_, i) => ({
      fields: { id: BigInt(i) } as unknown as EngineRecord['fields'],
      eventTime: i,
    }));
    const compiled = compile(sql, {
      schemas: { src: inferSchema(records) },
      boundSources: ['src'],
    });
    if (!compiled.program) throw new Error(JSON.stringify(compiled.diagnostics));
    const registry = new Registry();
    const telemetry = new JobTelemetry({
      jobId: 'cap',
      jobName: 'cap',
      registry,
      userMetrics: compiled.program.metrics,
      maxLabelSets: 10,
    });
    await runProgram({
      program: compiled.program,
      sources: { src: new ArraySource('memory://src', records) },
      onOutput: (o) => telemetry.onOutput(o),
    });
    const text = await registry.metrics();
    expect(text.split('\n').filter((l) => l.startsWith('velo_by_id_total{'))).toHaveLength(10);
    expect(text).toContain(
      'velo_metric_labels_dropped_total{job="cap",job_name="cap",task="0",metric="velo_by_id_total"} 40',
    );
  });
});
