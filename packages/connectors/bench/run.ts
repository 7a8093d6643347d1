/**
 * Kafka connector benchmark (`npm run bench:connectors`): one Node process against the local
 * broker (KAFKA_BROKERS, default 127.0.0.1:9092). Measures, as records/s and CPU-seconds per
 * million records (median of the passes):
 *   - the clients' own ceiling: kafkajs and @platformatic/kafka produce-only (pre-encoded values,
 *     idempotent, acks=all, 1,000 messages per send), kafkajs consume-only (eachBatch, counting);
 *   - the connectors: KafkaSink (engine records → JSON/Avro → Kafka; JSON also with each
 *     `compression=` codec) and KafkaSource
 *     (Kafka → JSON/Avro → engine records);
 *   - Kafka → filter/project → Kafka through the runtime's run loop (runProgram), JSON and Avro,
 *     with the sink's producer from @platformatic/kafka (the default) or kafkajs
 *     (`producer.client=kafkajs`), in this thread or a worker thread (`producer.thread=true`);
 *   - where the time goes: decode, encode and engine CPU in memory, without Kafka.
 * Results: packages/connectors/bench/results/connectors.json.
 *
 *   npm run bench:connectors -- [--records N] [--passes P] [--only TEXT]
 *
 * `--only TEXT` runs just the steps whose name contains TEXT (e.g. `--only 'runtime JSON:'`) and
 * prints them without writing the results file; `--profile DIR` writes a CPU profile of this
 * thread per timed step there (open it in Chrome DevTools or speedscope).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { compatibilityPartitioner, Producer } from '@platformatic/kafka';
import { compile, createPipeline, type EngineRecord, inferSchema } from '@velo/engine';
import { runProgram } from '@velo/runtime';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { avroDecoder, avroEncoder } from '../src/kafka/formats/avro.ts';
import { jsonDecoder, jsonEncoder } from '../src/kafka/formats/codec.ts';
import { createSink, createSource } from '../src/registry.ts';
import {
  expectedOutputCount,
  ORDER_SCHEMA,
  OUTPUT_SCHEMA,
  orderJson,
  orderRecord,
  writeSchema,
} from './data.ts';
import { type Measured, measured, median } from './measure.ts';

const here = dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    passes: { type: 'string', default: '3' },
    only: { type: 'string' },
    profile: { type: 'string' },
  },
});
const N = Number(values.records);
const PASSES = Number(values.passes);
const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const PARTITIONS = 4;
const BATCH = 4096;
const run = Date.now().toString(36);
let topicSeq = 0;

const kafka = new Kafka({
  clientId: 'velo-bench',
  brokers: BROKERS.split(','),
  logLevel: logLevel.NOTHING,
});
const admin = kafka.admin();

async function newTopic(name: string): Promise<string> {
  const topic = `velo-bench-${run}-${name}-${topicSeq++}`;
  await admin.createTopics({
    waitForLeaders: true,
    topics: [{ topic, numPartitions: PARTITIONS, replicationFactor: 1 }],
  });
  created.push(topic);
  return topic;
}
const created: string[] = [];

async function highWatermarkSum(topic: string): Promise<number> {
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((n, o) => n + Number(o.high), 0);
}

const COLUMNS = ['id', 'customer', 'symbol', 'amount', 'quantity', 'ts', 'channel', 'note'];
const schemaIn = join(tmpdir(), `velo-bench-${run}-in.avsc`);
const schemaOut = join(tmpdir(), `velo-bench-${run}-out.avsc`);
writeSchema(schemaIn, ORDER_SCHEMA);
writeSchema(schemaOut, OUTPUT_SCHEMA);
const avroIn = `format=avro&avro.schema.file=${encodeURIComponent(schemaIn)}`;
const avroOut = `format=avro&avro.schema.file=${encodeURIComponent(schemaOut)}`;
/** The sink's producer in a worker thread (CPU-seconds count every thread). */
const THREAD = 'producer.thread=true';
const KAFKAJS = 'producer.client=kafkajs';

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

