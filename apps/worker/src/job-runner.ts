/**
 * One run of one job on this worker, from claim to release: JobRun row, restore of the latest
 * checkpoint, the runtime's run loop with periodic and final checkpoints (fenced by the lease
 * epoch), dead letters to DlqRecord rows, per-job logs. The supervisor (supervisor.ts) decides
 * what happens to the job row afterwards.
 */
import type { EgressPolicy } from '@velo/connectors/egress';
import type { Keyring, PrismaClient } from '@velo/db';
import { restorePipeline } from '@velo/engine';
import { type RunHandle, type RunMetrics, startRun } from '@velo/runtime';
import type { Logger } from 'pino';
import { FencedError, loadLatestCheckpoint, type StoredCheckpoint } from './checkpoint-store.ts';
import { resolveConnection } from './connections.ts';
import { DeadLetterWriter } from './dead-letters.ts';
import { commitExactlyOnce, exactlyOnceSinks, loadExactlyOnceCheckpoint } from './exactly-once.ts';
import { fenceSink, type LeaseClock } from './fencing.ts';
import { fileSinkOffsets, rewindFileSinks } from './file-sink-offsets.ts';
import { createJobLogger, type JobLogger } from './job-log.ts';
import { closeRun, openRun, setRunState } from './job-runs.ts';
import type { ClaimedJob } from './lease.ts';
import { setJobState } from './lease.ts';
import { type OpenedPipeline, openPipeline, StartCancelled } from './open-pipeline.ts';
import { chooseCheckpointTransaction, storeCheckpoint } from './postgres-exactly-once.ts';
import type { RunHooks, RunHooksFactory } from './run-hooks.ts';
import { loadLatestTaskCheckpoint, type TaskStoredCheckpoint } from './task-checkpoints.ts';
import { type ClaimedTask, type JobTaskRef, resetTasks, setTaskState } from './task-lease.ts';

export type StopCause = 'stop' | 'restart' | 'shutdown';

export type RunOutcome =
  | { kind: 'stopped'; cause: StopCause }
  | { kind: 'ended' }
  | { kind: 'failed'; error: string; atStart: boolean }
  | { kind: 'fenced'; error: string };

export interface JobRunnerDeps {
  prisma: PrismaClient;
  keyring: () => Keyring;
  logger: Logger;
  workerId: string;
  checkpointIntervalMs?: number;
  checkpointsKept: number;
  dlqPayloadMaxBytes: number;
  /** Metrics and telemetry of each run (see run-hooks.ts). */
  hooksFor?: RunHooksFactory;
  /** The egress policy: file sources and sinks stay inside its file root. */
  egress: EgressPolicy;
}

export class JobRunner {
  readonly log: JobLogger;
  private readonly abort = new AbortController();
  private stopCause: StopCause | null = null;
  /** performance.now() of the stop request (the supervisor abandons a stop that hangs). */
  stopRequestedAt: number | null = null;
  private fenced = false;
  /** The run is over (its outcome is being settled): nothing more to fence. */
  private ended = false;
  /** Set by failFrom(): another task of the job failed, so this run fails too. */
  private failure: string | null = null;
  private handle: RunHandle | null = null;
  runId: string | null = null;
  /** True once the pipeline is open and the run loop started. */
  running = false;
  private readonly hooks: RunHooks;
  readonly done: Promise<RunOutcome>;

  /** Which task of the job this run is (0 of 1 unless the job is parallel). */
  readonly task: JobTaskRef;

  constructor(
    private readonly deps: JobRunnerDeps,
    readonly job: ClaimedJob | ClaimedTask,
    readonly lease: LeaseClock,
  ) {
    this.task = 'task' in job ? job.task : { index: 0, count: job.parallelism ?? 1 };
    this.log = createJobLogger(deps.prisma, deps.logger, job, deps.workerId);
    // every task reports its own metrics; job-wide telemetry comes from task 0 (telemetry-hooks)
    this.hooks = deps.hooksFor?.(job) ?? {};
    this.done = this.run();
  }

