'use client';

import { useMutation } from '@tanstack/react-query';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';

interface TestConnectionProps {
  teamId: string;
  connectionId: string;
}

/** "Test" really connects from the server and shows the latency or the driver's error. */
export function TestConnectionButton({ teamId, connectionId }: TestConnectionProps) {
  const trpc = useTRPC();
  const test = useMutation(trpc.connection.test.mutationOptions());
  let result: { ok: boolean; text: string } | undefined;
  if (test.isPending) result = undefined;
  else if (test.error) result = { ok: false, text: readApiError(test.error).message };
  else if (test.data)
    result = test.data.ok
      ? { ok: true, text: `Connected in ${test.data.latencyMs} ms` }
      : { ok: false, text: test.data.error };
  return (
    <div className="test-connection">
      <button
        type="button"
        className="button button-small"
        data-testid="test-connection"
        disabled={test.isPending}
        onClick={() => test.mutate({ teamId, id: connectionId })}
      >
        {test.isPending ? 'Testing…' : 'Test'}
      </button>
      {result ? (
        <span
          className={result.ok ? 'test-result test-ok' : 'test-result test-failed'}
          data-testid="test-result"
          data-ok={result.ok}
          role="status"
        >
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
