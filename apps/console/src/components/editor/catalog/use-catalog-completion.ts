'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useTRPC } from '~/lib/trpc';
import { setCompletionContext } from '../completion';

/** How long a connection's listing is reused by the panel and by completion. */
export const CATALOG_STALE_MS = 60_000;

/**
 * Lets completion offer a saved connection's topics and tables (`kafka://@local/` → its topics),
 * from the same cached `catalog.objects` query the panel uses: the API is asked once per
 * connection and minute, and only when the user types that connection's URI.
 */
export function useCatalogCompletion(
  teamId: string,
  connections: { id: string; name: string }[] | undefined,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useEffect(() => {
    setCompletionContext({
      async objectsOf(name) {
        const connection = connections?.find((c) => c.name === name);
        if (!connection) return [];
        const listed = await queryClient.fetchQuery({
          ...trpc.catalog.objects.queryOptions({ teamId, connectionId: connection.id }),
          staleTime: CATALOG_STALE_MS,
        });
        return listed.objects.map((o) => ({
          uri: o.uri,
          detail: o.detail ? `${o.kind} · ${o.detail}` : o.kind,
        }));
      },
    });
  }, [teamId, connections, queryClient, trpc]);
}
