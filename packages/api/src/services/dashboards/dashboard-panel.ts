/**
 * What a team dashboard panel is: one metric of one or more jobs, a chart type, a unit and
 * thresholds. Browser-safe (exported as `@velo/api/dashboard-panel`): the console's panel form
 * and the API validate with these same schemas.
 */
import { z } from 'zod';
import { BUILT_IN_SERIES, METRIC_NAME_PATTERN } from '../metrics/metric-names.ts';

export { BUILT_IN_SERIES };

export const CHART_TYPES = ['line', 'area', 'bar', 'stat'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** The units the console formats (apps/console/src/components/dashboards/units.ts). */
export const PANEL_UNITS = [
  'records/s',
  'bytes/s',
  'bytes',
  'ms',
  's',
  'records',
  'entries',
  'restarts',
  'ms/s',
  'short',
] as const;
export type PanelUnit = (typeof PANEL_UNITS)[number];

export const THRESHOLD_COLORS = ['warning', 'danger'] as const;

export const MAX_PANELS = 50;
export const MAX_PANEL_JOBS = 10;

export const ZDashboardName = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(80, 'Name is at most 80 characters');

export const ZThreshold = z.object({
  value: z
    .string({ error: 'A threshold is a number' })
    .regex(/^-?\d{1,15}(\.\d{1,9})?$/, 'A threshold is a number, e.g. 1000 or 0.5'),
  color: z.enum(THRESHOLD_COLORS, { error: 'Threshold colour is warning or danger' }),
});

export const ZPanelSpec = z.object({
  title: z
    .string({ error: 'Title is required' })
    .trim()
    .min(1, 'Title is required')
    .max(120, 'Title is at most 120 characters'),
  metric: z
    .string({ error: 'Metric is required' })
    .regex(METRIC_NAME_PATTERN, 'Metric is a built-in name or user:<name>'),
  jobIds: z
    .array(z.string().min(1).max(64))
    .min(1, 'Choose at least one job')
    .max(MAX_PANEL_JOBS, `At most ${MAX_PANEL_JOBS} jobs per panel`)
    .refine((ids) => new Set(ids).size === ids.length, 'A job is listed twice'),
  chartType: z.enum(CHART_TYPES, { error: 'Chart type is line, area, bar or stat' }),
  unit: z.enum(PANEL_UNITS, { error: 'Unknown unit' }),
  thresholds: z.array(ZThreshold).max(5, 'At most 5 thresholds').default([]),
});
export type PanelSpec = z.infer<typeof ZPanelSpec>;
