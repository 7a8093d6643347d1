import {
  connectClient,
  endClient,
  parsePostgresUri,
  type ResolvedConnection,
} from '@velo/connectors';
import { withDeadline } from '../connections/probe-errors.ts';
import { CATALOG_MAX_OBJECTS, type CatalogObject, tableUri } from './catalog-object.ts';

type PgClient = Awaited<ReturnType<typeof connectClient>>;

/**
 * The tables and views of a saved PostgreSQL connection's database that its user may read, from
 * information_schema, in a read-only session opened the way sources open theirs (egress policy,
 * no cleartext password), one attempt, within `timeoutMs`. System schemas are left out.
 */
export async function listPostgresTables(
  connection: ResolvedConnection,
  timeoutMs: number,
): Promise<{ objects: CatalogObject[]; truncated: boolean }> {
  const config = parsePostgresUri(
    `postgresql://@${connection.name}/?connect.retries=0`,
    connection,
  );
  if (typeof config === 'string') throw new Error(config);
  let client: PgClient | undefined;
  try {
    const rows = await withDeadline(
      (async () => {
        client = await connectClient(config, 'catalog', {
          readOnly: true,
          connectionTimeoutMillis: timeoutMs,
          statement_timeout: timeoutMs,
        });
        const result = await client.query<{ schema: string; name: string; type: string }>(
          `SELECT table_schema AS schema, table_name AS name, table_type AS type
             FROM information_schema.tables
            WHERE table_schema NOT IN ('pg_catalog', 'information_schema')
              AND table_schema NOT LIKE 'pg\\_toast%'
              AND table_type IN ('BASE TABLE', 'VIEW')
            ORDER BY table_schema, table_name
            LIMIT $1`,
          [CATALOG_MAX_OBJECTS + 1],
        );
        return result.rows;
      })(),
      timeoutMs,
      () => void endClient(client),
    );
    return {
      objects: rows.slice(0, CATALOG_MAX_OBJECTS).map((row) => ({
        kind: row.type === 'VIEW' ? ('view' as const) : ('table' as const),
        name: `${row.schema}.${row.name}`,
        uri: tableUri(connection.name, row.schema, row.name),
      })),
      truncated: rows.length > CATALOG_MAX_OBJECTS,
    };
  } finally {
    await endClient(client);
  }
}
