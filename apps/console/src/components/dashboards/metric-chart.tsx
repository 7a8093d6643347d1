'use client';

import { memo, useMemo } from 'react';
import { ChartBody } from './chart-body';
import type { Unit } from './units';

export interface PanelSpec {
  title: string;
  names: string[];
  unit: Unit;
}

/** The series of one panel, as `metrics.series` returned them (values exact decimal text). */
export interface PanelSeries {
  timestamps: number[];
  series: { name: string; labels: Record<string, string>; values: (string | null)[] }[];
}

function seriesLabel(name: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const short = name.replace(/^user:/, '');
  return parts.length ? `${short} {${parts.join(', ')}}` : short;
}

/** Rows for the chart: the number drawn and, beside it, the exact text for the tooltip. */
export function chartRows(data: PanelSeries): {
  rows: Record<string, number | string | null>[];
  keys: { key: string; label: string }[];
} {
  const keys = data.series.map((s, i) => ({ key: `s${i}`, label: seriesLabel(s.name, s.labels) }));
  const rows = data.timestamps.map((t, i) => {
    const row: Record<string, number | string | null> = { t };
    data.series.forEach((s, j) => {
      const v = s.values[i];
      row[`s${j}`] = v === null ? null : Number(v);
      row[`s${j}_exact`] = v;
    });
    return row;
  });
  return { rows, keys };
}

/**
 * One Grafana-style panel of a job's dashboard. The dashboard fetches every panel's series in
 * one call and hands each panel its own; the chart itself is the shared ChartBody.
 */
export const MetricChart = memo(function MetricChart({
  panel,
  data,
  pending,
  error,
  range,
  onZoom,
  syncId = 'job-dashboard',
}: {
  panel: PanelSpec;
  data: PanelSeries | undefined;
  pending: boolean;
  error: string | null;
  range: { from: number; to: number };
  onZoom?: (from: number, to: number) => void;
  syncId?: string;
}) {
  const { rows, keys } = useMemo(() => (data ? chartRows(data) : { rows: [], keys: [] }), [data]);
  const empty = data ? data.series.every((s) => s.values.every((v) => v === null)) : false;
  return (
    <figure className="panel" data-testid="metric-panel" data-title={panel.title}>
      <figcaption className="panel-title">{panel.title}</figcaption>
      {pending ? <p className="muted panel-state">Loading…</p> : null}
      {error ? (
        <p className="form-error panel-state" role="alert">
          {error}
        </p>
      ) : null}
      {empty ? <p className="muted panel-state">No data in this range</p> : null}
      <ChartBody
        show={rows.length > 0 && !empty}
        rows={rows}
        keys={keys}
        unit={panel.unit}
        range={range}
        syncId={syncId}
        onZoom={onZoom}
      />
    </figure>
  );
});
