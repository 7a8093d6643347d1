'use client';

import { useQuery } from '@tanstack/react-query';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import type { SourceInfo } from '~/workers/engine-protocol';

interface CatalogPanelProps {
  teamId: string;
  sources: SourceInfo[];
  onInsert(text: string): void;
}

function connectionUri(type: string, name: string): string {
  return `${type}://@${name}/`;
}

/** Saved connections (insert their URI), and the sources of the buffer with their columns. */
export function CatalogPanel({ teamId, sources, onInsert }: CatalogPanelProps) {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connection.list.queryOptions({ teamId }));
  return (
    <nav className="catalog" aria-label="Catalog" data-testid="catalog">
      <h2 className="catalog-title">Connections</h2>
      {connections.isPending ? (
        <p className="muted">Loading…</p>
      ) : connections.error ? (
        <p className="form-error">{readApiError(connections.error).message}</p>
      ) : connections.data.length === 0 ? (
        <p className="muted">No saved connections yet.</p>
      ) : (
        <ul className="catalog-list">
          {connections.data.map((c) => (
            <li key={c.id}>
              <button
                type="button"
                className="catalog-item"
                title={`Insert '${connectionUri(c.type, c.name)}'`}
                onClick={() => onInsert(`'${connectionUri(c.type, c.name)}'`)}
              >
                <span className={`type-pill type-${c.type}`}>{c.type}</span> {c.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <h2 className="catalog-title">Sources in this query</h2>
      {sources.length === 0 ? (
        <p className="muted">
          None yet. Try <code>FROM 'datagen://orders'</code>.
        </p>
      ) : (
        <ul className="catalog-list">
          {sources.map((s) => (
            <li key={s.id}>
              <details open>
                <summary className="catalog-source" title={s.id}>
                  {s.id}
                  <span className="muted"> {s.runsInBrowser ? '· in browser' : '· sampled'}</span>
                </summary>
                {s.columns ? (
                  <ul className="catalog-columns">
                    {s.columns.map((col) => (
                      <li key={col.name}>
                        <button
                          type="button"
                          className="catalog-item"
                          onClick={() => onInsert(col.name)}
                        >
                          {col.name} <span className="muted">{col.type}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted catalog-note">Columns appear after a preview samples it.</p>
                )}
              </details>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
