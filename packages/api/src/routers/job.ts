import { z } from 'zod';
import { ZUserRef } from '../services/connections/connection-view.ts';
import { createJob } from '../services/jobs/create-job.ts';
import { deleteJob } from '../services/jobs/delete-job.ts';
import { getJob } from '../services/jobs/get-job.ts';
import { getOutputTail } from '../services/jobs/get-output-tail.ts';
import { ZJobState, ZJobSummary, ZJobView, ZRestartPolicy } from '../services/jobs/job-view.ts';
import { listDeadLetters } from '../services/jobs/list-dead-letters.ts';
import { listJobCheckpoints } from '../services/jobs/list-job-checkpoints.ts';
import { listJobLogs } from '../services/jobs/list-job-logs.ts';
import { listJobRuns } from '../services/jobs/list-job-runs.ts';
import { listJobVersions } from '../services/jobs/list-job-versions.ts';
import { listJobs } from '../services/jobs/list-jobs.ts';
import { restartJob } from '../services/jobs/restart-job.ts';
import { startJob } from '../services/jobs/start-job.ts';
import { stopJob } from '../services/jobs/stop-job.ts';
import { updateJob } from '../services/jobs/update-job.ts';
import { createTRPCRouter, teamProcedure } from '../trpc.ts';

const ZJobId = z.string({ error: 'Job is required' }).min(1, 'Job is required').max(64);
export const ZJobName = z
  .string({ error: 'Name is required' })
  .trim()
  .min(1, 'Name is required')
  .max(100, 'Name must be at most 100 characters')
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9 ._-]*$/,
    'Name may hold letters, digits, spaces, ".", "_" and "-"',
  );
export const ZJobSql = z
  .string({ error: 'SQL is required' })
  .max(100_000, 'SQL must be at most 100,000 characters')
  .refine((sql) => sql.trim().length > 0, 'SQL is required');
const ZParallelism = z
  .number({ error: 'Parallelism must be a whole number between 1 and 64' })
  .int('Parallelism must be a whole number between 1 and 64')
  .min(1, 'Parallelism must be a whole number between 1 and 64')
  .max(64, 'Parallelism must be a whole number between 1 and 64');
const ZCursor = z.string().regex(/^\d{1,19}$/, 'Cursor must be an id from an earlier page');
const ZLimit = (max: number) =>
  z
    .number({ error: `Limit must be a whole number between 1 and ${max}` })
    .int(`Limit must be a whole number between 1 and ${max}`)
    .min(1, `Limit must be a whole number between 1 and ${max}`)
    .max(max, `Limit must be a whole number between 1 and ${max}`);

const ZSqlProblem = z.object({
  line: z.number().int(),
  column: z.number().int(),
  endLine: z.number().int(),
  endColumn: z.number().int(),
  code: z.string(),
  message: z.string(),
  hint: z.string().optional(),
});

export const ZCreateJobRequest = z.object({
  name: ZJobName,
  sql: ZJobSql,
  restartPolicy: ZRestartPolicy.optional(),
  parallelism: ZParallelism.optional(),
});
/** `warnings`: analysis warnings of the saved SQL (errors refuse the call, INVALID_INPUT). */
export const ZCreateJobResponse = z.object({
  id: z.string(),
  version: z.number().int(),
  warnings: z.array(ZSqlProblem),
});

export const ZUpdateJobRequest = z.object({
  id: ZJobId,
  sql: ZJobSql.optional(),
  restartPolicy: ZRestartPolicy.optional(),
  parallelism: ZParallelism.optional(),
});
export const ZUpdateJobResponse = ZCreateJobResponse;

export const ZJobRequest = z.object({ id: ZJobId });
export const ZRestartJobRequest = z.object({
  id: ZJobId,
  fromCheckpoint: z.boolean({ error: 'fromCheckpoint must be true or false' }),
});

export const ZJobVersion = z.object({
  version: z.number().int(),
  sql: z.string(),
  restartPolicy: ZRestartPolicy,
  parallelism: z.number().int(),
  createdAt: z.date(),
  createdBy: ZUserRef.nullable(),
});

