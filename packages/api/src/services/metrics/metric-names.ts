/**
 * The built-in series every running job reports each second (DESIGN §5), stored in PostgreSQL
 * under these names and charted by the console. Counters are stored as the amount in each
 * second (so a minute's avg is a per-second rate); gauges as the value at that second.
 * Browser-safe: the console's dashboards read the same list.
 */
export const BUILT_IN_SERIES = {
  records_in: { kind: 'counter', unit: 'records/s', help: 'Records read from the sources' },
  records_out: { kind: 'counter', unit: 'records/s', help: 'Records written to the sinks' },
  bytes_in: { kind: 'counter', unit: 'bytes/s', help: 'Bytes read from the sources' },
  bytes_out: { kind: 'counter', unit: 'bytes/s', help: 'Bytes written to the sinks' },
  dlq_records: { kind: 'counter', unit: 'records/s', help: 'Dead letters, by reason' },
  late_records: { kind: 'counter', unit: 'records/s', help: 'Records behind the watermark' },
  processing_latency_p50_ms: { kind: 'gauge', unit: 'ms', help: 'Batch latency, median' },
  processing_latency_p99_ms: { kind: 'gauge', unit: 'ms', help: 'Batch latency, 99th pct' },
  event_latency_ms: { kind: 'gauge', unit: 'ms', help: 'Now minus event time at the sink' },
  consumer_lag: { kind: 'gauge', unit: 'records', help: 'Kafka consumer lag, by partition' },
  consumer_lag_seconds: { kind: 'gauge', unit: 's', help: 'Kafka consumer lag in time' },
  watermark_lag_seconds: { kind: 'gauge', unit: 's', help: 'Now minus the watermark' },
  state_entries: { kind: 'gauge', unit: 'entries', help: 'Keys held in operator state' },
  checkpoint_duration_ms: { kind: 'gauge', unit: 'ms', help: 'Duration of the last checkpoint' },
  checkpoint_bytes: { kind: 'gauge', unit: 'bytes', help: 'Size of the last checkpoint' },
  restarts: { kind: 'counter', unit: 'restarts', help: 'Restarts of the job' },
  operator_records_in: { kind: 'counter', unit: 'records/s', help: 'Per operator, records in' },
  operator_records_out: { kind: 'counter', unit: 'records/s', help: 'Per operator, records out' },
  operator_busy_ms: { kind: 'counter', unit: 'ms/s', help: 'Per operator, time spent busy' },
} as const satisfies Record<string, { kind: 'counter' | 'gauge'; unit: string; help: string }>;

export type BuiltInSeriesName = keyof typeof BUILT_IN_SERIES;

/** User metrics (`-- @metric: name`) are stored under this prefix, beside the built-in ones. */
export const USER_METRIC_PREFIX = 'user:';

/** Metric names: built-in, or a user metric's Prometheus-style name after the prefix. */
export const METRIC_NAME_PATTERN = /^(?:user:)?[a-zA-Z_][a-zA-Z0-9_]{0,127}$/;

export type MetricLabels = Record<string, string>;

/** Canonical text of a label set (sorted keys): the identity of a series beside its name. */
export function labelsKey(labels: MetricLabels): string {
  const keys = Object.keys(labels).sort();
  return keys.length === 0 ? '' : JSON.stringify(keys.map((k) => [k, labels[k]]));
}
