/**
 * Job ownership by lease in PostgreSQL. A worker claims jobs whose desired state is RUNNING
 * (FOR UPDATE SKIP LOCKED, so two workers never claim the same row), each claim incrementing
 * the job's lease epoch. The owner renews with its heartbeat; a lease that expires can be
 * claimed by another worker, and the old owner's epoch no longer matches (fencing, see
 * checkpoint-store.ts). Times are the database's, so worker clocks need not agree.
 */
import type { JobState, PrismaClient, RestartPolicy } from '@velo/db';

/** The database's "now" in the UTC wall time Prisma stores in timestamp(3) columns. */
export const DB_NOW = `(now() AT TIME ZONE 'UTC')`;

export interface ClaimedJob {
  id: string;
  teamId: string;
  name: string;
  sql: string;
  version: number;
  restartPolicy: RestartPolicy;
  restarts: number;
  leaseEpoch: number;
  checkpointIntervalMs: number;
  stateResetAt: Date | null;
  /** Tasks of the job (this claim runs task 0; task-lease.ts claims the others). */
  parallelism?: number;
  /** The job's state before this claim (RUNNING/STARTING means its last owner died). */
  previousState: JobState;
}

export interface LeaseStatus {
  /** False once the lease is gone (expired, taken over, job deleted). */
  held: boolean;
  desiredState?: JobState;
}

/**
 * Claims up to `max` jobs that want to run and that no live lease holds. A job whose owner
 * died while restarting it (desired RESTARTING) is claimed too and wants RUNNING again.
 */
export async function claimJobs(
  prisma: PrismaClient,
  workerId: string,
  max: number,
  leaseMs: number,
  /** Only these teams' jobs (a dedicated worker pool); all teams when absent. */
  teamIds?: string[],
): Promise<ClaimedJob[]> {
  if (max <= 0) return [];
  const rows = await prisma.$queryRawUnsafe<(ClaimedJob & { previousState: JobState })[]>(
    `WITH candidates AS (
       SELECT id, "actualState" FROM "Job"
        WHERE "desiredState" IN ('RUNNING', 'RESTARTING')
          AND ("leaseExpiresAt" IS NULL OR "leaseExpiresAt" <= ${DB_NOW})
          AND ("notBefore" IS NULL OR "notBefore" <= ${DB_NOW})
          AND ($4::text[] IS NULL OR "teamId" = ANY($4::text[]))
        ORDER BY "updatedAt"
        LIMIT $2
        FOR UPDATE SKIP LOCKED)
     UPDATE "Job" j
        SET "ownerWorkerId" = $1,
            "leaseExpiresAt" = ${DB_NOW} + make_interval(secs => $3::double precision / 1000),
            "leaseEpoch" = j."leaseEpoch" + 1,
            "desiredState" = 'RUNNING',
            "actualState" = 'STARTING',
            "updatedAt" = ${DB_NOW}
       FROM candidates c
      WHERE j.id = c.id
  RETURNING j.id, j."teamId", j.name, j.sql, j.version, j."restartPolicy", j.restarts,
            j."leaseEpoch", j."checkpointIntervalMs", j."stateResetAt", j.parallelism,
            c."actualState" AS "previousState"`,
    workerId,
    max,
    leaseMs,
    teamIds && teamIds.length > 0 ? teamIds : null,
  );
  return rows;
}

/**
 * Extends the lease on `jobId` if this worker still holds it at `epoch` and it has not expired:
 * a worker that was paused past its lease does not get it back, even if nobody took it.
 */
export async function renewLease(
  prisma: PrismaClient,
  workerId: string,
  jobId: string,
  epoch: number,
  leaseMs: number,
): Promise<LeaseStatus> {
  const rows = await prisma.$queryRawUnsafe<{ desiredState: JobState }[]>(
    `UPDATE "Job"
        SET "leaseExpiresAt" = ${DB_NOW} + make_interval(secs => $4::double precision / 1000)
      WHERE id = $1 AND "ownerWorkerId" = $2 AND "leaseEpoch" = $3
        AND "leaseExpiresAt" > ${DB_NOW}
  RETURNING "desiredState"`,
    jobId,
    workerId,
    epoch,
    leaseMs,
  );
  const row = rows[0];
  return row ? { held: true, desiredState: row.desiredState } : { held: false };
}

