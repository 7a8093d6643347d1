'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { authClient } from '~/lib/auth-client';
import { ROLE_LABELS, type Role } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';

/** One invitation, opened from its mailed link: who invited, to what, and Accept / Decline. */
export function InvitationView({ token }: { token: string }) {
  const trpc = useTRPC();
  const invitation = useQuery(trpc.invitation.get.queryOptions({ token }, { retry: false }));
  const [declined, setDeclined] = useState<string>();
  const accept = useMutation(
    trpc.invitation.accept.mutationOptions({
      onSuccess: () => window.location.assign('/connections'),
    }),
  );
  const decline = useMutation(
    trpc.invitation.decline.mutationOptions({
      onSuccess: (result) => setDeclined(result.teamName),
    }),
  );
  const actionError = accept.error ?? decline.error;

  if (invitation.isPending) return <main className="auth-card">Loading the invitation…</main>;
  if (invitation.error) {
    return (
      <main className="auth-card" data-testid="invitation">
        <h1>Invitation</h1>
        <p className="form-error" role="alert" data-testid="invitation-error">
          {readApiError(invitation.error).message}
        </p>
        <Link href="/connections">Go to Velo</Link>
      </main>
    );
  }
  const data = invitation.data;
  const role = ROLE_LABELS[data.role as Role] ?? data.role;
  return (
    <main className="auth-card" data-testid="invitation">
      <h1>Join {data.teamName}</h1>
      <p>
        <strong>{data.invitedBy}</strong> invited <strong>{data.email}</strong> to the team{' '}
        <strong>{data.teamName}</strong> as {role}.
      </p>
      {declined ? (
        <p className="form-notice" role="status" data-testid="invitation-declined">
          You declined the invitation to {declined}.
        </p>
      ) : data.status !== 'pending' ? (
        <p className="form-error" role="alert" data-testid="invitation-status">
          This invitation has {data.status === 'expired' ? 'expired' : `been ${data.status}`}.
        </p>
      ) : !data.forYou ? (
        <WrongAccount email={data.email} token={token} />
      ) : !data.emailVerified ? (
        <p className="form-error" role="alert" data-testid="invitation-unverified">
          Verify your email address first: open the link we mailed to {data.email}, then come back
          to this page.
        </p>
      ) : (
        <div className="row-actions">
          <button
            type="button"
            className="button button-primary"
            data-testid="accept-invitation"
            disabled={accept.isPending || decline.isPending}
            onClick={() => accept.mutate({ token })}
          >
            {accept.isPending ? 'Joining…' : `Join ${data.teamName}`}
          </button>
          <button
            type="button"
            className="button"
            data-testid="decline-invitation"
            disabled={accept.isPending || decline.isPending}
            onClick={() => decline.mutate({ token })}
          >
            Decline
          </button>
        </div>
      )}
      {actionError ? (
        <p className="form-error" role="alert">
          {readApiError(actionError).message}
        </p>
      ) : null}
      <p className="auth-switch">
        <Link href="/connections">Go to Velo</Link>
      </p>
    </main>
  );
}

function WrongAccount({ email, token }: { email: string; token: string }) {
  async function switchAccount() {
    await authClient.signOut();
    window.location.assign(`/sign-in?next=${encodeURIComponent(`/invitations/${token}`)}`);
  }
  return (
    <p className="form-error" role="alert" data-testid="invitation-other-account">
      This invitation was sent to {email}, and you are signed in with another address.{' '}
      <button type="button" className="button button-small" onClick={() => void switchAccount()}>
        Sign in as {email}
      </button>
    </p>
  );
}
