'use client';

import { memo, useLayoutEffect, useRef, useState } from 'react';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ReferenceArea,
  ReferenceLine,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
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
const THRESHOLD_VAR = { warning: '#a15c00', danger: 'var(--danger)' } as const;
const HEIGHT = 200;

/**
 * The width of the panel's chart area, measured while the panel still waits for its data, so
 * the chart draws once, at its size, when the data arrives (a ResponsiveContainer mounted with
 * the data measures only then and lays the chart out a second time).
 */
function useWidth() {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(Math.floor(el.getBoundingClientRect().width));
    const observer = new ResizeObserver(([entry]) => setWidth(Math.floor(entry.contentRect.width)));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return { ref, width };
}

export type ChartKind = 'line' | 'area' | 'bar';

export interface ChartBodyProps {
  /** False while loading or empty: the area is kept (and measured) but nothing is drawn. */
  show?: boolean;
  /** One row per time `t` (epoch ms): `sN` the number drawn, `sN_exact` the API's exact text. */
  rows: Record<string, number | string | null>[];
  keys: { key: string; label: string }[];
  unit: Unit;
  range: { from: number; to: number };
  syncId: string;
  kind?: ChartKind;
  thresholds?: { value: string; color: 'warning' | 'danger' }[];
  onZoom?: (from: number, to: number) => void;
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
 * The chart of every panel (job and team dashboards): time axis over the page's range, unit
 * axis, a crosshair shared through `syncId`, exact values in the tooltip, legend entries that
 * toggle their series, threshold lines and drag-to-zoom. Memoized: a panel redraws only when
 * its own data, range or settings change.
 */
export const ChartBody = memo(function ChartBody({
  show = true,
  rows,
  keys,
  unit,
  range,
  syncId,
  kind = 'line',
  thresholds = [],
  onZoom,
}: ChartBodyProps) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [drag, setDrag] = useState<{ start: number; end: number } | null>(null);
  const span = range.to - range.from;
  const { ref, width } = useWidth();
  return (
    <div className="panel-chart" ref={ref}>
      {show && width > 0 ? (
        <ComposedChart
          width={width}
          height={HEIGHT}
          data={rows}
          syncId={syncId}
          onMouseDown={(e) =>
            e?.activeLabel !== undefined &&
            setDrag({ start: Number(e.activeLabel), end: Number(e.activeLabel) })
          }
          onMouseMove={(e) =>
            drag && e?.activeLabel !== undefined && setDrag({ ...drag, end: Number(e.activeLabel) })
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
            tickFormatter={(v: number) => formatUnit(v, unit)}
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
          {thresholds.map((t) => (
            <ReferenceLine
              key={`${t.color}-${t.value}`}
              y={Number(t.value)}
              stroke={THRESHOLD_VAR[t.color]}
              strokeDasharray="4 4"
            />
          ))}
          {keys.map((k, i) => {
            const color = COLORS[i % COLORS.length];
            const common = {
              dataKey: k.key,
              name: k.label,
              hide: hidden.has(k.key),
              isAnimationActive: false,
            };
            if (kind === 'bar') return <Bar key={k.key} {...common} fill={color} />;
            if (kind === 'area') {
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
          {drag ? <ReferenceArea x1={drag.start} x2={drag.end} strokeOpacity={0.3} /> : null}
        </ComposedChart>
      ) : null}
    </div>
  );
});
