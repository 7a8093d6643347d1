'use client';

import { useQuery } from '@tanstack/react-query';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import type { SourceInfo } from '~/workers/engine-protocol';
import { CatalogConnection } from './catalog/catalog-connection';
import { useCatalogCompletion } from './catalog/use-catalog-completion';
import { columnTypeText } from './language-features';
import './catalog/catalog.css';

interface CatalogPanelProps {
  teamId: string;
  sources: SourceInfo[];
  onInsert(text: string): void;
  /** Previews `SELECT * FROM '<uri>'` in the results panel. */
  onPreview(uri: string): void;
}

/**
 * The catalog: saved connections → their topics / tables / files → columns with sampled types
 * (preview a source, insert a URI or a column), and the sources of the buffer with their columns.
 */
export function CatalogPanel({ teamId, sources, onInsert, onPreview }: CatalogPanelProps) {
  const trpc = useTRPC();
  const connections = useQuery(trpc.connection.list.queryOptions({ teamId }));
  useCatalogCompletion(teamId, connections.data);
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
        <ul className="catalog-list" aria-label="Saved connections">
          {connections.data.map((c) => (
            <CatalogConnection
              key={c.id}
              teamId={teamId}
              connection={c}
              onInsert={onInsert}
              onPreview={onPreview}
            />
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
                          {col.name} <span className="muted">{columnTypeText(col)}</span>
                        </button>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="muted catalog-note">
                    Columns appear once it is sampled: open it under Connections, or preview.
                  </p>
                )}
              </details>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
