'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { authClient } from '~/lib/auth-client';
import { authErrorMessage } from '~/lib/auth-messages';

/** The user's signed-in sessions (browsers), each revocable; the current one is marked. */
export function SessionsList() {
  const queryClient = useQueryClient();
  const [error, setError] = useState<string>();
  const sessions = useQuery({
    queryKey: ['auth', 'sessions'],
    queryFn: async () => {
      const [list, current] = await Promise.all([
        authClient.listSessions(),
        authClient.getSession(),
      ]);
      if (list.error) throw new Error(authErrorMessage(list.error));
      return { list: list.data ?? [], currentId: current.data?.session.id };
    },
  });

  async function revoke(token: string) {
    setError(undefined);
    const result = await authClient.revokeSession({ token });
    if (result.error) setError(authErrorMessage(result.error));
    await queryClient.invalidateQueries({ queryKey: ['auth', 'sessions'] });
  }

  return (
    <div className="card">
      <h2 className="card-title">Sessions</h2>
      {sessions.data ? (
        <table className="table" data-testid="sessions-table">
          <thead>
            <tr>
              <th>Browser</th>
              <th>IP address</th>
              <th>Signed in</th>
              <th className="actions-column">Actions</th>
            </tr>
          </thead>
          <tbody>
            {sessions.data.list.map((session) => {
              const current = session.id === sessions.data.currentId;
              return (
                <tr key={session.id} data-testid="session-row">
                  <td>
                    {session.userAgent ? session.userAgent.slice(0, 80) : 'Unknown browser'}
                    {current ? <span className="muted"> (this browser)</span> : null}
                  </td>
                  <td className="cell-muted">{session.ipAddress || '—'}</td>
                  <td className="cell-muted">{new Date(session.createdAt).toLocaleString()}</td>
                  <td className="actions-column">
                    {current ? null : (
                      <button
                        type="button"
                        className="button button-small button-danger-ghost"
                        data-testid="revoke-session"
                        onClick={() => void revoke(session.token)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p className="muted">{sessions.error ? sessions.error.message : 'Loading…'}</p>
      )}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