  /** Tasks 1..N-1 of a parallel job (task 0 holds the Job row's lease). */
  get isTask(): boolean {
    return 'task' in this.job;
  }

  /** Another task of the job failed: this run stops and fails with `error` (full failover). */
  failFrom(error: string): void {
    if (this.failure || this.fenced) return;
    this.failure = error;
    this.log.error(`run failed: ${error}`);
    this.abort.abort();
  }

  /** Graceful stop: finish the batch, flush, checkpoint, commit. Works during start-up too. */
  requestStop(cause: StopCause): void {
    if (this.stopCause) return;
    this.stopCause = cause;
    this.stopRequestedAt = performance.now();
    this.abort.abort();
  }

  /** The lease is gone: stop at once and write nothing more (no final checkpoint). */
  fence(reason: string): void {
    // a run that already ended wrote its last; its lease is being released, not lost
    if (this.fenced || this.ended) return;
    this.fenced = true;
    this.lease.markLost();
    this.log.warn(`lease lost (${reason}); stopping without writing`);
    this.abort.abort();
  }

  get cause(): StopCause | null {
    return this.stopCause;
  }

  get isFenced(): boolean {
    return this.fenced;
  }

  get stopping(): boolean {
    return this.stopCause !== null || this.fenced || this.failure !== null;
  }

