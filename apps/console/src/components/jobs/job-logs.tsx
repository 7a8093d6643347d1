'use client';

import { useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { useTRPC } from '~/lib/trpc';
import { formatWhen } from './job-state';

/** The job's log (start, stop, errors, restarts, rebalances), newest last; follow mode keeps the end in view. */
export function JobLogs({ teamId, jobId }: { teamId: string; jobId: string }) {
  const trpc = useTRPC();
  const [follow, setFollow] = useState(true);
  const logs = useQuery(
    trpc.job.logs.queryOptions(
      { teamId, id: jobId, limit: 500 },
      { refetchInterval: follow ? 1000 : false },
    ),
  );
  const end = useRef<HTMLDivElement>(null);
  const items = [...(logs.data?.items ?? [])].sort(
    (x, y) => new Date(x.createdAt).getTime() - new Date(y.createdAt).getTime(),
  );
  useEffect(() => {
    if (follow && items.length) end.current?.scrollIntoView({ block: 'nearest' });
  }, [follow, items.length]);
  return (
    <div data-testid="job-logs">
      <label className="checkbox">
        <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} />{' '}
        Follow
      </label>
      <div className="log-list" role="log" aria-live="polite">
        {items.length === 0 ? <p className="muted">No log lines yet.</p> : null}
        {items.map((l) => (
          <div key={l.id} className={`log-${l.level}`}>
            {formatWhen(l.createdAt)} {l.level.toUpperCase().padEnd(5)}{' '}
            {l.workerId ? `[${l.workerId}] ` : ''}
            {l.message}
          </div>
        ))}
        <div ref={end} />
      </div>
    </div>
  );
}
