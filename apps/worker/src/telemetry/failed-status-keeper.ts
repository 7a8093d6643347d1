/**
 * A FAILED job leaves the worker at once, but its `velo_job_status{state="FAILED"} 1` series
 * must stay on /metrics for a while so the VeloJobFailed alert (infra/prometheus/alerts.yml)
 * can fire. The old run's series are kept here and removed after `keepMs` — unless the same
 * job starts again on this worker first: its new run reuses the very same label sets, so the
 * old run's series are removed right then, before the new run reports anything, and the
 * expiry can no longer remove the new run's series.
 */

/** What a run's telemetry must offer to be kept (JobTelemetry). */
export interface ClosableSeries {
  /** Removes every series this run wrote from the registry. */
  close(): void;
}

export const FAILED_STATUS_KEPT_MS = 10 * 60_000;

export class FailedStatusKeeper {
  private readonly kept = new Map<string, { series: ClosableSeries; timer: NodeJS.Timeout }>();
  /** The newest run per job: an older run closing late must not touch a newer run's series. */
  private readonly newest = new Map<string, object>();

  constructor(private readonly keepMs = FAILED_STATUS_KEPT_MS) {}

  /** A run of `jobId` starts: the series a failed earlier run left behind go now. */
  begin(jobId: string): object {
    this.release(jobId);
    const run = {};
    this.newest.set(jobId, run);
    return run;
  }

  /**
   * `run` ended. A failed run's series stay `keepMs`; others go at once. A run that is no
   * longer the job's newest leaves its series alone (the newer run owns those label sets).
   */
  end(jobId: string, run: object, series: ClosableSeries, failed: boolean): void {
    if (this.newest.get(jobId) !== run) return;
    this.newest.delete(jobId);
    if (!failed) {
      series.close();
      return;
    }
    const timer = setTimeout(() => {
      if (this.kept.get(jobId)?.series !== series) return;
      this.kept.delete(jobId);
      series.close();
    }, this.keepMs);
    timer.unref();
    this.kept.set(jobId, { series, timer });
  }

  /** Jobs whose failed run's series are still shown. */
  keptJobs(): string[] {
    return [...this.kept.keys()];
  }

  private release(jobId: string): void {
    const kept = this.kept.get(jobId);
    if (!kept) return;
    clearTimeout(kept.timer);
    this.kept.delete(jobId);
    kept.series.close();
  }
}
