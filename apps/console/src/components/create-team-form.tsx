'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { Field } from './field';

interface CreateTeamFormProps {
  onCreated: (teamId: string) => void;
  onCancel?: () => void;
}

export function CreateTeamForm({ onCreated, onCancel }: CreateTeamFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [clientError, setClientError] = useState<string>();
  const create = useMutation(
    trpc.team.create.mutationOptions({
      onSuccess: async (team) => {
        await queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() });
        onCreated(team.id);
      },
    }),
  );
  const serverError = create.error ? readApiError(create.error) : undefined;
  const nameError = clientError ?? serverError?.fieldErrors.name;
  return (
    <form
      className="form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const trimmed = name.trim();
        if (!trimmed) return setClientError('Team name is required');
        if (trimmed.length > 64) return setClientError('Team name must be at most 64 characters');
        setClientError(undefined);
        create.mutate({ name: trimmed });
      }}
    >
      <Field label="Team name" htmlFor="team-name" error={nameError}>
        <input
          id="team-name"
          data-testid="team-name-input"
          value={name}
          placeholder="e.g. Payments analytics"
          onChange={(event) => setName(event.target.value)}
        />
      </Field>
      {serverError && !nameError ? (
        <p className="form-error" role="alert">
          {serverError.message}
        </p>
      ) : null}
      <div className="form-actions">
        {onCancel ? (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
        <button
          type="submit"
          className="button button-primary"
          data-testid="create-team-submit"
          disabled={create.isPending}
        >
          {create.isPending ? 'Creating…' : 'Create team'}
        </button>
      </div>
    </form>
  );
}
