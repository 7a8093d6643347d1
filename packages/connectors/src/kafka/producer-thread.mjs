// The Kafka sink's producer in a worker thread (`producer.thread=true`): kafkajs's producer
// costs ~10 µs of CPU per message, so on a machine with a second core it runs beside the thread
// that reads, evaluates and encodes. Plain JavaScript so a worker can load it without a
// TypeScript loader. Protocol (one message each way per send, in order):
//   in:  { t: 'init', kafka, producer } | { t: 'send', id, topic, acks, compression, data,
//         lengths, keys?, headers?, timestamps? } | { t: 'close' }
//   out: { t: 'ready' } | { t: 'sent', id } | { t: 'error', id?, message, name, type } |
//        { t: 'closed' }
import { parentPort } from 'node:worker_threads';
import { Kafka, Partitioners } from 'kafkajs';

let producer = null;
let chain = Promise.resolve();

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
  if (m.t === 'init') {
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
      .then(() => producer?.disconnect())
      .catch(() => {})
      .then(() => parentPort.postMessage({ t: 'closed' }));
  }
});