export const ZJobRun = z.object({
  id: z.string(),
  version: z.number().int(),
  workerId: z.string(),
  leaseEpoch: z.number().int(),
  state: ZJobState,
  attempt: z.number().int(),
  taskIndex: z.number().int(),
  restoredCheckpointEpoch: z.number().int().nullable(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  finalState: ZJobState.nullable(),
  error: z.string().nullable(),
});

export const ZJobCheckpoint = z.object({
  id: z.string(),
  epoch: z.number().int(),
  runId: z.string(),
  leaseEpoch: z.number().int(),
  positions: z.unknown(),
  sizeBytes: z.number().int(),
  durationMs: z.number().int(),
  recordsIn: z.string(),
  createdAt: z.date(),
});

export const ZPagedRequest = (maxLimit: number) =>
  z.object({ id: ZJobId, cursor: ZCursor.optional(), limit: ZLimit(maxLimit).optional() });

export const ZDeadLetter = z.object({
  id: z.string(),
  reason: z.string(),
  source: z.string().nullable(),
  position: z.string().nullable(),
  payloadPreview: z.string(),
  payloadTruncated: z.boolean(),
  createdAt: z.date(),
});
export const ZDeadLettersResponse = z.object({
  items: z.array(ZDeadLetter),
  nextCursor: z.string().nullable(),
  total: z.number().int(),
});

export const ZJobLog = z.object({
  id: z.string(),
  level: z.string(),
  message: z.string(),
  workerId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});
export const ZJobLogsResponse = z.object({
  items: z.array(ZJobLog),
  nextCursor: z.string().nullable(),
});

export const ZOutputSampleRequest = z.object({
  id: ZJobId,
  sink: z.string().min(1, 'Sink is required').max(2000).optional(),
  afterSeq: ZCursor.optional(),
});
export const ZOutputSampleResponse = z.object({
  sinks: z.array(z.string()),
  records: z.array(
    z.object({
      seq: z.string(),
      sink: z.string(),
      columns: z.array(z.string()),
      cells: z.array(z.object({ t: z.string(), v: z.string() })),
      emittedAt: z.date(),
    }),
  ),
});

export const jobRouter = createTRPCRouter({
  create: teamProcedure('EDITOR')
    .input(ZCreateJobRequest)
    .output(ZCreateJobResponse)
    .mutation(({ ctx, input }) =>
      createJob(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring },
        { ...input, teamId: ctx.team.id },
      ),
    ),

  update: teamProcedure('EDITOR')
    .input(ZUpdateJobRequest)
    .output(ZUpdateJobResponse)
    .mutation(({ ctx, input }) =>
      updateJob(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring },
        { ...input, teamId: ctx.team.id },
      ),
    ),

  versions: teamProcedure('VIEWER')
    .input(ZJobRequest)
    .output(z.array(ZJobVersion))
    .query(({ ctx, input }) =>
      listJobVersions({ prisma: ctx.prisma }, { teamId: ctx.team.id, id: input.id }),
    ),

  list: teamProcedure('VIEWER')
    .output(z.array(ZJobSummary))
    .query(({ ctx }) => listJobs({ prisma: ctx.prisma }, { teamId: ctx.team.id })),

  get: teamProcedure('VIEWER')
    .input(ZJobRequest)
    .output(ZJobView)
    .query(({ ctx, input }) =>
      getJob({ prisma: ctx.prisma }, { teamId: ctx.team.id, id: input.id }),
    ),

  start: teamProcedure('EDITOR')
    .input(ZJobRequest)
    .output(ZJobView)
    .mutation(({ ctx, input }) =>
      startJob({ prisma: ctx.prisma, actor: ctx.actor }, { teamId: ctx.team.id, id: input.id }),
    ),

  stop: teamProcedure('EDITOR')
    .input(ZJobRequest)
    .output(ZJobView)
    .mutation(({ ctx, input }) =>
      stopJob({ prisma: ctx.prisma, actor: ctx.actor }, { teamId: ctx.team.id, id: input.id }),
    ),

  restart: teamProcedure('EDITOR')
    .input(ZRestartJobRequest)
    .output(ZJobView)
    .mutation(({ ctx, input }) =>
      restartJob({ prisma: ctx.prisma, actor: ctx.actor }, { ...input, teamId: ctx.team.id }),
    ),

  delete: teamProcedure('EDITOR')
    .input(ZJobRequest)
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) =>
      deleteJob(
        { prisma: ctx.prisma, actor: ctx.actor, keyring: ctx.getKeyring },
        { teamId: ctx.team.id, id: input.id },
      ),
    ),

  runs: teamProcedure('VIEWER')
    .input(ZJobRequest.extend({ limit: ZLimit(200).optional() }))
    .output(z.array(ZJobRun))
    .query(({ ctx, input }) =>
      listJobRuns({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),

  checkpoints: teamProcedure('VIEWER')
    .input(ZJobRequest)
    .output(z.array(ZJobCheckpoint))
    .query(({ ctx, input }) =>
      listJobCheckpoints({ prisma: ctx.prisma }, { teamId: ctx.team.id, id: input.id }),
    ),

  deadLetters: teamProcedure('VIEWER')
    .input(ZPagedRequest(200))
    .output(ZDeadLettersResponse)
    .query(({ ctx, input }) =>
      listDeadLetters({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),

  logs: teamProcedure('VIEWER')
    .input(ZPagedRequest(500))
    .output(ZJobLogsResponse)
    .query(({ ctx, input }) =>
      listJobLogs({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),

  /** The live tail: a sample of the newest output records per sink, kept by the worker. */
  outputSample: teamProcedure('VIEWER')
    .input(ZOutputSampleRequest)
    .output(ZOutputSampleResponse)
    .query(({ ctx, input }) =>
      getOutputTail({ prisma: ctx.prisma }, { ...input, teamId: ctx.team.id }),
    ),
});
