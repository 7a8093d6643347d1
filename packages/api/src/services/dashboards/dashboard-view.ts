import { z } from 'zod';
import { CHART_TYPES, PANEL_UNITS, THRESHOLD_COLORS } from './dashboard-panel.ts';

export const ZPanelView = z.object({
  id: z.string(),
  position: z.number(),
  title: z.string(),
  metric: z.string(),
  jobIds: z.array(z.string()),
  chartType: z.enum(CHART_TYPES),
  unit: z.enum(PANEL_UNITS),
  thresholds: z.array(z.object({ value: z.string(), color: z.enum(THRESHOLD_COLORS) })),
});
export type PanelView = z.infer<typeof ZPanelView>;

export const ZDashboardView = z.object({
  id: z.string(),
  name: z.string(),
  updatedAt: z.date(),
  panels: z.array(ZPanelView),
});
export type DashboardView = z.infer<typeof ZDashboardView>;

interface PanelRow {
  id: string;
  position: number;
  title: string;
  metric: string;
  jobIds: unknown;
  chartType: string;
  unit: string;
  thresholds: unknown;
}

export function panelView(row: PanelRow): PanelView {
  return {
    id: row.id,
    position: row.position,
    title: row.title,
    metric: row.metric,
    jobIds: row.jobIds as string[],
    chartType: row.chartType as PanelView['chartType'],
    unit: row.unit as PanelView['unit'],
    thresholds: row.thresholds as PanelView['thresholds'],
  };
}

export function dashboardView(row: {
  id: string;
  name: string;
  updatedAt: Date;
  panels: PanelRow[];
}): DashboardView {
  return {
    id: row.id,
    name: row.name,
    updatedAt: row.updatedAt,
    panels: [...row.panels].sort((a, b) => a.position - b.position).map(panelView),
  };
}
