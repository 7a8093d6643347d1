/**
 * The sink's producer for `delivery=exactly_once`: a kafkajs transactional producer. Everything
 * written between two checkpoints goes into one Kafka transaction, which commits together with
 * the source offsets of that checkpoint (TxnOffsetCommit), so a read_committed reader sees each
 * checkpoint's output once or not at all.
 *
 * kafkajs rather than @platformatic/kafka: its `sendOffsets` takes a group id and plain offsets,
 * which is what the run loop's checkpoint positions are; @platformatic/kafka adds offsets only
 * from messages of its own Consumer (our sources read with kafkajs). Both fence alike: opening
 * a producer with the same transactional id bumps the producer epoch, aborts the previous
 * owner's open transaction and makes its later sends and commits fail.
 */
import {
  type CompressionTypes,
  type Kafka,
  type Message,
  Partitioners,
  type Producer,
  type ProducerConfig,
  type Transaction,
} from 'kafkajs';
import type { ProducerTransport } from './transport.ts';

/** Source offsets committed in a transaction: the next offset to read, per partition. */
export interface TransactionOffsets {
  topic: string;
  partitions: { partition: number; offset: string }[];
}

export class TransactionalTransport implements ProducerTransport {
  private chain: Promise<unknown> = Promise.resolve();
  private transaction: Transaction | null = null;

  private constructor(
    private readonly producer: Producer,
    readonly transactionalId: string,
  ) {}

  /** Opening registers the transactional id: from here on an older owner is fenced. */
  static async open(
    kafka: Kafka,
    transactionalId: string,
    retry: ProducerConfig['retry'],
    transactionTimeoutMs: number,
  ): Promise<TransactionalTransport> {
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      transactionTimeout: transactionTimeoutMs,
      retry,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    const transport = new TransactionalTransport(producer, transactionalId);
    // kafkajs registers the transactional id (InitProducerId) with the first transaction:
    // begin it now, so the previous owner is fenced before this one writes anything.
    await transport.current();
    return transport;
  }

  private async current(): Promise<Transaction> {
    this.transaction ??= await this.producer.transaction();
    return this.transaction;
  }

  send(topic: string, messages: Message[], compression: CompressionTypes): Promise<void> {
    const sent = this.chain.then(async () =>
      (await this.current()).send({ topic, messages, acks: -1, compression }),
    );
    this.chain = sent.catch(() => {});
    return sent.then(() => undefined);
  }

  /**
   * Commits everything sent since the last commit together with `offsets` (stored for the
   * consumer group `groupId`). A transaction is begun if nothing was sent, so the offsets of a
   * checkpoint whose records were all filtered out still move.
   */
  async commit(groupId: string, offsets: TransactionOffsets[]): Promise<void> {
    await this.chain;
    const transaction = await this.current();
    try {
      if (offsets.some((o) => o.partitions.length > 0)) {
        await transaction.sendOffsets({ consumerGroupId: groupId, topics: offsets });
      }
      await transaction.commit();
    } finally {
      this.transaction = null;
    }
  }

  /** Output not covered by a committed checkpoint is aborted, never committed. */
  async close(): Promise<void> {
    await this.chain.catch(() => {});
    const open = this.transaction;
    this.transaction = null;
    try {
      if (open?.isActive()) await open.abort();
    } finally {
      await this.producer.disconnect();
    }
  }
}
