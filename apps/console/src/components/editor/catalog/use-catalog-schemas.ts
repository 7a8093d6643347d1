'use client';

import { useQueryClient } from '@tanstack/react-query';
import type { Column } from '@velo/engine';
import { useCallback, useRef, useSyncExternalStore } from 'react';
import { useTRPC } from '~/lib/trpc';

export type SourceSchemas = Record<string, { columns: Column[] }>;

const EMPTY: SourceSchemas = {};

/**
 * The columns the catalog has sampled so far (each `catalog.columns` answer in the query cache),
 * keyed by source URI, for the editor's diagnostics, completion and hover: once a topic's
 * columns are known, a query naming a column it lacks is marked. Read from the cache rather
 * than copied into state, so a refetch or an eviction shows here as well.
 */
export function useCatalogSchemas(): SourceSchemas {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const snapshot = useRef<{ key: string; schemas: SourceSchemas }>({ key: '', schemas: EMPTY });

  const read = useCallback((): SourceSchemas => {
    const schemas: SourceSchemas = {};
    for (const query of queryClient.getQueryCache().findAll(trpc.catalog.columns.queryFilter())) {
      const data = query.state.data as { uri: string; columns: Column[] } | undefined;
      // An empty source (nothing sampled) says nothing about its columns: no checks then.
      if (data && data.columns.length > 0) schemas[data.uri] = { columns: data.columns };
    }
    // The same object while nothing changed, so React does not render again for other queries.
    const key = JSON.stringify(schemas);
    if (key !== snapshot.current.key) snapshot.current = { key, schemas };
    return snapshot.current.schemas;
  }, [queryClient, trpc]);

  const subscribe = useCallback(
    (onChange: () => void) => queryClient.getQueryCache().subscribe(onChange),
    [queryClient],
  );
  return useSyncExternalStore(subscribe, read, () => EMPTY);
}
