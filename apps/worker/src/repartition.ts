/**
 * Stage 1 of a repartitioned parallel job (packages/runtime's repartition-plan.ts), as Kafka
 * Streams runs a repartition sub-topology: for each repartitioned source, each task reads its
 * share of the source's partitions (one consumer group per source, the task assigner) and
 * re-publishes every message — same value bytes, timestamp and headers — to the source's
 * internal topic of N partitions, to the partition of its key. Stage 2, the statement itself,
 * reads partition i of every internal topic in task i, so each key's state — a group, or both
 * sides of a join key — lives in one task.
 *
 * Stage 1 is stateless and commits its source offsets in Kafka after the internal topic
 * acknowledged the messages: a crash re-publishes the messages after the last commit, so a
 * repartitioned job is at-least-once. The topic's name carries the grouping key and the
 * parallelism, so a changed key or parallelism starts a new topic instead of mixing keys.
 */
import { createHash } from 'node:crypto';
import { createKafkaClient, parseKafkaUri, taskPartitionAssigner } from '@velo/connectors';
import {
  type RepartitionInput,
  type RepartitionPlan,
  type ResolvedConnection,
  repartitionTopicPrefix,
} from '@velo/runtime';
import type { Consumer, IHeaders, Producer } from 'kafkajs';

/**
 * The internal topic of a job's repartitioned input `index` (a join's second side is 1): per
 * key and parallelism, so a changed key or parallelism starts a new topic.
 */
export function repartitionTopic(
  jobId: string,
  input: RepartitionInput,
  count: number,
  index = 0,
): string {
  // input 0 hashes its key paths alone, as before joins were repartitioned (running jobs keep
  // their topic)
  const identity = index === 0 ? input.keyPaths : [index, input.keyPaths];
  const key = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
  return `${repartitionTopicPrefix(jobId)}${key.slice(0, 8)}-n${count}`;
}

