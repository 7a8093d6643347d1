/**
 * Exactly-once into a PostgreSQL INSERT sink in Velo's own database (real worker processes, real
 * PostgreSQL and Kafka): the sink's output since the last checkpoint commits in one transaction
 * with the Checkpoint row, so after kill -9 of the owner at seeded points and a takeover the
 * table holds every input's effect once — 0 lost, 0 duplicated — and a zombie (SIGSTOP past its
 * lease, SIGCONT) commits nothing.
 */
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createTopic,
  deleteTopic,
  produce,
  uniqueName,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { createJob, createTeam, DATABASE_URL, prisma, unique } from './db-fixtures.ts';
import { compareWindows, expectedLines, windowsOf } from './expected-windows.ts';
import { spawnWorker, WORKER_START_MS, type WorkerProcess, waitUntil } from './worker-process.ts';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const BASE = DATABASE_URL.split('?')[0];
const SOURCE = 'datagen://orders?seed=33&rate=4000';
const SELECT = `SELECT product, SUM(amount * quantity) AS revenue, COUNT(*) AS orders,
       TUMBLE_START() AS window_start
FROM '${SOURCE}'
GROUP BY product
WINDOW TUMBLING(500ms)
EMIT FINAL`;
const LEASE_MS = 3000;
const workers: WorkerProcess[] = [];
const tables: string[] = [];
const topics: string[] = [];
const db = new pg.Client({ connectionString: BASE });
let teamId: string;

/** Mulberry32: the kill points are reproducible from the seed. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

beforeAll(async () => {
  await db.connect();
  teamId = await createTeam();
});

afterEach(async () => {
  for (const w of workers) w.signal('SIGCONT');
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});

afterAll(async () => {
  for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`).catch(() => undefined);
  for (const t of topics) await deleteTopic(t);
  await db.end();
  await prisma.$disconnect();
});

function newTable(): string {
  const name = `velo_pg_eo_${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  tables.push(name);
  return name;
}

function startWorker(team = teamId): WorkerProcess {
  const w = spawnWorker(unique('pgeo'), { WORKER_TEAMS: team, WORKER_LEASE_MS: String(LEASE_MS) });
  workers.push(w);
  return w;
}

const windowSql = (table: string) =>
  `CREATE STREAM revenue AS\n${SELECT}\nINTO '${BASE}?table=${table}&create=true'\nWITH ('event.time.field' = 'ts');`;

/** The table's rows as the JSON lines the engine formats (exact numerics as text). */
async function tableRows(table: string): Promise<string[]> {
  const result = await db
    .query(
      `SELECT json_build_object('product', product, 'revenue', revenue::text, 'orders', orders,
            'window_start', to_char(window_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) AS row
       FROM ${table} ORDER BY window_start, product`,
    )
    .catch(() => ({ rows: [] }));
  return result.rows.map((r: { row: unknown }) => JSON.stringify(r.row));
}

async function runningOwner(jobId: string) {
  const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
  return job.actualState === 'RUNNING' ? job : null;
}

async function stopJob(jobId: string): Promise<void> {
  await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
  await waitUntil(
    'STOPPED',
    async () =>
      (await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).actualState === 'STOPPED',
    30_000,
  );
}

