import type { Keyring, PrismaClient } from '@velo/db';

/** Who is acting, for the audit log. */
export interface Actor {
  userId: string;
  ip: string | null;
}

/** What services need from the outside world, passed in so they run without HTTP. */
export interface ServiceDeps {
  prisma: PrismaClient;
}

export interface MutationDeps extends ServiceDeps {
  actor: Actor;
}

export interface SecretDeps extends MutationDeps {
  keyring: Keyring;
}
