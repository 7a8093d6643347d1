/**
 * AES-256-GCM envelopes for connection secrets.
 *
 * The envelope is `base64(iv).base64(tag).base64(ciphertext)` (12-byte random IV, 16-byte tag)
 * and is stored next to the id of the key that sealed it, so keys can be rotated: the
 * current key encrypts, the current and previous keys decrypt. A key id is the first 8 hex
 * characters of sha256(key) — it identifies a key without revealing it.
 *
 * Connection secrets are sealed with additional authenticated data naming their team and
 * connection (`connectionSecretAad`), in a `v2.` envelope: a ciphertext copied into another
 * row (another team's connection) fails authentication instead of decrypting there. Envelopes
 * without the prefix were sealed before that binding; they open only where the caller allows
 * it (re-sealing them, `reencryptConnectionSecrets`).
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface SecretKey {
  readonly id: string;
  readonly key: Buffer;
}

export interface Keyring {
  readonly current: SecretKey;
  /** Every key that may decrypt, by id (the current key included). */
  readonly byId: ReadonlyMap<string, SecretKey>;
}

/** The additional data that binds a connection's secret to its team and row. */
export function connectionSecretAad(teamId: string, connectionId: string): string {
  return `velo:connection-secret:${teamId}:${connectionId}`;
}

const BOUND_PREFIX = 'v2';

/** Whether an envelope carries additional data (sealed with `aad`). */
export function isBoundEnvelope(encryptedSecret: string): boolean {
  return encryptedSecret.startsWith(`${BOUND_PREFIX}.`);
}

export interface SealedSecret {
  encryptedSecret: string;
  keyId: string;
}

export class SecretKeyError extends Error {
  override name = 'SecretKeyError';
}

export class SecretDecryptionError extends Error {
  override name = 'SecretDecryptionError';
}

/** Parses a 32-byte key given as 64 hex characters or as base64. Never echoes the key. */
export function parseSecretKey(encoded: string): Buffer {
  const text = encoded.trim();
  if (/^[0-9a-fA-F]{64}$/.test(text)) return Buffer.from(text, 'hex');
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) {
    const bytes = Buffer.from(text, 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  throw new SecretKeyError('secret key must be 32 bytes, given as 64 hex characters or base64');
}

export function keyIdOf(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

/** A fresh random key, base64-encoded (the format `VELO_SECRET_KEY` takes). */
export function generateSecretKey(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

export function loadKeyring(options: { current: string; previous?: string }): Keyring {
  const currentKey = parseSecretKey(options.current);
  const current: SecretKey = { id: keyIdOf(currentKey), key: currentKey };
  const byId = new Map<string, SecretKey>([[current.id, current]]);
  const previous = (options.previous ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  for (const encoded of previous) {
    const key = parseSecretKey(encoded);
    const id = keyIdOf(key);
    if (!byId.has(id)) byId.set(id, { id, key });
  }
  return { current, byId };
}

/** The keyring from `VELO_SECRET_KEY` (+ optional `VELO_SECRET_KEYS_OLD`). */
export function readSecretKeyFromEnv(env: NodeJS.ProcessEnv = process.env): Keyring {
  const current = env.VELO_SECRET_KEY;
  if (!current) throw new SecretKeyError('VELO_SECRET_KEY is not set');
  return loadKeyring({ current, previous: env.VELO_SECRET_KEYS_OLD });
}

/** Seals `plaintext` under the current key; with `aad`, bound to it (a `v2.` envelope). */
export function encryptSecret(keyring: Keyring, plaintext: string, aad?: string): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyring.current.key, iv, { authTagLength: TAG_BYTES });
  if (aad !== undefined) cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const parts = [iv, tag, ciphertext].map((part) => part.toString('base64'));
  const encryptedSecret = (aad === undefined ? parts : [BOUND_PREFIX, ...parts]).join('.');
  return { encryptedSecret, keyId: keyring.current.id };
}

export interface DecryptOptions {
  /** Open an envelope sealed before secrets were bound, although `aad` is given (re-sealing). */
  allowUnbound?: boolean;
}

/**
 * Opens an envelope. A bound envelope opens only with the `aad` it was sealed with; an unbound
 * one only when no `aad` is asked for, or with `allowUnbound`.
 */
export function decryptSecret(
  keyring: Keyring,
  encryptedSecret: string,
  keyId: string,
  aad?: string,
  options: DecryptOptions = {},
): string {
  const secretKey = keyring.byId.get(keyId);
  if (!secretKey) throw new SecretDecryptionError(`no secret key with id ${keyId} is configured`);
  const bound = isBoundEnvelope(encryptedSecret);
  const parts = encryptedSecret.split('.').slice(bound ? 1 : 0);
  if (parts.length !== 3) throw new SecretDecryptionError('malformed encrypted secret');
  if (bound && aad === undefined) {
    throw new SecretDecryptionError(
      'encrypted secret is bound to its connection; pass its binding',
    );
  }
  if (!bound && aad !== undefined && !options.allowUnbound) {
    throw new SecretDecryptionError(
      'encrypted secret was sealed before secrets were bound to their connection; run `npm run secrets:reencrypt`',
    );
  }
  const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError('malformed encrypted secret');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, secretKey.key, iv, { authTagLength: TAG_BYTES });
    if (bound) decipher.setAAD(Buffer.from(aad as string, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('encrypted secret failed authentication');
  }
}

/**
 * Re-seals a secret under the current key (rotation) and, given `aad`, binds an unbound one;
 * returns it unchanged when it is already current (and bound, if `aad` is given).
 */
export function reencryptSecret(
  keyring: Keyring,
  sealed: SealedSecret,
  aad?: string,
): SealedSecret {
  const needsBinding = aad !== undefined && !isBoundEnvelope(sealed.encryptedSecret);
  if (sealed.keyId === keyring.current.id && !needsBinding) return sealed;
  const plaintext = decryptSecret(keyring, sealed.encryptedSecret, sealed.keyId, aad, {
    allowUnbound: true,
  });
  return encryptSecret(keyring, plaintext, aad);
}