let rawTopic = '';
async function produceRaw(values: Buffer[]): Promise<Measured> {
  const topic = await newTopic('raw');
  rawTopic = topic;
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  const m = await measured(
    'kafkajs produce-only (pre-encoded JSON, 1,000 per send)',
    N,
    async () => {
      for (const part of chunks(values, 1000)) {
        await producer.send({ topic, acks: -1, messages: part.map((value) => ({ value })) });
      }
      return undefined;
    },
  );
  await producer.disconnect();
  return m;
}

async function produceRawPlatformatic(values: Buffer[]): Promise<Measured> {
  const topic = await newTopic('raw-platformatic');
  const producer = new Producer({
    clientId: 'velo-bench',
    bootstrapBrokers: BROKERS.split(','),
    idempotent: true,
    acks: -1,
    partitioner: compatibilityPartitioner,
  });
  const m = await measured(
    '@platformatic/kafka produce-only (pre-encoded JSON, 1,000 per send)',
    N,
    async () => {
      for (const part of chunks(values, 1000)) {
        await producer.send({ messages: part.map((value) => ({ topic, value })) });
      }
      return undefined;
    },
  );
  await producer.close();
  return m;
}

async function consumeRaw(topic: string): Promise<Measured> {
  const consumer = kafka.consumer({
    groupId: `velo-bench-${run}-${topicSeq++}`,
    maxWaitTimeInMs: 250,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const m = await measured(
    'kafkajs consume-only (eachBatch, counting; includes the group join)',
    N,
    async () => {
      let seen = 0;
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachBatch: async ({ batch }) => {
            seen += batch.messages.length;
            if (seen >= N) resolve();
          },
        });
      });
      return seen;
    },
  );
  await consumer.disconnect();
  return m;
}

async function sinkWrite(
  name: string,
  params: string,
  records: EngineRecord[],
): Promise<{ m: Measured; topic: string }> {
  const topic = await newTopic(name.split(',')[0]);
  const sink = await createSink(`kafka://${BROKERS}/${topic}${params ? `?${params}` : ''}`);
  const m = await measured(`KafkaSink ${name} (engine records → encode → Kafka)`, N, async () => {
    for (const part of chunks(records, BATCH)) await sink.writeBatch(COLUMNS, part);
    await sink.flush();
    return undefined;
  });
  await sink.close();
  const written = await highWatermarkSum(topic);
  if (written !== N) throw new Error(`${name}: wrote ${written} of ${N}`);
  return { m, topic };
}

async function sourceRead(name: string, topic: string, params: string): Promise<Measured> {
  const source = await createSource(
    `kafka://${BROKERS}/${topic}?group_id=velo-bench-${run}-${topicSeq++}${params ? `&${params}` : ''}`,
  );
  const m = await measured(
    `KafkaSource ${name} (Kafka → ${name} → engine records; includes the group join)`,
    N,
    async () => {
      let seen = 0;
      while (seen < N) {
        const b = await source.readBatch(BATCH);
        if (b.deadLetters.length > 0) throw new Error(b.deadLetters[0].reason);
        seen += b.records.length;
      }
      return seen;
    },
  );
  await source.close();
  return m;
}

async function pipeline(
  name: string,
  input: string,
  inParams: string,
  outParams: string,
): Promise<Measured> {
  const output = await newTopic(`${name.split(',')[0]}-out`);
  const src = `kafka://${BROKERS}/${input}?group_id=velo-bench-${run}-${topicSeq++}${inParams ? `&${inParams}` : ''}`;
  const dst = `kafka://${BROKERS}/${output}${outParams ? `?${outParams}` : ''}`;
  const sql = `CREATE STREAM big_orders AS
    SELECT id, customer, amount * quantity AS total, ts
    FROM '${src}'
    WHERE amount > 100.00
    INTO '${dst}'`;
  const sample = [orderRecord(0), orderRecord(1)];
  if (name.startsWith('JSON'))
    for (const r of sample) r.fields.ts = BigInt((r.fields.ts as { ms: number }).ms);
  const compiled = compile(sql, { schemas: { [src]: inferSchema(sample) } });
  if (!compiled.ok || !compiled.program)
    throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  const source = await createSource(src);
  const sink = await createSink(dst);
  let deadLetters = 0;
  const m = await measured(
    `runtime ${name}: Kafka → WHERE amount > 100.00, project → Kafka (runProgram; includes the group join)`,
    N,
    async () => {
      const summary = await runProgram({
        program: compiled.program!,
        sources: { [src]: source },
        sinks: { [dst]: sink },
        limits: { maxRecords: N },
        checkpoint: { onStop: true },
        onDeadLetter: (d) => {
          deadLetters++;
          if (deadLetters === 1) console.error(`dead letter: ${d.kind} ${d.reason}`);
        },
      });
      return summary.metrics.recordsIn;
    },
  );
  await source.close();
  await sink.close();
  const written = await highWatermarkSum(output);
  const expected = expectedOutputCount(N);
  if (written !== expected)
    throw new Error(`${name} pipeline wrote ${written} rows, expected ${expected}`);
  return m;
}

