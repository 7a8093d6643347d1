'use client';

/** Job states as the API names them, with the badge each shows. */
export const TRANSITIONAL = new Set(['STARTING', 'STOPPING', 'RESTARTING']);

export function isTransitioning(job: { state: string; desiredState: string }): boolean {
  return (
    TRANSITIONAL.has(job.state) || (job.desiredState === 'RUNNING') !== (job.state === 'RUNNING')
  );
}

export function JobStateBadge({ state }: { state: string }) {
  return (
    <span className={`state-badge state-${state.toLowerCase()}`} data-testid="job-state">
      {state.charAt(0) + state.slice(1).toLowerCase()}
    </span>
  );
}

export function formatWhen(value: Date | string | null | undefined): string {
  if (!value) return '—';
  return new Date(value).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}
