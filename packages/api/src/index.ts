export { type Auth, type AuthOptions, createAuth, getAuth } from './auth.ts';
export { getKeyring, getPrisma } from './db.ts';
export { AppError, type AppErrorCode } from './errors.ts';
export { handleTrpcRequest, type TrpcHttpOptions } from './http-handler.ts';
export { MAX_BATCH_SIZE, MAX_BODY_BYTES, MAX_URL_BYTES } from './limits.ts';
export { roleAtLeast } from './roles.ts';
export {
  type AppRouter,
  appRouter,
  createCaller,
  type RouterInputs,
  type RouterOutputs,
} from './root.ts';
export {
  CONNECTION_TYPES,
  type ConnectionSettings,
  type ConnectionTypeName,
  type DatagenConfig,
  type FileConfig,
  type KafkaConfig,
  type KafkaSecret,
  type PostgresConfig,
  type PostgresSecret,
  ZConnectionSettings,
  ZDatagenConfig,
  ZFileConfig,
  ZKafkaConfig,
  ZKafkaSecret,
  ZPostgresConfig,
  ZPostgresSecret,
} from './services/connections/connection-config.ts';
export type { ConnectionView } from './services/connections/connection-view.ts';
export {
  type ProbeResult,
  probeConnection,
  TEST_TIMEOUT_MS,
} from './services/connections/probe-connection.ts';
export { openSecret } from './services/connections/secret-box.ts';
export { type JobLineage, jobLineage } from './services/lineage/job-lineage.ts';
export { createOpenLineageClient } from './services/lineage/openlineage-client.ts';
export {
  type OpenLineageEventType,
  openLineageEvent,
} from './services/lineage/openlineage-event.ts';
export { recordJobLineage } from './services/lineage/record-job-lineage.ts';
export { MetricMinuteBuffer, type MinuteRow } from './services/metrics/metric-buffer.ts';
export {
  BUILT_IN_SERIES,
  type BuiltInSeriesName,
  USER_METRIC_PREFIX,
} from './services/metrics/metric-names.ts';
export { pruneMetrics } from './services/metrics/prune-metrics.ts';
export { writeMetricMinutes } from './services/metrics/write-metric-minutes.ts';
export { DEMO_PASSWORD, type DemoSeed, seedDemo } from './services/seed/seed-demo.ts';
export { type CreateContextOptions, createTRPCContext, type TRPCContext } from './trpc.ts';
