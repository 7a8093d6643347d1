import type { SqlType } from '@velo/engine';
import type { KafkaConfig } from '../config.ts';
import { avroDecoder, avroEncoder } from './avro.ts';
import {
  csvDecoder,
  csvEncoder,
  jsonDecoder,
  jsonEncoder,
  rawDecoder,
  rawEncoder,
  type ValueDecoder,
  type ValueEncoder,
} from './codec.ts';

export { type Decoded, DecodeFailure, type ValueDecoder, type ValueEncoder } from './codec.ts';

const SQL_TYPES = new Set([
  'BOOLEAN',
  'INTEGER',
  'FLOAT',
  'DECIMAL',
  'STRING',
  'TIMESTAMP',
  'JSON',
]);

function list(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split(',').map((s) => s.trim());
}

function avroFormat(config: KafkaConfig) {
  const p = config.params;
  return {
    schemaFile: p['avro.schema.file'],
    registryUrl: p['schema.registry.url'],
    subject: p['schema.registry.subject'] ?? `${config.topic}-value`,
  };
}

/** Checks the format parameters without opening anything; an error message or null. */
export function formatProblem(config: KafkaConfig): string | null {
  const p = config.params;
  const types = list(p['csv.types']);
  const bad = types?.find((t) => !SQL_TYPES.has(t.toUpperCase()));
  if (bad) return `invalid parameter 'csv.types' in '${config.redactedUri}': unknown type '${bad}'`;
  const columns = list(p['csv.columns']);
  if (types && columns && types.length !== columns.length) {
    return `'csv.columns' has ${columns.length} names but 'csv.types' has ${types.length}`;
  }
  return null;
}

export async function createDecoder(config: KafkaConfig): Promise<ValueDecoder> {
  const p = config.params;
  switch (p.format) {
    case 'json':
      return jsonDecoder;
    case 'csv':
      return csvDecoder({
        columns: list(p['csv.columns']),
        types: list(p['csv.types'])?.map((t) => t.toUpperCase() as SqlType),
        delimiter: p['csv.delimiter'],
      });
    case 'raw':
      return rawDecoder(p['raw.encoding']);
    case 'avro':
      return avroDecoder(avroFormat(config));
  }
}

export async function createEncoder(config: KafkaConfig): Promise<ValueEncoder> {
  const p = config.params;
  switch (p.format) {
    case 'json':
      return jsonEncoder;
    case 'csv':
      return csvEncoder(p['csv.delimiter']);
    case 'raw':
      return rawEncoder(p['raw.encoding']);
    case 'avro':
      return avroEncoder(avroFormat(config));
  }
}
