/**
 * Leases of the tasks of a parallel job (parallelism N > 1). Task 0 is the Job row's own lease
 * (lease.ts), so a job of parallelism 1 runs exactly as before; tasks 1..N-1 are JobTask rows,
 * each claimed with FOR UPDATE SKIP LOCKED by any worker, with its own lease epoch (fencing of
 * its checkpoint writes and its Kafka transactional id).
 *
 * Task 0 resets the rows at each of its claims (`jobLeaseEpoch` = its epoch): the other tasks
 * run only under the task 0 run that reset them. A task that fails is marked FAILED; task 0
 * then fails the whole run and the job's restart policy restarts every task from its own last
 * checkpoint (Flink's default full failover: one restart policy, one state per job).
 */
import type { JobState, PrismaClient } from '@velo/db';
import { type ClaimedJob, DB_NOW } from './lease.ts';

/** A task of a job: `index` of `count` (parallelism). */
export interface JobTaskRef {
  index: number;
  count: number;
}

export interface ClaimedTask extends ClaimedJob {
  task: JobTaskRef;
  /** The Job's lease epoch (task 0's run) this task runs under. */
  jobLeaseEpoch: number;
}

/**
 * Task 0, at each claim: creates or resets rows 1..count-1 for its run (older runs' tasks stop
 * when they see the new epoch) and deletes rows of a lower parallelism.
 */
export async function resetTasks(
  prisma: PrismaClient,
  jobId: string,
  jobLeaseEpoch: number,
  count: number,
): Promise<void> {
  await prisma.$transaction([
    prisma.$executeRawUnsafe(
      `DELETE FROM "JobTask" WHERE "jobId" = $1 AND "taskIndex" >= $2`,
      jobId,
      Math.max(1, count),
    ),
    prisma.$executeRawUnsafe(
      `INSERT INTO "JobTask" ("jobId", "taskIndex", "jobLeaseEpoch", "actualState", "updatedAt")
       SELECT $1, i, $2, 'STARTING', ${DB_NOW} FROM generate_series(1, $3::int - 1) AS i
       ON CONFLICT ("jobId", "taskIndex") DO UPDATE
         SET "jobLeaseEpoch" = $2, "actualState" = 'STARTING', "lastError" = NULL,
             "updatedAt" = ${DB_NOW}`,
      jobId,
      jobLeaseEpoch,
      count,
    ),
  ]);
}

/**
 * Claims up to `max` tasks whose lease is free or expired, of jobs that want to run and whose
 * task 0 holds a live lease at the epoch the task row was reset for. A task that failed under
 * that epoch is not claimed again (task 0 restarts the job).
 */
export async function claimTasks(
  prisma: PrismaClient,
  workerId: string,
  max: number,
  leaseMs: number,
  teamIds?: string[],
): Promise<ClaimedTask[]> {
  if (max <= 0) return [];
  const rows = await prisma.$queryRawUnsafe<
    (Omit<ClaimedTask, 'task'> & { taskIndex: number; parallelism: number })[]
  >(
    `WITH candidates AS (
       SELECT t."jobId", t."taskIndex", t."actualState"
         FROM "JobTask" t JOIN "Job" j ON j.id = t."jobId"
        WHERE j."desiredState" = 'RUNNING'
          AND j."ownerWorkerId" IS NOT NULL AND j."leaseExpiresAt" > ${DB_NOW}
          AND j."leaseEpoch" = t."jobLeaseEpoch"
          AND t."taskIndex" < j.parallelism
          AND t."actualState" <> 'FAILED'
          AND (t."leaseExpiresAt" IS NULL OR t."leaseExpiresAt" <= ${DB_NOW})
          AND ($4::text[] IS NULL OR j."teamId" = ANY($4::text[]))
        ORDER BY t."updatedAt"
        LIMIT $2
        FOR UPDATE OF t SKIP LOCKED)
     UPDATE "JobTask" t
        SET "ownerWorkerId" = $1,
            "leaseExpiresAt" = ${DB_NOW} + make_interval(secs => $3::double precision / 1000),
            "leaseEpoch" = t."leaseEpoch" + 1,
            "actualState" = 'STARTING',
            "updatedAt" = ${DB_NOW}
       FROM candidates c, "Job" j
      WHERE t."jobId" = c."jobId" AND t."taskIndex" = c."taskIndex" AND j.id = t."jobId"
  RETURNING j.id, j."teamId", j.name, j.sql, j.version, j."restartPolicy", j.restarts,
            t."leaseEpoch", j."checkpointIntervalMs", j."stateResetAt",
            c."actualState" AS "previousState", t."taskIndex", j.parallelism,
            t."jobLeaseEpoch"`,
    workerId,
    max,
    leaseMs,
    teamIds && teamIds.length > 0 ? teamIds : null,
  );
  return rows.map(({ taskIndex, parallelism, ...job }) => ({
    ...job,
    task: { index: taskIndex, count: parallelism },
  }));
}

