/**
 * One running job's metrics, fed by the runtime's hooks (onMetrics, onBatch, onDeadLetter,
 * onOutput) and the worker's own events (state, checkpoint, restart). Each report goes to
 * the worker's Prometheus registry and, per second, into a MetricMinuteBuffer that the
 * MetricFlusher writes to PostgreSQL for the console's charts. Counters from the runtime are
 * cumulative per run; the differences between reports are what is added.
 */

import { MetricMinuteBuffer } from '@velo/api/worker';
import type { UserMetricSpec } from '@velo/engine';
import type { BatchMetrics, RunDeadLetter, RunMetrics, RunOutput } from '@velo/runtime';
import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { dlqReasonClass } from './dlq-reason.ts';
import { type JobMetricFamilies, jobMetricFamilies } from './prometheus.ts';
import { userMetricFamily } from './user-metric-families.ts';
import { UserMetricEvaluator } from './user-metrics.ts';

/** The topic (last path segment) of a source URI, to name its partitions in lag labels. */
function topicOf(uri: string): string {
  const path = uri.split('?')[0];
  return path.slice(path.lastIndexOf('/') + 1) || path;
}

export const JOB_STATES = ['STARTING', 'RUNNING', 'STOPPING', 'STOPPED', 'FAILED', 'RESTARTING'];

export interface JobTelemetryOptions {
  jobId: string;
  jobName: string;
  /** The task of a parallel job ('0' for a job of parallelism 1). */
  task?: string;
  /**
   * Whether the stored series (metric store) carry the `task` label too: the tasks of a
   * parallel job write separate series that metrics.series sums into the job's. Prometheus
   * series always carry it.
   */
  storeTask?: boolean;
  registry: Registry;
  userMetrics?: UserMetricSpec[];
  /** Label sets kept per user metric (VELO_METRIC_MAX_LABEL_SETS). */
  maxLabelSets?: number;
  now?: () => number;
  /** A user metric that cannot be exported or evaluated (for the job's log). */
  onProblem?: (message: string) => void;
}

interface Totals {
  recordsIn: number;
  bytesIn: number;
  recordsOut: number;
  bytesOut: number;
  late: number;
}

export class JobTelemetry {
  /** Seconds waiting to be written to PostgreSQL (drained by the MetricFlusher). */
  readonly buffer = new MetricMinuteBuffer();
  private readonly families: JobMetricFamilies;
  private readonly labels: { job: string; job_name: string; task: string };
  private readonly now: () => number;
  private last: Totals = { recordsIn: 0, bytesIn: 0, recordsOut: 0, bytesOut: 0, late: 0 };
  private readonly evaluator: UserMetricEvaluator;
  private readonly userFamilies = new Map<string, ReturnType<typeof userMetricFamily>>();
  /** Every label set this job used per family, so `close` can remove exactly those. */
  private readonly used = new Map<
    { remove(labels: Record<string, string>): void },
    Map<string, Record<string, string>>
  >();
  private reportedProblems = new Set<string>();
  /** Last cumulative per-operator counters, by operator label. */
  private lastOperators = new Map<
    string,
    { recordsIn: number; recordsOut: number; busyMs: number }
  >();

  constructor(private readonly options: JobTelemetryOptions) {
    this.families = jobMetricFamilies(options.registry);
    this.labels = { job: options.jobId, job_name: options.jobName, task: options.task ?? '0' };
    this.now = options.now ?? Date.now;
    this.evaluator = new UserMetricEvaluator(
      options.userMetrics ?? [],
      options.maxLabelSets ?? 100,
    );
    for (const spec of options.userMetrics ?? []) {
      const family = userMetricFamily(options.registry, spec);
      this.userFamilies.set(spec.name, family);
      if (typeof family === 'string') this.problem(family);
    }
  }

  /** The job's labels plus `extra`, remembered for `close`. */
  private labelled(
    family: { remove(labels: Record<string, string>): void },
    extra: Record<string, string> = {},
  ): Record<string, string> {
    const all = { ...this.labels, ...extra };
    let sets = this.used.get(family);
    if (!sets) {
      sets = new Map();
      this.used.set(family, sets);
    }
    sets.set(JSON.stringify(all), all);
    return all;
  }

