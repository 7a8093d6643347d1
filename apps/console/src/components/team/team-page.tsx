'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { grantableRoles, hasRole, ROLE_LABELS, type Role } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';
import { ConfirmDialog } from '../dialog';
import { useCurrentTeam } from '../team-context';
import { DeleteTeamDialog } from './delete-team-dialog';
import { InviteForm } from './invite-form';

function formatDate(value: Date | string): string {
  return new Date(value).toLocaleDateString(undefined, { dateStyle: 'medium' });
}

interface MemberToRemove {
  userId: string;
  label: string;
}

interface RoleChange {
  userId: string;
  email: string;
  from: Role;
  to: Role;
}

const INVITATION_STATUS: Record<string, string> = {
  pending: 'Pending',
  declined: 'Declined',
  expired: 'Expired',
};

export function TeamPage() {
  const { team, user } = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = hasRole(team.role, 'ADMIN');
  const grantable = grantableRoles(team.role);
  const members = useQuery(trpc.team.members.queryOptions({ teamId: team.id }));
  const [removing, setRemoving] = useState<MemberToRemove | null>(null);
  const [roleChange, setRoleChange] = useState<RoleChange | null>(null);
  const [notice, setNotice] = useState<string>();
  const [deleting, setDeleting] = useState(false);

  const refresh = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: trpc.team.members.queryKey({ teamId: team.id }) }),
      queryClient.invalidateQueries({ queryKey: trpc.me.get.queryKey() }),
    ]);
  };
  const changeRole = useMutation(
    trpc.team.changeRole.mutationOptions({
      onSuccess: async (result) => {
        await refresh();
        const email = roleChange?.email ?? 'The member';
        setRoleChange(null);
        setNotice(`${email} is now ${ROLE_LABELS[result.role as Role]}.`);
      },
    }),
  );
  const removeMember = useMutation(
    trpc.team.removeMember.mutationOptions({
      onSuccess: async () => {
        await refresh();
        setRemoving(null);
      },
    }),
  );
  const revoke = useMutation(trpc.team.revokeInvitation.mutationOptions({ onSuccess: refresh }));
  const actionError = revoke.error;

  return (
    <section className="page" data-testid="team-page">
      <header className="page-header">
        <div>
          <h1>Team</h1>
          <p className="muted">
            Members of <strong>{team.name}</strong> and what they may do. Admins manage members and
            connections; editors write and run jobs; viewers read.
          </p>
        </div>
      </header>

      {canManage ? (
        <div className="card">
          <h2 className="card-title">Invite a member</h2>
          <InviteForm teamId={team.id} myRole={team.role} />
        </div>
      ) : null}

      {notice ? (
        <p className="form-notice" role="status" data-testid="team-notice">
          {notice}
        </p>
      ) : null}
      {actionError ? (
        <p className="form-error" role="alert" data-testid="team-error">
          {readApiError(actionError).message}
        </p>
      ) : null}
      {members.isPending ? <p className="muted">Loading members…</p> : null}
      {members.error ? (
        <p className="form-error" role="alert">
          {readApiError(members.error).message}
        </p>
      ) : null}

      {members.data ? (
        <>
          <div className="table-card">
            <table className="table" data-testid="members-table">
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Email</th>
                  <th>Role</th>
                  <th>Joined</th>
                  {canManage ? <th className="actions-column">Actions</th> : null}
                </tr>
              </thead>
              <tbody>
                {members.data.members.map((member) => {
                  const isMe = member.userId === user.id;
                  // Only an owner may change or remove an owner.
                  const editable = canManage && (member.role !== 'OWNER' || team.role === 'OWNER');
                  return (
                    <tr key={member.userId} data-testid="member-row" data-email={member.email}>
                      <td className="cell-strong">
                        {member.name}
                        {isMe ? <span className="muted"> (you)</span> : null}
                      </td>
                      <td>{member.email}</td>
                      <td>
                        {editable ? (
                          <select
                            aria-label={`Role of ${member.email}`}
                            data-testid="member-role"
                            value={member.role}
                            disabled={changeRole.isPending}
                            onChange={(event) => {
                              // Ask first: a role change takes effect at once.
                              changeRole.reset();
                              setNotice(undefined);
                              setRoleChange({
                                userId: member.userId,
                                email: member.email,
                                from: member.role as Role,
                                to: event.target.value as Role,
                              });
                            }}
                          >
                            {grantable.map((role) => (
                              <option key={role} value={role}>
                                {ROLE_LABELS[role]}
                              </option>
                            ))}
                          </select>
                        ) : (
                          <span className="role-badge" data-testid="member-role-label">
                            {ROLE_LABELS[member.role as Role] ?? member.role}
                          </span>
                        )}
                      </td>
                      <td className="cell-muted">{formatDate(member.joinedAt)}</td>
                      {canManage ? (
                        <td className="actions-column">
                          {editable ? (
                            <button
                              type="button"
                              className="button button-small button-danger-ghost"
                              data-testid="remove-member"
                              onClick={() => {
                                removeMember.reset();
                                setRemoving({
                                  userId: member.userId,
                                  label: isMe ? 'yourself' : member.email,
                                });
                              }}
                            >
                              {isMe ? 'Leave' : 'Remove'}
                            </button>
                          ) : null}
                        </td>
                      ) : null}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>

          <h2 className="section-title">Invitations</h2>
          {members.data.invitations.length === 0 ? (
            <p className="muted" data-testid="no-invitations">
              No open invitations.
            </p>
          ) : (
            <div className="table-card">
              <table className="table" data-testid="invitations-table">
                <thead>
                  <tr>
                    <th>Email</th>
                    <th>Role</th>
                    <th>Status</th>
                    <th>Invited</th>
                    {canManage ? <th className="actions-column">Actions</th> : null}
                  </tr>
                </thead>
                <tbody>
                  {members.data.invitations.map((invitation) => (
                    <tr key={invitation.id} data-testid="invitation-row">
                      <td>{invitation.email}</td>
                      <td>
                        <span className="role-badge">
                          {ROLE_LABELS[invitation.role as Role] ?? invitation.role}
                        </span>
                      </td>
                      <td data-testid="invitation-status">
                        {INVITATION_STATUS[invitation.status] ?? invitation.status}
                      </td>
                      <td className="cell-muted">{formatDate(invitation.createdAt)}</td>
                      {canManage ? (
                        <td className="actions-column">
                          <button
                            type="button"
                            className="button button-small"
                            data-testid="revoke-invitation"
                            disabled={revoke.isPending}
                            onClick={() =>
                              revoke.mutate({ teamId: team.id, invitationId: invitation.id })
                            }
                          >
                            Revoke
                          </button>
                        </td>
                      ) : null}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}

      {team.role === 'OWNER' ? (
        <div className="card">
          <h2 className="card-title">Delete this team</h2>
          <p className="muted">
            Stops its jobs, then deletes the team with its connections, jobs, dashboards and audit
            log. This cannot be undone.
          </p>
          <button
            type="button"
            className="button button-danger"
            data-testid="delete-team"
            onClick={() => setDeleting(true)}
          >
            Delete team…
          </button>
        </div>
      ) : null}

      {deleting ? <DeleteTeamDialog onClose={() => setDeleting(false)} /> : null}

      {roleChange ? (
        <ConfirmDialog
          title="Change role"
          message={`Change the role of ${roleChange.email} from ${ROLE_LABELS[roleChange.from]} to ${ROLE_LABELS[roleChange.to]}? It takes effect at once.`}
          confirmLabel="Change role"
          pending={changeRole.isPending}
          error={changeRole.error ? readApiError(changeRole.error).message : undefined}
          onCancel={() => setRoleChange(null)}
          onConfirm={() =>
            changeRole.mutate({ teamId: team.id, userId: roleChange.userId, role: roleChange.to })
          }
        />
      ) : null}

      {removing ? (
        <ConfirmDialog
          title={removing.label === 'yourself' ? 'Leave team' : 'Remove member'}
          message={
            removing.label === 'yourself'
              ? 'Leave this team? You will lose access to its connections and jobs.'
              : `Remove ${removing.label} from ${team.name}?`
          }
          confirmLabel={removing.label === 'yourself' ? 'Leave team' : 'Remove'}
          pending={removeMember.isPending}
          error={removeMember.error ? readApiError(removeMember.error).message : undefined}
          onCancel={() => setRemoving(null)}
          onConfirm={() => removeMember.mutate({ teamId: team.id, userId: removing.userId })}
        />
      ) : null}
    </section>
  );
}
