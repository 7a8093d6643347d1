/**
 * The per-job Prometheus metrics of DESIGN §5 on the worker's registry, labelled by job and
 * task only (plus a bounded `reason`, `partition` or user-declared label set): no per-key
 * labels. Created once per registry; a job's series are removed when it leaves the worker.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export const JOB_LABELS = ['job', 'job_name', 'task'] as const;
type JobLabel = (typeof JOB_LABELS)[number];

export interface JobMetricFamilies {
  registry: Registry;
  recordsIn: Counter<JobLabel>;
  recordsOut: Counter<JobLabel>;
  bytesIn: Counter<JobLabel>;
  bytesOut: Counter<JobLabel>;
  recordsFailed: Counter<JobLabel | 'reason'>;
  lateRecords: Counter<JobLabel>;
  processingLatency: Histogram<JobLabel>;
  eventLatency: Gauge<JobLabel>;
  consumerLag: Gauge<JobLabel | 'partition'>;
  consumerLagSeconds: Gauge<JobLabel | 'partition'>;
  watermarkLag: Gauge<JobLabel>;
  stateEntries: Gauge<JobLabel>;
  checkpointDuration: Gauge<JobLabel>;
  checkpointBytes: Gauge<JobLabel>;
  lastCheckpoint: Gauge<JobLabel>;
  checkpointInterval: Gauge<JobLabel>;
  restarts: Counter<JobLabel>;
  status: Gauge<JobLabel | 'state'>;
  userLabelsDropped: Counter<JobLabel | 'metric'>;
  operatorRecordsIn: Counter<JobLabel | 'operator'>;
  operatorRecordsOut: Counter<JobLabel | 'operator'>;
  operatorBusy: Counter<JobLabel | 'operator'>;
}

const families = new WeakMap<Registry, JobMetricFamilies>();

export function jobMetricFamilies(registry: Registry): JobMetricFamilies {
  const existing = families.get(registry);
  if (existing) return existing;
  const on = { registers: [registry] };
  const labelNames = [...JOB_LABELS];
  const created: JobMetricFamilies = {
    registry,
    recordsIn: new Counter({
      name: 'velo_records_in_total',
      help: 'Records read from the job’s sources.',
      labelNames,
      ...on,
    }),
    recordsOut: new Counter({
      name: 'velo_records_out_total',
      help: 'Records the job emitted.',
      labelNames,
      ...on,
    }),
    bytesIn: new Counter({
      name: 'velo_bytes_in_total',
      help: 'Bytes read from the job’s sources.',
      labelNames,
      ...on,
    }),
    bytesOut: new Counter({
      name: 'velo_bytes_out_total',
      help: 'Bytes written to the job’s sinks.',
      labelNames,
      ...on,
    }),
    recordsFailed: new Counter({
      name: 'velo_records_failed_total',
      help: 'Dead letters, by reason class.',
      labelNames: [...labelNames, 'reason'],
      ...on,
    }),
    lateRecords: new Counter({
      name: 'velo_late_records_total',
      help: 'Records behind the watermark.',
      labelNames,
      ...on,
    }),
    processingLatency: new Histogram({
      name: 'velo_processing_latency_seconds',
      help: 'Engine time per source batch.',
      labelNames,
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      ...on,
    }),
    eventLatency: new Gauge({
      name: 'velo_event_latency_seconds',
      help: 'Now minus the event time of the newest output record.',
      labelNames,
      ...on,
    }),
    consumerLag: new Gauge({
      name: 'velo_consumer_lag',
      help: 'Kafka consumer lag in records, by partition.',
      labelNames: [...labelNames, 'partition'],
      ...on,
    }),
    consumerLagSeconds: new Gauge({
      name: 'velo_consumer_lag_seconds',
      help: 'Kafka consumer lag in seconds (newest unread minus last read message time), by partition.',
      labelNames: [...labelNames, 'partition'],
      ...on,
    }),
    watermarkLag: new Gauge({
      name: 'velo_watermark_lag_seconds',
      help: 'Now minus the job’s watermark.',
      labelNames,
      ...on,
    }),
    stateEntries: new Gauge({
      name: 'velo_state_entries',
      help: 'Entries held in operator state.',
      labelNames,
      ...on,
    }),
    checkpointDuration: new Gauge({
      name: 'velo_checkpoint_duration_seconds',
      help: 'Duration of the last checkpoint.',
      labelNames,
      ...on,
    }),
    checkpointBytes: new Gauge({
      name: 'velo_checkpoint_size_bytes',
      help: 'Size of the last checkpoint.',
      labelNames,
      ...on,
    }),
    lastCheckpoint: new Gauge({
      name: 'velo_last_checkpoint_timestamp_seconds',
      help: 'Unix time of the job’s last checkpoint.',
      labelNames,
      ...on,
    }),
    checkpointInterval: new Gauge({
      name: 'velo_checkpoint_interval_seconds',
      help: 'The job’s configured checkpoint interval.',
      labelNames,
      ...on,
    }),
    restarts: new Counter({
      name: 'velo_job_restarts_total',
      help: 'Restarts of the job on this worker.',
      labelNames,
      ...on,
    }),
    status: new Gauge({
      name: 'velo_job_status',
      help: '1 for the job’s current state, 0 for the others.',
      labelNames: [...labelNames, 'state'],
      ...on,
    }),
    userLabelsDropped: new Counter({
      name: 'velo_metric_labels_dropped_total',
      help: 'Observations of user metrics dropped because the metric reached its label-set cap.',
      labelNames: [...labelNames, 'metric'],
      ...on,
    }),
    operatorRecordsIn: new Counter({
      name: 'velo_operator_records_in_total',
      help: 'Records into each operator of the job’s plan.',
      labelNames: [...labelNames, 'operator'],
      ...on,
    }),
    operatorRecordsOut: new Counter({
      name: 'velo_operator_records_out_total',
      help: 'Records out of each operator of the job’s plan.',
      labelNames: [...labelNames, 'operator'],
      ...on,
    }),
    operatorBusy: new Counter({
      name: 'velo_operator_busy_seconds_total',
      help: 'Time each operator spent processing (exclusive of the operators it feeds).',
      labelNames: [...labelNames, 'operator'],
      ...on,
    }),
  };
  families.set(registry, created);
  return created;
}
