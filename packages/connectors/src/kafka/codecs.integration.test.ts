/**
 * Topics written with every Kafka compression codec, read through the Velo Kafka source against
 * the real broker (KAFKA_BROKERS). Batches come from three writers: @platformatic/kafka (raw
 * Snappy block, LZ4 frame), kafkajs with the codecs registered here (xerial Snappy, LZ4 frame;
 * the broker decompresses them to validate), and the broker itself recompressing into a topic
 * whose `compression.type` differs (the Java codecs: snappy-java's xerial stream, Kafka's LZ4
 * frame, zstd-jni) — the only zstd writer on Node 20. A counting wrapper around kafkajs's codec
 * table shows which codec decoded the batches read.
 */
import { Producer as PlatformaticProducer } from '@platformatic/kafka';
import type { EngineRecord } from '@velo/engine';
import { CompressionCodecs, CompressionTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSource } from '../registry.ts';
import { isXerialSnappy, registerKafkaCodecs } from './codecs.ts';
import { BROKERS, deleteTopic, kafka, readUntil, uniqueName } from './test-support.ts';

const topics: string[] = [];
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
});

type Codec = { decompress(b: Buffer): Promise<Buffer> };
const decoded = new Map<number, number>();
let xerialBatches = 0;
let rawSnappyBatches = 0;

beforeAll(() => {
  registerKafkaCodecs();
  const table = CompressionCodecs as Record<number, () => Codec>;
  for (const type of [
    CompressionTypes.GZIP,
    CompressionTypes.Snappy,
    CompressionTypes.LZ4,
    CompressionTypes.ZSTD,
  ]) {
    const inner = table[type];
    table[type] = () => {
      const codec = inner();
      return {
        ...codec,
        async decompress(b: Buffer) {
          decoded.set(type, (decoded.get(type) ?? 0) + 1);
          if (type === CompressionTypes.Snappy) {
            if (isXerialSnappy(b)) xerialBatches++;
            else rawSnappyBatches++;
          }
          return codec.decompress(b);
        },
      };
    };
  }
});

async function topic(prefix: string, compressionType?: string): Promise<string> {
  const name = uniqueName(prefix);
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        {
          topic: name,
          numPartitions: 1,
          replicationFactor: 1,
          configEntries: compressionType
            ? [{ name: 'compression.type', value: compressionType }]
            : [],
        },
      ],
    });
  } finally {
    await admin.disconnect();
  }
  topics.push(name);
  return name;
}

/** 300 JSON records, repetitive enough that every codec really compresses them. */
const N = 300;
function values(): string[] {
  return Array.from(
    { length: N },
    (_, i) =>
      `{"id":${i},"amount":${i}.${String(i % 100).padStart(2, '0')},"note":"order ${i} of ${N}, compressed"}`,
  );
}

async function readAll(name: string): Promise<{ id: unknown; amount: string; key: unknown }[]> {
  const source = await createSource(`kafka://${BROKERS}/${name}?group_id=${uniqueName('g')}`);
  try {
    const read = await readUntil(source, N);
    expect(read.deadLetters).toEqual([]);
    return read.records.map((r: EngineRecord) => ({
      id: r.fields.id,
      amount: String(r.fields.amount),
      key: r.key,
    }));
  } finally {
    await source.close();
  }
}

function expected() {
  return Array.from({ length: N }, (_, i) => ({
    id: BigInt(i),
    amount: `${i}.${String(i % 100).padStart(2, '0')}`,
    key: `k-${i}`,
  }));
}

async function produceWithPlatformatic(name: string, compression: 'snappy' | 'lz4' | 'gzip') {
  const producer = new PlatformaticProducer<Buffer, Buffer, Buffer, Buffer>({
    clientId: 'velo-codec-tests',
    bootstrapBrokers: BROKERS.split(','),
    acks: -1,
  });
  try {
    await producer.send({
      compression,
      messages: values().map((v, i) => ({
        topic: name,
        key: Buffer.from(`k-${i}`),
        value: Buffer.from(v),
      })),
    });
  } finally {
    await producer.close();
  }
}

async function produceWithKafkaJs(name: string, compression: CompressionTypes) {
  const producer = kafka.producer();
  await producer.connect();
  try {
    await producer.send({
      topic: name,
      acks: -1,
      compression,
      messages: values().map((v, i) => ({ key: `k-${i}`, value: v })),
    });
  } finally {
    await producer.disconnect();
  }
}

describe('kafka source reads every compression codec', () => {
  it('snappy from @platformatic/kafka (one raw Snappy block)', async () => {
    const name = await topic('velo-codec-snappy-raw');
    await produceWithPlatformatic(name, 'snappy');
    const before = rawSnappyBatches;
    expect(await readAll(name)).toEqual(expected());
    expect(rawSnappyBatches).toBeGreaterThan(before);
  });

  it('lz4 from @platformatic/kafka (LZ4 frame)', async () => {
    const name = await topic('velo-codec-lz4');
    await produceWithPlatformatic(name, 'lz4');
    const before = decoded.get(CompressionTypes.LZ4) ?? 0;
    expect(await readAll(name)).toEqual(expected());
    expect(decoded.get(CompressionTypes.LZ4)).toBeGreaterThan(before);
  });

  it('snappy and lz4 written by kafkajs with these codecs (the broker validates them)', async () => {
    for (const type of [CompressionTypes.Snappy, CompressionTypes.LZ4]) {
      const name = await topic(`velo-codec-kjs-${type}`);
      await produceWithKafkaJs(name, type);
      const before = decoded.get(type) ?? 0;
      const xerialBefore = xerialBatches;
      expect(await readAll(name)).toEqual(expected());
      expect(decoded.get(type)).toBeGreaterThan(before);
      if (type === CompressionTypes.Snappy) expect(xerialBatches).toBeGreaterThan(xerialBefore);
    }
  });

  it.each([
    ['snappy', CompressionTypes.Snappy],
    ['lz4', CompressionTypes.LZ4],
    ['zstd', CompressionTypes.ZSTD],
  ] as const)(
    '%s recompressed by the broker (topic compression.type, Java codecs)',
    async (codec, type) => {
      const name = await topic(`velo-codec-broker-${codec}`, codec);
      await produceWithKafkaJs(name, CompressionTypes.None);
      const before = decoded.get(type) ?? 0;
      const xerialBefore = xerialBatches;
      expect(await readAll(name)).toEqual(expected());
      expect(decoded.get(type)).toBeGreaterThan(before);
      if (type === CompressionTypes.Snappy) expect(xerialBatches).toBeGreaterThan(xerialBefore);
    },
  );
});
