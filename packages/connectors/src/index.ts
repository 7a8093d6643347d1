export { type DatagenConfig, DatagenSource, parseDatagenConfig } from './datagen/index.ts';
export * from './egress/index.ts';
export {
  type FileConfig,
  type FilePosition,
  FileSink,
  FileSource,
  parseFileUri,
  RowFormatter,
} from './file/index.ts';
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
