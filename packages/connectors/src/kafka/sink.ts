/**
 * Kafka sink: an idempotent producer (acks=all) fed in batches — @platformatic/kafka by default,
 * kafkajs with `producer.client=kafkajs`, either of them in a worker thread with
 * `producer.thread=true`, and a kafkajs transactional producer with `delivery=exactly_once`
 * (transport*.ts). Records collect until `batch.bytes` of values (or 1,000 messages) are pending or `linger.ms` passes, then go out
 * as one send; one send is in flight at a time (ordering per partition holds across retries)
 * while the next batch is encoded. `flush` waits until
 * everything written is acknowledged. The message key is the `_key` column (which is then not
 * written into the value), else the `key.column` parameter's column, else the input record's
 * key; headers are the record's headers (SET_HEADER / REMOVE_HEADER applied by the engine).
 * `compression=gzip|snappy|lz4` (zstd on Node.js 22.15+) compresses every batch, whichever
 * client or thread produces it (codecs-kafkajs.mjs gives kafkajs the codecs it lacks).
 */
import { type EngineRecord, valueToText } from '@velo/engine';
import type { Sink, SinkOptions } from '@velo/runtime';
import type { CompressionTypes, IHeaders, Message } from 'kafkajs';
import { currentEgressPolicy } from '../egress/current.ts';
import { createKafkaClient, kafkaError, kafkaJsOptions, named } from './client.ts';
import { COMPRESSION_CODECS, registerKafkaCodecs } from './codecs.ts';
import { type KafkaConfig, parseKafkaUri } from './config.ts';
import { createEncoder, type ValueEncoder } from './formats/index.ts';
import {
  InProcessTransport,
  type ProducerTransport,
  producerConfig,
  ThreadTransport,
} from './transport.ts';
import { TransactionalTransport, type TransactionOffsets } from './transport-transactional.ts';

/** Messages per kafkajs send (see `send`). */
const MAX_MESSAGES_PER_SEND = 1000;
/** Sends queued behind the one in flight before writeBatch waits (back-pressure). */
const MAX_QUEUED_SENDS = 3;

export class KafkaSink implements Sink {
  private pending: Message[] = [];
  private pendingBytes = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private queuedSends = 0;
  private readonly batchBytes: number;
  /** The batches' codec as the attribute code every transport takes (kafkajs's CompressionTypes). */
  private readonly compression: CompressionTypes;

  private constructor(
    readonly uri: string,
    private readonly config: KafkaConfig,
    private readonly transport: ProducerTransport,
    private readonly encoder: ValueEncoder,
  ) {
    this.batchBytes = config.params['batch.bytes'];
    this.compression = COMPRESSION_CODECS.indexOf(config.params.compression);
  }

  static async open(uri: string, options: SinkOptions = {}): Promise<KafkaSink> {
    const config = parseKafkaUri(uri, options.connection);
    if (typeof config === 'string') throw new Error(config);
    const encoder = await createEncoder(config);
    // kafkajs (in process, or transactional) writes snappy, lz4 and zstd only with these
    registerKafkaCodecs();
    const kafka = createKafkaClient(config);
    const p = config.params;
    const admin = kafka.admin();
    await named(config, 'connect to', admin.connect());
    try {
      if (p.create) {
        await named(
          config,
          'create the topic of',
          admin.createTopics({
            waitForLeaders: true,
            topics: [
              {
                topic: config.topic,
                numPartitions: p.partitions,
                replicationFactor: p['replication.factor'],
              },
            ],
          }),
        );
      } else {
        const topics = await named(config, 'list the topics of', admin.listTopics());
        if (!topics.includes(config.topic)) {
          throw new Error(
            `kafka: topic '${config.topic}' does not exist ('${config.redactedUri}'); add create=true to create it`,
          );
        }
      }
    } finally {
      await admin.disconnect();
    }
    const producer = producerConfig({
      retries: p['connect.retries'],
      initialRetryTime: p['connect.backoff.ms'],
      maxRetryTime: p['connect.backoff.max.ms'],
    });
    const transport = await named<ProducerTransport>(
      config,
      'connect to',
      openTransport(config, kafka, producer),
    );
    return new KafkaSink(uri, config, transport, encoder);
  }

  async writeBatch(columns: string[], records: EngineRecord[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (records.length === 0) return;
    const keyColumn = columns.includes('_key') ? '_key' : this.config.params['key.column'];
    if (keyColumn !== undefined && !columns.includes(keyColumn)) {
      throw new Error(
        `kafka: key.column '${keyColumn}' is not an output column of '${this.config.redactedUri}'`,
      );
    }
    const valueColumns = keyColumn === '_key' ? columns.filter((c) => c !== '_key') : columns;
    const values = await this.encoder.encode(valueColumns, records);
    for (let i = 0; i < records.length; i++) {
      const r = records[i];
      const message: Message = { value: values[i] };
      if (keyColumn !== undefined) {
        const k = r.fields[keyColumn];
        message.key =
          k === null || k === undefined ? null : typeof k === 'string' ? k : valueToText(k);
      } else if (r.key !== undefined && r.key !== null) {
        message.key = r.key;
      }
      if (r.headers !== undefined) message.headers = r.headers as IHeaders;
      if (r.timestamp !== undefined) message.timestamp = String(Math.trunc(r.timestamp));
      this.pending.push(message);
      this.pendingBytes += values[i].length;
    }
    // Sending goes on while the next batch is encoded; wait only when sends queue up.
    while (this.pending.length >= MAX_MESSAGES_PER_SEND || this.pendingBytes >= this.batchBytes) {
      const sent = this.send();
      if (this.queuedSends > MAX_QUEUED_SENDS) await sent;
    }
    this.scheduleLinger();
  }

  private scheduleLinger(): void {
    if (this.timer !== null || this.pending.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.send().catch(() => {});
    }, this.config.params['linger.ms']);
  }

