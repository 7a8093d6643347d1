/**
 * What a job run reports while it runs, for metrics and telemetry (telemetry/job-telemetry.ts
 * implements this shape). Every hook is optional and must be cheap: onBatch runs per batch.
 */
import type { BatchMetrics, RunDeadLetter, RunMetrics, RunOutput } from '@velo/runtime';
import type { ClaimedJob } from './lease.ts';

export interface RunHooks {
  setState?(state: string): void;
  recordRestart?(): void;
  setCheckpointInterval?(ms: number): void;
  recordCheckpoint?(durationMs: number, bytes: number): void;
  onBatch?(batch: BatchMetrics): void;
  onDeadLetter?(deadLetter: RunDeadLetter): void;
  onOutput?(output: RunOutput): void;
  onMetrics?(metrics: RunMetrics): void;
  close?(): void | Promise<void>;
}

/** Builds the hooks of one run of `job` (called once per claim). */
export type RunHooksFactory = (job: ClaimedJob) => RunHooks;
