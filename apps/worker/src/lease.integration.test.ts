import { afterAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, prisma } from '../test/db-fixtures.ts';
import { FencedError, writeCheckpoint } from './checkpoint-store.ts';
import { openRun } from './job-runs.ts';
import { claimJobs, handOverLease, releaseLease, renewLease } from './lease.ts';

const SQL = "SELECT 1 AS x FROM 'datagen://orders?limit=1'";

afterAll(() => prisma.$disconnect());

/** Claims among the jobs of the teams of `jobIds` only (the database is shared with other tests). */
async function claimMine(workerId: string, jobIds: string[], max: number, leaseMs: number) {
  const teams = await prisma.job.findMany({
    where: { id: { in: jobIds } },
    select: { teamId: true },
  });
  return claimJobs(prisma, workerId, max, leaseMs, [...new Set(teams.map((t) => t.teamId))]);
}

describe('leases', () => {
  it('two workers claiming at once never get the same job; epochs start at 1', async () => {
    const teamId = await createTeam();
    const ids = await Promise.all(
      [1, 2, 3, 4].map(() => createJob(teamId, SQL, { desiredState: 'RUNNING' })),
    );
    const [a, b] = await Promise.all([
      claimMine('lease-a', ids, 1000, 60_000),
      claimMine('lease-b', ids, 1000, 60_000),
    ]);
    const all = [...a, ...b].map((j) => j.id).sort();
    expect(all).toEqual([...ids].sort());
    expect(new Set(all).size).toBe(4);
    expect([...a, ...b].every((j) => j.leaseEpoch === 1)).toBe(true);
    const rows = await prisma.job.findMany({ where: { id: { in: ids } } });
    expect(rows.every((r) => r.actualState === 'STARTING' && r.leaseExpiresAt !== null)).toBe(true);
  });

  it('an expired lease is taken over with the next epoch; the old owner cannot renew or checkpoint', async () => {
    const teamId = await createTeam();
    const id = await createJob(teamId, SQL, { desiredState: 'RUNNING' });
    const [first] = await claimMine('old-owner', [id], 1000, 500);
    expect(first.leaseEpoch).toBe(1);
    const runId = await openRun(prisma, {
      jobId: id,
      version: 1,
      workerId: 'old-owner',
      leaseEpoch: 1,
      attempt: 0,
    });
    const writer = { jobId: id, runId, workerId: 'old-owner', leaseEpoch: 1, keep: 3 };
    const checkpoint = { epoch: 1, positions: { s: 1 }, state: { a: 1 }, version: 1 };
    expect((await writeCheckpoint(prisma, writer, checkpoint, performance.now())).epoch).toBe(1);
    // Not claimable while the lease is live.
    expect(await claimMine('new-owner', [id], 1000, 60_000)).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const [taken] = await claimMine('new-owner', [id], 1000, 60_000);
    expect([taken.leaseEpoch, taken.previousState]).toEqual([2, 'STARTING']);
    expect(await renewLease(prisma, 'old-owner', id, 1, 60_000)).toEqual({ held: false });
    await expect(
      writeCheckpoint(prisma, writer, checkpoint, performance.now()),
    ).rejects.toBeInstanceOf(FencedError);
    expect(await prisma.checkpoint.count({ where: { jobId: id } })).toBe(1);
    expect(await releaseLease(prisma, 'old-owner', id, 1, { actualState: 'STOPPED' })).toBe(false);
    expect((await prisma.job.findUniqueOrThrow({ where: { id } })).ownerWorkerId).toBe('new-owner');
  });

  it('a paused owner whose lease expired does not get it back even if nobody took it', async () => {
    const teamId = await createTeam();
    const id = await createJob(teamId, SQL, { desiredState: 'RUNNING' });
    await claimMine('sleepy', [id], 1000, 300);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await renewLease(prisma, 'sleepy', id, 1, 60_000)).toEqual({ held: false });
  });

  it('keeps only the newest checkpoints', async () => {
    const teamId = await createTeam();
    const id = await createJob(teamId, SQL, { desiredState: 'RUNNING' });
    await claimMine('pruner', [id], 1000, 60_000);
    const runId = await openRun(prisma, {
      jobId: id,
      version: 1,
      workerId: 'pruner',
      leaseEpoch: 1,
      attempt: 0,
    });
    const writer = { jobId: id, runId, workerId: 'pruner', leaseEpoch: 1, keep: 2 };
    for (let i = 1; i <= 4; i++) {
      await writeCheckpoint(
        prisma,
        writer,
        { epoch: i, positions: {}, state: i, version: 1 },
        performance.now(),
      );
    }
    const kept = await prisma.checkpoint.findMany({
      where: { jobId: id },
      orderBy: { epoch: 'asc' },
    });
    expect(kept.map((c) => c.epoch)).toEqual([3, 4]);
    expect(kept.every((c) => c.sizeBytes > 0 && c.stateBlob !== null)).toBe(true);
  });

  it('does not claim jobs in restart backoff', async () => {
    const teamId = await createTeam();
    const id = await createJob(teamId, SQL, { desiredState: 'RUNNING' });
    await prisma.job.update({ where: { id }, data: { notBefore: new Date(Date.now() + 60_000) } });
    expect(await claimMine('eager', [id], 1000, 60_000)).toEqual([]);
  });

  it('hands a job over for its next run, unless a stop arrived meanwhile', async () => {
    const teamId = await createTeam();
    const [handed, stopped] = await Promise.all([
      createJob(teamId, SQL, { desiredState: 'RUNNING' }),
      createJob(teamId, SQL, { desiredState: 'RUNNING' }),
    ]);
    const claimed = await claimMine('handing', [handed, stopped], 1000, 60_000);
    expect(claimed).toHaveLength(2);
    // job.stop while the worker is shutting down: desired STOPPED, the run never saw it
    await prisma.job.update({
      where: { id: stopped },
      data: { desiredState: 'STOPPED', actualState: 'STOPPING' },
    });
    expect(await handOverLease(prisma, 'handing', handed, 1)).toBe('RESTARTING');
    expect(await handOverLease(prisma, 'handing', stopped, 1)).toBe('STOPPED');
    const rows = await prisma.job.findMany({
      where: { id: { in: [handed, stopped] } },
      select: { id: true, desiredState: true, actualState: true, ownerWorkerId: true },
    });
    expect(rows.sort((a, b) => (a.id === handed ? -1 : b.id === handed ? 1 : 0))).toEqual([
      { id: handed, desiredState: 'RUNNING', actualState: 'RESTARTING', ownerWorkerId: null },
      { id: stopped, desiredState: 'STOPPED', actualState: 'STOPPED', ownerWorkerId: null },
    ]);
    // the next worker takes the handed-over job only; a lost lease hands over nothing
    expect((await claimMine('next', [handed, stopped], 1000, 60_000)).map((j) => j.id)).toEqual([
      handed,
    ]);
    expect(await handOverLease(prisma, 'handing', handed, 1)).toBeNull();
  });

  it('a hand-over after a hung graceful stop keeps why as the last error', async () => {
    const teamId = await createTeam();
    const id = await createJob(teamId, SQL, { desiredState: 'RUNNING' });
    await claimMine('hung', [id], 1000, 60_000);
    expect(await handOverLease(prisma, 'hung', id, 1, 'the graceful stop took too long')).toBe(
      'RESTARTING',
    );
    const job = await prisma.job.findUniqueOrThrow({ where: { id } });
    expect([job.actualState, job.desiredState, job.lastError]).toEqual([
      'RESTARTING',
      'RUNNING',
      'the graceful stop took too long',
    ]);
  });
});
