/**
 * The supervisor's side of parallel jobs (task-lease.ts): runs tasks 1..N-1 claimed by this
 * worker (renewing their leases, passing stops on, releasing them with their outcome), and for
 * the task 0 runs here aggregates the job's state — RUNNING once every task runs, STARTING
 * before — and fails the run when another task failed (the job's restart policy then restarts
 * every task).
 */
import type { PrismaClient } from '@velo/db';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env.ts';
import type { JobRunner, RunOutcome } from './job-runner.ts';
import { type ClaimedJob, setJobState } from './lease.ts';
import { type ClaimedTask, releaseTaskLease, renewTaskLease, tasksProgress } from './task-lease.ts';

interface TaskRunnersDeps {
  prisma: PrismaClient;
  logger: Logger;
  workerId: string;
  env: WorkerEnv;
}

export class TaskRunners {
  private readonly runners = new Map<string, JobRunner>();
  /** The job state last written by task 0 (job id → `epoch:state`), to write only changes. */
  private readonly aggregated = new Map<string, string>();

  constructor(
    private readonly deps: TaskRunnersDeps,
    private readonly create: (job: ClaimedJob | ClaimedTask) => JobRunner,
  ) {}

  get size(): number {
    return this.runners.size;
  }

  all(): JobRunner[] {
    return [...this.runners.values()];
  }

  start(task: ClaimedTask): void {
    const key = `${task.id}/${task.task.index}`;
    const runner = this.create(task);
    this.runners.set(key, runner);
    runner.done
      .then((outcome) => this.settle(task, outcome))
      .catch((error: unknown) =>
        this.deps.logger.error(
          { jobId: task.id, task: task.task.index, err: String(error) },
          'releasing the task failed',
        ),
      )
      .finally(() => this.runners.delete(key));
  }

  /** Renews every task lease; a lost one fences its task, a stop or restart stops it. */
  async renew(): Promise<void> {
    const { prisma, workerId, env } = this.deps;
    for (const runner of this.runners.values()) {
      const task = runner.job as ClaimedTask;
      const sentAt = performance.now();
      const status = await renewTaskLease(prisma, workerId, task, env.WORKER_LEASE_MS);
      if (!status.held) {
        runner.fence('the task lease expired or another worker took the task');
        continue;
      }
      runner.lease.renewed(sentAt);
      if (status.stop) runner.requestStop(status.stop);
      if (runner.stopRequestedAt !== null && !runner.isFenced) {
        if (performance.now() - runner.stopRequestedAt >= env.WORKER_STOP_TIMEOUT_MS) {
          runner.fence(`the graceful stop took longer than ${env.WORKER_STOP_TIMEOUT_MS} ms`);
          await releaseTaskLease(prisma, workerId, task, 'STOPPED', null);
        }
      }
    }
  }

  /** Task 0's tick: the job's state from its tasks', and a failed task fails the run. */
  async followTasks(leader: JobRunner): Promise<void> {
    const { prisma, workerId } = this.deps;
    const { job } = leader;
    if (leader.stopping) return;
    const progress = await tasksProgress(prisma, job.id, job.leaseEpoch, leader.task.count);
    if (progress.failed) {
      leader.failFrom(`task ${progress.failed.index} failed: ${progress.failed.error}`);
      return;
    }
    if (!leader.running) return;
    const state = progress.allRunning ? 'RUNNING' : 'STARTING';
    const written = `${job.leaseEpoch}:${state}`;
    if (this.aggregated.get(job.id) === written) return;
    if (await setJobState(prisma, workerId, job.id, job.leaseEpoch, state)) {
      this.aggregated.set(job.id, written);
      if (state === 'RUNNING') leader.log.info(`running; all ${leader.task.count} tasks run`);
    }
  }

  /** Releases the task with the state its run ended in (task 0 reads a FAILED one). */
  private async settle(task: ClaimedTask, outcome: RunOutcome): Promise<void> {
    const { prisma, workerId } = this.deps;
    switch (outcome.kind) {
      case 'fenced':
        return;
      case 'failed':
        await releaseTaskLease(prisma, workerId, task, 'FAILED', outcome.error);
        return;
      case 'ended':
        await releaseTaskLease(prisma, workerId, task, 'STOPPED', null);
        return;
      case 'stopped':
        await releaseTaskLease(
          prisma,
          workerId,
          task,
          outcome.cause === 'stop' ? 'STOPPED' : 'RESTARTING',
          null,
        );
    }
  }
}
