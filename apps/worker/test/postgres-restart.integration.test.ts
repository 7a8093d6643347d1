/**
 * A running job survives PostgreSQL going away and coming back (issue 7). The worker's
 * database is a PostgreSQL of this test's own (embedded, packages/devtools) — the shared server
 * is never restarted. While the database is down for several seconds the job's input keeps
 * growing; afterwards the worker process is still alive, the job runs again by itself under a
 * lease whose epoch only moved forward (each new claim fences the previous run), and the output
 * holds every input record exactly once (file sink rewound to the checkpoint a resumed run
 * restores).
 */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createPrismaClient, type PrismaClient } from '@velo/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fallbackDataDir } from '../../../packages/devtools/src/data-location.ts';
import {
  type EmbeddedPostgresOptions,
  type PostgresHost,
  startPostgresHost,
} from '../../../packages/devtools/src/embedded-postgres.ts';
import { migrateDeploy } from '../../../packages/devtools/src/migrate.ts';
import {
  FAST_ENV,
  spawnWorker,
  WORKER_START_MS,
  type WorkerProcess,
  waitUntil,
} from './worker-process.ts';

const tag = Math.random().toString(16).slice(2, 10);
// Readable by the postgres user (a root run initialises the server as that user).
const root = `/tmp/velo-pg-restart-${tag}`;
const dir = `${FAST_ENV.VELO_FILE_ROOT}/pg-restart-${tag}`;
const DOWN_MS = 6000;
let options: EmbeddedPostgresOptions;
let host: PostgresHost | undefined;
let prisma: PrismaClient | undefined;
let worker: WorkerProcess | undefined;

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A new input file (the file source in watch mode picks up new files, not appended lines). */
function addInput(from: number, count: number): void {
  const lines = Array.from({ length: count }, (_, i) => {
    const id = from + i;
    return `{"id":${id},"amount":${(id % 100) + 0.25}}`;
  });
  const name = `in-${String(from).padStart(6, '0')}.jsonl`;
  // Written beside the glob and renamed into it: the source never sees half a file.
  writeFileSync(`${dir}/${name}.tmp`, `${lines.join('\n')}\n`);
  renameSync(`${dir}/${name}.tmp`, `${dir}/${name}`);
}

