import { z } from 'zod';
import { getMetricSeries } from '../services/metrics/get-metric-series.ts';
import { getMetricsOverview } from '../services/metrics/get-metrics-overview.ts';
import { METRIC_NAME_PATTERN } from '../services/metrics/metric-names.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';

const ZEpochMs = z
  .number({ error: 'A time is required (epoch milliseconds)' })
  .int('Times are whole milliseconds')
  .min(0, 'Times start at the epoch')
  .max(8.64e15, 'That time is out of range');

export const ZMetricSeriesRequest = z.object({
  jobId: z.string().min(1, 'Job is required').max(64),
  names: z
    .array(z.string().regex(METRIC_NAME_PATTERN, 'Unknown metric name format'))
    .min(1, 'Name at least one metric')
    .max(50, 'At most 50 metrics at once'),
  from: ZEpochMs,
  to: ZEpochMs,
  step: z.number().int().min(1).max(86_400).optional(),
});

export const ZMetricSeriesResponse = z.object({
  resolution: z.union([z.literal(1), z.literal(60)]),
  stepSeconds: z.number(),
  timestamps: z.array(z.number()),
  series: z.array(
    z.object({
      name: z.string(),
      labels: z.record(z.string(), z.string()),
      values: z.array(z.string().nullable()),
    }),
  ),
});

export const ZMetricsOverviewResponse = z.array(
  z.object({
    jobId: z.string(),
    name: z.string(),
    state: z.string(),
    desiredState: z.string(),
    recordsInPerSecond: z.string().nullable(),
    recordsOutPerSecond: z.string().nullable(),
    lagRecords: z.string().nullable(),
    lagSeconds: z.string().nullable(),
    dlqPerSecond: z.string().nullable(),
  }),
);

export const metricsRouter = createTRPCRouter({
  series: teamProcedure('VIEWER')
    .input(ZMetricSeriesRequest)
    .output(ZMetricSeriesResponse)
    .query(({ ctx, input }) =>
      getMetricSeries({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),

  overview: teamProcedure('VIEWER')
    .output(ZMetricsOverviewResponse)
    .query(({ ctx }) => getMetricsOverview({ prisma: ctx.prisma }, { teamId: ctx.team.id })),
});
