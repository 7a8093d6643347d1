/**
 * End-to-end latency of a running job (issue 7): a Kafka → filter/project → Kafka job on one
 * worker process, input produced at a steady rate (default 10k records/s) with each record's
 * send time in it; a reader on the output topic takes `receive time − send time` per record:
 * the time from the event being produced to Kafka to its output record being visible in the
 * sink topic, checkpoints on. Producer, broker, worker and reader share this machine.
 */
import { Kafka, Partitioners } from 'kafkajs';
import { createJob, prisma, unique } from '../test/db-fixtures.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from '../test/worker-process.ts';

export interface LatencyOptions {
  brokers: string;
  teamId: string;
  /** Records per second produced. */
  rate: number;
  /** Measured seconds (after the warm-up). */
  seconds: number;
  warmupSeconds: number;
  checkpointIntervalMs: number;
  workers: WorkerProcess[];
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

export async function measureLatency(o: LatencyOptions) {
  const kafka = new Kafka({
    clientId: 'velo-bench-latency',
    brokers: o.brokers.split(','),
    logLevel: 0,
  });
  const admin = kafka.admin();
  await admin.connect();
  const input = unique('bench-lat-in');
  const output = unique('bench-lat-out');
  await admin.createTopics({
    topics: [
      { topic: input, numPartitions: 1 },
      { topic: output, numPartitions: 1 },
    ],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const sql = `CREATE STREAM kept AS SELECT id, sent, amount * 2 AS doubled
FROM 'kafka://${o.brokers}/${input}?group_id=${unique('g')}'
WHERE amount >= 0.00 INTO 'kafka://${o.brokers}/${output}'`;
  const jobId = await createJob(o.teamId, sql, { desiredState: 'RUNNING' });
  const worker = spawnWorker(unique('bench-lat'), {
    WORKER_TEAMS: o.teamId,
    WORKER_LEASE_MS: '15000',
    WORKER_CHECKPOINT_INTERVAL_MS: String(o.checkpointIntervalMs),
    LOG_LEVEL: 'warn',
  });
  o.workers.push(worker);
  // One record first: the job samples its schema from the topic before it runs.
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  await producer.send({
    topic: input,
    acks: 1,
    messages: [{ value: `{"id":-1,"sent":${Date.now()},"amount":1.05}` }],
  });
  await waitUntil(
    'job RUNNING',
    async () =>
      (await prisma.job.findUniqueOrThrow({ where: { id: jobId } })).actualState === 'RUNNING',
    180_000,
    50,
  );

  const latencies: number[] = [];
  let received = 0;
  const measureFrom = { id: Number.POSITIVE_INFINITY };
  const reader = kafka.consumer({ groupId: unique('bench-lat-reader'), maxWaitTimeInMs: 100 });
  await reader.connect();
  await reader.subscribe({ topic: output, fromBeginning: true });
  await reader.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) {
        const r = JSON.parse(String(m.value)) as { id: number; sent: number };
        received++;
        if (r.id >= measureFrom.id) latencies.push(now - r.sent);
      }
    },
  });

  // The same measure on the input topic: what producer, broker and a kafkajs reader alone cost
  // on this machine (the job's share is the difference).
  const direct: number[] = [];
  const inputReader = kafka.consumer({ groupId: unique('bench-lat-direct'), maxWaitTimeInMs: 100 });
  await inputReader.connect();
  await inputReader.subscribe({ topic: input, fromBeginning: true });
  await inputReader.run({
    eachBatch: async ({ batch }) => {
      const now = Date.now();
      for (const m of batch.messages) {
        const r = JSON.parse(String(m.value)) as { id: number; sent: number };
        if (r.id >= measureFrom.id) direct.push(now - r.sent);
      }
    },
  });

  // Steady rate: every 5 ms, send what is due since the start.
  const total = o.rate * (o.warmupSeconds + o.seconds);
  measureFrom.id = o.rate * o.warmupSeconds;
  const started = Date.now();
  let sent = 0;
  let sends = 0;
  while (sent < total) {
    // At most 1,000 records a send (a late loop catches up in several sends, under the
    // broker's message size limit).
    const due = Math.min(total, sent + 1000, Math.floor(((Date.now() - started) / 1000) * o.rate));
    if (due > sent) {
      const now = Date.now();
      const messages = [];
      for (let i = sent; i < due; i++)
        messages.push({ value: `{"id":${i},"sent":${now},"amount":${(i % 1000) / 10 + 0.05}}` });
      sent = due;
      sends++;
      await producer.send({ topic: input, acks: 1, messages });
    } else await new Promise((r) => setTimeout(r, 5));
  }
  const produceSeconds = (Date.now() - started) / 1000;
  await waitUntil('all output read', () => received >= total + 1, 120_000, 50);
  await reader.disconnect();
  await inputReader.disconnect();
  await producer.disconnect();
  await prisma.job.update({ where: { id: jobId }, data: { desiredState: 'STOPPED' } });
  const checkpoints = await prisma.checkpoint.findMany({ where: { jobId } });
  await worker.stop();

  const sorted = [...latencies].sort((a, b) => a - b);
  const directSorted = [...direct].sort((a, b) => a - b);
  return {
    job: 'Kafka → filter/project → Kafka, 1 partition, one worker',
    rate: o.rate,
    achievedRate: Math.round(total / produceSeconds),
    producerSendsPerSecond: Math.round(sends / produceSeconds),
    warmupSeconds: o.warmupSeconds,
    measuredRecords: sorted.length,
    checkpointIntervalMs: o.checkpointIntervalMs,
    checkpointsKept: checkpoints.length,
    maxCheckpointDurationMs: Math.max(0, ...checkpoints.map((c) => c.durationMs)),
    latencyMs: {
      p50: quantile(sorted, 0.5),
      p90: quantile(sorted, 0.9),
      p99: quantile(sorted, 0.99),
      p999: quantile(sorted, 0.999),
      max: sorted[sorted.length - 1],
    },
    targetP99Ms: 50,
    /** Producer → broker → reader on the input topic, no job: the floor on this machine. */
    brokerOnlyLatencyMs: {
      p50: quantile(directSorted, 0.5),
      p99: quantile(directSorted, 0.99),
      max: directSorted[directSorted.length - 1],
    },
    note: 'send time is taken once per producer send (a batch of the records due in ~5 ms); the output is read by a kafkajs consumer on the same machine',
  };
}
