/**
 * Three worker processes (WORKER_MAX_JOBS=3) and six jobs: every job runs on exactly one
 * worker, spread across them; kill -9 one worker and its jobs move to the others' free slots;
 * every job's output holds each window once.
 */
import { mkdir, rm } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { compareWindows, expectedLines, readOutput, windowsOf } from './expected-windows.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const DIR = '/tmp/velo-worker-tests';
const sourceOf = (seed: number) => `datagen://orders?seed=${seed}&rate=1000`;
const selectOf = (seed: number) => `SELECT product, SUM(amount) AS amount, COUNT(*) AS orders,
       TUMBLE_START() AS window_start
FROM '${sourceOf(seed)}'
GROUP BY product
WINDOW TUMBLING(500ms)
EMIT FINAL`;

let teamId: string;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  await mkdir(DIR, { recursive: true });
  teamId = await createTeam();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  await prisma.$disconnect();
});

describe('scale-out', () => {
  it('six jobs on three workers run exactly once and move when a worker dies', async () => {
    const jobs: { id: string; seed: number; out: string }[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const out = `${DIR}/${unique('scale')}.jsonl`;
      const sql = `CREATE STREAM s AS\n${selectOf(seed)}\nINTO 'file://${out}?format=jsonl'\nWITH ('event.time.field' = 'ts');`;
      jobs.push({ id: await createJob(teamId, sql, { desiredState: 'RUNNING' }), seed, out });
    }
    for (let i = 0; i < 3; i++) {
      workers.push(
        spawnWorker(unique(`scale${i}`), {
          WORKER_TEAMS: teamId,
          WORKER_MAX_JOBS: '3',
          // Three workers starting at once on a small machine can stall an event loop for a
          // second or more; a 5 s lease keeps that from looking like a dead worker.
          WORKER_LEASE_MS: '5000',
        }),
      );
    }
    const ids = jobs.map((j) => j.id);
    const running = () =>
      prisma.job.findMany({ where: { id: { in: ids }, actualState: 'RUNNING' } });
    await waitUntil('6 RUNNING', async () => (await running()).length === 6, 60_000);
    const owners = new Map<string, number>();
    for (const job of await running()) {
      owners.set(job.ownerWorkerId as string, (owners.get(job.ownerWorkerId as string) ?? 0) + 1);
    }
    expect([...owners.values()].every((n) => n <= 3)).toBe(true);
    expect([...owners.values()].reduce((a, b) => a + b, 0)).toBe(6);
    expect(owners.size).toBeGreaterThanOrEqual(2);
    // Exactly once: one run per job so far, none ended.
    const runs = await prisma.jobRun.findMany({ where: { jobId: { in: ids } } });
    expect(runs.length).toBe(6);
    expect(runs.every((r) => r.endedAt === null)).toBe(true);

    const victim = workers.find((w) => owners.has(w.id)) as WorkerProcess;
    const moved = owners.get(victim.id) as number;
    victim.signal('SIGKILL');
    await victim.exited;
    await waitUntil(
      'jobs moved',
      async () => {
        const now = await running();
        return now.length === 6 && now.every((j) => j.ownerWorkerId !== victim.id);
      },
      30_000,
    );
    expect(await prisma.jobRun.count({ where: { jobId: { in: ids } } })).toBe(6 + moved);
    await waitUntil(
      'output everywhere',
      async () => {
        for (const job of jobs) if (windowsOf(await readOutput(job.out)).size < 3) return false;
        return true;
      },
      30_000,
    );
    await prisma.job.updateMany({ where: { id: { in: ids } }, data: { desiredState: 'STOPPED' } });
    await waitUntil(
      'all STOPPED',
      async () =>
        (await prisma.job.count({ where: { id: { in: ids }, actualState: 'STOPPED' } })) === 6,
    );
    for (const job of jobs) {
      const result = compareWindows(
        await readOutput(job.out),
        expectedLines(selectOf(job.seed), sourceOf(job.seed), 100_000),
      );
      expect(result).toMatchObject({ missing: [], duplicates: 0, wrong: [] });
      await rm(job.out, { force: true });
    }
  }, 180_000);
});