/** The source URI with the internal topic instead of the source's (same broker and params). */
export function internalSourceUri(input: RepartitionInput, topic: string): string {
  const m = /^(kafka:\/\/[^/?#]*\/)[^?#]+(?:\?([^#]*))?$/i.exec(input.sourceUri);
  if (!m) throw new Error(`not a Kafka URI: ${input.sourceUri}`);
  const params = new URLSearchParams(m[2] ?? '');
  // the tasks' own group (velo-job-<id>), from the start of the internal topic
  params.delete('group_id');
  params.set('offset', 'earliest');
  return `${m[1]}${topic}?${params}`;
}

/** The grouping key of a JSON value as text (null fields and malformed values included). */
export function groupingKeyOf(value: Buffer | null, paths: string[][]): string {
  let parsed: unknown;
  try {
    parsed = value === null ? null : JSON.parse(value.toString('utf8'));
  } catch {
    return ''; // stage 2 dead-letters it, in whichever task gets it
  }
  const parts = paths.map((path) => {
    let v: unknown = parsed;
    for (const name of path) {
      if (typeof v !== 'object' || v === null) return null;
      const obj = v as Record<string, unknown>;
      // SQL names are case-insensitive: the exact field first, else one spelled differently
      const found =
        name in obj ? name : Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
      v = found === undefined ? null : obj[found];
    }
    return v ?? null;
  });
  // numbers as JS numbers: 10.50 and 10.5, equal to the engine, give the same key
  return JSON.stringify(parts);
}

/** FNV-1a: a stable hash, so a key always goes to the same partition. */
export function partitionOfKey(key: string, partitions: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % partitions;
}

/** A repartitioned source of a job: its internal topic, and stage 2's URI of it. */
export interface InternalInput {
  source: RepartitionInput;
  /** The internal topic its records are re-published to, and stage 2's URI of it. */
  topic: string;
  uri: string;
}

/** The internal topics of a job's repartition plan (none without one). */
export function internalInputs(
  jobId: string,
  plan: RepartitionPlan | null,
  count: number,
): InternalInput[] {
  return (plan?.inputs ?? []).map((source, index) => {
    const topic = repartitionTopic(jobId, source, count, index);
    return { source, topic, uri: internalSourceUri(source, topic) };
  });
}

/**
 * Stage 1's consumer group for input `index`: the source's own group when it names one (its
 * lag is then the job's input lag), else the job's; each input its own, as a shared group's
 * members for two topics would claim the same task.
 */
export function forwarderGroup(jobId: string, inputs: InternalInput[], index: number): string {
  const named = (i: number) =>
    new URLSearchParams(inputs[i].source.sourceUri.split('?')[1] ?? '').get('group_id') ??
    `velo-job-${jobId}-rp`;
  const group = named(index);
  const taken = inputs.slice(0, index).some((_, i) => named(i) === group);
  return taken ? `${group}-${index}` : group;
}

export interface ForwarderOptions {
  input: RepartitionInput;
  topic: string;
  task: { index: number; count: number; epoch: number };
  /** Consumer group of stage 1 (shared by the job's tasks). */
  group: string;
  connection?: ResolvedConnection;
  /** True once the task stops or lost its lease: nothing more is forwarded. */
  stopped: () => boolean;
}

export class RepartitionForwarder {
  failure: Error | null = null;
  private closed = false;

  private constructor(
    private readonly consumer: Consumer,
    private readonly producer: Producer,
  ) {}

  static async start(options: ForwarderOptions): Promise<RepartitionForwarder> {
    const config = parseKafkaUri(options.input.sourceUri, options.connection);
    if (typeof config === 'string') throw new Error(config);
    const kafka = createKafkaClient(config);
    const { topic, task } = options;
    const admin = kafka.admin();
    await admin.connect();
    try {
      const created = await admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic,
            numPartitions: task.count,
            replicationFactor: config.params['replication.factor'],
          },
        ],
      });
      if (!created) {
        const meta = await admin.fetchTopicMetadata({ topics: [topic] });
        const partitions = meta.topics[0]?.partitions.length ?? 0;
        if (partitions !== task.count)
          throw new Error(
            `the repartition topic ${topic} has ${partitions} partitions, not ${task.count}`,
          );
      }
    } finally {
      await admin.disconnect();
    }
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const consumer = kafka.consumer({
      groupId: options.group,
      partitionAssigners: [taskPartitionAssigner(task)],
      sessionTimeout: 10_000,
      heartbeatInterval: 1000,
      allowAutoTopicCreation: false,
    });
    const forwarder = new RepartitionForwarder(consumer, producer);
    consumer.on(consumer.events.CRASH, (e) => {
      if (!e.payload.restart) forwarder.fail(e.payload.error);
    });
    try {
      await consumer.connect();
      await consumer.subscribe({
        topic: config.topic,
        fromBeginning: config.params.offset === 'earliest',
      });
      await consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch, isStale, resolveOffset, heartbeat }) => {
          if (isStale() || forwarder.closed || options.stopped()) return;
          if (batch.messages.length === 0) return;
          await producer.send({
            topic,
            acks: -1,
            messages: batch.messages.map((m) => {
              const key = groupingKeyOf(m.value, options.input.keyPaths);
              return {
                key,
                value: m.value,
                timestamp: m.timestamp,
                headers: m.headers as IHeaders | undefined,
                partition: partitionOfKey(key, task.count),
              };
            }),
          });
          const last = batch.messages[batch.messages.length - 1].offset;
          resolveOffset(last);
          if (options.stopped()) return;
          await consumer.commitOffsets([
            { topic: batch.topic, partition: batch.partition, offset: String(Number(last) + 1) },
          ]);
          await heartbeat();
        },
      });
    } catch (error) {
      await forwarder.close();
      throw error;
    }
    return forwarder;
  }

  private fail(error: Error): void {
    this.failure ??= new Error(`repartitioning failed: ${error.message}`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.allSettled([this.consumer.disconnect(), this.producer.disconnect()]);
  }
}
