'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { useCurrentTeam } from '../team-context';
import { LineageGraph } from './lineage-graph';
import './lineage.css';

const DEPTHS = [1, 2, 3, 5, 10];

export function LineagePage() {
  const { team } = useCurrentTeam();
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const focus = params.get('focus') ?? undefined;
  const depth = Number(params.get('depth') ?? 3) || 3;
  const [search, setSearch] = useState('');
  const graph = useQuery(
    trpc.lineage.graph.queryOptions(
      { teamId: team.id, focus, depth: focus ? depth : undefined },
      { placeholderData: (previous) => previous, refetchInterval: 15_000 },
    ),
  );
  // Search runs over the whole graph so that any node can be focused, not only visible ones.
  const all = useQuery(trpc.lineage.graph.queryOptions({ teamId: team.id }));
  const setParams = (next: Record<string, string | null>) => {
    const q = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) {
      if (v === null) q.delete(k);
      else q.set(k, v);
    }
    router.replace(`${pathname}?${q.toString()}`, { scroll: false });
  };
  const matches =
    search.trim().length > 0
      ? (all.data?.nodes ?? [])
          .filter((n) => n.name.toLowerCase().includes(search.trim().toLowerCase()))
          .slice(0, 8)
      : [];
  const focused = all.data?.nodes.find((n) => n.id === focus || n.jobId === focus);

  return (
    <section className="page lineage-page" data-testid="lineage-page">
      <header className="page-header">
        <div>
          <h1>Lineage</h1>
          <p className="muted">
            Which jobs read and write which datasets. Click a column to see every column it comes
            from; click a job to open it.
          </p>
        </div>
      </header>
      <div className="filters lineage-filters">
        <div className="lineage-search">
          <label className="field">
            <span>Search</span>
            <input
              type="search"
              value={search}
              placeholder="Dataset or job name"
              data-testid="lineage-search"
              aria-controls={matches.length > 0 ? 'lineage-matches' : undefined}
              onChange={(e) => setSearch(e.target.value)}
            />
          </label>
          {matches.length > 0 ? (
            <ul id="lineage-matches" className="lineage-matches" aria-label="Matching nodes">
              {matches.map((n) => (
                <li key={n.id}>
                  <button
                    type="button"
                    className="link-button"
                    data-testid="lineage-match"
                    onClick={() => {
                      setParams({ focus: n.id });
                      setSearch('');
                    }}
                  >
                    {n.name} <span className="muted">({n.kind})</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          {search.trim() && matches.length === 0 && all.data ? (
            <p className="muted lineage-matches">Nothing matches “{search}”</p>
          ) : null}
        </div>
        <label className="field">
          <span>Depth</span>
          <select
            value={depth}
            data-testid="lineage-depth"
            disabled={!focus}
            onChange={(e) => setParams({ depth: e.target.value })}
          >
            {DEPTHS.map((d) => (
              <option key={d} value={d}>
                {d} {d === 1 ? 'step' : 'steps'}
              </option>
            ))}
          </select>
        </label>
        {focus ? (
          <p className="lineage-focus" data-testid="lineage-focus">
            Focused on <strong>{focused?.name ?? focus}</strong>{' '}
            <button
              type="button"
              className="button button-small"
              onClick={() => setParams({ focus: null, depth: null })}
            >
              Show everything
            </button>
          </p>
        ) : null}
      </div>
      {graph.isPending ? (
        <p className="muted" data-testid="lineage-loading">
          Loading lineage…
        </p>
      ) : null}
      {graph.error ? (
        <p className="form-error" role="alert">
          {readApiError(graph.error).message}
        </p>
      ) : null}
      {graph.data && graph.data.nodes.length === 0 ? (
        <div className="empty-state" data-testid="lineage-empty">
          <h2>No lineage yet</h2>
          <p className="muted">
            A job records which datasets and columns it reads and writes when it starts. Start a job
            to see it here.
          </p>
        </div>
      ) : null}
      {graph.data && graph.data.nodes.length > 0 ? (
        <LineageGraph nodes={graph.data.nodes} edges={graph.data.edges} centerOn={null} />
      ) : null}
    </section>
  );
}
