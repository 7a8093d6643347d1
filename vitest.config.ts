import { defineConfig } from 'vitest/config';

// Two projects: `unit` (everything but *.integration.test.ts) and `integration` (needs
// DATABASE_URL and KAFKA_BROKERS, which `npm test` — packages/devtools/src/test.ts — provides).
// `npm run test:unit` runs only the unit project. Integration files share one database, so
// they run one file at a time.
export default defineConfig({
  test: {
    exclude: ['**/node_modules/**', '**/.next/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/**/*.test.ts', 'apps/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/.next/**', '**/*.integration.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['packages/**/*.integration.test.ts', 'apps/**/*.integration.test.ts'],
          // (`fileParallelism` is a root-only option; one fork per project serialises files.)
          poolOptions: { forks: { singleFork: true } },
        },
      },
    ],
  },
});