export interface TaskLeaseStatus {
  held: boolean;
  /** The task should stop: the job is stopping or restarting, or task 0 moved on. */
  stop?: 'stop' | 'restart';
}

/**
 * Extends the task's lease while this worker holds it at `epoch` and it has not expired, and
 * says whether the task should keep running (its job wants RUNNING under the same task 0 run).
 */
export async function renewTaskLease(
  prisma: PrismaClient,
  workerId: string,
  task: ClaimedTask,
  leaseMs: number,
): Promise<TaskLeaseStatus> {
  const rows = await prisma.$queryRawUnsafe<
    { desiredState: JobState; leaseEpoch: number; owned: boolean }[]
  >(
    `UPDATE "JobTask" t
        SET "leaseExpiresAt" = ${DB_NOW} + make_interval(secs => $5::double precision / 1000)
       FROM "Job" j
      WHERE j.id = t."jobId" AND t."jobId" = $1 AND t."taskIndex" = $2
        AND t."ownerWorkerId" = $3 AND t."leaseEpoch" = $4
        AND t."leaseExpiresAt" > ${DB_NOW}
  RETURNING j."desiredState", j."leaseEpoch",
            (j."ownerWorkerId" IS NOT NULL AND j."leaseExpiresAt" > ${DB_NOW}) AS owned`,
    task.id,
    task.task.index,
    workerId,
    task.leaseEpoch,
    leaseMs,
  );
  const row = rows[0];
  if (!row) return { held: false };
  if (row.desiredState === 'STOPPED') return { held: true, stop: 'stop' };
  if (row.desiredState !== 'RUNNING' || row.leaseEpoch !== task.jobLeaseEpoch || !row.owned)
    return { held: true, stop: 'restart' };
  return { held: true };
}

/** Sets the task's state (RUNNING once open) while this worker holds it at `epoch`. */
export async function setTaskState(
  prisma: PrismaClient,
  workerId: string,
  task: ClaimedTask,
  state: JobState,
  lastError: string | null = null,
): Promise<boolean> {
  const count = await prisma.$executeRawUnsafe(
    `UPDATE "JobTask" SET "actualState" = $5::"JobState", "lastError" = $6, "updatedAt" = ${DB_NOW}
      WHERE "jobId" = $1 AND "taskIndex" = $2 AND "ownerWorkerId" = $3 AND "leaseEpoch" = $4`,
    task.id,
    task.task.index,
    workerId,
    task.leaseEpoch,
    state,
    lastError,
  );
  return count === 1;
}

/**
 * Gives the task's lease up. Its state is written only while the row still belongs to the same
 * task 0 run (a reset row keeps the state task 0 gave it).
 */
export async function releaseTaskLease(
  prisma: PrismaClient,
  workerId: string,
  task: ClaimedTask,
  state: JobState,
  lastError: string | null,
): Promise<boolean> {
  const count = await prisma.$executeRawUnsafe(
    `UPDATE "JobTask"
        SET "ownerWorkerId" = NULL, "leaseExpiresAt" = NULL, "updatedAt" = ${DB_NOW},
            "actualState" = CASE WHEN "jobLeaseEpoch" = $5 THEN $6::"JobState" ELSE "actualState" END,
            "lastError" = CASE WHEN "jobLeaseEpoch" = $5 THEN $7 ELSE "lastError" END
      WHERE "jobId" = $1 AND "taskIndex" = $2 AND "ownerWorkerId" = $3 AND "leaseEpoch" = $4`,
    task.id,
    task.task.index,
    workerId,
    task.leaseEpoch,
    task.jobLeaseEpoch,
    state,
    lastError,
  );
  return count === 1;
}

export interface TasksProgress {
  /** Every task 1..N-1 of this run is RUNNING. */
  allRunning: boolean;
  /** The first task that failed under this run, with its error. */
  failed: { index: number; error: string } | null;
}

/** How the other tasks of task 0's run are doing (task 0 aggregates the job's state). */
export async function tasksProgress(
  prisma: PrismaClient,
  jobId: string,
  jobLeaseEpoch: number,
  count: number,
): Promise<TasksProgress> {
  const rows = await prisma.$queryRawUnsafe<
    { taskIndex: number; actualState: JobState; lastError: string | null }[]
  >(
    `SELECT "taskIndex", "actualState", "lastError" FROM "JobTask"
      WHERE "jobId" = $1 AND "jobLeaseEpoch" = $2 AND "taskIndex" < $3
      ORDER BY "taskIndex"`,
    jobId,
    jobLeaseEpoch,
    count,
  );
  const failed = rows.find((r) => r.actualState === 'FAILED');
  return {
    allRunning: rows.length === count - 1 && rows.every((r) => r.actualState === 'RUNNING'),
    failed: failed
      ? { index: failed.taskIndex, error: failed.lastError ?? 'the task failed' }
      : null,
  };
}