  private problem(message: string): void {
    if (this.reportedProblems.has(message)) return;
    this.reportedProblems.add(message);
    this.options.onProblem?.(message);
  }

  private second(
    name: string,
    value: number | string,
    labels: Record<string, string> = {},
    add = false,
  ): void {
    const stored = this.options.storeTask ? { ...labels, task: this.labels.task } : labels;
    this.buffer.record(name, stored, this.now(), value, add);
  }

  setState(state: string): void {
    for (const s of JOB_STATES)
      this.families.status.set(
        this.labelled(this.families.status, { state: s }),
        s === state ? 1 : 0,
      );
  }

  recordRestart(): void {
    this.families.restarts.inc(this.labelled(this.families.restarts));
    this.second('restarts', 1, {}, true);
  }

  setCheckpointInterval(ms: number): void {
    this.families.checkpointInterval.set(
      this.labelled(this.families.checkpointInterval),
      ms / 1000,
    );
  }

  recordCheckpoint(durationMs: number, bytes: number): void {
    this.families.lastCheckpoint.set(
      this.labelled(this.families.lastCheckpoint),
      this.now() / 1000,
    );
    this.families.checkpointDuration.set(
      this.labelled(this.families.checkpointDuration),
      durationMs / 1000,
    );
    this.families.checkpointBytes.set(this.labelled(this.families.checkpointBytes), bytes);
    this.second('checkpoint_duration_ms', durationMs);
    this.second('checkpoint_bytes', bytes);
  }

  /** Kafka consumer lag per partition (records and seconds), from the source. */
  recordLag(partition: string, records: number, seconds: number): void {
    this.families.consumerLag.set(this.labelled(this.families.consumerLag, { partition }), records);
    this.families.consumerLagSeconds.set(
      this.labelled(this.families.consumerLagSeconds, { partition }),
      seconds,
    );
    this.second('consumer_lag', records, { partition });
    this.second('consumer_lag_seconds', seconds, { partition });
  }

  onBatch(batch: BatchMetrics): void {
    this.families.processingLatency.observe(
      this.labelled(this.families.processingLatency),
      batch.latencyMs / 1000,
    );
  }

  onDeadLetter(deadLetter: RunDeadLetter): void {
    const reason = dlqReasonClass(deadLetter.kind, deadLetter.reason);
    this.families.recordsFailed.inc(this.labelled(this.families.recordsFailed, { reason }));
    this.second('dlq_records', 1, { reason }, true);
  }

  onOutput(output: RunOutput): void {
    const newest = output.records.reduce(
      (m, r) => Math.max(m, r.eventTime),
      Number.NEGATIVE_INFINITY,
    );
    if (Number.isFinite(newest)) {
      const lagMs = Math.max(0, this.now() - newest);
      this.families.eventLatency.set(this.labelled(this.families.eventLatency), lagMs / 1000);
      this.second('event_latency_ms', lagMs);
    }
    if (this.evaluator.empty) return;
    for (const batch of this.evaluator.observe(output.statement, output.records)) {
      const { metric } = batch;
      const family = this.userFamilies.get(metric.name);
      const stored = `user:${metric.name}`;
      for (const o of batch.labelSets.values()) {
        if (family && typeof family !== 'string') {
          const all = this.labelled(family, o.labels);
          if (metric.type === 'counter') (family as Counter<string>).inc(all, o.sum);
          else if (metric.type === 'gauge') (family as Gauge<string>).set(all, o.last);
          else for (const v of o.values ?? []) (family as Histogram<string>).observe(all, v);
        }
        if (metric.type === 'counter') this.second(stored, o.sum, o.labels, true);
        else this.second(stored, o.last, o.labels);
      }
      if (batch.dropped > 0) {
        const dropped = this.families.userLabelsDropped;
        dropped.inc(this.labelled(dropped, { metric: metric.name }), batch.dropped);
      }
    }
    for (const f of this.evaluator.failures())
      this.problem(`user metric "${f.name}" is off: ${f.error}`);
  }

