import type { Keyring } from '@velo/db';
import { AppError } from '../../errors.ts';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { appendJobLog } from './append-job-log.ts';
import { assertParallelism } from './check-parallelism.ts';
import { lockJob } from './find-job.ts';
import { fromDbPolicy, type RestartPolicyName, toDbPolicy } from './job-view.ts';
import { type SqlProblem, validateJobSql } from './validate-job-sql.ts';

export interface UpdateJobInput {
  teamId: string;
  id: string;
  sql?: string;
  restartPolicy?: RestartPolicyName;
  parallelism?: number;
}

export interface UpdateJobResult {
  id: string;
  version: number;
  warnings: SqlProblem[];
}

/**
 * Saves a new version of the job (every version is kept in JobVersion). A running job keeps
 * running the version it started with until it is restarted.
 */
export async function updateJob(
  { prisma, actor, keyring }: MutationDeps & { keyring?: () => Keyring },
  input: UpdateJobInput,
): Promise<UpdateJobResult> {
  if (
    input.sql === undefined &&
    input.restartPolicy === undefined &&
    input.parallelism === undefined
  ) {
    throw new AppError(
      'INVALID_INPUT',
      'Nothing to change; give new SQL, a restart policy or a parallelism',
    );
  }
  const warnings =
    input.sql === undefined ? [] : await validateJobSql(prisma, input.teamId, input.sql, keyring);
  return prisma.$transaction(async (tx) => {
    const current = await lockJob(tx, input.teamId, input.id);
    const sql = input.sql ?? current.sql;
    const restartPolicy = input.restartPolicy
      ? toDbPolicy(input.restartPolicy)
      : current.restartPolicy;
    const parallelism = input.parallelism ?? current.parallelism;
    assertParallelism(sql, parallelism);
    const changed: string[] = [];
    if (sql !== current.sql) changed.push('sql');
    if (restartPolicy !== current.restartPolicy) changed.push('restartPolicy');
    if (parallelism !== current.parallelism) changed.push('parallelism');
    const version = current.version + 1;
    await tx.job.update({
      where: { id: current.id },
      data: { sql, restartPolicy, parallelism, version, updatedById: actor.userId },
    });
    await tx.jobVersion.create({
      data: {
        jobId: current.id,
        version,
        sql,
        restartPolicy,
        parallelism,
        createdById: actor.userId,
      },
    });
    await appendJobLog(tx, current.id, `job updated to version ${version}`, { changed });
    await writeAudit(tx, {
      teamId: input.teamId,
      actorId: actor.userId,
      ip: actor.ip,
      action: 'job.update',
      objectType: 'job',
      objectId: current.id,
      details: {
        name: current.name,
        version,
        changed,
        restartPolicy: fromDbPolicy(restartPolicy),
        parallelism,
      },
    });
    return { id: current.id, version, warnings };
  });
}
