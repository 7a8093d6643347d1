import { createPrismaClient } from '@velo/db';
import { warn } from './log.ts';

export interface DemoLogin {
  email: string;
  password: string;
  role?: string;
}

interface ApiModule {
  seedDemo?: (prisma: ReturnType<typeof createPrismaClient>) => Promise<unknown>;
}

function asLogins(value: unknown): DemoLogin[] {
  const record = (value ?? {}) as { logins?: unknown; users?: unknown };
  const list = Array.isArray(value)
    ? value
    : Array.isArray(record.logins)
      ? record.logins
      : Array.isArray(record.users)
        ? record.users
        : [];
  return list.filter(
    (item): item is DemoLogin =>
      typeof (item as DemoLogin)?.email === 'string' &&
      typeof (item as DemoLogin)?.password === 'string',
  );
}

/**
 * Seeds the demo team through `seedDemo` of @velo/api (idempotent). Returns null when the
 * api package does not provide it yet.
 */
export async function seedDemoData(databaseUrl: string): Promise<DemoLogin[] | null> {
  const specifier = '@velo/api';
  let api: ApiModule;
  try {
    api = (await import(specifier)) as ApiModule;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String(error).includes('velo/api')) {
      warn('@velo/api is not there yet: skipping the demo seed');
      return null;
    }
    throw error;
  }
  if (typeof api.seedDemo !== 'function') {
    warn('@velo/api does not export seedDemo yet: skipping the demo seed');
    return null;
  }
  const prisma = createPrismaClient(databaseUrl);
  try {
    return asLogins(await api.seedDemo(prisma));
  } finally {
    await prisma.$disconnect();
  }
}