async function inMemory(
  records: EngineRecord[],
  json: Buffer[],
  avro: Buffer[],
): Promise<Measured[]> {
  const avroIn = await avroDecoder({ schemaFile: schemaIn, subject: '' });
  const avroEnc = await avroEncoder({ schemaFile: schemaIn, subject: '' });
  const out: Measured[] = [];
  out.push(
    await median(PASSES, () =>
      measured('decode JSON (engine readJsonLines), in memory', N, () => {
        for (const part of chunks(json, BATCH)) jsonDecoder.decode(part);
        return undefined;
      }),
    ),
  );
  out.push(
    await median(PASSES, () =>
      measured('encode JSON (engine row writer), in memory', N, () => {
        for (const part of chunks(records, BATCH)) jsonEncoder.encode(COLUMNS, part);
        return undefined;
      }),
    ),
  );
  out.push(
    await median(PASSES, () =>
      measured('decode Avro, in memory', N, async () => {
        for (const part of chunks(avro, BATCH)) await avroIn.decode(part);
        return undefined;
      }),
    ),
  );
  out.push(
    await median(PASSES, () =>
      measured('encode Avro, in memory', N, async () => {
        for (const part of chunks(records, BATCH)) await avroEnc.encode(COLUMNS, part);
        return undefined;
      }),
    ),
  );
  const sql = `SELECT id, customer, amount * quantity AS total, ts FROM orders WHERE amount > 100.00`;
  const compiled = compile(sql, {
    schemas: { orders: inferSchema(records.slice(0, 100)) },
    boundSources: ['orders'],
  });
  if (!compiled.ok || !compiled.program) throw new Error('bench SQL does not compile');
  out.push(
    await median(PASSES, () =>
      measured('engine filter/project only, in memory', N, () => {
        const p = createPipeline(compiled.program!);
        for (const part of chunks(records, BATCH)) {
          p.push(
            'orders',
            part.map((r) => ({ fields: r.fields, eventTime: r.eventTime })),
          );
          p.takeOutput();
        }
        return undefined;
      }),
    ),
  );
  return out;
}

