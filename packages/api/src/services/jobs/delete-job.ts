import type { Keyring } from '@velo/db';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import {
  deleteRepartitionTopics,
  REPARTITION_CLEANUP_TIMEOUT_MS,
} from './delete-repartition-topics.ts';
import { findJob } from './find-job.ts';
import { hasLiveLease } from './lease-live.ts';
import { requestStop } from './stop-job.ts';

/** How long delete waits for the owning worker to stop the job gracefully. */
export const DELETE_STOP_WAIT_MS = 10_000;

/**
 * Stops the job first (a worker holding it gets up to DELETE_STOP_WAIT_MS to flush and let go),
 * then deletes it with its versions, runs, checkpoints, logs and dead letters. A worker that
 * still holds it afterwards loses its lease (the row is gone) and writes nothing more.
 *
 * A job that ever ran in parallel may have repartition topics: once the deletion committed with
 * its audit entry (a failed delete keeps them, with the messages its next run still has to
 * read), they are deleted within `cleanupTimeoutMs` per cluster, and a second audit entry,
 * `job.repartition_topics.delete`, names them and any cluster that could not be cleaned.
 */
export async function deleteJob(
  { prisma, actor, keyring }: MutationDeps & { keyring?: () => Keyring },
  input: { teamId: string; id: string },
  options: { stopWaitMs?: number; cleanupTimeoutMs?: number } = {},
): Promise<{ id: string }> {
  const { held } = await prisma.$transaction((tx) => requestStop(tx, input.teamId, input.id));
  if (held) {
    const deadline = Date.now() + (options.stopWaitMs ?? DELETE_STOP_WAIT_MS);
    while (Date.now() < deadline) {
      const job = await prisma.job.findFirst({ where: { id: input.id, teamId: input.teamId } });
      if (!job || !hasLiveLease(job)) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  const { job, parallelSqls } = await prisma.$transaction(async (tx) => {
    const job = await findJob(tx, input.teamId, input.id);
    const versions = await tx.jobVersion.findMany({
      where: { jobId: job.id, parallelism: { gt: 1 } },
      select: { sql: true },
    });
    const deleted = await tx.job.deleteMany({ where: { id: job.id, teamId: input.teamId } });
    if (deleted.count === 0)
      throw new AppError('NOT_FOUND', 'Job not found; reload the page, it may have been deleted');
    // the deletion and its audit entry commit together
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'job.delete',
      objectType: 'job',
      objectId: job.id,
      details: { name: job.name, version: job.version },
    });
    const sqls = new Set(versions.map((v) => v.sql));
    if (job.parallelism > 1) sqls.add(job.sql);
    return { job, parallelSqls: [...sqls] };
  });
  if (parallelSqls.length === 0) return { id: job.id };
  const cleanup = await deleteRepartitionTopics(
    { db: prisma, keyring },
    { teamId: input.teamId, jobId: job.id, sqls: parallelSqls },
    options.cleanupTimeoutMs ?? REPARTITION_CLEANUP_TIMEOUT_MS,
  );
  await writeAudit(prisma, {
    teamId: input.teamId,
    actorId: actor.userId,
    ip: actor.ip,
    action: 'job.repartition_topics.delete',
    objectType: 'job',
    objectId: job.id,
    details: {
      deleted: cleanup.deleted,
      ...(cleanup.failed.length > 0 ? { failed: cleanup.failed } : {}),
    },
  });
  return { id: job.id };
}
