/**
 * Which PostgreSQL sink commits its output with the checkpoints (real PostgreSQL), and the
 * checkpoint written in that sink's transaction: committed with the output under a held lease,
 * refused (FencedError) with nothing committed once the lease is gone.
 */
import { createSink, type PostgresSink } from '@velo/connectors';
import type { Sink } from '@velo/runtime';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJob, createTeam, DATABASE_URL, prisma, unique } from '../test/db-fixtures.ts';
import { FencedError, writeCheckpointIn } from './checkpoint-store.ts';
import { openRun } from './job-runs.ts';
import { claimJobs } from './lease.ts';
import { chooseCheckpointTransaction, storeCheckpoint } from './postgres-exactly-once.ts';

const base = DATABASE_URL.split('?')[0];
const url = new URL(base);
/** The same database spelled differently: the choice must not depend on the URI's text. */
const sameDbOtherHost = base.replace(`@${url.hostname}:`, '@localhost:');
/** Another database on the same server (always there). */
const otherDb = `${base.slice(0, base.lastIndexOf('/'))}/postgres`;
const db = new pg.Client({ connectionString: base });
const tables: string[] = [];
const opened: Sink[] = [];
const NOT_EXACTLY_ONCE_KAFKA = { kafkaExactlyOnce: false, repartitioned: false };

beforeAll(() => db.connect());
afterAll(async () => {
  await Promise.allSettled(opened.map((s) => s.close()));
  for (const t of tables) await db.query(`DROP TABLE IF EXISTS ${t}`);
  await db.end();
  await prisma.$disconnect();
});

async function sink(uri: string): Promise<Sink> {
  const s = await createSink(uri);
  opened.push(s);
  return s;
}

function table(): string {
  const name = `velo_pgeo_${unique('t').replace('-', '_')}`;
  tables.push(name);
  return name;
}

describe('choosing the sink that commits with the checkpoints', () => {
  it('takes the one INSERT sink in Velo’s own database, however its URI names it', async () => {
    const [mine, upsert, elsewhere, second] = [table(), table(), table(), table()];
    const sinks = {
      a: await sink(`${otherDb}?table=${elsewhere}&create=true`),
      b: await sink(`${base}?table=${upsert}&mode=upsert&key=id&create=true`),
      c: await sink(`${sameDbOtherHost}?table=${mine}&create=true`),
      d: await sink(`${base}?table=${second}&create=true`),
    };
    const choice = await chooseCheckpointTransaction(prisma, sinks, NOT_EXACTLY_ONCE_KAFKA);
    expect(choice.chosen?.sink).toBe(sinks.c);
    expect(choice.chosen?.schema).toBe('public');
    expect(choice.notes).toEqual([
      `${sinks.a.uri} is not Velo's database: at-least-once`,
      `${sinks.d.uri}: only one sink per job commits with the checkpoints; at-least-once`,
    ]);
    await db.query(`DROP TABLE IF EXISTS ${elsewhere}`).catch(() => undefined);
  });

  it('keeps a sink whose role may not write Velo’s checkpoints at-least-once', async () => {
    const role = `velo_eo_${unique('r').replace('-', '_')}`;
    const out = table();
    await db.query(`CREATE TABLE ${out} (id bigint)`);
    await db.query(`CREATE ROLE ${role} LOGIN PASSWORD 'pw-${role}'`);
    try {
      await db.query(`GRANT SELECT, INSERT ON ${out} TO ${role}`);
      const limited = `postgresql://${role}:pw-${role}@${url.host}${url.pathname}`;
      const sinks = { a: await sink(`${limited}?table=${out}`) };
      expect(await chooseCheckpointTransaction(prisma, sinks, NOT_EXACTLY_ONCE_KAFKA)).toEqual({
        chosen: null,
        notes: [`${sinks.a.uri}: its role ${role} may not write Velo's checkpoints; at-least-once`],
      });
      await sinks.a.close();
    } finally {
      await db.query(`DROP OWNED BY ${role}`);
      await db.query(`DROP ROLE ${role}`);
    }
  });

  it('keeps every INSERT sink at-least-once in a repartitioned job', async () => {
    const sinks = { a: await sink(`${base}?table=${table()}&create=true`) };
    expect(
      await chooseCheckpointTransaction(prisma, sinks, {
        kafkaExactlyOnce: false,
        repartitioned: true,
      }),
    ).toEqual({
      chosen: null,
      notes: [
        'PostgreSQL INSERT sinks stay at-least-once in a repartitioned job (its repartition topic may repeat records after a crash)',
      ],
    });
  });

  it('keeps every INSERT sink at-least-once beside exactly-once Kafka sinks', async () => {
    const sinks = { a: await sink(`${base}?table=${table()}&create=true`) };
    expect(
      await chooseCheckpointTransaction(prisma, sinks, {
        kafkaExactlyOnce: true,
        repartitioned: false,
      }),
    ).toEqual({
      chosen: null,
      notes: ['PostgreSQL INSERT sinks stay at-least-once in a job with exactly-once Kafka sinks'],
    });
  });
});

