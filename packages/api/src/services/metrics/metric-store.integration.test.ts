/**
 * The metric store against the real PostgreSQL: buffered seconds written in batches, read back
 * at one-second and one-minute resolution, rollups that agree with the seconds, a takeover
 * mid-minute that keeps the predecessor's seconds, and retention.
 */

import { randomBytes } from 'node:crypto';
import { createPrismaClient } from '@velo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getMetricSeries } from './get-metric-series.ts';
import { getMetricsOverview } from './get-metrics-overview.ts';
import { MetricMinuteBuffer } from './metric-buffer.ts';
import { pruneMetrics } from './prune-metrics.ts';
import { writeMetricMinutes } from './write-metric-minutes.ts';

if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must point at a migrated database');
const prisma = createPrismaClient(process.env.DATABASE_URL);
const deps = { prisma };
// A fixed minute boundary, recent enough for the one-second values to be "kept".
const NOW = Math.floor(Date.now() / 60_000) * 60_000;
const T0 = NOW - 10 * 60_000;
let teamId = '';
let jobId = '';

beforeAll(async () => {
  const team = await prisma.team.create({
    data: { name: 'Metrics', slug: `metrics-${randomBytes(5).toString('hex')}` },
  });
  teamId = team.id;
  const job = await prisma.job.create({
    data: { teamId, name: 'orders', sql: 'SELECT 1', createdById: 'test' },
  });
  jobId = job.id;
});

afterAll(async () => {
  await prisma.team.delete({ where: { id: teamId } });
});

