/**
 * `velo query` (the real bin, plain Node ESM, not vitest's module graph) reads topics whose
 * batches the broker stores with snappy, lz4 and zstd (topic `compression.type`, so the Java
 * codecs wrote them) against the real broker (KAFKA_BROKERS).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, expect, it } from 'vitest';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'velo.js');
const broker = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const kafka = new Kafka({ brokers: broker.split(','), logLevel: logLevel.NOTHING });
const topics: string[] = [];

afterAll(async () => {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics }).catch(() => undefined);
  await admin.disconnect();
});

function velo(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it.each(['snappy', 'lz4', 'zstd'])(
  'velo query reads a topic stored with %s',
  async (codec) => {
    const topic = `velo-cli-${codec}-${randomUUID().slice(0, 8)}`;
    topics.push(topic);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic, numPartitions: 1, configEntries: [{ name: 'compression.type', value: codec }] },
      ],
    });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      acks: -1,
      messages: [1, 2, 3].map((id) => ({ value: `{"id":${id},"price":${id}.25}` })),
    });
    await producer.disconnect();
    const r = await velo(
      'query',
      `SELECT id, price * 2 AS doubled FROM 'kafka://${broker}/${topic}?offset=earliest'`,
      '--limit',
      '3',
    );
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      [
        '{"id":1,"doubled":"2.50"}',
        '{"id":2,"doubled":"4.50"}',
        '{"id":3,"doubled":"6.50"}',
        '',
      ].join('\n'),
    );
    expect(r.code).toBe(0);
  },
  120_000,
);
