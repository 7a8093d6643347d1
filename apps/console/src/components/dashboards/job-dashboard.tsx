'use client';

import type { PanelSpec } from './metric-chart';
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
  const panels = [...JOB_PANELS, ...userMetricPanels(sql)];
  return (
    <div data-testid="job-dashboard">
      <div className="dashboard-toolbar">
        <TimeRangePicker range={range} resolved={resolved} onChange={setRange} />
      </div>
      <div className="panel-grid">
        {panels.map((panel) => (
          <MetricChart
            key={panel.title}
            teamId={teamId}
            jobId={jobId}
            panel={panel}
            range={resolved}
            onZoom={(from, to) =>
              setRange({ from: String(Math.round(from)), to: String(Math.round(to)) })
            }
          />
        ))}
      </div>
    </div>
  );
}
