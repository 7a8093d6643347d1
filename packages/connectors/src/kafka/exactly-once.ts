/**
 * Exactly-once Kafka → Kafka (`delivery=exactly_once` on the sink): the helpers a checkpointing
 * caller (the worker) needs around KafkaSink.commitTransaction.
 *
 * The order at each checkpoint is: sinks flushed into the open transaction, the checkpoint
 * stored, then the transaction committed with the checkpoint's Kafka source offsets (for the
 * consumer group named like the transactional id). A crash between the last two leaves a stored
 * checkpoint whose output was aborted; on restore the caller therefore takes the newest
 * checkpoint whose Kafka positions equal the offsets committed in the transactions
 * (`positionsCommitted`), i.e. the one whose output is the committed output.
 */
import type { ResolvedConnection } from '@velo/runtime';
import { createKafkaClient, named } from './client.ts';
import { parseKafkaUri } from './config.ts';
import { transactionalIdOf } from './sink.ts';
import { isKafkaPosition } from './source.ts';
import type { TransactionOffsets } from './transport-transactional.ts';

export type { TransactionOffsets };

/** The Kafka source positions of a checkpoint as transaction offsets (other sources: none). */
export function transactionOffsets(positions: Record<string, unknown>): TransactionOffsets[] {
  const out: TransactionOffsets[] = [];
  for (const position of Object.values(positions)) {
    if (!isKafkaPosition(position)) continue;
    out.push({
      topic: position.topic,
      partitions: Object.entries(position.offsets).map(([p, offset]) => ({
        partition: Number(p),
        offset: String(offset),
      })),
    });
  }
  return out;
}

/** Committed offsets per `topic/partition` of the sink's transactional group ('-1': none). */
export type CommittedOffsets = Map<string, string>;

/** Reads back the offsets the sink's transactions committed for `topics`. */
export async function committedTransactionOffsets(
  sinkUri: string,
  topics: string[],
  connection?: ResolvedConnection,
): Promise<CommittedOffsets> {
  const config = parseKafkaUri(sinkUri, connection);
  if (typeof config === 'string') throw new Error(config);
  const admin = createKafkaClient(config).admin();
  await named(config, 'connect to', admin.connect());
  try {
    const groupId = transactionalIdOf(config);
    const fetched = await named(
      config,
      'read the committed offsets of',
      admin.fetchOffsets({ groupId, topics: [...new Set(topics)] }),
    );
    const out: CommittedOffsets = new Map();
    for (const t of fetched) {
      for (const p of t.partitions) out.set(`${t.topic}/${p.partition}`, p.offset);
    }
    return out;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Whether the output committed so far is exactly the output up to these checkpoint positions:
 * every Kafka position equals the committed offset (a partition never read counts as equal to
 * "none committed").
 */
export function positionsCommitted(
  positions: Record<string, unknown>,
  committed: CommittedOffsets,
): boolean {
  for (const t of transactionOffsets(positions)) {
    for (const p of t.partitions) {
      if ((committed.get(`${t.topic}/${p.partition}`) ?? '-1') !== p.offset) return false;
    }
  }
  // a partition committed but absent from the positions means a later checkpoint committed
  const topics = new Set(transactionOffsets(positions).map((t) => t.topic));
  const listed = new Set(
    transactionOffsets(positions).flatMap((t) =>
      t.partitions.map((p) => `${t.topic}/${p.partition}`),
    ),
  );
  for (const [key, offset] of committed) {
    const topic = key.slice(0, key.lastIndexOf('/'));
    if (topics.has(topic) && !listed.has(key) && offset !== '-1') return false;
  }
  return true;
}
