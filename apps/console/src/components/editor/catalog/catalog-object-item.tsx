'use client';

import { useQuery } from '@tanstack/react-query';
import type { RouterOutputs } from '@velo/api';
import { useState } from 'react';
import { readApiError } from '~/lib/api-errors';
import { useTRPC } from '~/lib/trpc';
import { columnTypeText } from '../language-features';
import { quoteUri } from './preview-sql';
import { CATALOG_STALE_MS } from './use-catalog-completion';

export type CatalogObjectView = RouterOutputs['catalog']['objects']['objects'][number];

interface CatalogObjectItemProps {
  teamId: string;
  object: CatalogObjectView;
  onInsert(text: string): void;
  onPreview(uri: string): void;
}

/** One topic, table, file or generator: expand to sample its columns; preview; insert its URI. */
export function CatalogObjectItem({ teamId, object, onInsert, onPreview }: CatalogObjectItemProps) {
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const columns = useQuery({
    ...trpc.catalog.columns.queryOptions({ teamId, uri: object.uri }),
    enabled: open,
    staleTime: CATALOG_STALE_MS,
    retry: false,
  });
  const label = object.kind === 'file' ? object.name.split('/').pop() : object.name;
  return (
    <li className="catalog-object" data-testid="catalog-object" data-name={object.name}>
      <div className="catalog-row">
        <button
          type="button"
          className="catalog-toggle"
          aria-expanded={open}
          title={object.kind === 'file' ? object.name : object.uri}
          onClick={() => setOpen(!open)}
        >
          <span className="catalog-chevron" aria-hidden="true">
            {open ? '▾' : '▸'}
          </span>
          <span className="catalog-name">{label}</span>
          {object.detail ? <span className="muted catalog-detail"> {object.detail}</span> : null}
        </button>
        <button
          type="button"
          className="catalog-action"
          aria-label={`Preview ${object.name}`}
          title={`Preview: SELECT * FROM ${quoteUri(object.uri)}`}
          data-testid="catalog-preview"
          onClick={() => onPreview(object.uri)}
        >
          ▶
        </button>
        <button
          type="button"
          className="catalog-action"
          aria-label={`Insert the URI of ${object.name}`}
          title={`Insert ${quoteUri(object.uri)}`}
          data-testid="catalog-insert"
          onClick={() => onInsert(quoteUri(object.uri))}
        >
          ⤓
        </button>
      </div>
      {open ? (
        columns.isPending ? (
          <p className="muted catalog-note">Sampling columns…</p>
        ) : columns.error ? (
          <p className="form-error catalog-note">{readApiError(columns.error).message}</p>
        ) : columns.data.columns.length === 0 ? (
          <p className="muted catalog-note">
            {columns.data.timedOut ? 'No records within the time limit.' : 'No records to sample.'}
          </p>
        ) : (
          <ul className="catalog-columns" data-testid="catalog-columns">
            {columns.data.columns.map((col) => (
              <li key={col.name}>
                <button
                  type="button"
                  className="catalog-item"
                  title={`Insert ${col.name}`}
                  onClick={() => onInsert(col.name)}
                >
                  {col.name} <span className="muted">{columnTypeText(col)}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </li>
  );
}
