'use client';

import { useQueries } from '@tanstack/react-query';
import type { RouterOutputs } from '@velo/api';
import { useMemo } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { ChartBody } from './chart-body';
import { panelStep } from './max-data-points';
import { mergeJobSeries, thresholdColor } from './team-panel-data';
import { formatUnit } from './units';

type Panel = RouterOutputs['dashboard']['get']['panels'][number];

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
      {panel.chartType !== 'stat' ? (
        <ChartBody
          show={!pending && !empty}
          rows={table.rows}
          keys={table.keys}
          unit={panel.unit}
          range={range}
          syncId="team-dashboard"
          kind={panel.chartType}
          thresholds={panel.thresholds}
          onZoom={onZoom}
        />
      ) : null}
    </>
  );
}
