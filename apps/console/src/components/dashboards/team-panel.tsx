'use client';

import { useQueries } from '@tanstack/react-query';
import type { RouterOutputs } from '@velo/api';
import { useMemo, useState } from 'react';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { panelStep } from './max-data-points';
import { mergeJobSeries, thresholdColor } from './team-panel-data';
import { formatUnit } from './units';

type Panel = RouterOutputs['dashboard']['get']['panels'][number];

const COLORS = ['#1d5fd6', '#16794a', '#c2342b', '#a15c00', '#7a3ec2', '#0f7c8c', '#b8336a'];
const THRESHOLD_VAR = { warning: '#a15c00', danger: 'var(--danger)' } as const;

/**
 * One panel of a team dashboard: a metric of one or more jobs as a line, area or bar chart
 * (crosshair shared with the other panels, legend entries toggle, drag to zoom) or as a stat
 * (the last value, coloured by the thresholds it reaches).
 */
export function TeamPanel({
  teamId,
  panel,
  jobNames,
  range,
  onZoom,
}: {
  teamId: string;
  panel: Panel;
  jobNames: Map<string, string>;
  range: { from: number; to: number };
  onZoom: (from: number, to: number) => void;
}) {
  const trpc = useTRPC();
  const results = useQueries({
    queries: panel.jobIds.map((jobId) =>
      trpc.metrics.series.queryOptions(
        {
          teamId,
          jobId,
          names: [panel.metric],
          from: range.from,
          to: range.to,
          step: panelStep(range),
        },
        { placeholderData: (previous) => previous },
      ),
    ),
  });
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const pending = results.some((r) => r.isPending);
  const error = results.find((r) => r.error)?.error;
  const dataKey = results.map((r) => r.dataUpdatedAt).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: dataKey changes when any result does
  const table = useMemo(
    () =>
      mergeJobSeries(
        results.flatMap((r, i) =>
          r.data
            ? [
                {
                  jobName: jobNames.get(panel.jobIds[i]) ?? panel.jobIds[i],
                  timestamps: r.data.timestamps,
                  series: r.data.series,
                },
              ]
            : [],
        ),
      ),
    [dataKey, jobNames, panel.jobIds],
  );
  const empty = !pending && table.last.every((l) => l.value === null);
  const span = range.to - range.from;
  const tick = (ms: number) =>
    new Date(ms).toLocaleTimeString(undefined, {
      hour: '2-digit',
      minute: '2-digit',
      ...(span > 2 * 86_400_000 ? { month: 'short', day: 'numeric' } : {}),
    });

  return (
    <>
      {pending ? <p className="muted panel-state">Loading…</p> : null}
      {error ? (
        <p className="form-error panel-state" role="alert">
          {readApiError(error).message}
        </p>
      ) : null}
      {empty && !error ? <p className="muted panel-state">No data in this range</p> : null}
      {!pending && !empty && panel.chartType === 'stat' ? (
        <div className="stat-values" data-testid="panel-stat">
          {table.last.map((l) => {
            const color = thresholdColor(l.value, panel.thresholds);
            return (
              <div key={l.key} className={`stat-value${color ? ` stat-${color}` : ''}`}>
                <span className="stat-number" title={l.value ?? ''}>
                  {l.value === null ? '—' : formatUnit(Number(l.value), panel.unit)}
                </span>
                <span className="stat-label">{l.label}</span>
              </div>
            );
          })}
        </div>
      ) : null}
      {!pending && !empty && panel.chartType !== 'stat' ? (
        <div className="panel-chart">
          <ResponsiveContainer width="100%" height={200}>
            <ComposedChart
              data={table.rows}
              syncId="team-dashboard"
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
                if (drag && Math.abs(drag.end - drag.start) > 0) {
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
                tickFormatter={tick}
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
              {panel.thresholds.map((t) => (
                <ReferenceLine
                  key={`${t.color}-${t.value}`}
                  y={Number(t.value)}
                  stroke={THRESHOLD_VAR[t.color]}
                  strokeDasharray="4 4"
                />
              ))}
              {table.keys.map((k, i) => {
                const color = COLORS[i % COLORS.length];
                const common = {
                  dataKey: k.key,
                  name: k.label,
                  hide: hidden.has(k.key),
                  isAnimationActive: false,
                };
                if (panel.chartType === 'bar') return <Bar key={k.key} {...common} fill={color} />;
                if (panel.chartType === 'area') {
                  return (
                    <Area
                      key={k.key}
                      {...common}
                      stroke={color}
                      fill={color}
                      fillOpacity={0.2}
                      connectNulls={false}
                    />
                  );
                }
                return (
                  <Line
                    key={k.key}
                    {...common}
                    stroke={color}
                    dot={false}
                    strokeWidth={1.5}
                    connectNulls={false}
                  />
                );
              })}
            </ComposedChart>
          </ResponsiveContainer>
        </div>
      ) : null}
    </>
  );
}
