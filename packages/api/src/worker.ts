/**
 * What the worker uses of this package: the lineage and metric-store services. A subpath of its
 * own, so a worker does not load the routers, tRPC and better-auth with them (the package root
 * cost each worker process ~60 MB of memory).
 */
export { type JobLineage, jobLineage } from './services/lineage/job-lineage.ts';
export { createOpenLineageClient } from './services/lineage/openlineage-client.ts';
export {
  type OpenLineageEventType,
  openLineageEvent,
} from './services/lineage/openlineage-event.ts';
export { recordJobLineage } from './services/lineage/record-job-lineage.ts';
export { MetricMinuteBuffer, type MinuteRow } from './services/metrics/metric-buffer.ts';
export { pruneMetrics } from './services/metrics/prune-metrics.ts';
export { writeMetricMinutes } from './services/metrics/write-metric-minutes.ts';
