'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';

/**
 * Rename a team dashboard in place (EDITOR and up; dashboard.rename, audited on the server).
 * The server's rules apply (unique per team, length); its message shows under the field.
 */
export function RenameDashboard({
  teamId,
  id,
  name,
}: {
  teamId: string;
  id: string;
  name: string;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<string | null>(null);
  const rename = useMutation(
    trpc.dashboard.rename.mutationOptions({
      onSuccess: (view) => {
        queryClient.setQueryData(trpc.dashboard.get.queryKey({ teamId, id }), view);
        queryClient.invalidateQueries({ queryKey: trpc.dashboard.list.queryKey({ teamId }) });
        setDraft(null);
      },
    }),
  );
  if (draft === null) {
    return (
      <button
        type="button"
        className="button button-small"
        data-testid="rename-dashboard"
        onClick={() => {
          rename.reset();
          setDraft(name);
        }}
      >
        Rename
      </button>
    );
  }
  return (
    <form
      className="new-dashboard-form"
      onSubmit={(e) => {
        e.preventDefault();
        rename.mutate({ teamId, id, name: draft });
      }}
    >
      <label className="visually-hidden" htmlFor={`rename-${id}`}>
        New name of the dashboard
      </label>
      <input
        id={`rename-${id}`}
        value={draft}
        data-testid="rename-dashboard-name"
        onChange={(e) => setDraft(e.target.value)}
      />
      <button
        type="submit"
        className="button button-small button-primary"
        disabled={rename.isPending}
      >
        Save name
      </button>
      <button type="button" className="button button-small" onClick={() => setDraft(null)}>
        Cancel
      </button>
      {rename.error ? (
        <span className="form-error" role="alert">
          {readApiError(rename.error).message}
        </span>
      ) : null}
    </form>
  );
}