  onMetrics(metrics: RunMetrics): void {
    const bytesOut = Object.values(metrics.sinks).reduce((s, x) => s + x.bytesOut, 0);
    const totals: Totals = {
      recordsIn: metrics.recordsIn,
      bytesIn: metrics.bytesIn,
      recordsOut: metrics.recordsOut,
      bytesOut,
      late: metrics.deadLetters.late,
    };
    // A new run of the job starts its counters at 0 again.
    if (totals.recordsIn < this.last.recordsIn)
      this.last = { recordsIn: 0, bytesIn: 0, recordsOut: 0, bytesOut: 0, late: 0 };
    const delta = (k: keyof Totals) => Math.max(0, totals[k] - this.last[k]);
    this.families.recordsIn.inc(this.labelled(this.families.recordsIn), delta('recordsIn'));
    this.families.recordsOut.inc(this.labelled(this.families.recordsOut), delta('recordsOut'));
    this.families.bytesIn.inc(this.labelled(this.families.bytesIn), delta('bytesIn'));
    this.families.bytesOut.inc(this.labelled(this.families.bytesOut), delta('bytesOut'));
    this.families.lateRecords.inc(this.labelled(this.families.lateRecords), delta('late'));
    this.second('records_in', delta('recordsIn'), {}, true);
    this.second('records_out', delta('recordsOut'), {}, true);
    this.second('bytes_in', delta('bytesIn'), {}, true);
    this.second('bytes_out', delta('bytesOut'), {}, true);
    this.second('late_records', delta('late'), {}, true);
    this.last = totals;

    this.recordOperators(metrics);
    for (const source of Object.values(metrics.sources)) {
      for (const lag of source.lag ?? [])
        this.recordLag(`${topicOf(source.uri)}/${lag.partition}`, lag.records, lag.seconds);
    }
    this.families.stateEntries.set(this.labelled(this.families.stateEntries), metrics.stateEntries);
    this.second('state_entries', metrics.stateEntries);
    if (metrics.batchLatencyMs.count > 0) {
      this.second('processing_latency_p50_ms', metrics.batchLatencyMs.p50);
      this.second('processing_latency_p99_ms', metrics.batchLatencyMs.p99);
    }
    const watermark = metrics.watermark;
    if (watermark !== null && Number.isFinite(watermark)) {
      const lag = Math.max(0, (this.now() - watermark) / 1000);
      this.families.watermarkLag.set(this.labelled(this.families.watermarkLag), lag);
      this.second('watermark_lag_seconds', lag);
    }
  }

  /** Per operator (label `statement.index kind`, bounded by the plan): records and busy time. */
  private recordOperators(metrics: RunMetrics): void {
    for (const op of metrics.operators ?? []) {
      const operator = `${op.statement}.${op.index} ${op.kind}`;
      const last = this.lastOperators.get(operator) ?? { recordsIn: 0, recordsOut: 0, busyMs: 0 };
      const restarted = op.recordsIn < last.recordsIn;
      const base = restarted ? { recordsIn: 0, recordsOut: 0, busyMs: 0 } : last;
      const dIn = op.recordsIn - base.recordsIn;
      const dOut = op.recordsOut - base.recordsOut;
      const dBusy = Math.max(0, op.busyMs - base.busyMs);
      const f = this.families;
      f.operatorRecordsIn.inc(this.labelled(f.operatorRecordsIn, { operator }), dIn);
      f.operatorRecordsOut.inc(this.labelled(f.operatorRecordsOut, { operator }), dOut);
      f.operatorBusy.inc(this.labelled(f.operatorBusy, { operator }), dBusy / 1000);
      this.second('operator_records_in', dIn, { operator }, true);
      this.second('operator_records_out', dOut, { operator }, true);
      this.second('operator_busy_ms', dBusy, { operator }, true);
      this.lastOperators.set(operator, {
        recordsIn: op.recordsIn,
        recordsOut: op.recordsOut,
        busyMs: op.busyMs,
      });
    }
  }

  /** Removes the job's series from /metrics (the job left this worker). */
  close(): void {
    for (const [family, sets] of this.used)
      for (const labels of sets.values()) family.remove(labels);
    this.used.clear();
  }
}
