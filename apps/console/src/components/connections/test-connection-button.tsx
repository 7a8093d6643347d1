'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RouterInputs } from '@velo/api';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';

export interface TestOutcome {
  ok: boolean;
  text: string;
}

/**
 * "Test" really connects from the server; the hook gives the button's state and the outcome
 * (latency or the driver's error in plain words) so the row can show it in its own column.
 */
type ProbeAnswer = { ok: true; latencyMs: number } | { ok: false; error: string };

function outcomeOf(test: { isPending: boolean; error: unknown; data?: ProbeAnswer }) {
  if (test.isPending) return undefined;
  if (test.error) return { ok: false, text: readApiError(test.error).message };
  if (!test.data) return undefined;
  return test.data.ok
    ? { ok: true, text: `Connected in ${test.data.latencyMs} ms` }
    : { ok: false, text: test.data.error };
}

export function useConnectionTest(teamId: string, connectionId: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const test = useMutation(
    trpc.connection.test.mutationOptions({
      // The server keeps the result with its time: the list shows it from there.
      onSettled: () =>
        queryClient.invalidateQueries({ queryKey: trpc.connection.list.queryKey({ teamId }) }),
    }),
  );
  return {
    pending: test.isPending,
    outcome: outcomeOf(test),
    run: () => test.mutate({ teamId, id: connectionId }),
  };
}

/** "Test" in the create/edit form: probes the settings typed so far, saving nothing. */
export function useDraftTest(_teamId: string) {
  const trpc = useTRPC();
  const test = useMutation(trpc.connection.testDraft.mutationOptions());
  return {
    pending: test.isPending,
    outcome: outcomeOf(test),
    run: (input: RouterInputs['connection']['testDraft']) => test.mutate(input),
  };
}

/** The outcome the server kept from the last test (shown until a new one runs). */
export function storedOutcome(
  last: { ok: boolean; error: string | null; latencyMs: number | null } | null,
): TestOutcome | undefined {
  if (!last) return undefined;
  return last.ok
    ? { ok: true, text: `Connected in ${last.latencyMs ?? 0} ms` }
    : { ok: false, text: last.error ?? 'Failed' };
}

/** "Tested 3 min ago" style wording for the last stored result. */
export function describeTestTime(at: Date, now = new Date()): string {
  const seconds = Math.max(0, Math.round((now.getTime() - at.getTime()) / 1000));
  if (seconds < 60) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return at.toISOString().slice(0, 10);
}

export function TestOutcomeBadge({
  pending,
  outcome,
  idle = 'Not tested',
}: {
  pending: boolean;
  outcome?: TestOutcome;
  /** What to show before any test. */
  idle?: string;
}) {
  if (pending) return <span className="muted">Testing…</span>;
  if (!outcome) return idle ? <span className="muted">{idle}</span> : null;
  return (
    <span
      className={outcome.ok ? 'test-result test-ok' : 'test-result test-failed'}
      data-testid="test-result"
      data-ok={outcome.ok}
      role="status"
    >
      {outcome.text}
    </span>
  );
}
