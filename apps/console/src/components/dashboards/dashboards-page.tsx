'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { hasRole } from '~/lib/roles';
import { useTRPC } from '~/lib/trpc';
import { ConfirmDialog } from '../dialog';
import { useCurrentTeam } from '../team-context';
import { JobsOverview } from './jobs-overview';
import { RenameDashboard } from './rename-dashboard';
import { TeamDashboard } from './team-dashboard';
import { refreshMs as refreshOf } from './time-range';
import { TimeRangePicker } from './time-range-picker';
import { useTimeRange } from './use-time-range';
import './dashboards.css';

/**
 * Dashboards: the overview of all jobs, and the team's own dashboards (`?dashboard=<id>`),
 * under one time range and auto refresh kept in the URL like the job dashboard's.
 */
export function DashboardsPage() {
  const { team } = useCurrentTeam();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { range, resolved, setRange } = useTimeRange();
  const canEdit = hasRole(team.role, 'EDITOR');
  const selected = useSelectedDashboard();
  const list = useQuery(trpc.dashboard.list.queryOptions({ teamId: team.id }));
  const [name, setName] = useState('');
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const refreshList = () =>
    queryClient.invalidateQueries({ queryKey: trpc.dashboard.list.queryKey({ teamId: team.id }) });
  const create = useMutation(
    trpc.dashboard.create.mutationOptions({
      onSuccess: (d) => {
        refreshList();
        setCreating(false);
        setName('');
        selected.set(d.id);
      },
    }),
  );
  const remove = useMutation(
    trpc.dashboard.delete.mutationOptions({
      onSuccess: () => {
        refreshList();
        setDeleting(false);
        selected.set(null);
      },
    }),
  );
  const current = list.data?.find((d) => d.id === selected.id);
  const zoom = (from: number, to: number) =>
    setRange({ from: String(Math.round(from)), to: String(Math.round(to)) });

  return (
    <section className="page" data-testid="dashboards-page">
      <header className="page-header">
        <div>
          <h1>Dashboards</h1>
          <p className="muted">All jobs at a glance, and the dashboards your team composes.</p>
        </div>
        <TimeRangePicker range={range} resolved={resolved} onChange={setRange} />
      </header>
      <div className="dashboard-tabs">
        <div className="dashboard-tablist" role="tablist" aria-label="Dashboards">
          <button
            type="button"
            role="tab"
            aria-selected={!selected.id}
            data-testid="dashboard-tab-overview"
            onClick={() => selected.set(null)}
          >
            Overview
          </button>
          {(list.data ?? []).map((d) => (
            <button
              key={d.id}
              type="button"
              role="tab"
              aria-selected={selected.id === d.id}
              data-testid="dashboard-tab"
              data-name={d.name}
              onClick={() => selected.set(d.id)}
            >
              {d.name}
            </button>
          ))}
        </div>
        {canEdit && !creating ? (
          <button
            type="button"
            className="button button-small"
            data-testid="new-dashboard"
            onClick={() => setCreating(true)}
          >
            New dashboard
          </button>
        ) : null}
        {canEdit && creating ? (
          <form
            className="new-dashboard-form"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate({ teamId: team.id, name });
            }}
          >
            <label className="visually-hidden" htmlFor="new-dashboard-name">
              Dashboard name
            </label>
            <input
              id="new-dashboard-name"
              value={name}
              placeholder="Dashboard name"
              data-testid="new-dashboard-name"
              onChange={(e) => setName(e.target.value)}
            />
            <button type="submit" className="button button-small button-primary">
              Create
            </button>
            <button
              type="button"
              className="button button-small"
              onClick={() => setCreating(false)}
            >
              Cancel
            </button>
            {create.error ? (
              <span className="form-error" role="alert">
                {readApiError(create.error).message}
              </span>
            ) : null}
          </form>
        ) : null}
      </div>
      {list.error ? (
        <p className="form-error" role="alert">
          {readApiError(list.error).message}
        </p>
      ) : null}
      {!selected.id ? (
        <JobsOverview teamId={team.id} refreshMs={refreshOf(range)} />
      ) : (
        <section className="dashboard-section" aria-label={current?.name ?? 'Dashboard'}>
          {canEdit && current ? (
            <div className="dashboard-heading">
              <h2>{current.name}</h2>
              <RenameDashboard
                key={`${current.id}-${current.name}`}
                teamId={team.id}
                id={current.id}
                name={current.name}
              />
              <button
                type="button"
                className="button button-small button-danger-ghost"
                onClick={() => setDeleting(true)}
              >
                Delete dashboard
              </button>
            </div>
          ) : (
            <h2>{current?.name ?? ''}</h2>
          )}
          <TeamDashboard
            key={selected.id}
            teamId={team.id}
            dashboardId={selected.id}
            canEdit={canEdit}
            range={resolved}
            onZoom={zoom}
            refreshMs={refreshOf(range)}
          />
        </section>
      )}
      {deleting && current ? (
        <ConfirmDialog
          title="Delete dashboard"
          message={`Delete “${current.name}” and its ${current.panelCount} panels for the whole team? The jobs and their metrics are kept.`}
          confirmLabel="Delete dashboard"
          pending={remove.isPending}
          error={remove.error ? readApiError(remove.error).message : undefined}
          onConfirm={() => remove.mutate({ teamId: team.id, id: current.id })}
          onCancel={() => setDeleting(false)}
        />
      ) : null}
    </section>
  );
}

function useSelectedDashboard() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  return {
    id: params.get('dashboard'),
    set(id: string | null) {
      const next = new URLSearchParams(params);
      if (id) next.set('dashboard', id);
      else next.delete('dashboard');
      router.replace(`${pathname}?${next.toString()}`, { scroll: false });
    },
  };
}
