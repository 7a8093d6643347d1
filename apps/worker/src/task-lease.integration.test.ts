/**
 * Task leases of a parallel job against real PostgreSQL: tasks are claimable only under a live
 * task 0 run that reset them, each once; a task whose lease was taken over cannot renew or
 * checkpoint (fencing per task); each task restores its own latest checkpoint; a failed task is
 * what task 0 sees.
 */
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, DATABASE_URL, prisma } from '../test/db-fixtures.ts';
import { FencedError, writeCheckpoint, writeCheckpointIn } from './checkpoint-store.ts';
import { openRun } from './job-runs.ts';
import { claimJobs } from './lease.ts';
import { loadLatestTaskCheckpoint } from './task-checkpoints.ts';
import {
  claimTasks,
  releaseTaskLease,
  renewTaskLease,
  resetTasks,
  setTaskState,
  tasksProgress,
} from './task-lease.ts';

const SQL = "SELECT id FROM 'kafka://127.0.0.1:9092/t'";

afterAll(() => prisma.$disconnect());

const checkpoint = (n: number) => ({
  epoch: n,
  state: { n },
  positions: { src: { topic: 't', offsets: { '1': String(n) } } },
  version: 1,
  taskCount: 3,
});

describe('task leases', () => {
  it('claims each task once under task 0’s run, fences a task taken over, restores per task', async () => {
    const teamId = await createTeam();
    const jobId = await createJob(teamId, SQL);
    await prisma.job.update({
      where: { id: jobId },
      data: { parallelism: 3, desiredState: 'RUNNING' },
    });
    // nothing to claim before task 0 runs and resets the task rows
    expect(await claimTasks(prisma, 'w-a', 10, 60_000, [teamId])).toEqual([]);
    const [leader] = await claimJobs(prisma, 'w-0', 1, 60_000, [teamId]);
    expect([leader.id, leader.parallelism]).toEqual([jobId, 3]);
    await resetTasks(prisma, jobId, leader.leaseEpoch, 3);

    const [a, b] = await Promise.all([
      claimTasks(prisma, 'w-a', 10, 60_000, [teamId]),
      claimTasks(prisma, 'w-b', 10, 60_000, [teamId]),
    ]);
    const claimed = [...a, ...b];
    expect(claimed.map((t) => t.task.index).sort()).toEqual([1, 2]);
    expect(claimed.every((t) => t.task.count === 3 && t.leaseEpoch === 1)).toBe(true);
    expect(claimed.every((t) => t.jobLeaseEpoch === leader.leaseEpoch)).toBe(true);
    const task1 = claimed.find((t) => t.task.index === 1);
    if (!task1) throw new Error('task 1 not claimed');
    const owner1 = a.includes(task1) ? 'w-a' : 'w-b';
    const runId = await openRun(prisma, {
      jobId,
      version: 1,
      workerId: owner1,
      leaseEpoch: 1,
      attempt: 0,
      taskIndex: 1,
    });
    const writer = { jobId, runId, workerId: owner1, leaseEpoch: 1, keep: 2, taskIndex: 1 };
    await writeCheckpoint(prisma, writer, checkpoint(10), performance.now());
    await writeCheckpoint(
      prisma,
      { ...writer, taskIndex: 0, workerId: 'w-0' },
      checkpoint(99),
      performance.now(),
    );

    // task 1's lease expires; another worker takes it with the next epoch
    await prisma.jobTask.update({
      where: { jobId_taskIndex: { jobId, taskIndex: 1 } },
      data: { leaseExpiresAt: new Date(Date.now() - 60_000) },
    });
    const [taken] = await claimTasks(prisma, 'w-c', 10, 60_000, [teamId]);
    expect([taken.task.index, taken.leaseEpoch]).toEqual([1, 2]);
    expect(await renewTaskLease(prisma, owner1, task1, 60_000)).toEqual({ held: false });
    await expect(
      writeCheckpoint(prisma, writer, checkpoint(11), performance.now()),
    ).rejects.toThrow(FencedError);
    const runC = await openRun(prisma, {
      jobId,
      version: 1,
      workerId: 'w-c',
      leaseEpoch: 2,
      attempt: 0,
      taskIndex: 1,
    });
    await writeCheckpoint(
      prisma,
      { ...writer, workerId: 'w-c', leaseEpoch: 2, runId: runC },
      checkpoint(12),
      performance.now(),
    );
    // each task restores its own newest
    expect((await loadLatestTaskCheckpoint(prisma, jobId, 1))?.checkpoint.state).toEqual({ n: 12 });
    expect((await loadLatestTaskCheckpoint(prisma, jobId, 0))?.checkpoint.state).toEqual({ n: 99 });
    expect(await loadLatestTaskCheckpoint(prisma, jobId, 2)).toBeNull();
    // the job wants to stop: the task is told so
    expect(await renewTaskLease(prisma, 'w-c', taken, 60_000)).toEqual({ held: true });
    await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
    expect(await renewTaskLease(prisma, 'w-c', taken, 60_000)).toEqual({
      held: true,
      stop: 'stop',
    });
  });

  it('task 0 sees when all tasks run and which one failed; a failed task is not claimed again', async () => {
    const teamId = await createTeam();
    const jobId = await createJob(teamId, SQL);
    await prisma.job.update({
      where: { id: jobId },
      data: { parallelism: 3, desiredState: 'RUNNING' },
    });
    const [leader] = await claimJobs(prisma, 'w-0', 1, 60_000, [teamId]);
    await resetTasks(prisma, jobId, leader.leaseEpoch, 3);
    const tasks = await claimTasks(prisma, 'w-a', 10, 60_000, [teamId]);
    expect(await tasksProgress(prisma, jobId, leader.leaseEpoch, 3)).toEqual({
      allRunning: false,
      failed: null,
    });
    for (const t of tasks) expect(await setTaskState(prisma, 'w-a', t, 'RUNNING')).toBe(true);
    expect(await tasksProgress(prisma, jobId, leader.leaseEpoch, 3)).toEqual({
      allRunning: true,
      failed: null,
    });
    await releaseTaskLease(prisma, 'w-a', tasks[0], 'FAILED', 'boom');
    expect(await tasksProgress(prisma, jobId, leader.leaseEpoch, 3)).toEqual({
      allRunning: false,
      failed: { index: tasks[0].task.index, error: 'boom' },
    });
    expect(await claimTasks(prisma, 'w-b', 10, 60_000, [teamId])).toEqual([]);
    // task 0's next run resets the rows: claimable again
    await resetTasks(prisma, jobId, leader.leaseEpoch + 1, 3);
    await prisma.job.update({
      where: { id: jobId },
      data: { leaseEpoch: leader.leaseEpoch + 1 },
    });
    expect(
      (await claimTasks(prisma, 'w-b', 10, 60_000, [teamId])).map((t) => t.task.index),
    ).toEqual([tasks[0].task.index]);
  });

  it('a task paused inside its checkpoint transaction loses its session instead of keeping its row locked', async () => {
    const teamId = await createTeam();
    const jobId = await createJob(teamId, SQL);
    await prisma.job.update({
      where: { id: jobId },
      data: { parallelism: 2, desiredState: 'RUNNING' },
    });
    const [leader] = await claimJobs(prisma, 'w-0', 1, 60_000, [teamId]);
    await resetTasks(prisma, jobId, leader.leaseEpoch, 2);
    const [task] = await claimTasks(prisma, 'w-p', 10, 60_000, [teamId]);
    const runId = await openRun(prisma, {
      jobId,
      version: 1,
      workerId: 'w-p',
      leaseEpoch: task.leaseEpoch,
      attempt: 0,
      taskIndex: 1,
    });
    const writer = { jobId, runId, workerId: 'w-p', leaseEpoch: task.leaseEpoch, keep: 2 };
    const taskRowLocked = () =>
      prisma
        .$queryRawUnsafe(
          `SELECT 1 FROM "JobTask" WHERE "jobId" = $1 AND "taskIndex" = 1 FOR UPDATE NOWAIT`,
          jobId,
        )
        .then(() => false)
        .catch((error: Error) => /could not obtain lock/.test(error.message));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const seen: boolean[] = [];
    // the checkpoint is written, then the writer stalls before COMMIT (as a SIGSTOP would); a
    // connection of its own, as Prisma's pool does not give back a client the server ended
    const client = new pg.Client({ connectionString: DATABASE_URL });
    client.on('error', () => undefined);
    await client.connect();
    const commit = (async () => {
      await client.query('BEGIN');
      await writeCheckpointIn(
        (text, values) => client.query(text, values).then((r) => r.rows),
        { ...writer, taskIndex: 1 },
        checkpoint(1),
        performance.now(),
      );
      await sleep(1000);
      seen.push(await taskRowLocked());
      await sleep(5000);
      seen.push(await taskRowLocked());
      await client.query('COMMIT');
    })();
    await expect(commit).rejects.toThrow();
    await client.end().catch(() => undefined);
    // locked while the writer could still commit, free once the server ended its session
    expect(seen).toEqual([true, false]);
    expect(await prisma.checkpoint.count({ where: { jobId } })).toBe(0);
    // writeTaskCheckpoint is that same write: stored, and pruned to the task's newest `keep`
    for (const n of [2, 3, 4])
      await writeCheckpoint(prisma, { ...writer, taskIndex: 1 }, checkpoint(n), performance.now());
    expect(
      await prisma.checkpoint.findMany({
        where: { jobId },
        select: { taskIndex: true, epoch: true },
        orderBy: { epoch: 'asc' },
      }),
    ).toEqual([
      { taskIndex: 1, epoch: 2 },
      { taskIndex: 1, epoch: 3 },
    ]);
  }, 30_000);
});
