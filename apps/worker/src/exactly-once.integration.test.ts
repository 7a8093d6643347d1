/**
 * Restoring an exactly-once Kafka job (real PostgreSQL, real broker): the checkpoint chosen is
 * the newest whose Kafka positions the sink's transactions committed. The crash window this
 * covers is too narrow to hit reliably with kill -9 (after the checkpoint row is stored, before
 * the transaction commits), so the test builds that state directly: checkpoint rows as the
 * worker writes them, and transactions committed through the sink as the worker commits them.
 */
import { createSink, type KafkaSink } from '@velo/connectors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BROKERS,
  createTopic,
  deleteTopic,
} from '../../../packages/connectors/src/kafka/test-support.ts';
import { createJob, createTeam, prisma } from '../test/db-fixtures.ts';
import { encodeCheckpoint } from './checkpoint-store.ts';
import {
  commitExactlyOnce,
  ExactlyOnceRestoreError,
  exactlyOnceSinks,
  loadExactlyOnceCheckpoint,
} from './exactly-once.ts';

const topics: string[] = [];
let teamId: string;
beforeAll(async () => {
  teamId = await createTeam();
});
afterAll(async () => {
  for (const t of topics) await deleteTopic(t);
  await prisma.$disconnect();
});

const noConnection = async () => undefined;

describe('exactly-once restore', () => {
  it('derives a transactional id per job, task and sink from WITH or the URI', () => {
    const sql = `CREATE STREAM a AS SELECT x FROM 'kafka://h:9092/in' INTO 'kafka://h:9092/out' WITH ('delivery' = 'exactly_once');
CREATE STREAM b AS SELECT x FROM 'kafka://h:9092/in' INTO 'kafka://h:9092/out2?delivery=exactly_once&transactional.id=mine';
CREATE STREAM c AS SELECT x FROM 'kafka://h:9092/in' INTO 'kafka://h:9092/plain';`;
    expect([...exactlyOnceSinks(sql, 'job1')]).toEqual([
      [
        'kafka://h:9092/out',
        'kafka://h:9092/out?delivery=exactly_once&transactional.id=velo-job1-t0-s0',
      ],
      [
        'kafka://h:9092/out2?delivery=exactly_once&transactional.id=mine',
        'kafka://h:9092/out2?delivery=exactly_once&transactional.id=mine',
      ],
    ]);
  });

  it('skips a checkpoint stored just before a crash whose transaction never committed', async () => {
    const input = await createTopic('velo-eo-restore-in', 2);
    const output = await createTopic('velo-eo-restore-out', 1);
    topics.push(input, output);
    const source = `'kafka://${BROKERS}/${input}'`;
    const sql = `CREATE STREAM s AS SELECT id FROM ${source} INTO 'kafka://${BROKERS}/${output}' WITH ('delivery' = 'exactly_once');`;
    const jobId = await createJob(teamId, sql);
    const [sinkUri] = [...exactlyOnceSinks(sql, jobId).values()];
    const run = await prisma.jobRun.create({ data: { jobId, version: 1, workerId: 'w' } });
    const store = async (epoch: number, offsets: Record<string, string>) => {
      const positions = { [source]: { topic: input, offsets } };
      const blob = encodeCheckpoint({ epoch, positions, state: { epoch }, version: 1 });
      await prisma.checkpoint.create({
        data: {
          jobId,
          runId: run.id,
          epoch,
          sourcePosition: positions,
          stateBlob: new Uint8Array(blob),
        },
      });
      return positions;
    };
    const load = () => loadExactlyOnceCheckpoint(prisma, jobId, [sinkUri], noConnection);

    // stored, crash before the commit: nothing committed yet → start from scratch
    await store(1, { 0: '5', 1: '0' });
    expect(await load()).toBeNull();

    const sink = (await createSink(sinkUri)) as KafkaSink;
    try {
      await sink.writeBatch(['id'], [{ fields: { id: 1n }, eventTime: 0 }]);
      const second = await store(2, { 0: '10', 1: '3' });
      expect(await commitExactlyOnce({ out: sink }, second)).toBe(1);
      expect((await load())?.epoch).toBe(2);
      // checkpoint 3 stored, its transaction never committed: restore from 2
      await sink.writeBatch(['id'], [{ fields: { id: 2n }, eventTime: 0 }]);
      await store(3, { 0: '12', 1: '3' });
      const restored = await load();
      expect(restored?.epoch).toBe(2);
      expect(restored?.checkpoint.positions).toEqual(second);
    } finally {
      await sink.close();
    }

    // committed offsets no stored checkpoint has: refuse rather than guess
    await prisma.checkpoint.deleteMany({ where: { jobId, epoch: 2 } });
    await expect(load()).rejects.toThrow(ExactlyOnceRestoreError);
    await expect(load()).rejects.toThrow(
      "no stored checkpoint matches the offsets committed by the job's Kafka transactions (checkpoints 3, 1); restart the job without state",
    );
  });
});
