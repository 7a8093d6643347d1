/**
 * The worker's job loop: every poll it renews the leases of its jobs (a lost lease fences the
 * job), passes stop and restart requests on, and claims more jobs up to WORKER_MAX_JOBS. When a
 * run ends it releases the lease with the job's next state, applying the restart policy.
 */
import type { EgressPolicy } from '@velo/connectors/egress';
import type { Keyring, PrismaClient } from '@velo/db';
import type { Logger } from 'pino';
import type { WorkerEnv } from './env.ts';
import { FailureLog } from './failure-log.ts';
import { LeaseClock } from './fencing.ts';
import { JobRunner, type JobRunner as Runner, type RunOutcome } from './job-runner.ts';
import { type ClaimedJob, claimJobs, handOverLease, releaseLease, renewLease } from './lease.ts';
import { afterFailure } from './restart-policy.ts';
import type { RunHooksFactory } from './run-hooks.ts';
import { type ClaimedTask, claimTasks } from './task-lease.ts';
import { TaskRunners } from './task-runners.ts';

export interface SupervisorDeps {
  prisma: PrismaClient;
  keyring: () => Keyring;
  logger: Logger;
  workerId: string;
  env: WorkerEnv;
  /** Metrics and telemetry per run (see run-hooks.ts). */
  hooksFor?: RunHooksFactory;
  egress: EgressPolicy;
}

export class Supervisor {
  private readonly runners = new Map<string, Runner>();
  /** Tasks 1..N-1 of parallel jobs run here (task 0 runs in `runners`). */
  private readonly tasks: TaskRunners;
  private timer: NodeJS.Timeout | null = null;
  private ticking: Promise<void> | null = null;
  private closing = false;
  /** performance.now() of the last tick that reached the database. */
  lastHealthyTick = 0;

  private readonly failures: FailureLog;

  constructor(private readonly deps: SupervisorDeps) {
    this.failures = new FailureLog(deps.logger, 'job loop');
    this.tasks = new TaskRunners(deps, (job) => this.newRunner(job));
  }

  /** Jobs and tasks running here: each task counts toward WORKER_MAX_JOBS. */
  get jobCount(): number {
    return this.runners.size + this.tasks.size;
  }

  private newRunner(job: ClaimedJob | ClaimedTask): Runner {
    const { env } = this.deps;
    return new JobRunner(
      {
        prisma: this.deps.prisma,
        keyring: this.deps.keyring,
        logger: this.deps.logger,
        workerId: this.deps.workerId,
        checkpointIntervalMs: env.WORKER_CHECKPOINT_INTERVAL_MS,
        checkpointsKept: env.WORKER_CHECKPOINTS_KEPT,
        dlqPayloadMaxBytes: env.WORKER_DLQ_PAYLOAD_MAX_BYTES,
        hooksFor: this.deps.hooksFor,
        egress: this.deps.egress,
      },
      job,
      new LeaseClock(env.WORKER_LEASE_MS),
    );
  }

  start(): void {
    let dueAt = performance.now();
    const loop = () => {
      const tickDueAt = dueAt;
      this.ticking = this.tick()
        .then(() => {
          this.failures.succeeded();
          this.checkRenewalDelay(tickDueAt);
        })
        // a database outage fails every poll: the first error, then one line a minute
        .catch((error: unknown) => this.failures.failed(error))
        .finally(() => {
          this.ticking = null;
          dueAt = performance.now() + this.deps.env.WORKER_POLL_MS;
          if (!this.closing) this.timer = setTimeout(loop, this.deps.env.WORKER_POLL_MS);
        });
    };
    loop();
  }

  /** performance.now() when the last tick's renewals were answered. */
  private renewedAt = 0;

  /**
   * Warns when the renewals were answered long after the tick was due: the event loop was busy
   * (a run loop hogging it eats into the lease; see the runtime's yields), or the database slow.
   */
  private checkRenewalDelay(dueAt: number): void {
    if (this.jobCount === 0) return;
    const lateMs = Math.round(this.renewedAt - dueAt);
    if (lateMs > Math.min(1000, this.deps.env.WORKER_LEASE_MS / 4)) {
      this.deps.logger.warn(
        { lateMs, leaseMs: this.deps.env.WORKER_LEASE_MS },
        `lease renewal late by ${lateMs} ms`,
      );
    }
  }

  /** Renew, forward requests, claim. */
  async tick(): Promise<void> {
    const { prisma, workerId, env } = this.deps;
    for (const runner of [...this.runners.values()]) {
      const sentAt = performance.now();
      const status = await renewLease(
        prisma,
        workerId,
        runner.job.id,
        runner.job.leaseEpoch,
        env.WORKER_LEASE_MS,
      );
      if (!status.held) {
        runner.fence('the lease expired or another worker took the job');
        continue;
      }
      runner.lease.renewed(sentAt);
      if (status.desiredState === 'STOPPED') runner.requestStop('stop');
      else if (status.desiredState === 'RESTARTING') runner.requestStop('restart');
      else if (runner.task.count > 1) await this.tasks.followTasks(runner);
      await this.abandonHungStop(runner);
    }
    await this.tasks.renew();
    this.renewedAt = performance.now();
    this.lastHealthyTick = performance.now();
    if (this.closing) return;
    // Tasks of parallel jobs already started come first: a new job's task 0 taking the last
    // free slots everywhere would leave started jobs waiting for their other tasks.
    const tasks = await claimTasks(
      prisma,
      workerId,
      env.WORKER_MAX_JOBS - this.jobCount,
      env.WORKER_LEASE_MS,
      env.WORKER_TEAMS,
    );
    for (const task of tasks) this.tasks.start(task);
    const free = env.WORKER_MAX_JOBS - this.jobCount;
    const claimed = await claimJobs(prisma, workerId, free, env.WORKER_LEASE_MS, env.WORKER_TEAMS);
    this.lastHealthyTick = performance.now();
    for (const job of claimed) {
      if (this.closing) break;
      const runner = this.newRunner(job);
      this.runners.set(job.id, runner);
      runner.done
        .then((outcome) => this.settle(runner, outcome))
        .catch((error: unknown) =>
          this.deps.logger.error({ jobId: job.id, err: String(error) }, 'releasing the job failed'),
        )
        .finally(() => this.runners.delete(job.id));
    }
  }

