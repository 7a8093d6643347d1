/**
 * datagen → windowed aggregate → PostgreSQL (upsert on product + window) on real workers:
 * exact rows with exact numerics, and after kill -9 of the owner and a takeover, every window
 * is in the table once (replayed windows overwrite themselves: idempotent upserts).
 */
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, DATABASE_URL, prisma, unique } from './db-fixtures.ts';
import { expectedLines, windowsOf } from './expected-windows.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const SOURCE = 'datagen://orders?seed=21&rate=4000';
const SELECT = `SELECT product, SUM(amount * quantity) AS revenue, COUNT(*) AS orders,
       TUMBLE_START() AS window_start
FROM '${SOURCE}'
GROUP BY product
WINDOW TUMBLING(500ms)
EMIT FINAL`;
const LEASE_MS = 3000;
const workers: WorkerProcess[] = [];
let teamId: string;
const table = `velo_job_sink_${Date.now().toString(36)}`;
const db = new pg.Client({ connectionString: DATABASE_URL.split('?')[0] });

beforeAll(async () => {
  teamId = await createTeam();
  await db.connect();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await db.query(`DROP TABLE IF EXISTS ${table}`);
  await db.end();
  await prisma.$disconnect();
});

async function tableRows(): Promise<string[]> {
  const result = await db.query(
    `SELECT json_build_object('product', product, 'revenue', revenue::text, 'orders', orders,
            'window_start', to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS row
       FROM ${table} ORDER BY window_start, product`,
  );
  return result.rows.map((r: { row: unknown }) => JSON.stringify(r.row));
}

describe('a job with a PostgreSQL sink', () => {
  it('upserts exact windows and survives kill -9 without a missing or doubled window', async () => {
    const sink = `${DATABASE_URL.split('?')[0]}?table=${table}&mode=upsert&key=product,window_start&create=true`;
    const sql = `CREATE STREAM revenue AS\n${SELECT}\nINTO '${sink}'\nWITH ('event.time.field' = 'ts');`;
    const jobId = await createJob(teamId, sql, { desiredState: 'RUNNING' });
    const env = { WORKER_TEAMS: teamId, WORKER_LEASE_MS: String(LEASE_MS) };
    const a = spawnWorker(unique('pga'), env);
    const b = spawnWorker(unique('pgb'), env);
    workers.push(a, b);
    const first = await waitUntil(
      'RUNNING',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
        return job.actualState === 'RUNNING' ? job : null;
      },
      40_000,
    );
    await waitUntil(
      '4 windows',
      async () => {
        const count = await db
          .query(`SELECT count(DISTINCT window_start) AS n FROM ${table}`)
          .catch(() => null);
        return Number(count?.rows[0]?.n ?? 0) >= 4;
      },
      30_000,
    );
    const owner = first.ownerWorkerId === a.id ? a : b;
    owner.signal('SIGKILL');
    await owner.exited;
    await waitUntil(
      'takeover',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
        return job.actualState === 'RUNNING' && job.leaseEpoch > first.leaseEpoch;
      },
      LEASE_MS + 20_000,
    );
    const before = windowsOf(await tableRows()).size;
    await waitUntil(
      'more windows',
      async () => windowsOf(await tableRows()).size >= before + 3,
      30_000,
    );
    await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
    await waitUntil(
      'STOPPED',
      async () =>
        (await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).actualState === 'STOPPED',
    );
    const rows = await tableRows();
    const got = windowsOf(rows);
    const want = windowsOf(expectedLines(SELECT, SOURCE, 400_000));
    const starts = [...got.keys()];
    expect(starts).toEqual([...want.keys()].slice(0, starts.length));
    for (const start of starts) {
      expect([...(got.get(start) ?? [])].sort()).toEqual([...(want.get(start) ?? [])].sort());
    }
  }, 150_000);
});
