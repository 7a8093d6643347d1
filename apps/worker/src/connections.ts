/**
 * Saved connections named in job SQL (`kafka://@orders-cluster/orders`) resolved to the team's
 * Connection rows. The secret is decrypted here, in the worker, and handed to the connector in
 * memory only: it is never logged, stored in checkpoints or returned anywhere.
 */
import { savedConnectionOf } from '@velo/api/saved-connections';
import { connectionSecretAad, decryptSecret, type Keyring, type PrismaClient } from '@velo/db';
import type { ResolvedConnection } from '@velo/runtime';

export class ConnectionError extends Error {
  override name = 'ConnectionError';
}

/** The resolved connection for `uri`, or undefined for a URI that names none. */
export async function resolveConnection(
  prisma: PrismaClient,
  teamId: string,
  uri: string,
  keyring: () => Keyring,
): Promise<ResolvedConnection | undefined> {
  const ref = savedConnectionOf(uri);
  if (!ref) return undefined;
  const row = await prisma.connection.findFirst({ where: { teamId, name: ref.name } });
  if (!row)
    throw new ConnectionError(
      `Connection "${ref.name}" does not exist in this team; create it under Connections or fix the name in the job's SQL, then start the job again`,
    );
  let secret: string | undefined;
  if (row.encryptedSecret && row.keyId) {
    try {
      // Sealed with its team and connection as additional data: a copied row does not open.
      secret = decryptSecret(
        keyring(),
        row.encryptedSecret,
        row.keyId,
        connectionSecretAad(row.teamId, row.id),
      );
    } catch (error) {
      throw new ConnectionError(
        `The secret of connection "${ref.name}" cannot be decrypted (${(error as Error).name}); start the worker with the key it was saved under (in VELO_SECRET_KEYS_OLD) or enter the secret again`,
      );
    }
  }
  return {
    name: row.name,
    type: row.type,
    config: (row.config ?? {}) as Record<string, unknown>,
    ...(secret === undefined ? {} : { secret }),
  };
}
