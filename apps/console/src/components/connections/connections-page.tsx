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
import {
  describeTestTime,
  storedOutcome,
  TestOutcomeBadge,
  useConnectionTest,
} from './test-connection-button';

type Editing = { mode: 'create' } | { mode: 'edit'; connection: ConnectionView };

function formatDate(value: Date | string): string {
  return new Date(value).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
}

interface ConnectionRowProps {
  teamId: string;
  connection: ConnectionView;
  canTest: boolean;
  canManage: boolean;
  onEdit: () => void;
  onDelete: () => void;
}

function ConnectionRow({
  teamId,
  connection,
  canTest,
  canManage,
  onEdit,
  onDelete,
}: ConnectionRowProps) {
  const test = useConnectionTest(teamId, connection.id);
  return (
    <tr data-testid="connection-row" data-name={connection.name}>
      <td className="cell-name">
        <div className="cell-strong" title={connection.name}>
          {connection.name}
        </div>
        <div
          className="cell-sub"
          title={connection.updatedBy ? `by ${connection.updatedBy.email}` : undefined}
        >
          Updated {formatDate(connection.updatedAt)}
        </div>
      </td>
      <td>
        <span className={`type-pill type-${connection.type}`}>
          {TYPE_LABELS[connection.type as ConnectionType] ?? connection.type}
        </span>
      </td>
      <td className="cell-mono cell-endpoint" data-testid="connection-summary">
        {summarizeConnection(connection.type, connection.config)}
      </td>
      <td>
        {connection.hasSecret ? (
          <span className="badge badge-secret" data-testid="has-secret">
            Stored
          </span>
        ) : (
          <span className="muted">None</span>
        )}
      </td>
      {canTest ? (
        <td className="cell-test">
          <TestOutcomeBadge
            pending={test.pending}
            outcome={test.outcome ?? storedOutcome(connection.lastTest)}
          />
          {connection.lastTest && !test.pending ? (
            <div
              className="cell-sub"
              data-testid="last-tested"
              title={connection.lastTest.at.toISOString()}
            >
              Tested {describeTestTime(connection.lastTest.at)}
            </div>
          ) : null}
        </td>
      ) : null}
      {canTest ? (
        <td className="actions-column">
          <div className="row-actions">
            <button
              type="button"
              className="button button-small"
              data-testid="test-connection"
              disabled={test.pending}
              onClick={test.run}
            >
              Test
            </button>
            {canManage ? (
              <>
                <button
                  type="button"
                  className="button button-small"
                  data-testid="edit-connection"
                  onClick={onEdit}
                >
                  Edit
                </button>
                <button
                  type="button"
                  className="button button-small button-danger-ghost"
                  data-testid="delete-connection"
                  onClick={onDelete}
                >
                  Delete
                </button>
              </>
            ) : null}
          </div>
        </td>
      ) : null}
    </tr>
  );
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
                {canTest ? <th>Last test</th> : null}
                {canTest ? <th className="actions-column">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {list.data.map((connection) => (
                <ConnectionRow
                  key={connection.id}
                  teamId={team.id}
                  connection={connection}
                  canTest={canTest}
                  canManage={canManage}
                  onEdit={() => setEditing({ mode: 'edit', connection })}
                  onDelete={() => {
                    remove.reset();
                    setDeleting(connection);
                  }}
                />
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