function outputIds(): number[] {
  let text = '';
  try {
    text = readFileSync(`${dir}/out.jsonl`, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => (JSON.parse(l) as { id: number }).id);
}

beforeAll(async () => {
  mkdirSync(root, { recursive: true });
  chmodSync(root, 0o755);
  mkdirSync(dir, { recursive: true });
  options = {
    dataDir: path.join(root, 'pg'),
    port: await freePort(),
    database: 'velo_pg_restart',
    logFile: path.join(root, 'postgres.log'),
  };
  host = await startPostgresHost(options);
  await migrateDeploy(host.url);
  prisma = createPrismaClient(host.url);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  await prisma?.$disconnect();
  await host?.stop();
  rmSync(path.dirname(fallbackDataDir(options.dataDir)), { recursive: true, force: true });
  rmSync(root, { recursive: true, force: true });
  rmSync(dir, { recursive: true, force: true });
}, 90_000);

describe('PostgreSQL restart under a running job', () => {
  it('the worker survives, the job resumes by itself, nothing lost or doubled', async () => {
    if (!host || !prisma) throw new Error('no database');
    const db = prisma;
    const team = await db.team.create({ data: { name: `pg-${tag}`, slug: `pg-${tag}` } });
    addInput(0, 2000);
    const sql = `CREATE STREAM kept AS SELECT id, amount
FROM 'file://${dir}/in-*.jsonl?format=jsonl&watch=true&watch.interval=200ms'
WHERE amount >= 0.00
INTO 'file://${dir}/out.jsonl?format=jsonl'`;
    const job = await db.job.create({
      data: {
        teamId: team.id,
        name: `pg-restart-${tag}`,
        sql,
        createdById: 'test',
        desiredState: 'RUNNING',
      },
    });
    await db.jobVersion.create({
      data: {
        jobId: job.id,
        version: 1,
        sql,
        restartPolicy: job.restartPolicy,
        parallelism: 1,
        createdById: 'test',
      },
    });
    worker = spawnWorker(`pg-restart-${tag}`, {
      DATABASE_URL: host.url,
      WORKER_TEAMS: team.id,
      WORKER_METRICS_FLUSH_MS: '300',
    });
    const running = await waitUntil(
      'RUNNING',
      async () => {
        const j = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        return j.actualState === 'RUNNING' ? j : null;
      },
      WORKER_START_MS,
    ).catch(async (e) => {
      const j = await db.job.findUniqueOrThrow({ where: { id: job.id } });
      throw new Error(
        `${e.message}: job ${j.actualState} (${j.lastError}); worker log:\n${worker?.lines.slice(-10).join('\n')}`,
      );
    });
    await waitUntil('first records written', () => outputIds().length >= 2000, 30_000, 200);
    await new Promise((r) => setTimeout(r, 1500)); // a checkpoint covers them

    // The database goes away; records keep arriving meanwhile.
    await host.stop();
    const downAt = Date.now();
    addInput(2000, 1000);
    await new Promise((r) => setTimeout(r, DOWN_MS));
    host = await startPostgresHost(options);
    const upAt = Date.now();
    addInput(3000, 1000);
    const total = 4000;

    await waitUntil(
      'every record written after the restart',
      () => new Set(outputIds()).size >= total,
      90_000,
      300,
    ).catch(async (e) => {
      throw new Error(
        `${e.message}: ${new Set(outputIds()).size} written; worker log:\n${worker?.lines.slice(-15).join('\n')}`,
      );
    });
    const recoveredMs = Date.now() - upAt;
    const final = await waitUntil(
      'RUNNING again',
      async () => {
        const j = await db.job.findUniqueOrThrow({ where: { id: job.id } });
        return j.actualState === 'RUNNING' ? j : null;
      },
      30_000,
    );
    await new Promise((r) => setTimeout(r, 2000)); // nothing more arrives (no late duplicate)
    const ids = outputIds();
    const runs = await db.jobRun.findMany({
      where: { jobId: job.id },
      orderBy: { startedAt: 'asc' },
    });
    const logs = worker.lines.filter((l) => /lease|database|failed|restart/i.test(l));
    console.info(
      `postgres restart: down ${upAt - downAt} ms; ${total} in, ${ids.length} out, ` +
        `${new Set(ids).size} distinct; all written ${recoveredMs} ms after the database was back; ` +
        `lease epoch ${running.leaseEpoch} → ${final.leaseEpoch}; runs: ` +
        runs.map((r) => `${r.leaseEpoch}:${r.finalState ?? r.state}`).join(' ') +
        `\n${logs.slice(-8).join('\n')}`,
    );
    expect(worker.proc.exitCode).toBeNull();
    expect(ids.length).toBe(total);
    expect([...ids].sort((a, b) => a - b)).toEqual(Array.from({ length: total }, (_, i) => i));
    expect(final.ownerWorkerId).toBe(worker.id);
    expect(final.desiredState).toBe('RUNNING');
    // Fencing: every claim has a higher epoch than the one before; one run at a time, and
    // only the newest is not finished.
    const epochs = runs.map((r) => r.leaseEpoch);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    expect(new Set(epochs).size).toBe(epochs.length);
    expect(final.leaseEpoch).toBe(epochs.at(-1));
    expect(runs.filter((r) => r.endedAt === null).length).toBe(1);
    expect(runs.at(-1)?.state).toBe('RUNNING');
    // A run that could not record its end (the database was gone) is ended by the next claim.
    for (const r of runs.slice(0, -1)) {
      expect(r.finalState).not.toBeNull();
      if (r.finalState === 'FAILED' && r.error?.startsWith('ended unrecorded'))
        expect(r.error).toBe(
          `ended unrecorded (its worker died or lost the database); lease epoch ${r.leaseEpoch + 1} took over`,
        );
    }
  }, 400_000);
});