  /**
   * Queues one send of the pending messages, up to MAX_MESSAGES_PER_SEND and `batch.bytes` of
   * values (a record batch per partition must stay under the broker's message.max.bytes, and
   * kafkajs groups a send's messages per partition in quadratic time); sends run one after
   * another. Resolves when this send is acknowledged.
   */
  private send(): Promise<void> {
    if (this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pending.length === 0) return this.inFlight;
    let n = 0;
    let bytes = 0;
    while (n < this.pending.length && n < MAX_MESSAGES_PER_SEND) {
      const size = (this.pending[n].value as Buffer).length;
      if (n > 0 && bytes + size > this.batchBytes) break;
      bytes += size;
      n++;
    }
    const messages = n === this.pending.length ? this.pending : this.pending.slice(0, n);
    this.pending = n === this.pending.length ? [] : this.pending.slice(n);
    this.pendingBytes -= bytes;
    this.queuedSends++;
    const sent = this.transport.send(this.config.topic, messages, this.compression).then(
      () => {
        this.queuedSends--;
      },
      (e) => {
        this.queuedSends--;
        this.failure ??= kafkaError(this.config, 'write to', e);
      },
    );
    // sends complete in order, so the last one queued settles after all earlier ones
    this.inFlight = sent;
    return sent.then(() => {
      if (this.failure) throw this.failure;
    });
  }

  /** The transactional id when `delivery=exactly_once`, else null. */
  get transactionalId(): string | null {
    return this.transport instanceof TransactionalTransport ? this.transport.transactionalId : null;
  }

  /**
   * `delivery=exactly_once`, after the checkpoint is stored: commits everything written since
   * the last commit together with the checkpoint's source offsets, stored for the consumer
   * group named like the transactional id (exactly-once.ts reads them back on restore).
   */
  async commitTransaction(offsets: TransactionOffsets[]): Promise<void> {
    if (!(this.transport instanceof TransactionalTransport)) {
      throw new Error(`kafka: '${this.config.redactedUri}' is not delivery=exactly_once`);
    }
    await this.flush();
    const transport = this.transport;
    await named(
      this.config,
      'commit the transaction of',
      transport.commit(transport.transactionalId, offsets),
    );
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0) void this.send().catch(() => {});
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      // exactly-once: what no checkpoint covers is aborted by the transport, not flushed
      if (!(this.transport instanceof TransactionalTransport)) await this.flush();
    } finally {
      await this.transport.close();
    }
  }
}

/**
 * The producer behind the sink. The producer thread and @platformatic/kafka build their own
 * connections, which cannot carry the egress socket factory: under a policy (the worker, the
 * console) the kafkajs producer runs in process instead. (@platformatic/kafka 1.35's
 * Connection.connect, dist/network/connection.js:118-153, passes a plaintext socket only its
 * timeout and TLS servername — no lookup, socket or factory option — and Node skips a TLS
 * `lookup` for brokers advertised by IP address.) @platformatic/kafka is loaded only when used:
 * it adds ~50 MB to a process's memory, and the worker (always policed) never uses it.
 */
async function openTransport(
  config: KafkaConfig,
  kafka: ReturnType<typeof createKafkaClient>,
  producer: ReturnType<typeof producerConfig>,
): Promise<ProducerTransport> {
  const p = config.params;
  const policed = currentEgressPolicy() !== null;
  if (p.delivery === 'exactly_once') {
    return TransactionalTransport.open(
      kafka,
      transactionalIdOf(config),
      producer.retry,
      p['transaction.timeout.ms'],
    );
  }
  if (p['producer.thread'] && !policed) {
    // the partitioner (a function) cannot cross to the thread, which sets the same one
    const { platformaticOptions } = await import('./transport-platformatic.ts');
    const { partitioner, ...platformatic } = platformaticOptions(kafkaJsOptions(config));
    return ThreadTransport.open(
      kafkaJsOptions(config),
      producer,
      p['producer.client'] === 'platformatic' && partitioner ? platformatic : undefined,
    );
  }
  if (p['producer.client'] === 'platformatic' && !policed) {
    const { PlatformaticTransport } = await import('./transport-platformatic.ts');
    return PlatformaticTransport.open(kafkaJsOptions(config), config.topic);
  }
  return InProcessTransport.open(kafka, producer);
}

/**
 * `transactional.id=`: required with `delivery=exactly_once`, whose output becomes visible only
 * when a checkpointing caller commits it (the worker derives one per job and task).
 */
export function transactionalIdOf(config: KafkaConfig): string {
  const id = config.params['transactional.id'];
  if (id === undefined) {
    throw new Error(
      `kafka: delivery=exactly_once needs a transactional.id in '${config.redactedUri}' (jobs run by the worker get one per job and task; velo run and previews do not commit transactions)`,
    );
  }
  return id;
}

export function createKafkaSink(uri: string, options: SinkOptions): Promise<KafkaSink> {
  return KafkaSink.open(uri, options);
}
