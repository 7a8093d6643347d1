/**
 * `npm start`: PostgreSQL (DATABASE_URL, or embedded under .velo/pg) -> migrations -> demo
 * seed -> console (port 3000) + one worker. Ctrl-C or SIGTERM stops the worker, the console
 * and then Postgres; a second start reuses the data.
 */
import path from 'node:path';
import { buildConsole, consoleDir, consoleIsBuilt } from './console-build.ts';
import {
  assertPortFree,
  defaultPort,
  type PostgresHost,
  startPostgresHost,
} from './embedded-postgres.ts';
import { errorMessage, fail, redactUrl, say, warn } from './log.ts';
import { migrateDeploy } from './migrate.ts';
import { binPath, repoPath, veloDir } from './paths.ts';
import { type ManagedProcess, startProcess } from './processes.ts';
import { bindConnectionSecrets } from './reseal-secrets.ts';
import { resolveSecrets } from './secret-key.ts';
import { type DemoLogin, seedDemoData } from './seed.ts';

const CONSOLE_PORT = Number(process.env.VELO_CONSOLE_PORT ?? 3000);
const WORKER_METRICS_PORT = process.env.WORKER_METRICS_PORT ?? '9464';

let postgres: PostgresHost | undefined;
const children: ManagedProcess[] = [];
let shuttingDown: Promise<void> | undefined;

function printLogins(logins: DemoLogin[] | null): void {
  if (!logins || logins.length === 0) return;
  say('demo logins (team "Demo"):');
  for (const login of logins) {
    const role = login.role ? `  ${login.role.padEnd(7)}` : ' ';
    process.stdout.write(`     ${role} ${login.email.padEnd(20)} password: ${login.password}\n`);
  }
}

/**
 * Stops the children (worker first, it may still release leases), then Postgres. `graceMs`:
 * after a terminal Ctrl-C the children got SIGINT themselves, so they get a moment first.
 */
async function shutdown(reason: string, exitCode: number, graceMs = 0): Promise<void> {
  shuttingDown ??= (async () => {
    say(`${reason}; stopping ...`);
    for (const child of children.slice().reverse()) {
      const status = await Promise.race([
        child.exited,
        new Promise<null>((resolve) => setTimeout(() => resolve(null), graceMs)),
      ]);
      if (status === null) await child.stop('SIGTERM', 10_000);
      say(`${child.name} stopped`);
    }
    if (postgres) {
      await postgres.stop();
      say('postgres stopped');
    }
    process.exit(exitCode);
  })();
  return shuttingDown;
}

async function main(): Promise<void> {
  let forced = false;
  let firstSignalAt = 0;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) {
        // One Ctrl-C reaches this process several times (the terminal, npm and tsx each
        // forward it); only a signal well after the first one means "kill it now".
        if (forced || Date.now() - firstSignalAt < 2_000) return;
        forced = true;
        warn('second signal: killing everything now');
        for (const child of children) child.child.kill('SIGKILL');
        postgres?.child.kill('SIGTERM');
        setTimeout(() => process.exit(130), 2_000).unref();
        return;
      }
      firstSignalAt = Date.now();
      void shutdown(`${signal} received`, 0, signal === 'SIGINT' ? 3_000 : 0);
    });
  }

  const secrets = resolveSecrets({ stateDir: veloDir });
  if (secrets.secretKeySource !== 'environment') {
    say(`VELO_SECRET_KEY: from ${path.relative(repoPath(), secrets.secretKeySource)}`);
  }

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    say(`database: ${redactUrl(databaseUrl)} (DATABASE_URL)`);
  } else {
    const port = defaultPort();
    say(`starting embedded PostgreSQL on 127.0.0.1:${port} (data in .velo/pg) ...`);
    postgres = await startPostgresHost({
      dataDir: path.join(veloDir, 'pg'),
      port,
      database: 'velo',
      logFile: path.join(veloDir, 'logs', 'postgres.log'),
    });
    databaseUrl = postgres.url;
    say(`database: ${redactUrl(databaseUrl)}`);
  }

  await migrateDeploy(databaseUrl);
  await bindConnectionSecrets(databaseUrl, secrets.secretKey);
  printLogins(await seedDemoData(databaseUrl));

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    VELO_SECRET_KEY: secrets.secretKey,
    VELO_BASE_URL: process.env.VELO_BASE_URL ?? `http://localhost:${CONSOLE_PORT}`,
    WORKER_METRICS_PORT,
    // Without SMTP_URL, account and invitation mails are written here (links also logged).
    VELO_MAIL_DIR: process.env.VELO_MAIL_DIR ?? path.join(veloDir, 'mail'),
    // One machine: egress may reach loopback (the local broker) although `next start` runs
    // with NODE_ENV=production; file connections live under .velo/files.
    VELO_MODE: process.env.VELO_MODE ?? 'embedded',
    VELO_FILE_ROOT: process.env.VELO_FILE_ROOT ?? path.join(veloDir, 'files'),
  };
  if (secrets.authSecret) env.BETTER_AUTH_SECRET = secrets.authSecret;

  // VELO_NO_CONSOLE=1: no console here (e.g. `npm run dev -w @velo/console` runs beside it).
  const withConsole = process.env.VELO_NO_CONSOLE !== '1';
  if (withConsole) {
    if (!consoleIsBuilt()) await buildConsole(env);
    await assertPortFree(CONSOLE_PORT).catch(() => {
      throw new Error(
        `port ${CONSOLE_PORT} is in use; stop what runs there or set VELO_CONSOLE_PORT`,
      );
    });
    children.push(
      startProcess('console', binPath('next'), ['start', '-p', String(CONSOLE_PORT)], {
        cwd: consoleDir,
        env: { ...env, NODE_ENV: 'production', NEXT_TELEMETRY_DISABLED: '1' },
      }),
    );
  }
  children.push(
    startProcess('worker', binPath('tsx'), [repoPath('apps', 'worker', 'src', 'main.ts')], {
      cwd: repoPath(),
      env,
    }),
  );
  for (const child of children) {
    void child.exited.then((status) => {
      if (shuttingDown) return;
      fail(`${child.name} exited unexpectedly (${status.signal ?? `code ${status.code}`})`);
      void shutdown(`${child.name} died`, 1);
    });
  }

  if (withConsole) say(`console:  http://localhost:${CONSOLE_PORT}`);
  say(`worker metrics: http://localhost:${WORKER_METRICS_PORT}/metrics`);
  say('Velo is running. Press Ctrl-C to stop.');
}

main().catch(async (error) => {
  if (shuttingDown) return; // interrupted mid-start: the steps fail as their processes stop
  fail(errorMessage(error));
  await shutdown('start failed', 1);
});
