'use client';

import { useMutation } from '@tanstack/react-query';
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
export function useConnectionTest(teamId: string, connectionId: string) {
  const trpc = useTRPC();
  const test = useMutation(trpc.connection.test.mutationOptions());
  let outcome: TestOutcome | undefined;
  if (test.isPending) outcome = undefined;
  else if (test.error) outcome = { ok: false, text: readApiError(test.error).message };
  else if (test.data)
    outcome = test.data.ok
      ? { ok: true, text: `Connected in ${test.data.latencyMs} ms` }
      : { ok: false, text: test.data.error };
  return {
    pending: test.isPending,
    outcome,
    run: () => test.mutate({ teamId, id: connectionId }),
  };
}

export function TestOutcomeBadge({
  pending,
  outcome,
}: {
  pending: boolean;
  outcome?: TestOutcome;
}) {
  if (pending) return <span className="muted">Testing…</span>;
  if (!outcome) return <span className="muted">Not tested</span>;
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
