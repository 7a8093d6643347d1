'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { CatalogObjectItem } from './catalog-object-item';
import { quoteUri } from './preview-sql';
import { CATALOG_STALE_MS } from './use-catalog-completion';

interface CatalogConnectionProps {
  teamId: string;
  connection: { id: string; name: string; type: string };
  onInsert(text: string): void;
  onPreview(uri: string): void;
}

const WHAT: Record<string, string> = {
  kafka: 'topics',
  postgresql: 'tables',
  file: 'files',
  datagen: 'generators',
};

/** A saved connection: expand to list its topics / tables / files (asked of the API on open). */
export function CatalogConnection({
  teamId,
  connection,
  onInsert,
  onPreview,
}: CatalogConnectionProps) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const objects = useQuery({
    ...trpc.catalog.objects.queryOptions({ teamId, connectionId: connection.id }),
    enabled: open,
    staleTime: CATALOG_STALE_MS,
    retry: false,
  });
  const baseUri = `${connection.type}://@${connection.name}${connection.type === 'file' ? '' : '/'}`;
  const what = WHAT[connection.type] ?? 'objects';
  return (
    <li className="catalog-connection" data-testid="catalog-connection" data-name={connection.name}>
      <div className="catalog-row">
        <button
          type="button"
          className="catalog-toggle"
          aria-expanded={open}
          title={`Show the ${what} of ${connection.name}`}
          onClick={() => setOpen(!open)}
        >
          <span className="catalog-chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className={`type-pill type-${connection.type}`}>{connection.type}</span>{' '}
          <span className="catalog-name">{connection.name}</span>
        </button>
        <button
          type="button"
          className="catalog-action"
          aria-label={`Insert the URI of ${connection.name}`}
          title={`Insert ${quoteUri(baseUri)}`}
          onClick={() => onInsert(quoteUri(baseUri))}
        >
          ⤓
        </button>
      </div>
      {open ? (
        objects.isPending ? (
          <p className="muted catalog-note">Listing {what}…</p>
        ) : objects.error ? (
          <div className="catalog-note">
            <p className="form-error">{readApiError(objects.error).message}</p>
            <button type="button" className="button button-small" onClick={() => objects.refetch()}>
              Retry
            </button>
          </div>
        ) : objects.data.objects.length === 0 ? (
          <p className="muted catalog-note">No {what}.</p>
        ) : (
          <ul className="catalog-objects" aria-label={`${what} of ${connection.name}`}>
            {objects.data.objects.map((object) => (
              <CatalogObjectItem
                key={`${object.kind}:${object.name}`}
                teamId={teamId}
                object={object}
                onInsert={onInsert}
                onPreview={onPreview}
              />
            ))}
            {objects.data.truncated ? (
              <li className="muted catalog-note">
                Only the first {objects.data.objects.length} are shown.
              </li>
            ) : null}
          </ul>
        )
      ) : null}
    </li>
  );
}