  private async run(): Promise<RunOutcome> {
    const { prisma, workerId } = this.deps;
    const job = this.job;
    this.runId = await openRun(prisma, {
      jobId: job.id,
      version: job.version,
      workerId,
      leaseEpoch: job.leaseEpoch,
      attempt: job.restarts,
      taskIndex: this.task.index,
    });
    const { task } = this;
    const parallel = task.count > 1;
    this.log.info(
      `${parallel ? `task ${task.index}/${task.count}: ` : ''}run started on worker ${workerId} (version ${job.version}, lease epoch ${job.leaseEpoch}${job.restarts > 0 ? `, restart ${job.restarts}` : ''})`,
      { runId: this.runId, previousState: job.previousState },
    );
    this.hooks.setState?.('STARTING');
    if (job.restarts > 0 || job.previousState === 'RESTARTING') this.hooks.recordRestart?.();
    let started = false;
    let pipeline: OpenedPipeline | null = null;
    const dlq = new DeadLetterWriter(prisma, job.id, this.deps.dlqPayloadMaxBytes);
    try {
      // task 0 of a parallel job hands the other tasks to this run (any worker claims them)
      if (parallel && !this.isTask) await resetTasks(prisma, job.id, job.leaseEpoch, task.count);
      const exactlyOnce = [...exactlyOnceSinks(job.sql, job.id, task.index).values()];
      const latest =
        exactlyOnce.length > 0
          ? await loadExactlyOnceCheckpoint(
              prisma,
              job.id,
              exactlyOnce,
              (uri) => resolveConnection(prisma, job.teamId, uri, this.deps.keyring),
              parallel ? task.index : undefined,
            )
          : parallel
            ? await loadLatestTaskCheckpoint(prisma, job.id, task.index)
            : await loadLatestCheckpoint(prisma, job.id);
      const fits = (latest?.checkpoint as TaskStoredCheckpoint | undefined)?.taskCount ?? 1;
      if (latest && fits !== task.count) {
        this.log.warn(
          `checkpoint ${latest.epoch} was taken with parallelism ${fits}, not ${task.count}; starting without state`,
        );
      }
      const restored = await this.open(fits === task.count ? (latest?.checkpoint ?? null) : null);
      pipeline = restored.pipeline;
      // a PostgreSQL INSERT sink in Velo's own database commits its output with each checkpoint
      const held = await chooseCheckpointTransaction(prisma, pipeline.sinks, {
        kafkaExactlyOnce: exactlyOnce.length > 0,
        repartitioned: pipeline.repartitioned,
      });
      for (const note of held.notes) this.log.info(note);
      if (held.chosen)
        this.log.info(
          `exactly-once: output to ${held.chosen.sink.uri} commits with each checkpoint`,
        );
      const restore = restored.checkpoint;
      // a parallel job is RUNNING once every task runs (the supervisor's tick sees to it)
      const running = this.isTask
        ? await setTaskState(prisma, workerId, job as ClaimedTask, 'RUNNING')
        : await setJobState(
            prisma,
            workerId,
            job.id,
            job.leaseEpoch,
            parallel ? 'STARTING' : 'RUNNING',
          );
      if (!running) {
        throw new FencedError('the job was claimed by another worker during start-up');
      }
      started = true;
      this.running = true;
      this.hooks.setState?.('RUNNING');
      await setRunState(prisma, this.runId, 'RUNNING', {
        restoredCheckpointEpoch: restore ? (latest?.epoch ?? null) : null,
      });
      this.log.info(
        restore
          ? `running; restored checkpoint ${latest?.epoch} (version ${restore.version})`
          : 'running; no checkpoint restored',
      );
      const recordsBase = restore?.recordsIn ?? 0;
      if (pipeline.dlqSink) dlq.setSink(fenceSink(pipeline.dlqSink, this.lease));
      const sinks: OpenedPipeline['sinks'] = {};
      for (const [name, sink] of Object.entries(pipeline.sinks))
        sinks[name] = fenceSink(sink, this.lease);
      const opened = pipeline;
      /** Records read by this run (checkpoints carry the job's running total). */
      let recordsRead = 0;
      const intervalMs = this.deps.checkpointIntervalMs ?? job.checkpointIntervalMs;
      this.hooks.setCheckpointInterval?.(intervalMs);
      this.handle = startRun({
        program: opened.program,
        sources: opened.sources,
        sinks,
        // Per-operator records and busy time: the job graph colours operators by them.
        operatorMetrics: this.hooks.onMetrics !== undefined,
        ...(restore ? { restore } : {}),
        signal: this.abort.signal,
        checkpoint: {
          intervalMs,
          onCheckpoint: async (checkpoint) => {
            if (this.fenced) throw new FencedError('lease lost; checkpoint refused');
            this.lease.assertHeld('checkpoint');
            const t0 = performance.now();
            await dlq.flush();
            const stored: TaskStoredCheckpoint = {
              ...checkpoint,
              version: job.version,
              sinkOffsets: await fileSinkOffsets(opened.sinkUris),
              recordsIn: recordsBase + recordsRead,
              ...(parallel ? { taskCount: task.count } : {}),
            };
            const writer = {
              jobId: job.id,
              runId: this.runId as string,
              workerId,
              leaseEpoch: job.leaseEpoch,
              keep: this.deps.checkpointsKept,
            };
            const { epoch, sizeBytes } = await storeCheckpoint(
              prisma,
              held.chosen,
              parallel ? { ...writer, taskIndex: task.index } : writer,
              stored,
              t0,
            );
            // exactly-once Kafka sinks: output and offsets become visible only now
            this.lease.assertHeld('commit the Kafka transaction');
            await commitExactlyOnce(opened.sinks, checkpoint.positions);
            this.hooks.recordCheckpoint?.(performance.now() - t0, sizeBytes);
            this.deps.logger.debug({ jobId: job.id, epoch, sizeBytes }, 'checkpoint stored');
          },
        },
        onDeadLetter: (dl) => {
          dlq.add(dl);
          this.hooks.onDeadLetter?.(dl);
        },
        onBatch: (batch) => {
          recordsRead += batch.records;
          this.hooks.onBatch?.(batch);
        },
        ...(this.hooks.onOutput
          ? { onOutput: (output) => void this.hooks.onOutput?.(output) }
          : {}),
        ...(this.hooks.onMetrics
          ? { onMetrics: (metrics: RunMetrics) => this.hooks.onMetrics?.(metrics) }
          : {}),
      });
      const summary = await this.handle.done;
      await dlq.flush();
      if (this.fenced) return await this.finish({ kind: 'fenced', error: 'lease lost' });
      if (this.failure)
        return await this.finish({ kind: 'failed', error: this.failure, atStart: false });
      if (summary.reason === 'aborted' && this.stopCause) {
        this.log.info(`stopped (${this.stopCause}); final checkpoint stored`, {
          recordsIn: summary.metrics.recordsIn,
          recordsOut: summary.metrics.recordsOut,
        });
        return await this.finish({ kind: 'stopped', cause: this.stopCause });
      }
      this.log.info('input ended; job finished', { recordsIn: summary.metrics.recordsIn });
      return await this.finish({ kind: 'ended' });
    } catch (error) {
      if (this.failure && !this.fenced)
        return await this.finish({ kind: 'failed', error: this.failure, atStart: !started });
      if (error instanceof StartCancelled && this.stopCause) {
        this.log.info(`stopped during start-up (${this.stopCause})`);
        return await this.finish({ kind: 'stopped', cause: this.stopCause });
      }
      if (error instanceof FencedError || this.fenced) {
        if (!this.fenced)
          this.log.warn(`lease lost (${(error as Error).message}); stopped without writing`);
        this.fenced = true;
        this.lease.markLost();
        return await this.finish({ kind: 'fenced', error: (error as Error).message });
      }
      const message = (error as Error)?.message ?? String(error);
      this.log.error(`${started ? 'run failed' : 'start failed'}: ${message}`);
      return await this.finish({ kind: 'failed', error: message, atStart: !started });
    } finally {
      await pipeline?.close();
    }
  }

