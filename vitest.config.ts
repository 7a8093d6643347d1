import { defineConfig } from 'vitest/config';

// One config for unit and integration tests. Integration tests (`*.integration.test.ts`) need
// DATABASE_URL and KAFKA_BROKERS, which `npm test` (packages/devtools/src/test.ts) provides.
export default defineConfig({
  test: {
    include: ['packages/**/*.test.ts', 'apps/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
  },
});
