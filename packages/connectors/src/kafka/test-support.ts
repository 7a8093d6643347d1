/** Helpers for the Kafka integration tests: unique topics on the real broker (KAFKA_BROKERS). */
import { randomUUID } from 'node:crypto';
import type { Source, SourceBatch } from '@velo/runtime';
import { type IHeaders, Kafka, logLevel, type Message, Partitioners } from 'kafkajs';

export const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';

export const kafka = new Kafka({
  clientId: 'velo-connector-tests',
  brokers: BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});

export function uniqueName(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export async function createTopic(prefix: string, partitions = 1): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    // kafkajs's waitForLeaders polls metadata and gives up at once when the broker answers "This
    // server does not host this topic-partition" for a topic it is still creating (seen under
    // load): wait here instead, until every partition answers ListOffsets.
    await admin.createTopics({
      waitForLeaders: false,
      topics: [{ topic, numPartitions: partitions, replicationFactor: 1 }],
    });
    for (let attempt = 1; ; attempt++) {
      const served = await admin.fetchTopicOffsets(topic).then(
        (offsets) => offsets.length === partitions,
        (error: unknown) => (attempt >= 50 ? Promise.reject(error) : false),
      );
      if (served) break;
      if (attempt >= 50) throw new Error(`topic ${topic}: not every partition is served`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
  return topic;
}

export async function deleteTopic(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.deleteTopics({ topics: [topic] });
  } catch {
    // best effort: the broker keeps test topics for a day anyway
  } finally {
    await admin.disconnect();
  }
}

export async function produce(
  topic: string,
  messages: (Message & { partition?: number })[],
): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, messages, acks: -1 });
  } finally {
    await producer.disconnect();
  }
}

export interface RawMessage {
  partition: number;
  offset: string;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/** Every message of a topic, read from the start until `count` arrived (or a timeout). */
export async function consumeAll(
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<RawMessage[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('velo-test-reader') });
  const out: RawMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`only ${out.length} of ${count} messages in ${topic}`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(message.headers ?? ({} as IHeaders))) {
            headers[k] = String(v);
          }
          out.push({
            partition,
            offset: message.offset,
            key: message.key?.toString('utf8') ?? null,
            value: message.value,
            headers,
          });
          if (out.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return out;
}

/** Reads batches until `count` records plus dead letters arrived; returns them all. */
export async function readUntil(
  source: Source,
  count: number,
  timeoutMs = 20_000,
): Promise<SourceBatch & { batches: SourceBatch[] }> {
  const batches: SourceBatch[] = [];
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (seen < count) {
    if (Date.now() > deadline)
      throw new Error(`read ${seen} of ${count} records before the timeout`);
    const batch = await source.readBatch(1000);
    batches.push(batch);
    seen += batch.records.length + batch.deadLetters.length;
  }
  const last = batches[batches.length - 1];
  return {
    records: batches.flatMap((b) => b.records),
    deadLetters: batches.flatMap((b) => b.deadLetters),
    done: false,
    position: last.position,
    tableLoaded: batches.some((b) => b.tableLoaded),
    batches,
  };
}
