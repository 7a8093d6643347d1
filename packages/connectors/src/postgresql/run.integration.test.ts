/**
 * SQL from a PostgreSQL source to a PostgreSQL sink through the runtime's run loop (the path the
 * CLI and the worker take), with exact decimals, and a following run resumed from a checkpoint.
 */
import { compile, type Schema } from '@velo/engine';
import { type Checkpoint, runProgram, type Source } from '@velo/runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSink,
  createSource,
  databaseUrl,
  dropSlot,
  sql,
  uniqueName,
} from './test-support.ts';

const input = uniqueName('pgrun_in');
const output = uniqueName('pgrun_out');
const changes = uniqueName('pgrun_changes');
const slot = uniqueName('velo_test_slot');

beforeAll(async () => {
  await sql(`CREATE TABLE ${input} (id bigint PRIMARY KEY, customer int, amount numeric(14,2))`);
  await sql(
    `INSERT INTO ${input} VALUES (1, 10, 123456789012.34), (2, 20, 0.10), (3, 10, 0.01),
       (4, 30, 2.00), (5, 20, 0.20)`,
  );
});

afterAll(async () => {
  await sql(`DROP TABLE IF EXISTS ${input}`);
  await sql(`DROP TABLE IF EXISTS ${output}`);
  await sql(`DROP TABLE IF EXISTS ${changes}`);
  await dropSlot(slot);
  await sql(`DROP PUBLICATION IF EXISTS ${slot}`);
});

/** Compiles with each source's columns taken from a first read (as the CLI infers them). */
async function run(sqlText: string, restore?: Checkpoint, during?: () => Promise<void>) {
  const parsed = compile(sqlText);
  if (!parsed.program) throw new Error(parsed.diagnostics.map((d) => d.message).join('\n'));
  const sources: Record<string, Source> = {};
  for (const ref of parsed.program.sources) {
    sources[ref.id] = await createSource(ref.uri as string, {
      resumeFrom: restore?.positions[ref.id],
    });
  }
  const schemas: Record<string, Schema> = {};
  for (const ref of parsed.program.sources) {
    schemas[ref.id] = {
      columns: [
        { name: 'id', type: 'INTEGER' },
        { name: 'customer', type: 'INTEGER' },
        { name: 'amount', type: 'DECIMAL', scale: 2 },
        { name: '_op', type: 'STRING' },
      ],
    };
  }
  const compiled = compile(sqlText, { schemas });
  if (!compiled.ok || !compiled.program) {
    throw new Error(compiled.diagnostics.map((d) => d.message).join('\n'));
  }
  const sinks: Record<string, Awaited<ReturnType<typeof createSink>>> = {};
  for (const s of compiled.program.sinks) {
    if (s.into) sinks[s.into] = await createSink(s.into);
  }
  const checkpoints: Checkpoint[] = [];
  try {
    const running = runProgram({
      program: compiled.program,
      sources,
      sinks,
      restore,
      batchSize: 2,
      limits: { maxMs: 3_000 },
      checkpoint: { intervalMs: 200, onCheckpoint: (c) => void checkpoints.push(c) },
    });
    await during?.();
    const summary = await running;
    return { summary, checkpoints };
  } finally {
    for (const source of Object.values(sources)) await source.close();
    for (const sink of Object.values(sinks)) await sink.close();
  }
}

async function totals(): Promise<string[]> {
  const result = await sql(`SELECT customer, total::text, n FROM ${output} ORDER BY customer`);
  return result.rows.map((r) => `${r.customer} ${r.total} ${r.n}`);
}

describe('PostgreSQL → SQL → PostgreSQL through the run loop', () => {
  it('aggregates a bounded table read into an upserted table, exactly', async () => {
    const statement = `CREATE STREAM totals AS
      SELECT customer, SUM(amount) AS total, COUNT(*) AS n
      FROM '${databaseUrl()}?table=${input}' GROUP BY customer EMIT FINAL
      INTO '${databaseUrl()}?table=${output}&mode=upsert&key=customer&create=true'`;
    const { summary } = await run(statement);
    expect(summary.reason).toBe('end');
    expect(await totals()).toEqual(['10 123456789012.35 2', '20 0.30 2', '30 2.00 1']);
  });

  it('follows new rows with a running aggregate and resumes from a checkpoint without double counting', async () => {
    const statement = `CREATE STREAM totals AS
      SELECT customer, SUM(amount) AS total, COUNT(*) AS n
      FROM '${databaseUrl()}?table=${input}&cursor.column=id&poll.interval.ms=20' GROUP BY customer
      INTO '${databaseUrl()}?table=${output}&mode=upsert&key=customer'`;
    const first = await run(statement);
    expect(first.summary.reason).toBe('timeout');
    expect(await totals()).toEqual(['10 123456789012.35 2', '20 0.30 2', '30 2.00 1']);
    const checkpoint = first.summary.checkpoint ?? first.checkpoints.at(-1);
    expect(checkpoint).toBeDefined();

    await sql(`INSERT INTO ${input} VALUES (6, 30, 0.05), (7, 40, 9.99)`);
    const second = await run(statement, checkpoint);
    expect(second.summary.reason).toBe('timeout');
    expect(await totals()).toEqual(['10 123456789012.35 2', '20 0.30 2', '30 2.05 2', '40 9.99 1']);
  });

  it('streams CDC changes through SQL into a table and advances the slot only at checkpoints', async () => {
    const statement = `CREATE STREAM big AS
      SELECT id, amount * 2 AS doubled, _op FROM '${databaseUrl()}?table=${input}&cdc=true&slot=${slot}&publication=${slot}&poll.interval.ms=20'
      WHERE amount > 1.00
      INTO '${databaseUrl()}?table=${changes}&create=true'`;
    const { summary } = await run(statement, undefined, async () => {
      await new Promise((resolve) => setTimeout(resolve, 500));
      await sql(`INSERT INTO ${input} VALUES (8, 10, 500.50), (9, 10, 0.50)`);
      await sql(`UPDATE ${input} SET amount = 600.00 WHERE id = 8`);
      await sql(`DELETE FROM ${input} WHERE id = 4`);
    });
    expect(summary.reason).toBe('timeout');
    const result = await sql(`SELECT id, doubled::text, _op FROM ${changes} ORDER BY ctid`);
    // The snapshot (rows 1-7 above 1.00), then the changes; the delete carries the key only,
    // so its amount is NULL and the WHERE drops it.
    expect(result.rows.map((r) => `${r.id} ${r.doubled} ${r._op}`)).toEqual([
      '1 246913578024.68 insert',
      '4 4.00 insert',
      '7 19.98 insert',
      '8 1001.00 insert',
      '8 1200.00 update',
    ]);
    const checkpoint = summary.checkpoint;
    const position = Object.values(checkpoint?.positions ?? {})[0] as { lsn: string };
    const confirmed = await sql(
      'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
      [slot],
    );
    expect(confirmed.rows[0].lsn).toBe(position.lsn);
  });
});