describe('a checkpoint in the sink’s transaction', () => {
  it('commits with the output while the lease is held, and commits nothing once it is gone', async () => {
    const teamId = await createTeam();
    const jobId = await createJob(teamId, "SELECT 1 AS x FROM 'datagen://orders?limit=1'", {
      desiredState: 'RUNNING',
    });
    const [claimed] = await claimJobs(prisma, 'eo-owner', 1, 60_000, [teamId]);
    const runId = await openRun(prisma, {
      jobId,
      version: 1,
      workerId: 'eo-owner',
      leaseEpoch: claimed.leaseEpoch,
      attempt: 0,
    });
    const out = table();
    const s = (await sink(`${base}?table=${out}&create=true`)) as PostgresSink;
    const choice = await chooseCheckpointTransaction(prisma, { out: s }, NOT_EXACTLY_ONCE_KAFKA);
    expect(choice.chosen?.sink).toBe(s);
    const writer = { jobId, runId, workerId: 'eo-owner', leaseEpoch: claimed.leaseEpoch, keep: 3 };
    const rows = (from: number, n: number) =>
      Array.from({ length: n }, (_, i) => ({ fields: { id: BigInt(from + i) }, eventTime: 0 }));
    const ids = async () =>
      (await db.query(`SELECT id::int AS id FROM ${out} ORDER BY id`)).rows.map((r) => r.id);

    await s.writeBatch(['id'], rows(0, 3));
    expect(await ids()).toEqual([]);
    const stored = await storeCheckpoint(
      prisma,
      choice.chosen,
      writer,
      { epoch: 1, positions: { src: 3 }, state: { n: 3 }, version: 1, recordsIn: 3 },
      performance.now(),
    );
    expect(stored.epoch).toBe(1);
    expect(await ids()).toEqual([0, 1, 2]);
    const [row] = await prisma.checkpoint.findMany({ where: { jobId } });
    expect([row.epoch, row.leaseEpoch, row.runId, row.sourcePosition, row.recordsIn]).toEqual([
      1,
      claimed.leaseEpoch,
      runId,
      { src: 3 },
      3n,
    ]);

    // another worker takes the job (the lease lapsed): the old owner's output stays invisible
    await s.writeBatch(['id'], rows(3, 2));
    await prisma.job.update({ where: { id: jobId }, data: { leaseEpoch: { increment: 1 } } });
    await expect(
      storeCheckpoint(
        prisma,
        choice.chosen,
        writer,
        { epoch: 2, positions: { src: 5 }, state: { n: 5 }, version: 1 },
        performance.now(),
      ),
    ).rejects.toBeInstanceOf(FencedError);
    expect(await ids()).toEqual([0, 1, 2]);
    expect(await prisma.checkpoint.count({ where: { jobId } })).toBe(1);
  });

  it('a writer paused inside its checkpoint commit loses its session instead of blocking the job', async () => {
    const teamId = await createTeam();
    const jobId = await createJob(teamId, "SELECT 1 AS x FROM 'datagen://orders?limit=1'", {
      desiredState: 'RUNNING',
    });
    const [claimed] = await claimJobs(prisma, 'eo-paused', 1, 60_000, [teamId]);
    const runId = await openRun(prisma, {
      jobId,
      version: 1,
      workerId: 'eo-paused',
      leaseEpoch: claimed.leaseEpoch,
      attempt: 0,
    });
    const out = table();
    const s = (await sink(`${base}?table=${out}&create=true`)) as PostgresSink;
    await chooseCheckpointTransaction(prisma, { out: s }, NOT_EXACTLY_ONCE_KAFKA);
    await s.writeBatch(['id'], [{ fields: { id: 1n }, eventTime: 0 }]);
    const writer = { jobId, runId, workerId: 'eo-paused', leaseEpoch: claimed.leaseEpoch, keep: 3 };
    const jobRowLocked = () =>
      db
        .query(`SELECT 1 FROM "Job" WHERE id = $1 FOR UPDATE NOWAIT`, [jobId])
        .then(() => false)
        .catch((error: Error) => /could not obtain lock/.test(error.message));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const seen: boolean[] = [];
    // the checkpoint is written, then the writer stalls before COMMIT (as a SIGSTOP would)
    const commit = s.commitWith(async (sql) => {
      await writeCheckpointIn(
        sql,
        writer,
        { epoch: 1, positions: {}, state: null, version: 1 },
        performance.now(),
      );
      await sleep(1000);
      seen.push(await jobRowLocked());
      await sleep(5000);
      seen.push(await jobRowLocked());
    });
    await expect(commit).rejects.toThrow(
      `cannot commit the output and checkpoint to '${s.uri}': Client has encountered a connection error and is not queryable (the output since the last checkpoint is rolled back)`,
    );
    // locked while the writer could still commit, free once the server ended its session
    expect(seen).toEqual([true, false]);
    expect(await prisma.checkpoint.count({ where: { jobId } })).toBe(0);
    expect((await db.query(`SELECT count(*)::int AS n FROM ${out}`)).rows).toEqual([{ n: 0 }]);
  }, 30_000);
});
