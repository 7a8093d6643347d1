'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceArea,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { panelStep } from './max-data-points';
import { formatUnit, type Unit } from './units';

const COLORS = [
  '#1d5fd6',
  '#16794a',
  '#c2342b',
  '#a15c00',
  '#7a3ec2',
  '#0f7c8c',
  '#b8336a',
  '#5b6b7f',
];

export interface PanelSpec {
  title: string;
  names: string[];
  unit: Unit;
}

function seriesLabel(name: string, labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const short = name.replace(/^user:/, '');
  return parts.length ? `${short} {${parts.join(', ')}}` : short;
}

function timeTick(ms: number, spanMs: number): string {
  const d = new Date(ms);
  return spanMs > 2 * 86_400_000
    ? d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : d.toLocaleTimeString(undefined, {
        hour: '2-digit',
        minute: '2-digit',
        second: spanMs < 600_000 ? '2-digit' : undefined,
      });
}

/**
 * One Grafana-style panel: the job's series over the page's range, a crosshair shared with
 * every panel of the dashboard (`syncId`), legend entries that toggle their series, exact
 * values in the tooltip, and drag-to-zoom that narrows the page's range.
 */
export function MetricChart({
  teamId,
  jobId,
  panel,
  range,
  onZoom,
  syncId = 'job-dashboard',
}: {
  teamId: string;
  jobId: string;
  panel: PanelSpec;
  range: { from: number; to: number };
  onZoom?: (from: number, to: number) => void;
  syncId?: string;
}) {
  const trpc = useTRPC();
  const query = useQuery(
    trpc.metrics.series.queryOptions(
      {
        teamId,
        jobId,
        names: panel.names,
        from: range.from,
        to: range.to,
        step: panelStep(range),
      },
      {
        placeholderData: (previous) => previous,
      },
    ),
  );
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const { rows, keys } = useMemo(() => {
    const data = query.data;
    if (!data) return { rows: [], keys: [] as { key: string; label: string }[] };
    const keys = data.series.map((s, i) => ({
      key: `s${i}`,
      label: seriesLabel(s.name, s.labels),
    }));
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
  }, [query.data]);
  const span = range.to - range.from;
  const empty = query.data?.series.every((s) => s.values.every((v) => v === null));

  return (
    <figure className="panel" data-testid="metric-panel" data-title={panel.title}>
      <figcaption className="panel-title">{panel.title}</figcaption>
      {query.isPending ? <p className="muted panel-state">Loading…</p> : null}
      {query.error ? (
        <p className="form-error panel-state" role="alert">
          {readApiError(query.error).message}
        </p>
      ) : null}
      {empty ? <p className="muted panel-state">No data in this range</p> : null}
      {rows.length > 0 && !empty ? (
        <div className="panel-chart">
          <ResponsiveContainer width="100%" height={200}>
            <LineChart
              data={rows}
              syncId={syncId}
              onMouseDown={(e) =>
                e?.activeLabel !== undefined &&
                setDrag({ start: Number(e.activeLabel), end: Number(e.activeLabel) })
              }
              onMouseMove={(e) =>
                drag &&
                e?.activeLabel !== undefined &&
                setDrag({ ...drag, end: Number(e.activeLabel) })
              }
              onMouseUp={() => {
                if (drag && onZoom && Math.abs(drag.end - drag.start) > 0) {
                  onZoom(Math.min(drag.start, drag.end), Math.max(drag.start, drag.end));
                }
                setDrag(null);
              }}
            >
              <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
              <XAxis
                dataKey="t"
                type="number"
                domain={[range.from, range.to]}
                tickFormatter={(v: number) => timeTick(v, span)}
                stroke="var(--text-muted)"
                fontSize={11}
              />
              <YAxis
                tickFormatter={(v: number) => formatUnit(v, panel.unit)}
                stroke="var(--text-muted)"
                fontSize={11}
                width={72}
              />
              <Tooltip
                labelFormatter={(v) => new Date(Number(v)).toLocaleString()}
                formatter={(value, name, item) => {
                  const exact = (item.payload as Record<string, string | null>)[
                    `${item.dataKey}_exact`
                  ];
                  return [exact ?? String(value), name];
                }}
                contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)' }}
              />
              <Legend
                onClick={(entry) => {
                  const key = String(entry.dataKey);
                  setHidden((h) => {
                    const next = new Set(h);
                    if (next.has(key)) next.delete(key);
                    else next.add(key);
                    return next;
                  });
                }}
                wrapperStyle={{ fontSize: 12, cursor: 'pointer' }}
              />
              {keys.map((k, i) => (
                <Line
                  key={k.key}
                  dataKey={k.key}
                  name={k.label}
                  stroke={COLORS[i % COLORS.length]}
                  dot={false}
                  isAnimationActive={false}
                  connectNulls={false}
                  hide={hidden.has(k.key)}
                  strokeWidth={1.5}
                />
              ))}
              {drag ? <ReferenceArea x1={drag.start} x2={drag.end} strokeOpacity={0.3} /> : null}
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </figure>
  );
}
