import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const port = 3100;
const baseURL = process.env.E2E_BASE_URL ?? `http://127.0.0.1:${port}`;
const consoleDir = fileURLToPath(new URL('../apps/console', import.meta.url));
const WORKER_PORT = 9474;
// The jobs journey (jobs-kafka.spec.ts) needs a worker; the one started below answers here.
process.env.WORKER_HEALTH_URL ??= `http://127.0.0.1:${WORKER_PORT}/healthz`;
const repoDir = fileURLToPath(new URL('..', import.meta.url));
const FILE_ROOT =
  process.env.VELO_FILE_ROOT ?? fileURLToPath(new URL('../.velo/files', import.meta.url));
// Specs that save file connections need paths inside the root the console confines them to.
process.env.VELO_FILE_ROOT = FILE_ROOT;
const MAIL_DIR =
  process.env.VELO_MAIL_DIR ?? fileURLToPath(new URL('../.velo/e2e-mail', import.meta.url));

const chromium = {
  ...devices['Desktop Chrome'],
  // Debian's Chromium: Playwright's own browser builds cannot be downloaded here.
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  },
};

export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  globalSetup: './global-setup.ts',
  fullyParallel: false,
  workers: 1,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  outputDir: '../.velo/e2e-results',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    // Signs each demo user in once per run; the journeys reuse those sessions (auth.setup.ts).
    { name: 'setup', testMatch: /auth\.setup\.ts$/, use: chromium },
    { name: 'chromium', dependencies: ['setup'], use: chromium },
  ],
  // Without E2E_BASE_URL, run the built console (`npm run build -w @velo/console` first) and a
  // worker. Both inherit DATABASE_URL, KAFKA_BROKERS, VELO_SECRET_KEY and BETTER_AUTH_SECRET.
  webServer: process.env.E2E_BASE_URL
    ? undefined
    : [
        {
          command: `npx next start -p ${port} -H 127.0.0.1`,
          cwd: consoleDir,
          url: `${baseURL}/sign-in`,
          timeout: 120_000,
          reuseExistingServer: !process.env.CI,
          env: {
            VELO_BASE_URL: baseURL,
            NODE_ENV: 'production',
            // The built console on one machine: loopback egress allowed, files under .velo/files.
            VELO_MODE: 'embedded',
            VELO_FILE_ROOT: FILE_ROOT,
            // No SMTP here: mails go to files, which the journeys read (e2e/support.ts).
            VELO_MAIL_DIR: MAIL_DIR,
          },
          stdout: 'pipe',
          stderr: 'pipe',
        },
        {
          command: `node --import tsx apps/worker/src/main.ts`,
          cwd: repoDir,
          url: process.env.WORKER_HEALTH_URL,
          timeout: 180_000,
          reuseExistingServer: !process.env.CI,
          env: {
            VELO_MODE: 'embedded',
            VELO_FILE_ROOT: FILE_ROOT,
            WORKER_METRICS_PORT: String(WORKER_PORT),
            WORKER_ID: 'e2e-worker',
          },
          stdout: 'pipe',
          stderr: 'pipe',
        },
      ],
});
