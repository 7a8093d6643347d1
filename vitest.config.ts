import { defineConfig } from 'vitest/config';

// Projects: `unit` (everything but *.integration.test.ts), then two integration lanes that need
// DATABASE_URL and KAFKA_BROKERS (which `npm test` — packages/devtools/src/test.ts — provides):
// `integration` (packages/**) and `integration-apps` (apps/**: worker processes, leases).
// `npm run test:unit` runs only the unit project.
// Unit tests run first (group 0), then both lanes at once (group 1): each lane runs one file at
// a time, so at most two integration files share the database and the broker, and never with
// the unit tests' two forks competing for the two cores. Integration tests create their own
// teams, topics and workers (workers are scoped with WORKER_TEAMS), so two lanes cannot meet.
const integration = {
  extends: true,
  test: {
    // (`fileParallelism` is a root-only option; one fork per project serialises its files.)
    poolOptions: { forks: { singleFork: true } },
    sequence: { groupOrder: 1 },
  },
} as const;

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
          sequence: { groupOrder: 0 },
        },
      },
      {
        ...integration,
        test: {
          ...integration.test,
          name: 'integration',
          include: ['packages/**/*.integration.test.ts'],
        },
      },
      {
        ...integration,
        test: {
          ...integration.test,
          name: 'integration-apps',
          include: ['apps/**/*.integration.test.ts'],
        },
      },
    ],
  },
});
