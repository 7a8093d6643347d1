/**
 * A PostgreSQL sink holding its transactions (exactly-once in the worker): batches become visible
 * only when commitWith() commits them together with the caller's own writes; closing the sink,
 * a failing caller or a lost connection rolls them back.
 */
import type { EngineRecord } from '@velo/engine';
import { afterAll, describe, expect, it } from 'vitest';
import type { PostgresSink } from './sink.ts';
import { createSink, databaseUrl, sql, uniqueName } from './test-support.ts';

const tables: string[] = [];
afterAll(async () => {
  for (const t of tables) await sql(`DROP TABLE IF EXISTS ${t}`);
});

const rows = (from: number, to: number): EngineRecord[] =>
  Array.from({ length: to - from }, (_, i) => ({ fields: { id: BigInt(from + i) }, eventTime: 0 }));

async function setup(): Promise<{ out: string; marks: string; sink: PostgresSink }> {
  const out = uniqueName('pgheld');
  const marks = uniqueName('pgmarks');
  tables.push(out, marks);
  await sql(`CREATE TABLE ${out} (id bigint)`);
  await sql(`CREATE TABLE ${marks} (n int)`);
  const sink = (await createSink(`${databaseUrl()}?table=${out}`)) as PostgresSink;
  sink.holdTransactions();
  return { out, marks, sink };
}

const ids = async (table: string) =>
  (await sql(`SELECT id::int AS id FROM ${table} ORDER BY id`)).rows.map((r) => r.id as number);

describe('PostgreSQL sink holding its transactions', () => {
  it('makes batches visible only with the commit, together with the caller’s writes', async () => {
    const { out, marks, sink } = await setup();
    try {
      await sink.writeBatch(['id'], rows(0, 3));
      await sink.writeBatch(['id'], rows(3, 5));
      expect(await ids(out)).toEqual([]);
      const answer = await sink.commitWith(async (run) => {
        await run(`INSERT INTO ${marks} (n) VALUES ($1)`, [1]);
        return run(`SELECT count(*) AS n FROM ${out}`, []);
      });
      // the caller's query saw the open transaction's rows (as text: the sink reads text)
      expect(answer).toEqual([{ n: '5' }]);
      expect(await ids(out)).toEqual([0, 1, 2, 3, 4]);
      expect((await sql(`SELECT n FROM ${marks}`)).rows).toEqual([{ n: 1 }]);
      // a commit with no batch before it still commits the caller's write
      await sink.commitWith((run) => run(`INSERT INTO ${marks} (n) VALUES (2)`, []));
      expect((await sql(`SELECT count(*)::int AS n FROM ${marks}`)).rows).toEqual([{ n: 2 }]);
      // written after the last commit, then closed: rolled back
      await sink.writeBatch(['id'], rows(5, 8));
    } finally {
      await sink.close();
    }
    expect(await ids(out)).toEqual([0, 1, 2, 3, 4]);
  });

  it('rolls everything back when the caller fails, and throws the caller’s error as it is', async () => {
    const { out, marks, sink } = await setup();
    class Refused extends Error {}
    const refused = new Refused('lease lost; checkpoint refused');
    try {
      await sink.writeBatch(['id'], rows(0, 4));
      await expect(
        sink.commitWith(async (run) => {
          await run(`INSERT INTO ${marks} (n) VALUES (1)`, []);
          throw refused;
        }),
      ).rejects.toBe(refused);
      // the held output is gone: the sink refuses to go on as if nothing happened
      await expect(sink.writeBatch(['id'], rows(4, 5))).rejects.toBe(refused);
    } finally {
      await sink.close();
    }
    expect(await ids(out)).toEqual([]);
    expect((await sql(`SELECT count(*)::int AS n FROM ${marks}`)).rows).toEqual([{ n: 0 }]);
  });

  it('fails the write, without retrying, when the connection is lost mid-transaction', async () => {
    const { out, sink } = await setup();
    try {
      await sink.writeBatch(['id'], rows(0, 2));
      await sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`,
        [`velo sink ${out}`],
      );
      await expect(sink.writeBatch(['id'], rows(2, 3))).rejects.toThrow(
        /^cannot write to '.*': .* \(the output since the last checkpoint is rolled back\)$/,
      );
    } finally {
      await sink.close();
    }
    expect(await ids(out)).toEqual([]);
  });

  it('tells which server and database it writes to', async () => {
    const { sink } = await setup();
    try {
      const identity = await sink.serverIdentity();
      const [own] = (
        await sql(
          `SELECT system_identifier::text AS id, current_database() AS db, current_user AS "user"
             FROM pg_control_system()`,
        )
      ).rows;
      expect(identity).toEqual({
        systemIdentifier: own.id,
        database: own.db,
        schema: 'public',
        user: own.user,
      });
    } finally {
      await sink.close();
    }
  });
});
