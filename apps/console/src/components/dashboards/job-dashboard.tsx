'use client';

import { useQueries } from '@tanstack/react-query';
import { useCallback, useMemo } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { panelStep } from './max-data-points';
import type { PanelSeries, PanelSpec } from './metric-chart';
import { MetricChart } from './metric-chart';
import { TimeRangePicker } from './time-range-picker';
import { useTimeRange } from './use-time-range';
import './dashboards.css';

/** The built-in dashboard of every job (DESIGN §5), plus a panel per user `@metric`. */
export const JOB_PANELS: PanelSpec[] = [
  { title: 'Records in / out per second', names: ['records_in', 'records_out'], unit: 'records/s' },
  {
    title: 'Processing latency p50 / p99',
    names: ['processing_latency_p50_ms', 'processing_latency_p99_ms'],
    unit: 'ms',
  },
  { title: 'Consumer lag (records)', names: ['consumer_lag'], unit: 'records' },
  { title: 'Consumer lag (seconds)', names: ['consumer_lag_seconds'], unit: 's' },
  { title: 'Watermark lag', names: ['watermark_lag_seconds'], unit: 's' },
  { title: 'Dead letters per second by reason', names: ['dlq_records'], unit: 'records/s' },
  { title: 'End-to-end event latency', names: ['event_latency_ms'], unit: 'ms' },
  { title: 'State entries', names: ['state_entries'], unit: 'entries' },
  { title: 'Checkpoint duration', names: ['checkpoint_duration_ms'], unit: 'ms' },
  { title: 'Restarts', names: ['restarts'], unit: 'restarts' },
];

export function userMetricPanels(sql: string): PanelSpec[] {
  return [...sql.matchAll(/^\s*--\s*@metric:\s*([A-Za-z_:][A-Za-z0-9_:]*)\s*$/gm)].map((m) => ({
    title: `@metric ${m[1]}`,
    names: [`user:${m[1]}`],
    unit: 'short',
  }));
}

/** metrics.series takes at most this many names per call. */
const NAMES_PER_CALL = 50;

/**
 * Every panel's series in one metrics.series call (one query, one answer, one render of the
 * panels) instead of a call per panel; split only past the API's 50 names.
 */
function useDashboardSeries(
  teamId: string,
  jobId: string,
  panels: PanelSpec[],
  range: { from: number; to: number },
) {
  const trpc = useTRPC();
  const names = [...new Set(panels.flatMap((p) => p.names))];
  const chunks: string[][] = [];
  for (let i = 0; i < names.length; i += NAMES_PER_CALL) {
    chunks.push(names.slice(i, i + NAMES_PER_CALL));
  }
  const results = useQueries({
    queries: chunks.map((chunk) =>
      trpc.metrics.series.queryOptions(
        { teamId, jobId, names: chunk, from: range.from, to: range.to, step: panelStep(range) },
        { placeholderData: (previous) => previous },
      ),
    ),
  });
  const pending = results.some((r) => r.isPending);
  const failed = results.find((r) => r.error)?.error;
  const error = failed ? readApiError(failed).message : null;
  const dataKey = results.map((r) => r.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: dataKey changes when any result does
  const byPanel = useMemo(() => {
    const map = new Map<string, PanelSeries>();
    if (results.some((r) => !r.data)) return map;
    for (const panel of panels) {
      const from = results.find((r) => r.data?.series.some((s) => panel.names.includes(s.name)));
      const data = from?.data ?? results[0]?.data;
      if (!data) continue;
      map.set(panel.title, {
        timestamps: data.timestamps,
        series: data.series.filter((s) => panel.names.includes(s.name)),
      });
    }
    return map;
  }, [dataKey, panels]);
  return { byPanel, pending, error };
}

export function JobDashboard({
  teamId,
  jobId,
  sql,
}: {
  teamId: string;
  jobId: string;
  sql: string;
}) {
  const { range, resolved, setRange } = useTimeRange();
  const panels = useMemo(() => [...JOB_PANELS, ...userMetricPanels(sql)], [sql]);
  const { byPanel, pending, error } = useDashboardSeries(teamId, jobId, panels, resolved);
  const onZoom = useCallback(
    (from: number, to: number) =>
      setRange({ from: String(Math.round(from)), to: String(Math.round(to)) }),
    [setRange],
  );
  return (
    <div data-testid="job-dashboard">
      <div className="dashboard-toolbar">
        <TimeRangePicker range={range} resolved={resolved} onChange={setRange} />
      </div>
      <div className="panel-grid">
        {panels.map((panel) => (
          <MetricChart
            key={panel.title}
            panel={panel}
            data={byPanel.get(panel.title)}
            pending={pending}
            error={error}
            range={resolved}
            onZoom={onZoom}
          />
        ))}
      </div>
    </div>
  );
}
