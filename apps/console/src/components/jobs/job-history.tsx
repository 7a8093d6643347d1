'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTRPC } from '~/lib/trpc';
import { formatWhen, JobStateBadge } from './job-state';

/** A column of a history table: its header and how a row shows in it. */
interface HistoryColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
  title?: (row: T) => string | undefined;
}

/**
 * The one table of the job's history tabs (runs, checkpoints): loading and empty states, then
 * a row per item.
 */
function HistoryTable<T extends { id: string }>({
  rows,
  pending,
  loading,
  empty,
  testId,
  columns,
}: {
  rows: T[] | undefined;
  pending: boolean;
  loading: string;
  empty: string;
  testId: string;
  columns: HistoryColumn<T>[];
}) {
  if (pending) return <p className="muted">{loading}</p>;
  if (!rows?.length) return <p className="muted">{empty}</p>;
  return (
    <div className="table-card">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.header}>{c.header}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              {columns.map((c) => (
                <td key={c.header} className={c.className} title={c.title?.(row)}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Runs: who ran which version where, how it ended and why. */
export function JobRuns({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const runs = useQuery(
    trpc.job.runs.queryOptions({ teamId, id: jobId }, { refetchInterval: 2000 }),
  );
  return (
    <HistoryTable
      rows={runs.data}
      pending={runs.isPending}
      loading="Loading runs…"
      empty="The job has not run yet."
      testId="job-runs"
      columns={[
        { header: 'Started', cell: (r) => formatWhen(r.startedAt) },
        { header: 'Ended', cell: (r) => formatWhen(r.endedAt) },
        { header: 'Version', cell: (r) => `v${r.version}` },
        { header: 'Worker', cell: (r) => r.workerId, className: 'cell-mono cell-sub' },
        { header: 'State', cell: (r) => <JobStateBadge state={r.finalState ?? r.state} /> },
        {
          header: 'Restored from',
          cell: (r) =>
            r.restoredCheckpointEpoch === null
              ? 'start'
              : `checkpoint ${r.restoredCheckpointEpoch}`,
        },
        {
          header: 'Error',
          cell: (r) => r.error ?? '',
          className: 'job-error',
          title: (r) => r.error ?? undefined,
        },
      ]}
    />
  );
}

/** Checkpoints: when, how long, how big, which positions. */
export function JobCheckpoints({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const checkpoints = useQuery(
    trpc.job.checkpoints.queryOptions({ teamId, id: jobId }, { refetchInterval: 5000 }),
  );
  return (
    <HistoryTable
      rows={checkpoints.data}
      pending={checkpoints.isPending}
      loading="Loading checkpoints…"
      empty="No checkpoint yet."
      testId="job-checkpoints"
      columns={[
        { header: 'Epoch', cell: (c) => c.epoch },
        { header: 'Taken', cell: (c) => formatWhen(c.createdAt) },
        { header: 'Duration', cell: (c) => `${c.durationMs} ms` },
        { header: 'Size', cell: (c) => `${c.sizeBytes.toLocaleString()} B` },
        { header: 'Records in', cell: (c) => c.recordsIn, className: 'cell-mono' },
        {
          header: 'Positions',
          cell: (c) => <pre className="payload">{JSON.stringify(c.positions, null, 1)}</pre>,
        },
      ]}
    />
  );
}
