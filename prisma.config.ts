import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { createMigrationAdapter } from './packages/db/src/migration-adapter.ts';

// Prisma 6.19.3 with the WASM schema engine (`engine: 'js'`) so that no native binary is
// downloaded; see packages/db/src/migration-adapter.ts for the adapter workarounds.
export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  migrations: { path: path.join('prisma', 'migrations') },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url) throw new Error('DATABASE_URL is not set');
    return createMigrationAdapter(url);
  },
});
