/**
 * Column schemas the analyzer checks names against: datagen sources have fixed schemas; other
 * sources have the columns inferred from a sample (or none yet: no column checks then).
 */
import {
  type Column,
  datagenSchema,
  decodeRecord,
  inferSchema,
  parseDatagenUri,
  type SourceRef,
} from '@velo/engine';
import type { SourceInfo } from '../engine-protocol';
import { isBrowserSource } from './browser-sources';

export function schemaOfUri(uri: string | undefined): { columns: Column[] } | null {
  if (!uri || !isBrowserSource(uri)) return null;
  const spec = parseDatagenUri(uri);
  return 'error' in spec ? null : datagenSchema(spec);
}

export function sourceSchemas(
  sources: SourceRef[],
  known: Record<string, { columns: Column[] }>,
  samples: Record<string, unknown[]> = {},
): { schemas: Record<string, { columns: Column[] }>; infos: SourceInfo[] } {
  const schemas: Record<string, { columns: Column[] }> = {};
  const infos: SourceInfo[] = [];
  for (const source of sources) {
    const sample = samples[source.id];
    const schema =
      schemaOfUri(source.uri) ??
      (sample && sample.length > 0 ? inferSchema(sample.slice(0, 200).map(decodeRecord)) : null) ??
      known[source.id] ??
      null;
    if (schema) schemas[source.id] = schema;
    infos.push({
      id: source.id,
      uri: source.uri ?? null,
      runsInBrowser: isBrowserSource(source.uri),
      columns: schema?.columns ?? null,
    });
  }
  return { schemas, infos };
}
