'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { Dialog } from '../dialog';
import { Field } from '../field';
import { useCurrentTeam } from '../team-context';

/** Deleting a team asks for its name to be typed, as the server checks too. */
export function DeleteTeamDialog({ onClose }: { onClose: () => void }) {
  const { team } = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [typed, setTyped] = useState('');
  const remove = useMutation(
    trpc.team.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
        window.location.assign('/connections');
      },
    }),
  );
  const error = remove.error ? readApiError(remove.error) : undefined;
  const matches = typed.trim() === team.name;
  return (
    <Dialog
      title="Delete team"
      onClose={onClose}
      testId="delete-team-dialog"
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger"
            data-testid="confirm-delete-team"
            disabled={!matches || remove.isPending}
            onClick={() => remove.mutate({ teamId: team.id, confirmName: typed.trim() })}
          >
            {remove.isPending ? 'Deleting…' : 'Delete team'}
          </button>
        </>
      }
    >
      <p>
        This stops the jobs of <strong>{team.name}</strong> and deletes the team with everything it
        owns. Type its name to confirm.
      </p>
      <Field
        label="Team name"
        htmlFor="confirm-team-name"
        error={error?.fieldErrors.confirmName ?? (error ? error.message : undefined)}
      >
        <input
          id="confirm-team-name"
          data-testid="confirm-team-name"
          autoComplete="off"
          value={typed}
          onChange={(event) => setTyped(event.target.value)}
        />
      </Field>
    </Dialog>
  );
}