  /**
   * A graceful stop gets WORKER_STOP_TIMEOUT_MS (a sink that hangs, a source that never
   * returns); after it the job is fenced on this worker (it writes nothing more) and its lease
   * is released with the state the stop was heading for.
   */
  private async abandonHungStop(runner: Runner): Promise<void> {
    const { prisma, workerId, env } = this.deps;
    if (runner.stopRequestedAt === null || runner.isFenced) return;
    if (performance.now() - runner.stopRequestedAt < env.WORKER_STOP_TIMEOUT_MS) return;
    runner.fence(`the graceful stop took longer than ${env.WORKER_STOP_TIMEOUT_MS} ms`);
    const { id, leaseEpoch } = runner.job;
    const lastError = `the graceful stop took longer than ${env.WORKER_STOP_TIMEOUT_MS} ms; stopped without a final checkpoint`;
    if (runner.cause === 'stop')
      await releaseLease(prisma, workerId, id, leaseEpoch, { actualState: 'STOPPED', lastError });
    // a restart or shutdown hands the job over, unless a stop arrived meanwhile
    else await handOverLease(prisma, workerId, id, leaseEpoch, lastError);
  }

  /** Writes the job's next state and gives the lease up (if this worker still holds it). */
  private async settle(runner: Runner, outcome: RunOutcome): Promise<void> {
    const { prisma, workerId, env } = this.deps;
    const { job } = runner;
    const release = (options: Parameters<typeof releaseLease>[4]) =>
      releaseLease(prisma, workerId, job.id, job.leaseEpoch, options);
    switch (outcome.kind) {
      case 'fenced':
        return; // Another worker owns the row now (or the job is gone).
      case 'ended':
        await release({
          actualState: 'STOPPED',
          desiredState: 'STOPPED',
          restarts: 0,
          lastError: null,
        });
        return;
      case 'stopped':
        if (outcome.cause === 'stop') {
          await release({ actualState: 'STOPPED', restarts: 0, notBefore: null });
        } else {
          // Restart request or worker shutdown: claimable again at once (by any worker), unless
          // a stop arrived meanwhile
          const next = await handOverLease(prisma, workerId, job.id, job.leaseEpoch);
          if (next === 'STOPPED')
            runner.log.info('stopped (a stop request arrived while the job was being handed over)');
          else if (next === 'RESTARTING')
            runner.log.info(
              outcome.cause === 'restart' ? 'restarting' : 'worker shutting down; job handed over',
            );
          await runner.log.flush();
        }
        return;
      case 'failed': {
        const next = afterFailure(job.restartPolicy, job.restarts, {
          baseMs: env.WORKER_RESTART_BACKOFF_MS,
          maxMs: env.WORKER_RESTART_BACKOFF_MAX_MS,
          maxRestarts: env.WORKER_MAX_RESTARTS,
        });
        if (next.restart) {
          await release({
            actualState: 'RESTARTING',
            lastError: outcome.error,
            restarts: next.attempt,
            notBefore: new Date(Date.now() + next.delayMs),
          });
          runner.log.warn(
            `restart ${next.attempt} in ${next.delayMs} ms (policy ${job.restartPolicy})`,
          );
        } else {
          await release({
            actualState: 'FAILED',
            desiredState: 'STOPPED',
            lastError: outcome.error,
          });
          runner.log.error(
            `failed; not restarting (policy ${job.restartPolicy}, ${job.restarts} restarts)`,
          );
        }
        await runner.log.flush();
      }
    }
  }

  /** Stops every job gracefully (within WORKER_STOP_TIMEOUT_MS) and hands it back. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.timer) clearTimeout(this.timer);
    await this.ticking;
    const runners = [...this.runners.values(), ...this.tasks.all()];
    for (const runner of runners) runner.requestStop('shutdown');
    const settled = Promise.allSettled(runners.map((r) => r.done.then(() => undefined)));
    const timeout = new Promise<'timeout'>((resolve) =>
      setTimeout(() => resolve('timeout'), this.deps.env.WORKER_STOP_TIMEOUT_MS).unref(),
    );
    if ((await Promise.race([settled, timeout])) === 'timeout') {
      this.deps.logger.error('jobs did not stop in time; their leases will expire');
      for (const runner of runners) runner.fence('worker stop timed out');
    }
    // Let the settle() calls (lease releases) finish.
    for (let i = 0; i < 50 && this.jobCount > 0; i++) await new Promise((r) => setTimeout(r, 20));
  }
}
