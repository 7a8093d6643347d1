/**
 * The Kafka sink's batches through @platformatic/kafka's idempotent Producer
 * (`producer.client=platformatic`): measured at about half of kafkajs's CPU per produced record
 * on this machine (bench/results/connectors.json), so it is the sink's default where it can run.
 * Same contract as the kafkajs transports: one send at a time, in order, resolved once acked
 * by all in-sync replicas. Keyed messages land on the partition kafkajs's (and Java's) default
 * partitioner picks — murmur2 masked positive, modulo the partition count — so switching the
 * client never moves a key; unkeyed ones go round-robin.
 */
import {
  type CompressionAlgorithmValue,
  compatibilityPartitioner,
  type MessageToProduce,
  Producer,
  type ProducerOptions,
} from '@platformatic/kafka';
import type { CompressionTypes, KafkaConfig as KafkaJsConfig, Message } from 'kafkajs';
import { COMPRESSION_CODECS } from './codecs.ts';
import type { ProducerTransport } from './transport.ts';

type Out = MessageToProduce<Buffer, Buffer, Buffer, Buffer>;

const SASL_MECHANISMS = {
  plain: 'PLAIN',
  'scram-sha-256': 'SCRAM-SHA-256',
  'scram-sha-512': 'SCRAM-SHA-512',
} as const;

function toBuffer(v: string | Buffer): Buffer {
  return typeof v === 'string' ? Buffer.from(v) : v;
}

/** kafkajs header values may repeat a name (arrays); distinct Buffer keys keep every one. */
function headersOf(headers: Message['headers']): Map<Buffer, Buffer> | undefined {
  if (!headers) return undefined;
  const out = new Map<Buffer, Buffer>();
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      out.set(Buffer.from(name), toBuffer(v as string | Buffer));
    }
  }
  return out;
}

/** The kafkajs client options (client.ts, shared with the other transports) in this client's terms. */
export function platformaticOptions(
  kafka: KafkaJsConfig,
): ProducerOptions<Buffer, Buffer, Buffer, Buffer> {
  const retry = kafka.retry ?? {};
  const options: ProducerOptions<Buffer, Buffer, Buffer, Buffer> = {
    clientId: kafka.clientId ?? 'velo',
    bootstrapBrokers: kafka.brokers as string[],
    idempotent: true,
    acks: -1,
    autocreateTopics: false,
    // idempotence needs retries > 1 (the client makes 0/1 unbounded); the URI's bound stays
    retries: Math.max(2, retry.retries ?? 5),
    retryDelay: retry.initialRetryTime ?? 300,
    connectTimeout: kafka.connectionTimeout,
    requestTimeout: kafka.requestTimeout,
    partitioner: compatibilityPartitioner,
  };
  if (kafka.ssl) options.tls = kafka.ssl === true ? {} : kafka.ssl;
  if (kafka.sasl) {
    const sasl = kafka.sasl as { mechanism: keyof typeof SASL_MECHANISMS } & Record<string, string>;
    options.sasl = {
      mechanism: SASL_MECHANISMS[sasl.mechanism],
      username: sasl.username,
      password: sasl.password,
    };
  }
  return options;
}

export class PlatformaticTransport implements ProducerTransport {
  private chain: Promise<unknown> = Promise.resolve();
  private constructor(private readonly producer: Producer<Buffer, Buffer, Buffer, Buffer>) {}

  /** Connects (metadata of `topic`, producer id) before the first record, so errors surface at open. */
  static async open(kafka: KafkaJsConfig, topic: string): Promise<PlatformaticTransport> {
    const producer = new Producer<Buffer, Buffer, Buffer, Buffer>(platformaticOptions(kafka));
    try {
      await producer.metadata({ topics: [topic] });
      await producer.initIdempotentProducer({});
    } catch (e) {
      await new Promise<void>((closed) => producer.close(true, () => closed()));
      throw e;
    }
    return new PlatformaticTransport(producer);
  }

  send(topic: string, messages: Message[], compression: CompressionTypes): Promise<void> {
    const out: Out[] = new Array(messages.length);
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      const message: Out = { topic, value: m.value as Buffer };
      if (m.key !== undefined && m.key !== null) message.key = toBuffer(m.key);
      const headers = headersOf(m.headers);
      if (headers) message.headers = headers;
      if (m.timestamp !== undefined) message.timestamp = BigInt(m.timestamp);
      out[i] = message;
    }
    // the attribute codes of COMPRESSION_CODECS are @platformatic/kafka's algorithm names
    const algorithm: CompressionAlgorithmValue = COMPRESSION_CODECS[compression];
    const sent = this.chain.then(() =>
      this.producer.send({ messages: out, compression: algorithm }),
    );
    this.chain = sent.catch(() => {});
    return sent.then(() => undefined);
  }

  close(): Promise<void> {
    return this.producer.close();
  }
}
