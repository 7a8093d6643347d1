import type { Keyring } from '@velo/db';
import { getEgressPolicy } from '../../env.ts';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import { checkConnectionEgress } from '../connections/check-connection-egress.ts';
import { findConnection } from '../connections/find-connection.ts';
import { cleanRemoteText } from '../connections/probe-errors.ts';
import type { MutationDeps } from '../context.ts';
import { resolveSourceUri } from '../preview/resolve-source-uri.ts';
import { CATALOG_TIMEOUT_MS, type CatalogObject } from './catalog-object.ts';
import { listConnectionFiles } from './list-connection-files.ts';
import { listKafkaTopics } from './list-kafka-topics.ts';
import { listPostgresTables } from './list-postgres-tables.ts';

export interface CatalogObjects {
  connectionId: string;
  connection: string;
  type: string;
  objects: CatalogObject[];
  /** More objects exist than were listed (CATALOG_MAX_OBJECTS). */
  truncated: boolean;
}

/** A datagen connection is one generator, read in the browser: `datagen://orders?seed=7`. */
function generatorObject(config: Record<string, unknown>): CatalogObject {
  const generator = String(config.generator);
  const params = new URLSearchParams();
  if (typeof config.seed === 'number') params.set('seed', String(config.seed));
  if (typeof config.rate === 'number') params.set('rate', String(config.rate));
  const query = params.toString();
  return {
    kind: 'generator',
    name: generator,
    uri: `datagen://${generator}${query ? `?${query}` : ''}`,
    detail: 'generated in the browser',
  };
}

/**
 * What a saved connection holds: a Kafka cluster's topics, a PostgreSQL database's tables and
 * views, a file connection's files (inside VELO_FILE_ROOT), a generator. The secret is decrypted
 * here and never leaves the server; endpoints pass the egress policy; the listing is read-only
 * and bounded in time. Audited, as every use of a stored secret on a member's behalf is.
 */
export async function listCatalogObjects(
  { prisma, actor, keyring }: MutationDeps & { keyring: () => Keyring },
  input: { teamId: string; connectionId: string },
  timeoutMs = CATALOG_TIMEOUT_MS,
): Promise<CatalogObjects> {
  const row = await findConnection(prisma, input.teamId, input.connectionId);
  const config = row.config as Record<string, unknown>;
  let listed: { objects: CatalogObject[]; truncated: boolean } | undefined;
  let failure: string | null = null;
  try {
    const policy = getEgressPolicy(); // also installs it for the clients opened below
    switch (row.type) {
      case 'datagen':
        listed = { objects: [generatorObject(config)], truncated: false };
        break;
      case 'file':
        listed = await listConnectionFiles(row.name, config, policy);
        break;
      case 'kafka':
      case 'postgresql': {
        const { connection } = await resolveSourceUri(
          prisma,
          keyring,
          input.teamId,
          `${row.type}://@${row.name}/`,
        );
        if (!connection) throw new Error(`connection "${row.name}" could not be resolved`);
        await checkConnectionEgress(row.type, config, policy);
        listed =
          row.type === 'kafka'
            ? await listKafkaTopics(connection, timeoutMs)
            : await listPostgresTables(connection, timeoutMs);
        break;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    failure = cleanRemoteText(error instanceof Error ? error.message : String(error));
  }
  await writeAudit(prisma, {
    teamId: input.teamId,
    actorId: actor.userId,
    ip: actor.ip,
    action: 'catalog.objects',
    objectType: 'connection',
    objectId: row.id,
    details: {
      name: row.name,
      objects: listed?.objects.length ?? 0,
      ...(failure ? { error: failure } : {}),
    },
  });
  if (failure || !listed) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `Could not list connection "${row.name}": ${failure ?? 'its type has no catalog'}. Test the connection under Connections, fix its settings, then open the catalog again`,
    );
  }
  return {
    connectionId: row.id,
    connection: row.name,
    type: row.type,
    objects: listed.objects,
    truncated: listed.truncated,
  };
}
