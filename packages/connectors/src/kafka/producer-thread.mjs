// The Kafka sink's producer in a worker thread (`producer.thread=true`): a producer costs
// 4–15 µs of CPU per message (@platformatic/kafka, kafkajs), so on a machine with a second core
// it runs beside the thread that reads, evaluates and encodes. Plain JavaScript so a worker can load it without a
// TypeScript loader. Protocol (one message each way per send, in order):
//   in:  { t: 'init', kafka, producer, platformatic? } | { t: 'send', id, topic, acks, compression, data,
//         lengths, keys?, headers?, timestamps? } | { t: 'close' }
//   out: { t: 'ready' } | { t: 'sent', id } | { t: 'error', id?, message, name, type } |
//        { t: 'closed' }
import { parentPort } from 'node:worker_threads';
import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { Kafka, Partitioners } from 'kafkajs';
import { registerKafkaCodecs } from './codecs-kafkajs.mjs';
import { COMPRESSION_CODECS } from './codecs-support.mjs';

let producer = null;
/** @platformatic/kafka's producer when init carries `platformatic` options (the default client). */
let platformatic = null;
let chain = Promise.resolve();

// The same mapping as transport-platformatic.ts (this file cannot import TypeScript): keys and
// header values as Buffers, every value of a repeated header kept, timestamps as bigint.
function platformaticMessagesOf(topic, messages) {
  return messages.map((m) => {
    const out = { topic, value: m.value };
    if (m.key != null) out.key = Buffer.from(m.key);
    if (m.headers) {
      const headers = new Map();
      for (const [name, value] of Object.entries(m.headers)) {
        if (value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) {
          headers.set(Buffer.from(name), typeof v === 'string' ? Buffer.from(v) : Buffer.from(v));
        }
      }
      out.headers = headers;
    }
    if (m.timestamp !== undefined) out.timestamp = BigInt(m.timestamp);
    return out;
  });
}

function failure(e, id) {
  return {
    t: 'error',
    id,
    message: e instanceof Error ? e.message : String(e),
    name: e?.name ?? 'Error',
    type: e?.type,
  };
}

function messagesOf(m) {
  const out = new Array(m.lengths.length);
  let at = 0;
  for (let i = 0; i < out.length; i++) {
    const length = m.lengths[i];
    const message = { value: Buffer.from(m.data, at, length) };
    at += length;
    if (m.keys && m.keys[i] != null) message.key = m.keys[i];
    if (m.headers?.[i]) message.headers = m.headers[i];
    if (m.timestamps?.[i]) message.timestamp = m.timestamps[i];
    out[i] = message;
  }
  return out;
}

parentPort.on('message', (m) => {
  if (m.t === 'init' && m.platformatic) {
    platformatic = new Producer({ ...m.platformatic, partitioner: compatibilityPartitioner });
    platformatic.initIdempotentProducer({}).then(
      () => parentPort.postMessage({ t: 'ready' }),
      (e) => parentPort.postMessage(failure(e)),
    );
  } else if (m.t === 'init') {
    // this thread's kafkajs is a module of its own: it gets snappy, lz4 and zstd here too
    registerKafkaCodecs();
    const kafka = new Kafka(m.kafka);
    producer = kafka.producer({
      ...m.producer,
      createPartitioner: Partitioners.DefaultPartitioner,
    });
    producer.connect().then(
      () => parentPort.postMessage({ t: 'ready' }),
      (e) => parentPort.postMessage(failure(e)),
    );
  } else if (m.t === 'send') {
    // one send at a time, in arrival order (per-partition order across retries)
    chain = chain.then(async () => {
      try {
        if (platformatic) {
          await platformatic.send({
            messages: platformaticMessagesOf(m.topic, messagesOf(m)),
            compression: COMPRESSION_CODECS[m.compression], // attribute code → algorithm name
          });
          parentPort.postMessage({ t: 'sent', id: m.id });
          return;
        }
        await producer.send({
          topic: m.topic,
          acks: m.acks,
          compression: m.compression,
          messages: messagesOf(m),
        });
        parentPort.postMessage({ t: 'sent', id: m.id });
      } catch (e) {
        parentPort.postMessage(failure(e, m.id));
      }
    });
  } else if (m.t === 'close') {
    chain
      .then(() => (platformatic ? platformatic.close() : producer?.disconnect()))
      .catch(() => {})
      .then(() => parentPort.postMessage({ t: 'closed' }));
  }
});
