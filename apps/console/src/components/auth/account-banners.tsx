'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { authClient } from '~/lib/auth-client';
import { authErrorMessage } from '~/lib/auth-messages';
import { ROLE_LABELS, type Role } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';

interface AccountBannersProps {
  email: string;
  emailVerified: boolean;
  pendingInvitations: number;
}

/** Asks to verify the email address, and lists invitations waiting for it (never auto-joined). */
export function AccountBanners({ email, emailVerified, pendingInvitations }: AccountBannersProps) {
  return (
    <>
      {emailVerified ? null : <VerifyEmailBanner email={email} />}
      {pendingInvitations > 0 ? <PendingInvitations /> : null}
    </>
  );
}

function VerifyEmailBanner({ email }: { email: string }) {
  const [state, setState] = useState<'idle' | 'sending' | 'sent' | string>('idle');
  async function resend() {
    setState('sending');
    const result = await authClient.sendVerificationEmail({
      email,
      callbackURL: window.location.pathname,
    });
    setState(result.error ? authErrorMessage(result.error) : 'sent');
  }
  return (
    <div className="card" data-testid="verify-email-banner">
      <p>
        <strong>Verify your email address.</strong> We sent a link to {email}. Team invitations can
        be accepted once it is verified.
      </p>
      <button
        type="button"
        className="button button-small"
        data-testid="resend-verification"
        disabled={state === 'sending'}
        onClick={() => void resend()}
      >
        {state === 'sending' ? 'Sending…' : 'Send the link again'}
      </button>{' '}
      {state === 'sent' ? <span className="form-notice">Sent. Check your inbox.</span> : null}
      {state !== 'idle' && state !== 'sending' && state !== 'sent' ? (
        <span className="form-error" role="alert">
          {state}
        </span>
      ) : null}
    </div>
  );
}

function PendingInvitations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const mine = useQuery(trpc.invitation.mine.queryOptions());
  const refresh = () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.invitation.mine.queryKey() }),
      queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() }),
    ]);
  const accept = useMutation(trpc.invitation.accept.mutationOptions({ onSuccess: refresh }));
  const decline = useMutation(trpc.invitation.decline.mutationOptions({ onSuccess: refresh }));
  const error = accept.error ?? decline.error;
  if (!mine.data || mine.data.invitations.length === 0) return null;
  return (
    <div className="card" data-testid="pending-invitations">
      <h2 className="card-title">Invitations for you</h2>
      <ul className="plain-list">
        {mine.data.invitations.map((invitation) => (
          <li key={invitation.id} data-testid="pending-invitation">
            <strong>{invitation.invitedBy}</strong> invited you to{' '}
            <strong>{invitation.teamName}</strong> as{' '}
            {ROLE_LABELS[invitation.role as Role] ?? invitation.role}.{' '}
            <button
              type="button"
              className="button button-small button-primary"
              data-testid="accept-invitation"
              disabled={accept.isPending || decline.isPending}
              onClick={() => accept.mutate({ invitationId: invitation.id })}
            >
              Accept
            </button>{' '}
            <button
              type="button"
              className="button button-small"
              data-testid="decline-invitation"
              disabled={accept.isPending || decline.isPending}
              onClick={() => decline.mutate({ invitationId: invitation.id })}
            >
              Decline
            </button>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="form-error" role="alert">
          {readApiError(error).message}
        </p>
      ) : null}
    </div>
  );
}
