/**
 * `npm test`: every test against real services.
 *  1. PostgreSQL: DATABASE_URL's server, or an embedded one under .velo/test-pg;
 *     database `velo_test` (VELO_TEST_DATABASE) dropped, created and migrated.
 *  2. Kafka: KAFKA_BROKERS, or the local broker of infra/kafka-local.
 *  3. vitest (unit + integration), then the console build and Playwright (e2e/).
 * Ends with `N passed, M failed` and a non-zero exit on any failure or when no test ran.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { buildConsole } from './console-build.ts';
import { type PostgresHost, startPostgresHost } from './embedded-postgres.ts';
import { type KafkaHandle, startKafka } from './kafka.ts';
import { errorMessage, fail, say, warn } from './log.ts';
import { migrateDeploy } from './migrate.ts';
import { binPath, repoPath, veloDir } from './paths.ts';
import { runCommand } from './processes.ts';
import { summaryLine, type Tally, tallyPlaywright, tallyVitest } from './test-results.ts';

const TEST_DATABASE = process.env.VELO_TEST_DATABASE ?? 'velo_test';
const TEST_PG_PORT = Number(process.env.VELO_TEST_PG_PORT ?? 54329);
const RESULTS_DIR = path.join(veloDir, 'test-results');
const PLAYWRIGHT_CONFIG = repoPath('e2e', 'playwright.config.ts');

const total: Tally = { passed: 0, failed: 0, skipped: 0 };
const problems: string[] = [];
let postgres: PostgresHost | undefined;
let kafka: KafkaHandle | undefined;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function recreateDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const name = client.escapeIdentifier(database);
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

function add(tally: Tally): void {
  total.passed += tally.passed;
  total.failed += tally.failed;
  total.skipped += tally.skipped;
}

async function runVitest(env: NodeJS.ProcessEnv): Promise<void> {
  const report = path.join(RESULTS_DIR, 'vitest.json');
  say('running vitest (unit + integration) ...');
  const code = await runCommand(
    binPath('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`],
    // A full run took 21 min on 2 cores shared with a Playwright run and a benchmark (unit files,
    // then two lanes of integration files): a hang must end, a busy machine must not fail.
    { cwd: repoPath(), env, timeoutMs: 25 * 60_000 },
  );
  const tally = tallyVitest(report);
  if (!tally) {
    add({ passed: 0, failed: 1, skipped: 0 });
    problems.push(`vitest exited ${code} without a report`);
    return;
  }
  add(tally);
  if (code !== 0 && tally.failed === 0) {
    total.failed += 1;
    problems.push(`vitest exited ${code}`);
  }
  say(`vitest: ${summaryLine(tally)}`);
}

async function runPlaywright(env: NodeJS.ProcessEnv): Promise<void> {
  if (!existsSync(PLAYWRIGHT_CONFIG)) {
    const line = '!'.repeat(78);
    warn(
      `\n${line}\n  e2e/playwright.config.ts does not exist: the Playwright e2e tests were NOT run\n${line}`,
    );
    problems.push('Playwright skipped (no e2e/playwright.config.ts)');
    return;
  }
  try {
    // e2e/global-setup.ts seeds the demo team itself, so Playwright also runs on its own.
    await buildConsole(env);
  } catch (error) {
    add({ passed: 0, failed: 1, skipped: 0 });
    problems.push(`e2e setup: ${errorMessage(error)}`);
    fail(errorMessage(error));
    return;
  }
  const report = path.join(RESULTS_DIR, 'playwright.json');
  say('running Playwright (e2e) ...');
  const code = await runCommand(
    binPath('playwright'),
    ['test', '-c', PLAYWRIGHT_CONFIG, '--reporter=list,json'],
    {
      cwd: repoPath(),
      env: { ...env, PLAYWRIGHT_JSON_OUTPUT_FILE: report, PLAYWRIGHT_JSON_OUTPUT_NAME: report },
      timeoutMs: 15 * 60_000,
    },
  );
  const tally = tallyPlaywright(report);
  if (!tally) {
    add({ passed: 0, failed: 1, skipped: 0 });
    problems.push(`playwright exited ${code} without a report`);
    return;
  }
  add(tally);
  if (code !== 0 && tally.failed === 0) {
    total.failed += 1;
    problems.push(`playwright exited ${code}`);
  }
  say(`playwright: ${summaryLine(tally)}`);
}

async function main(): Promise<void> {
  rmSync(RESULTS_DIR, { recursive: true, force: true });
  mkdirSync(RESULTS_DIR, { recursive: true });

  let adminUrl: string;
  if (process.env.DATABASE_URL) {
    adminUrl = withDatabase(process.env.DATABASE_URL, 'postgres');
    say(`postgres: server of DATABASE_URL, database ${TEST_DATABASE}`);
  } else {
    say(`starting embedded PostgreSQL for tests on 127.0.0.1:${TEST_PG_PORT} (.velo/test-pg) ...`);
    postgres = await startPostgresHost({
      dataDir: path.join(veloDir, 'test-pg'),
      port: TEST_PG_PORT,
      database: 'postgres',
      logFile: path.join(veloDir, 'logs', 'test-postgres.log'),
    });
    adminUrl = postgres.adminUrl;
  }
  await recreateDatabase(adminUrl, TEST_DATABASE);
  const databaseUrl = withDatabase(adminUrl, TEST_DATABASE);
  await migrateDeploy(databaseUrl);

  kafka = await startKafka();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: kafka.brokers,
    VELO_SECRET_KEY: process.env.VELO_SECRET_KEY ?? randomBytes(32).toString('base64'),
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? randomBytes(32).toString('base64'),
    VELO_BASE_URL: process.env.VELO_BASE_URL ?? 'http://localhost:3000',
    NEXT_TELEMETRY_DISABLED: '1',
    KAFKAJS_NO_PARTITIONER_WARNING: '1',
  };
  await runVitest(env);
  await runPlaywright(env);
}

async function cleanup(): Promise<void> {
  await kafka?.stop().catch((error) => warn(`stopping kafka: ${errorMessage(error)}`));
  await postgres?.stop().catch((error) => warn(`stopping postgres: ${errorMessage(error)}`));
}

function finish(): never {
  for (const problem of problems) warn(problem);
  const ok = total.failed === 0 && total.passed > 0;
  if (total.passed === 0 && total.failed === 0) fail('no test ran');
  process.stdout.write(`\n${summaryLine(total)}\n`);
  process.exit(ok ? 0 : 1);
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    problems.push(`interrupted by ${signal}`);
    total.failed += 1;
    void cleanup().then(finish);
  });
}

main()
  .catch((error) => {
    fail(errorMessage(error));
    problems.push(`setup failed: ${errorMessage(error)}`);
    total.failed += 1;
  })
  .then(cleanup)
  .then(finish);
