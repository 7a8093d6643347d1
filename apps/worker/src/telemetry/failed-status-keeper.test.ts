/**
 * A FAILED job's status series stays on /metrics for the alert; a restart of the same job on
 * the same worker within that time keeps its new series when the old run's time is up.
 * Real prom-client registry and the real telemetry hooks; timers are faked (10 minutes).
 */
import type { PrismaClient } from '@velo/db';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ClaimedJob } from '../lease.ts';
import { FAILED_STATUS_KEPT_MS, FailedStatusKeeper } from './failed-status-keeper.ts';
import type { MetricFlusher } from './metric-flusher.ts';
import { telemetryHooks } from './telemetry-hooks.ts';

const job: ClaimedJob = {
  id: 'job-1',
  teamId: 'team-1',
  name: 'orders',
  // Not valid SQL: no lineage is derived, so no database is needed for these runs.
  sql: 'not sql',
  version: 1,
  restartPolicy: 'never',
  restarts: 0,
  leaseEpoch: 1,
  checkpointIntervalMs: 10_000,
  stateResetAt: null,
  previousState: 'STOPPED',
};

/** The job's `velo_job_status` lines as /metrics prints them, by state. */
async function statusLines(registry: Registry): Promise<Record<string, number>> {
  const text = await registry.metrics();
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^velo_job_status\{.*state="([A-Z]+)"\} (\d+)$/.exec(line);
    if (m) out[m[1]] = Number(m[2]);
  }
  return out;
}

const flusher = { add: () => {}, remove: async () => {} } as unknown as MetricFlusher;

describe('a failed job’s status series', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stays 10 minutes after FAILED, then goes', async () => {
    const registry = new Registry();
    const hooksFor = telemetryHooks({
      prisma: {} as PrismaClient,
      registry,
      flusher,
      logger: pino({ level: 'silent' }),
    });
    const run = hooksFor(job);
    run.setState?.('STARTING');
    run.setState?.('FAILED');
    await run.close?.();
    expect((await statusLines(registry)).FAILED).toBe(1);
    vi.advanceTimersByTime(FAILED_STATUS_KEPT_MS - 1);
    expect((await statusLines(registry)).FAILED).toBe(1);
    vi.advanceTimersByTime(1);
    expect(await statusLines(registry)).toEqual({});
  });

  it('a restart within the 10 minutes keeps the new run’s status when the old one expires', async () => {
    const registry = new Registry();
    const hooksFor = telemetryHooks({
      prisma: {} as PrismaClient,
      registry,
      flusher,
      logger: pino({ level: 'silent' }),
    });
    const failed = hooksFor(job);
    failed.setState?.('STARTING');
    failed.setState?.('FAILED');
    await failed.close?.();
    vi.advanceTimersByTime(60_000);

    const again = hooksFor({ ...job, restarts: 1 });
    // The failed run's series went when the new run began (nothing stale in between).
    expect(await statusLines(registry)).toEqual({});
    again.setState?.('STARTING');
    again.setState?.('RUNNING');
    vi.advanceTimersByTime(FAILED_STATUS_KEPT_MS);
    expect(await statusLines(registry)).toEqual({
      STARTING: 0,
      RUNNING: 1,
      STOPPING: 0,
      STOPPED: 0,
      FAILED: 0,
      RESTARTING: 0,
    });
  });
});

describe('FailedStatusKeeper', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('closes a stopped run at once and a failed run after the keep time', () => {
    const keeper = new FailedStatusKeeper(1000);
    const closed: string[] = [];
    const a = keeper.begin('a');
    keeper.end('a', a, { close: () => closed.push('a') }, false);
    const b = keeper.begin('b');
    keeper.end('b', b, { close: () => closed.push('b') }, true);
    expect(closed).toEqual(['a']);
    expect(keeper.keptJobs()).toEqual(['b']);
    vi.advanceTimersByTime(1000);
    expect(closed).toEqual(['a', 'b']);
    expect(keeper.keptJobs()).toEqual([]);
  });

  it('an older run ending after a newer one began leaves the newer run’s series alone', () => {
    const keeper = new FailedStatusKeeper(1000);
    const closed: string[] = [];
    const old = keeper.begin('j');
    const current = keeper.begin('j');
    keeper.end('j', old, { close: () => closed.push('old') }, true);
    vi.advanceTimersByTime(5000);
    expect(closed).toEqual([]);
    keeper.end('j', current, { close: () => closed.push('current') }, false);
    expect(closed).toEqual(['current']);
  });
});
