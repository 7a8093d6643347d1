/**
 * `velo query` / `velo run` against the real broker (KAFKA_BROKERS): a query ends at --limit,
 * and an unbounded run stopped with Ctrl-C flushes its Kafka sink and commits its consumer
 * group's offsets, so the next run continues where it stopped: nothing lost, nothing twice.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, expect, it } from 'vitest';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'velo.js');
const dir = mkdtempSync(join(tmpdir(), 'velo-cli-kafka-'));
const kafka = new Kafka({
  clientId: 'velo-cli-tests',
  brokers: BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();
const suffix = randomUUID().slice(0, 8);
const input = `cli-in-${suffix}`;
const output = `cli-out-${suffix}`;
const group = `cli-group-${suffix}`;
const broker = BROKERS.split(',')[0];

function start(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [bin, ...args], { cwd: dir });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (c: string) => {
    stdout += c;
  });
  child.stderr?.setEncoding('utf8').on('data', (c: string) => {
    stderr += c;
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

async function produce(from: number, to: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  const messages = [];
  for (let i = from; i <= to; i++) messages.push({ value: `{"id": ${i}, "price": 1.25}` });
  await producer.send({ topic: input, messages, acks: -1 });
  await producer.disconnect();
}

async function readOutput(expected: number): Promise<string[]> {
  const consumer = kafka.consumer({ groupId: `cli-check-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic: output, fromBeginning: true });
  const values: string[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      values.push(String(message.value));
    },
  });
  for (let i = 0; i < 100 && values.length < expected; i++)
    await new Promise((r) => setTimeout(r, 100));
  // A moment more: anything beyond `expected` would be a duplicate.
  await new Promise((r) => setTimeout(r, 1000));
  await consumer.disconnect();
  return values;
}

/** Waits until the run's consumer joined its group, lets it read, then presses Ctrl-C. */
async function runUntilCaughtUp(sqlFile: string) {
  const run = start(['run', sqlFile]);
  for (let i = 0; i < 300; i++) {
    const [described] = (await admin.describeGroups([group])).groups;
    if (described.state === 'Stable' && described.members.length > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 3000));
  run.child.kill('SIGINT');
  return run.done;
}

beforeAll(async () => {
  await admin.connect();
  await admin.createTopics({
    waitForLeaders: true,
    topics: [
      { topic: input, numPartitions: 2 },
      { topic: output, numPartitions: 1 },
    ],
  });
  await produce(1, 20);
});

afterAll(async () => {
  await admin.deleteTopics({ topics: [input, output] }).catch(() => undefined);
  await admin.disconnect();
});

it('velo query reads a topic and stops at --limit', async () => {
  const { done } = start([
    'query',
    `SELECT id, price * 2 AS doubled FROM 'kafka://${broker}/${input}?offset=earliest' WHERE id <= 3`,
    '--limit',
    '3',
  ]);
  const r = await done;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n').sort()).toEqual([
    '{"id":1,"doubled":"2.50"}',
    '{"id":2,"doubled":"2.50"}',
    '{"id":3,"doubled":"2.50"}',
  ]);
}, 120_000);

it('velo run commits its offsets on Ctrl-C; the next run continues without loss or duplicates', async () => {
  const sql = join(dir, 'copy.sql');
  writeFileSync(
    sql,
    `CREATE STREAM copy AS SELECT id, price * 2 AS doubled FROM 'kafka://${broker}/${input}?group_id=${group}&offset=earliest' INTO 'kafka://${broker}/${output}'`,
  );
  const first = await runUntilCaughtUp(sql);
  expect(first.stderr).toBe('');
  expect(first.code).toBe(0);
  const committed = await admin.fetchOffsets({ groupId: group, topics: [input] });
  const total = committed[0].partitions.reduce((n, p) => n + Number(p.offset), 0);
  expect(total).toBe(20);

  await produce(21, 25);
  const second = await runUntilCaughtUp(sql);
  expect(second.code).toBe(0);
  const rows = await readOutput(25);
  const ids = rows.map((v) => JSON.parse(v).id as number).sort((a, b) => a - b);
  expect(ids).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  expect(rows).toContain('{"id":25,"doubled":"2.50"}');
}, 180_000);
