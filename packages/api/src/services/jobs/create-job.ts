import type { Keyring } from '@velo/db';
import { writeAudit } from '../audit/write-audit.ts';
import type { MutationDeps } from '../context.ts';
import { appendJobLog } from './append-job-log.ts';
import { assertParallelism } from './check-parallelism.ts';
import { isUniqueViolation, jobNameTakenError } from './job-name-taken.ts';
import { type RestartPolicyName, toDbPolicy } from './job-view.ts';
import { type SqlProblem, validateJobSql } from './validate-job-sql.ts';

export interface CreateJobInput {
  teamId: string;
  name: string;
  sql: string;
  restartPolicy?: RestartPolicyName;
  parallelism?: number;
}

export interface CreateJobResult {
  id: string;
  version: number;
  warnings: SqlProblem[];
}

/** Saves a job (DRAFT) and its version 1 after the SQL passes validation. */
export async function createJob(
  { prisma, actor, keyring }: MutationDeps & { keyring?: () => Keyring },
  input: CreateJobInput,
): Promise<CreateJobResult> {
  const warnings = await validateJobSql(prisma, input.teamId, input.sql, keyring);
  const restartPolicy = toDbPolicy(input.restartPolicy ?? 'on-failure');
  const parallelism = input.parallelism ?? 1;
  assertParallelism(input.sql, parallelism);
  try {
    return await prisma.$transaction(async (tx) => {
      const job = await tx.job.create({
        data: {
          teamId: input.teamId,
          name: input.name,
          sql: input.sql,
          version: 1,
          restartPolicy,
          parallelism,
          createdById: actor.userId,
          updatedById: actor.userId,
        },
      });
      await tx.jobVersion.create({
        data: {
          jobId: job.id,
          version: 1,
          sql: input.sql,
          restartPolicy,
          parallelism,
          createdById: actor.userId,
        },
      });
      await appendJobLog(tx, job.id, 'job created (version 1)', { by: actor.userId });
      await writeAudit(tx, {
        teamId: input.teamId,
        actorId: actor.userId,
        ip: actor.ip,
        action: 'job.create',
        objectType: 'job',
        objectId: job.id,
        details: {
          name: job.name,
          version: 1,
          restartPolicy: input.restartPolicy ?? 'on-failure',
          parallelism,
        },
      });
      return { id: job.id, version: 1, warnings };
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw jobNameTakenError(input.name);
    throw error;
  }
}
