import {
  connectionSecretAad,
  decryptSecret,
  encryptSecret,
  type Keyring,
  type SealedSecret,
} from '@velo/db';

/** The row a secret belongs to: the sealed secret is bound to this team and connection. */
export interface SecretOwner {
  teamId: string;
  id: string;
}

/** Seals a connection's secret object (e.g. `{ password }`) under the current key. */
export function sealSecret(
  keyring: Keyring,
  owner: SecretOwner,
  secret: Record<string, unknown>,
): SealedSecret {
  return encryptSecret(
    keyring,
    JSON.stringify(secret),
    connectionSecretAad(owner.teamId, owner.id),
  );
}

/**
 * The secret object of a stored connection, or null when it has none. Throws when the envelope
 * was sealed for another team or connection (a ciphertext copied between rows).
 */
export function openSecret(
  keyring: Keyring,
  stored: SecretOwner & { encryptedSecret: string | null; keyId: string | null },
): Record<string, unknown> | null {
  if (!stored.encryptedSecret || !stored.keyId) return null;
  const aad = connectionSecretAad(stored.teamId, stored.id);
  return JSON.parse(decryptSecret(keyring, stored.encryptedSecret, stored.keyId, aad));
}

/** A secret object worth storing: null when every field is empty (e.g. Kafka without SASL). */
export function meaningfulSecret(
  secret: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (!secret) return null;
  const present = Object.entries(secret).filter(([, value]) => value !== undefined && value !== '');
  return present.length > 0 ? Object.fromEntries(present) : null;
}
