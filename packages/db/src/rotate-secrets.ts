import type { PrismaClient } from './client.ts';
import { connectionSecretAad, isBoundEnvelope, type Keyring, reencryptSecret } from './crypto.ts';

export interface RotationResult {
  /** Connections with a secret. */
  total: number;
  /** Connections re-sealed under the current key and bound to their team and row. */
  resealed: number;
}

/**
 * Re-seals every connection secret that is not under the keyring's current key (step 3 of
 * a key rotation, see docs/operations.md) or not yet bound to its team and connection (the
 * upgrade step after migration 20261203080000_connection_secret_binding). Secrets whose key is
 * not in the keyring fail the whole run before anything is written.
 */
export async function reencryptConnectionSecrets(
  prisma: PrismaClient,
  keyring: Keyring,
  options: { teamId?: string } = {},
): Promise<RotationResult> {
  const rows = await prisma.connection.findMany({
    where: {
      encryptedSecret: { not: null },
      ...(options.teamId ? { teamId: options.teamId } : {}),
    },
    select: { id: true, teamId: true, encryptedSecret: true, keyId: true },
  });
  const updates = rows
    .filter((row) => row.keyId !== keyring.current.id || !isBoundEnvelope(row.encryptedSecret!))
    .map((row) => ({
      id: row.id,
      sealed: reencryptSecret(
        keyring,
        { encryptedSecret: row.encryptedSecret!, keyId: row.keyId ?? '' },
        connectionSecretAad(row.teamId, row.id),
      ),
    }));
  await prisma.$transaction(
    updates.map(({ id, sealed }) =>
      prisma.connection.update({
        where: { id },
        data: { encryptedSecret: sealed.encryptedSecret, keyId: sealed.keyId },
      }),
    ),
  );
  return { total: rows.length, resealed: updates.length };
}
