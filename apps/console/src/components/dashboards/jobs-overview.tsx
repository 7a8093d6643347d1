'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { JobStateBadge } from '../jobs/job-state';

/** The overview dashboard: every job's state and last-minute numbers, each row to the job. */
export function JobsOverview({ teamId, refreshMs }: { teamId: string; refreshMs: number }) {
  const trpc = useTRPC();
  const overview = useQuery(
    trpc.metrics.overview.queryOptions({ teamId }, { refetchInterval: refreshMs || 5000 }),
  );
  return (
    <section className="dashboard-section" aria-labelledby="overview-title">
      <h2 id="overview-title">All jobs</h2>
      {overview.isPending ? <p className="muted">Loading jobs…</p> : null}
      {overview.error ? (
        <p className="form-error" role="alert">
          {readApiError(overview.error).message}
        </p>
      ) : null}
      {overview.data && overview.data.length === 0 ? (
        <div className="empty-state" data-testid="overview-empty">
          <h2>No jobs yet</h2>
          <p className="muted">Save a pipeline as a job in the editor to see it here.</p>
          <Link href="/editor" className="button button-primary">
            Open the editor
          </Link>
        </div>
      ) : null}
      {overview.data && overview.data.length > 0 ? (
        <div className="table-card">
          <table className="table" data-testid="overview-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Records in/s</th>
                <th>Records out/s</th>
                <th>Lag (records)</th>
                <th>Lag (seconds)</th>
                <th>Dead letters/s</th>
              </tr>
            </thead>
            <tbody>
              {overview.data.map((o) => (
                <tr key={o.jobId} data-testid="overview-row" data-name={o.name}>
                  <td className="cell-name">
                    <Link href={`/jobs/${o.jobId}`} className="cell-strong">
                      {o.name}
                    </Link>
                  </td>
                  <td>
                    <JobStateBadge state={o.state} />
                  </td>
                  <td className="cell-mono">{o.recordsInPerSecond ?? '—'}</td>
                  <td className="cell-mono">{o.recordsOutPerSecond ?? '—'}</td>
                  <td className="cell-mono">{o.lagRecords ?? '—'}</td>
                  <td className="cell-mono">{o.lagSeconds ?? '—'}</td>
                  <td className="cell-mono">{o.dlqPerSecond ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
