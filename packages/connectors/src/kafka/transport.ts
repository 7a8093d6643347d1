/**
 * How the Kafka sink's batches reach the broker: a kafkajs producer in this thread, or a
 * producer (@platformatic/kafka or kafkajs) in a worker thread (`producer.thread=true`) that gets
 * each batch's values as one transferred buffer (transport-platformatic.ts: in this thread). Both send one batch at a time, in order, and resolve a send once it is acknowledged.
 */
import { Worker } from 'node:worker_threads';
import {
  CompressionTypes,
  type KafkaConfig as KafkaJsConfig,
  type Message,
  Partitioners,
  type Producer,
  type ProducerConfig,
} from 'kafkajs';

export interface ProducerTransport {
  send(topic: string, messages: Message[], compression: CompressionTypes): Promise<void>;
  close(): Promise<void>;
}

export function producerConfig(retry: ProducerConfig['retry']): ProducerConfig {
  return { idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false, retry };
}

export class InProcessTransport implements ProducerTransport {
  private chain: Promise<unknown> = Promise.resolve();
  constructor(private readonly producer: Producer) {}

  static async open(kafka: { producer(c: ProducerConfig): Producer }, config: ProducerConfig) {
    const producer = kafka.producer({
      ...config,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    await producer.connect();
    return new InProcessTransport(producer);
  }

  send(topic: string, messages: Message[], compression: CompressionTypes): Promise<void> {
    const sent = this.chain.then(() =>
      this.producer.send({ topic, messages, acks: -1, compression }),
    );
    this.chain = sent.catch(() => {});
    return sent.then(() => undefined);
  }

  close(): Promise<void> {
    return this.producer.disconnect();
  }
}

interface Reply {
  t: 'ready' | 'sent' | 'error' | 'closed';
  id?: number;
  message?: string;
  name?: string;
  type?: string;
}

function replyError(r: Reply): Error {
  return Object.assign(new Error(r.message), { name: r.name ?? 'Error', type: r.type });
}

export class ThreadTransport implements ProducerTransport {
  private nextId = 0;
  private readonly waiting = new Map<number, { resolve(): void; reject(e: Error): void }>();
  private onReady: { resolve(): void; reject(e: Error): void } | null = null;
  private onClosed: (() => void) | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (r: Reply) => this.receive(r));
    worker.on('error', (e) => this.failAll(e));
    worker.on('exit', () => this.failAll(new Error('the Kafka producer thread exited')));
  }

  /** `platformatic`: @platformatic/kafka's options (no functions) instead of kafkajs's producer. */
  static async open(
    kafka: KafkaJsConfig,
    producer: ProducerConfig,
    platformatic?: Record<string, unknown>,
  ): Promise<ThreadTransport> {
    const worker = new Worker(new URL('./producer-thread.mjs', import.meta.url));
    const transport = new ThreadTransport(worker);
    const ready = new Promise<void>((resolve, reject) => {
      transport.onReady = { resolve, reject };
    });
    worker.postMessage({ t: 'init', kafka, producer, platformatic });
    try {
      await ready;
    } catch (e) {
      await worker.terminate();
      throw e;
    }
    return transport;
  }

  private receive(r: Reply): void {
    if (r.t === 'ready') this.onReady?.resolve();
    else if (r.t === 'closed') this.onClosed?.();
    else if (r.id === undefined) this.onReady?.reject(replyError(r));
    else {
      const w = this.waiting.get(r.id);
      this.waiting.delete(r.id);
      if (r.t === 'sent') w?.resolve();
      else w?.reject(replyError(r));
    }
  }

  private failAll(e: Error): void {
    this.onReady?.reject(e);
    for (const w of this.waiting.values()) w.reject(e);
    this.waiting.clear();
    this.onClosed?.();
  }

  send(topic: string, messages: Message[], compression: CompressionTypes): Promise<void> {
    let total = 0;
    for (const m of messages) total += (m.value as Buffer).length;
    const data = new ArrayBuffer(total);
    const bytes = new Uint8Array(data);
    const lengths = new Int32Array(messages.length);
    let keys: (string | null)[] | undefined;
    let headers: (Message['headers'] | undefined)[] | undefined;
    let timestamps: (string | undefined)[] | undefined;
    let at = 0;
    for (let i = 0; i < messages.length; i++) {
      const m = messages[i];
      const value = m.value as Buffer;
      bytes.set(value, at);
      at += value.length;
      lengths[i] = value.length;
      if (m.key !== undefined && m.key !== null) {
        keys ??= new Array(messages.length).fill(null);
        keys[i] = m.key as string;
      }
      if (m.headers !== undefined) {
        headers ??= new Array(messages.length);
        headers[i] = m.headers;
      }
      if (m.timestamp !== undefined) {
        timestamps ??= new Array(messages.length);
        timestamps[i] = m.timestamp;
      }
    }
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage(
      { t: 'send', id, topic, acks: -1, compression, data, lengths, keys, headers, timestamps },
      [data, lengths.buffer],
    );
    return done;
  }

  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => {
      this.onClosed = resolve;
    });
    this.worker.postMessage({ t: 'close' });
    await closed;
    await this.worker.terminate();
  }
}

export { CompressionTypes };
