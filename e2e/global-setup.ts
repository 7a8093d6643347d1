import { seedDemo } from '@velo/api';
import { createPrismaClient } from '@velo/db';

/** Seeds the demo team (owner, editor, viewer) the journeys sign in as. Idempotent. */
export default async function globalSetup(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    throw new Error(
      'DATABASE_URL must point at a migrated database (the console under test uses it too)',
    );
  }
  const prisma = createPrismaClient(databaseUrl);
  try {
    await seedDemo(prisma);
  } finally {
    await prisma.$disconnect();
  }
}
