/**
 * The run hooks (run-hooks.ts) of every job on this worker: metrics on /metrics and in the
 * metric store (JobTelemetry + MetricFlusher), user `@metric`s, the job's lineage stored when a
 * run starts, and OpenLineage run events when OPENLINEAGE_URL is set. Nothing here may stop a
 * job: failures are logged to the job's log once and the run goes on.
 */
import { randomUUID } from 'node:crypto';
import {
  createOpenLineageClient,
  type JobLineage,
  jobLineage,
  type OpenLineageEventType,
  openLineageEvent,
  recordJobLineage,
} from '@velo/api';
import type { PrismaClient } from '@velo/db';
import { compile, lineage } from '@velo/engine';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { ClaimedJob } from '../lease.ts';
import { OutputSampler } from '../output-sample.ts';
import type { RunHooks, RunHooksFactory } from '../run-hooks.ts';
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

  return (job: ClaimedJob): RunHooks => {
    const log = options.logger.child({ jobId: job.id });
    // Before this run's telemetry writes anything: a failed earlier run's kept series go now.
    const run = failedRuns.begin(job.id);
    const compiled = compile(job.sql, {});
    const program = compiled.program;
    const telemetry = new JobTelemetry({
      jobId: job.id,
      jobName: job.name,
      registry: options.registry,
      userMetrics: program?.metrics ?? [],
      maxLabelSets: options.maxLabelSets,
      onProblem: (problem) => log.warn({ problem }, 'user metric problem'),
    });
    options.flusher.add(job.id, telemetry.buffer);
    // The live tail on the job page (job.outputSample): last records per output, every second.
    const sampler = new OutputSampler({ prisma: options.prisma, logger: log, jobId: job.id });
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
      recordRestart: () => telemetry.recordRestart(),
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
        await options.flusher.remove(job.id);
        await sampler.close();
        // A failed job leaves the worker at once; its FAILED status stays on /metrics for a
        // while (failed-status-keeper.ts) so that the VeloJobFailed alert can fire.
        failedRuns.end(job.id, run, telemetry, lastState === 'FAILED');
      },
    };
  };
}
