'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { type ConnectionType, summarizeConnection, TYPE_LABELS } from '~/lib/connection-form';
import { hasRole } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';
import { ConfirmDialog } from '../dialog';
import { useCurrentTeam } from '../team-context';
import { ConnectionFormDialog, type ConnectionView } from './connection-form-dialog';
import { TestConnectionButton } from './test-connection-button';

type Editing = { mode: 'create' } | { mode: 'edit'; connection: ConnectionView };

function formatDate(value: Date | string): string {
  return new Date(value).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function ConnectionsPage() {
  const { team } = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canManage = hasRole(team.role, 'ADMIN');
  const canTest = hasRole(team.role, 'EDITOR');
  const list = useQuery(trpc.connection.list.queryOptions({ teamId: team.id }));
  const [editing, setEditing] = useState<Editing | null>(null);
  const [deleting, setDeleting] = useState<ConnectionView | null>(null);
  const remove = useMutation(
    trpc.connection.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({
          queryKey: trpc.connection.list.queryKey({ teamId: team.id }),
        });
        setDeleting(null);
      },
    }),
  );

  return (
    <section className="page" data-testid="connections-page">
      <header className="page-header">
        <div>
          <h1>Connections</h1>
          <p className="muted">
            Sources and sinks your jobs read from and write to. Secrets are encrypted and never
            leave the server.
          </p>
        </div>
        {canManage ? (
          <button
            type="button"
            className="button button-primary"
            data-testid="new-connection"
            onClick={() => setEditing({ mode: 'create' })}
          >
            New connection
          </button>
        ) : null}
      </header>

      {list.isPending ? <p className="muted">Loading connections…</p> : null}
      {list.error ? (
        <p className="form-error" role="alert">
          {readApiError(list.error).message}
        </p>
      ) : null}
      {list.data && list.data.length === 0 ? (
        <div className="empty-state" data-testid="connections-empty">
          <h2>No connections yet</h2>
          <p>
            {canManage
              ? 'Add a Kafka cluster, a PostgreSQL database, files or a data generator to start building pipelines.'
              : 'An admin of this team can add Kafka, PostgreSQL, file and data generator connections.'}
          </p>
          {canManage ? (
            <button
              type="button"
              className="button button-primary"
              onClick={() => setEditing({ mode: 'create' })}
            >
              New connection
            </button>
          ) : null}
        </div>
      ) : null}
      {list.data && list.data.length > 0 ? (
        <div className="table-card">
          <table className="table" data-testid="connections-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Type</th>
                <th>Endpoint</th>
                <th>Secret</th>
                <th>Updated</th>
                {canTest ? <th className="actions-column">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.map((connection) => (
                <tr key={connection.id} data-testid="connection-row" data-name={connection.name}>
                  <td className="cell-strong">{connection.name}</td>
                  <td>
                    <span className={`type-pill type-${connection.type}`}>
                      {TYPE_LABELS[connection.type as ConnectionType] ?? connection.type}
                    </span>
                  </td>
                  <td className="cell-mono" data-testid="connection-summary">
                    {summarizeConnection(connection.type, connection.config)}
                  </td>
                  <td>
                    {connection.hasSecret ? (
                      <span className="badge badge-secret" data-testid="has-secret">
                        Secret stored
                      </span>
                    ) : (
                      <span className="muted">—</span>
                    )}
                  </td>
                  <td className="cell-muted" title={`by ${connection.updatedBy?.email ?? ''}`}>
                    {formatDate(connection.updatedAt)}
                  </td>
                  {canTest ? (
                    <td className="actions-column">
                      <div className="row-actions">
                        <TestConnectionButton teamId={team.id} connectionId={connection.id} />
                        {canManage ? (
                          <>
                            <button
                              type="button"
                              className="button button-small"
                              data-testid="edit-connection"
                              onClick={() => setEditing({ mode: 'edit', connection })}
                            >
                              Edit
                            </button>
                            <button
                              type="button"
                              className="button button-small button-danger-ghost"
                              data-testid="delete-connection"
                              onClick={() => {
                                remove.reset();
                                setDeleting(connection);
                              }}
                            >
                              Delete
                            </button>
                          </>
                        ) : null}
                      </div>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}

      {editing ? (
        <ConnectionFormDialog
          teamId={team.id}
          connection={editing.mode === 'edit' ? editing.connection : undefined}
          onClose={() => setEditing(null)}
        />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title="Delete connection"
          message={
            <>
              Delete <strong>{deleting.name}</strong>? Jobs that use it will fail to start. This
              cannot be undone.
            </>
          }
          confirmLabel="Delete connection"
          pending={remove.isPending}
          error={remove.error ? readApiError(remove.error).message : undefined}
          onCancel={() => setDeleting(null)}
          onConfirm={() => remove.mutate({ teamId: team.id, id: deleting.id })}
        />
      ) : null}
    </section>
  );
}