describe('metric store', () => {
  it('writes buffered seconds in one batch and reads them back exactly', async () => {
    const buffer = new MetricMinuteBuffer();
    // 120 seconds from T0: records_in = second index, a decimal gauge, DLQ by reason.
    for (let s = 0; s < 120; s++) {
      buffer.record('records_in', {}, T0 + s * 1000, s);
      buffer.record('watermark_lag_seconds', {}, T0 + s * 1000, '0.125');
    }
    buffer.record('dlq_records', { reason: 'malformed JSON' }, T0 + 5_000, 3);
    buffer.record('dlq_records', { reason: 'malformed JSON' }, T0 + 5_400, 2, true);
    buffer.record('dlq_records', { reason: 'division by zero' }, T0 + 7_000, 1);
    const rows = buffer.drain(T0);
    expect(rows).toHaveLength(2 + 2 + 2); // two minutes of two series, two DLQ reasons in minute 0
    await writeMetricMinutes(deps, { jobId, rows });

    const seconds = await getMetricSeries(deps, {
      teamId,
      jobId,
      names: ['records_in', 'dlq_records'],
      from: T0,
      to: T0 + 10_000,
      nowMs: NOW,
    });
    expect(seconds.resolution).toBe(1);
    expect(seconds.stepSeconds).toBe(1);
    expect(seconds.timestamps).toHaveLength(10);
    expect(seconds.series.map((s) => [s.name, s.labels])).toEqual([
      ['records_in', {}],
      ['dlq_records', { reason: 'division by zero' }],
      ['dlq_records', { reason: 'malformed JSON' }],
    ]);
    expect(seconds.series[0].values).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(seconds.series[2].values[5]).toBe('5');
    expect(seconds.series[1].values).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      '1',
      null,
      null,
    ]);

    // A 10 s step averages: seconds 0..9 → 4.5, 10..19 → 14.5.
    const stepped = await getMetricSeries(deps, {
      teamId,
      jobId,
      names: ['records_in', 'watermark_lag_seconds'],
      from: T0,
      to: T0 + 20_000,
      step: 10,
      nowMs: NOW,
    });
    expect(stepped.series[0].values).toEqual(['4.5', '14.5']);
    expect(stepped.series[1].values).toEqual(['0.125', '0.125']);
  });

  it('keeps rollups that agree with the seconds', async () => {
    const minutes = await prisma.metricMinute.findMany({
      where: { series: { jobId, name: 'records_in' } },
      orderBy: { minute: 'asc' },
    });
    expect(
      minutes.map((m) => [
        m.count,
        m.sum?.toString(),
        m.min?.toString(),
        m.max?.toString(),
        m.last?.toString(),
      ]),
    ).toEqual([
      [60, '1770', '0', '59', '59'],
      [60, '5370', '60', '119', '119'],
    ]);
    const rollup = await getMetricSeries(deps, {
      teamId,
      jobId,
      names: ['records_in'],
      from: T0,
      to: T0 + 2 * 60_000,
      step: 60,
      nowMs: NOW,
    });
    expect(rollup.resolution).toBe(60);
    expect(rollup.series[0].values).toEqual(['29.5', '89.5']);
  });

  it('merges a second writer into the same minute without erasing earlier seconds', async () => {
    const takeover = new MetricMinuteBuffer();
    takeover.record('records_in', {}, T0 + 30_000, 1000);
    await writeMetricMinutes(deps, { jobId, rows: takeover.drain(T0) });
    const after = await getMetricSeries(deps, {
      teamId,
      jobId,
      names: ['records_in'],
      from: T0 + 29_000,
      to: T0 + 32_000,
      nowMs: NOW,
    });
    expect(after.series[0].values).toEqual(['29', '1000', '31']);
    const minute = await prisma.metricMinute.findFirst({
      where: { series: { jobId, name: 'records_in' }, minute: new Date(T0) },
    });
    expect(minute?.sum?.toString()).toBe(String(1770 - 30 + 1000));
  });

  it('summarises the last minute per job in the overview', async () => {
    const buffer = new MetricMinuteBuffer();
    for (let s = 1; s <= 60; s++) {
      buffer.record('records_in', {}, NOW - s * 1000, 200);
      buffer.record('records_out', {}, NOW - s * 1000, 50);
      buffer.record('consumer_lag', { partition: '0' }, NOW - s * 1000, 7);
      buffer.record('consumer_lag', { partition: '1' }, NOW - s * 1000, 5);
      buffer.record('consumer_lag_seconds', { partition: '0' }, NOW - s * 1000, '1.5');
      buffer.record('consumer_lag_seconds', { partition: '1' }, NOW - s * 1000, '0.25');
      buffer.record('dlq_records', { reason: 'x' }, NOW - s * 1000, s % 2);
    }
    await writeMetricMinutes(deps, { jobId, rows: buffer.drain(0) });
    const idle = await prisma.job.create({
      data: { teamId, name: 'idle', sql: 'SELECT 1', createdById: 'test' },
    });
    const overview = await getMetricsOverview(deps, { teamId, nowMs: NOW });
    expect(overview).toEqual([
      {
        jobId: idle.id,
        name: 'idle',
        state: 'DRAFT',
        desiredState: 'DRAFT',
        recordsInPerSecond: null,
        recordsOutPerSecond: null,
        lagRecords: null,
        lagSeconds: null,
        dlqPerSecond: null,
      },
      {
        jobId,
        name: 'orders',
        state: 'DRAFT',
        desiredState: 'DRAFT',
        recordsInPerSecond: '200',
        recordsOutPerSecond: '50',
        lagRecords: '12',
        lagSeconds: '1.5',
        dlqPerSecond: '0.5',
      },
    ]);
  });

  it('drops seconds after 24 h and rollups after 30 days', async () => {
    const buffer = new MetricMinuteBuffer();
    const old = NOW - 2 * 24 * 3600_000;
    const ancient = NOW - 31 * 24 * 3600_000;
    buffer.record('state_entries', {}, old, 10);
    buffer.record('state_entries', {}, ancient, 10);
    await writeMetricMinutes(deps, { jobId, rows: buffer.drain(0) });
    const result = await pruneMetrics(deps, { nowMs: NOW });
    expect(result.secondsDropped).toBeGreaterThanOrEqual(1);
    expect(result.minutesDeleted).toBeGreaterThanOrEqual(1);
    const kept = await prisma.metricMinute.findMany({
      where: { series: { jobId, name: 'state_entries' } },
    });
    expect(kept.map((m) => [m.minute.getTime(), m.seconds, m.sum?.toString()])).toEqual([
      [Math.floor(old / 60_000) * 60_000, [], '10'],
    ]);
  });
});
