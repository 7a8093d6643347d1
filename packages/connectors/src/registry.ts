import { datagenConnector } from './datagen/index.ts';
import { fileConnector } from './file/index.ts';
import { kafkaConnector } from './kafka/index.ts';
import { postgresConnector } from './postgresql/index.ts';
import { stdoutConnector } from './stdout/index.ts';
import type { ConnectorDefinition, Sink, SinkOptions, Source, SourceOptions } from './types.ts';
import { schemeOf } from './uri.ts';

/**
 * Every connector, keyed by URI scheme. Kafka (`kafka`) and PostgreSQL (`postgresql`,
 * `postgres`) live in their own folders and are added here by their owners, or at start-up
 * through `registerConnector`.
 */
const connectors = new Map<string, ConnectorDefinition>([
  ['file', fileConnector],
  ['datagen', datagenConnector],
  ['stdout', stdoutConnector],
  ['kafka', kafkaConnector],
  ['postgresql', postgresConnector],
  ['postgres', postgresConnector],
]);

export function registerConnector(definition: ConnectorDefinition, aliases: string[] = []): void {
  for (const scheme of [definition.scheme, ...aliases]) connectors.set(scheme, definition);
}

export function getConnector(uri: string): ConnectorDefinition | undefined {
  return connectors.get(schemeOf(uri));
}

export function connectorSchemes(): string[] {
  return [...connectors.keys()].sort();
}

function unknownScheme(uri: string): Error {
  const scheme = schemeOf(uri);
  return new Error(
    scheme
      ? `no connector for '${scheme}:' URIs (known: ${connectorSchemes().join(', ')})`
      : `'${uri}' is not a URI (expected e.g. file:///data/orders.jsonl)`,
  );
}

export async function createSource(uri: string, options: SourceOptions = {}): Promise<Source> {
  const connector = getConnector(uri);
  if (!connector) throw unknownScheme(uri);
  if (!connector.createSource) throw new Error(`'${connector.scheme}:' cannot be read from`);
  return connector.createSource(uri, options);
}

export async function createSink(uri: string, options: SinkOptions = {}): Promise<Sink> {
  const connector = getConnector(uri);
  if (!connector) throw unknownScheme(uri);
  if (!connector.createSink) throw new Error(`'${connector.scheme}:' cannot be written to`);
  return connector.createSink(uri, options);
}

/** Returns an error message for a URI no connector accepts, else null. */
export function validateConnectorUri(uri: string): string | null {
  const connector = getConnector(uri);
  if (!connector) return unknownScheme(uri).message;
  return connector.validateUri(uri);
}
