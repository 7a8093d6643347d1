'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { PanelSpec } from '@velo/api/dashboard-panel';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { ConfirmDialog, Dialog } from '../dialog';
import { PanelForm } from './panel-form';
import { TeamPanel } from './team-panel';

function moved<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/**
 * A team dashboard: its panels in their saved order; EDITOR and up add, edit, remove and
 * arrange them (drag a panel by its title bar, or move it up/down with the buttons).
 */
export function TeamDashboard({
  teamId,
  dashboardId,
  canEdit,
  range,
  onZoom,
  refreshMs,
}: {
  teamId: string;
  dashboardId: string;
  canEdit: boolean;
  range: { from: number; to: number };
  onZoom: (from: number, to: number) => void;
  refreshMs: number;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const dashboard = useQuery(trpc.dashboard.get.queryOptions({ teamId, id: dashboardId }));
  const jobs = useQuery(
    trpc.job.list.queryOptions({ teamId }, { refetchInterval: refreshMs || false }),
  );
  const [editing, setEditing] = useState<{ id: string | null; spec?: PanelSpec } | null>(null);
  const [removing, setRemoving] = useState<{ id: string; title: string } | null>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const store = (view: unknown) => {
    queryClient.setQueryData(
      trpc.dashboard.get.queryKey({ teamId, id: dashboardId }),
      view as never,
    );
    queryClient.invalidateQueries({ queryKey: trpc.dashboard.list.queryKey({ teamId }) });
  };
  const add = useMutation(
    trpc.dashboard.addPanel.mutationOptions({
      onSuccess: (v) => {
        store(v);
        setEditing(null);
      },
    }),
  );
  const update = useMutation(
    trpc.dashboard.updatePanel.mutationOptions({
      onSuccess: (v) => {
        store(v);
        setEditing(null);
      },
    }),
  );
  const remove = useMutation(
    trpc.dashboard.removePanel.mutationOptions({
      onSuccess: (v) => {
        store(v);
        setRemoving(null);
      },
    }),
  );
  const arrange = useMutation(
    trpc.dashboard.arrangePanels.mutationOptions({
      onSuccess: store,
      onError: () =>
        queryClient.invalidateQueries({
          queryKey: trpc.dashboard.get.queryKey({ teamId, id: dashboardId }),
        }),
    }),
  );
  const jobNames = new Map((jobs.data ?? []).map((j) => [j.id, j.name]));

  if (dashboard.isPending) return <p className="muted">Loading dashboard…</p>;
  if (dashboard.error) {
    return (
      <p className="form-error" role="alert">
        {readApiError(dashboard.error).message}
      </p>
    );
  }
  const panels = dashboard.data.panels;
  const arrangeTo = (from: number, to: number) => {
    if (to < 0 || to >= panels.length || from === to) return;
    const next = moved(panels, from, to);
    // Shown in the new order at once; the server's answer replaces it.
    queryClient.setQueryData(trpc.dashboard.get.queryKey({ teamId, id: dashboardId }), {
      ...dashboard.data,
      panels: next,
    });
    arrange.mutate({ teamId, dashboardId, panelIds: next.map((p) => p.id) });
  };

  return (
    <div data-testid="team-dashboard" data-name={dashboard.data.name}>
      {canEdit ? (
        <div className="dashboard-toolbar dashboard-toolbar-start">
          <button
            type="button"
            className="button button-primary"
            data-testid="add-panel"
            onClick={() => setEditing({ id: null })}
          >
            Add panel
          </button>
          {arrange.error ? (
            <p className="form-error" role="alert">
              {readApiError(arrange.error).message}
            </p>
          ) : null}
        </div>
      ) : null}
      {panels.length === 0 ? (
        <div className="empty-state" data-testid="dashboard-empty">
          <h2>No panels yet</h2>
          <p className="muted">
            {canEdit
              ? 'Add a panel: a metric of one or more jobs as a line, area, bar or stat.'
              : 'An editor of the team can add panels to this dashboard.'}
          </p>
        </div>
      ) : null}
      <div className="panel-grid">
        {panels.map((panel, index) => (
          <figure
            key={panel.id}
            className={`panel${dragging === index ? ' is-dragging' : ''}`}
            data-testid="team-panel"
            data-title={panel.title}
            onDragOver={(e) => {
              if (dragging !== null) e.preventDefault();
            }}
            onDrop={(e) => {
              e.preventDefault();
              if (dragging !== null) arrangeTo(dragging, index);
              setDragging(null);
            }}
          >
            <figcaption
              className="panel-title panel-title-bar"
              draggable={canEdit}
              onDragStart={() => setDragging(index)}
              onDragEnd={() => setDragging(null)}
            >
              <span>
                {panel.title}{' '}
                <span className="muted panel-meta">
                  {panel.metric} · {panel.chartType}
                </span>
              </span>
              {canEdit ? (
                <span className="panel-actions">
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${panel.title} up`}
                    disabled={index === 0}
                    onClick={() => arrangeTo(index, index - 1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Move ${panel.title} down`}
                    disabled={index === panels.length - 1}
                    onClick={() => arrangeTo(index, index + 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Edit ${panel.title}`}
                    onClick={() => setEditing({ id: panel.id, spec: panel })}
                  >
                    ✎
                  </button>
                  <button
                    type="button"
                    className="icon-button"
                    aria-label={`Remove ${panel.title}`}
                    onClick={() => setRemoving({ id: panel.id, title: panel.title })}
                  >
                    ×
                  </button>
                </span>
              ) : null}
            </figcaption>
            <TeamPanel
              teamId={teamId}
              panel={panel}
              jobNames={jobNames}
              range={range}
              onZoom={onZoom}
            />
          </figure>
        ))}
      </div>
      {editing ? (
        <Dialog
          title={editing.id ? 'Edit panel' : 'Add panel'}
          onClose={() => setEditing(null)}
          testId="panel-dialog"
          wide
        >
          <PanelForm
            jobs={jobs.data ?? []}
            initial={editing.spec}
            pending={add.isPending || update.isPending}
            serverError={(() => {
              const failed = editing.id ? update.error : add.error;
              return failed ? readApiError(failed).message : undefined;
            })()}
            onCancel={() => setEditing(null)}
            onSubmit={(spec) =>
              editing.id
                ? update.mutate({ teamId, id: editing.id, panel: spec })
                : add.mutate({ teamId, dashboardId, panel: spec })
            }
          />
        </Dialog>
      ) : null}
      {removing ? (
        <ConfirmDialog
          title="Remove panel"
          message={`Remove “${removing.title}” from this dashboard? Its metrics are kept.`}
          confirmLabel="Remove panel"
          pending={remove.isPending}
          error={remove.error ? readApiError(remove.error).message : undefined}
          onConfirm={() => remove.mutate({ teamId, id: removing.id })}
          onCancel={() => setRemoving(null)}
        />
      ) : null}
    </div>
  );
}
