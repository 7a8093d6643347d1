'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { readApiError } from '~/lib/api-errors';
import { hasRole } from '~/lib/roles';
import { JobDashboard } from '../dashboards/job-dashboard';
import { useCurrentTeam } from '../team-context';
import { JobActions } from './job-actions';
import { JobDeadLetters } from './job-dead-letters';
import { JobGraph } from './job-graph';
import { JobCheckpoints, JobRuns } from './job-history';
import { JobLogs } from './job-logs';
import { JobOutputTail } from './job-output-tail';
import { formatWhen, JobStateBadge } from './job-state';
import { JobVersions } from './job-versions';
import { useJob } from './use-jobs';
import './jobs.css';

const TABS = {
  dashboard: 'Dashboard',
  graph: 'Graph',
  runs: 'Runs',
  versions: 'Versions',
  logs: 'Logs',
  deadLetters: 'Dead letters',
  output: 'Output',
  checkpoints: 'Checkpoints',
  sql: 'SQL',
} as const;
type Tab = keyof typeof TABS;

/** `… at line 3, column 14` in an error: where the editor should open. */
export function sqlPosition(error: string | null): { line: number; column: number } | null {
  const m = error ? /line (\d+), column (\d+)/.exec(error) : null;
  return m ? { line: Number(m[1]), column: Number(m[2]) } : null;
}

export function JobDetail({ jobId }: { jobId: string }) {
  const { team } = useCurrentTeam();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const tab = (params.get('tab') ?? 'dashboard') as Tab;
  const job = useJob(team.id, jobId);
  const canEdit = hasRole(team.role, 'EDITOR');
  const selectTab = (next: Tab) => {
    const q = new URLSearchParams(params);
    q.set('tab', next);
    router.replace(`${pathname}?${q.toString()}`, { scroll: false });
  };
  if (job.isPending) return <p className="muted">Loading job…</p>;
  if (job.error || !job.data) {
    return (
      <section className="page">
        <p className="form-error" role="alert">
          {job.error ? readApiError(job.error).message : 'Job not found'}
        </p>
        <Link href="/jobs">Back to jobs</Link>
      </section>
    );
  }
  const j = job.data;
  const at = sqlPosition(j.lastError);
  return (
    <section className="page" data-testid="job-detail">
      <header className="page-header">
        <div>
          <p className="muted">
            <Link href="/jobs">Jobs</Link> /
          </p>
          <div className="job-header">
            <h1>{j.name}</h1>
            <JobStateBadge state={j.state} />
            <span className="muted" data-testid="job-detail-version">
              v{j.version}
              {j.runningVersion !== null && j.runningVersion !== j.version
                ? ` (running v${j.runningVersion})`
                : ''}
            </span>
          </div>
          <p className="muted">
            {j.ownerWorkerId ? `On ${j.ownerWorkerId}` : 'No worker'} · restart policy{' '}
            {j.restartPolicy} · {j.restarts} restarts · updated {formatWhen(j.updatedAt)} by{' '}
            {j.updatedBy?.email ?? j.createdBy?.email ?? 'unknown'}
          </p>
        </div>
        {canEdit ? <JobActions teamId={team.id} job={j} /> : null}
      </header>
      {j.lastError ? (
        <div className="form-error" role="alert" data-testid="job-last-error">
          {j.lastError}{' '}
          {at ? (
            <Link href={`/editor?job=${j.id}&line=${at.line}&column=${at.column}`}>
              Open the SQL at line {at.line}, column {at.column}
            </Link>
          ) : null}
        </div>
      ) : null}
      <div className="job-tabs" role="tablist" aria-label="Job views">
        {(Object.keys(TABS) as Tab[]).map((key) => (
          <button
            key={key}
            type="button"
            role="tab"
            aria-selected={tab === key}
            data-testid={`job-tab-${key}`}
            onClick={() => selectTab(key)}
          >
            {TABS[key]}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS[tab] ?? 'Dashboard'}>
        {tab === 'dashboard' ? <JobDashboard teamId={team.id} jobId={j.id} sql={j.sql} /> : null}
        {tab === 'graph' ? <JobGraph teamId={team.id} jobId={j.id} sql={j.sql} /> : null}
        {tab === 'runs' ? <JobRuns teamId={team.id} jobId={j.id} /> : null}
        {tab === 'versions' ? <JobVersions teamId={team.id} jobId={j.id} /> : null}
        {tab === 'logs' ? <JobLogs teamId={team.id} jobId={j.id} /> : null}
        {tab === 'deadLetters' ? <JobDeadLetters teamId={team.id} jobId={j.id} /> : null}
        {tab === 'output' ? <JobOutputTail teamId={team.id} jobId={j.id} /> : null}
        {tab === 'checkpoints' ? <JobCheckpoints teamId={team.id} jobId={j.id} /> : null}
        {tab === 'sql' ? (
          <pre className="code-block" data-testid="job-sql">
            {j.sql.split('\n').map((line, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: lines are identified by their number
              <div key={i} className={at?.line === i + 1 ? 'code-line-error' : undefined}>
                {String(i + 1).padStart(3)} {line}
              </div>
            ))}
          </pre>
        ) : null}
      </div>
    </section>
  );
}