  /**
   * Opens the pipeline at `checkpoint` (file sinks rewound to its offsets); when the checkpoint
   * does not fit the program (the SQL changed shape), starts without state instead.
   */
  private async open(
    checkpoint: StoredCheckpoint | null,
  ): Promise<{ pipeline: OpenedPipeline; checkpoint: StoredCheckpoint | null }> {
    const base = {
      prisma: this.deps.prisma,
      keyring: this.deps.keyring,
      teamId: this.job.teamId,
      sql: this.job.sql,
      jobId: this.job.id,
      task: { ...this.task, epoch: this.job.leaseEpoch },
      cancelled: () => this.stopping,
      egress: this.deps.egress,
      onAssignment: ({ topic, partitions }: { topic: string; partitions: number[] }) =>
        this.log.info(
          `rebalance: reading ${partitions.length === 0 ? 'no partitions' : `partition${partitions.length === 1 ? '' : 's'} ${partitions.join(', ')}`} of ${topic}`,
        ),
    };
    if (checkpoint) {
      const dropped = await rewindFileSinks(checkpoint.sinkOffsets ?? {});
      if (dropped > 0)
        this.log.info(`dropped ${dropped} bytes of file output written after the checkpoint`);
      const pipeline = await openPipeline({
        ...base,
        positions: checkpoint.positions,
        append: true,
      });
      try {
        restorePipeline(pipeline.program, checkpoint.state).close();
        return { pipeline, checkpoint };
      } catch (error) {
        await pipeline.close();
        this.log.warn(
          `the checkpoint of version ${checkpoint.version} does not fit version ${this.job.version} (${(error as Error).message}); starting without state`,
        );
      }
    }
    return { pipeline: await openPipeline({ ...base, append: false }), checkpoint: null };
  }

  private async finish(outcome: RunOutcome): Promise<RunOutcome> {
    this.ended = true;
    const state =
      outcome.kind === 'failed' || outcome.kind === 'fenced'
        ? 'FAILED'
        : outcome.kind === 'stopped' && outcome.cause !== 'stop'
          ? 'RESTARTING'
          : 'STOPPED';
    const error = outcome.kind === 'failed' || outcome.kind === 'fenced' ? outcome.error : null;
    try {
      this.hooks.setState?.(state);
      await this.hooks.close?.();
    } catch (hookError) {
      this.deps.logger.warn(
        { jobId: this.job.id, err: String(hookError) },
        'run hooks failed to close',
      );
    }
    if (this.runId)
      await closeRun(this.deps.prisma, this.runId, state, error).catch(() => undefined);
    await this.log.flush();
    return outcome;
  }
}
