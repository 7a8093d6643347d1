'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { EMAIL_PATTERN } from '~/lib/auth-messages';
import { grantableRoles, ROLE_LABELS, type Role } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';
import { Field } from '../field';

interface InviteFormProps {
  teamId: string;
  myRole: string;
}

export function InviteForm({ teamId, myRole }: InviteFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('EDITOR');
  const [emailError, setEmailError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const invite = useMutation(
    trpc.team.invite.mutationOptions({
      onSuccess: async (outcome) => {
        await queryClient.invalidateQueries({
          queryKey: trpc.team.members.queryKey({ teamId }),
        });
        const as = ROLE_LABELS[role].toLowerCase();
        setNotice(
          `Invited ${outcome.email} as ${as}. We mailed them a link; they join the team when they accept it.`,
        );
        setEmail('');
      },
    }),
  );
  const serverError = invite.error ? readApiError(invite.error) : undefined;
  const shownEmailError = emailError ?? serverError?.fieldErrors.email;

  return (
    <form
      className="invite-form"
      noValidate
      data-testid="invite-form"
      onSubmit={(event) => {
        event.preventDefault();
        setNotice(undefined);
        const trimmed = email.trim();
        if (!trimmed) return setEmailError('Email is required');
        if (!EMAIL_PATTERN.test(trimmed)) return setEmailError('Enter a valid email address');
        setEmailError(undefined);
        invite.mutate({ teamId, email: trimmed, role });
      }}
    >
      <Field label="Email" htmlFor="invite-email" error={shownEmailError}>
        <input
          id="invite-email"
          type="email"
          data-testid="invite-email"
          placeholder="colleague@example.com"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
        />
      </Field>
      <Field label="Role" htmlFor="invite-role">
        <select
          id="invite-role"
          data-testid="invite-role"
          value={role}
          onChange={(event) => setRole(event.target.value as Role)}
        >
          {grantableRoles(myRole).map((option) => (
            <option key={option} value={option}>
              {ROLE_LABELS[option]}
            </option>
          ))}
        </select>
      </Field>
      <button
        type="submit"
        className="button button-primary"
        data-testid="invite-submit"
        disabled={invite.isPending}
      >
        {invite.isPending ? 'Inviting…' : 'Invite'}
      </button>
      {serverError && !shownEmailError ? (
        <p className="form-error invite-message" role="alert">
          {serverError.message}
        </p>
      ) : null}
      {notice ? (
        <p className="form-notice invite-message" role="status">
          {notice}
        </p>
      ) : null}
    </form>
  );
}