/** Runs `work` under the V8 profiler of this thread; writes DIR/<label>.cpuprofile. */
async function profiled<T>(dir: string, label: string, work: () => Promise<T>): Promise<T> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  try {
    return await work();
  } finally {
    const { profile } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${label.replace(/[^A-Za-z0-9]+/g, '-')}.cpuprofile`);
    writeFileSync(file, JSON.stringify(profile));
    console.log(`profile: ${file}`);
    session.disconnect();
  }
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0];
  await admin.connect();
  const records = Array.from({ length: N }, (_, i) => orderRecord(i));
  // upstream JSON (decimals as numbers), the input of the JSON reads and pipelines
  const json = Array.from({ length: N }, (_, i) => Buffer.from(orderJson(i)));
  const avroEnc = await avroEncoder({ schemaFile: schemaIn, subject: '' });
  const avro = (await avroEnc.encode(COLUMNS, records)) as Buffer[];
  const avgJson = Math.round(json.reduce((n, b) => n + b.length, 0) / N);
  const avgAvro = Math.round(avro.reduce((n, b) => n + b.length, 0) / N);
  const results: Measured[] = [];
  const step = async (label: string, m: () => Promise<Measured>) => {
    if (values.only !== undefined && !label.includes(values.only)) return;
    const r = values.profile ? await profiled(values.profile, label, m) : await m();
    results.push(r);
    console.log(
      `${r.recordsPerSecond.toString().padStart(8)} rec/s  ${r.cpuSecondsPerMillion.toFixed(2).padStart(6)} cpu-s/M  ${r.name}`,
    );
  };
  const timed = (label: string, run: () => Promise<Measured>) =>
    step(label, () => median(PASSES, run));
  try {
    await timed('kafkajs produce-only', () => produceRaw(json));
    // the inputs of the reads and pipelines, written untimed when --only skips their steps
    if (!rawTopic) await produceRaw(json);
    const jsonTopic = rawTopic;
    await timed('@platformatic/kafka produce-only', () => produceRawPlatformatic(json));
    let avroTopic = '';
    await timed('KafkaSink JSON', async () => (await sinkWrite('JSON', '', records)).m);
    await timed(
      'KafkaSink JSON, kafkajs',
      async () => (await sinkWrite('JSON, kafkajs', KAFKAJS, records)).m,
    );
    await timed(
      'KafkaSink JSON, producer thread',
      async () => (await sinkWrite('JSON, producer thread', THREAD, records)).m,
    );
    for (const codec of ['gzip', 'snappy', 'lz4']) {
      await timed(
        `KafkaSink JSON, ${codec}`,
        async () => (await sinkWrite(`JSON, ${codec}`, `compression=${codec}`, records)).m,
      );
    }
    await timed('KafkaSink Avro', async () => {
      const { m, topic } = await sinkWrite('Avro', avroIn, records);
      avroTopic = topic;
      return m;
    });
    if (!avroTopic) avroTopic = (await sinkWrite('Avro', avroIn, records)).topic;
    await timed('kafkajs consume-only', () => consumeRaw(jsonTopic));
    await timed('KafkaSource JSON', () => sourceRead('JSON', jsonTopic, ''));
    await timed('KafkaSource Avro', () => sourceRead('Avro', avroTopic, avroIn));
    await timed('runtime JSON:', () => pipeline('JSON', jsonTopic, '', ''));
    await timed('runtime JSON, kafkajs:', () => pipeline('JSON, kafkajs', jsonTopic, '', KAFKAJS));
    await timed('runtime Avro:', () => pipeline('Avro', avroTopic, avroIn, avroOut));
    await timed('runtime Avro, kafkajs:', () =>
      pipeline('Avro, kafkajs', avroTopic, avroIn, `${avroOut}&${KAFKAJS}`),
    );
    await timed('runtime JSON, producer thread:', () =>
      pipeline('JSON, producer thread', jsonTopic, '', THREAD),
    );
    await timed('runtime JSON, kafkajs producer thread:', () =>
      pipeline('JSON, kafkajs producer thread', jsonTopic, '', `${THREAD}&${KAFKAJS}`),
    );
    await timed('runtime Avro, producer thread:', () =>
      pipeline('Avro, producer thread', avroTopic, avroIn, `${avroOut}&${THREAD}`),
    );
    if (values.only === undefined || /memory|decode|encode|engine/.test(values.only)) {
      for (const m of await inMemory(records, json, avro)) await step(m.name, async () => m);
    }
  } finally {
    for (const part of chunks(created, 50))
      await admin.deleteTopics({ topics: part }).catch(() => {});
    await admin.disconnect();
  }
  const report = {
    date: new Date().toISOString(),
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, node: process.version },
    // the 1-minute load average: other processes on the machine share its cores
    loadAverage: { before: loadBefore, after: loadavg()[0] },
    broker: BROKERS,
    records: N,
    passes: PASSES,
    partitions: PARTITIONS,
    valueBytes: { json: avgJson, avro: avgAvro },
    results,
  };
  if (values.only !== undefined) return; // a partial run does not replace the results
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results', 'connectors.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${join(here, 'results', 'connectors.json')}`);
}

await main();
