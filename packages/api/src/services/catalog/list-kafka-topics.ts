import { createKafkaClient, parseKafkaUri, type ResolvedConnection } from '@velo/connectors';
import { withDeadline } from '../connections/probe-errors.ts';
import { describeKafkaError } from '../connections/probe-kafka.ts';
import { CATALOG_MAX_OBJECTS, type CatalogObject, topicUri } from './catalog-object.ts';

/**
 * The topics of a saved Kafka connection, through the client its sources use (TLS, SASL and the
 * egress policy on every broker socket), one attempt, within `timeoutMs`. Internal topics
 * (`__consumer_offsets`, `__transaction_state`) are left out: nothing reads them as a source.
 */
export async function listKafkaTopics(
  connection: ResolvedConnection,
  timeoutMs: number,
): Promise<{ objects: CatalogObject[]; truncated: boolean }> {
  // The URI names a placeholder topic: the admin client needs the connection's settings only.
  const config = parseKafkaUri(
    `kafka://@${connection.name}/velo-catalog?connect.retries=0&request.timeout.ms=${timeoutMs}`,
    connection,
  );
  if (typeof config === 'string') throw new Error(config);
  const admin = createKafkaClient(config).admin({ retry: { retries: 0 } });
  try {
    const metadata = await withDeadline(
      (async () => {
        await admin.connect();
        const names = (await admin.listTopics()).filter((t) => !t.startsWith('__')).sort();
        const shown = names.slice(0, CATALOG_MAX_OBJECTS);
        const { topics } = await admin.fetchTopicMetadata({ topics: shown });
        const partitions = new Map(topics.map((t) => [t.name, t.partitions.length]));
        return { shown, partitions, total: names.length };
      })(),
      timeoutMs,
      () => void admin.disconnect().catch(() => {}),
    );
    return {
      objects: metadata.shown.map((topic) => {
        const count = metadata.partitions.get(topic) ?? 0;
        return {
          kind: 'topic' as const,
          name: topic,
          uri: topicUri(connection.name, topic),
          detail: `${count} partition${count === 1 ? '' : 's'}`,
        };
      }),
      truncated: metadata.total > metadata.shown.length,
    };
  } catch (error) {
    throw new Error(describeKafkaError(error, config.brokers, timeoutMs));
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
