import type { Keyring } from '@velo/db';
import type { ResolvedConnection } from '@velo/runtime';
import type { Db } from '../../db.ts';
import { AppError } from '../../errors.ts';
import { openSecret } from '../connections/secret-box.ts';
import { UNREADABLE_SECRET } from '../connections/test-connection.ts';

export interface ResolvedSourceUri {
  /** The URI to open (for file connections: the connection's path and format). */
  uri: string;
  connection: ResolvedConnection | undefined;
  connectionId: string | null;
}

const SAVED = /^([a-z][a-z0-9+.-]*):\/\/@([A-Za-z0-9_-]+)(\/[^?#]*)?(\?[^#]*)?$/i;

/**
 * `kafka://@name/topic` → the team's connection `name`, decrypted. The server opens only what a
 * team admin saved as a connection (and datagen, which needs nothing): a URI naming its own host
 * or path would let any editor make the server connect anywhere or read any file.
 */
export async function resolveSourceUri(
  db: Db,
  keyring: () => Keyring,
  teamId: string,
  uri: string,
): Promise<ResolvedSourceUri> {
  const trimmed = uri.trim();
  if (/^datagen:/i.test(trimmed))
    return { uri: trimmed, connection: undefined, connectionId: null };
  const m = SAVED.exec(trimmed);
  if (!m) {
    throw new AppError(
      'INVALID_INPUT',
      'Previews read sources through saved connections; write the URI as scheme://@connection/… (e.g. kafka://@local/orders)',
    );
  }
  const [, scheme = '', name = '', path = '', query = ''] = m;
  const row = await db.connection.findFirst({ where: { teamId, name } });
  if (!row)
    throw new AppError(
      'NOT_FOUND',
      `Connection "${name}" not found; create it under Connections or check the name`,
    );
  const wanted = scheme.toLowerCase() === 'postgres' ? 'postgresql' : scheme.toLowerCase();
  if (row.type !== wanted) {
    throw new AppError(
      'INVALID_INPUT',
      `Connection "${name}" is a ${row.type} connection, not ${wanted}; use a ${wanted} connection or change the URI's scheme`,
    );
  }
  let secret: Record<string, unknown> | null;
  try {
    secret = openSecret(keyring(), row);
  } catch {
    throw new AppError('PRECONDITION_FAILED', UNREADABLE_SECRET);
  }
  const config = row.config as Record<string, unknown>;
  const connection: ResolvedConnection = {
    name: row.name,
    type: row.type,
    config,
    secret: secret ? JSON.stringify(secret) : undefined,
  };
  if (row.type === 'file') {
    // A file connection is one file (or glob): the URI adds options only, never a path.
    const params = new URLSearchParams(query.replace(/^\?/, ''));
    if (!params.has('format')) params.set('format', String(config.format ?? 'jsonl'));
    return { uri: `file://${String(config.path)}?${params}`, connection, connectionId: row.id };
  }
  return {
    uri: `${scheme}://@${name}${path}${readOnlyQuery(row.type, query)}`,
    connection,
    connectionId: row.id,
  };
}

/** Parameters that would make a sample write: PostgreSQL CDC creates a slot and a publication. */
const WRITING_PARAMS: Record<string, string[]> = {
  postgresql: ['cdc', 'slot', 'publication', 'snapshot'],
};

/** A sample is read-only: a CDC source is sampled as a plain snapshot of its table. */
function readOnlyQuery(type: string, query: string): string {
  const drop = WRITING_PARAMS[type];
  if (!drop || query === '') return query;
  const params = new URLSearchParams(query.replace(/^\?/, ''));
  for (const key of drop) params.delete(key);
  const rest = params.toString();
  return rest ? `?${rest}` : '';
}
