'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { ConfirmDialog } from '../dialog';

type Pending =
  | { kind: 'restart'; fromCheckpoint: boolean }
  | { kind: 'delete' }
  | { kind: 'stop' }
  | null;

const MESSAGES = {
  stop: 'The job finishes its current batch, writes a checkpoint and stops. Starting it again continues from that checkpoint.',
  restartKeep:
    'The job stops and starts again from its last checkpoint: nothing is lost or read twice beyond the records after that checkpoint.',
  restartFresh:
    'The job starts again with empty state: windows, aggregates and join tables are rebuilt from what the sources still hold, and records the sources no longer hold are not counted again.',
  delete:
    'The job is stopped and deleted with its versions, runs, checkpoints, logs, dead letters and metrics. This cannot be undone.',
};

/** Start, stop, restart (keeping or dropping state), edit and delete; EDITOR and above only. */
export function JobActions({
  teamId,
  job,
}: {
  teamId: string;
  job: { id: string; name: string; desiredState: string };
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [pending, setPending] = useState<Pending>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.job.pathKey() });
  const start = useMutation(trpc.job.start.mutationOptions({ onSuccess: refresh }));
  const stop = useMutation(trpc.job.stop.mutationOptions({ onSuccess: refresh }));
  const restart = useMutation(trpc.job.restart.mutationOptions({ onSuccess: refresh }));
  const remove = useMutation(
    trpc.job.delete.mutationOptions({ onSuccess: () => router.push('/jobs') }),
  );
  const running = job.desiredState === 'RUNNING';
  const error = [start, stop, restart].find((m) => m.error)?.error;

  return (
    <div className="row-actions" data-testid="job-actions">
      {running ? (
        <button
          type="button"
          className="button"
          data-testid="stop-job"
          onClick={() => setPending({ kind: 'stop' })}
        >
          Stop
        </button>
      ) : (
        <button
          type="button"
          className="button button-primary"
          data-testid="start-job"
          disabled={start.isPending}
          onClick={() => start.mutate({ teamId, id: job.id })}
        >
          Start
        </button>
      )}
      <button
        type="button"
        className="button"
        data-testid="restart-job"
        onClick={() => setPending({ kind: 'restart', fromCheckpoint: true })}
      >
        Restart
      </button>
      <Link className="button" href={`/editor?job=${job.id}`} data-testid="edit-job">
        Edit SQL
      </Link>
      <button
        type="button"
        className="button button-danger-ghost"
        data-testid="delete-job"
        onClick={() => setPending({ kind: 'delete' })}
      >
        Delete
      </button>
      {error ? (
        <p className="form-error" role="alert">
          {readApiError(error).message}
        </p>
      ) : null}
      {pending?.kind === 'stop' ? (
        <ConfirmDialog
          title={`Stop ${job.name}?`}
          message={MESSAGES.stop}
          confirmLabel="Stop job"
          pending={stop.isPending}
          error={stop.error ? readApiError(stop.error).message : undefined}
          onCancel={() => setPending(null)}
          onConfirm={() =>
            stop.mutate({ teamId, id: job.id }, { onSuccess: () => setPending(null) })
          }
        />
      ) : null}
      {pending?.kind === 'restart' ? (
        <ConfirmDialog
          title={`Restart ${job.name}?`}
          message={
            <>
              <span>{pending.fromCheckpoint ? MESSAGES.restartKeep : MESSAGES.restartFresh}</span>
              <label className="checkbox restart-fresh">
                <input
                  type="checkbox"
                  data-testid="restart-from-scratch"
                  checked={!pending.fromCheckpoint}
                  onChange={(e) =>
                    setPending({ kind: 'restart', fromCheckpoint: !e.target.checked })
                  }
                />
                Start from scratch (drop the job’s state)
              </label>
            </>
          }
          confirmLabel={pending.fromCheckpoint ? 'Restart from checkpoint' : 'Restart from scratch'}
          pending={restart.isPending}
          error={restart.error ? readApiError(restart.error).message : undefined}
          onCancel={() => setPending(null)}
          onConfirm={() =>
            restart.mutate(
              { teamId, id: job.id, fromCheckpoint: pending.fromCheckpoint },
              { onSuccess: () => setPending(null) },
            )
          }
        />
      ) : null}
      {pending?.kind === 'delete' ? (
        <ConfirmDialog
          title={`Delete ${job.name}?`}
          message={MESSAGES.delete}
          confirmLabel="Delete job"
          pending={remove.isPending}
          error={remove.error ? readApiError(remove.error).message : undefined}
          onCancel={() => setPending(null)}
          onConfirm={() => remove.mutate({ teamId, id: job.id })}
        />
      ) : null}
    </div>
  );
}
