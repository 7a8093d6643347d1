'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '~/lib/trpc';
import { ChangePasswordForm } from './change-password-form';
import { DeleteAccount } from './delete-account';
import { SessionsList } from './sessions-list';

const ACTION_LABELS: Record<string, string> = {
  'user.signUp': 'Account created',
  'user.signIn': 'Signed in',
  'user.signInFailed': 'Failed sign-in',
  'user.signOut': 'Signed out',
  'user.changePassword': 'Password changed',
  'user.verifyEmail': 'Email verified',
  'user.switchTeam': 'Switched team',
  'session.revoke': 'Session revoked',
  'session.revokeAll': 'All sessions revoked',
  'session.revokeOthers': 'Other sessions revoked',
};

/** The signed-in user's own account: sessions, password, recent activity, deletion. */
export function AccountPage() {
  const trpc = useTRPC();
  const activity = useQuery(trpc.account.activity.queryOptions({ limit: 20 }));
  return (
    <section className="page" data-testid="account-page">
      <header className="page-header">
        <div>
          <h1>Account</h1>
          <p className="muted">Your sign-in sessions, password and recent account activity.</p>
        </div>
      </header>
      <SessionsList />
      <div className="card">
        <h2 className="card-title">Change password</h2>
        <ChangePasswordForm />
      </div>
      <div className="card">
        <h2 className="card-title">Recent activity</h2>
        {activity.data && activity.data.length > 0 ? (
          <table className="table" data-testid="account-activity">
            <thead>
              <tr>
                <th>When</th>
                <th>What</th>
                <th>IP address</th>
              </tr>
            </thead>
            <tbody>
              {activity.data.map((event) => (
                <tr key={event.id}>
                  <td className="cell-muted">{new Date(event.createdAt).toLocaleString()}</td>
                  <td>{ACTION_LABELS[event.action] ?? event.action}</td>
                  <td className="cell-muted">{event.ip ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p className="muted">{activity.isPending ? 'Loading…' : 'No activity yet.'}</p>
        )}
      </div>
      <DeleteAccount />
    </section>
  );
}
