import { createPrismaClient, loadKeyring, reencryptConnectionSecrets } from '@velo/db';
import { say } from './log.ts';

/**
 * After migrating: binds connection secrets sealed before issue 11 to their team and
 * connection (and re-seals any under an old key), the data step SQL cannot do without the key.
 * A no-op once every secret is bound.
 */
export async function bindConnectionSecrets(databaseUrl: string, secretKey: string): Promise<void> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const keyring = loadKeyring({ current: secretKey, previous: process.env.VELO_SECRET_KEYS_OLD });
    const { resealed } = await reencryptConnectionSecrets(prisma, keyring);
    if (resealed > 0)
      say(`connection secrets: ${resealed} re-sealed and bound to their connection`);
  } finally {
    await prisma.$disconnect();
  }
}
