/**
 * Restart policy on a real worker: a job whose SQL fails at start is retried with exponential
 * backoff (on-failure: up to WORKER_MAX_RESTARTS, then FAILED; never: FAILED at once; always:
 * past the limit), every attempt a JobRun row with its error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const BAD_SQL = "SELECT nope FROM 'datagen://orders?seed=1'";
let teamId: string;
let worker: WorkerProcess;

beforeAll(async () => {
  teamId = await createTeam();
  worker = spawnWorker(unique('policy'), {
    WORKER_TEAMS: teamId,
    WORKER_MAX_RESTARTS: '2',
    WORKER_RESTART_BACKOFF_MS: '300',
    WORKER_RESTART_BACKOFF_MAX_MS: '1000',
  });
});

afterAll(async () => {
  await worker.stop();
  await prisma.$disconnect();
});

const runsOf = (jobId: string) =>
  prisma.jobRun.findMany({ where: { jobId }, orderBy: { startedAt: 'asc' } });
const jobOf = (jobId: string) => prisma.job.findUniqueOrThrow({ where: { id: jobId } });

describe('restart policy', () => {
  it('on-failure: retries with backoff, then FAILED with the error', async () => {
    const jobId = await createJob(teamId, BAD_SQL, {
      desiredState: 'RUNNING',
      restartPolicy: 'on_failure',
    });
    const job = await waitUntil(
      'FAILED',
      async () => {
        const j = await jobOf(jobId);
        return j.actualState === 'FAILED' ? j : null;
      },
      40_000,
    );
    expect([job.desiredState, job.restarts, job.ownerWorkerId]).toEqual(['STOPPED', 2, null]);
    expect(job.lastError?.split('\n')[0]).toBe(
      'error: column "nope" does not exist at line 1, column 8',
    );
    const runs = await runsOf(jobId);
    expect(runs.map((r) => [r.attempt, r.finalState, r.error])).toEqual(
      [0, 1, 2].map((n) => [n, 'FAILED', job.lastError]),
    );
    const gaps = runs.slice(1).map((r, i) => r.startedAt.getTime() - runs[i].startedAt.getTime());
    expect(gaps[0]).toBeGreaterThanOrEqual(300);
    expect(gaps[1]).toBeGreaterThanOrEqual(600);
    const logs = await prisma.jobLog.findMany({ where: { jobId }, orderBy: { id: 'asc' } });
    expect(logs.map((l) => l.message)).toContain('restart 1 in 300 ms (policy on_failure)');
    expect(logs.map((l) => l.message)).toContain('restart 2 in 600 ms (policy on_failure)');
    expect(logs.at(-1)?.message).toBe('failed; not restarting (policy on_failure, 2 restarts)');
  }, 60_000);

  it('never: FAILED after the first attempt', async () => {
    const jobId = await createJob(teamId, BAD_SQL, {
      desiredState: 'RUNNING',
      restartPolicy: 'never',
    });
    await waitUntil('FAILED', async () => (await jobOf(jobId)).actualState === 'FAILED', 30_000);
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect((await runsOf(jobId)).map((r) => r.finalState)).toEqual(['FAILED']);
  }, 40_000);

  it('always: keeps restarting past the on-failure limit, the delay capped', async () => {
    const jobId = await createJob(teamId, BAD_SQL, {
      desiredState: 'RUNNING',
      restartPolicy: 'always',
    });
    await waitUntil('5 attempts', async () => (await runsOf(jobId)).length >= 5, 40_000);
    await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
    const job = await jobOf(jobId);
    expect(job.restarts).toBeGreaterThanOrEqual(4);
    expect((await runsOf(jobId)).slice(0, 5).map((r) => r.attempt)).toEqual([0, 1, 2, 3, 4]);
  }, 60_000);
});
