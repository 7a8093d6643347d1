export { createPrismaClient, type PrismaClient } from './client.ts';
export {
  connectionSecretAad,
  type DecryptOptions,
  decryptSecret,
  encryptSecret,
  generateSecretKey,
  isBoundEnvelope,
  type Keyring,
  keyIdOf,
  loadKeyring,
  parseSecretKey,
  readSecretKeyFromEnv,
  reencryptSecret,
  type SealedSecret,
  SecretDecryptionError,
  type SecretKey,
  SecretKeyError,
} from './crypto.ts';
export * from './generated/enums.ts';
export type * from './generated/models.ts';
export { type RotationResult, reencryptConnectionSecrets } from './rotate-secrets.ts';
