'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/lib/trpc';
import { isTransitioning } from './job-state';

/** Poll interval while a job changes state: the worker's report shows within this much. */
export const TRANSITION_POLL_MS = 400;

/**
 * The team's jobs and their last-minute metrics. Polls every TRANSITION_POLL_MS while any job
 * is changing state (so start → RUNNING shows well within 2 s of the worker's report), else
 * every 5 s.
 */
export function useJobs(teamId: string) {
  const trpc = useTRPC();
  const jobs = useQuery(
    trpc.job.list.queryOptions(
      { teamId },
      {
        refetchInterval: (q) =>
          (q.state.data ?? []).some(isTransitioning) ? TRANSITION_POLL_MS : 5000,
      },
    ),
  );
  const overview = useQuery(
    trpc.metrics.overview.queryOptions({ teamId }, { refetchInterval: 5000 }),
  );
  return { jobs, overview };
}

/** One job, polled every TRANSITION_POLL_MS while it changes state. */
export function useJob(teamId: string, id: string) {
  const trpc = useTRPC();
  return useQuery(
    trpc.job.get.queryOptions(
      { teamId, id },
      {
        refetchInterval: (q) =>
          q.state.data && isTransitioning(q.state.data) ? TRANSITION_POLL_MS : 5000,
      },
    ),
  );
}
