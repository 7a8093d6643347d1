/**
 * Browser-safe (imports only the browser-safe connection kinds): the console's form says the
 * same thing the server does (`@velo/api/endpoint-change`).
 */
import type { ConnectionTypeName } from './connection-kinds';

/**
 * The settings a stored secret was given for: where it is sent (host, port, brokers), as whom
 * (user, database, SASL) and how (SSL). A secret must never follow a change of any of them, or
 * an ADMIN could repoint a connection at their own server and press Test to read it.
 */
const SECRET_BOUND_FIELDS: Record<ConnectionTypeName, string[]> = {
  postgresql: ['host', 'port', 'database', 'user', 'ssl'],
  kafka: ['brokers', 'ssl', 'sasl'],
  file: [],
  datagen: [],
};

/** The secret-bound fields that differ between two configs of one type (empty: none). */
export function secretBoundChanges(
  type: ConnectionTypeName,
  before: unknown,
  after: unknown,
): string[] {
  const previous = (before ?? {}) as Record<string, unknown>;
  const next = (after ?? {}) as Record<string, unknown>;
  return SECRET_BOUND_FIELDS[type].filter(
    (field) => JSON.stringify(previous[field] ?? null) !== JSON.stringify(next[field] ?? null),
  );
}
