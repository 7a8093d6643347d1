export { type DatagenConfig, DatagenSource, parseDatagenConfig } from './datagen/index.ts';
export * from './egress/index.ts';
// The API's catalog lists a saved connection's topics, tables and files with the same clients
// (egress policy, TLS, SASL, read-only sessions) its sources use.
export { expandGlob } from './file/glob.ts';
export {
  type FileConfig,
  type FilePosition,
  FileSink,
  FileSource,
  parseFileUri,
  RowFormatter,
} from './file/index.ts';
export { createKafkaClient } from './kafka/client.ts';
export { parseKafkaUri } from './kafka/config.ts';
export {
  committedTransactionOffsets,
  positionsCommitted,
  type TransactionOffsets,
  transactionOffsets,
} from './kafka/exactly-once.ts';
export { KafkaSink } from './kafka/sink.ts';
export { taskPartitionAssigner } from './kafka/task-assigner.ts';
export { parsePostgresUri } from './postgresql/config.ts';
export { connectClient, endClient } from './postgresql/connect.ts';
export {
  PostgresSink,
  type ServerIdentity,
  type SinkTransactionSql,
} from './postgresql/sink.ts';
export {
  connectorSchemes,
  createSink,
  createSource,
  getConnector,
  registerConnector,
  validateConnectorUri,
} from './registry.ts';
export { parseStdoutUri, type StdoutConfig, StdoutSink } from './stdout/index.ts';
export type {
  ConnectorDefinition,
  ResolvedConnection,
  Sink,
  SinkOptions,
  Source,
  SourceBatch,
  SourceDeadLetter,
  SourceOptions,
  SourcePosition,
} from './types.ts';
export { schemeOf } from './uri.ts';
