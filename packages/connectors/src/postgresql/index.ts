import type { ConnectorDefinition, SinkOptions, SourceOptions } from '../types.ts';
import { createPostgresCdcSource } from './cdc-source.ts';
import { parsePostgresUri, sinkProblem, sourceProblem } from './config.ts';
import { PostgresConnectorError } from './connect.ts';
import { createPostgresSink, type PostgresSinkOptions } from './sink.ts';
import { createPostgresSource } from './source.ts';

function configOrThrow(
  uri: string,
  options: SourceOptions | SinkOptions,
  problem: typeof sourceProblem,
) {
  const config = parsePostgresUri(uri, options.connection);
  if (typeof config === 'string') throw new PostgresConnectorError(config);
  const why = problem(config);
  if (why) throw new PostgresConnectorError(why);
  return config;
}

/** `postgresql://` (alias `postgres://`): snapshot/follow or CDC sources, INSERT/upsert sinks. */
export const postgresConnector: ConnectorDefinition = {
  scheme: 'postgresql',
  async createSource(uri: string, options: SourceOptions) {
    const config = configOrThrow(uri, options, sourceProblem);
    return config.cdc
      ? createPostgresCdcSource(config, options)
      : createPostgresSource(config, options);
  },
  async createSink(uri: string, options: PostgresSinkOptions) {
    return createPostgresSink(configOrThrow(uri, options, sinkProblem), options);
  },
  validateUri(uri) {
    // A `@conn` URI is checked for shape only: its connection is resolved when the job runs.
    const config = parsePostgresUri(uri, undefined);
    if (typeof config === 'string' && !/was not resolved/.test(config)) return config;
    return null;
  },
};

export { type CdcPosition, PostgresCdcSource } from './cdc-source.ts';
export { type PostgresConfig, parsePostgresUri, redactUri } from './config.ts';
export { PostgresConnectorError } from './connect.ts';
export {
  PostgresSink,
  type PostgresSinkOptions,
  type ServerIdentity,
  type SinkTransactionSql,
} from './sink.ts';
export { type PostgresPosition, PostgresSource } from './source.ts';
