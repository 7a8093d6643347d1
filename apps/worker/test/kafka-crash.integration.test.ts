/**
 * Kafka → filter/project → Kafka under kill -9 of the owning worker while records arrive:
 * nothing is lost (offsets are committed only after the checkpoint that covers them); records
 * after the last checkpoint may be written twice (at-least-once, no Kafka transactions yet) —
 * the test counts and reports those duplicates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeAll,
  createTopic,
  deleteTopic,
  kafka,
  produce,
  uniqueName,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { createJob, createTeam, prisma, unique } from './db-fixtures.ts';
import { spawnWorker, type WorkerProcess, waitUntil } from './worker-process.ts';

const BROKERS = process.env.KAFKA_BROKERS ?? '127.0.0.1:9092';
const LEASE_MS = 3000;
const TOTAL = 8000;
const workers: WorkerProcess[] = [];
const topics: string[] = [];
let teamId: string;

beforeAll(async () => {
  teamId = await createTeam();
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const topic of topics) await deleteTopic(topic);
  await prisma.$disconnect();
});

describe('Kafka → Kafka under kill -9', () => {
  it('loses nothing; duplicates are counted', async () => {
    const input = await createTopic('velo-crash-in', 1);
    const output = await createTopic('velo-crash-out', 1);
    topics.push(input, output);
    const sql = `CREATE STREAM kept AS
SELECT id, amount FROM 'kafka://${BROKERS}/${input}?group_id=${uniqueName('g')}'
WHERE amount >= 0.00
INTO 'kafka://${BROKERS}/${output}';`;
    const jobId = await createJob(teamId, sql, { desiredState: 'RUNNING' });
    const env = { WORKER_TEAMS: teamId, WORKER_LEASE_MS: String(LEASE_MS) };
    const a = spawnWorker(unique('ka'), env);
    const b = spawnWorker(unique('kb'), env);
    workers.push(a, b);
    const first = await waitUntil(
      'RUNNING',
      async () => {
        const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
        return job.actualState === 'RUNNING' ? job : null;
      },
      40_000,
    );
    // 8000 records over ~8 s; the owner dies after ~3 s.
    let produced = 0;
    const producing = (async () => {
      while (produced < TOTAL) {
        const batch = Array.from({ length: 200 }, (_, i) => {
          const id = produced + i;
          return { value: `{"id":${id},"amount":${(id % 100) + 0.25}}` };
        });
        await produce(input, batch);
        produced += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const owner = first.ownerWorkerId === a.id ? a : b;
    owner.signal('SIGKILL');
    await owner.exited;
    await producing;
    // Everything the topic holds once it stops growing (duplicates make it longer than TOTAL).
    const admin = kafka.admin();
    await admin.connect();
    const size = async () =>
      (await admin.fetchTopicOffsets(output)).reduce((sum, p) => sum + Number(p.high), 0);
    let last = -1;
    await waitUntil(
      'output complete and quiet',
      async () => {
        const now = await size();
        const quiet = now >= TOTAL && now === last;
        last = now;
        return quiet;
      },
      90_000,
      1500,
    );
    await admin.disconnect();
    const all = await consumeAll(output, last, 60_000);
    const ids = all.map((m) => (JSON.parse(m.value?.toString() ?? '{}') as { id: number }).id);
    const distinct = new Set(ids);
    const lost = Array.from({ length: TOTAL }, (_, i) => i).filter((id) => !distinct.has(id));
    console.info(
      `kafka crash: ${TOTAL} in, ${all.length} out, ${distinct.size} distinct, ${lost.length} lost, ${all.length - distinct.size} duplicates`,
    );
    expect(lost).toEqual([]);
    expect(distinct.size).toBe(TOTAL);
    const sample = JSON.parse(all[0].value?.toString() ?? '{}');
    expect(Object.keys(sample)).toEqual(['id', 'amount']);
    const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.leaseEpoch).toBe(first.leaseEpoch + 1);
  }, 180_000);
});