export interface ReleaseOptions {
  actualState: JobState;
  lastError?: string | null;
  /** Failed runs in a row (restart policy); unchanged when absent. */
  restarts?: number;
  /** Earliest next claim (restart backoff); null clears it. */
  notBefore?: Date | null;
  /** Set the desired state too (FAILED gives up; RUNNING after a restart request). */
  desiredState?: JobState;
}

/**
 * Gives the lease up (owner and expiry cleared) with the job's new state, if this worker still
 * holds it at `epoch`. Returns false when it did not (another worker's state is kept).
 */
export async function releaseLease(
  prisma: PrismaClient,
  workerId: string,
  jobId: string,
  epoch: number,
  options: ReleaseOptions,
): Promise<boolean> {
  const result = await prisma.job.updateMany({
    where: { id: jobId, ownerWorkerId: workerId, leaseEpoch: epoch },
    data: {
      ownerWorkerId: null,
      leaseExpiresAt: null,
      actualState: options.actualState,
      ...(options.lastError !== undefined ? { lastError: options.lastError } : {}),
      ...(options.restarts !== undefined ? { restarts: options.restarts } : {}),
      ...(options.notBefore !== undefined ? { notBefore: options.notBefore } : {}),
      ...(options.desiredState ? { desiredState: options.desiredState } : {}),
    },
  });
  return result.count === 1;
}

/**
 * Gives a job up for its next run after a restart request or this worker's shutdown: claimable
 * at once (RESTARTING, desired RUNNING), if this worker still holds it at `epoch`. A stop that
 * arrived meanwhile (desired STOPPED, written by job.stop before the run saw it) wins: the job
 * ends STOPPED instead of being handed to another worker. Returns the state written, or null
 * when the lease was no longer held.
 */
export async function handOverLease(
  prisma: PrismaClient,
  workerId: string,
  jobId: string,
  epoch: number,
  /** Why the run ended without its final checkpoint (kept as the job's last error). */
  lastError: string | null = null,
): Promise<'RESTARTING' | 'STOPPED' | null> {
  // one statement: the stop and the hand-over cannot interleave
  const rows = await prisma.$queryRaw<{ actualState: 'RESTARTING' | 'STOPPED' }[]>`
    UPDATE "Job" SET
      "ownerWorkerId" = NULL,
      "leaseExpiresAt" = NULL,
      "notBefore" = NULL,
      "actualState" = CASE WHEN "desiredState" = 'STOPPED' THEN 'STOPPED'::"JobState"
                           ELSE 'RESTARTING'::"JobState" END,
      "desiredState" = CASE WHEN "desiredState" = 'STOPPED' THEN 'STOPPED'::"JobState"
                            ELSE 'RUNNING'::"JobState" END,
      "restarts" = CASE WHEN "desiredState" = 'STOPPED' THEN 0 ELSE "restarts" END,
      "lastError" = COALESCE(${lastError}::text, "lastError"),
      "updatedAt" = now()
    WHERE id = ${jobId} AND "ownerWorkerId" = ${workerId} AND "leaseEpoch" = ${epoch}
    RETURNING "actualState"::text AS "actualState"`;
  return rows[0]?.actualState ?? null;
}

/** Sets the job's actual state while this worker holds it at `epoch`. */
export async function setJobState(
  prisma: PrismaClient,
  workerId: string,
  jobId: string,
  epoch: number,
  state: JobState,
  extra: { lastError?: string | null; restarts?: number } = {},
): Promise<boolean> {
  const result = await prisma.job.updateMany({
    where: { id: jobId, ownerWorkerId: workerId, leaseEpoch: epoch },
    data: { actualState: state, ...extra },
  });
  return result.count === 1;
}
