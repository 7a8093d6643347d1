/**
 * AES-256-GCM envelopes for connection secrets.
 *
 * The envelope is `base64(iv).base64(tag).base64(ciphertext)` (12-byte random IV, 16-byte tag)
 * and is stored next to the id of the key that sealed it, so keys can be rotated: the
 * current key encrypts, the current and previous keys decrypt. A key id is the first 8 hex
 * characters of sha256(key) — it identifies a key without revealing it.
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

export function encryptSecret(keyring: Keyring, plaintext: string): SealedSecret {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, keyring.current.key, iv, { authTagLength: TAG_BYTES });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const tag = cipher.getAuthTag();
  const encryptedSecret = [iv, tag, ciphertext].map((part) => part.toString('base64')).join('.');
  return { encryptedSecret, keyId: keyring.current.id };
}

export function decryptSecret(keyring: Keyring, encryptedSecret: string, keyId: string): string {
  const secretKey = keyring.byId.get(keyId);
  if (!secretKey) throw new SecretDecryptionError(`no secret key with id ${keyId} is configured`);
  const parts = encryptedSecret.split('.');
  if (parts.length !== 3) throw new SecretDecryptionError('malformed encrypted secret');
  const [iv, tag, ciphertext] = parts.map((part) => Buffer.from(part, 'base64'));
  if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretDecryptionError('malformed encrypted secret');
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, secretKey.key, iv, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretDecryptionError('encrypted secret failed authentication');
  }
}

/** Re-seals a secret under the current key (for rotation); returns it unchanged if current. */
export function reencryptSecret(keyring: Keyring, sealed: SealedSecret): SealedSecret {
  if (sealed.keyId === keyring.current.id) return sealed;
  return encryptSecret(keyring, decryptSecret(keyring, sealed.encryptedSecret, sealed.keyId));
}
