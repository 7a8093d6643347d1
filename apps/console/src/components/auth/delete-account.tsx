'use client';

import { useState } from 'react';
import { authClient } from '~/lib/auth-client';
import { authErrorMessage } from '~/lib/auth-messages';
import { Dialog } from '../dialog';
import { Field } from '../field';

/**
 * Deletes the account after the password is typed again. Teams where the user is alone go
 * with it; being the only owner of a team with other members is refused by the server.
 */
export function DeleteAccount() {
  const [open, setOpen] = useState(false);
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function confirm() {
    setPending(true);
    setError(undefined);
    const result = await authClient.deleteUser({ password });
    setPending(false);
    if (result.error) return setError(authErrorMessage(result.error));
    window.location.assign('/sign-in');
  }

  return (
    <div className="card">
      <h2 className="card-title">Delete account</h2>
      <p className="muted">
        Deletes your account and the teams where you are the only member. If you are the only owner
        of a team with other members, make someone else owner first.
      </p>
      <button
        type="button"
        className="button button-danger"
        data-testid="delete-account"
        onClick={() => setOpen(true)}
      >
        Delete account…
      </button>
      {open ? (
        <Dialog
          title="Delete account"
          onClose={() => setOpen(false)}
          testId="delete-account-dialog"
          footer={
            <>
              <button type="button" className="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button
                type="button"
                className="button button-danger"
                data-testid="confirm-delete-account"
                disabled={!password || pending}
                onClick={() => void confirm()}
              >
                {pending ? 'Deleting…' : 'Delete my account'}
              </button>
            </>
          }
        >
          <Field label="Password" htmlFor="delete-password" error={error}>
            <input
              id="delete-password"
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(event) => setPassword(event.target.value)}
            />
          </Field>
        </Dialog>
      ) : null}
    </div>
  );
}
