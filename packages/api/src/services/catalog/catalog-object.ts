/** What the catalog lists under a saved connection, and the URI each entry is read through. */
import { z } from 'zod';

export const CATALOG_OBJECT_KINDS = ['topic', 'table', 'view', 'file', 'generator'] as const;

export const ZCatalogObject = z.object({
  kind: z.enum(CATALOG_OBJECT_KINDS),
  /** As the user knows it: the topic, `schema.table`, the file path, the generator. */
  name: z.string(),
  /** The source URI that reads it through the saved connection (`kafka://@local/orders`). */
  uri: z.string(),
  /** A short extra: partitions of a topic, size of a file. */
  detail: z.string().optional(),
});
export type CatalogObject = z.infer<typeof ZCatalogObject>;

/** At most this many entries per connection: a cluster with 20,000 topics is cut, and says so. */
export const CATALOG_MAX_OBJECTS = 1000;

/** Listing a connection is bounded like "test connection": a slow cluster gets an error, not a hang. */
export const CATALOG_TIMEOUT_MS = 10_000;

/** `kafka://@local/orders`: topics are path segments of the saved connection's URI. */
export function topicUri(connection: string, topic: string): string {
  return `kafka://@${connection}/${topic}`;
}

/** `postgresql://@pg/?table=public.orders`: the connection's own database, one table. */
export function tableUri(connection: string, schema: string, table: string): string {
  return `postgresql://@${connection}/?table=${encodeURIComponent(`${schema}.${table}`)}`;
}
