import type { ConnectorDefinition } from '../types.ts';
import { parseKafkaUri } from './config.ts';
import { formatProblem } from './formats/index.ts';
import { createKafkaSink } from './sink.ts';
import { createKafkaSource } from './source.ts';

export const kafkaConnector: ConnectorDefinition = {
  scheme: 'kafka',
  createSource: createKafkaSource,
  createSink: createKafkaSink,
  validateUri(uri) {
    // A saved connection (`kafka://@name/...`) is resolved later by the caller.
    const config = parseKafkaUri(uri, uri.startsWith('kafka://@') ? placeholder(uri) : undefined);
    if (typeof config === 'string') return config;
    return formatProblem(config);
  },
};

function placeholder(uri: string) {
  const name = uri.slice('kafka://@'.length).split('/')[0];
  return { name, type: 'kafka', config: { brokers: ['resolved.later:9092'] } };
}

export { type KafkaConfig, parseKafkaUri, redactKafkaUri } from './config.ts';
export { KafkaSink } from './sink.ts';
export { type KafkaPosition, KafkaSource } from './source.ts';