describe('PostgreSQL INSERT sink in Velo’s database, exactly once', () => {
  it('kill -9 at seeded points: every window once in the table (0 lost, 0 duplicated)', async () => {
    const table = newTable();
    const jobId = await createJob(teamId, windowSql(table), { desiredState: 'RUNNING' });
    const pool = new Map<string, WorkerProcess>();
    for (const w of [startWorker(), startWorker()]) pool.set(w.id, w);
    const random = seeded(20261203);
    const kills = Number(process.env.CRASH_KILLS ?? 3);
    const takeovers: number[] = [];
    let current = await waitUntil('first owner', () => runningOwner(jobId), WORKER_START_MS);
    const victimLines: string[] = [];
    for (let i = 0; i < kills; i++) {
      await new Promise((resolve) => setTimeout(resolve, 800 + Math.floor(random() * 2200)));
      const victim = pool.get(current.ownerWorkerId as string);
      if (!victim)
        throw new Error(`owner ${current.ownerWorkerId} is not one of the test's workers`);
      const epoch = current.leaseEpoch;
      victim.signal('SIGKILL');
      const killedAt = Date.now();
      await victim.exited;
      victimLines.push(...victim.lines);
      pool.delete(victim.id);
      current = await waitUntil(
        'takeover',
        async () => {
          const job = await runningOwner(jobId);
          return job && job.leaseEpoch > epoch ? job : null;
        },
        LEASE_MS + 30_000,
        25,
      );
      takeovers.push(Date.now() - killedAt);
      const replacement = startWorker();
      pool.set(replacement.id, replacement);
      await waitUntil(
        'replacement up',
        () => replacement.lines.some((l) => l.includes('job loop started')),
        WORKER_START_MS,
      );
    }
    const before = windowsOf(await tableRows(table)).size;
    await waitUntil(
      'more windows',
      async () => windowsOf(await tableRows(table)).size > before + 2,
      30_000,
    );
    await stopJob(jobId);
    const rows = await tableRows(table);
    const result = compareWindows(rows, expectedLines(SELECT, SOURCE, 600_000));
    console.info(
      `postgres exactly-once crash: ${kills} kills, RUNNING again after ms ${takeovers.join(', ')}, ${rows.length} rows, windows ${result.windows}, missing ${result.missing.length}, duplicates ${result.duplicates}, wrong ${result.wrong.length}`,
    );
    // the runs said they commit with the checkpoints (not the at-least-once path)
    expect(victimLines.some((l) => l.includes('commits with each checkpoint'))).toBe(true);
    expect(result.missing).toEqual([]);
    expect(result.wrong).toEqual([]);
    expect(result.duplicates).toBe(0);
    expect(result.windows).toBeGreaterThan(6);
    const runs = await prisma.jobRun.findMany({ where: { jobId }, orderBy: { startedAt: 'asc' } });
    expect(runs.length).toBeGreaterThanOrEqual(kills + 1);
    expect(runs.slice(1).some((r) => r.restoredCheckpointEpoch !== null)).toBe(true);
  }, 900_000);

  // at parallelism 2 each task commits its share of the output with its own checkpoints
  it.each([1, 2])(
    'Kafka → PostgreSQL INSERT at parallelism %i, kill -9 mid-stream: every id exactly once',
    async (parallelism) => {
      const team = await createTeam();
      const input = await createTopic('velo-pgeo-in', 2);
      topics.push(input);
      const table = newTable();
      const sql = `CREATE STREAM kept AS
SELECT id, amount FROM 'kafka://${BROKERS}/${input}?group_id=${uniqueName('g')}'
WHERE amount >= 0.00
INTO '${BASE}?table=${table}&create=true';`;
      const jobId = await createJob(team, sql);
      await prisma.job.update({
        where: { id: jobId },
        data: { parallelism, desiredState: 'RUNNING' },
      });
      const a = startWorker(team);
      const b = startWorker(team);
      const first = await waitUntil('RUNNING', () => runningOwner(jobId), WORKER_START_MS);
      const count = async () =>
        Number(
          (await db.query(`SELECT count(*) AS n FROM ${table}`).catch(() => null))?.rows[0].n ?? 0,
        );
      let produced = 0;
      let killedAt = Number.POSITIVE_INFINITY;
      const producing = (async () => {
        while (produced < 8000 || produced < killedAt + 2000) {
          const batch = Array.from({ length: 200 }, (_, i) => {
            const id = produced + i;
            // both partitions, so at parallelism 2 both tasks write
            return {
              partition: id % 2,
              key: `k${id % 13}`,
              value: `{"id":${id},"amount":${(id % 100) + 0.25}}`,
            };
          });
          await produce(input, batch);
          produced += batch.length;
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      })();
      await waitUntil('output under way', async () => (await count()) >= 1000, 120_000, 100);
      const owner = first.ownerWorkerId === a.id ? a : b;
      owner.signal('SIGKILL');
      await owner.exited;
      killedAt = produced;
      await producing;
      const total = produced;
      await waitUntil('every id in the table', async () => (await count()) >= total, 120_000, 500);
      await stopJob(jobId);
      const rows = await db.query(`SELECT id, amount::text AS amount FROM ${table} ORDER BY id`);
      const ids = rows.rows.map((r: { id: string }) => Number(r.id));
      const distinct = new Set(ids);
      console.info(
        `kafka → postgres insert exactly-once crash at parallelism ${parallelism}: ${total} in, ${ids.length} rows, ${distinct.size} distinct, ${total - distinct.size} lost, ${ids.length - distinct.size} duplicates`,
      );
      expect(rows.rows).toEqual(
        Array.from({ length: total }, (_, id) => ({
          id: String(id),
          amount: `${(id % 100) + 0.25}`,
        })),
      );
      const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      expect(job.leaseEpoch).toBeGreaterThan(first.leaseEpoch);
    },
    600_000,
  );

  it('a zombie (SIGSTOP past its lease, then SIGCONT) commits nothing', async () => {
    const team = await createTeam();
    const table = newTable();
    const jobId = await createJob(team, windowSql(table), { desiredState: 'RUNNING' });
    const a = startWorker(team);
    const first = await waitUntil(
      'owner A',
      async () => {
        const job = await runningOwner(jobId);
        return job?.ownerWorkerId === a.id ? job : null;
      },
      WORKER_START_MS,
    );
    await waitUntil('2 windows', async () => windowsOf(await tableRows(table)).size >= 2, 30_000);
    a.signal('SIGSTOP');
    const stoppedAt = new Date();
    const b = startWorker(team);
    const taken = await waitUntil(
      'B takes over',
      async () => {
        const job = await runningOwner(jobId);
        return job?.ownerWorkerId === b.id ? job : null;
      },
      LEASE_MS + WORKER_START_MS,
    );
    expect(taken.leaseEpoch).toBe(first.leaseEpoch + 1);
    const atTakeover = windowsOf(await tableRows(table)).size;
    await waitUntil(
      'B writes',
      async () => windowsOf(await tableRows(table)).size >= atTakeover + 2,
      30_000,
    );
    a.signal('SIGCONT');
    await waitUntil('A notices', () => a.lines.some((l) => l.includes('lease lost')), 15_000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      await prisma.checkpoint.count({
        where: { jobId, leaseEpoch: first.leaseEpoch, createdAt: { gt: stoppedAt } },
      }),
    ).toBe(0);
    const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect([job.ownerWorkerId, job.actualState]).toEqual([b.id, 'RUNNING']);
    await stopJob(jobId);
    const result = compareWindows(await tableRows(table), expectedLines(SELECT, SOURCE, 600_000));
    expect(result).toMatchObject({ missing: [], duplicates: 0, wrong: [] });
  }, 600_000);
});
