/** JobRun rows: one per claim of a job by a worker, its state kept current, ended with its final state. */
import { randomUUID } from 'node:crypto';
import type { JobState, PrismaClient } from '@velo/db';
import { DB_NOW } from './lease.ts';

export async function openRun(
  prisma: PrismaClient,
  run: {
    jobId: string;
    version: number;
    workerId: string;
    leaseEpoch: number;
    attempt: number;
    /** The task of a parallel job (its lease epochs are its own). */
    taskIndex?: number;
  },
): Promise<string> {
  const id = randomUUID();
  // A new claim fences every earlier run of the job. Runs whose worker died (kill -9) or lost
  // the database when they ended could not record their end: they end here, so the job's run
  // history never shows two runs at once.
  await prisma.$executeRawUnsafe(
    `UPDATE "JobRun" SET state = 'FAILED', "finalState" = 'FAILED', "endedAt" = ${DB_NOW},
       error = COALESCE(error, 'ended unrecorded (its worker died or lost the database); lease epoch ' || $2::int || ' took over')
     WHERE "jobId" = $1 AND "endedAt" IS NULL AND "leaseEpoch" < $2::int AND "taskIndex" = $3`,
    run.jobId,
    run.leaseEpoch,
    run.taskIndex ?? 0,
  );
  // startedAt is the database's time: checkpoints are matched against Job.stateResetAt with it.
  await prisma.$executeRawUnsafe(
    `INSERT INTO "JobRun" (id, "jobId", version, "workerId", "leaseEpoch", attempt, state, "startedAt", "taskIndex")
     VALUES ($1, $2, $3, $4, $5, $6, 'STARTING', ${DB_NOW}, $7)`,
    id,
    run.jobId,
    run.version,
    run.workerId,
    run.leaseEpoch,
    run.attempt,
    run.taskIndex ?? 0,
  );
  return id;
}

export async function setRunState(
  prisma: PrismaClient,
  runId: string,
  state: JobState,
  extra: { restoredCheckpointEpoch?: number | null } = {},
): Promise<void> {
  await prisma.jobRun.updateMany({ where: { id: runId }, data: { state, ...extra } });
}

export async function closeRun(
  prisma: PrismaClient,
  runId: string,
  finalState: JobState,
  error: string | null,
): Promise<void> {
  await prisma.jobRun.updateMany({
    where: { id: runId, endedAt: null },
    data: { state: finalState, finalState, error, endedAt: new Date() },
  });
}
