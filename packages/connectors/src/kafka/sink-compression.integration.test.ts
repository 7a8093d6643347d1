/**
 * The sink's `compression=` against the real broker (KAFKA_BROKERS): every producer — the
 * default @platformatic/kafka, kafkajs, each in process and in the producer thread, and the
 * kafkajs transactional producer — writes batches with the codec asked for. Checked twice: the
 * Velo Kafka source reads back the exact rows (64-bit ids, decimals beyond a double's
 * precision, keys), and a raw Fetch from the broker shows the codec in every stored batch's
 * attributes (the broker keeps the producer's codec: topic `compression.type=producer`).
 */
import { Consumer, compressionsAlgorithms } from '@platformatic/kafka';
import { Decimal, type EngineRecord } from '@velo/engine';
import { afterAll, describe, expect, it } from 'vitest';
import { createSink, createSource } from '../registry.ts';
import {
  COMPRESSION_CODECS,
  type CompressionCodec,
  decompressSnappy,
  isXerialSnappy,
  zstdCompressionAvailable,
} from './codecs.ts';
import type { KafkaSink } from './sink.ts';
import { BROKERS, createTopic, deleteTopic, readUntil, uniqueName } from './test-support.ts';

const topics: string[] = [];
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

// @platformatic/kafka reads only raw-block snappy, while kafkajs (with codecs-kafkajs.mjs) writes
// snappy-java's xerial stream as the Java client does: the raw fetch below reads snappy with
// Velo's decoder (both forms) and notes which form each batch was in.
const snappyForms: ('xerial' | 'raw')[] = [];
const snappyReader = compressionsAlgorithms.snappy as {
  decompressSync(data: Buffer | { buffer: Buffer }): Buffer;
};
snappyReader.decompressSync = (data) => {
  const bytes = Buffer.isBuffer(data) ? data : data.buffer;
  snappyForms.push(isXerialSnappy(bytes) ? 'xerial' : 'raw');
  return decompressSnappy(bytes);
};

const N = 400;
const records: EngineRecord[] = Array.from({ length: N }, (_, i) => ({
  fields: {
    _key: `k-${i % 23}`,
    id: BigInt(i),
    // 17 significant digits: a double would round them
    amount: new Decimal(12_345_678_901_234_500n + BigInt(i), 2),
    note: `order ${i} of ${N}, compressed the same way every time`,
  },
  eventTime: 1_700_000_000_000 + i,
}));

function expected() {
  return records.map((r) => ({
    key: r.fields._key,
    id: r.fields.id,
    amount: (r.fields.amount as Decimal).toString(),
    note: r.fields.note,
  }));
}

/** The codec code in the attributes of every record batch stored in `topic`'s partitions. */
async function storedCodecs(topic: string, partitions: number): Promise<CompressionCodec[]> {
  const consumer = new Consumer<Buffer, Buffer, Buffer, Buffer>({
    clientId: 'velo-compression-tests',
    bootstrapBrokers: BROKERS.split(','),
    groupId: uniqueName('velo-compression-raw'),
  });
  try {
    const metadata = await consumer.metadata({ topics: [topic] });
    const described = metadata.topics.get(topic);
    if (!described) throw new Error(`no metadata for ${topic}`);
    const codecs: CompressionCodec[] = [];
    for (let partition = 0; partition < partitions; partition++) {
      let offset = 0n;
      for (;;) {
        const response = await consumer.fetch({
          node: described.partitions[partition].leader,
          maxWaitTime: 100,
          topics: [
            {
              topicId: described.id,
              partitions: [
                {
                  partition,
                  currentLeaderEpoch: -1,
                  fetchOffset: offset,
                  lastFetchedEpoch: -1,
                  partitionMaxBytes: 1024 * 1024,
                },
              ],
            },
          ],
        });
        const batches = response.responses[0].partitions[0].records ?? [];
        if (batches.length === 0) break;
        for (const batch of batches) {
          codecs.push(COMPRESSION_CODECS[batch.attributes & 0x07]);
          offset = batch.firstOffset + BigInt(batch.lastOffsetDelta) + 1n;
        }
      }
    }
    return codecs;
  } finally {
    await consumer.close();
  }
}

