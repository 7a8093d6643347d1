import { describe, expect, it } from 'vitest';
import {
  connectionSecretAad,
  decryptSecret,
  encryptSecret,
  keyIdOf,
  loadKeyring,
  parseSecretKey,
  readSecretKeyFromEnv,
  reencryptSecret,
} from './crypto.ts';

const HEX_KEY = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
const BASE64_KEY = Buffer.from(HEX_KEY, 'hex').toString('base64');
const OTHER_KEY = Buffer.alloc(32, 7).toString('base64');

describe('secret keys', () => {
  it('accepts the same 32-byte key as hex and as base64', () => {
    expect(parseSecretKey(HEX_KEY).equals(parseSecretKey(BASE64_KEY))).toBe(true);
    expect(loadKeyring({ current: HEX_KEY }).current.id).toBe(
      loadKeyring({ current: BASE64_KEY }).current.id,
    );
  });

  it('derives the key id from sha256 of the key', () => {
    expect(keyIdOf(parseSecretKey(HEX_KEY))).toBe('630dcd29');
    expect(loadKeyring({ current: HEX_KEY }).current.id).toMatch(/^[0-9a-f]{8}$/);
  });

  it('rejects keys of the wrong length without echoing them', () => {
    expect(() => parseSecretKey('c2hvcnQ=')).toThrow(
      'secret key must be 32 bytes, given as 64 hex characters or base64',
    );
    expect(() => parseSecretKey('abc')).toThrow(/^secret key must be 32 bytes/);
  });

  it('reads VELO_SECRET_KEY and VELO_SECRET_KEYS_OLD', () => {
    const keyring = readSecretKeyFromEnv({
      VELO_SECRET_KEY: BASE64_KEY,
      VELO_SECRET_KEYS_OLD: ` ${OTHER_KEY} ,`,
    });
    expect([...keyring.byId.keys()]).toEqual([
      keyIdOf(parseSecretKey(BASE64_KEY)),
      keyIdOf(parseSecretKey(OTHER_KEY)),
    ]);
    expect(() => readSecretKeyFromEnv({})).toThrow('VELO_SECRET_KEY is not set');
  });
});

describe('secret envelopes', () => {
  const keyring = loadKeyring({ current: BASE64_KEY });

  it('round-trips a secret and never stores it in clear', () => {
    const plaintext = JSON.stringify({ password: 'hunter2-ü' });
    const sealed = encryptSecret(keyring, plaintext);
    expect(sealed.keyId).toBe(keyring.current.id);
    expect(sealed.encryptedSecret).not.toContain('hunter2');
    expect(sealed.encryptedSecret.split('.')).toHaveLength(3);
    expect(decryptSecret(keyring, sealed.encryptedSecret, sealed.keyId)).toBe(plaintext);
  });

  it('uses a fresh IV every time', () => {
    const a = encryptSecret(keyring, 'same');
    const b = encryptSecret(keyring, 'same');
    expect(a.encryptedSecret).not.toBe(b.encryptedSecret);
  });

  it('fails with the wrong key', () => {
    const sealed = encryptSecret(keyring, 'secret');
    const other = loadKeyring({ current: OTHER_KEY });
    expect(() => decryptSecret(other, sealed.encryptedSecret, sealed.keyId)).toThrow(
      `no secret key with id ${sealed.keyId} is configured`,
    );
    // Even if the id were forged to match, authentication fails.
    expect(() => decryptSecret(other, sealed.encryptedSecret, other.current.id)).toThrow(
      'encrypted secret failed authentication',
    );
  });

  it('fails when the ciphertext, tag or IV is tampered with', () => {
    const sealed = encryptSecret(keyring, 'a secret value');
    const parts = sealed.encryptedSecret.split('.');
    for (let index = 0; index < 3; index++) {
      const bytes = Buffer.from(parts[index], 'base64');
      bytes[0] ^= 1;
      const tampered = parts.slice();
      tampered[index] = bytes.toString('base64');
      expect(() => decryptSecret(keyring, tampered.join('.'), sealed.keyId)).toThrow(
        'encrypted secret failed authentication',
      );
    }
    expect(() => decryptSecret(keyring, 'not-an-envelope', sealed.keyId)).toThrow(
      'malformed encrypted secret',
    );
  });

  it('decrypts with a previous key after rotation and re-seals under the current one', () => {
    const oldKeyring = loadKeyring({ current: OTHER_KEY });
    const sealedOld = encryptSecret(oldKeyring, 'rotate me');
    const rotated = loadKeyring({ current: BASE64_KEY, previous: OTHER_KEY });
    expect(decryptSecret(rotated, sealedOld.encryptedSecret, sealedOld.keyId)).toBe('rotate me');
    const resealed = reencryptSecret(rotated, sealedOld);
    expect(resealed.keyId).toBe(rotated.current.id);
    expect(decryptSecret(keyring, resealed.encryptedSecret, resealed.keyId)).toBe('rotate me');
    expect(reencryptSecret(rotated, resealed)).toBe(resealed);
  });
});

describe('secrets bound to their team and connection (additional data)', () => {
  const keyring = loadKeyring({ current: BASE64_KEY });
  const mine = connectionSecretAad('team-a', 'conn-1');

  it('opens only with the binding it was sealed with', () => {
    const sealed = encryptSecret(keyring, '{"password":"pw"}', mine);
    expect(sealed.encryptedSecret.startsWith('v2.')).toBe(true);
    expect(decryptSecret(keyring, sealed.encryptedSecret, sealed.keyId, mine)).toBe(
      '{"password":"pw"}',
    );
    // The ciphertext copied into another team's connection row does not open there.
    for (const elsewhere of [
      connectionSecretAad('team-b', 'conn-1'),
      connectionSecretAad('team-a', 'conn-2'),
    ]) {
      expect(() => decryptSecret(keyring, sealed.encryptedSecret, sealed.keyId, elsewhere)).toThrow(
        'encrypted secret failed authentication',
      );
    }
    expect(() => decryptSecret(keyring, sealed.encryptedSecret, sealed.keyId)).toThrow(
      'encrypted secret is bound to its connection; pass its binding',
    );
  });

  it('refuses an unbound envelope where a binding is expected, until it is re-sealed', () => {
    const legacy = encryptSecret(keyring, 'old');
    expect(() => decryptSecret(keyring, legacy.encryptedSecret, legacy.keyId, mine)).toThrow(
      'encrypted secret was sealed before secrets were bound to their connection; run `npm run secrets:reencrypt`',
    );
    const bound = reencryptSecret(keyring, legacy, mine);
    expect(bound.encryptedSecret.startsWith('v2.')).toBe(true);
    expect(decryptSecret(keyring, bound.encryptedSecret, bound.keyId, mine)).toBe('old');
    expect(reencryptSecret(keyring, bound, mine)).toBe(bound);
  });
});
