/**
 * `npm run secrets:reencrypt`: after a key rotation (VELO_SECRET_KEY = new key,
 * VELO_SECRET_KEYS_OLD = old keys), re-seals every connection secret under the new key.
 */
import { createPrismaClient, readSecretKeyFromEnv, reencryptConnectionSecrets } from '@velo/db';
import { errorMessage, fail, say } from './log.ts';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  fail('DATABASE_URL is not set');
  process.exit(1);
}
const prisma = createPrismaClient(databaseUrl);
try {
  const keyring = readSecretKeyFromEnv();
  const { total, resealed } = await reencryptConnectionSecrets(prisma, keyring);
  say(`${resealed} of ${total} connection secrets re-sealed under key ${keyring.current.id}`);
} catch (error) {
  fail(errorMessage(error));
  process.exitCode = 1;
} finally {
  await prisma.$disconnect();
}
