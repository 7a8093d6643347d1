'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useMemo } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { useCurrentTeam } from '../team-context';
import { formatWhen, JobStateBadge } from './job-state';
import { Sparkline } from './sparkline';
import { useJobs } from './use-jobs';
import './jobs.css';

const STATES = [
  'ALL',
  'RUNNING',
  'STARTING',
  'STOPPING',
  'STOPPED',
  'FAILED',
  'RESTARTING',
  'DRAFT',
];
const SORTS = { name: 'Name', state: 'State', updated: 'Last change' } as const;
type SortKey = keyof typeof SORTS;

function RecordsSparkline({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const now = Math.floor(Date.now() / 10_000) * 10_000;
  const series = useQuery(
    trpc.metrics.series.queryOptions(
      { teamId, jobId, names: ['records_in'], from: now - 5 * 60_000, to: now, step: 10 },
      { refetchInterval: 10_000 },
    ),
  );
  const values = series.data?.series[0]?.values ?? [];
  return <Sparkline values={values} label="Records per second, last 5 minutes" />;
}

export function JobsPage() {
  const { team } = useCurrentTeam();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const search = params.get('q') ?? '';
  const stateFilter = params.get('state') ?? 'ALL';
  const sort = (params.get('sort') ?? 'name') as SortKey;
  const { jobs, overview } = useJobs(team.id);
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    router.replace(`${pathname}?${next.toString()}`);
  };
  const byJob = useMemo(
    () => new Map((overview.data ?? []).map((o) => [o.jobId, o])),
    [overview.data],
  );
  const rows = useMemo(() => {
    const list = (jobs.data ?? []).filter(
      (j) =>
        (stateFilter === 'ALL' || j.state === stateFilter) &&
        j.name.toLowerCase().includes(search.toLowerCase()),
    );
    return list.sort((a, b) =>
      sort === 'state'
        ? a.state.localeCompare(b.state) || a.name.localeCompare(b.name)
        : sort === 'updated'
          ? new Date(b.updatedAt).getTime() - new Date(a.updatedAt).getTime()
          : a.name.localeCompare(b.name),
    );
  }, [jobs.data, search, stateFilter, sort]);

  return (
    <section className="page" data-testid="jobs-page">
      <header className="page-header">
        <div>
          <h1>Jobs</h1>
          <p className="muted">
            Streaming jobs of {team.name}: their state, throughput, lag and dead letters.
          </p>
        </div>
        <Link href="/editor" className="button button-primary">
          New job
        </Link>
      </header>
      <div className="filters jobs-filters">
        <label className="field">
          <span>Search</span>
          <input
            type="search"
            value={search}
            placeholder="Job name"
            data-testid="jobs-search"
            onChange={(e) => setParam('q', e.target.value)}
          />
        </label>
        <label className="field">
          <span>State</span>
          <select
            value={stateFilter}
            onChange={(e) => setParam('state', e.target.value === 'ALL' ? '' : e.target.value)}
          >
            {STATES.map((s) => (
              <option key={s} value={s}>
                {s === 'ALL' ? 'All states' : s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Sort by</span>
          <select value={sort} onChange={(e) => setParam('sort', e.target.value)}>
            {Object.entries(SORTS).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {jobs.isPending ? <p className="muted">Loading jobs…</p> : null}
      {jobs.error ? (
        <p className="form-error" role="alert">
          {readApiError(jobs.error).message}
        </p>
      ) : null}
      {jobs.data && jobs.data.length === 0 ? (
        <div className="empty-state" data-testid="jobs-empty">
          <h2>No jobs yet</h2>
          <p className="muted">
            Write a pipeline in the editor, preview it, then save it as a job.
          </p>
          <Link href="/editor" className="button button-primary">
            Open the editor
          </Link>
        </div>
      ) : null}
      {rows.length > 0 ? (
        <div className="table-card">
          <table className="table" data-testid="jobs-table">
            <thead>
              <tr>
                <th>Job</th>
                <th>State</th>
                <th>Records/s</th>
                <th>Lag</th>
                <th>Dead letters/s</th>
                <th>Worker</th>
                <th>Version</th>
                <th>Last change</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => {
                const o = byJob.get(job.id);
                return (
                  <tr key={job.id} data-testid="job-row" data-name={job.name}>
                    <td className="cell-name">
                      <Link href={`/jobs/${job.id}`} className="cell-strong">
                        {job.name}
                      </Link>
                      {job.lastError ? (
                        <div className="cell-sub job-error" title={job.lastError}>
                          {job.lastError}
                        </div>
                      ) : null}
                    </td>
                    <td>
                      <JobStateBadge state={job.state} />
                    </td>
                    <td className="cell-mono">
                      <RecordsSparkline teamId={team.id} jobId={job.id} />{' '}
                      <span data-testid="job-records-per-second">
                        {o?.recordsInPerSecond ?? '—'}
                      </span>
                    </td>
                    <td className="cell-mono">
                      {o?.lagRecords ?? '—'} rec
                      <div className="cell-sub">{o?.lagSeconds ?? '—'} s</div>
                    </td>
                    <td className="cell-mono">{o?.dlqPerSecond ?? '—'}</td>
                    <td className="cell-mono cell-sub">{job.ownerWorkerId ?? '—'}</td>
                    <td data-testid="job-version">v{job.version}</td>
                    <td className="cell-sub">{formatWhen(job.updatedAt)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
