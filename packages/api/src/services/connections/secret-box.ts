import { decryptSecret, encryptSecret, type Keyring, type SealedSecret } from '@velo/db';

/** Seals a connection's secret object (e.g. `{ password }`) under the current key. */
export function sealSecret(keyring: Keyring, secret: Record<string, unknown>): SealedSecret {
  return encryptSecret(keyring, JSON.stringify(secret));
}

/** The secret object of a stored connection, or null when it has none. */
export function openSecret(
  keyring: Keyring,
  stored: { encryptedSecret: string | null; keyId: string | null },
): Record<string, unknown> | null {
  if (!stored.encryptedSecret || !stored.keyId) return null;
  return JSON.parse(decryptSecret(keyring, stored.encryptedSecret, stored.keyId));
}

/** A secret object worth storing: null when every field is empty (e.g. Kafka without SASL). */
export function meaningfulSecret(
  secret: Record<string, unknown> | null | undefined,
): Record<string, unknown> | null {
  if (!secret) return null;
  const present = Object.entries(secret).filter(([, value]) => value !== undefined && value !== '');
  return present.length > 0 ? Object.fromEntries(present) : null;
}
