import type { JobModel as Job, RestartPolicy } from '@velo/db';
import { z } from 'zod';
import type { Db } from '../../db.ts';
import { type UserRef, ZUserRef } from '../connections/connection-view.ts';

export const JOB_STATES = [
  'DRAFT',
  'STARTING',
  'RUNNING',
  'STOPPING',
  'STOPPED',
  'FAILED',
  'RESTARTING',
] as const;
export const ZJobState = z.enum(JOB_STATES);

/** As the API spells them (the database enum uses `on_failure`). */
export const RESTART_POLICIES = ['never', 'on-failure', 'always'] as const;
export const ZRestartPolicy = z.enum(RESTART_POLICIES, {
  error: 'Restart policy must be never, on-failure or always',
});
export type RestartPolicyName = z.infer<typeof ZRestartPolicy>;

export function toDbPolicy(policy: RestartPolicyName): RestartPolicy {
  return policy === 'on-failure' ? 'on_failure' : policy;
}
export function fromDbPolicy(policy: RestartPolicy): RestartPolicyName {
  return policy === 'on_failure' ? 'on-failure' : policy;
}

/** A job in lists: everything but the SQL text. */
export const ZJobSummary = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  /** What the job is doing now (the worker's view). */
  state: ZJobState,
  /** What a user asked for (RUNNING after start, STOPPED after stop). */
  desiredState: ZJobState,
  restartPolicy: ZRestartPolicy,
  parallelism: z.number().int(),
  /** The worker holding the job's lease, null when none does. */
  ownerWorkerId: z.string().nullable(),
  leaseExpiresAt: z.date().nullable(),
  lastError: z.string().nullable(),
  /** Automatic restarts since the last start request. */
  restarts: z.number().int(),
  createdAt: z.date(),
  updatedAt: z.date(),
  createdBy: ZUserRef.nullable(),
  updatedBy: ZUserRef.nullable(),
});
export type JobSummary = z.infer<typeof ZJobSummary>;

export const ZJobView = ZJobSummary.extend({
  sql: z.string(),
  /** The version the current (or last) run executes; null before the first run. */
  runningVersion: z.number().int().nullable(),
  checkpointIntervalMs: z.number().int(),
  /**
   * The tasks of a parallel job (parallelism > 1): task 0 holds the job's own lease, the others
   * are leased separately and may run on other workers. Empty for parallelism 1.
   */
  tasks: z.array(
    z.object({
      index: z.number().int(),
      state: ZJobState,
      /** The worker running the task, null when none holds its lease. */
      ownerWorkerId: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
});
export type JobView = z.infer<typeof ZJobView>;

async function usersById(db: Db, ids: (string | null)[]): Promise<Map<string, UserRef>> {
  const wanted = [...new Set(ids.filter((id): id is string => id !== null))];
  if (wanted.length === 0) return new Map();
  const users = await db.user.findMany({
    where: { id: { in: wanted } },
    select: { id: true, name: true, email: true },
  });
  return new Map(users.map((user) => [user.id, user]));
}

function summaryOf(row: Omit<Job, 'sql'>, users: Map<string, UserRef>): JobSummary {
  const leaseLive = row.leaseExpiresAt !== null && row.leaseExpiresAt.getTime() > Date.now();
  return {
    id: row.id,
    name: row.name,
    version: row.version,
    state: row.actualState,
    desiredState: row.desiredState,
    restartPolicy: fromDbPolicy(row.restartPolicy),
    parallelism: row.parallelism,
    ownerWorkerId: leaseLive ? row.ownerWorkerId : null,
    leaseExpiresAt: leaseLive ? row.leaseExpiresAt : null,
    lastError: row.lastError,
    restarts: row.restarts,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    createdBy: users.get(row.createdById) ?? null,
    updatedBy: (row.updatedById && users.get(row.updatedById)) || null,
  };
}

/** `rows` need no SQL text: lists leave it out. */
export async function toJobSummaries(db: Db, rows: Omit<Job, 'sql'>[]): Promise<JobSummary[]> {
  const users = await usersById(
    db,
    rows.flatMap((row) => [row.createdById, row.updatedById]),
  );
  return rows.map((row) => summaryOf(row, users));
}

export async function toJobView(db: Db, row: Job): Promise<JobView> {
  const users = await usersById(db, [row.createdById, row.updatedById]);
  const lastRun = await db.jobRun.findFirst({
    where: { jobId: row.id },
    orderBy: { startedAt: 'desc' },
    select: { version: true },
  });
  const summary = summaryOf(row, users);
  const others =
    row.parallelism > 1
      ? await db.jobTask.findMany({
          where: { jobId: row.id, taskIndex: { lt: row.parallelism } },
          orderBy: { taskIndex: 'asc' },
        })
      : [];
  const live = (expires: Date | null) => expires !== null && expires.getTime() > Date.now();
  return {
    ...summary,
    sql: row.sql,
    runningVersion: lastRun?.version ?? null,
    checkpointIntervalMs: row.checkpointIntervalMs,
    tasks:
      row.parallelism > 1
        ? [
            {
              index: 0,
              state: summary.state,
              ownerWorkerId: summary.ownerWorkerId,
              lastError: summary.lastError,
            },
            ...others.map((t) => ({
              index: t.taskIndex,
              state: t.actualState,
              ownerWorkerId: live(t.leaseExpiresAt) ? t.ownerWorkerId : null,
              lastError: t.lastError,
            })),
          ]
        : [],
  };
}
