import { createPrismaClient, type Keyring, loadKeyring, type PrismaClient } from '@velo/db';
import { getEnv, requireDatabaseUrl } from './env.ts';

/** A client inside `prisma.$transaction(async (tx) => ...)`. */
export type TransactionClient = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Either the client or a transaction: what services that only query or write accept. */
export type Db = PrismaClient | TransactionClient;

let prisma: PrismaClient | undefined;
let keyring: Keyring | undefined;

/** The process-wide Prisma client built from DATABASE_URL. */
export function getPrisma(): PrismaClient {
  prisma ??= createPrismaClient(requireDatabaseUrl());
  return prisma;
}

/** The keyring from VELO_SECRET_KEY (+ VELO_SECRET_KEYS_OLD), loaded on first use. */
export function getKeyring(): Keyring {
  if (!keyring) {
    const env = getEnv();
    if (!env.VELO_SECRET_KEY) throw new Error('VELO_SECRET_KEY is not set');
    keyring = loadKeyring({ current: env.VELO_SECRET_KEY, previous: env.VELO_SECRET_KEYS_OLD });
  }
  return keyring;
}