async function readBack(topic: string) {
  const source = await createSource(`kafka://${BROKERS}/${topic}?group_id=${uniqueName('g')}`);
  try {
    const read = await readUntil(source, N);
    expect(read.deadLetters).toEqual([]);
    return read.records
      .map((r) => ({
        key: r.key,
        id: r.fields.id,
        amount: r.fields.amount,
        note: r.fields.note,
      }))
      .sort((a, b) => Number(a.id) - Number(b.id));
  } finally {
    await source.close();
  }
}

async function writeAndCheck(codec: CompressionCodec, params: string, partitions = 2) {
  const topic = await createTopic(`velo-compress-${codec}`, partitions);
  topics.push(topic);
  const sink = await createSink(`kafka://${BROKERS}/${topic}?compression=${codec}&${params}`);
  const columns = ['_key', 'id', 'amount', 'note'];
  await sink.writeBatch(columns, records.slice(0, 150));
  await sink.writeBatch(columns, records.slice(150));
  if (params.includes('exactly_once')) await (sink as KafkaSink).commitTransaction([]);
  await sink.close();
  expect(await readBack(topic)).toEqual(expected());
  const stored = await storedCodecs(topic, partitions);
  // transactional topics also hold an uncompressed commit marker batch per partition
  const data = params.includes('exactly_once') ? stored.filter((c) => c !== 'none') : stored;
  expect(data.length).toBeGreaterThanOrEqual(partitions);
  expect(new Set(data)).toEqual(new Set([codec]));
  return stored;
}

/** The snappy forms the raw fetches of `work` decoded. */
async function snappyFormsOf(work: () => Promise<unknown>) {
  const from = snappyForms.length;
  await work();
  return new Set(snappyForms.slice(from));
}

const written: CompressionCodec[] = ['gzip', 'snappy', 'lz4'];
if (zstdCompressionAvailable) written.push('zstd');

describe.each([
  ['platformatic', 'producer.client=platformatic', 'raw'],
  ['kafkajs', 'producer.client=kafkajs', 'xerial'],
  [
    'platformatic in the producer thread',
    'producer.client=platformatic&producer.thread=true',
    'raw',
  ],
  ['kafkajs in the producer thread', 'producer.client=kafkajs&producer.thread=true', 'xerial'],
])('kafka sink compression with %s', (_, params, snappyForm) => {
  it.each(written)(
    'writes %s batches the broker stores and the source reads back',
    async (codec) => {
      const forms = await snappyFormsOf(() => writeAndCheck(codec, params));
      expect(forms).toEqual(new Set(codec === 'snappy' ? [snappyForm] : []));
    },
  );
});

describe('kafka sink compression, transactional (delivery=exactly_once, kafkajs)', () => {
  it('writes snappy and lz4 inside the transaction, markers uncompressed', async () => {
    for (const codec of ['snappy', 'lz4'] as const) {
      const stored = await writeAndCheck(
        codec,
        `delivery=exactly_once&transactional.id=${uniqueName('velo-compress-tx')}`,
      );
      expect(stored.filter((c) => c === 'none')).toHaveLength(2);
    }
  });
});

describe('kafka sink without compression', () => {
  it('stores uncompressed batches (the default)', async () => {
    const topic = await createTopic('velo-compress-none', 1);
    topics.push(topic);
    const sink = await createSink(`kafka://${BROKERS}/${topic}`);
    await sink.writeBatch(['_key', 'id', 'amount', 'note'], records);
    await sink.close();
    expect(new Set(await storedCodecs(topic, 1))).toEqual(new Set(['none']));
  });
});
