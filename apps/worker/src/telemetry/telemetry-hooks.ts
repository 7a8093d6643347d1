/**
 * The run hooks (run-hooks.ts) of every job on this worker: metrics on /metrics and in the
 * metric store (JobTelemetry + MetricFlusher), user `@metric`s, the job's lineage stored when a
 * run starts, and OpenLineage run events when OPENLINEAGE_URL is set. Nothing here may stop a
 * job: failures are logged to the job's log once and the run goes on.
 *
 * Every task of a parallel job reports its own traffic (records, bytes, latency, lag of its
 * partitions, state entries, operators, user metrics) under its `task` label, on its worker's
 * /metrics and in the metric store, where metrics.series sums the tasks into the job's series.
 * What belongs to the job as a whole — its status and restarts, lineage, OpenLineage events and
 * the output tail — comes from task 0, which holds the job's lease.
 */
import { randomUUID } from 'node:crypto';
import {
  createOpenLineageClient,
  type JobLineage,
  jobLineage,
  type OpenLineageEventType,
  openLineageEvent,
  recordJobLineage,
} from '@velo/api/worker';
import type { PrismaClient } from '@velo/db';
import { compile, lineage } from '@velo/engine';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ClaimedJob } from '../lease.ts';
import { OutputSampler } from '../output-sample.ts';
import type { RunHooks, RunHooksFactory } from '../run-hooks.ts';
import type { ClaimedTask } from '../task-lease.ts';
import { FailedStatusKeeper } from './failed-status-keeper.ts';
import { JobTelemetry } from './job-telemetry.ts';
import type { MetricFlusher } from './metric-flusher.ts';

export interface TelemetryHooksOptions {
  prisma: PrismaClient;
  registry: Registry;
  flusher: MetricFlusher;
  logger: Logger;
  /** Label sets kept per user metric. */
  maxLabelSets?: number;
  openLineageUrl?: string;
  /** RUNNING events are sent this often while a job runs (default 5 minutes). */
  openLineageRunningMs?: number;
  /** A FAILED job's series stay on /metrics this long (default 10 minutes), for the alert. */
  failedStatusKeptMs?: number;
}

export { FAILED_STATUS_KEPT_MS } from './failed-status-keeper.ts';

/** OpenLineage's event for a state the worker reports (null: none for that state). */
function eventFor(state: string): OpenLineageEventType | null {
  switch (state) {
    case 'RUNNING':
      return 'START';
    case 'STOPPED':
      return 'COMPLETE';
    case 'FAILED':
      return 'FAIL';
    case 'RESTARTING':
      return 'ABORT';
    default:
      return null;
  }
}

export function telemetryHooks(options: TelemetryHooksOptions): RunHooksFactory {
  const openLineage = options.openLineageUrl
    ? createOpenLineageClient({
        url: options.openLineageUrl,
        onGiveUp: (error, event) =>
          options.logger.warn(
            { error, eventType: event.eventType },
            'OpenLineage event not delivered',
          ),
      })
    : null;
  const failedRuns = new FailedStatusKeeper(options.failedStatusKeptMs);

  return (job: ClaimedJob | ClaimedTask): RunHooks => {
    const task = 'task' in job ? job.task : { index: 0, count: job.parallelism ?? 1 };
    const leader = task.index === 0;
    // one run per task on this worker: task 0 under the job's id, as a job of parallelism 1
    const runKey = leader ? job.id : `${job.id}/t${task.index}`;
    const log = options.logger.child({ jobId: job.id, ...(leader ? {} : { task: task.index }) });
    // Before this run's telemetry writes anything: a failed earlier run's kept series go now.
    const run = failedRuns.begin(runKey);
    const compiled = compile(job.sql, {});
    const program = compiled.program;
    const telemetry = new JobTelemetry({
      jobId: job.id,
      jobName: job.name,
      task: String(task.index),
      storeTask: task.count > 1,
      registry: options.registry,
      userMetrics: program?.metrics ?? [],
      maxLabelSets: options.maxLabelSets,
      onProblem: (problem) => log.warn({ problem }, 'user metric problem'),
    });
    options.flusher.add(runKey, job.id, telemetry.buffer);
    // The live tail on the job page (job.outputSample): last records per output and task, every
    // second.
    const sampler = new OutputSampler({
      prisma: options.prisma,
      logger: log,
      jobId: job.id,
      taskIndex: task.index,
    });
    const runId = randomUUID();
    let lineageOfJob: JobLineage | null = null;
    try {
      lineageOfJob = program ? jobLineage(lineage(program)) : null;
    } catch (error) {
      log.warn({ err: error }, 'lineage could not be derived');
    }
    let teamSlug: Promise<string> | null = null;
    let runningTimer: NodeJS.Timeout | null = null;
    let lastEvent: OpenLineageEventType | null = null;
    let lastState = '';

    const emit = (eventType: OpenLineageEventType, errorMessage?: string) => {
      if (!openLineage || !lineageOfJob) return;
      const current = lineageOfJob;
      teamSlug ??= options.prisma.team
        .findUnique({ where: { id: job.teamId }, select: { slug: true } })
        .then((t) => t?.slug ?? job.teamId);
      void teamSlug.then((slug) =>
        openLineage.emit(
          openLineageEvent({
            eventType,
            eventTime: new Date(),
            runId,
            teamSlug: slug,
            jobName: job.name,
            lineage: current,
            errorMessage,
          }),
        ),
      );
    };

    const onState = (state: string) => {
      lastState = state;
      if (!leader) return;
      telemetry.setState(state);
      if (state === 'RUNNING' && lineageOfJob) {
        recordJobLineage(
          { prisma: options.prisma },
          {
            teamId: job.teamId,
            jobId: job.id,
            jobName: job.name,
            jobVersion: job.version,
            lineage: lineageOfJob,
          },
        ).catch((error) => log.warn({ err: error }, 'lineage not stored'));
      }
      const event = eventFor(state);
      if (!event || event === lastEvent) return;
      lastEvent = event;
      emit(event);
      if (event === 'START' && openLineage) {
        runningTimer = setInterval(
          () => emit('RUNNING'),
          options.openLineageRunningMs ?? 5 * 60_000,
        );
        runningTimer.unref();
      } else if (runningTimer) {
        clearInterval(runningTimer);
        runningTimer = null;
      }
    };

    return {
      setState: onState,
      recordRestart: () => {
        if (leader) telemetry.recordRestart();
      },
      setCheckpointInterval: (ms) => telemetry.setCheckpointInterval(ms),
      recordCheckpoint: (durationMs, bytes) => telemetry.recordCheckpoint(durationMs, bytes),
      onBatch: (batch) => telemetry.onBatch(batch),
      onDeadLetter: (deadLetter) => telemetry.onDeadLetter(deadLetter),
      onOutput: (output) => {
        telemetry.onOutput(output);
        sampler.add(output);
      },
      onMetrics: (metrics) => telemetry.onMetrics(metrics),
      async close() {
        if (runningTimer) clearInterval(runningTimer);
        await options.flusher.remove(runKey);
        await sampler.close();
        // A failed job leaves the worker at once; its FAILED status stays on /metrics for a
        // while (failed-status-keeper.ts) so that the VeloJobFailed alert can fire.
        failedRuns.end(runKey, run, telemetry, leader && lastState === 'FAILED');
      },
    };
  };
}
